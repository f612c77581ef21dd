import 'reflect-metadata';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { ManualClock, systemClock, type Clock } from '../../src/app/clock';
import { signToken } from '../../src/auth/viewer';
import { loadConfig } from '../../src/config';
import { setLogLevel } from '../../src/logger';
import { createScratchDatabase } from '../../src/db/scratch';
import { startHub, type Hub } from '../../src/hub';
import { toGlobalId } from '../../src/graphql/ids';
import { Role } from '../../src/modules/common/enums';

export const SECRET = 'test-secret-for-servicegraph';

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export interface TestHub {
  hub: Hub;
  url: string;
  wsUrl: string;
  databaseUrl: string;
  clock: Clock;
  token(role: Role, ids?: { agentId?: string; customerId?: string; sub?: string }): string;
  gql<T = any>(token: string | null, query: string | DocumentNode | TypedDocumentNode<T, any>, variables?: Record<string, unknown>): Promise<GqlResult<T>>;
  ws(token: string | null): Client;
  stop(): Promise<void>;
}

/** Starts a hub on its own fresh database (migrated, empty) and an ephemeral port. */
export async function startTestHub(opts: { clock?: Clock; databaseUrl?: string; env?: Record<string, string> } = {}): Promise<TestHub> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (its globalSetup starts PostgreSQL)');
  const scratch = opts.databaseUrl ? null : await createScratchDatabase(adminUrl);
  const databaseUrl = opts.databaseUrl ?? scratch!.url;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: SECRET,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    EVENT_POLL_MS: '500',
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_BURST: '100000',
    ...opts.env,
  });
  setLogLevel(config.logLevel);
  const clock = opts.clock ?? systemClock;
  const hub = await startHub(config, { clock, sweep: false });
  const url = hub.server.url;
  const clients: Client[] = [];
  return {
    hub,
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    databaseUrl,
    clock,
    token(role, ids = {}) {
      return signToken(SECRET, { sub: ids.sub ?? `${role.toLowerCase()}-test`, role, agentId: ids.agentId, customerId: ids.customerId });
    },
    async gql(token, query, variables) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query: typeof query === 'string' ? query : print(query as DocumentNode), variables }),
      });
      const body = (await res.json()) as GqlResult;
      return { ...body, status: res.status };
    },
    ws(token) {
      const c = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
        lazy: true,
      });
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) await c.dispose();
      await hub.stop();
      await scratch?.drop();
    },
  };
}

/** Collects events of one subscription; `next(n)` waits for the n-th. */
export function collect<T = any>(client: Client, query: string | DocumentNode, variables?: Record<string, unknown>) {
  const events: T[] = [];
  const errors: unknown[] = [];
  let waiters: (() => void)[] = [];
  let done = false;
  const unsubscribe = client.subscribe<T>(
    { query: typeof query === 'string' ? query : print(query), variables },
    {
      next: (v) => {
        if (v.errors) errors.push(...v.errors);
        if (v.data) events.push(v.data as T);
        waiters.forEach((w) => w());
        waiters = [];
      },
      error: (e) => {
        errors.push(e);
        waiters.forEach((w) => w());
        waiters = [];
      },
      complete: () => {
        done = true;
        waiters.forEach((w) => w());
        waiters = [];
      },
    },
  );
  return {
    events,
    errors,
    get done() {
      return done;
    },
    async waitFor(n: number, timeoutMs = 10000): Promise<T[]> {
      const deadline = Date.now() + timeoutMs;
      while (events.length < n && errors.length === 0 && !done) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timed out waiting for ${n} events; got ${events.length}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      if (errors.length) throw new Error('subscription failed: ' + JSON.stringify(errors));
      return events;
    },
    /** waits a little and returns what arrived (for asserting that nothing more comes) */
    async settle(ms = 400): Promise<T[]> {
      await new Promise((r) => setTimeout(r, ms));
      return events;
    },
    unsubscribe,
  };
}

/** Waits until the hub has set up `n` subscriptions in total (graphql-ws sends no acknowledgement). */
export async function subscribed(t: TestHub, n: number, timeoutMs = 5000): Promise<void> {
  const s = t.hub.server.subscribed;
  const deadline = Date.now() + timeoutMs;
  while (s.count < n) {
    if (Date.now() > deadline) throw new Error(`only ${s.count} of ${n} subscriptions were set up`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 100);
      s.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

export const gid = toGlobalId;
export { ManualClock, Role };
