import {
  ConsumeReservationDocument,
  CreateCustomerDocument,
  CreatePartDocument,
  CreateStockLocationDocument,
  CreateTicketDocument,
  ReceiveStockDocument,
  ReleaseReservationDocument,
  ReservePartDocument,
  SetReorderPolicyDocument,
  StockAlertsDocument,
  StockLevelChangedDocument,
  TicketUpdatedDocument,
  TransferStockDocument,
  type StockAlertsSubscription,
  type StockLevelChangedSubscription,
  type TicketUpdatedSubscription,
} from './generated/operations';
import { collect, collectFromNow, gid, Role, startTestHub, type TestHub } from './support/harness';

let t: TestHub;
let manager: string;
let agent: string;
let customerId: string;
let customerToken: string;

beforeAll(async () => {
  t = await startTestHub();
  manager = t.token(Role.MANAGER);
  agent = t.token(Role.AGENT);
  const c = await t.gql(manager, CreateCustomerDocument, { input: { name: 'Bo Fixit', email: 'bo@example.com' } });
  customerId = c.data!.createCustomer.customer!.id;
  customerToken = t.token(Role.CUSTOMER, { customerId });
});
afterAll(async () => {
  await t?.stop();
});

let n = 0;
const uniq = () => `${Date.now().toString(36).slice(-4)}${(++n).toString(36)}`.toUpperCase();

async function part() {
  const r = await t.gql(manager, CreatePartDocument, { input: { sku: `S-${uniq()}`, name: 'Door seal', unitCost: '8.40' } });
  return r.data!.createPart.part!;
}

async function location(kind: 'WAREHOUSE' | 'DEPOT' | 'VAN' = 'WAREHOUSE') {
  const r = await t.gql(manager, CreateStockLocationDocument, { input: { code: `S-${uniq()}`, name: 'Somewhere', kind } });
  return r.data!.createStockLocation.stockLocation!;
}

async function ticket() {
  const r = await t.gql(agent, CreateTicketDocument, {
    input: { customerId, subject: 'Washer leaks', kind: 'REPAIR', priority: 'HIGH', channel: 'EMAIL' },
  });
  return r.data!.createTicket.ticket!;
}

async function ok<T extends Record<string, { userErrors: unknown[] }>>(p: Promise<{ data?: T; errors?: unknown }>): Promise<T[keyof T]> {
  const r = await p;
  expect(r.errors).toBeUndefined();
  const payload = Object.values(r.data!)[0] as T[keyof T];
  expect(payload.userErrors).toEqual([]);
  return payload;
}

/** Subscribes `after:` the given cursor, or from now (see collectFromNow). */
async function live<T>(token: string, doc: Parameters<typeof collect>[1], vars: Record<string, unknown>) {
  return 'after' in vars ? collect<T>(t.ws(token), doc, vars) : collectFromNow<T>(t, t.ws(token), doc, vars);
}

test('stockLevelChanged delivers every change of a level, in order, filtered by part and location', async () => {
  const p = await part();
  const wh = await location();
  const van = await location('VAN');
  const one = await live<StockLevelChangedSubscription>(manager, StockLevelChangedDocument, { partId: p.id, locationId: wh.id });
  const all = await live<StockLevelChangedSubscription>(agent, StockLevelChangedDocument, { partId: p.id });

  await ok(t.gql(manager, ReceiveStockDocument, { input: { partId: p.id, locationId: wh.id, quantity: 10 } }));
  await ok(t.gql(manager, TransferStockDocument, { input: { partId: p.id, fromLocationId: wh.id, toLocationId: van.id, quantity: 3 } }));
  const tk = await ticket();
  await ok(t.gql(agent, ReservePartDocument, { input: { ticketId: tk.id, partId: p.id, locationId: wh.id, quantity: 2 } }));
  await ok(t.gql(manager, SetReorderPolicyDocument, { input: { partId: p.id, locationId: wh.id, reorderPoint: 5, reorderQuantity: 10 } }));

  const events = (await one.waitFor(4)).map((e) => e.stockLevelChanged);
  expect(events.map((e) => [e.type, e.movement?.quantity ?? null, e.movement?.onHandAfter ?? null, e.available, e.status])).toEqual([
    ['RECEIPT', 10, 10, 10, 'IN_STOCK'],
    ['TRANSFER_OUT', -3, 7, 7, 'IN_STOCK'],
    ['RESERVATION', 2, 7, 5, 'IN_STOCK'],
    ['REORDER_POLICY_CHANGED', null, null, 5, 'LOW'],
  ]);
  expect(new Set(events.map((e) => e.stockLevel.location.id))).toEqual(new Set([wh.id]));
  const cursors = events.map((e) => Number(e.cursor.split(':')[1])); // <epoch>:<seq>
  expect([...cursors].sort((a, b) => a - b)).toEqual(cursors);

  const everywhere = (await all.waitFor(5)).map((e) => [e.stockLevelChanged.type, e.stockLevelChanged.stockLevel.location.id]);
  expect(everywhere).toEqual([
    ['RECEIPT', wh.id],
    [expect.stringMatching(/^TRANSFER_/), expect.any(String)],
    [expect.stringMatching(/^TRANSFER_/), expect.any(String)],
    ['RESERVATION', wh.id],
    ['REORDER_POLICY_CHANGED', wh.id],
  ]);
  expect(everywhere.filter(([type]) => type === 'TRANSFER_IN')).toEqual([['TRANSFER_IN', van.id]]);
  // the sentinel: one more receipt here, which must be the next event after the four above
  await ok(t.gql(manager, ReceiveStockDocument, { input: { partId: p.id, locationId: wh.id, quantity: 1 } }));
  const isSentinel = (e: StockLevelChangedSubscription) => e.stockLevelChanged.type === 'RECEIPT' && e.stockLevelChanged.movement?.quantity === 1;
  expect(await one.beforeSentinel(4, isSentinel)).toHaveLength(4);
  expect(await all.beforeSentinel(5, isSentinel)).toHaveLength(5);
  one.unsubscribe();
  all.unsubscribe();
});

test('stockAlerts fire once per crossing into LOW or OUT_OF_STOCK and back to IN_STOCK', async () => {
  const p = await part();
  const depot = await location('DEPOT');
  const alerts = await live<StockAlertsSubscription>(manager, StockAlertsDocument, { partId: p.id });
  const outOnly = await live<StockAlertsSubscription>(manager, StockAlertsDocument, { partId: p.id, status: ['OUT_OF_STOCK'] });
  const loc = { partId: p.id, locationId: depot.id };
  const tk = await ticket();

  await ok(t.gql(manager, ReceiveStockDocument, { input: { ...loc, quantity: 10 } })); // new level, IN_STOCK: no alert
  await ok(t.gql(manager, SetReorderPolicyDocument, { input: { ...loc, reorderPoint: 5, reorderQuantity: 20 } })); // 10 > 5: none
  await ok(t.gql(agent, ReservePartDocument, { input: { ...loc, ticketId: tk.id, quantity: 5 } })); // 5: LOW
  await ok(t.gql(agent, ReservePartDocument, { input: { ...loc, ticketId: tk.id, quantity: 1 } })); // 4: still LOW
  const last = await ok(t.gql(agent, ReservePartDocument, { input: { ...loc, ticketId: tk.id, quantity: 4 } })); // 0: OUT_OF_STOCK
  const refused = await t.gql(agent, ReservePartDocument, { input: { ...loc, ticketId: tk.id, quantity: 1 } });
  expect(refused.data!.reservePart.userErrors[0].code).toBe('INSUFFICIENT_STOCK');
  await ok(t.gql(agent, ReleaseReservationDocument, { input: { reservationId: last.reservation!.id } })); // 4: LOW
  await ok(t.gql(manager, ReceiveStockDocument, { input: { ...loc, quantity: 20 } })); // 24: IN_STOCK
  await ok(t.gql(manager, ReceiveStockDocument, { input: { ...loc, quantity: 1 } })); // 25: none

  const got = (await alerts.waitFor(4)).map((e) => e.stockAlerts);
  expect(got.map((a) => [a.previousStatus, a.status, a.available])).toEqual([
    ['IN_STOCK', 'LOW', 5],
    ['LOW', 'OUT_OF_STOCK', 0],
    ['OUT_OF_STOCK', 'LOW', 4],
    ['LOW', 'IN_STOCK', 24],
  ]);
  expect(got[0].stockLevel).toMatchObject({ reorderPoint: 5, part: { id: p.id }, location: { id: depot.id } });
  expect((await outOnly.waitFor(1)).map((e) => e.stockAlerts.status)).toEqual(['OUT_OF_STOCK']);
  // the sentinel: reserving all 25 crosses into OUT_OF_STOCK, the next alert on both subscriptions
  await ok(t.gql(agent, ReservePartDocument, { input: { ...loc, ticketId: tk.id, quantity: 25 } }));
  const isSentinel = (e: StockAlertsSubscription) => e.stockAlerts.status === 'OUT_OF_STOCK' && e.stockAlerts.available === 0 && e.stockAlerts.previousStatus === 'IN_STOCK';
  expect(await alerts.beforeSentinel(4, isSentinel)).toHaveLength(4);
  expect(await outOnly.beforeSentinel(1, isSentinel)).toHaveLength(1);
  alerts.unsubscribe();
  outOnly.unsubscribe();
});

test('with `after`, a stock subscription replays what it missed, then goes live without gap or duplicate', async () => {
  const p = await part();
  const wh = await location();
  const first = await live<StockLevelChangedSubscription>(manager, StockLevelChangedDocument, { partId: p.id });
  await ok(t.gql(manager, ReceiveStockDocument, { input: { partId: p.id, locationId: wh.id, quantity: 1 } }));
  const [seen] = await first.waitFor(1);
  first.unsubscribe();
  // missed while away
  await ok(t.gql(manager, ReceiveStockDocument, { input: { partId: p.id, locationId: wh.id, quantity: 2 } }));
  await ok(t.gql(manager, ReceiveStockDocument, { input: { partId: p.id, locationId: wh.id, quantity: 3 } }));
  const again = await live<StockLevelChangedSubscription>(manager, StockLevelChangedDocument, { partId: p.id, after: seen.stockLevelChanged.cursor });
  await again.waitFor(2);
  await ok(t.gql(manager, ReceiveStockDocument, { input: { partId: p.id, locationId: wh.id, quantity: 4 } }));
  const events = (await again.waitFor(3)).map((e) => e.stockLevelChanged.movement!.quantity);
  expect(events).toEqual([2, 3, 4]);
  await ok(t.gql(manager, ReceiveStockDocument, { input: { partId: p.id, locationId: wh.id, quantity: 5 } }));
  expect(await again.beforeSentinel(3, (e) => e.stockLevelChanged.movement?.quantity === 5)).toHaveLength(3);
  again.unsubscribe();
});

test("a ticket's reservation changes appear in its ticket events", async () => {
  const p = await part();
  const van = await location('VAN');
  await ok(t.gql(manager, ReceiveStockDocument, { input: { partId: p.id, locationId: van.id, quantity: 3 } }));
  const tk = await ticket();
  const staff = await live<TicketUpdatedSubscription>(agent, TicketUpdatedDocument, { id: tk.id });
  const owner = await live<TicketUpdatedSubscription>(customerToken, TicketUpdatedDocument, { id: tk.id });
  const r = await ok(t.gql(agent, ReservePartDocument, { input: { ticketId: tk.id, partId: p.id, locationId: van.id, quantity: 2 } }));
  await ok(t.gql(agent, ConsumeReservationDocument, { input: { reservationId: r.reservation!.id } }));
  expect((await staff.waitFor(2)).map((e) => e.ticketUpdated.type)).toEqual(['RESERVATION_CHANGED', 'RESERVATION_CHANGED']);
  expect((await owner.waitFor(2)).map((e) => e.ticketUpdated.ticket.id)).toEqual([tk.id, tk.id]);
  staff.unsubscribe();
  owner.unsubscribe();
});

test('stock subscriptions are for staff only and check their arguments', async () => {
  const asCustomer = collect(t.ws(customerToken), StockAlertsDocument, {});
  await expect(asCustomer.waitFor(1)).rejects.toThrow(/FORBIDDEN/);
  const levels = collect(t.ws(customerToken), StockLevelChangedDocument, {});
  await expect(levels.waitFor(1)).rejects.toThrow(/FORBIDDEN/);
  const anonymous = collect(t.ws(null), StockAlertsDocument, {});
  await expect(anonymous.waitFor(1)).rejects.toThrow(/UNAUTHENTICATED/);
  const unknown = collect(t.ws(agent), StockLevelChangedDocument, { partId: gid('Part', '00000000-0000-4000-8000-00000000000f') });
  await expect(unknown.waitFor(1)).rejects.toThrow(/NOT_FOUND/);
  const badCursor = collect(t.ws(agent), StockAlertsDocument, { after: 'yesterday' });
  await expect(badCursor.waitFor(1)).rejects.toThrow(/CURSOR_INVALID/);
});
