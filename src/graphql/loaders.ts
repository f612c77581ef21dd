import DataLoader from 'dataloader';
import { In, type ObjectLiteral, type EntityTarget } from 'typeorm';
import type { App } from '../app/app';
import { Agent } from '../modules/agents/agent.entity';
import { Customer } from '../modules/customers/customer.entity';
import { Interaction } from '../modules/interactions/interaction.entity';
import { createInventoryLoaders } from '../modules/inventory/inventory.loaders';
import { ServiceLevel } from '../modules/sla/service-level.entity';
import { Ticket } from '../modules/tickets/ticket.entity';

function byId<T extends ObjectLiteral & { id: string }>(app: App, entity: EntityTarget<T>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = await app.db.getRepository(entity).findBy({ id: In(ids as string[]) } as never);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** Counts grouped by one column, for the given keys (missing keys count 0). */
function countBy(app: App, sql: (keys: string) => string) {
  return new DataLoader<string, number>(async (keys) => {
    const rows: { k: string; n: string }[] = await app.db.query(sql('$1'), [keys]);
    const map = new Map(rows.map((r) => [r.k, Number(r.n)]));
    return keys.map((k) => map.get(k) ?? 0);
  });
}

/** Per-request batching for every relation field. */
export function createLoaders(app: App) {
  const latestInteractions = new Map<number, DataLoader<string, Interaction[]>>();
  const loaders = {
    customer: byId(app, Customer),
    agent: byId(app, Agent),
    ticket: byId(app, Ticket),
    serviceLevel: byId(app, ServiceLevel),
    ...createInventoryLoaders(app),
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
          const map = new Map<string, Interaction[]>();
          for (const r of rows) {
            const list = map.get(r.ticketId!) ?? [];
            list.push(r);
            map.set(r.ticketId!, list);
          }
          return ticketIds.map((id) => map.get(id) ?? []);
        });
        latestInteractions.set(n, l);
      }
      return l;
    },
    ticketInteractionCount: countBy(app, (p) => `SELECT ticket_id AS k, count(*) AS n FROM interaction WHERE ticket_id = ANY(${p}) GROUP BY ticket_id`),
    customerOpenTickets: countBy(
      app,
      (p) => `SELECT customer_id AS k, count(*) AS n FROM ticket WHERE customer_id = ANY(${p}) AND status NOT IN ('RESOLVED','CLOSED') GROUP BY customer_id`,
    ),
    agentOpenTickets: countBy(
      app,
      (p) => `SELECT assignee_id AS k, count(*) AS n FROM ticket WHERE assignee_id = ANY(${p}) AND status NOT IN ('RESOLVED','CLOSED') GROUP BY assignee_id`,
    ),
    customerSatisfaction: new DataLoader<string, number | null>(async (ids) => {
      const rows: { k: string; avg: string }[] = await app.db.query(
        `SELECT customer_id AS k, avg(satisfaction_score) AS avg FROM ticket
          WHERE customer_id = ANY($1) AND satisfaction_score IS NOT NULL GROUP BY customer_id`,
        [ids],
      );
      const map = new Map(rows.map((r) => [r.k, Math.round(Number(r.avg) * 100) / 100]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
  return loaders;
}

export type Loaders = ReturnType<typeof createLoaders>;
