import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { STAFF_WRITERS } from '../../auth/viewer';
import type { RequestContext } from '../../graphql/context';
import { PageArgs } from '../../graphql/pagination';
import { visibleRelation } from '../../policy/visibility';
import { Agent } from '../agents/agent.entity';
import { Role } from '../common/enums';
import { runMutation } from '../common/mutation';
import { Customer } from '../customers/customer.entity';
import { Ticket } from '../tickets/ticket.entity';
import { InteractionConnection } from './interaction.connection';
import { interactionList } from './interaction.list';
import { Interaction } from './interaction.entity';
import { InteractionFilter, InteractionOrder, LogInteractionInput, LogInteractionPayload } from './interaction.inputs';
import { logInteraction } from './interaction.service';

@Resolver(() => Interaction)
export class InteractionResolver {
  @Authorized()
  @Query(() => InteractionConnection)
  interactions(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Arg('filter', () => InteractionFilter, { nullable: true }) filter?: InteractionFilter | null,
    @Arg('orderBy', () => InteractionOrder, { nullable: true }) orderBy?: InteractionOrder | null,
  ) {
    return interactionList(ctx, page, filter, orderBy);
  }

  @FieldResolver(() => Customer)
  async customer(@Root() i: Interaction, @Ctx() ctx: RequestContext) {
    return visibleRelation(ctx.viewer, 'Customer', await ctx.loaders.customer.load(i.customerId));
  }

  @FieldResolver(() => Ticket, { nullable: true })
  async ticket(@Root() i: Interaction, @Ctx() ctx: RequestContext) {
    return i.ticketId ? visibleRelation(ctx.viewer, 'Ticket', await ctx.loaders.ticket.load(i.ticketId)) : null;
  }

  @FieldResolver(() => Agent, { nullable: true })
  async agent(@Root() i: Interaction, @Ctx() ctx: RequestContext) {
    return i.agentId ? visibleRelation(ctx.viewer, 'Agent', await ctx.loaders.agent.load(i.agentId)) : null;
  }

  @Authorized(...STAFF_WRITERS, Role.CUSTOMER)
  @Mutation(() => LogInteractionPayload, { description: "Logs a contact; the agent is the viewer's agentId. Attach it to ticketId, or open a ticket with openTicket." })
  logInteraction(@Ctx() ctx: RequestContext, @Arg('input') input: LogInteractionInput) {
    return runMutation(ctx, {
      name: 'logInteraction',
      input,
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
