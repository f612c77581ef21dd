import { Arg, Args, Authorized, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { STAFF_WRITERS } from '../../auth/viewer';
import type { RequestContext } from '../../graphql/context';
import { decodeId } from '../../graphql/ids';
import { connectionType, PageArgs } from '../../graphql/pagination';
import { visibleRelation, visibleRow } from '../../policy/visibility';
import { runMutation } from '../common/mutation';
import { InteractionConnection } from '../interactions/interaction.connection';
import { InteractionFilter } from '../interactions/interaction.inputs';
import { interactionList } from '../interactions/interaction.list';
import { ServiceLevel } from '../sla/service-level.entity';
import { TicketFilter, TicketOrder } from '../tickets/ticket.inputs';
import { TicketConnection } from '../tickets/ticket.connection';
import { ticketList } from '../tickets/ticket.list';
import { Customer } from './customer.entity';
import {
  CreateCustomerInput,
  CreateCustomerPayload,
  CustomerFilter,
  CustomerOrder,
  UpdateCustomerInput,
  UpdateCustomerPayload,
} from './customer.inputs';
import { customerList } from './customer.list';
import { createCustomer, updateCustomer } from './customer.service';

export const CustomerConnection = connectionType('Customer', Customer);

@Resolver(() => Customer)
export class CustomerResolver {
  @Authorized()
  @Query(() => Customer, { nullable: true })
  async customer(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Customer | null> {
    const uuid = decodeId(id, 'Customer');
    return uuid ? visibleRow(ctx.viewer, 'Customer', await ctx.loaders.customer.load(uuid)) : null;
  }

  @Authorized()
  @Query(() => CustomerConnection, { description: 'A CUSTOMER viewer sees only itself' })
  customers(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => CustomerFilter, { nullable: true }) filter?: CustomerFilter | null,
    @Arg('orderBy', () => CustomerOrder, { nullable: true }) orderBy?: CustomerOrder | null,
  ) {
    return customerList(ctx, page, filter, orderBy);
  }

  @FieldResolver(() => ServiceLevel, { nullable: true })
  serviceLevel(@Root() c: Customer, @Ctx() ctx: RequestContext) {
    return c.serviceLevelId ? ctx.loaders.serviceLevel.load(c.serviceLevelId).then((sl) => visibleRelation(ctx.viewer, 'ServiceLevel', sl)) : null;
  }

  @FieldResolver(() => TicketConnection)
  tickets(
    @Root() c: Customer,
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => TicketFilter, { nullable: true }) filter?: TicketFilter | null,
    @Arg('orderBy', () => TicketOrder, { nullable: true }) orderBy?: TicketOrder | null,
  ) {
    return ticketList(ctx, page, filter, orderBy, c.id);
  }

  @FieldResolver(() => InteractionConnection, { description: 'Newest first' })
  interactions(
    @Root() c: Customer,
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => InteractionFilter, { nullable: true }) filter?: InteractionFilter | null,
  ) {
    return interactionList(ctx, page, filter, null, c.id);
  }

  @FieldResolver(() => Int, { description: 'Tickets not yet resolved or closed' })
  openTicketCount(@Root() c: Customer, @Ctx() ctx: RequestContext) {
    return ctx.loaders.customerOpenTickets.load(c.id);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Average CSAT (1..5) over rated tickets; null when none is rated' })
  satisfactionScore(@Root() c: Customer, @Ctx() ctx: RequestContext) {
    return ctx.loaders.customerSatisfaction.load(c.id);
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => CreateCustomerPayload)
  createCustomer(@Ctx() ctx: RequestContext, @Arg('input') input: CreateCustomerInput) {
    return runMutation(ctx, {
      name: 'createCustomer',
      input,
      run: async (tx) => ({ customer: (await createCustomer(ctx, tx, input)).id }),
      load: async (ids) => ({ customer: await ctx.loaders.customer.load(ids.customer!) }),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => UpdateCustomerPayload)
  updateCustomer(@Ctx() ctx: RequestContext, @Arg('input') input: UpdateCustomerInput) {
    return runMutation(ctx, {
      name: 'updateCustomer',
      run: async (tx) => ({ customer: (await updateCustomer(ctx, tx, input)).id }),
      load: async (ids) => ({ customer: await ctx.loaders.customer.load(ids.customer!) }),
    });
  }
}
