import { Arg, Authorized, Ctx as C, Field, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { eventStream } from '../../events/stream';
import type { EventRow } from '../../events/types';
import type { Ctx } from '../../graphql/context';
import { SlaState } from '../common/enums';
import { Ticket } from '../tickets/ticket.entity';
import { TICKET_TOPIC } from '../tickets/ticket.events';
import { prepareTicketEvent, visibleTo } from '../tickets/ticket.subscriptions';

@ObjectType({ description: 'A ticket whose service level is at risk or breached (raised once per ticket and target)' })
export class SlaAlert {
  @Field() cursor!: string;
  @Field(() => SlaState, { description: 'AT_RISK or BREACHED' }) state!: SlaState;
  @Field({ description: 'FIRST_RESPONSE or RESOLUTION' }) target!: string;
  @Field(() => Ticket) ticket!: Ticket;
  @Field() occurredAt!: Date;
}

const SLA_TYPES = new Set(['SLA_AT_RISK', 'SLA_BREACHED']);

@Resolver()
export class SlaSubscriptionResolver {
  @Authorized()
  @Subscription(() => SlaAlert, {
    description: 'At-risk and breach alerts of every ticket the viewer may see',
    subscribe: ({ args, context }) => {
      const ctx = context as Ctx;
      return eventStream(ctx.app.bus, {
        topics: [TICKET_TOPIC],
        after: args.after,
        match: (row) => SLA_TYPES.has(row.type) && visibleTo(ctx, row),
        beforeEach: () => ctx.resetLoaders(),
        prepare: (row) => prepareTicketEvent(ctx, row),
      });
    },
  })
  async slaAlerts(@Root() row: EventRow, @C() ctx: Ctx, @Arg('after', () => String, { nullable: true }) _after?: string | null): Promise<SlaAlert> {
    return {
      cursor: String(row.seq),
      state: row.type === 'SLA_AT_RISK' ? SlaState.AT_RISK : SlaState.BREACHED,
      target: String(row.data.target ?? ''),
      ticket: (await ctx.loaders.ticket.load(row.entityId!))!,
      occurredAt: row.occurredAt,
    };
  }
}
