import type { RequestContext } from '../../graphql/context';
import { paginatePlan, SortDirection, type ListPlan, type PageArgs } from '../../graphql/pagination';
import { Agent } from './agent.entity';

/** The staff list behind `agents`, by name (resolvers and compiled path). */
export function agentListPlan(a = 'a'): ListPlan {
  return { where: [], sort: { expr: `${a}.name`, direction: SortDirection.ASC } };
}

/** The staff list behind `agents` on the resolver path. */
export function agentList(ctx: RequestContext, page: PageArgs) {
  return paginatePlan(ctx.app.db.getRepository(Agent).createQueryBuilder('a'), agentListPlan('a'), page);
}
