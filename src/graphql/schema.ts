import { GraphQLError, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type AuthChecker, type NonEmptyArray } from 'type-graphql';
import { AgentResolver } from '../modules/agents/agent.resolver';
import { analyticsResolvers } from '../modules/analytics/analytics.resolver';
import { Role } from '../modules/common/enums';
import { CustomerResolver } from '../modules/customers/customer.resolver';
import { EventCursorResolver } from '../events/cursor.resolver';
import { InteractionResolver } from '../modules/interactions/interaction.resolver';
import { KnowledgeArticleResolver } from '../modules/knowledge/knowledge.resolver';
import {
  PartReservationResolver,
  PartResolver,
  StockLevelResolver,
  StockLocationResolver,
  StockMovementResolver,
  TicketReservationsResolver,
} from '../modules/inventory/inventory.resolver';
import { StockSubscriptionResolver } from '../modules/inventory/inventory.subscriptions';
import { ServiceLevelResolver } from '../modules/sla/service-level.resolver';
import { TicketResolver } from '../modules/tickets/ticket.resolver';
import { TicketSubscriptionResolver } from '../modules/tickets/ticket.subscriptions';
import { SlaSubscriptionResolver } from '../modules/sla/sla.subscriptions';
import { ViewerResolver } from '../modules/viewer/viewer.resolver';
import type { Ctx } from './context';
import { forbidden, unauthenticated } from './errors';
import { DateTimeScalar } from './scalars';

/**
 * `@Authorized()` means any signed-in viewer; `@Authorized(...roles)` those roles (ADMIN may
 * do everything). A refusal is a top-level FORBIDDEN error.
 */
const authChecker: AuthChecker<Ctx, Role> = ({ context }, roles) => {
  if (!context?.viewer) throw unauthenticated();
  if (roles.length === 0 || context.viewer.role === Role.ADMIN || roles.includes(context.viewer.role)) return true;
  throw forbidden(`The ${context.viewer.role} role may not do this; it takes ${roles.join(' or ')}`);
};

export async function createSchema(): Promise<GraphQLSchema> {
  const resolvers = [
    ViewerResolver,
    CustomerResolver,
    AgentResolver,
    TicketResolver,
    InteractionResolver,
    KnowledgeArticleResolver,
    ServiceLevelResolver,
    TicketSubscriptionResolver,
    SlaSubscriptionResolver,
    EventCursorResolver,
    PartResolver,
    StockLocationResolver,
    StockLevelResolver,
    StockMovementResolver,
    PartReservationResolver,
    TicketReservationsResolver,
    StockSubscriptionResolver,
    ...analyticsResolvers,
  ] as unknown as NonEmptyArray<Function>;
  return buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    // every subscription brings its own `subscribe` (the durable event stream); type-graphql
    // insists on a pubSub all the same, so it gets one that refuses to be used
    pubSub: {
      publish: () => {
        throw new Error('publish through the event log (src/db/tx.ts), not a pubSub');
      },
      subscribe: () => {
        throw new Error('subscriptions use eventStream (src/events/stream.ts)');
      },
    },
    emitSchemaFile: false,
  });
}

export function printSdl(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}

export { GraphQLError };
