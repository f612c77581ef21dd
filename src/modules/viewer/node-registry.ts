import type { RequestContext } from '../../graphql/context';
import type { NodeType } from '../../graphql/ids';
import { articleLoader } from '../knowledge/knowledge.service';

/** How `node(id)` loads each type; who may see what it loads is src/policy/visibility.ts's. */
export interface NodeEntry {
  load(ctx: RequestContext, id: string): Promise<object | null>;
}

/**
 * Keyed by type name, looked up with a name taken from a client's id: a prototype-less object,
 * so `__proto__`, `constructor`, `toString` and the like find nothing (use `nodeEntry`).
 */
export const nodeLoaders: Partial<Record<NodeType, NodeEntry>> = Object.assign(Object.create(null) as Partial<Record<NodeType, NodeEntry>>, {
  Customer: { load: (ctx, id) => ctx.loaders.customer.load(id) },
  Agent: { load: (ctx, id) => ctx.loaders.agent.load(id) },
  Ticket: { load: (ctx, id) => ctx.loaders.ticket.load(id) },
  Interaction: { load: (ctx, id) => ctx.loaders.interaction.load(id) },
  ServiceLevel: { load: (ctx, id) => ctx.loaders.serviceLevel.load(id) },
  Part: { load: (ctx, id) => ctx.loaders.part.load(id) },
  StockLocation: { load: (ctx, id) => ctx.loaders.stockLocation.load(id) },
  StockLevel: { load: (ctx, id) => ctx.loaders.stockLevel.load(id) },
  StockMovement: { load: (ctx, id) => ctx.loaders.stockMovement.load(id) },
  PartReservation: { load: (ctx, id) => ctx.loaders.partReservation.load(id) },
  KnowledgeArticle: { load: (ctx, id) => articleLoader(ctx).load(id) },
} satisfies Partial<Record<NodeType, NodeEntry>>);

/** The entry of a type name from a request, or undefined: only the registry's own keys count. */
export function nodeEntry(type: string): NodeEntry | undefined {
  return Object.prototype.hasOwnProperty.call(nodeLoaders, type) ? nodeLoaders[type as NodeType] : undefined;
}

