import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { unwrapResolverError } from '@apollo/server/errors';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, parse, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { App } from './app/app';
import { AuthError, verifyAuthorization, type Viewer } from './auth/viewer';
import { createContext, type Ctx } from './graphql/context';
import { unauthenticated } from './graphql/errors';
import { checkLimits, LIMITS } from './graphql/limits';
import { RateLimiter, rateLimited } from './graphql/rate-limit';
import { isTransientDbError } from './events/retry';
import { log } from './logger';

type WsExtra = {
  viewer?: Viewer;
  authError?: string;
  subs?: Set<string>;
};

export interface HubServer {
  http: http.Server;
  url: string;
  /** resolves when the next subscription has been set up (tests) */
  subscribed: { count: number; waiters: (() => void)[] };
  close(): Promise<void>;
}

const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CURSOR_EXPIRED',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'SERVICE_UNAVAILABLE',
]);

/** The one place errors are shaped for clients: ours pass, anything unexpected is logged and masked. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  const original = unwrapResolverError(error);
  if (code && CLIENT_CODES.has(code)) {
    const { stacktrace: _s, ...ext } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions: ext };
  }
  // graphql-js's own errors about the request (variable coercion and the like) carry no original error
  if (!(original instanceof Error) || (original instanceof GraphQLError && !original.originalError)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  // the database is away (restart, failover, dropped connections): say so, and that a retry may work
  if (isTransientDbError(original)) {
    return {
      message: 'The database is unavailable right now; retry shortly',
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    };
  }
  // a value the database refused as malformed (data exception class 22) is the client's
  const pgCode = (original as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (original as { code?: string }).code;
  if (typeof pgCode === 'string' && pgCode.startsWith('22')) {
    log.warn('a malformed value reached the database', { pgCode, path: formatted.path });
    return { message: 'A value in the request is malformed or out of range', path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
  }
  log.error('unexpected error while resolving', { err: original, path: formatted.path });
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

function authenticate(app: App, header: unknown): Viewer {
  try {
    return verifyAuthorization(header, app.authSecrets);
  } catch (err) {
    if (err instanceof AuthError) throw unauthenticated(err.message);
    throw err;
  }
}

export async function startServer(app: App, schema: GraphQLSchema, port: number, host = '0.0.0.0'): Promise<HubServer> {
  const ex = express();
  ex.disable('x-powered-by');
  const httpServer = http.createServer(ex);
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 1024 * 1024 });
  const subscribed = { count: 0, waiters: [] as (() => void)[] };
  const limiter = new RateLimiter(app.config.rateLimitPerMinute, app.config.rateLimitBurst);
  const perToken = new Map<string, number>();
  const release = (extra: WsExtra, id: string) => {
    if (!extra.subs?.delete(id) || !extra.viewer) return;
    const n = (perToken.get(extra.viewer.sub) ?? 1) - 1;
    if (n <= 0) perToken.delete(extra.viewer.sub);
    else perToken.set(extra.viewer.sub, n);
  };

  const wsCleanup = useServer<Record<string, unknown>, WsExtra>(
    {
      schema,
      onConnect: (ctx) => {
        try {
          ctx.extra.viewer = verifyAuthorization(ctx.connectionParams?.authorization, app.authSecrets);
        } catch (err) {
          ctx.extra.authError = err instanceof AuthError ? err.message : 'The token is not valid';
        }
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        const viewer = ctx.extra.viewer;
        if (!viewer) {
          return [
            new GraphQLError(ctx.extra.authError ?? 'Authentication required: pass connectionParams.authorization = "Bearer <token>"', {
              extensions: { code: 'UNAUTHENTICATED' },
            }),
          ];
        }
        if (viewer.exp && viewer.exp * 1000 < Date.now()) {
          return [new GraphQLError('The token has expired; reconnect with a new one', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        const wait = limiter.take(viewer.sub);
        if (wait !== null) return [rateLimited(wait)];
        if (payload.query.length > LIMITS.maxTokens * 20) {
          return [new GraphQLError('The document is too large', { extensions: { code: 'QUERY_TOO_COMPLEX' } })];
        }
        let doc;
        try {
          doc = parse(payload.query, { maxTokens: LIMITS.maxTokens });
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError('The document does not parse')];
        }
        const tooMuch = checkLimits(doc, payload.operationName, payload.variables ?? {});
        if (tooMuch) return [tooMuch];
        ctx.extra.subs ??= new Set();
        if (ctx.extra.subs.size >= app.config.subscriptionsPerConnection) {
          return [new GraphQLError(`At most ${app.config.subscriptionsPerConnection} subscriptions per connection`, { extensions: { code: 'RATE_LIMITED' } })];
        }
        if ((perToken.get(viewer.sub) ?? 0) >= app.config.subscriptionsPerToken) {
          return [new GraphQLError(`At most ${app.config.subscriptionsPerToken} subscriptions per token`, { extensions: { code: 'RATE_LIMITED' } })];
        }
        ctx.extra.subs.add(id);
        perToken.set(viewer.sub, (perToken.get(viewer.sub) ?? 0) + 1);
      },
      onComplete: (ctx, id) => release(ctx.extra, id),
      onClose: (ctx) => {
        for (const id of [...(ctx.extra.subs ?? [])]) release(ctx.extra, id);
      },
      context: (ctx): Ctx => createContext(app, ctx.extra.viewer!) as never,
      onOperation: () => {
        subscribed.count++;
        const w = subscribed.waiters.splice(0);
        for (const f of w) f();
      },
      onError: (ctx, id, _payload, errors) => {
        release(ctx.extra, id);
        // the same masking as over HTTP: internal details never reach a subscriber
        return errors.map((e) => formatError(e.toJSON(), e));
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        return { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) };
      },
    },
    wss,
  );

  const apollo = new ApolloServer<Ctx>({
    schema,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
      {
        // limits are checked with the request's variables, before anything executes
        async requestDidStart() {
          return {
            async didResolveOperation({ document, request, contextValue }) {
              const wait = limiter.take(contextValue.viewer.sub);
              if (wait !== null) throw rateLimited(wait);
              const tooMuch = checkLimits(document, request.operationName, request.variables ?? {});
              if (tooMuch) throw tooMuch;
            },
            async willSendResponse({ response }) {
              const body = response.body;
              if (body.kind === 'single' && body.singleResult.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) {
                response.http.status = 503;
                response.http.headers.set('retry-after', '1');
              }
            },
          };
        },
      },
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  ex.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  ex.get('/readyz', async (_req, res) => {
    try {
      await app.db.query('SELECT 1');
      const pending = await app.db.showMigrations();
      if (pending) {
        res.status(503).json({ status: 'migrations pending' });
        return;
      }
      res.json({ status: 'ready', eventListener: app.bus.isListening ? 'listening' : 'reconnecting' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });
  ex.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createContext(app, authenticate(app, req.headers.authorization)),
    }),
  );
  ex.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = (err as { status?: number }).status ?? 500;
    if (status >= 500) log.error('http error', { err });
    res.status(status).json({ errors: [{ message: status === 413 ? 'Request body too large (max 1 MB)' : status < 500 ? 'Malformed request body' : 'Internal server error', extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => resolve());
  });
  const address = httpServer.address() as { port: number };
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    http: httpServer,
    url: `http://${shownHost}:${address.port}/graphql`,
    subscribed,
    close: async () => {
      await apollo.stop();
    },
  };
}
