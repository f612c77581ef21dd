import { Arg, Authorized, Ctx, Field, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { eventStream, type DeliveredEvent } from '../../events/stream';
import type { RequestContext } from '../../graphql/context';
import { SlaState } from '../common/enums';
import { Ticket } from '../tickets/ticket.entity';
import { TICKET_TOPIC } from '../tickets/ticket.events';
import { canSee } from '../../policy/visibility';
import { prepareTicketEvent } from '../tickets/ticket.subscriptions';

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
      const ctx = context as RequestContext;
      return eventStream(ctx.app.bus, {
        topics: [TICKET_TOPIC],
        after: args.after,
        match: (row) => SLA_TYPES.has(row.type) && canSee(ctx.viewer, 'TicketEvent', row),
        beforeEach: () => ctx.resetLoaders(),
        prepare: (row) => prepareTicketEvent(ctx, row),
      });
    },
  })
  async slaAlerts(@Root() row: DeliveredEvent, @Ctx() ctx: RequestContext, @Arg('after', () => String, { nullable: true }) _after?: string | null): Promise<SlaAlert> {
    return {
      cursor: row.cursor,
      state: row.type === 'SLA_AT_RISK' ? SlaState.AT_RISK : SlaState.BREACHED,
      target: String(row.data.target ?? ''),
      ticket: (await ctx.loaders.ticket.load(row.entityId!))!,
      occurredAt: row.occurredAt,
    };
  }
}
