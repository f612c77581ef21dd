import type { Viewer } from '../../auth/viewer';
import type { RequestContext } from '../../graphql/context';
import { paginatePlan, SortDirection, type ListPlan, type PageArgs } from '../../graphql/pagination';
import { visibleSql } from '../../policy/visibility';
import { Customer } from './customer.entity';
import { CustomerOrderField, type CustomerFilter, type CustomerOrder } from './customer.inputs';
import { customerWhere } from './customer.service';

/** The customer list behind `customers` (resolvers and compiled path); a CUSTOMER sees itself only. */
export function customerListPlan(viewer: Viewer, filter: CustomerFilter | null | undefined, orderBy: CustomerOrder | null | undefined, a = 'c'): ListPlan {
  const where: ListPlan['where'] = [];
  const visible = visibleSql(viewer, 'Customer', a);
  if (visible) where.push(visible);
  const w = customerWhere(filter, a);
  if (w.sql) where.push({ sql: w.sql, params: w.params });
  const order = orderBy ?? { field: CustomerOrderField.NAME, direction: SortDirection.ASC };
  return { where, sort: { expr: order.field === CustomerOrderField.NAME ? `${a}.name` : `${a}.created_at`, direction: order.direction } };
}

/** The customer list behind `customers` on the resolver path. */
export function customerList(ctx: RequestContext, page: PageArgs, filter?: CustomerFilter | null, orderBy?: CustomerOrder | null) {
  return paginatePlan(ctx.app.db.getRepository(Customer).createQueryBuilder('c'), customerListPlan(ctx.viewer, filter, orderBy, 'c'), page);
}
