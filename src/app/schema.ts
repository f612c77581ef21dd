import type { GraphQLSchema } from 'graphql';
import type { NonEmptyArray } from 'type-graphql';
import { buildApiSchema } from '../graphql/schema';
import { EventCursorResolver } from '../graphql/event-cursor.resolver';
import { AgentResolver } from '../modules/agents/agent.resolver';
import { analyticsResolvers } from '../modules/analytics/analytics.resolver';
import { CustomerResolver } from '../modules/customers/customer.resolver';
import { InteractionResolver } from '../modules/interactions/interaction.resolver';
import {
  PartReservationResolver,
  PartResolver,
  StockLevelResolver,
  StockLocationResolver,
  StockMovementResolver,
  TicketReservationsResolver,
} from '../modules/inventory/inventory.resolver';
import { StockSubscriptionResolver } from '../modules/inventory/inventory.subscriptions';
import { KnowledgeArticleResolver } from '../modules/knowledge/knowledge.resolver';
import { ServiceLevelResolver } from '../modules/sla/service-level.resolver';
import { SlaSubscriptionResolver } from '../modules/sla/sla.subscriptions';
import { TicketResolver } from '../modules/tickets/ticket.resolver';
import { TicketSubscriptionResolver } from '../modules/tickets/ticket.subscriptions';
import { ViewerResolver } from '../modules/viewer/viewer.resolver';

/** The public schema: every module's resolvers, assembled here (src/graphql/ knows no module). */
export function createSchema(): Promise<GraphQLSchema> {
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
  return buildApiSchema(resolvers);
}
