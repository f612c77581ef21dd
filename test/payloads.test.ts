// Issue 10, items 11 and 12: every mutation payload in a multi-mutation document shows its
// own write, and no request reaches INTERNAL_SERVER_ERROR (forged node ids, subscriptions
// sent over HTTP, badly typed subscription variables over WebSocket).
import type { Client } from 'graphql-ws';
import { collect, collectFromNow, Role, startTestHub, type TestHub } from './support/harness';

let t: TestHub;
let admin: string;
let manager: string;

beforeAll(async () => {
  t = await startTestHub();
  admin = t.token(Role.ADMIN);
  manager = t.token(Role.MANAGER);
});
afterAll(async () => {
  await t?.stop();
});

let seq = 0;
const uniq = () => `${Date.now().toString(36).slice(-5)}${(++seq).toString(36)}`.toUpperCase();

async function ok(token: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const r = await t.gql(token, query, variables);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  for (const p of Object.values(r.data as Record<string, { userErrors?: unknown[] }>)) {
    if (p?.userErrors?.length) throw new Error(JSON.stringify(p.userErrors));
  }
  return r.data;
}

async function ticketOfNewCustomer(): Promise<string> {
  const c = await ok(admin, `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id } userErrors { code } } }`, {
    i: { name: 'Multi Mutation', email: `m-${uniq()}@example.com` },
  });
  const tk = await ok(admin, `mutation($i: CreateTicketInput!) { createTicket(input: $i) { ticket { id version } userErrors { code } } }`, {
    i: { customerId: c.createCustomer.customer.id, subject: 'First state', kind: 'QUESTION', priority: 'NORMAL', channel: 'EMAIL' },
  });
  expect(tk.createTicket.ticket.version).toBe(1);
  return tk.createTicket.ticket.id;
}

const codes = (r: { errors?: { extensions?: { code?: string } }[] }) => (r.errors ?? []).map((e) => e.extensions?.code);

describe('item 11: several mutations in one document', () => {
  test('three updateTicket each return their own subject and version', async () => {
    const id = await ticketOfNewCustomer();
    const out = 'ticket { id subject version } userErrors { code message }';
    const r = await ok(
      admin,
      `mutation($id: ID!) {
        a: updateTicket(input: { id: $id, subject: "Subject A" }) { ${out} }
        b: updateTicket(input: { id: $id, subject: "Subject B" }) { ${out} }
        c: updateTicket(input: { id: $id, subject: "Subject C", expectedVersion: 3 }) { ${out} }
      }`,
      { id },
    );
    expect([r.a, r.b, r.c].map((p: any) => [p.ticket.subject, p.ticket.version])).toEqual([
      ['Subject A', 2],
      ['Subject B', 3],
      ['Subject C', 4],
    ]);
    // and a query in a later request agrees with the last payload
    const now = await ok(admin, `query($id: ID!) { node(id: $id) { ... on Ticket { subject version } } }`, { id });
    expect(now.node).toEqual({ subject: 'Subject C', version: 4 });
  });

  test('three receiveStock each return the on-hand their own ledger line says', async () => {
    const p = await ok(manager, `mutation($i: CreatePartInput!) { createPart(input: $i) { part { id } userErrors { code } } }`, {
      i: { sku: `MM-${uniq()}`, name: 'Hinge', unitCost: '1.00' },
    });
    const l = await ok(manager, `mutation($i: CreateStockLocationInput!) { createStockLocation(input: $i) { stockLocation { id } userErrors { code } } }`, {
      i: { code: `MM-${uniq()}`, name: 'Multi', kind: 'WAREHOUSE' },
    });
    const partId = p.createPart.part.id;
    const locationId = l.createStockLocation.stockLocation.id;
    const receive = `receiveStock(input: { partId: $p, locationId: $l, quantity: 1 }) {
      stockLevel { onHand available version part { onHand } } movement { onHandAfter } userErrors { code } }`;
    await ok(manager, `mutation($p: ID!, $l: ID!) { receiveStock(input: { partId: $p, locationId: $l, quantity: 82 }) { userErrors { code } } }`, {
      p: partId,
      l: locationId,
    });
    const r = await ok(manager, `mutation($p: ID!, $l: ID!) { a: ${receive} b: ${receive} c: ${receive} }`, { p: partId, l: locationId });
    const got = [r.a, r.b, r.c].map((x: any) => [x.movement.onHandAfter, x.stockLevel.onHand, x.stockLevel.available, x.stockLevel.part.onHand]);
    expect(got).toEqual([
      [83, 83, 83, 83],
      [84, 84, 84, 84],
      [85, 85, 85, 85],
    ]);
    expect([r.a, r.b, r.c].map((x: any) => x.stockLevel.version)).toEqual([2, 3, 4].map((v) => v + r.a.stockLevel.version - 2));
  });
});

describe('item 12: no INTERNAL_SERVER_ERROR', () => {
  test('node(id:) of a prototype property name as type is null, not an error', async () => {
    const uuid = '00000000-0000-4000-8000-000000000001';
    for (const type of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf']) {
      const id = Buffer.from(`${type}:${uuid}`, 'utf8').toString('base64url');
      const r = await t.gql(admin, `query($id: ID!) { node(id: $id) { id } }`, { id });
      expect({ type, status: r.status, errors: r.errors, node: r.data?.node }).toEqual({ type, status: 200, errors: undefined, node: null });
      // and as the id of a typed lookup
      const tk = await t.gql(admin, `query($id: ID!) { ticket(id: $id) { id } }`, { id });
      expect(codes(tk)).not.toContain('INTERNAL_SERVER_ERROR');
    }
    // a real type still resolves
    const real = await ticketOfNewCustomer();
    expect((await t.gql(admin, `query($id: ID!) { node(id: $id) { id } }`, { id: real })).data?.node).toEqual({ id: real });
  });

  test('a subscription sent by HTTP POST is a 400 telling the client to use WebSocket', async () => {
    const docs: [string, string | undefined][] = [
      ['subscription { ticketEvents { cursor type } }', undefined],
      ['subscription S { complaintUpdates { cursor ticket { id } } } query Q { eventCursor }', 'S'],
      ['subscription { stockAlerts { cursor } }', undefined],
      ['subscription { slaAlerts { cursor } }', undefined],
    ];
    for (const [query, operationName] of docs) {
      const res = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({ query, operationName }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
      expect(res.status).toBe(400);
      expect(codes(body)).toEqual(['BAD_REQUEST']);
      expect(body.errors![0].message).toMatch(/WebSocket.*ws:\/\/.*\/graphql/);
    }
    // the query of the same document still runs over HTTP
    const q = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: docs[1][0], operationName: 'Q' }),
    });
    expect(q.status).toBe(200);
  });

  test('badly typed variables on WebSocket subscriptions are BAD_USER_INPUT, as over HTTP', async () => {
    const ticket = await ticketOfNewCustomer();
    const cases: [string, Record<string, unknown>][] = [
      ['subscription($a: String) { ticketEvents(after: $a) { cursor } }', { a: 12 }],
      ['subscription($a: String) { ticketEvents(after: $a) { cursor } }', { a: { x: 1 } }],
      ['subscription($f: TicketFilter) { ticketEvents(filter: $f) { cursor } }', { f: { status: ['NOPE'] } }],
      ['subscription($f: TicketFilter) { ticketEvents(filter: $f) { cursor } }', { f: { status: 'OPEN', bogus: 1 } }],
      ['subscription($f: TicketFilter) { ticketEvents(filter: $f) { cursor } }', { f: 'OPEN' }],
      ['subscription($id: ID!) { ticketUpdated(id: $id) { cursor } }', { id: {} }],
      ['subscription($id: ID!) { ticketUpdated(id: $id) { cursor } }', { id: null }],
      ['subscription($id: ID!) { ticketUpdated(id: $id) { cursor } }', {}],
      ['subscription($id: ID!, $a: String) { ticketUpdated(id: $id, after: $a) { cursor } }', { id: ticket, a: true }],
      ['subscription($p: ID) { stockLevelChanged(partId: $p) { cursor } }', { p: [1, 2] }],
      ['subscription($s: [StockStatus!]) { stockAlerts(status: $s) { cursor } }', { s: ['LOW', null] }],
      ['subscription($a: String) { slaAlerts(after: $a) { cursor } }', { a: 1.5 }],
      ['subscription($a: String) { complaintUpdates(after: $a) { cursor } }', { a: [] }],
    ];
    const client: Client = t.ws(admin);
    for (const [query, variables] of cases) {
      const sub = collect(client, query, variables);
      await expect(sub.waitFor(1)).rejects.toThrow();
      const errs = sub.errors.flatMap((e) => (Array.isArray(e) ? e : [e])) as { extensions?: { code?: string } }[];
      const got = errs.map((e) => e.extensions?.code);
      expect({ query, variables, got }).toEqual({ query, variables, got: got.map(() => 'BAD_USER_INPUT') });
      expect(got.length).toBeGreaterThan(0);
      expect(got).not.toContain('INTERNAL_SERVER_ERROR');
    }
    // the connection is still usable afterwards: a well-typed subscription works
    const good = await collectFromNow(t, client, 'subscription($id: ID!, $after: String) { ticketUpdated(id: $id, after: $after) { type ticket { subject } } }', { id: ticket });
    await ok(admin, `mutation($id: ID!) { updateTicket(input: { id: $id, subject: "After the bad ones" }) { userErrors { code } } }`, { id: ticket });
    expect((await good.waitFor(1))[0]).toEqual({ ticketUpdated: { type: 'UPDATED', ticket: { subject: 'After the bad ones' } } });
  });
});
