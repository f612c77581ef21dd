import { Arg, Args, Authorized, Ctx as C, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { STAFF_WRITERS } from '../../auth/viewer';
import type { Ctx } from '../../graphql/context';
import { decodeId } from '../../graphql/ids';
import { connectionType, PageArgs, paginate } from '../../graphql/pagination';
import { Role, SortDirection } from '../common/enums';
import { runMutation } from '../common/mutation';
import { InteractionConnection } from '../interactions/interaction.connection';
import { InteractionFilter } from '../interactions/interaction.inputs';
import { interactionList } from '../interactions/interaction.resolver';
import { ServiceLevel } from '../sla/service-level.entity';
import { TicketFilter, TicketOrder } from '../tickets/ticket.inputs';
import { TicketConnection, ticketList } from '../tickets/ticket.resolver';
import { Customer } from './customer.entity';
import {
  CreateCustomerInput,
  CreateCustomerPayload,
  CustomerFilter,
  CustomerOrder,
  CustomerOrderField,
  UpdateCustomerInput,
  UpdateCustomerPayload,
} from './customer.inputs';
import { createCustomer, customerWhere, updateCustomer } from './customer.service';

export const CustomerConnection = connectionType('Customer', Customer);

@Resolver(() => Customer)
export class CustomerResolver {
  @Authorized()
  @Query(() => Customer, { nullable: true })
  async customer(@C() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<Customer | null> {
    const uuid = decodeId(id, 'Customer');
    if (!uuid) return null;
    if (ctx.viewer.role === Role.CUSTOMER && uuid !== ctx.viewer.customerId) return null;
    return ctx.loaders.customer.load(uuid);
  }

  @Authorized()
  @Query(() => CustomerConnection, { description: 'A CUSTOMER viewer sees only itself' })
  customers(
    @C() ctx: Ctx,
    @Args() page: PageArgs,
    @Arg('filter', () => CustomerFilter, { nullable: true }) filter?: CustomerFilter | null,
    @Arg('orderBy', () => CustomerOrder, { nullable: true }) orderBy?: CustomerOrder | null,
  ) {
    const qb = ctx.app.db.getRepository(Customer).createQueryBuilder('c');
    if (ctx.viewer.role === Role.CUSTOMER) qb.andWhere('c.id = :self', { self: ctx.viewer.customerId });
    const w = customerWhere(filter, 'c');
    if (w.sql) qb.andWhere(w.sql, w.params);
    const order = orderBy ?? { field: CustomerOrderField.NAME, direction: SortDirection.ASC };
    return paginate(qb, page, { expr: order.field === CustomerOrderField.NAME ? 'c.name' : 'c.created_at', direction: order.direction });
  }

  @FieldResolver(() => ServiceLevel, { nullable: true })
  serviceLevel(@Root() c: Customer, @C() ctx: Ctx) {
    return c.serviceLevelId ? ctx.loaders.serviceLevel.load(c.serviceLevelId) : null;
  }

  @FieldResolver(() => TicketConnection)
  tickets(
    @Root() c: Customer,
    @C() ctx: Ctx,
    @Args() page: PageArgs,
    @Arg('filter', () => TicketFilter, { nullable: true }) filter?: TicketFilter | null,
    @Arg('orderBy', () => TicketOrder, { nullable: true }) orderBy?: TicketOrder | null,
  ) {
    return ticketList(ctx, page, filter, orderBy, c.id);
  }

  @FieldResolver(() => InteractionConnection, { description: 'Newest first' })
  interactions(
    @Root() c: Customer,
    @C() ctx: Ctx,
    @Args() page: PageArgs,
    @Arg('filter', () => InteractionFilter, { nullable: true }) filter?: InteractionFilter | null,
  ) {
    return interactionList(ctx, page, filter, null, c.id);
  }

  @FieldResolver(() => Int, { description: 'Tickets not yet resolved or closed' })
  openTicketCount(@Root() c: Customer, @C() ctx: Ctx) {
    return ctx.loaders.customerOpenTickets.load(c.id);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Average CSAT (1..5) over rated tickets; null when none is rated' })
  satisfactionScore(@Root() c: Customer, @C() ctx: Ctx) {
    return ctx.loaders.customerSatisfaction.load(c.id);
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => CreateCustomerPayload)
  createCustomer(@C() ctx: Ctx, @Arg('input') input: CreateCustomerInput) {
    return runMutation(ctx, {
      name: 'createCustomer',
      key: input.idempotencyKey,
      run: async (tx) => ({ customer: (await createCustomer(ctx, tx, input)).id }),
      load: async (ids) => ({ customer: await ctx.loaders.customer.load(ids.customer!) }),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => UpdateCustomerPayload)
  updateCustomer(@C() ctx: Ctx, @Arg('input') input: UpdateCustomerInput) {
    return runMutation(ctx, {
      name: 'updateCustomer',
      run: async (tx) => ({ customer: (await updateCustomer(ctx, tx, input)).id }),
      load: async (ids) => ({ customer: await ctx.loaders.customer.load(ids.customer!) }),
    });
  }
}
