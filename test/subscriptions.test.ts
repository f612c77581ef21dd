import {
  AssignTicketDocument,
  ChangeTicketStatusDocument,
  ComplaintUpdatesDocument,
  LogInteractionDocument,
  TicketEventsDocument,
  TicketUpdatedDocument,
  UpdateTicketDocument,
} from './generated/operations';
import { basics, ticket, type Basics } from './support/fixtures';
import { collect, collectFromNow, startTestHub, type TestHub } from './support/harness';

let t: TestHub;
let b: Basics;
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
  const sub = await collectFromNow(t, t.ws(b.customerTokens[0]), TicketUpdatedDocument, { id: tk.id });
  await t.gql(b.agentToken, AssignTicketDocument, { input: { ticketId: tk.id, agentId: b.agentIds[0] } });
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: other.id, status: 'OPEN' } });
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'OPEN' } });
  await t.gql(b.agentToken, LogInteractionDocument, {
    input: { customerId: b.customerIds[0], ticketId: tk.id, channel: 'EMAIL', direction: 'OUTBOUND', summary: 'On it' },
  });
  await t.gql(b.agentToken, UpdateTicketDocument, { input: { id: tk.id, subject: 'sentinel' } });
  const events = await sub.beforeSentinel(3, (x: any) => x.ticketUpdated.type === 'UPDATED');
  expect(events).toHaveLength(3);
  const e = events.map((x: any) => x.ticketUpdated);
  expect(e.map((x: any) => x.type)).toEqual(['ASSIGNED', 'STATUS_CHANGED', 'INTERACTION_LOGGED']);
  expect(e[0].ticket.assignee.id).toBe(b.agentIds[0]);
  expect(e[1].ticket.status).toBe('OPEN');
  expect(e.every((x: any) => x.ticket.id === tk.id)).toBe(true);
  const cursors = e.map((x: any) => Number(x.cursor.split(':')[1])); // <epoch>:<seq>
  expect(cursors).toEqual([...cursors].sort((x, y) => x - y));
  sub.unsubscribe();
});

test('complaintUpdates carries complaints only', async () => {
  const sub = await collectFromNow(t, t.ws(b.agentToken), ComplaintUpdatesDocument, {});
  await ticket(t, b.agentToken, b.customerIds[0], { kind: 'INCIDENT', subject: 'not a complaint' });
  const c = await ticket(t, b.agentToken, b.customerIds[1], { kind: 'COMPLAINT', subject: 'Rude technician' });
  const [ev] = await sub.waitFor(1);
  expect((ev as any).complaintUpdates).toMatchObject({ type: 'CREATED', ticket: { id: c.id, subject: 'Rude technician' } });
  await ticket(t, b.agentToken, b.customerIds[1], { kind: 'COMPLAINT', subject: 'sentinel' });
  expect(await sub.beforeSentinel(1, (x: any) => x.complaintUpdates.ticket.subject === 'sentinel')).toHaveLength(1);
  sub.unsubscribe();
});

test('ticketEvents applies its filter to the ticket as of each event', async () => {
  const sub = await collectFromNow(t, t.ws(b.agentToken), TicketEventsDocument, { filter: { priority: ['URGENT'], status: ['OPEN'] } });
  const urgent = await ticket(t, b.agentToken, b.customerIds[0], { priority: 'URGENT' });
  const low = await ticket(t, b.agentToken, b.customerIds[0], { priority: 'LOW' });
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: low.id, status: 'OPEN' } });
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: urgent.id, status: 'OPEN' } });
  const [ev] = await sub.waitFor(1);
  expect((ev as any).ticketEvents).toMatchObject({ type: 'STATUS_CHANGED', ticket: { id: urgent.id, status: 'OPEN' } });
  const sentinel = await ticket(t, b.agentToken, b.customerIds[0], { priority: 'URGENT' });
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: sentinel.id, status: 'OPEN' } });
  expect(await sub.beforeSentinel(1, (x: any) => x.ticketEvents.ticket.id === sentinel.id)).toHaveLength(1);
  sub.unsubscribe();
});

test("a customer's wide subscription gets its own tickets' events only", async () => {
  const sub = await collectFromNow(t, t.ws(b.customerTokens[1]), TicketEventsDocument, {});
  await ticket(t, b.agentToken, b.customerIds[0], { subject: 'someone else' });
  const own = await ticket(t, b.agentToken, b.customerIds[1], { subject: 'mine' });
  const [ev] = await sub.waitFor(1);
  expect((ev as any).ticketEvents.ticket.id).toBe(own.id);
  await ticket(t, b.agentToken, b.customerIds[0], { subject: 'someone else again' });
  const sentinel = await ticket(t, b.agentToken, b.customerIds[1], { subject: 'sentinel' });
  expect(await sub.beforeSentinel(1, (x: any) => x.ticketEvents.ticket.id === sentinel.id)).toHaveLength(1);
  sub.unsubscribe();
});

test('a failed mutation publishes nothing', async () => {
  const tk = await ticket(t, b.agentToken, b.customerIds[0]);
  const sub = await collectFromNow(t, t.ws(b.agentToken), TicketUpdatedDocument, { id: tk.id });
  const bad = await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'CLOSED' } });
  expect(bad.data?.changeTicketStatus.userErrors[0].code).toBe('INVALID_TRANSITION');
  const stale = await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'OPEN', expectedVersion: 7 } });
  expect(stale.data?.changeTicketStatus.userErrors[0].code).toBe('VERSION_CONFLICT');
  await t.gql(b.agentToken, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'PENDING' } });
  await t.gql(b.agentToken, UpdateTicketDocument, { input: { id: tk.id, subject: 'sentinel' } });
  const events = await sub.beforeSentinel(1, (x: any) => x.ticketUpdated.type === 'UPDATED');
  expect(events).toHaveLength(1);
  expect((events[0] as any).ticketUpdated.type).toBe('STATUS_CHANGED');
  expect((events[0] as any).ticketUpdated.ticket.status).toBe('PENDING');
  sub.unsubscribe();
});

test('resuming with after: replays what was missed, then goes live', async () => {
  const tk = await ticket(t, b.agentToken, b.customerIds[0]);
  const first = await collectFromNow(t, t.ws(b.agentToken), TicketUpdatedDocument, { id: tk.id });
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
  await t.gql(b.agentToken, UpdateTicketDocument, { input: { id: tk.id, subject: 'sentinel' } });
  expect(await resumed.beforeSentinel(3, (x: any) => x.ticketUpdated.type === 'UPDATED')).toHaveLength(3);
  resumed.unsubscribe();
});
