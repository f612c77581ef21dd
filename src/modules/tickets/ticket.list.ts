import type { Viewer } from '../../auth/viewer';
import type { RequestContext } from '../../graphql/context';
import { badRequest } from '../../errors';
import { groupBy } from '../../graphql/loaders';
import { connectionFromList, decodeCursor, memoLoader, pageSize, paginatePlan, SortDirection, type ListPlan, type PageArgs } from '../../graphql/pagination';
import { positional, visibleSql } from '../../policy/visibility';
import { PRIORITY_ORDER } from '../common/enums';
import type { TicketEvent } from './ticket-event.types';
import { Ticket } from './ticket.entity';
import { ticketWhere } from './ticket.filter';
import { TicketOrderField, type TicketFilter, type TicketOrder } from './ticket.inputs';

/** What each ticket ordering sorts by (unique together with the id). */
export const TICKET_ORDER_SQL: Record<TicketOrderField, (a: string) => string> = {
  CREATED_AT: (a) => `${a}.created_at`,
  UPDATED_AT: (a) => `${a}.updated_at`,
  NUMBER: (a) => `${a}.number`,
  PRIORITY: (a) => `array_position(ARRAY[${PRIORITY_ORDER.map((p) => `'${p}'`).join(',')}]::varchar[], ${a}.priority)`,
  RESOLUTION_DUE_AT: (a) => `COALESCE(${a}.resolution_due_at, 'infinity'::timestamptz)`,
};

/**
 * The ticket list behind `tickets` and `Customer.tickets`, for the resolvers and the compiled
 * read path alike: what the viewer may see, the filter, the order.
 */
export function ticketListPlan(viewer: Viewer, filter: TicketFilter | null | undefined, orderBy: TicketOrder | null | undefined, now: Date, a = 't'): ListPlan {
  const where: ListPlan['where'] = [];
  const visible = visibleSql(viewer, 'Ticket', a);
  if (visible) where.push(visible);
  const w = ticketWhere(filter, a, now);
  if (w.sql) where.push({ sql: w.sql, params: w.params });
  const order = orderBy ?? { field: TicketOrderField.CREATED_AT, direction: SortDirection.DESC };
  return { where, sort: { expr: TICKET_ORDER_SQL[order.field](a), direction: order.direction } };
}

/** The ticket list query behind `tickets` and `Customer.tickets` on the resolver path, scoped to the viewer. */
export function ticketList(ctx: RequestContext, args: PageArgs, filter: TicketFilter | null | undefined, orderBy: TicketOrder | null | undefined, customerId?: string) {
  const plan = ticketListPlan(ctx.viewer, filter, orderBy, ctx.app.clock.now(), 't');
  const parent = customerId ? { memo: ctx.loaders.memo, expr: 't.customer_id', id: customerId, of: (r: Ticket) => r.customerId } : undefined;
  return paginatePlan(ctx.app.db.getRepository(Ticket).createQueryBuilder('t'), plan, args, parent);
}

/** A ticket's history behind `Ticket.history`: the events the viewer may see, oldest first. */
export async function ticketHistory(ctx: RequestContext, t: Ticket, page: PageArgs) {
  const first = pageSize(page.first);
  const after = page.after ? Number(decodeCursor(page.after, 1)[0]) : 0;
  if (!Number.isSafeInteger(after)) throw badRequest('after is not a cursor of this list');
  type Row = { entity_id: string; seq: string; type: string; occurred_at: Date };
  // the ticket's events the viewer may see (for a visible ticket: all of them), as SQL after the given parameters
  const visibleEvents = (values: unknown[]) => {
    const v = visibleSql(ctx.viewer, 'TicketEvent', 'e', positional(values));
    return { sql: v ? ` AND ${v.sql}` : '', values };
  };
  // without `after`, the first page of every ticket asked for in this tick comes in one statement
  const one = visibleEvents([t.id, after, first + 1]);
  const rows: Row[] = page.after
    ? await ctx.app.db.query(
        `SELECT entity_id, seq, type, occurred_at FROM event_log e WHERE topic = 'ticket' AND entity_id = $1 AND seq > $2${one.sql} ORDER BY seq LIMIT $3`,
        one.values,
      )
    : await memoLoader<Row[]>(ctx.loaders.memo, `history:${first}`, async (ids) => {
        const batch = visibleEvents([ids, first + 1]);
        const all: Row[] = await ctx.app.db.query(
          `SELECT entity_id, seq, type, occurred_at FROM (
             SELECT entity_id, seq, type, occurred_at, row_number() OVER (PARTITION BY entity_id ORDER BY seq) AS rn
               FROM event_log e WHERE topic = 'ticket' AND entity_id = ANY($1)${batch.sql}) r
            WHERE rn <= $2 ORDER BY seq`,
          batch.values,
        );
        return groupBy(ids, all, (r) => r.entity_id);
      }).load(t.id);
  const items: (TicketEvent & { id: string })[] = rows.slice(0, first).map((r) => ({
    id: String(r.seq),
    cursor: String(r.seq),
    type: r.type,
    ticket: t,
    ticketId: t.id,
    occurredAt: r.occurred_at,
  }));
  const total = memoLoader<number>(ctx.loaders.memo, 'historyCount', async (ids) => {
    const q = visibleEvents([ids]);
    const counts: { k: string; n: string }[] = await ctx.app.db.query(
      `SELECT entity_id AS k, count(*) AS n FROM event_log e WHERE topic = 'ticket' AND entity_id = ANY($1)${q.sql} GROUP BY entity_id`,
      q.values,
    );
    const map = new Map(counts.map((c) => [c.k, Number(c.n)]));
    return ids.map((id) => map.get(id) ?? 0);
  });
  let count: Promise<number> | undefined;
  const conn = connectionFromList(items, rows.length > first, 0, (e) => [e.cursor]);
  return {
    ...conn,
    get totalCount() {
      count ??= total.load(t.id);
      return count;
    },
  };
}
