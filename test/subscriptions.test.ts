import {
  AssignTicketDocument,
  ChangeTicketStatusDocument,
  ComplaintUpdatesDocument,
  LogInteractionDocument,
  TicketEventsDocument,
  TicketUpdatedDocument,
} from './generated/operations';
import { basics, ticket, type Basics } from './support/fixtures';
import { collect, startTestHub, subscribed, type TestHub } from './support/harness';

let t: TestHub;
let b: Basics;
let subs = 0;
beforeAll(async () => {
  t = await startTestHub();
  b = await basics(t);
});
afterAll(async () => {
  await t?.stop();
});

test('ticketUpdated delivers each change of the ticket over a real WebSocket, with the ticket as it is after the change', async () => {
  const tk = await ticket(t, b.agentToken, b.customerIds[0]);
  const other = await ticket(t, b.agentToken, b.customerIds[0]);
  const sub = collect(t.ws(b.customerTokens[0]), TicketUpdatedDocument, { id: tk.id });
  await subscribed(t, ++subs);
  await t.gql(b.agentToken, AssignTicketDocument, { input: { ticketId: tk.id, agentId: b.agentIds[0] } });
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: other.id, status: 'OPEN' } });
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'OPEN' } });
  await t.gql(b.agentToken, LogInteractionDocument, {
    input: { customerId: b.customerIds[0], ticketId: tk.id, channel: 'EMAIL', direction: 'OUTBOUND', summary: 'On it' },
  });
  const events = await sub.waitFor(3);
  expect(await sub.settle(300)).toHaveLength(3);
  const e = events.map((x: any) => x.ticketUpdated);
  expect(e.map((x: any) => x.type)).toEqual(['ASSIGNED', 'STATUS_CHANGED', 'INTERACTION_LOGGED']);
  expect(e[0].ticket.assignee.id).toBe(b.agentIds[0]);
  expect(e[1].ticket.status).toBe('OPEN');
  expect(e.every((x: any) => x.ticket.id === tk.id)).toBe(true);
  const cursors = e.map((x: any) => Number(x.cursor));
  expect(cursors).toEqual([...cursors].sort((x, y) => x - y));
  sub.unsubscribe();
});

test('complaintUpdates carries complaints only', async () => {
  const sub = collect(t.ws(b.agentToken), ComplaintUpdatesDocument, {});
  await subscribed(t, ++subs);
  await ticket(t, b.agentToken, b.customerIds[0], { kind: 'INCIDENT', subject: 'not a complaint' });
  const c = await ticket(t, b.agentToken, b.customerIds[1], { kind: 'COMPLAINT', subject: 'Rude technician' });
  const [ev] = await sub.waitFor(1);
  expect((ev as any).complaintUpdates).toMatchObject({ type: 'CREATED', ticket: { id: c.id, subject: 'Rude technician' } });
  expect(await sub.settle(300)).toHaveLength(1);
  sub.unsubscribe();
});

test('ticketEvents applies its filter to the ticket as of each event', async () => {
  const sub = collect(t.ws(b.agentToken), TicketEventsDocument, { filter: { priority: ['URGENT'], status: ['OPEN'] } });
  await subscribed(t, ++subs);
  const urgent = await ticket(t, b.agentToken, b.customerIds[0], { priority: 'URGENT' });
  const low = await ticket(t, b.agentToken, b.customerIds[0], { priority: 'LOW' });
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: low.id, status: 'OPEN' } });
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: urgent.id, status: 'OPEN' } });
  const [ev] = await sub.waitFor(1);
  expect((ev as any).ticketEvents).toMatchObject({ type: 'STATUS_CHANGED', ticket: { id: urgent.id, status: 'OPEN' } });
  expect(await sub.settle(300)).toHaveLength(1);
  sub.unsubscribe();
});

test("a customer's wide subscription gets its own tickets' events only", async () => {
  const sub = collect(t.ws(b.customerTokens[1]), TicketEventsDocument, {});
  await subscribed(t, ++subs);
  await ticket(t, b.agentToken, b.customerIds[0], { subject: 'someone else' });
  const own = await ticket(t, b.agentToken, b.customerIds[1], { subject: 'mine' });
  const [ev] = await sub.waitFor(1);
  expect((ev as any).ticketEvents.ticket.id).toBe(own.id);
  expect(await sub.settle(300)).toHaveLength(1);
  sub.unsubscribe();
});

test('a failed mutation publishes nothing', async () => {
  const tk = await ticket(t, b.agentToken, b.customerIds[0]);
  const sub = collect(t.ws(b.agentToken), TicketUpdatedDocument, { id: tk.id });
  await subscribed(t, ++subs);
  const bad = await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'CLOSED' } });
  expect(bad.data?.changeTicketStatus.userErrors[0].code).toBe('INVALID_TRANSITION');
  const stale = await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'OPEN', expectedVersion: 7 } });
  expect(stale.data?.changeTicketStatus.userErrors[0].code).toBe('VERSION_CONFLICT');
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'PENDING' } });
  const events = await sub.waitFor(1);
  expect(await sub.settle(300)).toHaveLength(1);
  expect((events[0] as any).ticketUpdated.type).toBe('STATUS_CHANGED');
  expect((events[0] as any).ticketUpdated.ticket.status).toBe('PENDING');
  sub.unsubscribe();
});

test('resuming with after: replays what was missed, then goes live', async () => {
  const tk = await ticket(t, b.agentToken, b.customerIds[0]);
  const first = collect(t.ws(b.agentToken), TicketUpdatedDocument, { id: tk.id });
  await subscribed(t, ++subs);
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'OPEN' } });
  const [e1] = await first.waitFor(1);
  first.unsubscribe();
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'ON_HOLD' } });
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'OPEN' } });
  const resumed = collect(t.ws(b.agentToken), TicketUpdatedDocument, { id: tk.id, after: (e1 as any).ticketUpdated.cursor });
  const replayed = await resumed.waitFor(2);
  expect(replayed.map((e: any) => e.ticketUpdated.ticket.status)).toEqual(['OPEN', 'OPEN']); // the ticket as it is now
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'PENDING' } });
  const all = await resumed.waitFor(3);
  expect(all.map((e: any) => e.ticketUpdated.type)).toEqual(['STATUS_CHANGED', 'STATUS_CHANGED', 'STATUS_CHANGED']);
  expect(await resumed.settle(300)).toHaveLength(3);
  resumed.unsubscribe();
});
