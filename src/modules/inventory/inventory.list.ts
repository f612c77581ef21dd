import type { RequestContext } from '../../graphql/context';
import { badRequest, dbRefusal } from '../../errors';
import { paginate, SortDirection, type PageArgs } from '../../graphql/pagination';
import { LocationKind } from './inventory.enums';
import { partWhere, stockLevelWhere, stockMovementWhere } from './inventory.filter';
import {
  PartOrderField,
  StockLevelOrderField,
  type PartFilter,
  type PartOrder,
  type StockLevelFilter,
  type StockLevelOrder,
  type StockMovementFilter,
} from './inventory.inputs';
import { Part } from './part.entity';
import { StockLevel } from './stock-level.entity';
import { StockLocation } from './stock-location.entity';
import { StockMovement } from './stock-movement.entity';

const PART_ORDER: Record<PartOrderField, string> = {
  SKU: 'p.sku',
  NAME: 'p.name',
  UNIT_COST: 'p.unit_cost',
  CREATED_AT: 'p.created_at',
};

const LEVEL_ORDER: Record<StockLevelOrderField, string> = {
  PART_SKU: '(SELECT op.sku FROM part op WHERE op.id = s.part_id)',
  LOCATION_CODE: '(SELECT ol.code FROM stock_location ol WHERE ol.id = s.location_id)',
  AVAILABLE: '(s.on_hand - s.reserved)',
  ON_HAND: 's.on_hand',
  UPDATED_AT: 's.updated_at',
};

/**
 * A page query whose `after` came from another list or another order compares values of the
 * wrong type (e.g. a SKU against a quantity): that is a bad request, not a server error.
 */
async function guardCursor<T>(run: Promise<T>): Promise<T> {
  try {
    return await run;
  } catch (err) {
    if (dbRefusal(err)?.kind === 'malformed') {
      throw badRequest('after is not a cursor of this list in this order; pass a pageInfo.endCursor it returned with the same orderBy');
    }
    throw err;
  }
}

/** The parts catalogue behind `parts`, by SKU unless ordered otherwise. */
export function partList(ctx: RequestContext, args: PageArgs, filter?: PartFilter | null, orderBy?: PartOrder | null) {
  const qb = ctx.app.db.getRepository(Part).createQueryBuilder('p');
  const w = partWhere(filter, 'p');
  if (w.sql) qb.andWhere(w.sql, w.params);
  const order = orderBy ?? { field: PartOrderField.SKU, direction: SortDirection.ASC };
  return guardCursor(paginate(qb, args, { expr: PART_ORDER[order.field], direction: order.direction }));
}

/** Warehouses, depots and vans behind `stockLocations`, by code. */
export function stockLocationList(ctx: RequestContext, kind?: LocationKind[] | null) {
  const qb = ctx.app.db.getRepository(StockLocation).createQueryBuilder('l').orderBy('l.code', 'ASC');
  if (kind) qb.where('l.kind = ANY(:kinds)', { kinds: kind });
  return qb.getMany();
}

/** The level list behind `stockLevels` and `StockLocation.stockLevels`. */
export function stockLevelList(ctx: RequestContext, args: PageArgs, filter?: StockLevelFilter | null, orderBy?: StockLevelOrder | null, locationId?: string) {
  const qb = ctx.app.db.getRepository(StockLevel).createQueryBuilder('s');
  const w = stockLevelWhere(filter, 's');
  if (w.sql) qb.andWhere(w.sql, w.params);
  const order = orderBy ?? { field: StockLevelOrderField.PART_SKU, direction: SortDirection.ASC };
  const parent = locationId ? { memo: ctx.loaders.memo, expr: 's.location_id', id: locationId, of: (r: StockLevel) => r.locationId } : undefined;
  return guardCursor(paginate(qb, args, { expr: LEVEL_ORDER[order.field], direction: order.direction }, parent));
}

/** The ledger, newest first, behind `stockMovements` and `StockLevel.movements`. */
export function stockMovementList(ctx: RequestContext, args: PageArgs, filter?: StockMovementFilter | null, stockLevelId?: string) {
  const qb = ctx.app.db.getRepository(StockMovement).createQueryBuilder('m');
  const w = stockMovementWhere(filter, 'm');
  if (w.sql) qb.andWhere(w.sql, w.params);
  const parent = stockLevelId ? { memo: ctx.loaders.memo, expr: 'm.stock_level_id', id: stockLevelId, of: (r: StockMovement) => r.stockLevelId } : undefined;
  return guardCursor(paginate(qb, args, { expr: 'm.seq', direction: SortDirection.DESC }, parent));
}
