import DataLoader from 'dataloader';
import type { App } from '../../app/app';
import { byId, countBy, groupBy } from '../../graphql/loaders';
import { Interaction } from './interaction.entity';

export function createInteractionLoaders(app: App) {
  const latestInteractions = new Map<number, DataLoader<string, Interaction[]>>();
  return {
    interaction: byId(app, Interaction),
    /** a ticket's newest `n` interactions, newest first, for many tickets in one statement */
    latestInteractions(n: number): DataLoader<string, Interaction[]> {
      let l = latestInteractions.get(n);
      if (!l) {
        l = new DataLoader<string, Interaction[]>(async (ticketIds) => {
          const rows = await app.db
            .getRepository(Interaction)
            .createQueryBuilder('i')
            .where(
              `i.id IN (SELECT id FROM (SELECT x.id, row_number() OVER (PARTITION BY x.ticket_id ORDER BY x.occurred_at DESC, x.id DESC) AS rn
                 FROM interaction x WHERE x.ticket_id = ANY(:ids)) ranked WHERE rn <= :n)`,
              { ids: ticketIds, n: n + 1 },
            )
            .orderBy('i.occurred_at', 'DESC')
            .addOrderBy('i.id', 'DESC')
            .getMany();
          return groupBy(ticketIds, rows, (r) => r.ticketId!);
        });
        latestInteractions.set(n, l);
      }
      return l;
    },
    ticketInteractionCount: countBy(app, (p) => `SELECT ticket_id AS k, count(*) AS n FROM interaction WHERE ticket_id = ANY(${p}) GROUP BY ticket_id`),
  };
}
