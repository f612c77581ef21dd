import { Arg, Authorized, Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../graphql/context';
import { fromGlobalId } from '../../graphql/ids';
import { Node } from '../../graphql/node';
import { Agent } from '../agents/agent.entity';
import { canSeeNamed } from '../../policy/visibility';
import { Role } from '../common/enums';
import { Customer } from '../customers/customer.entity';
import { nodeEntry } from './node-registry';

@ObjectType({ description: 'Who is asking' })
export class Viewer {
  @Field() sub!: string;
  @Field(() => Role) role!: Role;
  @Field(() => Agent, { nullable: true, description: 'For staff tokens that carry an agentId' }) agent!: Agent | null;
  @Field(() => Customer, { nullable: true, description: 'For CUSTOMER tokens' }) customer!: Customer | null;
}

@Resolver()
export class ViewerResolver {
  @Authorized()
  @Query(() => Viewer)
  async viewer(@Ctx() ctx: RequestContext): Promise<Viewer> {
    const v = ctx.viewer;
    return {
      sub: v.sub,
      role: v.role,
      agent: v.agentId ? await ctx.loaders.agent.load(v.agentId) : null,
      customer: v.customerId ? await ctx.loaders.customer.load(v.customerId) : null,
    };
  }

  @Authorized()
  @Query(() => Node, { nullable: true, description: 'Any object by its id; null when it does not exist or is not yours to see' })
  async node(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Node | null> {
    const g = fromGlobalId(id);
    if (!g) return null;
    const entry = nodeEntry(g.type);
    if (!entry) return null;
    const value = await entry.load(ctx, g.id);
    return value && canSeeNamed(ctx.viewer, g.type, value) ? (value as Node) : null;
  }
}
