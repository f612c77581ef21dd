import type { EntityManager } from 'typeorm';
import type { Tx } from '../../events/tx';
import type { RequestContext } from '../../graphql/context';
import { DomainError, ErrorCode, invalid, notFound } from '../../errors';
import { decodeId } from '../../graphql/ids';
import { BOUNDS } from '../../graphql/limits';
import { TicketStatus } from '../common/enums';
import { intInRange, optionalText, requiredText } from '../common/validate';
import { checkVersion } from '../common/versioned';
import { Ticket } from '../tickets/ticket.entity';
import { emitTicketEvent, slaStateAt } from '../tickets/ticket.events';
import type { StatusHook } from '../tickets/ticket.service';
import { ReservationStatus, StockMovementKind, StockStatus, stockStatus } from './inventory.enums';
import { emitStockEvents, REORDER_POLICY_CHANGED, type LevelSnapshot } from './inventory.events';
import type {
  AdjustStockInput,
  CreatePartInput,
  CreateStockLocationInput,
  ReceiveStockInput,
  ReservationInput,
  ReservePartInput,
  ReturnPartInput,
  SetReorderPolicyInput,
  TransferStockInput,
} from './inventory.inputs';

/** receipts, reservations, transfers: 1..MAX_QUANTITY; adjustments: non-zero within ±MAX_QUANTITY */
export const MAX_QUANTITY = 1_000_000;
/** no level holds more than this (keeps every sum far from int overflow) */
export const MAX_ON_HAND = 1_000_000_000;
export const MAX_LEAD_TIME_DAYS = 3650;

const SKU = /^[A-Z0-9][A-Z0-9._/-]{0,38}[A-Z0-9]$/;
const CODE = /^[A-Z0-9](?:[A-Z0-9_-]{0,30}[A-Z0-9])?$/;
const COST = /^\d{1,10}(\.\d{1,4})?$/;

// ── values ─────────────────────────────────────────────────────────────────────────────

/** A SKU as stored: trimmed, upper case, 2–40 of A–Z 0–9 . _ / - (starting and ending alphanumeric). */
export function normalizeSku(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim().toUpperCase();
  return SKU.test(v) ? v : null;
}

function sku(value: string): string {
  const v = normalizeSku(value);
  if (!v) {
    throw invalid('sku must be 2 to 40 letters, digits, ".", "_", "/" or "-", starting and ending with a letter or digit (e.g. "PMP-DW-1043")', ['input', 'sku']);
  }
  return v;
}

function locationCode(value: string): string {
  const v = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!CODE.test(v)) {
    throw invalid('code must be 1 to 32 letters, digits, "_" or "-", starting and ending with a letter or digit (e.g. "VAN-07")', ['input', 'code']);
  }
  return v;
}

function unitCost(value: string): string {
  const v = typeof value === 'string' ? value.trim() : '';
  if (v.startsWith('-')) throw invalid('unitCost must not be negative', ['input', 'unitCost']);
  if (!COST.test(v)) throw invalid('unitCost must be from 0 to 9999999999.9999 (at most 4 decimals), e.g. "12.50"', ['input', 'unitCost']);
  return v;
}

function quantity(value: number, field = 'quantity'): number {
  return intInRange(value, field, 1, MAX_QUANTITY);
}

function gidToId(gid: string, type: 'Part' | 'StockLocation' | 'Ticket' | 'PartReservation', what: string, field: string): string {
  const v = decodeId(gid, type);
  if (!v) throw notFound(what, ['input', field]);
  return v;
}

// ── references ─────────────────────────────────────────────────────────────────────────

interface PartRef {
  id: string;
  sku: string;
}

/** Checks the part and locations exist (one statement); returns the part and the location codes by id. */
async function requireRefs(
  m: EntityManager,
  partGid: string,
  locations: { gid: string; field: string }[],
): Promise<{ part: PartRef; locationIds: string[]; codes: Map<string, string> }> {
  const partId = gidToId(partGid, 'Part', 'Part', 'partId');
  const locationIds = locations.map((l) => gidToId(l.gid, 'StockLocation', 'Stock location', l.field));
  const [row]: { sku: string | null; locations: { id: string; code: string }[] | null }[] = await m.query(
    `SELECT (SELECT sku FROM part WHERE id = $1) AS sku,
            (SELECT json_agg(json_build_object('id', id, 'code', code)) FROM stock_location WHERE id = ANY($2::uuid[])) AS locations`,
    [partId, locationIds],
  );
  if (!row.sku) throw notFound('Part', ['input', 'partId']);
  const codes = new Map((row.locations ?? []).map((l) => [l.id, l.code] as const));
  locations.forEach((l, i) => {
    if (!codes.has(locationIds[i])) throw notFound('Stock location', ['input', l.field]);
  });
  return { part: { id: partId, sku: row.sku }, locationIds, codes };
}

// ── the one way a level changes ─────────────────────────────────────────────────────────

interface LevelRow {
  id: string;
  part_id: string;
  location_id: string;
  on_hand: number;
  reserved: number;
  reorder_point: number;
  version: number;
}

function snapshot(r: LevelRow): LevelSnapshot {
  return {
    id: r.id,
    partId: r.part_id,
    locationId: r.location_id,
    onHand: r.on_hand,
    reserved: r.reserved,
    reorderPoint: r.reorder_point,
    status: stockStatus(r.on_hand, r.reserved, r.reorder_point),
  };
}

const LEVEL_COLUMNS = 'id, part_id, location_id, on_hand, reserved, reorder_point, version';

/** TypeORM answers an UPDATE with [rows, rowCount]; the rows RETURNING gave. */
async function updateReturning<T>(m: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const res: unknown = await m.query(sql, params);
  return (Array.isArray(res) && Array.isArray(res[0]) ? res[0] : res) as T[];
}

interface LevelChange {
  partId: string;
  locationId: string;
  /** change of on hand */
  onHand: number;
  /** change of reserved */
  reserved: number;
  /** create the level if the part has none at the location (only for increases of on hand) */
  create?: boolean;
  /** on hand must be exactly this before the change (adjustments) */
  expectedOnHand?: number | null;
  /** what to call the part and location in messages */
  label: string;
  field: string[];
}

interface MovementValues {
  kind: StockMovementKind;
  quantity: number;
  ticketId?: string | null;
  /** an existing reservation this movement settles */
  reservationId?: string | null;
  /** create a RESERVED reservation of `quantity` for `ticketId` in the same statement */
  newReservation?: boolean;
  reference?: string | null;
  note?: string | null;
}

export interface LevelChangeResult {
  level: LevelSnapshot;
  /** status right before the change; null when the change created the level */
  before: StockStatus | null;
  movementId: string;
  reservationId: string | null;
}

/**
 * Changes a level in one guarded statement that also writes its ledger line (and, for a
 * reservation, the reservation row): the row lock it takes serializes concurrent changes,
 * its WHERE re-checks the invariants on the newest row version, so concurrent reservations
 * can never oversell, and the lock is held for as few round trips as possible. Zero rows
 * means the guard failed and nothing was written; a second look explains why.
 */
async function changeLevel(ctx: RequestContext, tx: Tx, c: LevelChange, mv: MovementValues): Promise<LevelChangeResult> {
  const m = tx.manager;
  const now = ctx.app.clock.now();
  const expected = c.expectedOnHand ?? null;
  // $1 part, $2 location, $3 Δ on hand, $4 Δ reserved, $5 now, $6 max on hand, $7 expected on hand
  const params: unknown[] = [c.partId, c.locationId, c.onHand, c.reserved, now, MAX_ON_HAND, expected];
  const change =
    c.create && c.onHand > 0 && c.reserved === 0 && (expected === null || expected === 0)
      ? `INSERT INTO stock_level (part_id, location_id, on_hand, reserved, version, created_at, updated_at)
         VALUES ($1, $2, $3::int, 0, 1, $5, $5)
         ON CONFLICT (part_id, location_id) DO UPDATE
           SET on_hand = stock_level.on_hand + EXCLUDED.on_hand, version = stock_level.version + 1, updated_at = EXCLUDED.updated_at
           WHERE stock_level.on_hand + EXCLUDED.on_hand <= $6 AND ($7::int IS NULL OR stock_level.on_hand = $7::int)
              AND $4::int = 0
         RETURNING ${LEVEL_COLUMNS}`
      : `UPDATE stock_level
            SET on_hand = on_hand + $3::int, reserved = reserved + $4::int, version = version + 1, updated_at = $5
          WHERE part_id = $1 AND location_id = $2
            AND reserved + $4::int >= 0
            AND on_hand + $3::int >= reserved + $4::int
            AND on_hand + $3::int <= $6
            AND ($7::int IS NULL OR on_hand = $7::int)
          RETURNING ${LEVEL_COLUMNS}`;
  // $8 kind, $9 quantity, $10 ticket, $11 reservation, $12 reference, $13 note, $14 actor
  params.push(mv.kind, mv.quantity, mv.ticketId ?? null, mv.reservationId ?? null, mv.reference ?? null, mv.note ?? null, ctx.viewer.sub);
  const reservation = mv.newReservation
    ? `res AS (
         INSERT INTO part_reservation (ticket_id, part_id, location_id, stock_level_id, quantity, status, created_at, updated_at)
         SELECT $10::uuid, part_id, location_id, id, $9::int, 'RESERVED', $5, $5 FROM lvl RETURNING id
       ),`
    : `res AS (SELECT NULL::uuid AS id WHERE false),`;
  const rows: (LevelRow & { movement_id: string; reservation_id: string | null })[] = await m.query(
    `WITH lvl AS (${change}),
     ${reservation}
     mv AS (
       INSERT INTO stock_movement (stock_level_id, part_id, location_id, kind, quantity, on_hand_after, reserved_after,
                                   ticket_id, reservation_id, reference, note, actor, created_at)
       SELECT lvl.id, lvl.part_id, lvl.location_id, $8, $9::int, lvl.on_hand, lvl.reserved,
              $10::uuid, COALESCE((SELECT id FROM res), $11::uuid), $12, $13, $14, $5
         FROM lvl
       RETURNING id
     )
     SELECT lvl.*, (SELECT id FROM mv) AS movement_id, COALESCE((SELECT id FROM res), $11::uuid) AS reservation_id FROM lvl`,
    params,
  );
  if (rows.length === 0) throw await explainRefusal(m, c);
  const r = rows[0];
  const level = snapshot(r);
  const before = r.version === 1 ? null : stockStatus(r.on_hand - c.onHand, r.reserved - c.reserved, r.reorder_point);
  emitStockEvents(tx, mv.kind, level, before, r.movement_id);
  return { level, before, movementId: r.movement_id, reservationId: r.reservation_id };
}

async function explainRefusal(m: EntityManager, c: LevelChange): Promise<DomainError> {
  const [cur]: { on_hand: number; reserved: number }[] = await m.query(
    'SELECT on_hand, reserved FROM stock_level WHERE part_id = $1 AND location_id = $2',
    [c.partId, c.locationId],
  );
  const onHand = cur?.on_hand ?? 0;
  const reserved = cur?.reserved ?? 0;
  if (c.expectedOnHand !== null && c.expectedOnHand !== undefined && onHand !== c.expectedOnHand) {
    return new DomainError(
      ErrorCode.VERSION_CONFLICT,
      `On hand of ${c.label} is ${onHand}, not ${c.expectedOnHand}: count again or adjust from the current quantity`,
      ['input', 'expectedOnHand'],
    );
  }
  if (onHand + c.onHand > MAX_ON_HAND) {
    return invalid(`A stock level holds at most ${MAX_ON_HAND} units; ${c.label} has ${onHand}`, c.field);
  }
  if (!cur) return new DomainError(ErrorCode.INSUFFICIENT_STOCK, `There is no stock of ${c.label}`, c.field);
  if (c.reserved < 0 && reserved + c.reserved < 0) {
    return new DomainError(ErrorCode.INSUFFICIENT_STOCK, `Only ${reserved} of ${c.label} are reserved`, c.field);
  }
  const available = onHand - reserved;
  if (c.reserved === 0 && c.onHand < 0 && reserved > 0) {
    return new DomainError(
      ErrorCode.INSUFFICIENT_STOCK,
      `Only ${available} of ${c.label} are available (${onHand} on hand, ${reserved} reserved for tickets); release reservations first to take more`,
      c.field,
    );
  }
  return new DomainError(ErrorCode.INSUFFICIENT_STOCK, `Only ${available} of ${c.label} are available`, c.field);
}

// ── catalogue ──────────────────────────────────────────────────────────────────────────

export async function createPart(ctx: RequestContext, tx: Tx, input: CreatePartInput): Promise<string> {
  const m = tx.manager;
  const values = {
    sku: sku(input.sku),
    name: requiredText(input.name, 'name', 200),
    description: optionalText(input.description, 'description', 5000) ?? null,
    unitCost: unitCost(input.unitCost),
    leadTimeDays: input.leadTimeDays == null ? null : intInRange(input.leadTimeDays, 'leadTimeDays', 0, MAX_LEAD_TIME_DAYS),
  };
  const [dup] = await m.query('SELECT 1 FROM part WHERE sku = $1', [values.sku]);
  if (dup) throw new DomainError(ErrorCode.DUPLICATE, `A part with SKU ${values.sku} exists already`, ['input', 'sku']);
  const now = ctx.app.clock.now();
  const [row]: { id: string }[] = await m.query(
    `INSERT INTO part (sku, name, description, unit_cost, lead_time_days, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
    [values.sku, values.name, values.description, values.unitCost, values.leadTimeDays, now],
  );
  return row.id;
}

export async function createStockLocation(ctx: RequestContext, tx: Tx, input: CreateStockLocationInput): Promise<string> {
  const m = tx.manager;
  const code = locationCode(input.code);
  const name = requiredText(input.name, 'name', 200);
  const [dup] = await m.query('SELECT 1 FROM stock_location WHERE code = $1', [code]);
  if (dup) throw new DomainError(ErrorCode.DUPLICATE, `A stock location with code ${code} exists already`, ['input', 'code']);
  // Part.stockLevels (one level per location) is counted with this bound: keep it true
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('stock_location:count'))`);
  const [{ n }]: { n: number }[] = await m.query('SELECT count(*)::int AS n FROM stock_location');
  if (n >= BOUNDS.stockLocations) throw invalid(`The hub holds at most ${BOUNDS.stockLocations} stock locations`, ['input']);
  const now = ctx.app.clock.now();
  const [row]: { id: string }[] = await m.query(
    `INSERT INTO stock_location (code, name, kind, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
    [code, name, input.kind, now],
  );
  return row.id;
}

// ── levels ─────────────────────────────────────────────────────────────────────────────

export async function setReorderPolicy(ctx: RequestContext, tx: Tx, input: SetReorderPolicyInput): Promise<string> {
  const m = tx.manager;
  const reorderPoint = intInRange(input.reorderPoint, 'reorderPoint', 0, MAX_QUANTITY);
  const reorderQuantity = intInRange(input.reorderQuantity, 'reorderQuantity', 0, MAX_QUANTITY);
  const { part, locationIds } = await requireRefs(m, input.partId, [{ gid: input.locationId, field: 'locationId' }]);
  const locationId = locationIds[0];
  const now = ctx.app.clock.now();
  const expected = input.expectedVersion ?? null;
  const created: LevelRow[] = await m.query(
    `INSERT INTO stock_level (part_id, location_id, on_hand, reserved, reorder_point, reorder_quantity, version, created_at, updated_at)
     VALUES ($1, $2, 0, 0, $3, $4, 1, $5, $5)
     ON CONFLICT (part_id, location_id) DO NOTHING RETURNING ${LEVEL_COLUMNS}`,
    [part.id, locationId, reorderPoint, reorderQuantity, now],
  );
  let after: LevelRow;
  let before: StockStatus | null;
  if (created.length) {
    // no level existed: version 0 to the client (versions start at 1), so only expectedVersion 0 fits
    checkVersion('The stock level', 0, expected);
    after = created[0];
    before = null;
  } else {
    const [cur]: LevelRow[] = await m.query(`SELECT ${LEVEL_COLUMNS} FROM stock_level WHERE part_id = $1 AND location_id = $2 FOR UPDATE`, [
      part.id,
      locationId,
    ]);
    checkVersion('The stock level', cur.version, expected);
    before = stockStatus(cur.on_hand, cur.reserved, cur.reorder_point);
    [after] = await updateReturning<LevelRow>(
      m,
      `UPDATE stock_level SET reorder_point = $2, reorder_quantity = $3, version = version + 1, updated_at = $4
        WHERE id = $1 RETURNING ${LEVEL_COLUMNS}`,
      [cur.id, reorderPoint, reorderQuantity, now],
    );
  }
  emitStockEvents(tx, REORDER_POLICY_CHANGED, snapshot(after), before, null);
  return after.id;
}

export async function receiveStock(ctx: RequestContext, tx: Tx, input: ReceiveStockInput): Promise<{ level: string; movement: string }> {
  const q = quantity(input.quantity);
  const reference = optionalText(input.reference, 'reference', 200) ?? null;
  const { part, locationIds, codes } = await requireRefs(tx.manager, input.partId, [{ gid: input.locationId, field: 'locationId' }]);
  const change = await changeLevel(
    ctx,
    tx,
    {
      partId: part.id,
      locationId: locationIds[0],
      onHand: q,
      reserved: 0,
      create: true,
      label: `${part.sku} at ${codes.get(locationIds[0])}`,
      field: ['input', 'quantity'],
    },
    { kind: StockMovementKind.RECEIPT, quantity: q, reference },
  );
  return { level: change.level.id, movement: change.movementId };
}

export async function adjustStock(ctx: RequestContext, tx: Tx, input: AdjustStockInput): Promise<{ level: string; movement: string }> {
  const delta = input.delta;
  if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > MAX_QUANTITY) {
    throw invalid(`delta must be a non-zero whole number from -${MAX_QUANTITY} to ${MAX_QUANTITY}`, ['input', 'delta']);
  }
  const reason = requiredText(input.reason, 'reason', 500);
  const reference = optionalText(input.reference, 'reference', 200) ?? null;
  const expectedOnHand = input.expectedOnHand == null ? null : intInRange(input.expectedOnHand, 'expectedOnHand', 0, MAX_ON_HAND);
  const { part, locationIds, codes } = await requireRefs(tx.manager, input.partId, [{ gid: input.locationId, field: 'locationId' }]);
  const change = await changeLevel(
    ctx,
    tx,
    {
      partId: part.id,
      locationId: locationIds[0],
      onHand: delta,
      reserved: 0,
      create: delta > 0,
      expectedOnHand,
      label: `${part.sku} at ${codes.get(locationIds[0])}`,
      field: ['input', 'delta'],
    },
    { kind: StockMovementKind.ADJUSTMENT, quantity: delta, note: reason, reference },
  );
  return { level: change.level.id, movement: change.movementId };
}

/**
 * Moves stock between two locations in one transaction. The two levels are changed in a
 * fixed order (by location id), the order every multi-level change follows, so two opposite
 * transfers queue instead of deadlocking.
 */
export async function transferStock(
  ctx: RequestContext,
  tx: Tx,
  input: TransferStockInput,
): Promise<{ from: string; to: string; out: string; in: string }> {
  const q = quantity(input.quantity);
  const reference = optionalText(input.reference, 'reference', 200) ?? null;
  const fromId = gidToId(input.fromLocationId, 'StockLocation', 'Stock location', 'fromLocationId');
  const toId = gidToId(input.toLocationId, 'StockLocation', 'Stock location', 'toLocationId');
  if (fromId === toId) throw invalid('A transfer goes between two different locations', ['input', 'toLocationId']);
  const { part, codes } = await requireRefs(tx.manager, input.partId, [
    { gid: input.fromLocationId, field: 'fromLocationId' },
    { gid: input.toLocationId, field: 'toLocationId' },
  ]);
  const changes = new Map<string, LevelChangeResult>();
  for (const loc of [fromId, toId].sort()) {
    const out = loc === fromId;
    const change = await changeLevel(
      ctx,
      tx,
      {
        partId: part.id,
        locationId: loc,
        onHand: out ? -q : q,
        reserved: 0,
        create: !out,
        label: `${part.sku} at ${codes.get(loc)}`,
        field: ['input', 'quantity'],
      },
      out
        ? { kind: StockMovementKind.TRANSFER_OUT, quantity: -q, reference, note: `to ${codes.get(toId)}` }
        : { kind: StockMovementKind.TRANSFER_IN, quantity: q, reference, note: `from ${codes.get(fromId)}` },
    );
    changes.set(loc, change);
  }
  const from = changes.get(fromId)!;
  const to = changes.get(toId)!;
  return { from: from.level.id, to: to.level.id, out: from.movementId, in: to.movementId };
}

// ── reservations ───────────────────────────────────────────────────────────────────────

const OPEN_FOR_PARTS = new Set([TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING, TicketStatus.ON_HOLD]);

/**
 * Holds parts for a ticket. The ticket is read FOR KEY SHARE: closing it (which locks it FOR
 * UPDATE and releases what it holds) waits for reservations in flight, and a reservation
 * after the close sees it closed. Lock order everywhere: ticket, reservation, levels.
 */
export async function reservePart(ctx: RequestContext, tx: Tx, input: ReservePartInput): Promise<{ reservation: string; level: string }> {
  const m = tx.manager;
  const q = quantity(input.quantity);
  const ticketId = gidToId(input.ticketId, 'Ticket', 'Ticket', 'ticketId');
  const { part, locationIds, codes } = await requireRefs(m, input.partId, [{ gid: input.locationId, field: 'locationId' }]);
  const locationId = locationIds[0];
  const ticket = await m.getRepository(Ticket).createQueryBuilder('t').setLock('for_key_share').where('t.id = :id', { id: ticketId }).getOne();
  if (!ticket) throw notFound('Ticket', ['input', 'ticketId']);
  if (!OPEN_FOR_PARTS.has(ticket.status)) {
    throw new DomainError(ErrorCode.INVALID_TRANSITION, `Ticket #${ticket.number} is ${ticket.status}; parts are reserved for tickets still being worked`, [
      'input',
      'ticketId',
    ]);
  }
  // Ticket.reservations (every status) is counted with this bound: keep it true
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('part_reservation:' || $1))`, [ticketId]);
  const [{ n }]: { n: number }[] = await m.query('SELECT count(*)::int AS n FROM part_reservation WHERE ticket_id = $1', [ticketId]);
  if (n >= BOUNDS.reservationsPerTicket) {
    throw invalid(`Ticket #${ticket.number} has ${n} reservations already; a ticket holds at most ${BOUNDS.reservationsPerTicket}`, ['input', 'ticketId']);
  }
  const change = await changeLevel(
    ctx,
    tx,
    {
      partId: part.id,
      locationId,
      onHand: 0,
      reserved: q,
      label: `${part.sku} at ${codes.get(locationId)}`,
      field: ['input', 'quantity'],
    },
    { kind: StockMovementKind.RESERVATION, quantity: q, ticketId, newReservation: true, note: `for ticket #${ticket.number}` },
  );
  const reservationId = change.reservationId!;
  const slaState = await slaStateAt(tx.manager, ticket, ctx.app.clock.now());
  emitTicketEvent(tx, 'RESERVATION_CHANGED', ticket, { slaState, reservationId, reservationStatus: ReservationStatus.RESERVED });
  return { reservation: reservationId, level: change.level.id };
}

interface ReservationRow {
  id: string;
  ticket_id: string;
  part_id: string;
  location_id: string;
  quantity: number;
  status: ReservationStatus;
}

/** Ends a held reservation: RELEASED gives the units back; CONSUMED takes them out of on hand. */
async function settle(ctx: RequestContext, tx: Tx, r: ReservationRow, to: ReservationStatus.RELEASED | ReservationStatus.CONSUMED, ticket: Ticket | null, note: string | null) {
  const consumed = to === ReservationStatus.CONSUMED;
  const now = ctx.app.clock.now();
  // the reservation row is locked already; settle it first so the level lock is held briefly
  await tx.manager.query('UPDATE part_reservation SET status = $2, settled_at = $3, updated_at = $3 WHERE id = $1', [r.id, to, now]);
  const change = await changeLevel(
    ctx,
    tx,
    {
      partId: r.part_id,
      locationId: r.location_id,
      onHand: consumed ? -r.quantity : 0,
      reserved: -r.quantity,
      label: 'the reserved part',
      field: ['input', 'reservationId'],
    },
    {
      kind: consumed ? StockMovementKind.CONSUMPTION : StockMovementKind.RELEASE,
      quantity: -r.quantity,
      ticketId: r.ticket_id,
      reservationId: r.id,
      note,
    },
  );
  if (ticket) {
    const slaState = await slaStateAt(tx.manager, ticket, now);
    emitTicketEvent(tx, 'RESERVATION_CHANGED', ticket, { slaState, reservationId: r.id, reservationStatus: to });
  }
  return change.level.id;
}

async function settleOne(ctx: RequestContext, tx: Tx, input: ReservationInput, to: ReservationStatus.RELEASED | ReservationStatus.CONSUMED) {
  const m = tx.manager;
  const rid = gidToId(input.reservationId, 'PartReservation', 'Reservation', 'reservationId');
  // lock order ticket → reservation → level, as closing a ticket does (the movement's foreign
  // key to the ticket would otherwise take the ticket's lock last and could deadlock with it)
  const [ref]: { ticket_id: string }[] = await m.query('SELECT ticket_id FROM part_reservation WHERE id = $1', [rid]);
  if (!ref) throw notFound('Reservation', ['input', 'reservationId']);
  const ticket = await m.getRepository(Ticket).createQueryBuilder('t').setLock('for_key_share').where('t.id = :id', { id: ref.ticket_id }).getOne();
  const [r]: ReservationRow[] = await m.query(
    'SELECT id, ticket_id, part_id, location_id, quantity, status FROM part_reservation WHERE id = $1 FOR UPDATE',
    [rid],
  );
  if (r.status !== ReservationStatus.RESERVED) {
    const verb = to === ReservationStatus.CONSUMED ? 'consumed' : 'released';
    throw new DomainError(ErrorCode.INVALID_TRANSITION, `This reservation is ${r.status} already and cannot be ${verb}`, ['input', 'reservationId']);
  }
  const level = await settle(ctx, tx, r, to, ticket, ticket ? `for ticket #${ticket.number}` : null);
  return { reservation: r.id, level };
}

export function releaseReservation(ctx: RequestContext, tx: Tx, input: ReservationInput) {
  return settleOne(ctx, tx, input, ReservationStatus.RELEASED);
}

export function consumeReservation(ctx: RequestContext, tx: Tx, input: ReservationInput) {
  return settleOne(ctx, tx, input, ReservationStatus.CONSUMED);
}

/**
 * A part consumed on a ticket comes back into stock at a location (a RETURN line; on hand
 * rises). At most what was consumed on the ticket for that part and not returned yet: the
 * ticket's returns of the part queue on an advisory lock, so two concurrent returns cannot
 * both take the last unit. Lock order as everywhere: ticket, then the level.
 */
export async function returnPart(ctx: RequestContext, tx: Tx, input: ReturnPartInput): Promise<{ level: string; movement: string }> {
  const m = tx.manager;
  const q = quantity(input.quantity);
  const reason = requiredText(input.reason, 'reason', 500);
  const ticketId = gidToId(input.ticketId, 'Ticket', 'Ticket', 'ticketId');
  const { part, locationIds, codes } = await requireRefs(m, input.partId, [{ gid: input.locationId, field: 'locationId' }]);
  const ticket = await m.getRepository(Ticket).createQueryBuilder('t').setLock('for_key_share').where('t.id = :id', { id: ticketId }).getOne();
  if (!ticket) throw notFound('Ticket', ['input', 'ticketId']);
  await m.query(`SELECT pg_advisory_xact_lock(hashtext('part_return:' || $1 || ':' || $2))`, [ticketId, part.id]);
  const [{ open }]: { open: number }[] = await m.query(
    `SELECT (COALESCE(sum(-quantity) FILTER (WHERE kind = $3), 0) - COALESCE(sum(quantity) FILTER (WHERE kind = $4), 0))::int AS open
       FROM stock_movement WHERE ticket_id = $1 AND part_id = $2 AND kind IN ($3, $4)`,
    [ticketId, part.id, StockMovementKind.CONSUMPTION, StockMovementKind.RETURN],
  );
  if (q > open) {
    throw invalid(
      open === 0
        ? `No ${part.sku} consumed on ticket #${ticket.number} is left to return`
        : `Only ${open} of ${part.sku} consumed on ticket #${ticket.number} are not returned yet`,
      ['input', 'quantity'],
    );
  }
  const locationId = locationIds[0];
  const change = await changeLevel(
    ctx,
    tx,
    {
      partId: part.id,
      locationId,
      onHand: q,
      reserved: 0,
      create: true,
      label: `${part.sku} at ${codes.get(locationId)}`,
      field: ['input', 'quantity'],
    },
    { kind: StockMovementKind.RETURN, quantity: q, ticketId, note: reason },
  );
  return { level: change.level.id, movement: change.movementId };
}

/** Releases everything a ticket still holds, levels in (part, location) order. */
export async function releaseTicketReservations(ctx: RequestContext, tx: Tx, ticket: Ticket, note: string): Promise<number> {
  const rows: ReservationRow[] = await tx.manager.query(
    `SELECT id, ticket_id, part_id, location_id, quantity, status FROM part_reservation
      WHERE ticket_id = $1 AND status = 'RESERVED' ORDER BY part_id, location_id, id FOR UPDATE`,
    [ticket.id],
  );
  for (const r of rows) await settle(ctx, tx, r, ReservationStatus.RELEASED, ticket, note);
  return rows.length;
}

/**
 * A ticket status hook (wired in src/app/wiring.ts): closing a ticket releases what it still
 * holds, in the same transaction as the status change.
 */
export const releaseOnClose: StatusHook = async (ctx, tx, t, to) => {
  if (to === TicketStatus.CLOSED) await releaseTicketReservations(ctx, tx, t, `ticket #${t.number} closed`);
};
