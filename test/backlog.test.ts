// A subscriber whose client does not read (a stuck phone, a hostile client) must not make the hub
// hold its events without bound: past SUBSCRIPTION_BACKLOG waiting events its connection closes
// with 1013, its group-mates keep receiving everything, and it resumes after its last cursor
// with nothing lost. Nor may many subscriptions of one token add up: past SUBSCRIPTION_BACKLOG_MB
// of events waiting for all of them together, they are let go the same way.
import { RawWs } from './support/adversarial';
import { principalKey, type Viewer } from '../src/auth/viewer';
import { basics, ticket as createTicket } from './support/fixtures';
import { collect, position, Role, startTestHub, waitUntil, type TestHub } from './support/harness';

const BACKLOG = 100;
const METRICS = 'metrics-token-for-the-backlog-test';
const EVENTS = 1000;
const SUB = `subscription($after: String) { ticketEvents(after: $after) { cursor type ticket { id description } } }`;

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ env: { SUBSCRIPTION_BACKLOG: String(BACKLOG), METRICS_TOKEN: METRICS } });
});
afterAll(async () => {
  await t?.stop();
});

test('a client that stops reading is cut off at the backlog (1013); others get every event; it resumes after its last cursor with nothing lost', async () => {
  // 50 KB a message: the sockets' buffers fill after a few hundred events
  const { ticket, updated } = await largeTicket(t, 50_000);
  const admin = t.token(Role.ADMIN);
  const start = (await t.gql(admin, '{ eventCursor }')).data.eventCursor as string;

  // a client written by hand, so that it can stop reading its socket
  const slow = await RawWs.open(t.wsUrl, admin);
  slow.start('1', SUB);
  const reader = collect(t.ws(admin), SUB, {});
  await waitUntil('both subscribers listen', () => t.hub.server.fanout.stats.members === 2);
  slow.pause(); // the client stops reading; the server's writes back up

  await updated(EVENTS);

  // the reading subscriber gets every event, in order, while the other one is stuck
  const got = await reader.waitFor(EVENTS, 60000);
  expect(got.map((e) => e.ticketEvents.ticket.id).every((id: string) => id === ticket.id)).toBe(true);
  // the stuck one was let go: the hub holds nothing more for it
  await waitUntil('the stuck subscriber is let go', () => t.hub.server.fanout.stats.members === 1);
  expect((await fetch(t.url.replace(/graphql$/, 'healthz'))).status).toBe(200);
  const metrics = await (await fetch(t.url.replace(/graphql$/, 'metrics'), { headers: { authorization: `Bearer ${METRICS}` } })).text();
  expect(metrics).toMatch(/^servicegraph_subscribers_behind_total 1$/m);

  // reading again, the client finds what was already on its way, then the close frame
  slow.resume();
  const closed = await slow.closed;
  expect(closed.code).toBe(1013);
  expect(closed.reason).toMatch(new RegExp(`^SLOW_CONSUMER: more than ${BACKLOG} events waiting`));
  const delivered = (slow.inbox.get('1') ?? []).filter((m) => m.type === 'next').map((m) => m.payload.data.ticketEvents.cursor as string);
  expect(delivered.length).toBeGreaterThan(0);
  expect(delivered.length).toBeLessThan(EVENTS);

  // it resumes after its last cursor: the log replays exactly the rest
  const last = delivered[delivered.length - 1];
  const resumed = collect(t.ws(admin), SUB, { after: last });
  const rest = await resumed.waitFor(EVENTS - delivered.length, 60000);
  const all = [...delivered, ...rest.map((e) => e.ticketEvents.cursor as string)].map(position);
  expect(all).toEqual(got.map((e) => position(e.ticketEvents.cursor)));
  expect(Number(all[0].split(':')[1])).toBe(Number(start.split(':')[1]) + 1);
}, 120000);

test("one token's many subscriptions of large events add up to SUBSCRIPTION_BACKLOG_MB: past it they are let go (1013), though each one alone holds less, and another token's reader gets everything", async () => {
  const h = await startTestHub({ env: { SUBSCRIPTION_BACKLOG_MB: '1' } });
  try {
    // 100 KB a message, 9 events: 0.9 MB waiting at most for any one subscription, under the 1 MB
    const { updated } = await largeTicket(h, 100_000);
    const SUBS = 40;
    const PER_SUB = 9;
    const admin = h.token(Role.ADMIN);
    const slow = await RawWs.open(h.wsUrl, admin);
    // 40 different documents: 40 groups, so no two share a result
    for (let i = 0; i < SUBS; i++) slow.start(String(i), `subscription { s${i}: ticketEvents { cursor type ticket { id description } } }`);
    const reader = collect(h.ws(h.token(Role.MANAGER)), SUB, {});
    await waitUntil('every subscriber listens', () => h.hub.server.fanout.stats.members === SUBS + 1);
    slow.pause();

    await updated(PER_SUB);

    const got = await reader.waitFor(PER_SUB, 60000);
    expect(got).toHaveLength(PER_SUB);
    // subscriptions of the admin were let go as their results stopped fitting: what waits for the
    // admin stays within the megabyte (the rest went out to the socket's buffers)
    await waitUntil('a subscription is let go', () => h.hub.server.fanout.behind > 0);
    expect(h.hub.server.fanout.waitingBytes(principalOf(admin))).toBeLessThanOrEqual(1048576);
    // the connection is closing: reading again, the client gets the close frame, and nothing waits any more
    slow.resume();
    const closed = await slow.closed;
    expect(closed.code).toBe(1013);
    expect(closed.reason).toMatch(/^SLOW_CONSUMER: more than 1 MB of events waiting for this token; reconnect/);
    await waitUntil("the admin's subscriptions are gone", () => h.hub.server.fanout.stats.members === 1);
    expect(h.hub.server.fanout.waitingBytes(principalOf(admin))).toBe(0);
  } finally {
    await h.stop();
  }
}, 120000);

/** A ticket whose description is `bytes` long, and a way to log `n` UPDATED events of it at once. */
async function largeTicket(hub: TestHub, bytes: number) {
  const b = await basics(hub);
  const ticket = await createTicket(hub, b.agentToken, b.customerIds[0]);
  const uuid = Buffer.from(ticket.id, 'base64url').toString('utf8').split(':')[1];
  await hub.hub.app.db.query(`UPDATE ticket SET description = repeat('x', $2::int) WHERE id = $1`, [uuid, bytes]);
  const updated = async (n: number) => {
    await hub.hub.app.db.query(
      `INSERT INTO event_log (topic, type, entity_id, customer_id, data)
       SELECT 'ticket', 'UPDATED', id, customer_id, '{}' FROM ticket, generate_series(1, $2::int) WHERE id = $1`,
      [uuid, n],
    );
    hub.hub.app.bus.poke();
  };
  return { ticket, updated };
}

/** The principal a token acts as (what the hub counts waiting bytes per). */
function principalOf(token: string): string {
  return principalKey(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Viewer);
}
