import {
  defaultFieldResolver,
  getNamedType,
  isAbstractType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { App } from '../app/app';
import type { Viewer } from '../auth/viewer';
import { log } from '../logger';
import { Compiler, NotCompilable, NOW_TEXT, type CompiledOperation } from './compile';
import { runPrepared } from './plugin';
import { READ_SOURCES } from './sources';

/**
 * The look-ahead planner: the broad path for operations the compiler cannot answer whole.
 * Each root query field whose own subtree the compiler covers is fetched in one statement
 * (the same compiled SQL, just for that field); the objects it returns are marked prefetched,
 * and every field of a prefetched object resolves by a plain, synchronous read of its response
 * key, bypassing type-graphql's per-field wrapper and the loaders. Root fields it cannot plan
 * (statistics, stock, mutations' payloads) run through their resolvers as before.
 */
export const PREFETCHED = Symbol('prefetched');
/** Set on a request's context when the planner answered one of its root fields. */
export const PLANNED = Symbol.for('servicegraph.planned');

function mark(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) mark(v);
  } else if (value !== null && typeof value === 'object') {
    Object.defineProperty(value, PREFETCHED, { value: true });
    for (const v of Object.values(value)) if (v !== null && typeof v === 'object') mark(v);
  }
}

const isPrefetched = (src: unknown): src is Record<string, unknown> =>
  src !== null && typeof src === 'object' && (src as Record<symbol, unknown>)[PREFETCHED] === true;

interface RequestContext {
  viewer: Viewer;
}

/** Plans cached per parsed operation (Apollo keeps one document object per query text). */
const plans = new WeakMap<OperationDefinitionNode, Map<string, CompiledOperation | null>>();

function planField(schema: GraphQLSchema, info: GraphQLResolveInfo, viewer: Viewer): CompiledOperation | null {
  // an interface (`node`) needs its resolver's objects to resolve the concrete type: its resolver
  // answers it here (the compiled and split paths, when on, answer it before)
  if (isAbstractType(getNamedType(info.returnType))) return null;
  let byKey = plans.get(info.operation);
  if (!byKey) {
    byKey = new Map();
    plans.set(info.operation, byKey);
  }
  const key = JSON.stringify([info.path.key, viewer.role, viewer.customerId, viewer.agentId, viewer.sub, info.variableValues]);
  let hit = byKey.get(key);
  if (hit !== undefined) return hit;
  hit = null;
  try {
    const fragments = new Map<string, FragmentDefinitionNode>(Object.entries(info.fragments));
    const c = new Compiler({ schema, types: READ_SOURCES, viewer }, fragments, info.variableValues);
    const root = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'query' }, selectionSet: { kind: Kind.SELECTION_SET, selections: info.fieldNodes } } as FieldNode;
    const data = c.object(schema.getQueryType()!, '', [root]);
    const nowIndexes = c.params.values.flatMap((v, i) => (v === NOW_TEXT ? [i] : []));
    hit = { name: '', sql: `SELECT ${data}::text AS data`, params: c.params.values, nowIndexes };
  } catch (err) {
    if (!(err instanceof NotCompilable) && !(err instanceof Error && err.name === 'GraphQLError')) throw err;
  }
  if (byKey.size > 200) byKey.clear();
  byKey.set(key, hit);
  return hit;
}

/**
 * Installs the planner on a built schema: prefetched sources answer every object field by a
 * property read, and root query fields are planned when `enabled`.
 */
export function installPlanner(schema: GraphQLSchema, app: App, enabled: boolean): void {
  const query = schema.getQueryType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type === query) continue;
    if (type === schema.getMutationType() || type === schema.getSubscriptionType()) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      field.resolve = (src, args, ctx, info) => (isPrefetched(src) ? src[info.path.key as string] : resolve(src, args, ctx, info));
    }
  }
  if (!enabled || !query) return;
  for (const field of Object.values(query.getFields())) {
    const resolve: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
    field.resolve = async (src, args, ctx, info) => {
      const plan = ctx?.viewer ? planField(schema, info, ctx.viewer) : null;
      if (!plan) return resolve(src, args, ctx, info);
      const params = plan.params.slice();
      const now = app.clock.now().toISOString();
      for (const i of plan.nowIndexes) params[i] = now;
      let text: string;
      try {
        [{ data: text }] = await runPrepared(app, plan, params);
      } catch (err) {
        log.debug('planned read failed; falling back to the resolvers', { err: (err as Error).message });
        return resolve(src, args, ctx, info);
      }
      const value = (JSON.parse(text) as Record<string, unknown>)[info.path.key as string];
      mark(value);
      // the request was (partly) planned: its metrics label it so (src/observability/metrics.ts)
      (ctx as unknown as Record<symbol, unknown>)[PLANNED] = true;
      return value;
    };
  }
}
