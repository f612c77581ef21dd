// The HTTP side: Apollo Server behind express on /graphql, authenticated and rate-limited
// before the body is parsed, and one handler for what fails before Apollo sees the request.
import type http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { App } from '../app/app';
import { principalKey, type Viewer } from '../auth/viewer';
import { createContext, type RequestContext } from '../graphql/context';
import { ClientError, unauthenticated } from '../errors';
import { formatError, httpErrorAnswer, toGraphQLError } from '../graphql/error-map';
import { limitsPlugin, LIMITS, refuseDeepJson, type LimitChecker } from '../graphql/limits';
import { rateLimitedBody, type RequestLimiter } from '../graphql/rate-limit';
import { subscriptionsOverHttpRefused } from '../graphql/transport-errors';
import { CompiledPlans, compiledFastPath, compiledReadPlugin, stringifyResult } from '../read/plugin';
import { fastPathObserver, observabilityPlugins, requestObservers } from '../observability';
import { authenticate } from './auth';
import { asRequest } from '../db/data-source';

/** A response carrying SERVICE_UNAVAILABLE is a 503 with `retry-after`. */
function serviceUnavailableStatus(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const body = response.body;
          if (body.kind === 'single' && body.singleResult.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) {
            response.http.status = 503;
            response.http.headers.set('retry-after', '1');
          }
        },
      };
    },
  };
}

/** Runs `drain` when Apollo stops (after the HTTP server stopped taking requests). */
function drainAlso(drain: () => void | Promise<void>): ApolloServerPlugin<RequestContext> {
  return {
    async serverWillStart() {
      return {
        async drainServer() {
          await drain();
        },
      };
    },
  };
}

export async function startApollo(opts: {
  app: App;
  schema: GraphQLSchema;
  httpServer: http.Server;
  limits: LimitChecker;
  /** stops the WebSocket side when Apollo drains */
  drain: () => void | Promise<void>;
}): Promise<ApolloServer<RequestContext>> {
  const { app, schema, httpServer, limits } = opts;
  const apollo = new ApolloServer<RequestContext>({
    schema,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError,
    // main.ts owns SIGINT/SIGTERM (and stops this server once); a second concurrent stop() never resolves
    stopOnTerminationSignals: false,
    // compiled reads hand over their JSON text as PostgreSQL wrote it (src/read/plugin.ts)
    stringifyResult,
    plugins: [
      // metrics and tracing, each only when on (src/observability)
      ...(observabilityPlugins(app) as ApolloServerPlugin<RequestContext>[]),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
      // no Apollo landing page (Sandbox loads from a CDN): the hub serves its own explorer (src/server/web.ts)
      ApolloServerPluginLandingPageDisabled(),
      subscriptionsOverHttpRefused(),
      // limits are checked before validation (src/graphql/limits.ts)
      limitsPlugin(limits),
      compiledReadPlugin(app, schema, app.config.compiledReads === 'all', CompiledPlans.of(app)),
      serviceUnavailableStatus(),
      drainAlso(opts.drain),
    ],
  });
  await apollo.start();
  return apollo;
}

/** Mounts /graphql: authenticate, take a place in the rate limit, parse the body, run Apollo. */
export function mountGraphql(ex: express.Express, app: App, apollo: ApolloServer<RequestContext>, limiter: RequestLimiter): void {
  ex.use(
    '/graphql',
    // authenticate, then take the request's place in the rate limit (by principal, or by IP without
    // a valid token) before the body is parsed: malformed and invalid documents count too
    async (req, res, next) => {
      let viewer: Viewer | null = null;
      try {
        viewer = authenticate(app, req.headers.authorization);
      } catch (err) {
        res.locals.authError = err;
      }
      res.locals.viewer = viewer;
      const wait = await limiter.take(viewer ? principalKey(viewer) : `ip:${req.ip}`);
      if (wait === null) return next();
      res.status(429).set('retry-after', String(wait)).json(rateLimitedBody(wait));
    },
    express.json({ limit: '1mb', verify: refuseDeepJson }),
    // the request's statements are its own from here (src/db/data-source.ts asRequest)
    (_req, _res, next) => asRequest(app.stats, next),
    // the request's trace span, when tracing is on (none otherwise)
    ...requestObservers(),
    // a request compiled before (same text, variables and viewer) skips Apollo: src/read/plugin.ts
    compiledFastPath(app, CompiledPlans.of(app), app.config.compiledReads === 'all', fastPathObserver(app)) as express.RequestHandler,
    expressMiddleware(apollo, {
      context: async ({ res }) => {
        if (!res.locals.viewer) {
          const err: unknown = res.locals.authError ?? unauthenticated();
          throw err instanceof ClientError ? toGraphQLError(err) : err;
        }
        return createContext(app, res.locals.viewer as Viewer);
      },
    }),
  );
}

/** What fails before Apollo sees the request (body too large, malformed or too deep JSON). */
export function httpErrorHandler(err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction): void {
  const { status, body } = httpErrorAnswer(err);
  res.status(status).json(body);
}
