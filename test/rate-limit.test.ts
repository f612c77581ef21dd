// Issue 10 item 10 (limits shared by every instance, keyed by principal), the memory bound of
// item 3 and "requests that fail validation count" of item 5.
import crypto from 'node:crypto';
import type { Client } from 'graphql-ws';
import { Client as PgClient } from 'pg';
import { principalKey, verifyAuthorization } from '../src/auth/viewer';
import { loadConfig } from '../src/config';
import { collect, Role, SECRET, startTestHub, waitUntil, type TestHub } from './support/harness';

// a 300 s window (5 requests, refilled at 1 a minute): nothing refills while a test runs
const RATE = { RATE_LIMIT_BURST: '5', RATE_LIMIT_PER_MINUTE: '1' };
const CAPS = { SUBSCRIPTIONS_PER_TOKEN: '3', SUBSCRIPTION_BYTES_PER_TOKEN: '100000' };

let a: TestHub;
let b: TestHub;
let db: PgClient;
beforeAll(async () => {
  a = await startTestHub({ env: { ...RATE, ...CAPS } });
  b = await startTestHub({ databaseUrl: a.databaseUrl, env: { ...RATE, ...CAPS } });
  db = new PgClient({ connectionString: a.databaseUrl });
  db.on('error', () => undefined);
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await b?.stop();
  await a?.stop();
});

const VIEWER = '{ viewer { role } }';
const uuid = () => crypto.randomUUID();

async function post(hub: TestHub, token: string | null, body: string) {
  const res = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { errors?: { extensions?: Record<string, unknown> }[] } };
}
const query = (hub: TestHub, token: string | null, q = VIEWER) => post(hub, token, JSON.stringify({ query: q }));
const limited = (r: { status: number; retryAfter: string | null; body: { errors?: { extensions?: Record<string, unknown> }[] } }) =>
  r.status === 429 && r.body.errors?.[0].extensions?.code === 'RATE_LIMITED';

describe('request rate', () => {
  test('is shared by every instance on the database, with retryAfterSeconds and Retry-After', async () => {
    const tok = a.token(Role.ANALYST, { sub: 'shared-analyst' });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await query(a, tok));
    for (let i = 0; i < 5; i++) results.push(await query(b, tok));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const denied = results[5];
    expect(limited(denied)).toBe(true);
    expect(denied.body.errors![0].extensions!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(denied.retryAfter).toBe(String(denied.body.errors![0].extensions!.retryAfterSeconds));
    // on the first instance too
    expect(limited(await query(a, tok))).toBe(true);
  });

  test('is keyed by principal: tokens sharing a subject but not a customer (or role) do not lock each other out', async () => {
    const [c1, c2] = [uuid(), uuid()];
    const first = a.token(Role.CUSTOMER, { customerId: c1, sub: 'same-subject' });
    for (let i = 0; i < 5; i++) expect((await query(a, first)).status).toBe(200);
    expect(limited(await query(b, first))).toBe(true);
    const second = a.token(Role.CUSTOMER, { customerId: c2, sub: 'same-subject' });
    expect((await query(b, second)).status).toBe(200);
    expect((await query(a, a.token(Role.ANALYST, { sub: 'same-subject' }))).status).toBe(200);
  });

  test('requests that fail parsing or validation, or carry a malformed body, count too', async () => {
    const tok = a.token(Role.ANALYST, { sub: 'sloppy-analyst' });
    expect((await query(a, tok, '{ viewer {')).status).toBe(400); // parse error
    expect((await query(a, tok, '{ nope }')).status).toBe(400); // validation error
    expect((await query(b, tok, '{ viewer { role role role nope } }')).status).toBe(400);
    expect((await post(b, tok, '{"query": ')).status).toBe(400); // malformed JSON
    expect((await query(a, tok)).status).toBe(200);
    const sixth = await query(b, tok, '{ nope }');
    expect(limited(sixth)).toBe(true);
    expect(limited(await query(a, tok))).toBe(true);
  });

  test('without a valid token, requests are limited per client IP; tokens keep their own limits', async () => {
    const bad = ['not-a-jwt', null, a.token(Role.ADMIN).slice(0, -3) + 'xyz'];
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await query(i % 2 ? a : b, bad[i % 3])).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await query(a, a.token(Role.ANALYST, { sub: 'calm-analyst' }))).status).toBe(200);
  });

  test('WebSocket subscribes take from the same limit, before the document is parsed', async () => {
    const tok = a.token(Role.ADMIN, { sub: 'ws-admin' });
    expect((await query(a, tok)).status).toBe(200);
    expect((await query(b, tok)).status).toBe(200);
    const c = a.ws(tok);
    for (let i = 0; i < 3; i++) {
      await expect(collect(c, 'subscription { complaintUpdates {').waitFor(1)).rejects.toThrow(/Syntax Error/);
    }
    const refused = collect(b.ws(tok), 'subscription { complaintUpdates { cursor } }');
    await expect(refused.waitFor(1)).rejects.toThrow(/RATE_LIMITED.*retryAfterSeconds|retryAfterSeconds.*RATE_LIMITED/);
    expect(limited(await query(a, tok))).toBe(true);
  });

  test('when the store does not answer, an in-memory limiter with the same settings takes over', async () => {
    await db.query('ALTER TABLE rate_limit RENAME TO rate_limit_away');
    try {
      const tok = a.token(Role.ANALYST, { sub: 'insured-analyst' });
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await query(a, tok)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      // decided in memory: nothing reached the (renamed) table
      expect((await db.query(`SELECT 1 FROM rate_limit_away WHERE key LIKE '%insured-analyst'`)).rowCount).toBe(0);
    } finally {
      await db.query('ALTER TABLE rate_limit_away RENAME TO rate_limit');
    }
  });
});

describe('request rate with large bursts (taken from the store in chunks of a twentieth)', () => {
  // 400 requests a window of 6,000 s, taken 20 at a time
  let c: TestHub;
  beforeAll(async () => {
    c = await startTestHub({ databaseUrl: a.databaseUrl, env: { RATE_LIMIT_BURST: '400', RATE_LIMIT_PER_MINUTE: '4' } });
  });
  afterAll(async () => {
    await c?.stop();
  });

  test('parallel requests of one principal share chunks: exactly the burst passes, then 429', async () => {
    const tok = c.token(Role.AGENT, { agentId: uuid(), sub: 'parallel-agent' });
    const first = await Promise.all(Array.from({ length: 100 }, () => query(c, tok)));
    expect(first.filter((r) => r.status !== 200).map((r) => r.body.errors)).toEqual([]);
    const rest = await Promise.all(Array.from({ length: 300 }, () => query(c, tok)));
    expect(rest.filter((r) => r.status !== 200).map((r) => r.body.errors)).toEqual([]);
    const over = await Promise.all(Array.from({ length: 5 }, () => query(c, tok)));
    expect(over.every(limited)).toBe(true);
    // in the store: the 20 chunks of 20 granted and the one refused (later refusals are decided in
    // memory); a chunk per request would have written 2,000 points for the first 100
    const { rows } = await db.query(`SELECT points FROM rate_limit WHERE key LIKE '%parallel-agent%'`);
    expect(rows.map((r) => r.points)).toEqual([420]);
  });
});

describe('the client behind a proxy (TRUST_PROXY)', () => {
  // a database of their own: the per-IP rows of the tests above stay out of it
  let open: TestHub;
  let trusting: TestHub;
  beforeAll(async () => {
    const env = { RATE_LIMIT_BURST: '2', RATE_LIMIT_PER_MINUTE: '1' };
    open = await startTestHub({ env });
    trusting = await startTestHub({ databaseUrl: open.databaseUrl, env: { ...env, TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => {
    await trusting?.stop();
    await open?.stop();
  });
  const anonymous = async (hub: TestHub, forwardedFor: string) =>
    (await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ query: VIEWER }) })).status;

  test('untrusted, X-Forwarded-For is ignored: a client cannot buy itself new buckets', async () => {
    expect([await anonymous(open, '198.51.100.1'), await anonymous(open, '198.51.100.2'), await anonymous(open, '198.51.100.3')]).toEqual([401, 401, 429]);
  });

  test('trusted (loopback proxy), each forwarded client has its own bucket', async () => {
    expect([await anonymous(trusting, '203.0.113.1'), await anonymous(trusting, '203.0.113.1'), await anonymous(trusting, '203.0.113.1')]).toEqual([401, 401, 429]);
    expect(await anonymous(trusting, '203.0.113.2')).toBe(401);
    // the proxy is trusted, not the client's own claims before it
    expect(await anonymous(trusting, '203.0.113.1, 203.0.113.9')).toBe(401);
  });

  test('a malformed TRUST_PROXY stops the start with a message', () => {
    for (const bad of ['yes', '10.0.0.0/33', 'loopback,proxy.example', '1.2.3.4/8/1', '101']) {
      expect(() => loadConfig({ TRUST_PROXY: bad, AUTH_SECRET: SECRET })).toThrow(/TRUST_PROXY/);
    }
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, loopback', AUTH_SECRET: SECRET }).trustProxy).toEqual(['10.0.0.0/8', 'loopback']);
    expect(loadConfig({ TRUST_PROXY: '2', AUTH_SECRET: SECRET }).trustProxy).toBe(2);
  });
});

describe('live subscriptions', () => {
  // caps are per principal over all instances; the rate limit is not what is tested here
  let ca: TestHub;
  let cb: TestHub;
  beforeAll(async () => {
    ca = await startTestHub({ databaseUrl: a.databaseUrl, env: CAPS });
    cb = await startTestHub({ databaseUrl: a.databaseUrl, env: CAPS });
  });
  afterAll(async () => {
    await cb?.stop();
    await ca?.stop();
  });

  const SUB = 'subscription { ticketEvents { cursor } }';
  const live = async (principal: string) => {
    const { rows } = await db.query(
      `SELECT COALESCE(SUM(subscriptions), 0)::int AS n, COALESCE(SUM(bytes), 0)::int AS bytes FROM live_subscription WHERE principal = $1`,
      [principal],
    );
    return rows[0] as { n: number; bytes: number };
  };
  /** Waits (bounded) until the shared count of `principal` is `n`. */
  const untilLive = async (principal: string, n: number) => {
    await waitUntil(`the live count of ${principal} is ${n}`, async () => (await live(principal)).n === n, 5000, 20);
  };
  /** The principal a token's subscriptions count against (src/auth/viewer.ts). */
  const principalOf = (token: string) => principalKey(verifyAuthorization(`Bearer ${token}`, [SECRET]));
  /** Subscribes and waits (bounded) until the shared count of the token's principal shows it, or it is refused. */
  const accepted = async (client: Client, token: string, variables?: Record<string, unknown>) => {
    const principal = principalOf(token);
    const before = (await live(principal)).n;
    const s = collect(client, SUB, variables);
    await waitUntil(`the subscription of ${principal} is counted`, async () => {
      if (s.errors.length) throw new Error('refused: ' + JSON.stringify(s.errors));
      return (await live(principal)).n !== before;
    }, 5000, 20);
    return s;
  };

  test('the count cap is shared by every instance, and a finished subscription frees its place everywhere', async () => {
    const tok = ca.token(Role.AGENT, { agentId: uuid(), sub: 'capped-agent' });
    const s1 = await accepted(ca.ws(tok), tok);
    await accepted(ca.ws(tok), tok);
    await accepted(cb.ws(tok), tok);
    await expect(collect(cb.ws(tok), SUB).waitFor(1)).rejects.toThrow(/RATE_LIMITED/);
    await expect(collect(ca.ws(tok), SUB).waitFor(1)).rejects.toThrow(/at most 3 live subscriptions/i);
    s1.unsubscribe();
    const principal = (await db.query(`SELECT principal FROM live_subscription WHERE principal LIKE 'AGENT:%:capped-agent'`)).rows[0].principal;
    await untilLive(principal, 2);
    await accepted(cb.ws(tok), tok);
  });

  test('tokens sharing a subject but not a customer have their own caps', async () => {
    const [c1, c2] = [uuid(), uuid()];
    const first = ca.token(Role.CUSTOMER, { customerId: c1, sub: 'shared-sub' });
    for (let i = 0; i < 3; i++) await accepted(ca.ws(first), first);
    await expect(collect(cb.ws(first), SUB).waitFor(1)).rejects.toThrow(/RATE_LIMITED/);
    const second = ca.token(Role.CUSTOMER, { customerId: c2, sub: 'shared-sub' });
    await accepted(cb.ws(second), second);
  });

  test("a crashed instance's subscriptions stop counting once its heartbeat is stale", async () => {
    const customerId = uuid();
    const principal = `CUSTOMER:${customerId}:crash-test`;
    const tok = ca.token(Role.CUSTOMER, { customerId, sub: 'crash-test' });
    const ghost = uuid();
    await db.query(`INSERT INTO hub_instance (id, heartbeat_at) VALUES ($1, now())`, [ghost]);
    await db.query(`INSERT INTO live_subscription VALUES ($1, $2, 3, 300)`, [ghost, principal]);
    // while the other instance beats, its subscriptions count
    await expect(collect(ca.ws(tok), SUB).waitFor(1)).rejects.toThrow(/RATE_LIMITED/);
    // it stops beating (crashed 5 minutes ago): they no longer do
    await db.query(`UPDATE hub_instance SET heartbeat_at = now() - interval '5 minutes' WHERE id = $1`, [ghost]);
    await accepted(ca.ws(tok), tok);
  });

  test('the memory that one principal\'s live subscriptions hold is bounded; concurrent attempts never overshoot', async () => {
    const customerId = uuid();
    const principal = `CUSTOMER:${customerId}:big-subscriber`;
    const tok = ca.token(Role.CUSTOMER, { customerId, sub: 'big-subscriber' });
    const pad = { pad: 'x'.repeat(45_000) }; // ~45 KB of variables per subscription: 2 fit in 100,000 bytes
    // ten large subscriptions at once over both instances: two are set up, eight refused
    const clients = [ca.ws(tok), cb.ws(tok)];
    const subs = Array.from({ length: 10 }, (_, i) => collect(clients[i % 2], SUB, pad));
    // wait (bounded) until each of the ten either holds its place in the shared count or is refused
    const settled = async () => (await live(principal)).n + subs.filter((s) => s.errors.length).length;
    await waitUntil('each of the 10 subscriptions is counted or refused', async () => (await settled()) >= 10, 10000, 20);
    const refused = subs.filter((s) => s.errors.length);
    expect(refused).toHaveLength(8);
    for (const s of refused) expect(s.errors.flat()[0]).toMatchObject({ message: expect.stringMatching(/at most 100000 bytes/), extensions: { code: 'RATE_LIMITED' } });
    const held = await live(principal);
    expect(held.n).toBe(2);
    expect(held.bytes).toBeLessThanOrEqual(100_000);
    // a small one still fits (the count cap is 3)
    await accepted(cb.ws(tok), tok);
  });
});
