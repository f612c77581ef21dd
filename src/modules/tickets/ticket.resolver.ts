import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { STAFF_WRITERS } from '../../auth/viewer';
import type { RequestContext } from '../../graphql/context';
import { badRequest, forbidden } from '../../errors';
import { decodeId } from '../../graphql/ids';
import { PageArgs } from '../../graphql/pagination';
import { Agent } from '../agents/agent.entity';
import { visibleRelation, visibleRow } from '../../policy/visibility';
import { Role } from '../common/enums';
import { runMutation } from '../common/mutation';
import { Customer } from '../customers/customer.entity';
import { InteractionConnection } from '../interactions/interaction.connection';
import { ticketInteractionList } from '../interactions/interaction.list';
import { ServiceLevel } from '../sla/service-level.entity';
import { evaluateSla } from '../sla/sla.service';
import { TicketSla } from '../sla/sla.types';
import { SatisfactionRating, SatisfactionSource, Ticket } from './ticket.entity';
import { TicketEventConnection } from './ticket-event.types';
import { TicketConnection } from './ticket.connection';
import { ticketHistory, ticketList } from './ticket.list';
import {
  AssignTicketInput,
  AssignTicketPayload,
  ChangeTicketStatusInput,
  ChangeTicketStatusPayload,
  CreateTicketInput,
  CreateTicketPayload,
  RateTicketInput,
  RateTicketPayload,
  RecordSatisfactionInput,
  RecordSatisfactionPayload,
  ResolveTicketInput,
  ResolveTicketPayload,
  TicketFilter,
  TicketOrder,
  UpdateTicketInput,
  UpdateTicketPayload,
} from './ticket.inputs';
import * as tickets from './ticket.service';

@Resolver(() => Ticket)
export class TicketResolver {
  @Authorized()
  @Query(() => Ticket, { nullable: true, description: 'A ticket by id or by its human number' })
  async ticket(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
    @Arg('number', () => Int, { nullable: true }) number?: number | null,
  ): Promise<Ticket | null> {
    if ((id == null) === (number == null)) throw badRequest('Give exactly one of id or number');
    if (id != null) {
      const uuid = decodeId(id, 'Ticket');
      return uuid ? visibleRow(ctx.viewer, 'Ticket', await ctx.loaders.ticket.load(uuid)) : null;
    }
    if (!Number.isInteger(number) || number! < 1 || number! > 2147483647) return null;
    return visibleRow(ctx.viewer, 'Ticket', await ctx.app.db.getRepository(Ticket).findOneBy({ number: number! }));
  }

  @Authorized()
  @Query(() => TicketConnection)
  tickets(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => TicketFilter, { nullable: true }) filter?: TicketFilter | null,
    @Arg('orderBy', () => TicketOrder, { nullable: true }) orderBy?: TicketOrder | null,
  ) {
    return ticketList(ctx, page, filter, orderBy);
  }

  @FieldResolver(() => Customer)
  async customer(@Root() t: Ticket, @Ctx() ctx: RequestContext) {
    return visibleRelation(ctx.viewer, 'Customer', await ctx.loaders.customer.load(t.customerId));
  }

  @FieldResolver(() => Agent, { nullable: true })
  async assignee(@Root() t: Ticket, @Ctx() ctx: RequestContext) {
    return t.assigneeId ? visibleRelation(ctx.viewer, 'Agent', await ctx.loaders.agent.load(t.assigneeId)) : null;
  }

  @FieldResolver(() => ServiceLevel, { nullable: true })
  async serviceLevel(@Root() t: Ticket, @Ctx() ctx: RequestContext) {
    return t.serviceLevelId ? visibleRelation(ctx.viewer, 'ServiceLevel', await ctx.loaders.serviceLevel.load(t.serviceLevelId)) : null;
  }

  @FieldResolver(() => TicketSla)
  async sla(@Root() t: Ticket, @Ctx() ctx: RequestContext): Promise<TicketSla> {
    const sl = t.serviceLevelId ? await ctx.loaders.serviceLevel.load(t.serviceLevelId) : null;
    return evaluateSla(sl, t, ctx.app.clock.now());
  }

  @FieldResolver(() => SatisfactionRating, { nullable: true })
  satisfaction(@Root() t: Ticket, @Ctx() ctx: RequestContext): SatisfactionRating | null | Promise<SatisfactionRating> {
    if (t.satisfactionScore === null) return null;
    const rating = { score: t.satisfactionScore, comment: t.satisfactionComment, createdAt: t.ratedAt! };
    if (!t.satisfactionRecordedById) return { ...rating, source: SatisfactionSource.CUSTOMER, recordedBy: null };
    return ctx.loaders.agent.load(t.satisfactionRecordedById).then((recordedBy) => ({ ...rating, source: SatisfactionSource.STAFF, recordedBy }));
  }

  @FieldResolver(() => InteractionConnection, { description: 'Newest first' })
  interactions(@Root() t: Ticket, @Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return ticketInteractionList(ctx, t.id, page);
  }

  @FieldResolver(() => TicketEventConnection, { description: 'Everything that happened to the ticket, oldest first' })
  history(@Root() t: Ticket, @Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return ticketHistory(ctx, t, page);
  }

  @Authorized(...STAFF_WRITERS, Role.CUSTOMER)
  @Mutation(() => CreateTicketPayload, { description: 'A CUSTOMER viewer opens a ticket for itself' })
  createTicket(@Ctx() ctx: RequestContext, @Arg('input') input: CreateTicketInput) {
    return runMutation(ctx, {
      name: 'createTicket',
      input,
      run: async (tx) => ({ ticket: (await tickets.createTicket(ctx, tx, input)).id }),
      load: async (ids) => ({ ticket: await ctx.loaders.ticket.load(ids.ticket!) }),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => UpdateTicketPayload)
  updateTicket(@Ctx() ctx: RequestContext, @Arg('input') input: UpdateTicketInput) {
    return runMutation(ctx, {
      name: 'updateTicket',
      run: async (tx) => ({ ticket: (await tickets.updateTicket(ctx, tx, input)).id }),
      load: async (ids) => ({ ticket: await ctx.loaders.ticket.load(ids.ticket!) }),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => AssignTicketPayload)
  assignTicket(@Ctx() ctx: RequestContext, @Arg('input') input: AssignTicketInput) {
    return runMutation(ctx, {
      name: 'assignTicket',
      run: async (tx) => ({ ticket: (await tickets.assignTicket(ctx, tx, input)).id }),
      load: async (ids) => ({ ticket: await ctx.loaders.ticket.load(ids.ticket!) }),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => ChangeTicketStatusPayload)
  changeTicketStatus(@Ctx() ctx: RequestContext, @Arg('input') input: ChangeTicketStatusInput) {
    return runMutation(ctx, {
      name: 'changeTicketStatus',
      run: async (tx) => ({ ticket: (await tickets.changeTicketStatus(ctx, tx, input)).id }),
      load: async (ids) => ({ ticket: await ctx.loaders.ticket.load(ids.ticket!) }),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => ResolveTicketPayload)
  resolveTicket(@Ctx() ctx: RequestContext, @Arg('input') input: ResolveTicketInput) {
    return runMutation(ctx, {
      name: 'resolveTicket',
      run: async (tx) => ({ ticket: (await tickets.resolveTicket(ctx, tx, input)).id }),
      load: async (ids) => ({ ticket: await ctx.loaders.ticket.load(ids.ticket!) }),
    });
  }

  @Authorized(Role.CUSTOMER)
  @Mutation(() => RateTicketPayload, {
    description: "The customer rates its own resolved or closed ticket (CSAT 1..5), once. Staff record a rating the customer gave them with recordSatisfaction.",
  })
  rateTicket(@Ctx() ctx: RequestContext, @Arg('input') input: RateTicketInput) {
    // the rating is the customer's voice: no staff role (ADMIN included) rates in its place
    if (ctx.viewer.role !== Role.CUSTOMER) throw forbidden('Only the customer rates its ticket; staff record a rating the customer gave them with recordSatisfaction');
    return runMutation(ctx, {
      name: 'rateTicket',
      run: async (tx) => ({ ticket: (await tickets.rateTicket(ctx, tx, input)).id }),
      load: async (ids) => ({ ticket: await ctx.loaders.ticket.load(ids.ticket!) }),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => RecordSatisfactionPayload, {
    description:
      "Records a rating the customer gave staff (e.g. on the phone) on a resolved or closed ticket that has none yet. It is the customer's score, entered by the viewer's agent: source STAFF, recordedBy that agent, told apart in statistics.",
  })
  recordSatisfaction(@Ctx() ctx: RequestContext, @Arg('input') input: RecordSatisfactionInput) {
    return runMutation(ctx, {
      name: 'recordSatisfaction',
      run: async (tx) => ({ ticket: (await tickets.recordSatisfaction(ctx, tx, input)).id }),
      load: async (ids) => ({ ticket: await ctx.loaders.ticket.load(ids.ticket!) }),
    });
  }
}
