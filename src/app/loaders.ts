import type { App } from './app';
import { createAgentLoaders } from '../modules/agents/agent.loaders';
import { createCustomerLoaders } from '../modules/customers/customer.loaders';
import { createInteractionLoaders } from '../modules/interactions/interaction.loaders';
import { createInventoryLoaders } from '../modules/inventory/inventory.loaders';
import { createKnowledgeLoaders } from '../modules/knowledge/knowledge.loaders';
import { createSlaLoaders } from '../modules/sla/sla.loaders';
import { createTicketLoaders } from '../modules/tickets/ticket.loaders';

/**
 * One request's DataLoaders: every module's, plus `memo` for batched relation pages (see
 * `paginate`'s parent scope). `RequestContext.resetLoaders` copies a fresh set into the
 * request's one loaders object, so every field here must be a loader or a function of this call.
 */
export function createLoaders(app: App) {
  return {
    ...createCustomerLoaders(app),
    ...createAgentLoaders(app),
    ...createTicketLoaders(app),
    ...createInteractionLoaders(app),
    ...createSlaLoaders(app),
    ...createKnowledgeLoaders(app),
    ...createInventoryLoaders(app),
    memo: new Map<string, unknown>(),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
