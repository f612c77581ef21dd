import { basics, type Basics } from './support/fixtures';
import { collect, Role, startTestHub, type TestHub } from './support/harness';

let t: TestHub;
let b: Basics;
beforeAll(async () => {
  t = await startTestHub({ env: { RATE_LIMIT_BURST: '100000', SUBSCRIPTIONS_PER_CONNECTION: '2', SUBSCRIPTIONS_PER_TOKEN: '3' } });
  b = await basics(t);
});
afterAll(async () => {
  await t?.stop();
});

const refused = (r: { status: number; errors?: { extensions?: { code?: string }; message: string }[]; data?: unknown }, code = 'QUERY_TOO_COMPLEX') => {
  expect(r.status).toBe(400);
  expect(r.errors?.[0].extensions?.code).toBe(code);
  expect(r.data ?? null).toBeNull();
};

test('a query nested deeper than the limit is refused before execution', async () => {
  let q = 'id';
  for (let i = 0; i < 8; i++) q = `customer { tickets(first: 1) { nodes { ${q} } } }`;
  const before = t.hub.app.stats.queries;
  const r = await t.gql(b.agentToken, `{ tickets(first: 1) { nodes { ${q} } } }`);
  refused(r);
  expect(r.errors?.[0].message).toMatch(/deeper than 12/);
  expect(t.hub.app.stats.queries - before).toBeLessThanOrEqual(1); // at most the bus's own poll
});

test('too many aliases are refused', async () => {
  const fields = Array.from({ length: 41 }, (_, i) => `a${i}: viewer { role }`).join(' ');
  const r = await t.gql(b.agentToken, `{ ${fields} }`);
  refused(r);
  expect(r.errors?.[0].message).toMatch(/41 aliases/);
});

test('the cost counts page sizes, also from variables', async () => {
  const q = `query($n: Int) { tickets(first: $n) { nodes { id customer { tickets(first: $n) { nodes { id subject interactions(first: $n) { nodes { id } } } } } } } }`;
  refused(await t.gql(b.agentToken, q, { n: 100 }));
  const small = await t.gql(b.agentToken, q, { n: 5 });
  expect(small.errors).toBeUndefined();
});

test('an oversized document is refused by the parser', async () => {
  const fields = Array.from({ length: 5000 }, () => 'role').join(' ');
  const r = await t.gql(b.agentToken, `{ viewer { ${fields} } }`);
  expect(r.status).toBe(400);
  expect(r.errors?.[0].message).toMatch(/more th.. 4000 tokens/);
});

test('subscriptions over the limit are refused per connection and per token', async () => {
  const c1 = t.ws(b.agentToken);
  const q = 'subscription { complaintUpdates { cursor } }';
  const s1 = collect(c1, q);
  const s2 = collect(c1, q);
  const s3 = collect(c1, q);
  await expect(s3.waitFor(1)).rejects.toThrow(/per connection/);
  const c2 = t.ws(b.agentToken);
  const s4 = collect(c2, q);
  const s5 = collect(c2, q);
  await expect(s5.waitFor(1, 5000)).rejects.toThrow(/per token/);
  // a finished subscription frees its place
  s1.unsubscribe();
  await new Promise((r) => setTimeout(r, 200));
  const s6 = collect(c2, q);
  await s6.settle(300);
  expect(s6.errors).toEqual([]);
  for (const s of [s2, s4, s6]) s.unsubscribe();
});

test('a caller over its rate gets RATE_LIMITED with a retry hint; others are not affected', async () => {
  const limited = await startTestHub({ databaseUrl: t.databaseUrl, env: { RATE_LIMIT_BURST: '5', RATE_LIMIT_PER_MINUTE: '60' } });
  try {
    const tok = limited.token(Role.ANALYST, { sub: 'busy-analyst' });
    const results = await Promise.all(Array.from({ length: 8 }, () => limited.gql(tok, '{ viewer { role } }')));
    const ok = results.filter((r) => !r.errors);
    const denied = results.filter((r) => r.errors?.[0].extensions?.code === 'RATE_LIMITED');
    expect(ok).toHaveLength(5);
    expect(denied).toHaveLength(3);
    expect(denied[0].status).toBe(429);
    expect((denied[0].errors![0].extensions as Record<string, unknown>).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    const res = await fetch(limited.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    const other = await limited.gql(limited.token(Role.ANALYST, { sub: 'calm-analyst' }), '{ viewer { role } }');
    expect(other.errors).toBeUndefined();
  } finally {
    await limited.stop();
  }
});
