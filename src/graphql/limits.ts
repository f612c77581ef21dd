import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE, MAX_PAGE } from './pagination';

/** Refused before execution: what a hostile or careless query may cost. */
export const LIMITS = {
  /** lexical tokens in one document (checked by the parser) */
  maxTokens: 4000,
  /** nesting of selection sets */
  maxDepth: 12,
  /** aliased fields in one operation */
  maxAliases: 40,
  /** estimated fields resolved: each list field multiplies its subtree by its page size */
  maxCost: 25000,
};

function limitError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });
}

interface Walk {
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function pageOf(field: FieldNode, w: Walk): number | null {
  const arg = field.arguments?.find((a) => a.name.value === 'first');
  if (!arg) return null;
  if (arg.value.kind === Kind.INT) return Math.min(Number(arg.value.value), MAX_PAGE);
  if (arg.value.kind === Kind.VARIABLE) {
    const v = w.variables[arg.value.name.value];
    return typeof v === 'number' ? Math.min(v, MAX_PAGE) : DEFAULT_PAGE;
  }
  return DEFAULT_PAGE;
}

function measure(set: SelectionSetNode, w: Walk, depth: number, seen: Set<string>, stats: { depth: number; aliases: number }): number {
  stats.depth = Math.max(stats.depth, depth);
  if (stats.depth > LIMITS.maxDepth) return Infinity;
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.alias) stats.aliases++;
      if (!sel.selectionSet) {
        cost += 1;
        continue;
      }
      const page = pageOf(sel, w);
      const inner = measure(sel.selectionSet, w, depth + 1, seen, stats);
      // a connection's `first` multiplies what is under its edges/nodes
      cost += 1 + (page !== null ? inner * Math.max(page, 1) : inner);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      cost += measure(sel.selectionSet, w, depth, seen, stats);
    } else {
      const name = sel.name.value;
      const frag = w.fragments.get(name);
      if (!frag || seen.has(name)) continue; // cycles are reported by graphql's own rules
      seen.add(name);
      cost += measure(frag.selectionSet, w, depth, seen, stats);
      seen.delete(name);
    }
  }
  return cost;
}

/**
 * Depth, aliases and cost of the operation to run, with its variables (so `first: $n` counts
 * what the client really asks for). Returns the error to answer with, or null.
 */
export function checkLimits(doc: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> = {}): GraphQLError | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const ops: OperationDefinitionNode[] = [];
  for (const d of doc.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    if (d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName)) ops.push(d);
  }
  for (const op of ops) {
    const stats = { depth: 0, aliases: 0 };
    const cost = measure(op.selectionSet, { fragments, variables }, 1, new Set(), stats);
    if (stats.depth > LIMITS.maxDepth) return limitError(`The query nests deeper than ${LIMITS.maxDepth} levels; split it into several queries`);
    if (stats.aliases > LIMITS.maxAliases) return limitError(`The query has ${stats.aliases} aliases; at most ${LIMITS.maxAliases} are allowed`);
    if (cost > LIMITS.maxCost) {
      return limitError(`The query could resolve about ${Math.round(cost)} fields (limit ${LIMITS.maxCost}); ask for smaller pages (first) or fewer nested lists`);
    }
  }
  return null;
}
