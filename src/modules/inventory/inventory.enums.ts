import { registerEnumType } from 'type-graphql';
import { cases, columnsOf, compile, field, lit, lte, minus, toSql } from '../common/rule';

export enum LocationKind {
  WAREHOUSE = 'WAREHOUSE',
  DEPOT = 'DEPOT',
  VAN = 'VAN',
}

export enum StockStatus {
  IN_STOCK = 'IN_STOCK',
  LOW = 'LOW',
  OUT_OF_STOCK = 'OUT_OF_STOCK',
}

export enum StockMovementKind {
  RECEIPT = 'RECEIPT',
  ADJUSTMENT = 'ADJUSTMENT',
  RESERVATION = 'RESERVATION',
  RELEASE = 'RELEASE',
  CONSUMPTION = 'CONSUMPTION',
  TRANSFER_OUT = 'TRANSFER_OUT',
  TRANSFER_IN = 'TRANSFER_IN',
  RETURN = 'RETURN',
}

export enum ReservationStatus {
  RESERVED = 'RESERVED',
  CONSUMED = 'CONSUMED',
  RELEASED = 'RELEASED',
}

registerEnumType(LocationKind, { name: 'LocationKind', description: 'Where stock is kept: a central warehouse, a regional depot or a field van' });
registerEnumType(StockStatus, {
  name: 'StockStatus',
  description: 'OUT_OF_STOCK when nothing is available; LOW when available ≤ reorder point; IN_STOCK otherwise',
});
registerEnumType(StockMovementKind, {
  name: 'StockMovementKind',
  description:
    'RECEIPT, ADJUSTMENT, TRANSFER_OUT, TRANSFER_IN, RETURN and CONSUMPTION change on hand; RESERVATION and RELEASE change reserved only (CONSUMPTION lowers both)',
});
registerEnumType(ReservationStatus, { name: 'ReservationStatus', description: 'RESERVED → CONSUMED (the part was fitted) or RELEASED' });

/**
 * The stock status rule, described once: `stockStatus` (a loaded level, or a level computed
 * before a write) and `stockStatusSql` (filters, statistics) are both rendered from it.
 */
const available = minus(field('onHand'), field('reserved'));
export const STOCK_STATUS_RULE = cases(
  [
    [lte(available, lit(0)), lit(StockStatus.OUT_OF_STOCK)],
    [lte(available, field('reorderPoint')), lit(StockStatus.LOW)],
  ],
  lit(StockStatus.IN_STOCK),
);
const stockStatusOf = compile(STOCK_STATUS_RULE);

export function stockStatus(onHand: number, reserved: number, reorderPoint: number): StockStatus {
  return stockStatusOf({ onHand, reserved, reorderPoint }, {}) as StockStatus;
}

/** The status of the stock_level row under alias `a`, as SQL. */
export function stockStatusSql(a: string): string {
  return toSql(STOCK_STATUS_RULE, { field: columnsOf(a) });
}
