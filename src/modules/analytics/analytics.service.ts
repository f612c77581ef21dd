import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../graphql/context';
import { badRequest, tooComplex } from '../../errors';
import { Params } from '../../graphql/filter-sql';
import { BOUNDS } from '../../graphql/limits';
import { decodeId, NONE_ID } from '../../graphql/ids';
import { Channel, ContactReason, CustomerTier, Direction, Priority, RootCause, TicketKind, TicketStatus } from '../common/enums';
import type { InteractionFilter } from '../interactions/interaction.inputs';
import { interactionWhere } from '../interactions/interaction.service';
import { LocationKind, StockStatus, stockStatusSql } from '../inventory/inventory.enums';
import { stockLevelWhere } from '../inventory/inventory.filter';
import type { StockLevelFilter } from '../inventory/inventory.inputs';
import { formatDecimal } from '../inventory/part.entity';
import { slaStateSql } from '../sla/sla.service';
import { ticketWhere } from '../tickets/ticket.filter';
import type { TicketFilter } from '../tickets/ticket.inputs';
import {
  InteractionDimension,
  type InteractionStatsRow,
  InventoryDimension,
  type InventoryStatsRow,
  type PartInsight,
  TicketDimension,
  type TicketStatsRow,
  TimeBucket,
} from './analytics.types';
import { inverseNormal } from './inverse-normal';

/**
 * Statistics: each call is ONE SQL statement (GROUP BY over the same filter SQL the lists
 * use), run on the read database (`app.readDb`: the replica when DATABASE_READ_URL is set).
 * Only the measures the client selected are computed (`want`; null = all of them).
 */

export const MAX_DIMENSIONS = 4;

const BUCKET_UNIT: Record<TimeBucket, string> = {
  [TimeBucket.HOUR]: 'hour',
  [TimeBucket.DAY]: 'day',
  [TimeBucket.WEEK]: 'week',
  [TimeBucket.MONTH]: 'month',
};

/** The start of the UTC bucket holding `col` (date_trunc on the UTC wall clock, back to an instant). */
export function periodSql(col: string, bucket: TimeBucket): string {
  return `(date_trunc('${BUCKET_UNIT[bucket]}', ${col} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`;
}

/** Sort position of an enum column in the enum's declared order (workflow order, LOW→URGENT, …). */
function enumOrder(expr: string, values: readonly string[]): string {
  return `array_position(ARRAY[${values.map((v) => `'${v}'`).join(',')}]::text[], (${expr})::text)`;
}

interface DimDef {
  /** the grouped SQL expression */
  expr: string;
  /** how rows are ordered by it, given the expression to order (the grouped column) */
  order: (col: string) => string;
}

const enumDim = (expr: string, values: readonly string[]): DimDef => ({ expr, order: (c) => `${enumOrder(c, values)} NULLS LAST` });
const agentDim = (expr: string): DimDef => ({ expr, order: (c) => `(SELECT ag.name FROM agent ag WHERE ag.id = ${c}) NULLS LAST, ${c}` });
const periodDim = (col: string, bucket: TimeBucket): DimDef => ({ expr: periodSql(col, bucket), order: (c) => `${c} ASC` });

/**
 * Validates groupBy: no duplicates, at most MAX_DIMENSIONS; a bucket without PERIOD adds
 * PERIOD, PERIOD without a bucket buckets by DAY; PERIOD goes first (rows run oldest first).
 */
export function resolveDimensions<D extends string>(
  groupBy: readonly D[] | null | undefined,
  bucket: TimeBucket | null | undefined,
  period: D | null,
): { dims: D[]; bucket: TimeBucket } {
  const given = [...(groupBy ?? [])];
  const seen = new Set<D>();
  for (const d of given) {
    if (seen.has(d)) throw badRequest(`groupBy lists ${d} more than once; name each dimension once`);
    seen.add(d);
  }
  const dims = [...given];
  if (period && bucket && !seen.has(period)) dims.push(period);
  if (dims.length > MAX_DIMENSIONS) {
    const implied = dims.length > given.length ? ` (a bucket without PERIOD in groupBy adds PERIOD)` : '';
    throw badRequest(`groupBy takes at most ${MAX_DIMENSIONS} dimensions, got ${dims.length}: ${dims.join(', ')}${implied}; drop some or run several queries`);
  }
  if (period && dims.includes(period)) dims.sort((a, b) => (a === period ? -1 : b === period ? 1 : 0));
  return { dims, bucket: bucket ?? TimeBucket.DAY };
}

/** Runs a statement with TypeORM-style named parameters (`:name`) on the read database. */
async function run<T>(db: DataSource, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [q, values] = db.driver.escapeQueryWithParameters(sql, params);
  return db.query(q, values);
}

/**
 * Statistics rows: at most BOUNDS.statsRows, the bound the cost estimate counts on
 * (src/graphql/limits.ts); an answer with more groups is refused, never cut short.
 *
 * The limit sits outside a MATERIALIZED CTE, which PostgreSQL plans for its whole result: a
 * LIMIT on the aggregate itself made the planner, which overestimates the groups (24,609 for
 * 637 days × channels), pick a fast-start parallel plan 20–40% slower than the plain statement's.
 */
async function runStats<T>(db: DataSource, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const rows = await run<T>(db, `WITH stats AS MATERIALIZED (${sql}) SELECT * FROM stats LIMIT ${BOUNDS.statsRows + 1}`, params);
  if (rows.length > BOUNDS.statsRows) {
    throw tooComplex(`The statistics have more than ${BOUNDS.statsRows} rows; narrow the filter, use a coarser bucket or group by fewer dimensions`);
  }
  return rows;
}

const readDb = (ctx: RequestContext): DataSource => ctx.app.readDb;

const int = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const num = (v: unknown, digits?: number): number | null => {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  if (!Number.isFinite(n)) return null;
  if (digits === undefined) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};
const wants = (want: Set<string> | null, ...fields: string[]) => !want || fields.some((f) => want.has(f));

/** GROUP BY / ORDER BY over the dimensions; `col(i)` names the grouped column of dimension i (default: its expression). */
function groupClause(dims: DimDef[], col: (i: number) => string = (i) => dims[i].expr): { select: string[]; group: string; order: string } {
  return {
    select: dims.map((_, i) => `${col(i)} AS k${i}`),
    group: dims.length ? `GROUP BY ${dims.map((_, i) => col(i)).join(', ')}` : '',
    order: dims.length ? `ORDER BY ${dims.map((d, i) => d.order(col(i))).join(', ')}` : '',
  };
}

// ── tickets ─────────────────────────────────────────────────────────────────────────────

function ticketDim(d: TicketDimension, bucket: TimeBucket): DimDef {
  switch (d) {
    case TicketDimension.STATUS:
      return enumDim('t.status', Object.values(TicketStatus));
    case TicketDimension.PRIORITY:
      return enumDim('t.priority', Object.values(Priority));
    case TicketDimension.KIND:
      return enumDim('t.kind', Object.values(TicketKind));
    case TicketDimension.CHANNEL:
      return enumDim('t.channel', Object.values(Channel));
    case TicketDimension.REASON:
      return enumDim('t.reason', Object.values(ContactReason));
    case TicketDimension.ROOT_CAUSE:
      return enumDim('t.root_cause', Object.values(RootCause));
    case TicketDimension.CUSTOMER_TIER:
      return enumDim('c.tier', Object.values(CustomerTier));
    case TicketDimension.ASSIGNEE:
      return agentDim('t.assignee_id');
    case TicketDimension.PERIOD:
      return periodDim('t.created_at', bucket);
  }
}

const TICKET_KEY: Record<TicketDimension, string> = {
  STATUS: 'status',
  PRIORITY: 'priority',
  KIND: 'kind',
  CHANNEL: 'channel',
  REASON: 'reason',
  ROOT_CAUSE: 'rootCause',
  ASSIGNEE: 'assigneeId',
  CUSTOMER_TIER: 'customerTier',
  PERIOD: 'period',
};

/**
 * The SQL of ticketStats (exported for the benchmark and tests). The inner SELECT filters the
 * tickets and computes, per ticket, only the dimension values and measure inputs asked for;
 * the outer one groups. Contacts, when asked for, are each ticket's maintained contact_count
 * (exact: see migrations/*-TicketContactCount.ts); their share uses a window over the groups' sums.
 */
export function ticketStatsSql(
  args: { filter?: TicketFilter | null; groupBy?: TicketDimension[] | null; bucket?: TimeBucket | null },
  now: Date,
  want: Set<string> | null = null,
): { sql: string; params: Record<string, unknown>; dims: TicketDimension[] } {
  const { dims, bucket } = resolveDimensions(args.groupBy, args.bucket, TicketDimension.PERIOD);
  const p = new Params('tf');
  const where = ticketWhere(args.filter, 't', now, p).sql;
  const defs = dims.map((d) => ticketDim(d, bucket));
  const needContacts = wants(want, 'contactCount', 'shareOfContacts');

  // per-ticket values (x.*)
  const cols = defs.map((d, i) => `${d.expr} AS d${i}`);
  const m: string[] = ['count(*) AS "count"'];
  if (wants(want, 'openCount')) {
    cols.push(`t.status NOT IN ('RESOLVED','CLOSED') AS open`);
    m.push(`count(*) FILTER (WHERE x.open) AS "openCount"`);
  }
  if (wants(want, 'breachedCount', 'slaCompliance')) {
    cols.push(`${slaStateSql('t', `CAST(${p.add(now.toISOString())} AS timestamptz)`)} AS sla`);
    if (wants(want, 'breachedCount')) m.push(`count(*) FILTER (WHERE x.sla = 'BREACHED') AS "breachedCount"`);
    if (wants(want, 'slaCompliance')) {
      m.push(`(count(*) FILTER (WHERE x.sla = 'MET'))::float8 / NULLIF(count(*) FILTER (WHERE x.sla IN ('MET','BREACHED')), 0) AS "slaCompliance"`);
    }
  }
  if (wants(want, 'avgFirstResponseMinutes')) {
    cols.push(`EXTRACT(EPOCH FROM (t.first_responded_at - t.created_at)) / 60.0 AS frt`);
    m.push(`avg(x.frt) AS "avgFirstResponseMinutes"`);
  }
  if (wants(want, 'avgResolutionMinutes', 'p90ResolutionMinutes')) {
    cols.push(`EXTRACT(EPOCH FROM (t.resolved_at - t.created_at)) / 60.0 AS res`);
    if (wants(want, 'avgResolutionMinutes')) m.push(`avg(x.res) AS "avgResolutionMinutes"`);
    if (wants(want, 'p90ResolutionMinutes')) m.push(`percentile_cont(0.9) WITHIN GROUP (ORDER BY x.res) AS "p90ResolutionMinutes"`);
  }
  if (wants(want, 'avgSatisfaction', 'avgCustomerSatisfaction', 'ratingCount', 'staffRecordedRatingCount')) {
    cols.push('t.satisfaction_score AS csat');
    if (wants(want, 'avgSatisfaction')) m.push(`avg(x.csat) AS "avgSatisfaction"`);
    if (wants(want, 'ratingCount')) m.push(`count(x.csat) AS "ratingCount"`);
    if (wants(want, 'avgCustomerSatisfaction', 'staffRecordedRatingCount')) {
      // a rating an agent recorded (source STAFF) names that agent; the customer's own does not
      cols.push('t.satisfaction_recorded_by_id IS NOT NULL AS csat_staff');
      if (wants(want, 'avgCustomerSatisfaction')) m.push(`avg(x.csat) FILTER (WHERE NOT x.csat_staff) AS "avgCustomerSatisfaction"`);
      if (wants(want, 'staffRecordedRatingCount')) m.push(`count(x.csat) FILTER (WHERE x.csat_staff) AS "staffRecordedRatingCount"`);
    }
  }
  if (needContacts) {
    // ticket.contact_count: the ticket's interactions, kept exact by triggers on interaction
    // (migration TicketContactCount), so contacts cost no join; with a created range and the
    // root cause this is an index-only scan of (created_at, root_cause, contact_count)
    cols.push('t.contact_count AS contacts');
    m.push(`COALESCE(sum(x.contacts), 0) AS "contactCount"`);
    m.push(`COALESCE(sum(x.contacts), 0)::float8 / NULLIF(sum(COALESCE(sum(x.contacts), 0)) OVER (), 0) AS "shareOfContacts"`);
  }
  const joinCustomer = dims.includes(TicketDimension.CUSTOMER_TIER) ? ' JOIN customer c ON c.id = t.customer_id' : '';
  const base = `SELECT ${cols.length ? cols.join(', ') : '1 AS one'} FROM ticket t${joinCustomer}${where ? ` WHERE ${where}` : ''}`;

  const g = groupClause(defs, (i) => `x.d${i}`);
  const select = `SELECT ${[...g.select, ...m].join(', ')}`;
  const tail = `${g.group} HAVING count(*) > 0 ${g.order}`;
  const sql = `${select} FROM (${base}) x ${tail}`;
  return { sql, params: p.values, dims };
}

export async function ticketStats(
  ctx: RequestContext,
  args: { filter?: TicketFilter | null; groupBy?: TicketDimension[] | null; bucket?: TimeBucket | null },
  want: Set<string> | null = null,
): Promise<TicketStatsRow[]> {
  const { sql, params, dims } = ticketStatsSql(args, ctx.app.clock.now(), want);
  const rows = await runStats<Record<string, unknown>>(readDb(ctx), sql, params);
  return rows.map((r) => {
    const key: Record<string, unknown> = {
      status: null,
      priority: null,
      kind: null,
      channel: null,
      reason: null,
      rootCause: null,
      assigneeId: null,
      customerTier: null,
      period: null,
    };
    dims.forEach((d, i) => (key[TICKET_KEY[d]] = r[`k${i}`] ?? null));
    return {
      key: key as never,
      count: int(r.count),
      openCount: int(r.openCount),
      breachedCount: int(r.breachedCount),
      slaCompliance: num(r.slaCompliance),
      avgFirstResponseMinutes: num(r.avgFirstResponseMinutes, 2),
      avgResolutionMinutes: num(r.avgResolutionMinutes, 2),
      p90ResolutionMinutes: num(r.p90ResolutionMinutes, 2),
      avgSatisfaction: num(r.avgSatisfaction, 2),
      avgCustomerSatisfaction: num(r.avgCustomerSatisfaction, 2),
      ratingCount: int(r.ratingCount),
      staffRecordedRatingCount: int(r.staffRecordedRatingCount),
      contactCount: int(r.contactCount),
      shareOfContacts: num(r.shareOfContacts),
    };
  });
}

// ── interactions ────────────────────────────────────────────────────────────────────────

function interactionDim(d: InteractionDimension, bucket: TimeBucket): DimDef {
  switch (d) {
    case InteractionDimension.CHANNEL:
      return enumDim('i.channel', Object.values(Channel));
    case InteractionDimension.DIRECTION:
      return enumDim('i.direction', Object.values(Direction));
    case InteractionDimension.REASON:
      return enumDim('i.reason', Object.values(ContactReason));
    case InteractionDimension.TICKET_KIND:
      return enumDim('tk.kind', Object.values(TicketKind));
    case InteractionDimension.AGENT:
      return agentDim('i.agent_id');
    case InteractionDimension.PERIOD:
      return periodDim('i.occurred_at', bucket);
  }
}

const INTERACTION_KEY: Record<InteractionDimension, string> = {
  CHANNEL: 'channel',
  DIRECTION: 'direction',
  REASON: 'reason',
  AGENT: 'agentId',
  TICKET_KIND: 'ticketKind',
  PERIOD: 'period',
};

/**
 * The SQL of interactionStats. With uniqueCustomers it aggregates in two steps (per group and
 * customer, then per group): hash aggregation the planner can run in parallel, several
 * times faster than count(DISTINCT customer_id), which sorts every row.
 */
export function interactionStatsSql(
  args: { filter?: InteractionFilter | null; groupBy?: InteractionDimension[] | null; bucket?: TimeBucket | null },
  want: Set<string> | null = null,
): { sql: string; params: Record<string, unknown>; dims: InteractionDimension[] } {
  const { dims, bucket } = resolveDimensions(args.groupBy, args.bucket, InteractionDimension.PERIOD);
  const w = interactionWhere(args.filter, 'i', new Params('if'));
  const defs = dims.map((d) => interactionDim(d, bucket));
  const from = `FROM interaction i${dims.includes(InteractionDimension.TICKET_KIND) ? ' LEFT JOIN ticket tk ON tk.id = i.ticket_id' : ''}${w.sql ? ` WHERE ${w.sql}` : ''}`;
  const avg = wants(want, 'avgDurationSeconds');
  if (!wants(want, 'uniqueCustomers')) {
    const g = groupClause(defs);
    const m = ['count(*) AS "count"', ...(avg ? ['avg(i.duration_seconds) AS "avgDurationSeconds"'] : [])];
    return { sql: `SELECT ${[...g.select, ...m].join(', ')} ${from} ${g.group} HAVING count(*) > 0 ${g.order}`, params: w.params, dims };
  }
  const inner = `SELECT ${[...defs.map((d, i) => `${d.expr} AS d${i}`), 'i.customer_id', 'count(*) AS n', 'sum(i.duration_seconds) AS ds', 'count(i.duration_seconds) AS dn'].join(', ')}
    ${from} GROUP BY ${[...defs.map((d) => d.expr), 'i.customer_id'].join(', ')}`;
  const g = groupClause(defs, (i) => `x.d${i}`);
  const m = ['sum(x.n) AS "count"', 'count(*) AS "uniqueCustomers"', ...(avg ? ['sum(x.ds)::float8 / NULLIF(sum(x.dn), 0) AS "avgDurationSeconds"'] : [])];
  return { sql: `SELECT ${[...g.select, ...m].join(', ')} FROM (${inner}) x ${g.group} HAVING count(*) > 0 ${g.order}`, params: w.params, dims };
}

export async function interactionStats(
  ctx: RequestContext,
  args: { filter?: InteractionFilter | null; groupBy?: InteractionDimension[] | null; bucket?: TimeBucket | null },
  want: Set<string> | null = null,
): Promise<InteractionStatsRow[]> {
  const { sql, params, dims } = interactionStatsSql(args, want);
  const rows = await runStats<Record<string, unknown>>(readDb(ctx), sql, params);
  return rows.map((r) => {
    const key: Record<string, unknown> = { channel: null, direction: null, reason: null, agentId: null, ticketKind: null, period: null };
    dims.forEach((d, i) => (key[INTERACTION_KEY[d]] = r[`k${i}`] ?? null));
    return {
      key: key as never,
      count: int(r.count),
      uniqueCustomers: int(r.uniqueCustomers),
      avgDurationSeconds: num(r.avgDurationSeconds, 2),
    };
  });
}

// ── inventory ───────────────────────────────────────────────────────────────────────────

function inventoryDim(d: InventoryDimension): DimDef {
  switch (d) {
    case InventoryDimension.PART:
      return { expr: 'p.id', order: () => 'p.sku' };
    case InventoryDimension.LOCATION:
      return { expr: 'loc.id', order: () => 'loc.code' };
    case InventoryDimension.LOCATION_KIND:
      return enumDim('loc.kind', Object.values(LocationKind));
    case InventoryDimension.STATUS:
      return enumDim(stockStatusSql('sl'), Object.values(StockStatus));
  }
}

const INVENTORY_KEY: Record<InventoryDimension, string> = { PART: 'partId', LOCATION: 'locationId', LOCATION_KIND: 'locationKind', STATUS: 'status' };

export function inventoryStatsSql(
  args: { filter?: StockLevelFilter | null; groupBy?: InventoryDimension[] | null },
): { sql: string; params: Record<string, unknown>; dims: InventoryDimension[] } {
  const { dims } = resolveDimensions(args.groupBy, null, null);
  const w = stockLevelWhere(args.filter, 'sl', new Params('sf'));
  const g = groupClause(dims.map(inventoryDim));
  const m = [
    'count(*) AS "stockLevelCount"',
    'sum(sl.on_hand) AS "onHand"',
    'sum(sl.reserved) AS "reserved"',
    'sum(sl.on_hand - sl.reserved) AS "available"',
    'sum(sl.on_hand * p.unit_cost) AS "onHandValue"',
    'count(*) FILTER (WHERE sl.on_hand - sl.reserved <= sl.reorder_point) AS "belowReorderPoint"',
  ];
  const sql = `SELECT ${[...g.select, ...m].join(', ')}
    FROM stock_level sl JOIN part p ON p.id = sl.part_id JOIN stock_location loc ON loc.id = sl.location_id
    ${w.sql ? `WHERE ${w.sql}` : ''} ${g.group} HAVING count(*) > 0 ${g.order}`;
  return { sql, params: w.params, dims };
}

export async function inventoryStats(
  ctx: RequestContext,
  args: { filter?: StockLevelFilter | null; groupBy?: InventoryDimension[] | null },
): Promise<InventoryStatsRow[]> {
  const { sql, params, dims } = inventoryStatsSql(args);
  const rows = await runStats<Record<string, unknown>>(readDb(ctx), sql, params);
  return rows.map((r) => {
    const key: Record<string, unknown> = { partId: null, locationId: null, locationKind: null, status: null };
    dims.forEach((d, i) => (key[INVENTORY_KEY[d]] = r[`k${i}`] ?? null));
    return {
      key: key as never,
      stockLevelCount: int(r.stockLevelCount),
      onHand: int(r.onHand),
      reserved: int(r.reserved),
      available: int(r.available),
      onHandValue: formatDecimal(String(r.onHandValue ?? '0')),
      belowReorderPoint: int(r.belowReorderPoint),
    };
  });
}

// ── balanced inventory ──────────────────────────────────────────────────────────────────

export interface PartInsightArgs {
  partId?: string | null;
  locationId?: string | null;
  windowDays?: number | null;
  serviceLevel?: number | null;
  holdingRate?: number | null;
  first?: number | null;
}

function checkRange(name: string, v: number, min: number, max: number, integer: boolean, hint: string) {
  if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw badRequest(`${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (${hint}), got ${v}`);
  }
}

/** Validated arguments of partInsights, with the safety factor z = Φ⁻¹(serviceLevel). */
export function partInsightParams(args: PartInsightArgs) {
  const windowDays = args.windowDays ?? 90;
  const serviceLevel = args.serviceLevel ?? 0.95;
  const holdingRate = args.holdingRate ?? 0.25;
  const first = args.first ?? 20;
  checkRange('windowDays', windowDays, 1, 3650, true, 'days of history');
  checkRange('serviceLevel', serviceLevel, 0.5, 0.9999, false, 'e.g. 0.95 for a 95 % chance of not running out in a lead time');
  checkRange('holdingRate', holdingRate, 0, 10, false, 'annual cost of holding stock as a share of its value, e.g. 0.25');
  checkRange('first', first, 1, 100, true, 'how many parts');
  return { windowDays, serviceLevel, holdingRate, first, z: inverseNormal(serviceLevel) };
}

export function partInsightsSql(args: PartInsightArgs, now: Date) {
  const a = partInsightParams(args);
  const partId = args.partId == null ? null : (decodeId(args.partId, 'Part') ?? NONE_ID);
  const locationId = args.locationId == null ? null : (decodeId(args.locationId, 'StockLocation') ?? NONE_ID);
  const params = {
    pi_now: now.toISOString(),
    pi_window: a.windowDays,
    pi_z: a.z,
    pi_rate: String(a.holdingRate),
    pi_part: partId,
    pi_loc: locationId,
    pi_first: a.first,
  };
  const now_ = 'CAST(:pi_now AS timestamptz)';
  const win = 'CAST(:pi_window AS int)';
  const scope = (alias: string) =>
    `(CAST(:pi_part AS uuid) IS NULL OR ${alias}.part_id = CAST(:pi_part AS uuid)) AND (CAST(:pi_loc AS uuid) IS NULL OR ${alias}.location_id = CAST(:pi_loc AS uuid))`;
  // daily consumption: day 0 is the 24 hours before now, day windowDays-1 the oldest
  const sql = `
    WITH lv AS (
      SELECT sl.part_id, sum(sl.on_hand) AS on_hand, sum(sl.reserved) AS reserved, sum(sl.reorder_point) AS reorder_point,
             sum(sl.on_hand * p.unit_cost) AS value
        FROM stock_level sl JOIN part p ON p.id = sl.part_id
       WHERE ${scope('sl')}
       GROUP BY sl.part_id
    ), daily AS (
      SELECT m.part_id, floor(EXTRACT(EPOCH FROM (${now_} - m.created_at)) / 86400)::int AS day, -sum(m.quantity)::float8 AS units
        FROM stock_movement m
       WHERE m.kind = 'CONSUMPTION' AND m.created_at >= ${now_} - make_interval(days => ${win}) AND m.created_at < ${now_}
         AND ${scope('m')}
       GROUP BY m.part_id, 2
    ), dem AS (
      SELECT part_id, sum(units) AS total, sum(units * units) AS sq FROM daily GROUP BY part_id
    ), x AS (
      SELECT p.id, p.sku, p.lead_time_days,
             COALESCE(lv.on_hand, 0) AS on_hand, COALESCE(lv.reserved, 0) AS reserved, COALESCE(lv.reorder_point, 0) AS reorder_point,
             COALESCE(lv.value, 0) AS value,
             COALESCE(dem.total, 0) AS consumption,
             COALESCE(dem.total, 0) / ${win} AS avg_daily,
             CASE WHEN ${win} > 1
                  THEN sqrt(greatest((COALESCE(dem.sq, 0) - COALESCE(dem.total, 0) ^ 2 / ${win}) / (${win} - 1), 0))
                  ELSE 0 END AS sd
        FROM part p
        LEFT JOIN lv ON lv.part_id = p.id
        LEFT JOIN dem ON dem.part_id = p.id
       WHERE (CAST(:pi_part AS uuid) IS NULL OR p.id = CAST(:pi_part AS uuid))
         AND (CAST(:pi_loc AS uuid) IS NULL OR lv.part_id IS NOT NULL OR dem.part_id IS NOT NULL)
    )
    SELECT x.id AS "partId", x.lead_time_days AS "leadTimeDays",
           x.on_hand AS "onHand", x.reserved AS "reserved", x.on_hand - x.reserved AS "available", x.reorder_point AS "reorderPoint",
           x.consumption AS "consumption", x.avg_daily AS "avgDailyDemand", x.sd AS "dailyDemandStdDev",
           CASE WHEN x.consumption > 0 THEN (x.on_hand - x.reserved) / x.avg_daily END AS "daysOfCover",
           CASE WHEN x.lead_time_days IS NOT NULL
                THEN ceil(round((CAST(:pi_z AS float8) * x.sd * sqrt(x.lead_time_days))::numeric, 6)) END AS "safetyStock",
           CASE WHEN x.lead_time_days IS NOT NULL
                THEN ceil(round((x.avg_daily * x.lead_time_days + CAST(:pi_z AS float8) * x.sd * sqrt(x.lead_time_days))::numeric, 6)) END
             AS "suggestedReorderPoint",
           x.value AS "onHandValue",
           round(x.value * CAST(:pi_rate AS numeric), 2) AS "holdingCost"
      FROM x
     ORDER BY CASE WHEN x.consumption > 0 THEN (x.on_hand - x.reserved) / x.avg_daily END ASC NULLS LAST, x.consumption DESC, x.sku
     LIMIT CAST(:pi_first AS int)`;
  return { sql, params, ...a, locationId };
}

export async function partInsights(ctx: RequestContext, args: PartInsightArgs): Promise<PartInsight[]> {
  const q = partInsightsSql(args, ctx.app.clock.now());
  const rows = await run<Record<string, unknown>>(readDb(ctx), q.sql, q.params);
  return rows.map((r) => ({
    partId: r.partId as string,
    locationId: q.locationId,
    windowDays: q.windowDays,
    onHand: int(r.onHand),
    reserved: int(r.reserved),
    available: int(r.available),
    reorderPoint: int(r.reorderPoint),
    consumption: int(r.consumption),
    avgDailyDemand: num(r.avgDailyDemand, 4)!,
    dailyDemandStdDev: num(r.dailyDemandStdDev, 4)!,
    daysOfCover: num(r.daysOfCover, 2),
    leadTimeDays: r.leadTimeDays === null ? null : int(r.leadTimeDays),
    serviceLevel: q.serviceLevel,
    safetyFactor: num(q.z, 4)!,
    safetyStock: r.safetyStock === null ? null : int(r.safetyStock),
    suggestedReorderPoint: r.suggestedReorderPoint === null ? null : int(r.suggestedReorderPoint),
    onHandValue: formatDecimal(String(r.onHandValue ?? '0')),
    holdingRate: q.holdingRate,
    holdingCost: formatDecimal(String(r.holdingCost ?? '0')),
  }));
}
