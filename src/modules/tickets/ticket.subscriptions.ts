import { ClientCode, ClientError } from '../../errors';
import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { decodeId } from '../../graphql/ids';
import { eventStream, type DeliveredEvent } from '../../events/stream';
import type { EventRow } from '../../events/types';
import { canSee } from '../../policy/visibility';
import { TicketKind } from '../common/enums';
import { perEvent } from '../../events/per-event';
import { retryTransient } from '../../events/retry';
import { Ticket } from './ticket.entity';
import { TicketEvent } from './ticket-event.types';
import { TICKET_TOPIC } from './ticket.events';
import { matchEvent, matchLoggedEvents, snapshotFilter } from './ticket.filter';
import { TicketFilter } from './ticket.inputs';

export async function toTicketEvent(ctx: RequestContext, row: DeliveredEvent): Promise<TicketEvent> {
  const ticket = await ctx.loaders.ticket.load(row.entityId!);
  return { cursor: row.cursor, type: row.type, ticket: ticket!, ticketId: row.entityId!, occurredAt: row.occurredAt };
}

const ticketOfEvent = new WeakMap<EventRow, Promise<Ticket | null>>();

/**
 * Loads the event's ticket before the event is handed to GraphQL: once per event for all
 * subscribers, primed into each subscriber's fresh loaders; a database failure here is
 * retried by the stream instead of reaching the client as an event without a cursor.
 */
export async function prepareTicketEvent(ctx: RequestContext, row: EventRow): Promise<void> {
  const id = row.entityId!;
  const t = await perEvent(ticketOfEvent, row, () => ctx.app.db.getRepository(Ticket).findOneBy({ id }));
  if (t) ctx.loaders.ticket.prime(id, t);
}

const verdictsOfEvent = new WeakMap<EventRow, Map<string, Promise<boolean>>>();

/**
 * Does an event match a TicketFilter? PostgreSQL answers, running the list query's own filter
 * SQL over the event's snapshot of its ticket (ticket.filter.ts): one description of the
 * filter, and the snapshot is the ticket as of the event, so a replay selects what the live
 * subscription selected. Cost: a live event takes one statement per distinct filter, shared
 * by every subscriber with that filter; a replay decides MATCH_LOOKAHEAD events per statement
 * (each subscriber keeps the verdicts past the event it asked about).
 */
function filterMatcher(ctx: RequestContext, filter: TicketFilter | null | undefined): (row: EventRow) => boolean | Promise<boolean> {
  const f = snapshotFilter(filter);
  if (!f) return () => true;
  const db = ctx.app.db;
  const keepGoing = () => db.isInitialized;
  const ahead = new Map<number, boolean>();
  const decide = async (row: EventRow): Promise<boolean> => {
    const found = await retryTransient(() => matchLoggedEvents(db, f, row.seq), keepGoing);
    ahead.clear();
    for (const [seq, hit] of found) if (seq > row.seq) ahead.set(seq, hit);
    const hit = found.get(row.seq);
    return hit ?? retryTransient(() => matchEvent(db, f, row), keepGoing);
  };
  return (row) => {
    const known = ahead.get(row.seq);
    if (known !== undefined) return known;
    let shared = verdictsOfEvent.get(row);
    if (!shared) verdictsOfEvent.set(row, (shared = new Map()));
    let verdict = shared.get(f.key);
    if (!verdict) {
      const own = shared;
      verdict = decide(row);
      own.set(f.key, verdict);
      verdict.catch(() => own.delete(f.key));
    }
    return verdict;
  };
}

function ticketStream(ctx: RequestContext, after: string | null | undefined, match: (row: EventRow) => boolean | Promise<boolean>) {
  return eventStream(ctx.app.bus, {
    topics: [TICKET_TOPIC],
    after,
    match: (row) => canSee(ctx.viewer, 'TicketEvent', row) && match(row),
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
      const ctx = context as RequestContext;
      const id = decodeId(args.id, 'Ticket');
      const t = id ? await ctx.loaders.ticket.load(id) : null;
      if (!t || !canSee(ctx.viewer, 'Ticket', t)) {
        throw new ClientError(ClientCode.NOT_FOUND, 'Ticket not found');
      }
      return ticketStream(ctx, args.after, (row) => row.entityId === id);
    },
  })
  ticketUpdated(
    @Root() row: DeliveredEvent,
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) _id: string,
    @Arg('after', () => String, { nullable: true }) _after?: string | null,
  ) {
    return toTicketEvent(ctx, row);
  }

  @Authorized()
  @Subscription(() => TicketEvent, {
    description: 'Events of every ticket the viewer may see that matches the filter (evaluated on the ticket as of the event)',
    subscribe: ({ args, context }) => {
      const ctx = context as RequestContext;
      return ticketStream(ctx, args.after, filterMatcher(ctx, args.filter as TicketFilter | undefined));
    },
  })
  ticketEvents(
    @Root() row: DeliveredEvent,
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => TicketFilter, { nullable: true }) _filter?: TicketFilter | null,
    @Arg('after', () => String, { nullable: true }) _after?: string | null,
  ) {
    return toTicketEvent(ctx, row);
  }

  @Authorized()
  @Subscription(() => TicketEvent, {
    description: 'Events of complaint tickets (kind COMPLAINT)',
    subscribe: ({ args, context }) => {
      const ctx = context as RequestContext;
      return ticketStream(ctx, args.after, filterMatcher(ctx, { kind: [TicketKind.COMPLAINT] }));
    },
  })
  complaintUpdates(@Root() row: DeliveredEvent, @Ctx() ctx: RequestContext, @Arg('after', () => String, { nullable: true }) _after?: string | null) {
    return toTicketEvent(ctx, row);
  }
}
