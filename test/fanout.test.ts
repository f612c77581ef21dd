// Issue 12, fan-out: an event is executed once per (document, variables, visibility scope) and the
// one result goes to every subscriber of that group; the event's related rows are read once.
import jwt from 'jsonwebtoken';
import { RawWs } from './support/adversarial';
import type { Client } from 'graphql-ws';
import { AssignTicketDocument } from './generated/operations';
import { basics, ticket, type Basics } from './support/fixtures';
import { collect, dispatched, Role, SECRET, startTestHub, waitUntil, type TestHub } from './support/harness';

let t: TestHub;
let b: Basics;
beforeAll(async () => {
  t = await startTestHub();
  b = await basics(t);
});
afterAll(async () => {
  await t?.stop();
});

const fanout = () => t.hub.server.fanout;

const UPDATE = 'mutation($i: UpdateTicketInput!) { updateTicket(input: $i) { ticket { id } userErrors { message } } }';
async function update(id: string, subject: string) {
  const r = await t.gql(b.agentToken, UPDATE, { i: { id, subject } });
  expect(r.errors).toBeUndefined();
  expect(r.data.updateTicket.userErrors).toEqual([]);
}

/** Waits (without a timer of its own) until the fan-out's groups and members satisfy `ok`. */
async function fanoutState(ok: (s: { groups: number; members: number }) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10000;
  while (!ok(fanout().stats)) {
    if (Date.now() > deadline) throw new Error(`fan-out never reached: ${what}; now ${JSON.stringify(fanout().stats)}`);
    await new Promise((r) => setImmediate(r));
  }
}

/** Every one of the `n` subscriptions is set up: its group's stream listens (each test ends with none left). */
const setUp = (n: number) => fanoutState((s) => s.members === n, `${n} members`);

type Sub = ReturnType<typeof collect>;

/** `n` subscriptions of one document on one connection. */
function many(client: Client, n: number, query: string, variables?: Record<string, unknown>): Sub[] {
  return Array.from({ length: n }, () => collect(client, query, variables));
}

async function settle(subs: Sub[]): Promise<void> {
  for (const s of subs) s.unsubscribe();
  await fanoutState((s) => s.members === 0 && s.groups === 0, 'every group closed');
}

const WIDE = 'subscription { ticketEvents { cursor type ticket { id subject customer { id name } } } }';

test('200 subscribers over 5 connections in 3 scopes each get every event of their scope exactly once, in order, from one execution per scope', async () => {
  const [ca, cb] = b.customerIds;
  const tokenA = (i: number) => t.token(Role.CUSTOMER, { customerId: ca, sub: `fan-a-${i}` });
  const tokenB = (i: number) => t.token(Role.CUSTOMER, { customerId: cb, sub: `fan-b-${i}` });
  const aSubs = [...many(t.ws(tokenA(0)), 40, WIDE), ...many(t.ws(tokenA(1)), 40, WIDE)];
  const bSubs = [...many(t.ws(tokenB(0)), 40, WIDE), ...many(t.ws(tokenB(1)), 40, WIDE)];
  const agentSubs = many(t.ws(b.agentToken), 40, WIDE);
  await setUp(200);
  // the same document in three scopes: three executions per event, not 200
  expect(fanout().stats).toEqual({ groups: 3, members: 200 });

  const ta = await ticket(t, b.agentToken, ca, { subject: 'A one' });
  const tb = await ticket(t, b.agentToken, cb, { subject: 'B one' });
  await update(ta.id, 'A two');
  await update(tb.id, 'B two');
  await update(ta.id, 'A three');
  const sa = await ticket(t, b.agentToken, ca, { subject: 'sentinel A' });
  const sb = await ticket(t, b.agentToken, cb, { subject: 'sentinel B' });

  const shape = (e: any) => [e.ticketEvents.type, e.ticketEvents.ticket.id, e.ticketEvents.ticket.customer.id];
  const expectedA = [
    ['CREATED', ta.id, ca],
    ['UPDATED', ta.id, ca],
    ['UPDATED', ta.id, ca],
  ];
  const expectedB = [
    ['CREATED', tb.id, cb],
    ['UPDATED', tb.id, cb],
  ];
  const cursorsOf = (events: any[]) => events.map((e) => Number(e.ticketEvents.cursor.split(':')[1]));
  for (const s of aSubs) {
    const got = await s.beforeSentinel(3, (e: any) => e.ticketEvents.ticket.id === sa.id);
    expect(got.map(shape)).toEqual(expectedA);
    expect(s.errors).toEqual([]);
  }
  for (const s of bSubs) {
    const got = await s.beforeSentinel(2, (e: any) => e.ticketEvents.ticket.id === sb.id);
    expect(got.map(shape)).toEqual(expectedB);
  }
  const expectedAll = [expectedA[0], expectedB[0], expectedA[1], expectedB[1], expectedA[2], ['CREATED', sa.id, ca]];
  const staffCursors = new Set<string>();
  for (const s of agentSubs) {
    const got = await s.beforeSentinel(6, (e: any) => e.ticketEvents.ticket.id === sb.id);
    expect(got.map(shape)).toEqual(expectedAll);
    const c = cursorsOf(got);
    expect(c).toEqual([...c].sort((x, y) => x - y));
    staffCursors.add(JSON.stringify(c));
  }
  expect(staffCursors.size).toBe(1);
  // nobody got more than that: every subscription stopped at its sentinel (B's came last for all)
  for (const s of [...aSubs]) expect(s.events).toHaveLength(4);
  for (const s of bSubs) expect(s.events).toHaveLength(3);
  await settle([...aSubs, ...bSubs, ...agentSubs]);
});

test("an event's related rows are read once per event: the same statements for 10 subscribers in one scope as for 200 in three", async () => {
  const UPDATED = 'subscription($id: ID!) { ticketUpdated(id: $id) { cursor type ticket { id status priority customer { name } assignee { name } } } }';
  const tk = await ticket(t, b.agentToken, b.customerIds[0], { subject: 'watched' });
  await t.gql(b.agentToken, AssignTicketDocument, { input: { ticketId: tk.id, agentId: b.agentIds[1] } });
  await dispatched(t);

  /** the statements one event costs (the bus's own log reads aside: its poll may add one at any time) */
  async function statementsOfOneEvent(all: Sub[], subject: string): Promise<string[]> {
    t.hub.app.stats.recent = [];
    await update(tk.id, subject);
    for (const s of all) {
      const [e] = await s.waitFor(1);
      expect((e as any).ticketUpdated).toMatchObject({ type: 'UPDATED', ticket: { id: tk.id, customer: { name: 'Carla Customer' }, assignee: { name: 'Bob Agent' } } });
    }
    const sent = t.hub.app.stats.recent!;
    t.hub.app.stats.recent = undefined;
    return sent.filter((q) => !/FROM event_log WHERE seq > \$1 ORDER BY seq/.test(q)).sort();
  }

  const ten = many(t.ws(b.agentToken), 10, UPDATED, { id: tk.id });
  await setUp(10);
  expect(fanout().stats).toEqual({ groups: 1, members: 10 });
  const forTen = await statementsOfOneEvent(ten, 'for ten');
  await settle(ten);

  const admin = t.token(Role.ADMIN, { sub: 'fan-admin' });
  const customer = (i: number) => t.token(Role.CUSTOMER, { customerId: b.customerIds[0], sub: `fan-c-${i}` });
  const many200 = [
    ...many(t.ws(b.agentToken), 70, UPDATED, { id: tk.id }),
    ...many(t.ws(admin), 60, UPDATED, { id: tk.id }),
    ...many(t.ws(customer(0)), 35, UPDATED, { id: tk.id }),
    ...many(t.ws(customer(1)), 35, UPDATED, { id: tk.id }),
  ];
  await setUp(200);
  expect(fanout().stats).toEqual({ groups: 3, members: 200 });
  const for200 = await statementsOfOneEvent(many200, 'for two hundred');
  expect(for200).toEqual(forTen);
  // the customer and the assignee were each read once for the event
  expect(for200.filter((q) => /FROM "customer"/.test(q))).toHaveLength(1);
  expect(for200.filter((q) => /FROM "agent"/.test(q))).toHaveLength(1);
  await settle(many200);
});

test('a subscriber that leaves gets nothing more while the rest of its group carries on; the group closes with its last member', async () => {
  const UPDATED = 'subscription($id: ID!) { ticketUpdated(id: $id) { cursor ticket { subject } } }';
  const tk = await ticket(t, b.agentToken, b.customerIds[1], { subject: 'leave test' });
  await dispatched(t);
  const raw = await RawWs.open(t.wsUrl, b.agentToken);
  for (const id of ['leaves', 'stays']) raw.start(id, UPDATED, { id: tk.id });
  const other = many(t.ws(b.agentToken), 3, UPDATED, { id: tk.id });
  await setUp(5);
  expect(fanout().stats).toEqual({ groups: 1, members: 5 });

  await update(tk.id, 'first');
  const nexts = (id: string) => (raw.inbox.get(id) ?? []).filter((m) => m.type === 'next').map((m) => m.payload.data.ticketUpdated.ticket.subject);
  await waitUntil('both got the first', () => nexts('leaves').length === 1 && nexts('stays').length === 1);
  raw.complete('leaves');
  await fanoutState((s) => s.members === 4, 'the member left');
  // each change waits for the one before it to be delivered: an event carries the ticket as it is when delivered
  await update(tk.id, 'second');
  await waitUntil('the second arrived', () => nexts('stays').length === 2);
  await update(tk.id, 'sentinel');
  await waitUntil('the sentinel arrived', () => nexts('stays').includes('sentinel'));
  expect(nexts('stays')).toEqual(['first', 'second', 'sentinel']);
  expect(nexts('leaves')).toEqual(['first']);
  for (const s of other) {
    expect((await s.waitFor(3)).map((e: any) => e.ticketUpdated.ticket.subject)).toEqual(['first', 'second', 'sentinel']);
  }
  // a closed socket takes its member out; the others keep the group
  raw.close();
  await fanoutState((s) => s.members === 3 && s.groups === 1, 'the socket closed');
  await settle(other);
});

test('live subscribers joining a running group get the events after they joined; replays with the same cursor never share a partial replay', async () => {
  const Q = 'subscription($id: ID!, $after: String) { ticketUpdated(id: $id, after: $after) { cursor ticket { subject } } }';
  const tk = await ticket(t, b.agentToken, b.customerIds[0], { subject: 'join test' });
  // live subscribers get what is dispatched after they join: not the ticket's CREATED event
  await dispatched(t);
  const client = t.ws(b.agentToken);
  const first = collect(client, Q, { id: tk.id });
  await setUp(1);
  await update(tk.id, 'before join');
  const [e1] = await first.waitFor(1);
  const second = collect(client, Q, { id: tk.id });
  await setUp(2);
  expect(fanout().stats).toEqual({ groups: 1, members: 2 });
  await update(tk.id, 'after join');
  await first.waitFor(2);
  await update(tk.id, 'sentinel');
  const subjects = (s: Sub) => s.events.map((e: any) => e.ticketUpdated.ticket.subject);
  const cursors = (s: Sub) => s.events.map((e: any) => e.ticketUpdated.cursor);
  await second.waitUntil((all) => all.length >= 2);
  await first.waitFor(3);
  expect(subjects(first)).toEqual(['before join', 'after join', 'sentinel']);
  expect(subjects(second)).toEqual(['after join', 'sentinel']);
  expect(cursors(second)).toEqual(cursors(first).slice(1));

  // replays from the same cursor: the second starts after the first group delivered, so it replays on its own
  const after = (e1 as any).ticketUpdated.cursor;
  const r1 = collect(client, Q, { id: tk.id, after });
  await r1.waitFor(2);
  const r2 = collect(client, Q, { id: tk.id, after });
  await r2.waitFor(2);
  expect(cursors(r1)).toEqual(cursors(first).slice(1));
  expect(cursors(r2)).toEqual(cursors(first).slice(1));
  await update(tk.id, 'live after replay');
  for (const s of [first, second, r1, r2]) await s.waitUntil((all) => all.some((e: any) => e.ticketUpdated.ticket.subject === 'live after replay'));
  const all = cursors(first);
  expect(all).toHaveLength(4);
  expect(cursors(second)).toEqual(all.slice(1));
  expect(cursors(r1)).toEqual(all.slice(1));
  expect(cursors(r2)).toEqual(all.slice(1));
  await settle([first, second, r1, r2]);
});

test("one connection's token lapsing ends its subscriptions with UNAUTHENTICATED; the group goes on for the others", async () => {
  const UPDATED = 'subscription($id: ID!) { ticketUpdated(id: $id) { ticket { subject } } }';
  const tk = await ticket(t, b.agentToken, b.customerIds[0], { subject: 'expiry test' });
  await dispatched(t);
  // expired 28 s ago: inside the 30 s clock-skew allowance, so it lapses 2 s from now
  const exp = Math.floor(Date.now() / 1000) - 28;
  const lapsing = jwt.sign({ role: 'AGENT', agentId: b.agentIds[0], iat: exp - 60, exp }, SECRET, { subject: 'ada' });
  const ending = many(t.ws(lapsing), 2, UPDATED, { id: tk.id });
  const staying = many(t.ws(b.agentToken), 2, UPDATED, { id: tk.id });
  await setUp(4);
  expect(fanout().stats).toEqual({ groups: 1, members: 4 });
  for (const s of ending) await expect(s.waitFor(1, 10000)).rejects.toThrow(/UNAUTHENTICATED/);
  await fanoutState((s) => s.members === 2 && s.groups === 1, 'the lapsed connection left');
  await update(tk.id, 'still here');
  for (const s of staying) expect((await s.waitFor(1)).map((e: any) => e.ticketUpdated.ticket.subject)).toEqual(['still here']);
  await settle(staying);
});
