import jwt from 'jsonwebtoken';
import {
  CustomersDocument,
  InteractionsDocument,
  LogInteractionDocument,
  MyTicketsDocument,
  NodeDocument,
  TicketDetailDocument,
  TicketsPageDocument,
  ViewerDocument,
} from './generated/operations';
import { basics, ticket, type Basics } from './support/fixtures';
import { collect, Role, SECRET, startTestHub, type TestHub } from './support/harness';

let t: TestHub;
let b: Basics;
let mine: { id: string; number: number };
let theirs: { id: string; number: number };
let theirInteraction: string;
beforeAll(async () => {
  t = await startTestHub();
  b = await basics(t);
  mine = await ticket(t, b.agentToken, b.customerIds[0], { subject: 'Mine' });
  theirs = await ticket(t, b.agentToken, b.customerIds[1], { subject: 'Theirs' });
  const i = await t.gql(b.agentToken, LogInteractionDocument, {
    input: { customerId: b.customerIds[1], ticketId: theirs.id, channel: 'PHONE', direction: 'INBOUND', summary: 'private' },
  });
  theirInteraction = i.data!.logInteraction.interaction!.id;
});
afterAll(async () => {
  await t?.stop();
});

describe('authentication', () => {
  test('no token, a malformed header, a wrong signature and an expired token are UNAUTHENTICATED (401)', async () => {
    const expired = jwt.sign({ role: 'ADMIN' }, SECRET, { subject: 'old', expiresIn: -120 });
    const forged = jwt.sign({ role: 'ADMIN' }, 'another-secret', { subject: 'x' });
    for (const token of [null, 'garbage', forged, expired]) {
      const r = await t.gql(token, ViewerDocument);
      expect(r.status).toBe(401);
      expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(r.data).toBeUndefined();
    }
  });

  test('clock skew: a token that expired seconds ago, or is issued a few seconds ahead, is still accepted', async () => {
    const now = Math.floor(Date.now() / 1000);
    const justExpired = jwt.sign({ role: 'ANALYST', exp: now - 10 }, SECRET, { subject: 'skew' });
    expect((await t.gql(justExpired, ViewerDocument)).data?.viewer.role).toBe('ANALYST');
    const early = jwt.sign({ role: 'ANALYST', nbf: now + 10 }, SECRET, { subject: 'skew', expiresIn: '1h' });
    expect((await t.gql(early, ViewerDocument)).data?.viewer.role).toBe('ANALYST');
    const future = jwt.sign({ role: 'ANALYST', nbf: now + 300 }, SECRET, { subject: 'skew', expiresIn: '1h' });
    expect((await t.gql(future, ViewerDocument)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a token without a known role is refused', async () => {
    const r = await t.gql(jwt.sign({ role: 'GOD' }, SECRET, { subject: 'x' }), ViewerDocument);
    expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a WebSocket without a valid token is closed with 4403, the reason saying UNAUTHENTICATED', async () => {
    const client = t.ws(null);
    const closed = new Promise<{ code: number; reason: string }>((resolve) => client.on('closed', (e) => resolve(e as never)));
    const sub = collect(client, 'subscription { complaintUpdates { cursor } }');
    await expect(sub.waitFor(1)).rejects.toThrow(/subscription failed/);
    expect(await closed).toMatchObject({ code: 4403, reason: expect.stringMatching(/^UNAUTHENTICATED/) });
  });
});

describe('a CUSTOMER sees only its own data', () => {
  test('viewer and my tickets', async () => {
    const r = await t.gql(b.customerTokens[0], MyTicketsDocument);
    expect(r.data?.viewer.customer?.id).toBe(b.customerIds[0]);
    expect(r.data?.viewer.customer?.tickets.nodes.map((n) => n.id)).toEqual([mine.id]);
  });

  test('tickets, customers and interactions lists hold only its own records, whatever the filter', async () => {
    const list = await t.gql(b.customerTokens[0], TicketsPageDocument, { first: 100, filter: { customerId: [b.customerIds[1]] } });
    expect(list.data?.tickets.totalCount).toBe(0);
    const all = await t.gql(b.customerTokens[0], TicketsPageDocument, { first: 100 });
    expect(all.data?.tickets.edges.map((e) => e.node.id)).toEqual([mine.id]);
    const customers = await t.gql(b.customerTokens[0], CustomersDocument, {});
    expect(customers.data?.customers.nodes.map((c) => c.id)).toEqual([b.customerIds[0]]);
    const interactions = await t.gql(b.customerTokens[0], InteractionsDocument, { first: 100 });
    expect(interactions.data?.interactions.nodes.every((i) => i.customer.id === b.customerIds[0])).toBe(true);
  });

  test("another customer's ticket, customer and interaction do not exist for it: null, not an error", async () => {
    const byId = await t.gql(b.customerTokens[0], TicketDetailDocument, { id: theirs.id });
    expect(byId.errors).toBeUndefined();
    expect(byId.data?.ticket).toBeNull();
    const byNumber = await t.gql(b.customerTokens[0], TicketDetailDocument, { number: theirs.number });
    expect(byNumber.data?.ticket).toBeNull();
    for (const id of [theirs.id, b.customerIds[1], theirInteraction, b.agentIds[0], b.serviceLevelId]) {
      const n = await t.gql(b.customerTokens[0], NodeDocument, { id });
      expect(n.errors).toBeUndefined();
      expect(n.data?.node).toBeNull();
    }
    const c = await t.gql(b.customerTokens[0], '{ customer(id: "' + b.customerIds[1] + '") { id } }');
    expect(c.data.customer).toBeNull();
  });

  test('node(id) resolves its own objects; staff resolve everything', async () => {
    const own = await t.gql(b.customerTokens[0], NodeDocument, { id: mine.id });
    expect(own.data?.node).toMatchObject({ __typename: 'Ticket', id: mine.id, subject: 'Mine' });
    for (const [id, type] of [[theirs.id, 'Ticket'], [b.customerIds[1], 'Customer'], [theirInteraction, 'Interaction'], [b.agentIds[0], 'Agent'], [b.serviceLevelId, 'ServiceLevel']]) {
      const n = await t.gql(b.agentToken, NodeDocument, { id });
      expect(n.data?.node).toMatchObject({ __typename: type, id });
    }
    const junk = await t.gql(b.agentToken, NodeDocument, { id: '%%%' });
    expect(junk.data?.node).toBeNull();
  });

  test('staff-only lists are FORBIDDEN for it', async () => {
    for (const q of ['{ agents { totalCount } }', '{ serviceLevels { id } }']) {
      const r = await t.gql(b.customerTokens[0], q);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });

  test('staff mutations are FORBIDDEN for it', async () => {
    const r = await t.gql(b.customerTokens[0], `mutation { changeTicketStatus(input: { ticketId: "${mine.id}", status: OPEN }) { userErrors { code } } }`);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('malformed requests are client errors, never server errors', () => {
  test.each([
    ['a syntax error', '{ tickets( }', 400],
    ['an unknown field', '{ nope }', 400],
    ['a page over 100', '{ tickets(first: 101) { totalCount } }', 200],
    ['a negative page', '{ tickets(first: -1) { totalCount } }', 200],
    ['a forged cursor', '{ tickets(after: "bm90LWEtY3Vyc29y") { totalCount } }', 200],
    ['a non-integer number', '{ ticket(number: 1.5) { id } }', 400],
    ['both id and number', '{ ticket(id: "x", number: 1) { id } }', 200],
    ['an absurd ticket number', '{ ticket(number: 2147483647) { id } }', 200],
  ])('%s', async (_n, query, status) => {
    const r = await t.gql(b.agentToken, query);
    expect(r.status).toBe(status);
    for (const e of r.errors ?? []) {
      expect(e.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
      expect(e.message).not.toMatch(/SELECT|relation|syntax error at|\.ts:/);
    }
  });

  test('a body that is not JSON is a 400', async () => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${b.agentToken}` }, body: '{"query": ' });
    expect(res.status).toBe(400);
  });

  test('a body over 1 MB is refused with 413', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${b.agentToken}` },
      body: JSON.stringify({ query: '{ viewer { role } }', variables: { pad: 'x'.repeat(1_100_000) } }),
    });
    expect(res.status).toBe(413);
  });
});

test('health and readiness', async () => {
  const base = t.url.replace(/\/graphql$/, '');
  expect((await fetch(base + '/healthz')).status).toBe(200);
  const ready = await fetch(base + '/readyz');
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ status: 'ready' });
});

test('a token signed with a second, rotated-in secret is accepted', async () => {
  const t2 = await startTestHub({ databaseUrl: t.databaseUrl, env: { AUTH_SECRET: `new-secret,${SECRET}` } });
  try {
    const old = await t2.gql(b.agentToken, ViewerDocument);
    expect(old.data?.viewer.role).toBe('AGENT');
    const fresh = jwt.sign({ role: 'ANALYST' }, 'new-secret', { subject: 'n', expiresIn: '1h' });
    expect((await t2.gql(fresh, ViewerDocument)).data?.viewer.role).toBe('ANALYST');
  } finally {
    await t2.stop();
  }
});
