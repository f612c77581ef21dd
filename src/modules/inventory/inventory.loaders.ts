import DataLoader from 'dataloader';
import { In, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { App } from '../../app/app';
import { PartReservation } from './part-reservation.entity';
import { Part } from './part.entity';
import { StockLevel } from './stock-level.entity';
import { StockLocation } from './stock-location.entity';
import { StockMovement } from './stock-movement.entity';

function byId<T extends ObjectLiteral & { id: string }>(app: App, entity: EntityTarget<T>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await app.db.getRepository(entity).findBy({ id: In(ids as string[]) } as never);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

function group<T>(keys: readonly string[], rows: T[], keyOf: (r: T) => string): T[][] {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const k = keyOf(r);
    const list = map.get(k) ?? [];
    list.push(r);
    map.set(k, list);
  }
  return keys.map((k) => map.get(k) ?? []);
}

/** Per-request loaders of the stock side; spread into createLoaders (src/graphql/loaders.ts). */
export function createInventoryLoaders(app: App) {
  return {
    part: byId(app, Part),
    stockLocation: byId(app, StockLocation),
    stockLevel: byId(app, StockLevel),
    stockMovement: byId(app, StockMovement),
    partReservation: byId(app, PartReservation),
    /** a part's levels, by location code */
    partStockLevels: new DataLoader<string, StockLevel[]>(async (partIds) => {
      const rows = await app.db
        .getRepository(StockLevel)
        .createQueryBuilder('s')
        .innerJoin(StockLocation, 'l', 'l.id = s.location_id')
        .where('s.part_id = ANY(:ids)', { ids: partIds })
        .orderBy('l.code', 'ASC')
        .getMany();
      return group(partIds, rows, (r) => r.partId);
    }),
    /** a ticket's reservations, oldest first */
    ticketReservations: new DataLoader<string, PartReservation[]>(async (ticketIds) => {
      const rows = await app.db
        .getRepository(PartReservation)
        .createQueryBuilder('r')
        .where('r.ticket_id = ANY(:ids)', { ids: ticketIds })
        .orderBy('r.created_at', 'ASC')
        .addOrderBy('r.id', 'ASC')
        .getMany();
      return group(ticketIds, rows, (r) => r.ticketId);
    }),
  };
}
