import type { Tx } from '../../events/tx';
import { StockStatus } from './inventory.enums';

/** Every change of a stock level: type = the movement kind (or REORDER_POLICY_CHANGED), entityId = the level. */
export const STOCK_TOPIC = 'stock';
/** A level's status crossed into LOW or OUT_OF_STOCK, or back to IN_STOCK: type = the new status. */
export const STOCK_ALERT_TOPIC = 'stock_alert';

export const REORDER_POLICY_CHANGED = 'REORDER_POLICY_CHANGED';

export interface LevelSnapshot {
  id: string;
  partId: string;
  locationId: string;
  onHand: number;
  reserved: number;
  reorderPoint: number;
  status: StockStatus;
}

/**
 * Records the events of one level change. `before` is the status right before it (null when
 * the change created the level). An alert goes out only when the status changed, so a
 * crossing raises exactly one alert however many changes follow on the same side; a level
 * that starts out IN_STOCK raises none.
 */
export function emitStockEvents(tx: Tx, type: string, level: LevelSnapshot, before: StockStatus | null, movementId: string | null): void {
  const available = level.onHand - level.reserved;
  tx.emit({
    topic: STOCK_TOPIC,
    type,
    entityId: level.id,
    data: {
      partId: level.partId,
      locationId: level.locationId,
      movementId,
      status: level.status,
      previousStatus: before,
      onHand: level.onHand,
      reserved: level.reserved,
      available,
    },
  });
  if (before === level.status || (before === null && level.status === StockStatus.IN_STOCK)) return;
  tx.emit({
    topic: STOCK_ALERT_TOPIC,
    type: level.status,
    entityId: level.id,
    data: {
      partId: level.partId,
      locationId: level.locationId,
      status: level.status,
      previousStatus: before,
      available,
      reorderPoint: level.reorderPoint,
    },
  });
}
