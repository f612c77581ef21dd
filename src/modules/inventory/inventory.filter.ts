import { buildFilter, idRule, Params, wordsRule, type FilterSpec } from '../../graphql/filter-sql';
import { stockStatusSql } from './inventory.enums';
import type { PartFilter, StockLevelFilter, StockMovementFilter } from './inventory.inputs';
import { normalizeSku } from './inventory.service';

const skus = (list: unknown) => (list as string[]).map((s) => normalizeSku(s) ?? '');

/** PartFilter → SQL over the part alias `a`. */
export function partFilterSpec(a: string): FilterSpec {
  return {
    sku: { kind: 'custom', build: (v, p) => `${a}.sku = ANY(CAST(${p.add(skus(v))} AS text[]))` },
    text: wordsRule([`${a}.sku`, `${a}.name`, `${a}.description`]),
    unitCostFrom: { kind: 'custom', build: (v, p) => `${a}.unit_cost >= CAST(${p.add(v)} AS numeric)` },
    unitCostTo: { kind: 'custom', build: (v, p) => `${a}.unit_cost < CAST(${p.add(v)} AS numeric)` },
    leadTimeDaysFrom: { kind: 'from', sql: `${a}.lead_time_days` },
    leadTimeDaysTo: { kind: 'to', sql: `${a}.lead_time_days` },
    stockStatus: {
      kind: 'custom',
      build: (v, p) => `EXISTS (SELECT 1 FROM stock_level psl WHERE psl.part_id = ${a}.id AND ${stockStatusSql('psl')} = ANY(CAST(${p.add(v)} AS text[])))`,
    },
  };
}

/** StockLevelFilter → SQL over the stock_level alias `a` (also for inventory statistics). */
export function stockLevelFilterSpec(a: string): FilterSpec {
  return {
    status: { kind: 'custom', build: (v, p) => `${stockStatusSql(a)} = ANY(CAST(${p.add(v)} AS text[]))` },
    partId: idRule(`${a}.part_id`, 'Part'),
    locationId: idRule(`${a}.location_id`, 'StockLocation'),
    locationKind: {
      kind: 'custom',
      build: (v, p) => `${a}.location_id IN (SELECT id FROM stock_location WHERE kind = ANY(CAST(${p.add(v)} AS text[])))`,
    },
    sku: { kind: 'custom', build: (v, p) => `${a}.part_id IN (SELECT id FROM part WHERE sku = ANY(CAST(${p.add(skus(v))} AS text[])))` },
    hasReservations: { kind: 'custom', build: (v) => (v ? `${a}.reserved > 0` : `${a}.reserved = 0`) },
  };
}

/** StockMovementFilter → SQL over the stock_movement alias `a`. */
export function stockMovementFilterSpec(a: string): FilterSpec {
  return {
    kind: { kind: 'in', sql: `${a}.kind` },
    partId: idRule(`${a}.part_id`, 'Part'),
    locationId: idRule(`${a}.location_id`, 'StockLocation'),
    stockLevelId: idRule(`${a}.stock_level_id`, 'StockLevel'),
    ticketId: idRule(`${a}.ticket_id`, 'Ticket'),
    reservationId: idRule(`${a}.reservation_id`, 'PartReservation'),
    reference: {
      kind: 'custom',
      build: (v, p) => `${a}.reference = ANY(CAST(${p.add((v as string[]).map((r) => (r.includes('\u0000') ? '' : r)))} AS text[]))`,
    },
    createdFrom: { kind: 'from', sql: `${a}.created_at` },
    createdTo: { kind: 'to', sql: `${a}.created_at` },
  };
}

export function partWhere(filter: PartFilter | null | undefined, a: string, p = new Params('pf')) {
  return { sql: buildFilter(filter as Record<string, unknown> | null, partFilterSpec(a), p), params: p.values };
}

export function stockLevelWhere(filter: StockLevelFilter | null | undefined, a: string, p = new Params('slf')) {
  return { sql: buildFilter(filter as Record<string, unknown> | null, stockLevelFilterSpec(a), p), params: p.values };
}

export function stockMovementWhere(filter: StockMovementFilter | null | undefined, a: string, p = new Params('smf')) {
  return { sql: buildFilter(filter as Record<string, unknown> | null, stockMovementFilterSpec(a), p), params: p.values };
}
