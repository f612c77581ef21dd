import { registerEnumType } from 'type-graphql';

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

/** Derived status; the same rule in SQL is `stockStatusSql`. */
export function stockStatus(onHand: number, reserved: number, reorderPoint: number): StockStatus {
  const available = onHand - reserved;
  if (available <= 0) return StockStatus.OUT_OF_STOCK;
  if (available <= reorderPoint) return StockStatus.LOW;
  return StockStatus.IN_STOCK;
}

/** The status of the stock_level row under alias `a`, as SQL. */
export function stockStatusSql(a: string): string {
  return `(CASE WHEN ${a}.on_hand - ${a}.reserved <= 0 THEN 'OUT_OF_STOCK' WHEN ${a}.on_hand - ${a}.reserved <= ${a}.reorder_point THEN 'LOW' ELSE 'IN_STOCK' END)`;
}
