// Issue 14 item 6: an agent who takes a live contact and opens a ticket with it has answered the
// customer: the ticket's first response is that contact. Email and web forms are not answers.
import { basics, type Basics } from './support/fixtures';
import { startTestHub, type TestHub } from './support/harness';

let t: TestHub;
let b: Basics;
beforeAll(async () => {
  t = await startTestHub();
  b = await basics(t);
});
afterAll(async () => {
  await t?.stop();
});

const LOG = `mutation($i: LogInteractionInput!) {
  logInteraction(input: $i) { ticket { firstRespondedAt sla { state firstResponseDueAt } } userErrors { code message } }
}`;

async function open(token: string, channel: string, direction = 'INBOUND') {
  const occurredAt = new Date(Date.now() - 60_000).toISOString();
  const r = await t.gql(token, LOG, {
    i: { customerId: b.customerIds[0], channel, direction, summary: `${channel} ${direction}`, occurredAt, openTicket: { subject: `via ${channel}`, kind: 'QUESTION', priority: 'HIGH' } },
  });
  expect(r.errors).toBeUndefined();
  expect(r.data.logInteraction.userErrors).toEqual([]);
  return { occurredAt, ticket: r.data.logInteraction.ticket };
}

test.each(['PHONE', 'CHAT', 'IN_PERSON'])('an agent taking an inbound %s that opens a ticket is its first response', async (channel) => {
  const { occurredAt, ticket } = await open(b.agentToken, channel);
  expect(ticket.firstRespondedAt).toBe(occurredAt);
});

test.each(['EMAIL', 'WEB'])('an inbound %s logged by an agent leaves the first-response clock running', async (channel) => {
  const { ticket } = await open(b.agentToken, channel);
  expect(ticket.firstRespondedAt).toBeNull();
  expect(ticket.sla.firstResponseDueAt).not.toBeNull();
});

test("a customer's own inbound call is no answer", async () => {
  const customerToken = t.token('CUSTOMER' as never, { customerId: b.customerIds[0], sub: 'carla' });
  const { ticket } = await open(customerToken, 'PHONE');
  expect(ticket.firstRespondedAt).toBeNull();
});

test('an outbound contact by an agent that opens a ticket is its first response (as before)', async () => {
  const { occurredAt, ticket } = await open(b.agentToken, 'EMAIL', 'OUTBOUND');
  expect(ticket.firstRespondedAt).toBe(occurredAt);
});
