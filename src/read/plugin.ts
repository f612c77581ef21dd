import type { ApolloServerPlugin, GraphQLRequestContextResponseForOperation, GraphQLResponse } from '@apollo/server';
import { createHash } from 'node:crypto';
import { HeaderMap } from '@apollo/server';
import { execute, print, type FormattedExecutionResult, type GraphQLSchema } from 'graphql';
import type { App } from '../app/app';
import type { Viewer } from '../auth/viewer';
import type { RequestContext } from '../graphql/context';
import { log } from '../logger';
import { compileOperation, compileSplit, type CompiledOperation, type SplitOperation } from './compile';
import { READ_SOURCES } from './sources';
import { countStatement } from '../db/data-source';

/**
 * The response's `data` exactly as PostgreSQL wrote it. `stringifyResult` splices the text in
 * without parsing or re-serialising it; anything else that stringifies the result (tests'
 * `executeOperation`) still gets the right value through `toJSON`.
 */
export class RawJson {
  constructor(readonly text: string) {}
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** Apollo's `stringifyResult`, with compiled responses passed through as they are. */
export function stringifyResult(value: FormattedExecutionResult): string {
  if (value.data instanceof RawJson && !value.errors && !value.extensions) return `{"data":${value.data.text}}\n`;
  return JSON.stringify(value) + '\n';
}

const CACHE_SIZE = 5000;

/** The planner's mark on a request's context (src/read/planner.ts PLANNED; metrics read it). */
const PLANNED = Symbol.for('servicegraph.planned');

interface PgPool {
  query(q: { name?: string; text: string; values: unknown[] }): Promise<{ rows: { data: string }[] }>;
}

/**
 * At most this many distinct statements are prepared by name: node-postgres keeps each one on
 * every pooled connection for the connection's life, and a client can make new SQL at will
 * (each response key is a literal in it). Past the bound, statements run unnamed (parsed each time).
 */
const MAX_PREPARED = 256;
const preparedNames = new Set<string>();

/**
 * Runs a compiled statement as a named prepared statement, so each pooled connection parses
 * and plans it once (the statements are large; planning them every time cost more than
 * running them); beyond MAX_PREPARED distinct statements, as an unnamed one. Counted like every
 * other statement (app.stats).
 */
export async function runPrepared(app: App, compiled: CompiledOperation, params: unknown[]): Promise<{ data: string }[]> {
  const pool = (app.db.driver as unknown as { master: PgPool }).master;
  countStatement(app.stats, compiled.sql);
  compiled.name ||= 'sg_read_' + createHash('sha1').update(compiled.sql).digest('hex').slice(0, 24);
  if (!preparedNames.has(compiled.name) && preparedNames.size < MAX_PREPARED) preparedNames.add(compiled.name);
  const named = preparedNames.has(compiled.name);
  const res = await pool.query(named ? { name: compiled.name, text: compiled.sql, values: params } : { text: compiled.sql, values: params });
  return res.rows;
}

/**
 * Compiled plans of operations that passed Apollo's parsing and validation and our limits, keyed
 * by exactly what decides the answer: the request's text, operation name and variables, and the
 * viewer (role, own customer, agent, subject: the `viewer` field reads them). Shared by the Apollo
 * plugin (which fills it) and the HTTP fast path (which only reads it).
 */
export class CompiledPlans {
  private readonly cache = new Map<string, CompiledOperation | null>();
  private static readonly byApp = new WeakMap<App, CompiledPlans>();

  /** The hub's one set of plans (the plugin and the fast path share it). */
  static of(app: App): CompiledPlans {
    let plans = CompiledPlans.byApp.get(app);
    if (!plans) {
      plans = new CompiledPlans();
      CompiledPlans.byApp.set(app, plans);
    }
    return plans;
  }

  /**
   * A digest, not the request itself: a cached plan must not keep the request's text and
   * variables alive (a client can pad either, with comments or undeclared variables, up to the
   * body limit, and each distinct request would otherwise hold its size here).
   */
  static key(viewer: Viewer, query: string, operationName: unknown, variables: unknown): string {
    const identity = JSON.stringify([viewer.role, viewer.customerId, viewer.agentId, viewer.sub, operationName ?? null, query, variables ?? null]);
    return createHash('sha256').update(identity).digest('base64');
  }

  get(key: string): CompiledOperation | null | undefined {
    return this.cache.get(key);
  }

  set(key: string, plan: CompiledOperation | null): void {
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, plan);
  }
}

/** Runs a compiled plan at the current instant; the JSON text of `data`. */
async function answer(app: App, compiled: CompiledOperation): Promise<string> {
  const params = compiled.params.slice();
  const now = app.clock.now().toISOString();
  for (const i of compiled.nowIndexes) params[i] = now;
  const rows = await runPrepared(app, compiled, params);
  return rows[0].data;
}

/**
 * Answers a query operation with one SQL statement when the compiler covers all of it; else
 * the operation runs through the resolvers as usual. It runs after parsing, validation, the
 * limits, the rate limit and authentication (they all happen before `responseForOperation`).
 */
export function compiledReadPlugin(app: App, schema: GraphQLSchema, enabled: boolean, plans: CompiledPlans = CompiledPlans.of(app)): ApolloServerPlugin<RequestContext> {
  const plan = (rc: GraphQLRequestContextResponseForOperation<RequestContext>): CompiledOperation | null => {
    const viewer = rc.contextValue.viewer;
    const source = rc.request.query ?? print(rc.document);
    const key = CompiledPlans.key(viewer, source, rc.request.operationName, rc.request.variables);
    let hit = plans.get(key);
    if (hit === undefined) {
      hit = compileOperation({ schema, types: READ_SOURCES, viewer }, rc.document, rc.operation, rc.request.variables);
      // only a request that arrived as text (not a persisted-query hash) may be answered by the fast path
      if (rc.request.query) plans.set(key, hit);
    }
    return hit;
  };
  // operations that do not compile whole, split at the root (compileSplit), by the same key
  const splits = new Map<string, SplitOperation | null>();
  const splitAnswer = async (rc: GraphQLRequestContextResponseForOperation<RequestContext>): Promise<GraphQLResponse | null> => {
    const viewer = rc.contextValue.viewer;
    const key = CompiledPlans.key(viewer, rc.request.query ?? print(rc.document), rc.request.operationName, rc.request.variables);
    let split = splits.get(key);
    if (split === undefined) {
      split = compileSplit({ schema, types: READ_SOURCES, viewer }, rc.document, rc.operation!, rc.request.variables);
      if (splits.size >= CACHE_SIZE) splits.delete(splits.keys().next().value!);
      splits.set(key, split);
    }
    if (!split) return null;
    const params = split.compiled.params.slice();
    const now = app.clock.now().toISOString();
    for (const i of split.compiled.nowIndexes) params[i] = now;
    try {
      const [rows, executed] = await Promise.all([
        runPrepared(app, split.compiled, params) as unknown as Promise<Record<string, string | null>[]>,
        execute({ schema, document: split.rest, contextValue: rc.contextValue, variableValues: rc.request.variables, operationName: rc.operationName ?? undefined }),
      ]);
      // any error: the whole operation runs through the resolvers instead, with the usual error handling
      if (executed.errors?.length || !executed.data) return null;
      const row = rows[0];
      const data = executed.data as Record<string, unknown>;
      // answered partly compiled, partly by the resolvers: metrics label it `planned` (src/observability/metrics.ts)
      (rc.contextValue as unknown as Record<symbol, unknown>)[PLANNED] = true;
      const text = split.keys.map(({ key: k, column }) => `${JSON.stringify(k)}:${column ? (row[column] ?? 'null') : JSON.stringify(data[k] ?? null)}`);
      return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: new RawJson(`{${text.join(',')}}`) as never } } };
    } catch (err) {
      log.debug('split read failed; falling back to the resolvers', { err: (err as Error).message });
      return null;
    }
  };
  return {
    async requestDidStart() {
      if (!enabled) return;
      return {
        async responseForOperation(rc) {
          // no operation: the operationName names none in the document; execution reports that (400)
          if (rc.operation?.operation !== 'query') return null;
          const compiled = plan(rc);
          if (!compiled) return splitAnswer(rc);
          try {
            const data = await answer(app, compiled);
            return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: new RawJson(data) as never } } };
          } catch (err) {
            // the resolver path answers instead, with its own error handling (503 while the database is away)
            log.debug('compiled read failed; falling back to the resolvers', { err: (err as Error).message });
            return null;
          }
        },
      };
    },
  };
}

/**
 * The HTTP fast path: a request whose exact text, operation name, variables and viewer were
 * already parsed, validated, measured against the limits and compiled (by the plugin above) is
 * answered straight from its plan, without passing through Apollo again: one statement and the
 * JSON text as PostgreSQL wrote it. Authentication and the rate limit have run before it.
 * Anything else (a first request, a fallback, GET, persisted queries, another Accept) goes on
 * to Apollo. `observe` (metrics, tracing: src/observability) hears of each answer with its plan
 * and the instant it started.
 */
export function compiledFastPath(
  app: App,
  plans: CompiledPlans,
  enabled: boolean,
  observe?: (plan: CompiledOperation, request: { query: string; operationName?: unknown }, startedAt: number) => void,
) {
  return (req: { method: string; headers: Record<string, string | string[] | undefined>; body?: unknown }, res: FastResponse, next: (err?: unknown) => void): void => {
    const viewer = res.locals.viewer as Viewer | null | undefined;
    const body = req.body as { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown } | undefined;
    const accept = req.headers.accept;
    if (!enabled || !viewer || req.method !== 'POST' || !body || typeof body.query !== 'string' || body.extensions !== undefined) return next();
    if (accept !== undefined && accept !== '*/*' && accept !== 'application/json') return next();
    const compiled = plans.get(CompiledPlans.key(viewer, body.query, body.operationName, body.variables));
    if (!compiled) return next();
    const startedAt = observe ? performance.now() : 0;
    answer(app, compiled).then(
      (data) => {
        res.statusCode = 200;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(`{"data":${data}}\n`);
        observe?.(compiled, body as { query: string; operationName?: unknown }, startedAt);
      },
      () => next(),
    );
  };
}

interface FastResponse {
  locals: Record<string, unknown>;
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}
