// The hub's one port: HTTP (./http.ts), WebSocket (./ws.ts) and health (./health.ts), sharing
// the request limits, which all instances keep in PostgreSQL.
import http from 'node:http';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { App } from '../app/app';
import { LimitChecker } from '../graphql/limits';
import { createLimitsPool, RequestLimiter } from '../graphql/rate-limit';
import { SubscriptionQuota } from '../graphql/subscription-quota';
import { mountHealth } from './health';
import { mountMetrics } from '../observability';
import { httpErrorHandler, mountGraphql, startApollo } from './http';
import { startWebSocketServer } from './ws';
import { mountWeb, type WebOptions } from './web';
import type { Fanout } from '../graphql/fanout';
import { log } from '../logger';

export interface HubServer {
  http: http.Server;
  url: string;
  /** the subscription fan-out: its groups and members (tests, bench) */
  fanout: Fanout;
  close(): Promise<void>;
}

/** Request rate and live-subscription caps, shared by every instance through PostgreSQL. */
async function startSharedLimits(app: App) {
  const dbUrl = (app.db.options as { url?: string }).url;
  const pool = dbUrl ? createLimitsPool(dbUrl) : null;
  const limiter = new RequestLimiter(pool, app.config.rateLimitPerMinute, app.config.rateLimitBurst);
  const quota = pool ? new SubscriptionQuota(pool, { count: app.config.subscriptionsPerToken, bytes: app.config.subscriptionBytesPerToken }) : null;
  await quota?.start();
  return {
    limiter,
    quota,
    stop: async () => {
      await quota?.stop();
      await pool?.end().catch(() => undefined);
    },
  };
}

function listen(httpServer: http.Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => resolve());
  });
}

export async function startServer(app: App, schema: GraphQLSchema, port: number, host: string, web: WebOptions): Promise<HubServer> {
  const ex = express();
  ex.disable('x-powered-by');
  // no ETag: GraphQL answers are POST responses nobody revalidates, and hashing each body costs
  ex.set('etag', false);
  // behind a load balancer, the client is who its X-Forwarded-For says, when the proxy is trusted (TRUST_PROXY)
  if (app.config.trustProxy !== false) ex.set('trust proxy', app.config.trustProxy);
  if (app.config.trustProxy === true) {
    log.warn('TRUST_PROXY=true believes any X-Forwarded-For: a client reaching the hub directly can claim any address (and a fresh per-IP rate limit); prefer the proxies\' addresses or a number of hops');
  }
  const httpServer = http.createServer(ex);
  const shared = await startSharedLimits(app);
  const limits = new LimitChecker(schema);
  const ws = startWebSocketServer(httpServer, { app, schema, limits, limiter: shared.limiter, quota: shared.quota });
  const apollo = await startApollo({ app, schema, httpServer, limits, drain: () => ws.dispose() });
  mountHealth(ex, app);
  // GET /metrics behind METRICS_TOKEN (404 without it): src/observability/metrics.ts
  mountMetrics(ex, app, { limiter: shared.limiter, fanout: ws.fanout, httpServer });
  // the console and the explorer (src/web), before /graphql: a browser's GET /graphql goes to the explorer
  mountWeb(ex, app, web);
  mountGraphql(ex, app, apollo, shared.limiter);
  ex.use(httpErrorHandler);
  await listen(httpServer, port, host);

  const address = httpServer.address() as { port: number };
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    http: httpServer,
    url: `http://${shownHost}:${address.port}/graphql`,
    fanout: ws.fanout,
    close: async () => {
      // open subscriptions are closed with 1001 "Going away" and in-flight requests answered (drainServer)
      await apollo.stop();
      await shared.stop();
    },
  };
}
