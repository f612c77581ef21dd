import type { Viewer } from '../../auth/viewer';
import type { RequestContext } from '../../graphql/context';
import { connectionFromList, decodeCursor, paginate, pageSize, paginatePlan, SortDirection, type ListPlan, type PageArgs } from '../../graphql/pagination';
import { canSee, visibleSql } from '../../policy/visibility';
import { Interaction } from './interaction.entity';
import { InteractionOrderField, type InteractionFilter, type InteractionOrder } from './interaction.inputs';
import { interactionWhere } from './interaction.service';

/** The interaction list behind `interactions` and `Customer.interactions` (resolvers and compiled path). */
export function interactionListPlan(viewer: Viewer, filter: InteractionFilter | null | undefined, orderBy: InteractionOrder | null | undefined, a = 'i'): ListPlan {
  const where: ListPlan['where'] = [];
  const visible = visibleSql(viewer, 'Interaction', a);
  if (visible) where.push(visible);
  const w = interactionWhere(filter, a);
  if (w.sql) where.push({ sql: w.sql, params: w.params });
  const order = orderBy ?? { field: InteractionOrderField.OCCURRED_AT, direction: SortDirection.DESC };
  const expr = order.field === InteractionOrderField.DURATION ? `COALESCE(${a}.duration_seconds, -1)` : `${a}.occurred_at`;
  return { where, sort: { expr, direction: order.direction } };
}

/** The interaction list behind `interactions` and `Customer.interactions` on the resolver path. */
export function interactionList(ctx: RequestContext, page: PageArgs, filter?: InteractionFilter | null, orderBy?: InteractionOrder | null, customerId?: string) {
  const plan = interactionListPlan(ctx.viewer, filter, orderBy, 'i');
  const parent = customerId ? { memo: ctx.loaders.memo, expr: 'i.customer_id', id: customerId, of: (r: Interaction) => r.customerId } : undefined;
  return paginatePlan(ctx.app.db.getRepository(Interaction).createQueryBuilder('i'), plan, page, parent);
}

/** A ticket's interactions behind `Ticket.interactions`, newest first. */
export async function ticketInteractionList(ctx: RequestContext, ticketId: string, page: PageArgs) {
  const first = pageSize(page.first);
  if (!page.after) {
    // batched across every ticket on the page: one statement for the rows, one for the counts
    // a ticket's interactions are its customer's (logInteraction refuses others); checked all the same
    const rows = (await ctx.loaders.latestInteractions(first).load(ticketId)).filter((i) => canSee(ctx.viewer, 'Interaction', i));
    const items = rows.slice(0, first);
    return connectionFromList(items, rows.length > first, ctx.loaders.ticketInteractionCount.load(ticketId), (i) => [
      new Date(i.occurredAt).toISOString(),
      i.id,
    ]);
  }
  decodeCursor(page.after, 2);
  const qb = ctx.app.db.getRepository(Interaction).createQueryBuilder('i').where('i.ticket_id = :tid', { tid: ticketId });
  const visible = visibleSql(ctx.viewer, 'Interaction', 'i');
  if (visible) qb.andWhere(visible.sql, visible.params);
  return paginate(qb, page, { expr: 'i.occurred_at', direction: SortDirection.DESC });
}
