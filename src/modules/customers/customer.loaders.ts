import DataLoader from 'dataloader';
import type { App } from '../../app/app';
import { byId, countBy } from '../../graphql/loaders';
import { Customer } from './customer.entity';

export function createCustomerLoaders(app: App) {
  return {
    customer: byId(app, Customer),
    customerOpenTickets: countBy(
      app,
      (p) => `SELECT customer_id AS k, count(*) AS n FROM ticket WHERE customer_id = ANY(${p}) AND status NOT IN ('RESOLVED','CLOSED') GROUP BY customer_id`,
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
}
