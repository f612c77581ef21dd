import { Arg, Args, Authorized, Ctx as C, Field, FieldResolver, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { STAFF_READERS } from '../../auth/viewer';
import type { Ctx } from '../../graphql/context';
import { DomainError } from '../../graphql/errors';
import { connectionType, PageArgs, paginate } from '../../graphql/pagination';
import { Payload } from '../../graphql/payload';
import { ErrorCode, Role, SortDirection } from '../common/enums';
import { runMutation } from '../common/mutation';
import { email, optionalText, requiredText } from '../common/validate';
import { Agent } from './agent.entity';

export const AgentConnection = connectionType('Agent', Agent);

@InputType()
export class CreateAgentInput {
  @Field() name!: string;
  @Field() email!: string;
  @Field(() => Role, { description: 'A staff role (not CUSTOMER)' }) role!: Role;
  @Field(() => String, { nullable: true }) team?: string | null;
}

@ObjectType()
export class CreateAgentPayload extends Payload {
  @Field(() => Agent, { nullable: true }) agent!: Agent | null;
}

@Resolver(() => Agent)
export class AgentResolver {
  @Authorized(...STAFF_READERS)
  @Query(() => AgentConnection, { description: 'Staff, by name' })
  agents(@C() ctx: Ctx, @Args() page: PageArgs) {
    const qb = ctx.app.db.getRepository(Agent).createQueryBuilder('a');
    return paginate(qb, page, { expr: 'a.name', direction: SortDirection.ASC });
  }

  @FieldResolver(() => Int, { description: 'Assigned tickets not yet resolved or closed' })
  openTicketCount(@Root() a: Agent, @C() ctx: Ctx) {
    return ctx.loaders.agentOpenTickets.load(a.id);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => CreateAgentPayload)
  createAgent(@C() ctx: Ctx, @Arg('input') input: CreateAgentInput) {
    return runMutation(ctx, {
      name: 'createAgent',
      run: async (tx) => {
        if (input.role === Role.CUSTOMER) throw new DomainError(ErrorCode.INVALID_INPUT, 'An agent has a staff role, not CUSTOMER', ['input', 'role']);
        const values = {
          name: requiredText(input.name, 'name', 200),
          email: email(input.email),
          role: input.role,
          team: optionalText(input.team, 'team', 100) ?? null,
        };
        if (await tx.manager.existsBy(Agent, { email: values.email })) {
          throw new DomainError(ErrorCode.DUPLICATE, `An agent with e-mail ${values.email} exists already`, ['input', 'email']);
        }
        const r = await tx.manager.getRepository(Agent).insert(values);
        return { agent: r.identifiers[0].id as string };
      },
      load: async (ids) => ({ agent: await ctx.loaders.agent.load(ids.agent!) }),
    });
  }
}
