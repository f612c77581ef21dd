import { GraphQLError } from 'graphql';
import { Arg, Args, Authorized, Ctx as C, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { STAFF_WRITERS } from '../../auth/viewer';
import type { Ctx } from '../../graphql/context';
import { decodeId } from '../../graphql/ids';
import { connectionFromList, connectionType, decodeCursor, PageArgs, pageSize, paginate } from '../../graphql/pagination';
import { Agent } from '../agents/agent.entity';
import { PRIORITY_ORDER, Role, SortDirection } from '../common/enums';
import { runMutation } from '../common/mutation';
import { Customer } from '../customers/customer.entity';
import { Interaction } from '../interactions/interaction.entity';
import { InteractionConnection } from '../interactions/interaction.connection';
import { ServiceLevel } from '../sla/service-level.entity';
import { evaluateSla } from '../sla/sla.service';
import { TicketSla } from '../sla/sla.types';
import { SatisfactionRating, Ticket } from './ticket.entity';
import { TicketEvent, TicketEventConnection } from './ticket-event.types';
import { ticketWhere } from './ticket.filter';
import {
  AssignTicketInput,
  AssignTicketPayload,
  ChangeTicketStatusInput,
  ChangeTicketStatusPayload,
  CreateTicketInput,
  CreateTicketPayload,
  RateTicketInput,
  RateTicketPayload,
  ResolveTicketInput,
  ResolveTicketPayload,
  TicketFilter,
  TicketOrder,
  TicketOrderField,
  UpdateTicketInput,
  UpdateTicketPayload,
} from './ticket.inputs';
import * as tickets from './ticket.service';

export const TicketConnection = connectionType('Ticket', Ticket);

const ORDER_SQL: Record<TicketOrderField, (a: string) => string> = {
  CREATED_AT: (a) => `${a}.created_at`,
  UPDATED_AT: (a) => `${a}.updated_at`,
  NUMBER: (a) => `${a}.number`,
  PRIORITY: (a) => `array_position(ARRAY[${PRIORITY_ORDER.map((p) => `'${p}'`).join(',')}]::varchar[], ${a}.priority)`,
  RESOLUTION_DUE_AT: (a) => `COALESCE(${a}.resolution_due_at, 'infinity'::timestamptz)`,
};

/** The ticket list query behind `tickets` and `Customer.tickets`, scoped to the viewer. */
export function ticketList(ctx: Ctx, args: PageArgs, filter: TicketFilter | null | undefined, orderBy: TicketOrder | null | undefined, customerId?: string) {
  const qb = ctx.app.db.getRepository(Ticket).createQueryBuilder('t');
  if (ctx.viewer.role === Role.CUSTOMER) qb.andWhere('t.customer_id = :viewerCustomer', { viewerCustomer: ctx.viewer.customerId });
  if (customerId) qb.andWhere('t.customer_id = :forCustomer', { forCustomer: customerId });
  const w = ticketWhere(filter, 't', ctx.app.clock.now());
  if (w.sql) qb.andWhere(w.sql, w.params);
  const order = orderBy ?? { field: TicketOrderField.CREATED_AT, direction: SortDirection.DESC };
  return paginate(qb, args, { expr: ORDER_SQL[order.field]('t'), direction: order.direction });
}

async function visibleTicket(ctx: Ctx, t: Ticket | null): Promise<Ticket | null> {
  if (!t) return null;
  if (ctx.viewer.role === Role.CUSTOMER && t.customerId !== ctx.viewer.customerId) return null;
  return t;
}

@Resolver(() => Ticket)
export class TicketResolver {
  @Authorized()
  @Query(() => Ticket, { nullable: true, description: 'A ticket by id or by its human number' })
  async ticket(
    @C() ctx: Ctx,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
    @Arg('number', () => Int, { nullable: true }) number?: number | null,
  ): Promise<Ticket | null> {
    if ((id == null) === (number == null)) throw new GraphQLError('Give exactly one of id or number', { extensions: { code: 'BAD_USER_INPUT' } });
    if (id != null) {
      const uuid = decodeId(id, 'Ticket');
      return uuid ? visibleTicket(ctx, await ctx.loaders.ticket.load(uuid)) : null;
    }
    if (!Number.isInteger(number) || number! < 1 || number! > 2147483647) return null;
    return visibleTicket(ctx, await ctx.app.db.getRepository(Ticket).findOneBy({ number: number! }));
  }

  @Authorized()
  @Query(() => TicketConnection)
  tickets(
    @C() ctx: Ctx,
    @Args() page: PageArgs,
    @Arg('filter', () => TicketFilter, { nullable: true }) filter?: TicketFilter | null,
    @Arg('orderBy', () => TicketOrder, { nullable: true }) orderBy?: TicketOrder | null,
  ) {
    return ticketList(ctx, page, filter, orderBy);
  }

  @FieldResolver(() => Customer)
  async customer(@Root() t: Ticket, @C() ctx: Ctx) {
    return ctx.loaders.customer.load(t.customerId);
  }

  @FieldResolver(() => Agent, { nullable: true })
  async assignee(@Root() t: Ticket, @C() ctx: Ctx) {
    return t.assigneeId ? ctx.loaders.agent.load(t.assigneeId) : null;
  }

  @FieldResolver(() => ServiceLevel, { nullable: true })
  async serviceLevel(@Root() t: Ticket, @C() ctx: Ctx) {
    return t.serviceLevelId ? ctx.loaders.serviceLevel.load(t.serviceLevelId) : null;
  }

  @FieldResolver(() => TicketSla)
  async sla(@Root() t: Ticket, @C() ctx: Ctx): Promise<TicketSla> {
    const sl = t.serviceLevelId ? await ctx.loaders.serviceLevel.load(t.serviceLevelId) : null;
    return evaluateSla(sl, t, ctx.app.clock.now());
  }

  @FieldResolver(() => SatisfactionRating, { nullable: true })
  satisfaction(@Root() t: Ticket): SatisfactionRating | null {
    return t.satisfactionScore === null ? null : { score: t.satisfactionScore, comment: t.satisfactionComment, createdAt: t.ratedAt! };
  }

  @FieldResolver(() => InteractionConnection, { description: 'Newest first' })
  async interactions(@Root() t: Ticket, @C() ctx: Ctx, @Args() page: PageArgs) {
    const first = pageSize(page.first);
    if (!page.after) {
      // batched across every ticket on the page: one statement for the rows, one for the counts
      const rows = await ctx.loaders.latestInteractions(first).load(t.id);
      const items = rows.slice(0, first);
      return connectionFromList(items, rows.length > first, ctx.loaders.ticketInteractionCount.load(t.id), (i) => [
        new Date(i.occurredAt).toISOString(),
        i.id,
      ]);
    }
    decodeCursor(page.after, 2);
    const qb = ctx.app.db.getRepository(Interaction).createQueryBuilder('i').where('i.ticket_id = :tid', { tid: t.id });
    return paginate(qb, page, { expr: 'i.occurred_at', direction: SortDirection.DESC });
  }

  @FieldResolver(() => TicketEventConnection, { description: 'Everything that happened to the ticket, oldest first' })
  async history(@Root() t: Ticket, @C() ctx: Ctx, @Args() page: PageArgs) {
    const first = pageSize(page.first);
    const after = page.after ? Number(decodeCursor(page.after, 1)[0]) : 0;
    if (!Number.isSafeInteger(after)) throw new GraphQLError('after is not a cursor of this list', { extensions: { code: 'BAD_USER_INPUT' } });
    const rows: { seq: string; type: string; occurred_at: Date }[] = await ctx.app.db.query(
      `SELECT seq, type, occurred_at FROM event_log WHERE topic = 'ticket' AND entity_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [t.id, after, first + 1],
    );
    const items: (TicketEvent & { id: string })[] = rows.slice(0, first).map((r) => ({
      id: r.seq,
      cursor: r.seq,
      type: r.type,
      ticket: t,
      ticketId: t.id,
      occurredAt: r.occurred_at,
    }));
    const total = ctx.app.db
      .query(`SELECT count(*) AS n FROM event_log WHERE topic = 'ticket' AND entity_id = $1`, [t.id])
      .then((r: { n: string }[]) => Number(r[0].n));
    return connectionFromList(items, rows.length > first, total, (e) => [e.cursor]);
  }

  @Authorized(...STAFF_WRITERS, Role.CUSTOMER)
  @Mutation(() => CreateTicketPayload, { description: 'A CUSTOMER viewer opens a ticket for itself' })
  createTicket(@C() ctx: Ctx, @Arg('input') input: CreateTicketInput) {
    return runMutation(ctx, {
      name: 'createTicket',
      key: input.idempotencyKey,
      run: async (tx) => ({ ticket: (await tickets.createTicket(ctx, tx, input)).id }),
      load: async (ids) => ({ ticket: await ctx.loaders.ticket.load(ids.ticket!) }),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => UpdateTicketPayload)
  updateTicket(@C() ctx: Ctx, @Arg('input') input: UpdateTicketInput) {
    return runMutation(ctx, {
      name: 'updateTicket',
      run: async (tx) => ({ ticket: (await tickets.updateTicket(ctx, tx, input)).id }),
      load: async (ids) => ({ ticket: await ctx.loaders.ticket.load(ids.ticket!) }),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => AssignTicketPayload)
  assignTicket(@C() ctx: Ctx, @Arg('input') input: AssignTicketInput) {
    return runMutation(ctx, {
      name: 'assignTicket',
      run: async (tx) => ({ ticket: (await tickets.assignTicket(ctx, tx, input)).id }),
      load: async (ids) => ({ ticket: await ctx.loaders.ticket.load(ids.ticket!) }),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => ChangeTicketStatusPayload)
  changeTicketStatus(@C() ctx: Ctx, @Arg('input') input: ChangeTicketStatusInput) {
    return runMutation(ctx, {
      name: 'changeTicketStatus',
      run: async (tx) => ({ ticket: (await tickets.changeTicketStatus(ctx, tx, input)).id }),
      load: async (ids) => ({ ticket: await ctx.loaders.ticket.load(ids.ticket!) }),
    });
  }

  @Authorized(...STAFF_WRITERS)
  @Mutation(() => ResolveTicketPayload)
  resolveTicket(@C() ctx: Ctx, @Arg('input') input: ResolveTicketInput) {
    return runMutation(ctx, {
      name: 'resolveTicket',
      run: async (tx) => ({ ticket: (await tickets.resolveTicket(ctx, tx, input)).id }),
      load: async (ids) => ({ ticket: await ctx.loaders.ticket.load(ids.ticket!) }),
    });
  }

  @Authorized(...STAFF_WRITERS, Role.CUSTOMER)
  @Mutation(() => RateTicketPayload, { description: "The customer's CSAT (1..5), once, on a resolved or closed ticket" })
  rateTicket(@C() ctx: Ctx, @Arg('input') input: RateTicketInput) {
    return runMutation(ctx, {
      name: 'rateTicket',
      run: async (tx) => ({ ticket: (await tickets.rateTicket(ctx, tx, input)).id }),
      load: async (ids) => ({ ticket: await ctx.loaders.ticket.load(ids.ticket!) }),
    });
  }
}
