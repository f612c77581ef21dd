import { GraphQLError } from 'graphql';
import { Arg, Authorized, Ctx as C, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { Ctx } from '../../graphql/context';
import { decodeId } from '../../graphql/ids';
import { eventStream } from '../../events/stream';
import type { EventRow } from '../../events/types';
import { Role, TicketKind } from '../common/enums';
import { perEvent } from '../../events/per-event';
import { Ticket } from './ticket.entity';
import { TicketEvent } from './ticket-event.types';
import { TICKET_TOPIC } from './ticket.events';
import { matchTicketSnapshot } from './ticket.filter';
import { TicketFilter } from './ticket.inputs';

/** May this viewer see this event? Customers see only their own data. */
export function visibleTo(ctx: Ctx, row: EventRow): boolean {
  return ctx.viewer.role !== Role.CUSTOMER || row.customerId === ctx.viewer.customerId;
}

export async function toTicketEvent(ctx: Ctx, row: EventRow): Promise<TicketEvent> {
  const ticket = await ctx.loaders.ticket.load(row.entityId!);
  return { cursor: String(row.seq), type: row.type, ticket: ticket!, ticketId: row.entityId!, occurredAt: row.occurredAt };
}

const ticketOfEvent = new WeakMap<EventRow, Promise<Ticket | null>>();

/**
 * Loads the event's ticket before the event is handed to GraphQL: once per event for all
 * subscribers, primed into each subscriber's fresh loaders; a database failure here is
 * retried by the stream instead of reaching the client as an event without a cursor.
 */
export async function prepareTicketEvent(ctx: Ctx, row: EventRow): Promise<void> {
  const id = row.entityId!;
  const t = await perEvent(ticketOfEvent, row, () => ctx.app.db.getRepository(Ticket).findOneBy({ id }));
  if (t) ctx.loaders.ticket.prime(id, t);
}

function ticketStream(ctx: Ctx, after: string | null | undefined, match: (row: EventRow) => boolean) {
  return eventStream(ctx.app.bus, {
    topics: [TICKET_TOPIC],
    after,
    match: (row) => visibleTo(ctx, row) && match(row),
    beforeEach: () => ctx.resetLoaders(),
    prepare: (row) => prepareTicketEvent(ctx, row),
  });
}

@Resolver()
export class TicketSubscriptionResolver {
  @Authorized()
  @Subscription(() => TicketEvent, {
    description: 'Every change of one ticket. With `after`, first replays what happened after that cursor.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Ctx;
      const id = decodeId(args.id, 'Ticket');
      const t = id ? await ctx.loaders.ticket.load(id) : null;
      if (!t || (ctx.viewer.role === Role.CUSTOMER && t.customerId !== ctx.viewer.customerId)) {
        throw new GraphQLError('Ticket not found', { extensions: { code: 'NOT_FOUND' } });
      }
      return ticketStream(ctx, args.after, (row) => row.entityId === id);
    },
  })
  ticketUpdated(
    @Root() row: EventRow,
    @C() ctx: Ctx,
    @Arg('id', () => ID) _id: string,
    @Arg('after', () => String, { nullable: true }) _after?: string | null,
  ) {
    return toTicketEvent(ctx, row);
  }

  @Authorized()
  @Subscription(() => TicketEvent, {
    description: 'Events of every ticket the viewer may see that matches the filter (evaluated on the ticket as of the event)',
    subscribe: ({ args, context }) => {
      const filter = args.filter as TicketFilter | undefined;
      return ticketStream(context as Ctx, args.after, (row) => matchTicketSnapshot(filter, row.data));
    },
  })
  ticketEvents(
    @Root() row: EventRow,
    @C() ctx: Ctx,
    @Arg('filter', () => TicketFilter, { nullable: true }) _filter?: TicketFilter | null,
    @Arg('after', () => String, { nullable: true }) _after?: string | null,
  ) {
    return toTicketEvent(ctx, row);
  }

  @Authorized()
  @Subscription(() => TicketEvent, {
    description: 'Events of complaint tickets (kind COMPLAINT)',
    subscribe: ({ args, context }) =>
      ticketStream(context as Ctx, args.after, (row) => row.data.kind === TicketKind.COMPLAINT),
  })
  complaintUpdates(@Root() row: EventRow, @C() ctx: Ctx, @Arg('after', () => String, { nullable: true }) _after?: string | null) {
    return toTicketEvent(ctx, row);
  }
}
