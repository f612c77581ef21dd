import { basics, counts, customer, ticket, type Basics } from './support/fixtures';
import { Role, startTestHub, type TestHub } from './support/harness';

/**
 * The satisfaction rating is the customer's voice: only the customer rates (rateTicket). Staff
 * may record a rating the customer gave them (recordSatisfaction); it carries who recorded it,
 * and statistics tell the two apart.
 */
const RATE = `mutation($input: RateTicketInput!) {
  rateTicket(input: $input) { ticket { id satisfaction { score comment source recordedBy { id name } } } userErrors { code field } }
}`;
const RECORD = `mutation($input: RecordSatisfactionInput!) {
  recordSatisfaction(input: $input) { ticket { id satisfaction { score comment source recordedBy { id name } } } userErrors { code field } }
}`;
const RESOLVE = `mutation($input: ResolveTicketInput!) { resolveTicket(input: $input) { userErrors { code } } }`;
const STATS = `query($filter: TicketFilter) {
  ticketStats(filter: $filter, groupBy: []) { count ratingCount staffRecordedRatingCount avgSatisfaction avgCustomerSatisfaction }
}`;

let t: TestHub;
let b: Basics;
let cust: string;
let custToken: string;
beforeAll(async () => {
  t = await startTestHub();
  b = await basics(t);
  cust = await customer(t, b.admin, { name: 'Rating Rosa' });
  custToken = t.token(Role.CUSTOMER, { customerId: cust, sub: 'rosa' });
});
afterAll(async () => {
  await t?.stop();
});

async function resolved(customerId = cust) {
  const tk = await ticket(t, b.agentToken, customerId);
  const r = await t.gql(b.agentToken, RESOLVE, { input: { ticketId: tk.id, resolution: 'Fixed', rootCause: 'NO_FAULT' } });
  expect(r.data?.resolveTicket.userErrors).toEqual([]);
  return tk.id as string;
}

test('staff cannot rate a ticket as if they were the customer', async () => {
  const id = await resolved();
  const before = await counts(t);
  for (const role of [Role.AGENT, Role.MANAGER, Role.ADMIN]) {
    const tok = t.token(role, { agentId: b.agentIds[0], sub: `staff-${role}` });
    const r = await t.gql(tok, RATE, { input: { ticketId: id, score: 5 } });
    expect(r).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    expect(r.data?.rateTicket ?? null).toBeNull();
  }
  expect(await counts(t)).toEqual(before);
});

test("the customer's own rating says so", async () => {
  const id = await resolved();
  const r = await t.gql(custToken, RATE, { input: { ticketId: id, score: 2, comment: 'Slow' } });
  expect(r.data?.rateTicket).toEqual({
    ticket: { id, satisfaction: { score: 2, comment: 'Slow', source: 'CUSTOMER', recordedBy: null } },
    userErrors: [],
  });
  // staff cannot overwrite it
  const over = await t.gql(b.agentToken, RECORD, { input: { ticketId: id, score: 5 } });
  expect(over.data?.recordSatisfaction.userErrors).toEqual([{ code: 'DUPLICATE', field: ['input', 'ticketId'] }]);
});

test('staff record a rating given on the phone: it carries who recorded it', async () => {
  const id = await resolved();
  const r = await t.gql(b.agentToken, RECORD, { input: { ticketId: id, score: 4, comment: 'said on the phone' } });
  expect(r.data?.recordSatisfaction).toEqual({
    ticket: { id, satisfaction: { score: 4, comment: 'said on the phone', source: 'STAFF', recordedBy: { id: b.agentIds[0], name: 'Ada Agent' } } },
    userErrors: [],
  });
  // the customer sees it too, and cannot rate a second time
  const again = await t.gql(custToken, RATE, { input: { ticketId: id, score: 1 } });
  expect(again.data?.rateTicket.userErrors).toEqual([{ code: 'DUPLICATE', field: ['input', 'ticketId'] }]);
  const view = await t.gql(custToken, `query($id: ID!) { ticket(id: $id) { satisfaction { score source } } }`, { id });
  expect(view.data?.ticket.satisfaction).toEqual({ score: 4, source: 'STAFF' });
});

test('recording needs an agent behind the token, a resolved ticket and a valid score; customers cannot record', async () => {
  const id = await resolved();
  const open = await ticket(t, b.agentToken, cust);
  const before = await counts(t);
  const noAgent = await t.gql(t.token(Role.ADMIN, { sub: 'root' }), RECORD, { input: { ticketId: id, score: 3 } });
  expect(noAgent.data?.recordSatisfaction.userErrors).toEqual([{ code: 'FORBIDDEN', field: null }]);
  const bad = await t.gql(b.agentToken, RECORD, { input: { ticketId: id, score: 6 } });
  expect(bad.data?.recordSatisfaction.userErrors).toEqual([{ code: 'INVALID_INPUT', field: ['input', 'score'] }]);
  const early = await t.gql(b.agentToken, RECORD, { input: { ticketId: open.id, score: 3 } });
  expect(early.data?.recordSatisfaction.userErrors[0].code).toBe('INVALID_TRANSITION');
  const byCustomer = await t.gql(custToken, RECORD, { input: { ticketId: id, score: 5 } });
  expect(byCustomer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  const analyst = await t.gql(t.token(Role.ANALYST), RECORD, { input: { ticketId: id, score: 5 } });
  expect(analyst.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  expect(await counts(t)).toEqual(before);
});

test('statistics tell customer ratings from staff-recorded ones', async () => {
  const c = await customer(t, b.admin, { name: 'Stats Stan' });
  const tok = t.token(Role.CUSTOMER, { customerId: c, sub: 'stan' });
  const ids = [await resolved(c), await resolved(c), await resolved(c), await resolved(c)];
  await t.gql(tok, RATE, { input: { ticketId: ids[0], score: 1 } });
  await t.gql(tok, RATE, { input: { ticketId: ids[1], score: 2 } });
  await t.gql(b.agentToken, RECORD, { input: { ticketId: ids[2], score: 5 } });
  // ids[3] is not rated
  const r = await t.gql(t.token(Role.ANALYST), STATS, { filter: { customerId: [c] } });
  expect(r.errors).toBeUndefined();
  expect(r.data?.ticketStats).toEqual([
    { count: 4, ratingCount: 3, staffRecordedRatingCount: 1, avgSatisfaction: 2.67, avgCustomerSatisfaction: 1.5 },
  ]);
});
