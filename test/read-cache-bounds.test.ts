/**
 * What a client can make the compiled read path hold: distinct requests (padded with comments or
 * undeclared variables, or renamed with new aliases) must not make the hub keep their size, nor
 * make PostgreSQL keep a prepared statement for each.
 */
import { basics } from './support/fixtures';
import { CompiledPlans } from '../src/read/plugin';
import { Role, startTestHub, type TestHub } from './support/harness';

let t: TestHub;
let token: string;
beforeAll(async () => {
  t = await startTestHub();
  const b = await basics(t);
  token = t.token(Role.AGENT, { agentId: b.agentIds[0], sub: 'cache-bounds' });
});
afterAll(async () => {
  await t?.stop();
});

const post = async (body: unknown) => {
  const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] } };
};

test('padded requests are answered, and the plan cache keeps a fixed-size digest of each, not the request', async () => {
  const pad = 'x'.repeat(200_000);
  for (let i = 0; i < 5; i++) {
    const viaVariable = await post({ query: '{ tickets(first: 5) { totalCount nodes { id subject } } }', variables: { pad, n: i } });
    expect(viaVariable.status).toBe(200);
    expect(viaVariable.body.errors).toBeUndefined();
    const viaComment = await post({ query: `# ${pad}${i}\n{ tickets(first: 5) { totalCount nodes { id subject } } }` });
    expect(viaComment.status).toBe(200);
    expect(viaComment.body.errors).toBeUndefined();
  }
  const keys = [...((CompiledPlans.of(t.hub.app) as unknown as { cache: Map<string, unknown> }).cache.keys())];
  expect(keys.length).toBeGreaterThanOrEqual(10);
  for (const k of keys) expect(k.length).toBeLessThanOrEqual(64);
});

test('new aliases make new SQL, but at most 256 distinct statements are prepared by name', async () => {
  for (let i = 0; i < 300; i++) {
    const r = await post({ query: `{ a${i}: tickets(first: 2) { nodes { id customer { name } } } }` });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(Object.keys(r.body.data!)).toEqual([`a${i}`]);
  }
  // every pooled connection (more concurrent sleepers than the pool has connections), and the
  // distinct names prepared on any of them: one per new SQL text without a bound
  const rows = await Promise.all(
    Array.from({ length: 24 }, () =>
      t.hub.app.db.query(`SELECT coalesce(array_agg(name), '{}') AS names, pg_sleep(0.2) FROM pg_prepared_statements WHERE name LIKE 'sg_read_%'`),
    ),
  );
  const names = new Set(rows.flatMap((r: { names: string[] }[]) => r[0].names));
  expect(names.size).toBeGreaterThan(0);
  expect(names.size).toBeLessThanOrEqual(256);
});
