import { articleLoader } from '../modules/knowledge/knowledge.service';
import type { KnowledgeArticle } from '../modules/knowledge/knowledge-article.entity';
import type { Ctx } from './context';
import type { NodeType } from './ids';

/**
 * How `node(id)` loads each type, and (for customer scoping) whose data it is. A type
 * without `customerOf` does not exist for a CUSTOMER viewer.
 */
export interface NodeEntry {
  load(ctx: Ctx, id: string): Promise<object | null>;
  customerOf?(ctx: Ctx, value: object): Promise<string | null> | string | null;
}

export const nodeLoaders: Partial<Record<NodeType, NodeEntry>> = {
  Customer: { load: (ctx, id) => ctx.loaders.customer.load(id), customerOf: (_c, v) => (v as { id: string }).id },
  Agent: { load: (ctx, id) => ctx.loaders.agent.load(id) },
  Ticket: { load: (ctx, id) => ctx.loaders.ticket.load(id), customerOf: (_c, v) => (v as { customerId: string }).customerId },
  Interaction: { load: (ctx, id) => ctx.loaders.interaction.load(id), customerOf: (_c, v) => (v as { customerId: string }).customerId },
  ServiceLevel: { load: (ctx, id) => ctx.loaders.serviceLevel.load(id) },
  // stock is staff-only: no customerOf, so none of it exists for a CUSTOMER viewer
  Part: { load: (ctx, id) => ctx.loaders.part.load(id) },
  StockLocation: { load: (ctx, id) => ctx.loaders.stockLocation.load(id) },
  StockLevel: { load: (ctx, id) => ctx.loaders.stockLevel.load(id) },
  StockMovement: { load: (ctx, id) => ctx.loaders.stockMovement.load(id) },
  PartReservation: { load: (ctx, id) => ctx.loaders.partReservation.load(id) },
  // the help centre: a customer sees published articles, drafts do not exist for it
  KnowledgeArticle: {
    load: (ctx, id) => articleLoader(ctx).load(id),
    customerOf: (ctx, v) => ((v as KnowledgeArticle).published ? ctx.viewer.customerId : null),
  },
};

