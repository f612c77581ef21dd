import { Arg, Args, Authorized, Ctx as C, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { STAFF_WRITERS } from '../../auth/viewer';
import type { Ctx } from '../../graphql/context';
import { PageArgs, paginate } from '../../graphql/pagination';
import { Agent } from '../agents/agent.entity';
import { Role, SortDirection } from '../common/enums';
import { runMutation } from '../common/mutation';
import { Customer } from '../customers/customer.entity';
import { Ticket } from '../tickets/ticket.entity';
import { InteractionConnection } from './interaction.connection';
import { Interaction } from './interaction.entity';
import { InteractionFilter, InteractionOrder, InteractionOrderField, LogInteractionInput, LogInteractionPayload } from './interaction.inputs';
import { interactionWhere, logInteraction } from './interaction.service';

/** The interaction list behind `interactions` and `Customer.interactions`, scoped to the viewer. */
export function interactionList(ctx: Ctx, page: PageArgs, filter?: InteractionFilter | null, orderBy?: InteractionOrder | null, customerId?: string) {
  const qb = ctx.app.db.getRepository(Interaction).createQueryBuilder('i');
  if (ctx.viewer.role === Role.CUSTOMER) qb.andWhere('i.customer_id = :viewerCustomer', { viewerCustomer: ctx.viewer.customerId });
  if (customerId) qb.andWhere('i.customer_id = :forCustomer', { forCustomer: customerId });
  const w = interactionWhere(filter, 'i');
  if (w.sql) qb.andWhere(w.sql, w.params);
  const order = orderBy ?? { field: InteractionOrderField.OCCURRED_AT, direction: SortDirection.DESC };
  const expr = order.field === InteractionOrderField.DURATION ? 'COALESCE(i.duration_seconds, -1)' : 'i.occurred_at';
  return paginate(qb, page, { expr, direction: order.direction });
}

@Resolver(() => Interaction)
export class InteractionResolver {
  @Authorized()
  @Query(() => InteractionConnection)
  interactions(
    @C() ctx: Ctx,
    @Args() page: PageArgs,
    @Arg('filter', () => InteractionFilter, { nullable: true }) filter?: InteractionFilter | null,
    @Arg('orderBy', () => InteractionOrder, { nullable: true }) orderBy?: InteractionOrder | null,
  ) {
    return interactionList(ctx, page, filter, orderBy);
  }

  @FieldResolver(() => Customer)
  customer(@Root() i: Interaction, @C() ctx: Ctx) {
    return ctx.loaders.customer.load(i.customerId);
  }

  @FieldResolver(() => Ticket, { nullable: true })
  ticket(@Root() i: Interaction, @C() ctx: Ctx) {
    return i.ticketId ? ctx.loaders.ticket.load(i.ticketId) : null;
  }

  @FieldResolver(() => Agent, { nullable: true })
  agent(@Root() i: Interaction, @C() ctx: Ctx) {
    return i.agentId ? ctx.loaders.agent.load(i.agentId) : null;
  }

  @Authorized(...STAFF_WRITERS, Role.CUSTOMER)
  @Mutation(() => LogInteractionPayload, { description: "Logs a contact; the agent is the viewer's agentId. Attach it to ticketId, or open a ticket with openTicket." })
  logInteraction(@C() ctx: Ctx, @Arg('input') input: LogInteractionInput) {
    return runMutation(ctx, {
      name: 'logInteraction',
      key: input.idempotencyKey,
      run: async (tx) => {
        const r = await logInteraction(ctx, tx, input);
        return { interaction: r.interaction.id, ticket: r.ticket?.id ?? null };
      },
      load: async (ids) => ({
        interaction: await ctx.loaders.interaction.load(ids.interaction!),
        ticket: ids.ticket ? await ctx.loaders.ticket.load(ids.ticket) : null,
      }),
    });
  }
}
