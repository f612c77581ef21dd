import {
  AdjustStockDocument,
  ChangeTicketStatusDocument,
  ConsumeReservationDocument,
  CreateCustomerDocument,
  CreatePartDocument,
  CreateStockLocationDocument,
  CreateTicketDocument,
  LocationStockDocument,
  PartDetailDocument,
  PartsDocument,
  ReceiveStockDocument,
  ReleaseReservationDocument,
  ReorderListDocument,
  ReservePartDocument,
  ResolveTicketDocument,
  SetReorderPolicyDocument,
  StockLevelLedgerDocument,
  StockLevelsDocument,
  StockLocationsDocument,
  StockMovementsDocument,
  StockNodeDocument,
  TicketReservationsDocument,
  TransferStockDocument,
  type LocationKind,
} from './generated/operations';
import { seedDemoStock } from '../src/seed/demo-stock';
import { gid, Role, startTestHub, type TestHub } from './support/harness';

let t: TestHub;
let manager: string;
let agent: string;
let analyst: string;
let customerToken: string;
let customerId: string;

beforeAll(async () => {
  t = await startTestHub();
  manager = t.token(Role.MANAGER);
  agent = t.token(Role.AGENT);
  analyst = t.token(Role.ANALYST);
  const c = await t.gql(manager, CreateCustomerDocument, { input: { name: 'Ada Repairs', email: 'ada@example.com' } });
  customerId = c.data!.createCustomer.customer!.id;
  customerToken = t.token(Role.CUSTOMER, { customerId });
});
afterAll(async () => {
  await t?.stop();
});

// ── helpers ──────────────────────────────────────────────────────────────────────────────

let seq = 0;
const uniq = () => `${Date.now().toString(36).slice(-4)}${(++seq).toString(36)}`.toUpperCase();

async function part(overrides: Record<string, unknown> = {}) {
  const r = await t.gql(manager, CreatePartDocument, {
    input: { sku: `P-${uniq()}`, name: 'Drain pump', unitCost: '12.5', leadTimeDays: 5, ...overrides },
  });
  expect(r.errors).toBeUndefined();
  expect(r.data!.createPart.userErrors).toEqual([]);
  return r.data!.createPart.part!;
}

async function location(kind: LocationKind = 'WAREHOUSE') {
  const r = await t.gql(manager, CreateStockLocationDocument, { input: { code: `L-${uniq()}`, name: `Location ${kind}`, kind } });
  expect(r.data!.createStockLocation.userErrors).toEqual([]);
  return r.data!.createStockLocation.stockLocation!;
}

async function receive(partId: string, locationId: string, quantity: number) {
  const r = await t.gql(manager, ReceiveStockDocument, { input: { partId, locationId, quantity, reference: 'PO-1' } });
  expect(r.errors).toBeUndefined();
  expect(r.data!.receiveStock.userErrors).toEqual([]);
  return r.data!.receiveStock;
}

async function ticket(kind: 'REPAIR' | 'QUESTION' = 'REPAIR') {
  const r = await t.gql(agent, CreateTicketDocument, {
    input: { customerId, subject: 'Dishwasher does not drain', kind, priority: 'NORMAL', channel: 'PHONE' },
  });
  expect(r.data!.createTicket.userErrors).toEqual([]);
  return r.data!.createTicket.ticket!;
}

async function reserve(ticketId: string, partId: string, locationId: string, quantity: number, token = agent) {
  const r = await t.gql(token, ReservePartDocument, { input: { ticketId, partId, locationId, quantity } });
  expect(r.errors).toBeUndefined();
  return r.data!.reservePart;
}

/** Rows written to the stock tables: a failed mutation must leave every count as it was. */
async function counts() {
  const [r] = await t.hub.app.db.query(
    `SELECT (SELECT count(*) FROM part)::int AS parts, (SELECT count(*) FROM stock_location)::int AS locations,
            (SELECT count(*) FROM stock_level)::int AS levels, (SELECT count(*) FROM stock_movement)::int AS movements,
            (SELECT count(*) FROM part_reservation)::int AS reservations,
            (SELECT coalesce(sum(on_hand), 0)::int FROM stock_level) AS on_hand,
            (SELECT coalesce(sum(reserved), 0)::int FROM stock_level) AS reserved,
            (SELECT count(*) FROM event_log WHERE topic IN ('stock', 'stock_alert'))::int AS events`,
  );
  return r;
}

/**
 * The ledger agrees with every level: on hand and reserved are the sums of their movements,
 * the last movement carries the level as it is, and reserved is what open reservations hold.
 */
async function expectLedgerAgrees() {
  const rows: Record<string, number | null>[] = await t.hub.app.db.query(`
    SELECT l.on_hand, l.reserved,
      (SELECT coalesce(sum(quantity), 0)::int FROM stock_movement m WHERE m.stock_level_id = l.id AND m.kind NOT IN ('RESERVATION', 'RELEASE')) AS ledger_on_hand,
      (SELECT coalesce(sum(quantity), 0)::int FROM stock_movement m WHERE m.stock_level_id = l.id AND m.kind IN ('RESERVATION', 'RELEASE', 'CONSUMPTION')) AS ledger_reserved,
      (SELECT on_hand_after FROM stock_movement m WHERE m.stock_level_id = l.id ORDER BY seq DESC LIMIT 1) AS last_on_hand,
      (SELECT reserved_after FROM stock_movement m WHERE m.stock_level_id = l.id ORDER BY seq DESC LIMIT 1) AS last_reserved,
      (SELECT coalesce(sum(quantity), 0)::int FROM part_reservation r WHERE r.stock_level_id = l.id AND r.status = 'RESERVED') AS held
    FROM stock_level l`);
  for (const r of rows) {
    expect(r.ledger_on_hand).toBe(r.on_hand);
    expect(r.ledger_reserved).toBe(r.reserved);
    expect(r.held).toBe(r.reserved);
    if (r.last_on_hand !== null) {
      expect(r.last_on_hand).toBe(r.on_hand);
      expect(r.last_reserved).toBe(r.reserved);
    }
  }
}

/** The database id behind a global id. */
const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

const MISSING_PART = gid('Part', '00000000-0000-4000-8000-000000000001');
const MISSING_LOCATION = gid('StockLocation', '00000000-0000-4000-8000-000000000002');

// ── catalogue ────────────────────────────────────────────────────────────────────────────

describe('catalogue', () => {
  test('createPart normalizes the SKU and returns money as a Decimal string', async () => {
    const sku = `ab-${uniq().toLowerCase()}`;
    const p = await part({ sku: `  ${sku} `, unitCost: '12.5', description: 'Fits DW-400 series' });
    expect(p.sku).toBe(sku.toUpperCase());
    expect(p.unitCost).toBe('12.50');
    expect(p.leadTimeDays).toBe(5);
    expect(p.onHand).toBe(0);
    expect(p.available).toBe(0);
    const bySku = await t.gql(analyst, PartDetailDocument, { sku: sku.toLowerCase() });
    expect(bySku.data!.part!.id).toBe(p.id);
    const precise = await part({ unitCost: '0.1234' });
    expect(precise.unitCost).toBe('0.1234');
  });

  test('bad catalogue input is a userError and writes nothing', async () => {
    const existing = await part();
    const before = await counts();
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ sku: existing.sku.toLowerCase() }, 'DUPLICATE', ['input', 'sku']],
      [{ sku: 'has space' }, 'INVALID_INPUT', ['input', 'sku']],
      [{ sku: 'X' }, 'INVALID_INPUT', ['input', 'sku']],
      [{ sku: 'A'.repeat(41) }, 'INVALID_INPUT', ['input', 'sku']],
      [{ unitCost: '-1.00' }, 'INVALID_INPUT', ['input', 'unitCost']],
      [{ unitCost: '123456789012.00' }, 'INVALID_INPUT', ['input', 'unitCost']],
      [{ leadTimeDays: -1 }, 'INVALID_INPUT', ['input', 'leadTimeDays']],
      [{ leadTimeDays: 100000 }, 'INVALID_INPUT', ['input', 'leadTimeDays']],
      [{ name: '   ' }, 'INVALID_INPUT', ['input', 'name']],
    ];
    for (const [override, code, field] of cases) {
      const r = await t.gql(manager, CreatePartDocument, { input: { sku: `OK-${uniq()}`, name: 'Belt', unitCost: '3.00', ...override } });
      expect(r.errors).toBeUndefined();
      expect(r.data!.createPart.part).toBeNull();
      expect(r.data!.createPart.userErrors).toEqual([expect.objectContaining({ code, field })]);
    }
    const badLoc = await t.gql(manager, CreateStockLocationDocument, { input: { code: 'no spaces', name: 'X', kind: 'VAN' } });
    expect(badLoc.data!.createStockLocation.userErrors[0].code).toBe('INVALID_INPUT');
    const loc = await location('VAN');
    const dupLoc = await t.gql(manager, CreateStockLocationDocument, { input: { code: loc.code.toLowerCase(), name: 'Again', kind: 'VAN' } });
    expect(dupLoc.data!.createStockLocation.userErrors[0]).toEqual(expect.objectContaining({ code: 'DUPLICATE', field: ['input', 'code'] }));
    const after = await counts();
    expect({ ...after, locations: after.locations - 1 }).toEqual(before);
  });

  test('a malformed Decimal is a request error, never an internal one', async () => {
    const r = await t.gql(manager, CreatePartDocument, { input: { sku: `OK-${uniq()}`, name: 'Belt', unitCost: 'ten' } });
    expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  test('roles: managers keep the catalogue, agents and analysts read, customers see no stock', async () => {
    const p = await part();
    const asAgent = await t.gql(agent, CreatePartDocument, { input: { sku: `AG-${uniq()}`, name: 'x', unitCost: '1' } });
    expect(asAgent.errors![0].extensions!.code).toBe('FORBIDDEN');
    const asAnalyst = await t.gql(analyst, CreateStockLocationDocument, { input: { code: `AN-${uniq()}`, name: 'x', kind: 'DEPOT' } });
    expect(asAnalyst.errors![0].extensions!.code).toBe('FORBIDDEN');
    const asAdmin = await t.gql(t.token(Role.ADMIN), CreatePartDocument, { input: { sku: `AD-${uniq()}`, name: 'x', unitCost: '1' } });
    expect(asAdmin.data!.createPart.userErrors).toEqual([]);
    expect((await t.gql(agent, PartsDocument, { first: 5 })).errors).toBeUndefined();
    for (const doc of [PartsDocument, StockLevelsDocument, StockMovementsDocument, StockLocationsDocument]) {
      const r = await t.gql(customerToken, doc, {});
      expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
    }
    const node = await t.gql(customerToken, StockNodeDocument, { id: p.id });
    expect(node.errors).toBeUndefined();
    expect(node.data!.node).toBeNull();
    const asStaff = await t.gql(agent, StockNodeDocument, { id: p.id });
    expect(asStaff.data!.node).toEqual({ __typename: 'Part', id: p.id, sku: p.sku });
    expect((await t.gql(null, PartsDocument, {})).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });

  test('parts filter by text, SKU, cost and stock status, and paginate', async () => {
    const tag = uniq();
    const a = await part({ sku: `FLT-${tag}-A`, name: `Filter ${tag} cartridge`, unitCost: '5.00' });
    const b = await part({ sku: `FLT-${tag}-B`, name: `Filter ${tag} housing`, unitCost: '50.00' });
    await part({ sku: `FLT-${tag}-C`, name: `Filter ${tag} gasket`, unitCost: '0.50' });
    const all = await t.gql(agent, PartsDocument, { filter: { text: `filter ${tag}` }, first: 2 });
    expect(all.data!.parts.totalCount).toBe(3);
    expect(all.data!.parts.nodes.map((n) => n.sku)).toEqual([`FLT-${tag}-A`, `FLT-${tag}-B`]);
    const next = await t.gql(agent, PartsDocument, { filter: { text: `filter ${tag}` }, first: 2, after: all.data!.parts.pageInfo.endCursor });
    expect(next.data!.parts.nodes.map((n) => n.sku)).toEqual([`FLT-${tag}-C`]);
    expect(next.data!.parts.pageInfo.hasNextPage).toBe(false);
    const cost = await t.gql(agent, PartsDocument, { filter: { text: tag, unitCostFrom: '1', unitCostTo: '50' } });
    expect(cost.data!.parts.nodes.map((n) => n.id)).toEqual([a.id]);
    const bySku = await t.gql(agent, PartsDocument, { filter: { sku: [b.sku.toLowerCase()] } });
    expect(bySku.data!.parts.nodes.map((n) => n.id)).toEqual([b.id]);
    const loc = await location();
    await receive(a.id, loc.id, 1);
    const out = await t.gql(agent, PartsDocument, { filter: { text: tag, stockStatus: ['OUT_OF_STOCK', 'LOW'] } });
    expect(out.data!.parts.totalCount).toBe(0);
    const ordered = await t.gql(agent, PartsDocument, { filter: { text: tag }, orderBy: { field: 'UNIT_COST', direction: 'DESC' } });
    expect(ordered.data!.parts.nodes.map((n) => n.unitCost)).toEqual(['50.00', '5.00', '0.50']);
    // a cursor from another list or order is a bad request, not a server error
    const wrong = await t.gql(agent, StockLevelsDocument, { after: all.data!.parts.pageInfo.endCursor, orderBy: { field: 'AVAILABLE', direction: 'ASC' } });
    expect(wrong.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const garbage = await t.gql(agent, StockMovementsDocument, { after: 'not-a-cursor' });
    expect(garbage.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });
});

// ── levels and the ledger ─────────────────────────────────────────────────────────────────

describe('stock levels', () => {
  test('receive, adjust and transfer keep levels and ledger in step', async () => {
    const p = await part();
    const wh = await location('WAREHOUSE');
    const van = await location('VAN');
    const r1 = await receive(p.id, wh.id, 10);
    expect(r1.stockLevel).toMatchObject({ onHand: 10, reserved: 0, available: 10, status: 'IN_STOCK', version: 1 });
    expect(r1.movement).toMatchObject({ kind: 'RECEIPT', quantity: 10, onHandAfter: 10, reservedAfter: 0, reference: 'PO-1', actor: 'manager-test' });
    const r2 = await receive(p.id, wh.id, 5);
    expect(r2.stockLevel).toMatchObject({ id: r1.stockLevel!.id, onHand: 15, version: 2 });

    const adj = await t.gql(manager, AdjustStockDocument, {
      input: { partId: p.id, locationId: wh.id, delta: -3, reason: 'Stock count', expectedOnHand: 15 },
    });
    expect(adj.data!.adjustStock.userErrors).toEqual([]);
    expect(adj.data!.adjustStock.movement).toMatchObject({ kind: 'ADJUSTMENT', quantity: -3, onHandAfter: 12, note: 'Stock count' });

    const stale = await t.gql(manager, AdjustStockDocument, {
      input: { partId: p.id, locationId: wh.id, delta: 1, reason: 'Stock count', expectedOnHand: 15 },
    });
    expect(stale.data!.adjustStock.userErrors[0]).toMatchObject({ code: 'VERSION_CONFLICT', field: ['input', 'expectedOnHand'] });

    const tr = await t.gql(manager, TransferStockDocument, { input: { partId: p.id, fromLocationId: wh.id, toLocationId: van.id, quantity: 4 } });
    expect(tr.data!.transferStock.userErrors).toEqual([]);
    expect(tr.data!.transferStock.from).toMatchObject({ onHand: 8, location: { id: wh.id } });
    expect(tr.data!.transferStock.to).toMatchObject({ onHand: 4, location: { id: van.id } });
    expect(tr.data!.transferStock.movements!.map((m) => [m.kind, m.quantity, m.note])).toEqual([
      ['TRANSFER_OUT', -4, `to ${van.code}`],
      ['TRANSFER_IN', 4, `from ${wh.code}`],
    ]);

    const detail = await t.gql(agent, PartDetailDocument, { id: p.id });
    expect(detail.data!.part).toMatchObject({ onHand: 12, available: 12 });
    expect(detail.data!.part!.stockLevels.map((l) => l.location.code).sort()).toEqual([wh.code, van.code].sort());

    const ledger = await t.gql(analyst, StockLevelLedgerDocument, { id: r1.stockLevel!.id });
    const node = ledger.data!.node as { movements: { totalCount: number; nodes: { kind: string }[] } };
    expect(node.movements.totalCount).toBe(4);
    expect(node.movements.nodes.map((m) => m.kind)).toEqual(['TRANSFER_OUT', 'ADJUSTMENT', 'RECEIPT', 'RECEIPT']);

    const moves = await t.gql(analyst, StockMovementsDocument, { filter: { partId: [p.id], kind: ['RECEIPT'] } });
    expect(moves.data!.stockMovements.totalCount).toBe(2);
    await expectLedgerAgrees();
  });

  test('an adjustment may raise stock where there was none, but never go below what is reserved', async () => {
    const p = await part();
    const depot = await location('DEPOT');
    const up = await t.gql(manager, AdjustStockDocument, { input: { partId: p.id, locationId: depot.id, delta: 3, reason: 'Found in count', expectedOnHand: 0 } });
    expect(up.data!.adjustStock.stockLevel).toMatchObject({ onHand: 3 });
    const tk = await ticket();
    expect((await reserve(tk.id, p.id, depot.id, 2)).userErrors).toEqual([]);
    const before = await counts();
    const down = await t.gql(manager, AdjustStockDocument, { input: { partId: p.id, locationId: depot.id, delta: -2, reason: 'Damaged' } });
    expect(down.data!.adjustStock.userErrors[0].code).toBe('INSUFFICIENT_STOCK');
    expect(await counts()).toEqual(before);
  });

  test('reorder policy sets LOW and OUT_OF_STOCK, and the status filters find them', async () => {
    const p = await part();
    const wh = await location('WAREHOUSE');
    const depot = await location('DEPOT');
    const van = await location('VAN');
    await receive(p.id, wh.id, 20);
    await receive(p.id, depot.id, 3);
    const pol = await t.gql(manager, SetReorderPolicyDocument, { input: { partId: p.id, locationId: depot.id, reorderPoint: 5, reorderQuantity: 10 } });
    expect(pol.data!.setReorderPolicy.stockLevel).toMatchObject({ status: 'LOW', reorderPoint: 5, reorderQuantity: 10, version: 2 });
    const stale = await t.gql(manager, SetReorderPolicyDocument, {
      input: { partId: p.id, locationId: depot.id, reorderPoint: 5, reorderQuantity: 10, expectedVersion: 1 },
    });
    expect(stale.data!.setReorderPolicy.userErrors[0].code).toBe('VERSION_CONFLICT');
    // a policy for a location without stock creates an empty level
    const empty = await t.gql(manager, SetReorderPolicyDocument, { input: { partId: p.id, locationId: van.id, reorderPoint: 1, reorderQuantity: 2 } });
    expect(empty.data!.setReorderPolicy.stockLevel).toMatchObject({ onHand: 0, status: 'OUT_OF_STOCK', version: 1 });

    const low = await t.gql(agent, StockLevelsDocument, { filter: { partId: [p.id], status: ['LOW'] } });
    expect(low.data!.stockLevels.nodes.map((l) => l.location.id)).toEqual([depot.id]);
    const both = await t.gql(agent, StockLevelsDocument, {
      filter: { partId: [p.id], status: ['LOW', 'OUT_OF_STOCK'] },
      orderBy: { field: 'AVAILABLE', direction: 'ASC' },
    });
    expect(both.data!.stockLevels.nodes.map((l) => [l.location.id, l.status])).toEqual([
      [van.id, 'OUT_OF_STOCK'],
      [depot.id, 'LOW'],
    ]);
    const notOk = await t.gql(agent, StockLevelsDocument, { filter: { partId: [p.id], not: { status: ['IN_STOCK'] } } });
    expect(notOk.data!.stockLevels.totalCount).toBe(2);
    const vans = await t.gql(agent, StockLevelsDocument, { filter: { partId: [p.id], locationKind: ['VAN'] } });
    expect(vans.data!.stockLevels.nodes.map((l) => l.id)).toEqual([empty.data!.setReorderPolicy.stockLevel!.id]);
    const atDepot = await t.gql(agent, LocationStockDocument, { id: depot.id, filter: { status: ['LOW'] } });
    expect((atDepot.data!.node as { stockLevels: { totalCount: number } }).stockLevels.totalCount).toBe(1);
    const reorder = await t.gql(manager, ReorderListDocument, {});
    expect(reorder.errors).toBeUndefined();
    expect(reorder.data!.stockLevels.nodes.some((l) => l.location.id === depot.id)).toBe(true);
    const locs = await t.gql(agent, StockLocationsDocument, { kind: ['VAN'] });
    expect(locs.data!.stockLocations.every((l) => l.kind === 'VAN')).toBe(true);
    expect(locs.data!.stockLocations.some((l) => l.id === van.id)).toBe(true);
    await expectLedgerAgrees();
  });

  test('zero, negative and absurd quantities, unknown parts or locations and self-transfers are userErrors that write nothing', async () => {
    const p = await part();
    const wh = await location();
    const van = await location('VAN');
    await receive(p.id, wh.id, 10);
    const tk = await ticket();
    const before = await counts();
    const expectRefused = async (doc: unknown, input: Record<string, unknown>, code: string, field?: string[]) => {
      const r = await t.gql(doc === ReservePartDocument ? agent : manager, doc as never, { input });
      expect(r.errors).toBeUndefined();
      const payload = Object.values(r.data as Record<string, { userErrors: { code: string; field: string[] | null }[] }>)[0];
      expect(payload.userErrors).toHaveLength(1);
      expect(payload.userErrors[0].code).toBe(code);
      if (field) expect(payload.userErrors[0].field).toEqual(field);
    };
    const rcv = { partId: p.id, locationId: wh.id };
    for (const quantity of [0, -1, 1_000_001, 2_000_000_000]) {
      await expectRefused(ReceiveStockDocument, { ...rcv, quantity }, 'INVALID_INPUT', ['input', 'quantity']);
      await expectRefused(ReservePartDocument, { ...rcv, ticketId: tk.id, quantity }, 'INVALID_INPUT', ['input', 'quantity']);
      await expectRefused(TransferStockDocument, { partId: p.id, fromLocationId: wh.id, toLocationId: van.id, quantity }, 'INVALID_INPUT', [
        'input',
        'quantity',
      ]);
    }
    for (const delta of [0, 1_000_001, -1_000_001]) {
      await expectRefused(AdjustStockDocument, { ...rcv, delta, reason: 'x' }, 'INVALID_INPUT', ['input', 'delta']);
    }
    await expectRefused(AdjustStockDocument, { ...rcv, delta: 1, reason: '  ' }, 'INVALID_INPUT', ['input', 'reason']);
    await expectRefused(AdjustStockDocument, { ...rcv, delta: -11, reason: 'count' }, 'INSUFFICIENT_STOCK');
    await expectRefused(ReceiveStockDocument, { partId: MISSING_PART, locationId: wh.id, quantity: 1 }, 'NOT_FOUND', ['input', 'partId']);
    await expectRefused(ReceiveStockDocument, { partId: 'garbage', locationId: wh.id, quantity: 1 }, 'NOT_FOUND', ['input', 'partId']);
    await expectRefused(ReceiveStockDocument, { partId: wh.id, locationId: wh.id, quantity: 1 }, 'NOT_FOUND', ['input', 'partId']);
    await expectRefused(ReceiveStockDocument, { partId: p.id, locationId: MISSING_LOCATION, quantity: 1 }, 'NOT_FOUND', ['input', 'locationId']);
    await expectRefused(ReservePartDocument, { ticketId: tk.id, partId: p.id, locationId: van.id, quantity: 1 }, 'INSUFFICIENT_STOCK');
    await expectRefused(ReservePartDocument, { ticketId: tk.id, partId: p.id, locationId: wh.id, quantity: 11 }, 'INSUFFICIENT_STOCK');
    await expectRefused(ReservePartDocument, { ticketId: gid('Ticket', '00000000-0000-4000-8000-000000000003'), partId: p.id, locationId: wh.id, quantity: 1 }, 'NOT_FOUND', [
      'input',
      'ticketId',
    ]);
    await expectRefused(TransferStockDocument, { partId: p.id, fromLocationId: wh.id, toLocationId: wh.id, quantity: 1 }, 'INVALID_INPUT', [
      'input',
      'toLocationId',
    ]);
    await expectRefused(TransferStockDocument, { partId: p.id, fromLocationId: wh.id, toLocationId: MISSING_LOCATION, quantity: 1 }, 'NOT_FOUND', [
      'input',
      'toLocationId',
    ]);
    await expectRefused(TransferStockDocument, { partId: p.id, fromLocationId: van.id, toLocationId: wh.id, quantity: 1 }, 'INSUFFICIENT_STOCK');
    await expectRefused(TransferStockDocument, { partId: p.id, fromLocationId: wh.id, toLocationId: van.id, quantity: 11 }, 'INSUFFICIENT_STOCK');
    await expectRefused(SetReorderPolicyDocument, { ...rcv, reorderPoint: -1, reorderQuantity: 1 }, 'INVALID_INPUT', ['input', 'reorderPoint']);
    await expectRefused(SetReorderPolicyDocument, { ...rcv, reorderPoint: 1, reorderQuantity: 5_000_000 }, 'INVALID_INPUT', ['input', 'reorderQuantity']);
    await expectRefused(ReceiveStockDocument, { ...rcv, quantity: 1, reference: 'x'.repeat(201) }, 'INVALID_INPUT', ['input', 'reference']);
    await expectRefused(ReceiveStockDocument, { ...rcv, quantity: 1, idempotencyKey: '' }, 'INVALID_INPUT', ['input', 'idempotencyKey']);
    expect(await counts()).toEqual(before);
  });

  test('a level never holds more than a billion units', async () => {
    const p = await part();
    const wh = await location();
    const r0 = await t.gql(manager, AdjustStockDocument, { input: { partId: p.id, locationId: wh.id, delta: 1_000_000, reason: 'bulk' } });
    expect(r0.data!.adjustStock.userErrors).toEqual([]);
    // bring the level (and its ledger) close to the limit without a million calls
    const levelId = uuidOf(r0.data!.adjustStock.stockLevel!.id);
    await t.hub.app.db.query(`UPDATE stock_level SET on_hand = 999999999 WHERE id = $1`, [levelId]);
    await t.hub.app.db.query(
      `INSERT INTO stock_movement (stock_level_id, part_id, location_id, kind, quantity, on_hand_after, reserved_after)
       SELECT id, part_id, location_id, 'ADJUSTMENT', 998999999, 999999999, 0 FROM stock_level WHERE id = $1`,
      [levelId],
    );
    const before = await counts();
    const r = await t.gql(manager, ReceiveStockDocument, { input: { partId: p.id, locationId: wh.id, quantity: 5 } });
    expect(r.errors).toBeUndefined();
    expect(r.data!.receiveStock.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'quantity'] });
    const adj = await t.gql(manager, AdjustStockDocument, { input: { partId: p.id, locationId: wh.id, delta: 5, reason: 'x' } });
    expect(adj.data!.adjustStock.userErrors[0].code).toBe('INVALID_INPUT');
    expect(await counts()).toEqual(before);
    await expectLedgerAgrees();
  });

  test('idempotency keys: a retried receipt, adjustment, transfer or reservation changes nothing twice', async () => {
    const p = await part();
    const wh = await location();
    const van = await location('VAN');
    const key = `k-${uniq()}`;
    const input = { partId: p.id, locationId: wh.id, quantity: 7, idempotencyKey: key };
    const [a, b] = await Promise.all([t.gql(manager, ReceiveStockDocument, { input }), t.gql(manager, ReceiveStockDocument, { input })]);
    const c = await t.gql(manager, ReceiveStockDocument, { input });
    expect(a.data!.receiveStock.movement!.id).toBe(b.data!.receiveStock.movement!.id);
    expect(c.data!.receiveStock.movement!.id).toBe(a.data!.receiveStock.movement!.id);
    expect(c.data!.receiveStock.stockLevel!.onHand).toBe(7);

    const adj = { partId: p.id, locationId: wh.id, delta: -1, reason: 'broken', idempotencyKey: key };
    await t.gql(manager, AdjustStockDocument, { input: adj });
    const adj2 = await t.gql(manager, AdjustStockDocument, { input: adj });
    expect(adj2.data!.adjustStock.stockLevel!.onHand).toBe(6);

    const tr = { partId: p.id, fromLocationId: wh.id, toLocationId: van.id, quantity: 2, idempotencyKey: key };
    await t.gql(manager, TransferStockDocument, { input: tr });
    const tr2 = await t.gql(manager, TransferStockDocument, { input: tr });
    expect(tr2.data!.transferStock.from!.onHand).toBe(4);
    expect(tr2.data!.transferStock.to!.onHand).toBe(2);

    const tk = await ticket();
    const res = { ticketId: tk.id, partId: p.id, locationId: wh.id, quantity: 3, idempotencyKey: key };
    const r1 = await t.gql(agent, ReservePartDocument, { input: res });
    const r2 = await t.gql(agent, ReservePartDocument, { input: res });
    expect(r2.data!.reservePart.reservation!.id).toBe(r1.data!.reservePart.reservation!.id);
    expect(r2.data!.reservePart.stockLevel!.reserved).toBe(3);
    const [{ n }] = await t.hub.app.db.query(`SELECT count(*)::int AS n FROM stock_movement m JOIN part p ON p.id = m.part_id WHERE p.sku = $1`, [p.sku]);
    expect(n).toBe(5); // receipt, adjustment, transfer out + in, reservation
    await expectLedgerAgrees();
  });
});

// ── reservations ─────────────────────────────────────────────────────────────────────────

describe('reservations', () => {
  test('200 concurrent reservations of 1 against 50 available: exactly 50 succeed', async () => {
    const p = await part();
    const wh = await location();
    await receive(p.id, wh.id, 50);
    const tickets = await Promise.all(Array.from({ length: 4 }, () => ticket()));
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        t.gql(agent, ReservePartDocument, { input: { ticketId: tickets[i % 4].id, partId: p.id, locationId: wh.id, quantity: 1 } }),
      ),
    );
    for (const r of results) expect(r.errors).toBeUndefined();
    const ok = results.filter((r) => r.data!.reservePart.userErrors.length === 0);
    const refused = results.filter((r) => r.data!.reservePart.userErrors.length > 0);
    expect(ok).toHaveLength(50);
    expect(refused).toHaveLength(150);
    for (const r of refused) expect(r.data!.reservePart.userErrors[0].code).toBe('INSUFFICIENT_STOCK');
    expect(new Set(ok.map((r) => r.data!.reservePart.reservation!.id)).size).toBe(50);
    const level = await t.gql(agent, PartDetailDocument, { id: p.id });
    expect(level.data!.part!.stockLevels[0]).toMatchObject({ onHand: 50, reserved: 50, available: 0, status: 'OUT_OF_STOCK', version: 51 });
    const [{ n }] = await t.hub.app.db.query(`SELECT count(*)::int AS n FROM stock_movement WHERE part_id = (SELECT id FROM part WHERE sku = $1) AND kind = 'RESERVATION'`, [p.sku]);
    expect(n).toBe(50);
    const [{ alerts }] = await t.hub.app.db.query(
      `SELECT count(*)::int AS alerts FROM event_log WHERE topic = 'stock_alert' AND data->>'partId' = (SELECT id::text FROM part WHERE sku = $1)`,
      [p.sku],
    );
    expect(alerts).toBe(1); // crossed into OUT_OF_STOCK once
    await expectLedgerAgrees();
  });

  test('opposite transfers in parallel finish without deadlock and keep the total', async () => {
    const p = await part();
    const a = await location('WAREHOUSE');
    const b = await location('DEPOT');
    await receive(p.id, a.id, 100);
    await receive(p.id, b.id, 100);
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t.gql(manager, TransferStockDocument, {
          input: { partId: p.id, fromLocationId: i % 2 ? a.id : b.id, toLocationId: i % 2 ? b.id : a.id, quantity: 1 + (i % 3) },
        }),
      ),
    );
    for (const r of results) {
      expect(r.errors).toBeUndefined();
      expect(r.data!.transferStock.userErrors).toEqual([]);
    }
    const detail = await t.gql(agent, PartDetailDocument, { id: p.id });
    expect(detail.data!.part!.onHand).toBe(200);
    const byLoc = Object.fromEntries(detail.data!.part!.stockLevels.map((l) => [l.location.id, l.onHand]));
    // odd i moves a→b, even i moves b→a, quantities 1 + i % 3
    let delta = 0;
    for (let i = 0; i < 60; i++) delta += (i % 2 ? -1 : 1) * (1 + (i % 3));
    expect(byLoc[a.id]).toBe(100 + delta);
    expect(byLoc[b.id]).toBe(100 - delta);
    await expectLedgerAgrees();
  });

  test('release and consume settle a reservation once; Ticket.reservations lists them, empty for customers', async () => {
    const p = await part();
    const van = await location('VAN');
    await receive(p.id, van.id, 5);
    const tk = await ticket();
    const r1 = await reserve(tk.id, p.id, van.id, 2);
    const r2 = await reserve(tk.id, p.id, van.id, 1);
    expect(r2.stockLevel).toMatchObject({ onHand: 5, reserved: 3, available: 2 });
    expect(r1.reservation).toMatchObject({ quantity: 2, status: 'RESERVED', ticket: { id: tk.id }, location: { id: van.id } });

    const consumed = await t.gql(agent, ConsumeReservationDocument, { input: { reservationId: r1.reservation!.id } });
    expect(consumed.data!.consumeReservation.reservation).toMatchObject({ status: 'CONSUMED' });
    expect(consumed.data!.consumeReservation.reservation!.settledAt).not.toBeNull();
    expect(consumed.data!.consumeReservation.stockLevel).toMatchObject({ onHand: 3, reserved: 1 });
    const released = await t.gql(agent, ReleaseReservationDocument, { input: { reservationId: r2.reservation!.id } });
    expect(released.data!.releaseReservation.stockLevel).toMatchObject({ onHand: 3, reserved: 0, available: 3 });

    const before = await counts();
    const again = await t.gql(agent, ConsumeReservationDocument, { input: { reservationId: r2.reservation!.id } });
    expect(again.data!.consumeReservation.userErrors[0]).toMatchObject({ code: 'INVALID_TRANSITION', field: ['input', 'reservationId'] });
    const twice = await t.gql(agent, ReleaseReservationDocument, { input: { reservationId: r1.reservation!.id } });
    expect(twice.data!.releaseReservation.userErrors[0].code).toBe('INVALID_TRANSITION');
    const unknown = await t.gql(agent, ReleaseReservationDocument, { input: { reservationId: 'nope' } });
    expect(unknown.data!.releaseReservation.userErrors[0].code).toBe('NOT_FOUND');
    expect(await counts()).toEqual(before);

    const list = await t.gql(agent, TicketReservationsDocument, { id: tk.id });
    expect(list.data!.ticket!.reservations.map((r) => r.status)).toEqual(['CONSUMED', 'RELEASED']);
    const held = await t.gql(agent, TicketReservationsDocument, { id: tk.id, status: ['RESERVED'] });
    expect(held.data!.ticket!.reservations).toEqual([]);
    const mine = await t.gql(customerToken, TicketReservationsDocument, { id: tk.id });
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.ticket!.id).toBe(tk.id);
    expect(mine.data!.ticket!.reservations).toEqual([]);
    const asCustomer = await t.gql(customerToken, ReservePartDocument, { input: { ticketId: tk.id, partId: p.id, locationId: van.id, quantity: 1 } });
    expect(asCustomer.errors![0].extensions!.code).toBe('FORBIDDEN');
    const asAnalyst = await t.gql(analyst, ReleaseReservationDocument, { input: { reservationId: r1.reservation!.id } });
    expect(asAnalyst.errors![0].extensions!.code).toBe('FORBIDDEN');

    const moves = await t.gql(analyst, StockMovementsDocument, { filter: { ticketId: [tk.id] } });
    expect(moves.data!.stockMovements.nodes.map((m) => [m.kind, m.quantity, m.onHandAfter, m.reservedAfter])).toEqual([
      ['RELEASE', -1, 3, 0],
      ['CONSUMPTION', -2, 3, 1],
      ['RESERVATION', 1, 5, 3],
      ['RESERVATION', 2, 5, 2],
    ]);
    await expectLedgerAgrees();
  });

  test('closing a ticket releases what it still holds; a closed ticket takes no reservations', async () => {
    const p = await part();
    const q = await part();
    const depot = await location('DEPOT');
    await receive(p.id, depot.id, 4);
    await receive(q.id, depot.id, 4);
    const tk = await ticket();
    const a = await reserve(tk.id, p.id, depot.id, 3);
    await reserve(tk.id, q.id, depot.id, 1);
    const c = await reserve(tk.id, q.id, depot.id, 2);
    await t.gql(agent, ConsumeReservationDocument, { input: { reservationId: c.reservation!.id } });

    const resolved = await t.gql(agent, ResolveTicketDocument, { input: { ticketId: tk.id, resolution: 'Pump replaced', rootCause: 'PRODUCT_DEFECT' } });
    expect(resolved.data!.resolveTicket.userErrors).toEqual([]);
    const stillHeld = await t.gql(agent, TicketReservationsDocument, { id: tk.id, status: ['RESERVED'] });
    expect(stillHeld.data!.ticket!.reservations).toHaveLength(2);
    const onResolved = await t.gql(agent, ReservePartDocument, { input: { ticketId: tk.id, partId: p.id, locationId: depot.id, quantity: 1 } });
    expect(onResolved.data!.reservePart.userErrors[0].code).toBe('INVALID_TRANSITION');

    const closed = await t.gql(agent, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'CLOSED' } });
    expect(closed.data!.changeTicketStatus.userErrors).toEqual([]);
    const after = await t.gql(agent, TicketReservationsDocument, { id: tk.id });
    expect(after.data!.ticket!.reservations.map((r) => [r.part.id, r.quantity, r.status])).toEqual([
      [p.id, 3, 'RELEASED'],
      [q.id, 1, 'RELEASED'],
      [q.id, 2, 'CONSUMED'],
    ]);
    const levels = await t.gql(agent, StockLevelsDocument, { filter: { locationId: [depot.id] } });
    expect(levels.data!.stockLevels.nodes.map((l) => l.reserved)).toEqual([0, 0]);
    const release = await t.gql(analyst, StockMovementsDocument, { filter: { ticketId: [tk.id], kind: ['RELEASE'] } });
    expect(release.data!.stockMovements.totalCount).toBe(2);
    expect(release.data!.stockMovements.nodes[0].note).toMatch(/closed/);
    const [{ n }] = await t.hub.app.db.query(
      `SELECT count(*)::int AS n FROM event_log WHERE topic = 'ticket' AND type = 'RESERVATION_CHANGED' AND entity_id = $1`,
      [uuidOf(a.reservation!.ticket.id)],
    );
    expect(n).toBe(3 + 1 + 2); // three reserved, one consumed, two released on close
    await expectLedgerAgrees();
  });
});

describe('concurrency', () => {
  test('closing tickets while their reservations are settled, transferred around and reserved elsewhere never deadlocks', async () => {
    const parts = [await part(), await part()];
    const locs = [await location('DEPOT'), await location('VAN')];
    for (const p of parts) for (const l of locs) await receive(p.id, l.id, 40);
    const other = await ticket();
    for (let round = 0; round < 4; round++) {
      const tk = await ticket();
      const held = [];
      for (let i = 0; i < 6; i++) held.push((await reserve(tk.id, parts[i % 2].id, locs[(i >> 1) % 2].id, 1)).reservation!.id);
      await t.gql(agent, ResolveTicketDocument, { input: { ticketId: tk.id, resolution: 'Fixed', rootCause: 'PRODUCT_DEFECT' } });
      const calls = [
        t.gql(agent, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'CLOSED' } }),
        ...held.slice(0, 3).map((id) => t.gql(agent, ReleaseReservationDocument, { input: { reservationId: id } })),
        ...held.slice(3, 5).map((id) => t.gql(agent, ConsumeReservationDocument, { input: { reservationId: id } })),
        ...parts.flatMap((p, i) => [
          t.gql(manager, TransferStockDocument, { input: { partId: p.id, fromLocationId: locs[i].id, toLocationId: locs[1 - i].id, quantity: 1 } }),
          t.gql(manager, TransferStockDocument, { input: { partId: p.id, fromLocationId: locs[1 - i].id, toLocationId: locs[i].id, quantity: 1 } }),
          t.gql(agent, ReservePartDocument, { input: { ticketId: other.id, partId: p.id, locationId: locs[i].id, quantity: 1 } }),
        ]),
      ];
      const results = await Promise.all(calls);
      for (const r of results) {
        expect(r.errors).toBeUndefined();
        const payload = Object.values(r.data as Record<string, { userErrors: { code: string }[] }>)[0];
        // the close may settle a reservation first; nothing else may fail
        for (const e of payload.userErrors) expect(e.code).toBe('INVALID_TRANSITION');
      }
      const after = await t.gql(agent, TicketReservationsDocument, { id: tk.id, status: ['RESERVED'] });
      expect(after.data!.ticket!.reservations).toEqual([]);
    }
    await expectLedgerAgrees();
  });
});

// ── demo data ────────────────────────────────────────────────────────────────────────────

describe('demo stock', () => {
  let d: TestHub;
  beforeAll(async () => {
    d = await startTestHub();
  });
  afterAll(async () => {
    await d?.stop();
  });

  test('seeds a consistent catalogue with low and empty levels and reservations on repair tickets, once', async () => {
    const m = d.token(Role.MANAGER);
    const c = await d.gql(m, CreateCustomerDocument, { input: { name: 'Demo Kunde', email: 'demo@example.com' } });
    const cid = c.data!.createCustomer.customer!.id;
    const subjects = [
      'Washing machine does not drain',
      'Dishwasher leaks onto the floor',
      'Fridge-freezer stopped cooling',
      'Tumble dryer leaves the clothes damp',
      'Coffee machine grinder is blocked',
      'Robot vacuum side brush does not turn',
      'Oven door stays locked after pyrolysis',
      'Washing machine bangs loudly during the spin cycle',
    ];
    const ids: string[] = [];
    for (const subject of subjects) {
      const r = await d.gql(m, CreateTicketDocument, { input: { customerId: cid, subject, kind: 'REPAIR', priority: 'NORMAL', channel: 'PHONE' } });
      ids.push(r.data!.createTicket.ticket!.id);
    }
    await d.gql(m, CreateTicketDocument, { input: { customerId: cid, subject: 'Invoice question', kind: 'QUESTION', priority: 'LOW', channel: 'EMAIL' } });
    for (const id of ids.slice(0, 3)) {
      const r = await d.gql(m, ResolveTicketDocument, { input: { ticketId: id, resolution: 'Part replaced', rootCause: 'PRODUCT_DEFECT' } });
      expect(r.data!.resolveTicket.userErrors).toEqual([]);
    }

    await seedDemoStock(d.hub.app);
    const [row] = await d.hub.app.db.query(`
      SELECT (SELECT count(*) FROM part)::int AS parts,
             (SELECT count(*) FROM stock_location)::int AS locations,
             (SELECT count(*) FILTER (WHERE kind = 'WAREHOUSE') FROM stock_location)::int AS warehouses,
             (SELECT count(*) FILTER (WHERE kind = 'DEPOT') FROM stock_location)::int AS depots,
             (SELECT count(*) FILTER (WHERE kind = 'VAN') FROM stock_location)::int AS vans,
             (SELECT count(*) FROM stock_level WHERE on_hand - reserved <= 0)::int AS out_of_stock,
             (SELECT count(*) FROM stock_level WHERE on_hand - reserved > 0 AND on_hand - reserved <= reorder_point)::int AS low,
             (SELECT count(DISTINCT ticket_id) FROM part_reservation WHERE status = 'RESERVED')::int AS holding,
             (SELECT count(*) FROM part_reservation r JOIN ticket t ON t.id = r.ticket_id
               WHERE r.status = 'RESERVED' AND (t.kind <> 'REPAIR' OR t.status IN ('RESOLVED', 'CLOSED')))::int AS misplaced,
             (SELECT count(*) FROM part_reservation WHERE status = 'CONSUMED')::int
               + (SELECT count(*) FROM part_reservation WHERE status = 'RELEASED')::int AS settled`);
    expect(row).toMatchObject({ locations: 9, warehouses: 2, depots: 3, vans: 4, holding: 5, misplaced: 0, settled: 3 });
    expect(row.parts).toBeGreaterThanOrEqual(35);
    expect(row.low).toBeGreaterThan(0);
    expect(row.out_of_stock).toBeGreaterThan(0);

    // the ledger agrees with every level, and versions count the changes
    const broken = await d.hub.app.db.query(`
      SELECT l.id FROM stock_level l
       WHERE l.on_hand <> (SELECT coalesce(sum(quantity), 0) FROM stock_movement m WHERE m.stock_level_id = l.id AND m.kind NOT IN ('RESERVATION', 'RELEASE'))
          OR l.reserved <> (SELECT coalesce(sum(quantity), 0) FROM stock_movement m WHERE m.stock_level_id = l.id AND m.kind IN ('RESERVATION', 'RELEASE', 'CONSUMPTION'))
          OR l.reserved <> (SELECT coalesce(sum(quantity), 0) FROM part_reservation r WHERE r.stock_level_id = l.id AND r.status = 'RESERVED')
          OR l.version <> (SELECT count(*) FROM stock_movement m WHERE m.stock_level_id = l.id)
          OR (l.on_hand, l.reserved) <> (SELECT on_hand_after, reserved_after FROM stock_movement m WHERE m.stock_level_id = l.id ORDER BY seq DESC LIMIT 1)`);
    expect(broken).toEqual([]);

    // and it reads through the API like anything else
    const a = d.token(Role.AGENT);
    const held = await d.gql(a, TicketReservationsDocument, { id: ids[7], status: ['RESERVED'] });
    expect(held.data!.ticket!.reservations.length).toBeGreaterThan(0);
    const reorder = await d.gql(m, ReorderListDocument, {});
    expect(reorder.data!.stockLevels.totalCount).toBe(row.low + row.out_of_stock);
    const pump = await d.gql(a, PartDetailDocument, { sku: 'wm-pmp-0421' });
    expect(pump.data!.part).toMatchObject({ name: expect.stringContaining('Drain pump'), unitCost: '38.90' });
    expect(pump.data!.part!.stockLevels).toHaveLength(9);

    // a live change on top of the seeded ledger keeps it in step
    const level = pump.data!.part!.stockLevels.find((l) => l.available > 0)!;
    const r = await d.gql(a, ReservePartDocument, { input: { ticketId: ids[5], partId: pump.data!.part!.id, locationId: level.location.id, quantity: 1 } });
    expect(r.data!.reservePart.stockLevel).toMatchObject({ reserved: level.reserved + 1, version: level.version + 1 });

    // seeding again writes nothing
    const before = await d.hub.app.db.query('SELECT (SELECT count(*) FROM stock_movement)::int AS m, (SELECT count(*) FROM part)::int AS p');
    await seedDemoStock(d.hub.app);
    expect(await d.hub.app.db.query('SELECT (SELECT count(*) FROM stock_movement)::int AS m, (SELECT count(*) FROM part)::int AS p')).toEqual(before);
  });
});
