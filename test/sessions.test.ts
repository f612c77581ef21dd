// Issue 10 item 8: tokens must expire, and live subscriptions end with them.
import jwt from 'jsonwebtoken';
import WebSocket from 'ws';
import { ViewerDocument } from './generated/operations';
import { customer, ticket } from './support/fixtures';
import { collectLive, Role, SECRET, startTestHub, type TestHub } from './support/harness';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
});
afterAll(async () => {
  await t?.stop();
});

const now = () => Math.floor(Date.now() / 1000);
const sign = (claims: Record<string, unknown>, opts: jwt.SignOptions = {}, secret = SECRET) =>
  jwt.sign({ role: 'ADMIN', ...claims }, secret, { subject: 'session-test', ...opts });

/** Opens a raw graphql-transport-ws connection; resolves with 'ack' or with how the server closed it. */
function connect(url: string, token: string | null): Promise<'ack' | { code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'graphql-transport-ws');
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('the server neither acknowledged nor closed the connection within 5 s'));
    }, 5000);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: token === null ? {} : { authorization: `Bearer ${token}` } })));
    ws.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') {
        clearTimeout(timer);
        ws.close(1000);
        resolve('ack');
      }
    });
    ws.on('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: String(reason) });
    });
    ws.on('error', reject);
  });
}

async function refusedEverywhere(hub: TestHub, token: string, message: RegExp) {
  const r = await hub.gql(token, ViewerDocument);
  expect(r.status).toBe(401);
  expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect(r.errors?.[0].message).toMatch(message);
  const closed = await connect(hub.wsUrl, token);
  expect(closed).toMatchObject({ code: 4403, reason: expect.stringMatching(/^UNAUTHENTICATED/) });
}

test('tokens without exp or iat, issued in the future, or living longer than the maximum are refused over HTTP and WebSocket', async () => {
  await refusedEverywhere(t, sign({}), /no expiry/); // jsonwebtoken adds iat, not exp
  await refusedEverywhere(t, sign({ exp: now() + 3600 }, { noTimestamp: true }), /no issue time/);
  await refusedEverywhere(t, sign({ iat: now() + 3600, exp: now() + 7200 }), /issued in the future/);
  await refusedEverywhere(t, sign({}, { expiresIn: '721h' }), /maximum of 720 hours/); // the default maximum
  // what the token CLI and the harness issue (30 days) is within it
  expect(await connect(t.wsUrl, sign({}, { expiresIn: '720h' }))).toBe('ack');
  expect((await t.gql(t.token(Role.ANALYST), ViewerDocument)).data?.viewer.role).toBe('ANALYST');
});

test('the maximum token lifetime is configurable (TOKEN_MAX_LIFETIME_HOURS)', async () => {
  const short = await startTestHub({ databaseUrl: t.databaseUrl, env: { TOKEN_MAX_LIFETIME_HOURS: '1' } });
  try {
    await refusedEverywhere(short, sign({}, { expiresIn: '2h' }), /maximum of 1 hours/);
    expect((await short.gql(sign({}, { expiresIn: '1h' }), ViewerDocument)).data?.viewer.role).toBe('ADMIN');
    expect(await connect(short.wsUrl, sign({}, { expiresIn: '1h' }))).toBe('ack');
  } finally {
    await short.stop();
  }
});

test('a socket without a valid token in connection_init is closed with 4403, not kept open', async () => {
  for (const token of [null, 'garbage', sign({ exp: now() + 60 }, {}, 'another-secret'), sign({ exp: now() - 120 })]) {
    expect(await connect(t.wsUrl, token)).toMatchObject({ code: 4403, reason: expect.stringMatching(/^UNAUTHENTICATED/) });
  }
});

test('at the token expiry every subscription of the connection ends with UNAUTHENTICATED and the socket closes with 4403', async () => {
  // the newest event, which both subscriptions replay first: then they are set up (collectLive)
  const admin = t.token(Role.ADMIN);
  const complaint = await ticket(t, admin, await customer(t, admin), { kind: 'COMPLAINT' });
  // expired 28 s ago: still inside the 30 s clock-skew allowance, so it lapses 2 s from now
  const exp = now() - 28;
  const lapses = (exp + 30) * 1000;
  const token = sign({ iat: exp - 60, exp });
  const client = t.ws(token);
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    client.on('closed', (e) => resolve({ code: (e as { code: number }).code, reason: (e as { reason: string }).reason, at: Date.now() })),
  );
  const [a, b] = await Promise.all([
    collectLive(t, client, 'subscription($after: String) { complaintUpdates(after: $after) { cursor } }', {}, complaint.id),
    collectLive(t, client, 'subscription($after: String) { ticketEvents(after: $after) { cursor } }', {}, complaint.id),
  ]);
  const ended = await Promise.all([a, b].map((s) => s.waitFor(1, 10000).then(() => null, (err: Error) => ({ err, at: Date.now() }))));
  for (const e of ended) {
    expect(e?.err.message).toMatch(/UNAUTHENTICATED/);
    expect(e!.at).toBeGreaterThanOrEqual(lapses - 1000); // not before the token lapsed
  }
  const c = await closed;
  expect(c.code).toBe(4403);
  expect(c.reason).toMatch(/^UNAUTHENTICATED: the token has expired/);
  expect(c.at - lapses).toBeLessThan(5000);
  // a new token on a new connection subscribes again
  const renewed = await collectLive(t, t.ws(admin), 'subscription($after: String) { complaintUpdates(after: $after) { cursor } }', {}, complaint.id);
  renewed.unsubscribe();
});
