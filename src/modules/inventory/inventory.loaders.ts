import DataLoader from 'dataloader';
import type { App } from '../../app/app';
import { byId, groupBy } from '../../graphql/loaders';
import { PartReservation } from './part-reservation.entity';
import { Part } from './part.entity';
import { StockLevel } from './stock-level.entity';
import { StockLocation } from './stock-location.entity';
import { StockMovement } from './stock-movement.entity';

/** Per-request loaders of the stock side. */
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
      return groupBy(partIds, rows, (r) => r.partId);
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
      return groupBy(ticketIds, rows, (r) => r.ticketId);
    }),
  };
}
