import {
  ConsumeReservationDocument,
  CreateCustomerDocument,
  CreatePartDocument,
  CreateStockLocationDocument,
  CreateTicketDocument,
  ReceiveStockDocument,
  ReservePartDocument,
  ReturnPartDocument,
  StockLevelsDocument,
  StockMovementsDocument,
} from './generated/operations';
import { gid, Role, startTestHub, type TestHub } from './support/harness';

/**
 * returnPart: a part consumed on a ticket comes back into stock. It writes a RETURN line, on hand
 * rises, the ledger still sums to the level, and no more comes back than was consumed on that
 * ticket for that part (returns so far included), also when returns race.
 */

let t: TestHub;
let manager: string;
let agent: string;
let customerId: string;

beforeAll(async () => {
  t = await startTestHub();
  manager = t.token(Role.MANAGER);
  agent = t.token(Role.AGENT);
  const c = await t.gql(manager, CreateCustomerDocument, { input: { name: 'Bea Returns', email: 'bea@example.com' } });
  customerId = c.data!.createCustomer.customer!.id;
});
afterAll(async () => {
  await t?.stop();
});

let seq = 0;
const uniq = () => `${Date.now().toString(36).slice(-4)}${(++seq).toString(36)}`.toUpperCase();

async function part() {
  const r = await t.gql(manager, CreatePartDocument, { input: { sku: `R-${uniq()}`, name: 'Door hinge', unitCost: '4.2' } });
  expect(r.data!.createPart.userErrors).toEqual([]);
  return r.data!.createPart.part!;
}

async function location() {
  const r = await t.gql(manager, CreateStockLocationDocument, { input: { code: `L-${uniq()}`, name: 'Van', kind: 'VAN' } });
  expect(r.data!.createStockLocation.userErrors).toEqual([]);
  return r.data!.createStockLocation.stockLocation!;
}

async function ticket() {
  const r = await t.gql(agent, CreateTicketDocument, {
    input: { customerId, subject: 'Oven door will not close', kind: 'REPAIR', priority: 'NORMAL', channel: 'PHONE' },
  });
  expect(r.data!.createTicket.userErrors).toEqual([]);
  return r.data!.createTicket.ticket!;
}

/** Receives `quantity` at the location, reserves it for the ticket and consumes it there. */
async function consume(ticketId: string, partId: string, locationId: string, quantity: number) {
  const rc = await t.gql(manager, ReceiveStockDocument, { input: { partId, locationId, quantity } });
  expect(rc.data!.receiveStock.userErrors).toEqual([]);
  const rs = await t.gql(agent, ReservePartDocument, { input: { ticketId, partId, locationId, quantity } });
  expect(rs.data!.reservePart.userErrors).toEqual([]);
  const cs = await t.gql(agent, ConsumeReservationDocument, { input: { reservationId: rs.data!.reservePart.reservation!.id } });
  expect(cs.data!.consumeReservation.userErrors).toEqual([]);
}

function returnPart(input: Record<string, unknown>, token = agent) {
  return t.gql(token, ReturnPartDocument, { input: { reason: 'not needed', ...input } });
}

async function level(partId: string, locationId: string) {
  const r = await t.gql(manager, StockLevelsDocument, { filter: { partId: [partId], locationId: [locationId] } });
  return r.data!.stockLevels.nodes[0] ?? null;
}

/** on hand and reserved are the sums of their movements, the last movement carries the level. */
async function expectLedgerAgrees() {
  const rows: Record<string, number | null>[] = await t.hub.app.db.query(`
    SELECT l.on_hand, l.reserved,
      (SELECT coalesce(sum(quantity), 0)::int FROM stock_movement m WHERE m.stock_level_id = l.id AND m.kind NOT IN ('RESERVATION', 'RELEASE')) AS ledger_on_hand,
      (SELECT coalesce(sum(quantity), 0)::int FROM stock_movement m WHERE m.stock_level_id = l.id AND m.kind IN ('RESERVATION', 'RELEASE', 'CONSUMPTION')) AS ledger_reserved,
      (SELECT on_hand_after FROM stock_movement m WHERE m.stock_level_id = l.id ORDER BY seq DESC LIMIT 1) AS last_on_hand
    FROM stock_level l`);
  for (const r of rows) {
    expect(r.ledger_on_hand).toBe(r.on_hand);
    expect(r.ledger_reserved).toBe(r.reserved);
    expect(r.last_on_hand).toBe(r.on_hand);
  }
}

async function movementCount(): Promise<number> {
  const [{ n }] = await t.hub.app.db.query('SELECT count(*)::int AS n FROM stock_movement');
  return n;
}

describe('returnPart', () => {
  test('a consumed part comes back at another location: a RETURN line for the ticket, on hand rises, a stock event', async () => {
    const p = await part();
    const van = await location();
    const depot = await location();
    const tk = await ticket();
    await consume(tk.id, p.id, van.id, 3);
    const [{ seq: before }] = await t.hub.app.db.query('SELECT coalesce(max(seq), 0)::bigint AS seq FROM event_log');

    const r = await returnPart({ ticketId: tk.id, partId: p.id, locationId: depot.id, quantity: 2, reason: 'wrong size' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.returnPart.userErrors).toEqual([]);
    const m = r.data!.returnPart.movement!;
    expect([m.kind, m.quantity, m.onHandAfter, m.note, m.ticket?.id, m.location.id]).toEqual(['RETURN', 2, 2, 'wrong size', tk.id, depot.id]);
    expect(r.data!.returnPart.stockLevel).toMatchObject({ onHand: 2, reserved: 0, available: 2 });
    expect(await level(p.id, van.id)).toMatchObject({ onHand: 0 });

    const ledger = await t.gql(manager, StockMovementsDocument, { filter: { ticketId: [tk.id], kind: ['RETURN'] } });
    expect(ledger.data!.stockMovements.nodes.map((n) => [n.kind, n.quantity])).toEqual([['RETURN', 2]]);
    const events: { topic: string; type: string }[] = await t.hub.app.db.query(
      `SELECT topic, type FROM event_log WHERE seq > $1 AND topic = 'stock' ORDER BY seq`,
      [before],
    );
    expect(events).toEqual([{ topic: 'stock', type: 'RETURN' }]);
    await expectLedgerAgrees();
  });

  test('no more comes back than was consumed on the ticket for the part, returns so far counted: INVALID_INPUT, nothing written', async () => {
    const p = await part();
    const other = await part();
    const van = await location();
    const tk = await ticket();
    const tk2 = await ticket();
    await consume(tk.id, p.id, van.id, 3);
    await consume(tk2.id, other.id, van.id, 1);

    expect((await returnPart({ ticketId: tk.id, partId: p.id, locationId: van.id, quantity: 2 })).data!.returnPart.userErrors).toEqual([]);
    const n = await movementCount();
    const tooMany = await returnPart({ ticketId: tk.id, partId: p.id, locationId: van.id, quantity: 2 });
    expect(tooMany.data!.returnPart.userErrors).toEqual([
      { code: 'INVALID_INPUT', message: expect.stringMatching(/Only 1 of .* not returned yet/), field: ['input', 'quantity'] },
    ]);
    // consumed on another ticket, or another part: nothing to return here
    const wrongTicket = await returnPart({ ticketId: tk2.id, partId: p.id, locationId: van.id, quantity: 1 });
    expect(wrongTicket.data!.returnPart.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'quantity'] });
    const wrongPart = await returnPart({ ticketId: tk.id, partId: other.id, locationId: van.id, quantity: 1 });
    expect(wrongPart.data!.returnPart.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'quantity'] });
    expect(await movementCount()).toBe(n);

    expect((await returnPart({ ticketId: tk.id, partId: p.id, locationId: van.id, quantity: 1 })).data!.returnPart.userErrors).toEqual([]);
    const none = await returnPart({ ticketId: tk.id, partId: p.id, locationId: van.id, quantity: 1 });
    expect(none.data!.returnPart.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/left to return/) });
    expect(await level(p.id, van.id)).toMatchObject({ onHand: 3, reserved: 0 });
    await expectLedgerAgrees();
  });

  test('a reserved part that was not consumed cannot be returned', async () => {
    const p = await part();
    const van = await location();
    const tk = await ticket();
    await t.gql(manager, ReceiveStockDocument, { input: { partId: p.id, locationId: van.id, quantity: 2 } });
    await t.gql(agent, ReservePartDocument, { input: { ticketId: tk.id, partId: p.id, locationId: van.id, quantity: 2 } });
    const r = await returnPart({ ticketId: tk.id, partId: p.id, locationId: van.id, quantity: 1 });
    expect(r.data!.returnPart.userErrors[0]).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'quantity'] });
  });

  test('concurrent returns of the same consumption: together never more than was consumed', async () => {
    const p = await part();
    const van = await location();
    const tk = await ticket();
    await consume(tk.id, p.id, van.id, 3);
    const results = await Promise.all(Array.from({ length: 6 }, () => returnPart({ ticketId: tk.id, partId: p.id, locationId: van.id, quantity: 1 })));
    const ok = results.filter((r) => r.data!.returnPart.userErrors.length === 0);
    expect(ok).toHaveLength(3);
    expect(results.filter((r) => r.data!.returnPart.userErrors[0]?.code === 'INVALID_INPUT')).toHaveLength(3);
    expect(await level(p.id, van.id)).toMatchObject({ onHand: 3 });
    await expectLedgerAgrees();
  });

  test('an idempotency key makes a retry write nothing; bad values and unknown ids are refused before anything is written', async () => {
    const p = await part();
    const van = await location();
    const tk = await ticket();
    await consume(tk.id, p.id, van.id, 2);
    const input = { ticketId: tk.id, partId: p.id, locationId: van.id, quantity: 1, idempotencyKey: `ret-${uniq()}` };
    const first = await returnPart(input);
    const again = await returnPart(input);
    expect(again.data!.returnPart.movement!.id).toBe(first.data!.returnPart.movement!.id);
    expect(await level(p.id, van.id)).toMatchObject({ onHand: 1 });

    const n = await movementCount();
    const cases: [Record<string, unknown>, string, string[]][] = [
      [{ quantity: 0 }, 'INVALID_INPUT', ['input', 'quantity']],
      [{ reason: ' ' }, 'INVALID_INPUT', ['input', 'reason']],
      [{ ticketId: gid('Ticket', '00000000-0000-4000-8000-000000000009') }, 'NOT_FOUND', ['input', 'ticketId']],
      [{ partId: gid('Part', '00000000-0000-4000-8000-000000000009') }, 'NOT_FOUND', ['input', 'partId']],
      [{ locationId: gid('StockLocation', '00000000-0000-4000-8000-000000000009') }, 'NOT_FOUND', ['input', 'locationId']],
    ];
    for (const [change, code, field] of cases) {
      const r = await returnPart({ ticketId: tk.id, partId: p.id, locationId: van.id, quantity: 1, ...change });
      expect([change, r.data!.returnPart.userErrors[0]]).toEqual([change, expect.objectContaining({ code, field })]);
    }
    expect(await movementCount()).toBe(n);
  });

  test('staff who work tickets may return parts; an analyst or a customer may not', async () => {
    const p = await part();
    const van = await location();
    const tk = await ticket();
    await consume(tk.id, p.id, van.id, 2);
    const input = { ticketId: tk.id, partId: p.id, locationId: van.id, quantity: 1 };
    expect((await returnPart(input, manager)).data!.returnPart.userErrors).toEqual([]);
    for (const token of [t.token(Role.ANALYST), t.token(Role.CUSTOMER, { customerId })]) {
      const r = await returnPart(input, token);
      expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect(await level(p.id, van.id)).toMatchObject({ onHand: 1 });
  });
});
