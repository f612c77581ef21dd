// OpenTelemetry tracing: spans for GraphQL operations, resolvers and SQL statements, exported
// over OTLP/HTTP. On only when OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) is set
// (src/config.ts); otherwise the SDK is never loaded, pg is not patched, no resolver is wrapped and
// no plugin or middleware is added: nothing costs anything.
//
// - a request span per POST /graphql (SERVER; a `traceparent` header continues the caller's
//   trace), renamed `<type> <OperationName>` once Apollo (or the fast path) knows the operation;
// - a span per resolver call of root fields and of fields returning objects (relations: where the
//   work is), except on objects the planner prefetched (a property read); subscription events get
//   a root span per execution;
// - a span per SQL statement (pg `Client.query`, what TypeORM and the compiled reads both use)
//   with `db.statement` cut to 2,000 characters, only inside a traced operation (not the event
//   bus's polling) so it nests under the resolver or operation that sent it.
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type express from 'express';
import { defaultFieldResolver, getNamedType, isCompositeType, type GraphQLFieldResolver, type GraphQLSchema, type ResponsePath } from 'graphql';
import { log } from '../logger';
import { PREFETCHED } from '../read/planner';
import { RawJson } from '../read/plugin';

const STATEMENT_MAX = 2000;
const TRACER = 'servicegraph';

interface TracingState {
  users: number;
  tracer: Tracer;
  shutdown(): Promise<void>;
  unpatch(): void;
}

let state: TracingState | null = null;

/** Is tracing installed in this process (by the environment or a test)? */
export function tracingActive(): boolean {
  return state !== null;
}

export interface TracingOptions {
  /** export here instead of OTLP/HTTP, span by span (tests: InMemorySpanExporter) */
  exporter?: SpanExporter;
  /** service.name (default OTEL_SERVICE_NAME, else "servicegraph") */
  serviceName?: string;
}

/**
 * Installs the tracer provider (global, once per process) and the SQL instrumentation; every
 * hub that calls it gets a release, and the last release shuts it down (flushing spans) and
 * takes the instrumentation out again.
 */
export function installTracing(opts: TracingOptions = {}): () => Promise<void> {
  if (!state) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
    const { BatchSpanProcessor, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
    const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
    const exporter: SpanExporter =
      opts.exporter ?? new (require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter();
    /* eslint-enable @typescript-eslint/no-require-imports */
    const provider = new NodeTracerProvider({
      resource: resourceFromAttributes({ 'service.name': opts.serviceName ?? (process.env.OTEL_SERVICE_NAME || 'servicegraph') }),
      spanProcessors: [opts.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
    });
    // the AsyncLocalStorage context manager and the W3C propagator
    provider.register();
    const tracer = trace.getTracer(TRACER);
    const unpatch = instrumentPg(tracer);
    state = {
      users: 0,
      tracer,
      unpatch,
      shutdown: async () => {
        await provider.shutdown().catch((err: unknown) => log.warn('tracing shutdown failed', { err }));
        trace.disable();
        context.disable();
        propagation.disable();
      },
    };
    log.info('tracing on', { exporter: opts.exporter ? exporter.constructor.name : 'otlp-http' });
  }
  const s = state;
  s.users++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    if (--s.users > 0 || state !== s) return;
    state = null;
    s.unpatch();
    await s.shutdown();
  };
}

/** Runs `fn` in a span of its own (a root span when nothing is traced around it); just `fn` when tracing is off. */
export function withSpan<T>(name: string, fn: () => Promise<T>, attributes?: Record<string, string | number>): Promise<T> {
  if (!state) return fn();
  const span = state.tracer.startSpan(name, { attributes });
  return context.with(trace.setSpan(context.active(), span), fn).then(
    (v) => {
      span.end();
      return v;
    },
    (err: unknown) => {
      fail(span, err);
      throw err;
    },
  );
}

function fail(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
  span.end();
}

// ------------------------------------------------------------------------------------ SQL

const VERB = /^\s*(?:\/\*[\s\S]*?\*\/\s*)?([A-Za-z]+)/;

/** Patches pg's Client.query (and binds Pool.connect callbacks to the caller's context). */
function instrumentPg(tracer: Tracer): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pg = require('pg') as typeof import('pg');
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const originalQuery = proto.query;
  proto.query = function tracedQuery(this: { database?: string; host?: string; port?: number }, ...args: unknown[]): unknown {
    const parent = context.active();
    const config = args[0] as string | { text?: unknown; name?: unknown; submit?: unknown } | undefined;
    const text = typeof config === 'string' ? config : typeof config?.text === 'string' ? config.text : null;
    if (!trace.getSpan(parent) || text === null) return originalQuery.apply(this, args);
    const verb = (VERB.exec(text)?.[1] ?? 'SQL').toUpperCase();
    const span = tracer.startSpan(
      `pg ${verb}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system': 'postgresql',
          'db.system.name': 'postgresql',
          'db.operation.name': verb,
          'db.statement': text.length > STATEMENT_MAX ? text.slice(0, STATEMENT_MAX) + '…' : text,
          ...(this.database ? { 'db.namespace': this.database } : {}),
          ...(this.host ? { 'server.address': this.host } : {}),
          ...(this.port ? { 'server.port': this.port } : {}),
          ...(typeof config === 'object' && typeof config.name === 'string' ? { 'db.prepared_statement': config.name } : {}),
        },
      },
      parent,
    );
    const end = (err: unknown) => (err ? fail(span, err) : span.end());
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (...a: unknown[]) => unknown;
      args[last] = function (this: unknown, err: unknown, ...rest: unknown[]) {
        end(err);
        return callback.call(this, err, ...rest);
      };
      return originalQuery.apply(this, args);
    }
    let result: unknown;
    try {
      result = originalQuery.apply(this, args);
    } catch (err) {
      end(err);
      throw err;
    }
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(
        () => end(null),
        (err: unknown) => end(err),
      );
    } else if (typeof config === 'object' && typeof config.submit === 'function' && typeof (config as NodeJS.EventEmitter).once === 'function') {
      (config as NodeJS.EventEmitter).once('end', () => end(null));
      (config as NodeJS.EventEmitter).once('error', (err: unknown) => end(err));
    } else span.end();
    return result;
  };

  // a query waiting for a pooled connection gets it from whoever releases one: keep the caller's context
  const poolProto = pg.Pool.prototype as unknown as { connect: (...args: unknown[]) => unknown };
  const hadOwnConnect = Object.prototype.hasOwnProperty.call(poolProto, 'connect');
  const originalConnect = poolProto.connect;
  poolProto.connect = function tracedConnect(this: unknown, ...args: unknown[]): unknown {
    if (typeof args[0] === 'function') args[0] = context.bind(context.active(), args[0] as (...a: unknown[]) => unknown);
    return originalConnect.apply(this, args);
  };

  return () => {
    proto.query = originalQuery;
    if (hadOwnConnect) poolProto.connect = originalConnect;
    else delete (poolProto as { connect?: unknown }).connect;
  };
}

// ------------------------------------------------------------------------------- GraphQL

const isPrefetched = (src: unknown) => src !== null && typeof src === 'object' && (src as Record<symbol, unknown>)[PREFETCHED] === true;

function pathText(path: ResponsePath | undefined): string {
  const parts: (string | number)[] = [];
  for (let p = path; p; p = p.prev) parts.push(p.key);
  return parts.reverse().join('.');
}

/**
 * Wraps resolvers with spans: every root field (Query, Mutation, Subscription) and every field
 * returning an object or a list of objects, except on prefetched objects. Call after the planner
 * is installed (its wrappers are inside these).
 */
export function instrumentResolvers(schema: GraphQLSchema): void {
  if (!state) return;
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean));
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !('getFields' in type) || !isCompositeType(type) || !('isTypeOf' in type)) continue;
    const isRoot = roots.has(type as never);
    for (const field of Object.values(type.getFields())) {
      if (!isRoot && !isCompositeType(getNamedType(field.type))) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const name = `resolve ${type.name}.${field.name}`;
      const subscription = isRoot && type === schema.getSubscriptionType();
      field.resolve = (src, args, ctx, info) => {
        const s = state;
        if (!s || isPrefetched(src)) return resolve(src, args, ctx, info);
        const parent: Context = context.active();
        if (!subscription && !trace.getSpan(parent)) return resolve(src, args, ctx, info);
        const span = s.tracer.startSpan(
          subscription ? `subscription ${field.name}` : name,
          { attributes: { 'graphql.field.name': field.name, 'graphql.field.type': String(field.type), 'graphql.field.path': pathText(info.path) } },
          parent,
        );
        let result: unknown;
        try {
          result = context.with(trace.setSpan(parent, span), () => resolve(src, args, ctx, info));
        } catch (err) {
          fail(span, err);
          throw err;
        }
        if (result && typeof (result as Promise<unknown>).then === 'function') {
          return (result as Promise<unknown>).then(
            (v) => {
              span.end();
              return v;
            },
            (err: unknown) => {
              fail(span, err);
              throw err;
            },
          );
        }
        span.end();
        return result;
      };
    }
  }
}

/**
 * Express middleware for POST /graphql, after the body is parsed: the request's span is made
 * active for everything after it (the fast path, Apollo, resolvers, SQL). None when tracing is off.
 */
export function tracingMiddleware(): express.RequestHandler[] {
  if (!state) return [];
  return [
    (req, res, next) => {
      const s = state;
      if (!s) return next();
      const parent = propagation.extract(context.active(), req.headers);
      const body = req.body as { operationName?: unknown } | undefined;
      const span = s.tracer.startSpan(
        'graphql',
        {
          kind: SpanKind.SERVER,
          attributes: {
            'http.request.method': req.method,
            'url.path': req.baseUrl || req.path,
            ...(typeof body?.operationName === 'string' ? { 'graphql.operation.name': body.operationName } : {}),
          },
        },
        parent,
      );
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        span.setAttribute('http.response.status_code', res.statusCode);
        if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      };
      res.once('finish', end);
      res.once('close', end);
      context.with(trace.setSpan(parent, span), next);
    },
  ];
}

/** Names the request span after the operation and records its outcome (Apollo's side). */
export function tracingPlugin(): ApolloServerPlugin<object> {
  const listener: GraphQLRequestListener<object> = {
    didResolveOperation: async (rc) => {
      const span = trace.getActiveSpan();
      if (!span || !rc.operation) return;
      const type = rc.operation.operation;
      const name = rc.operationName ?? '';
      span.updateName(name ? `${type} ${name}` : type);
      span.setAttribute('graphql.operation.type', type);
      if (name) span.setAttribute('graphql.operation.name', name);
      const source = rc.source;
      span.setAttribute('graphql.document', source.length > STATEMENT_MAX ? source.slice(0, STATEMENT_MAX) + '…' : source);
    },
    willSendResponse: async (rc) => {
      const span = trace.getActiveSpan();
      if (!span) return;
      const body = rc.response.body;
      if (body.kind !== 'single') return;
      if (body.singleResult.data instanceof RawJson) span.setAttribute('servicegraph.read_path', 'compiled');
      const errors = body.singleResult.errors;
      if (errors?.length) {
        const codes = errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
        span.setAttribute('graphql.error.codes', codes);
        span.setStatus({ code: SpanStatusCode.ERROR, message: codes[0] });
      }
    },
  };
  return {
    requestDidStart: async () => listener,
  };
}

/** The fast path answered from a compiled plan: name the request span. */
export function traceFastPath(operationName: string): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.updateName(`query ${operationName}`);
  span.setAttribute('graphql.operation.type', 'query');
  span.setAttribute('graphql.operation.name', operationName);
  span.setAttribute('servicegraph.read_path', 'fast');
}
