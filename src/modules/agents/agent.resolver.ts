import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { STAFF_READERS } from '../../auth/viewer';
import type { RequestContext } from '../../graphql/context';
import { connectionType, PageArgs } from '../../graphql/pagination';
import { Role } from '../common/enums';
import { runMutation } from '../common/mutation';
import { Agent } from './agent.entity';
import { CreateAgentInput, CreateAgentPayload } from './agent.inputs';
import { agentList } from './agent.list';
import { createAgent } from './agent.service';

export const AgentConnection = connectionType('Agent', Agent);

@Resolver(() => Agent)
export class AgentResolver {
  @Authorized(...STAFF_READERS)
  @Query(() => AgentConnection, { description: 'Staff, by name' })
  agents(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    return agentList(ctx, page);
  }

  @FieldResolver(() => Int, { description: 'Assigned tickets not yet resolved or closed' })
  openTicketCount(@Root() a: Agent, @Ctx() ctx: RequestContext) {
    return ctx.loaders.agentOpenTickets.load(a.id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreateAgentPayload)
  createAgent(@Ctx() ctx: RequestContext, @Arg('input') input: CreateAgentInput) {
    return runMutation(ctx, {
      name: 'createAgent',
      run: async (tx) => ({ agent: await createAgent(ctx, tx, input) }),
      load: async (ids) => ({ agent: await ctx.loaders.agent.load(ids.agent!) }),
    });
  }
}
