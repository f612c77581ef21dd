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
import { replayCaughtUp } from '../../src/ops/replica';
import { startHub, type Hub } from '../../src/hub';
import { fromGlobalId, toGlobalId } from '../../src/graphql/ids';
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
  // TEST_DATABASE_READ_URL (global-setup with TEST_READ_REPLICA=1): statistics and knowledge
  // searches read a streaming replica of the test server; each request first waits for it to
  // replay what the primary has written, so tests see their own writes there
  let readUrl: string | null = null;
  if (process.env.TEST_DATABASE_READ_URL && !opts.databaseUrl && !opts.env?.DATABASE_READ_URL) {
    const u = new URL(process.env.TEST_DATABASE_READ_URL);
    u.pathname = new URL(databaseUrl).pathname;
    readUrl = u.toString();
    await replayCaughtUp(databaseUrl, process.env.TEST_DATABASE_READ_URL); // the new database is there too
  }
  const caughtUp = () => (readUrl ? replayCaughtUp(databaseUrl, process.env.TEST_DATABASE_READ_URL!) : Promise.resolve());
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
    ...(readUrl ? { DATABASE_READ_URL: readUrl } : {}),
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
      await caughtUp();
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
        // a socket the server closed (e.g. 4403 for a missing token) ends as a CloseEvent, whose
        // fields are getters: keep them readable in the failure message
        const closed = e as { code?: unknown; reason?: unknown };
        errors.push(typeof closed?.code === 'number' && typeof closed.reason === 'string' ? { code: closed.code, reason: closed.reason } : e);
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
    /** Waits until the events received so far satisfy `done`. */
    async waitUntil(done: (all: T[]) => boolean, timeoutMs = 10000): Promise<T[]> {
      const deadline = Date.now() + timeoutMs;
      while (!done(events)) {
        await this.waitFor(events.length + 1, Math.max(1, deadline - Date.now()));
      }
      return events;
    },
    /**
     * "Nothing more arrives", without a timer: the test causes one known event last (the
     * sentinel); it must be the next one received after the `n` expected, since events arrive in
     * log order. Returns the `n` events before it.
     */
    async beforeSentinel(n: number, isSentinel: (e: T) => boolean, timeoutMs = 10000): Promise<T[]> {
      await this.waitFor(n + 1, timeoutMs);
      if (!isSentinel(events[n])) throw new Error(`event ${n + 1} is not the sentinel: ${JSON.stringify(events[n])}`);
      return events.slice(0, n);
    },
    unsubscribe,
  };
}

/** The event log's current end (`{ eventCursor }`). */
export async function cursorNow(t: TestHub): Promise<string> {
  const r = await t.gql(t.token(Role.ADMIN, { sub: 'cursor-reader' }), '{ eventCursor }');
  if (!r.data?.eventCursor) throw new Error('eventCursor failed: ' + JSON.stringify(r.errors));
  return r.data.eventCursor;
}

/**
 * Subscribes "from now": `after:` the log's current end. Every event committed after this
 * resolves is delivered, however late the server sets the subscription up (it is replayed, then
 * live; what the API promises), so no test has to wait for a set-up that graphql-ws does not
 * acknowledge. The document must take `$after`.
 */
export async function collectFromNow<T = any>(t: TestHub, client: Client, query: string | DocumentNode, variables: Record<string, unknown> = {}) {
  return collect<T>(client, query, { ...variables, after: await cursorNow(t) });
}

/**
 * Subscribes and resolves once the subscription is set up, with no help from the server: it
 * subscribes `after:` the cursor just before `entityId`'s newest event, waits for that one
 * replayed event and drops it. A subscription replays only once its stream listens for live
 * events, so every change made after this resolves is delivered live (for tests of the live
 * path: another instance, a dropped listener, a locked table, token expiry). The subscription
 * must get that event, and nothing newer may exist that it gets. The document must take
 * `$after` and select the event's `cursor`.
 */
/** A cursor's position in the log, `<epoch>:<seq>`, without the event's check (`<epoch>:<seq>:<check>`). */
export const position = (cursor: string): string => cursor.split(':').slice(0, 2).join(':');

export async function collectLive<T = any>(t: TestHub, client: Client, query: string | DocumentNode, variables: Record<string, unknown>, entityId: string) {
  const uuid = fromGlobalId(entityId)?.id ?? entityId;
  const [{ seq }] = await t.hub.app.db.query('SELECT MAX(seq)::text AS seq FROM event_log WHERE entity_id = $1', [uuid]);
  if (seq === null) throw new Error(`no event of ${entityId} to prime the subscription with`);
  const [epoch] = (await cursorNow(t)).split(':');
  const sub = collect<T>(client, query, { ...variables, after: `${epoch}:${Number(seq) - 1}` });
  const [primer] = await sub.waitFor(1);
  const cursor = (Object.values(primer as object)[0] as { cursor?: string }).cursor;
  if (!cursor || position(cursor) !== `${epoch}:${seq}`) throw new Error(`the first event is not the primer ${epoch}:${seq}: ${JSON.stringify(primer)}`);
  sub.events.shift();
  return sub;
}

/**
 * Waits until this instance has dispatched every event committed so far, so that a live
 * subscription (no `after:`) made next gets only what is committed later, not an event of a
 * mutation that returned before the instance's listener had read it.
 */
export async function dispatched(t: TestHub): Promise<void> {
  const [{ seq }] = await t.hub.app.db.query('SELECT coalesce(max(seq), 0)::text AS seq FROM event_log');
  await waitUntil('the instance has dispatched every event committed so far', () => t.hub.app.bus.position >= Number(seq));
}

/**
 * Polls `cond` until it holds, then returns; throws after `timeoutMs`. For a positive condition
 * (an event arrived, a count reached, a process ended), never for "nothing more happens".
 */
export async function waitUntil(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 20000, everyMs = 10): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await cond()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const gid = toGlobalId;
export { ManualClock, Role };

/** The errors a subscription ends with (a `next` with errors, or an `error` message). */
export function subscriptionErrors(client: Client, query: string, variables: Record<string, unknown>): Promise<{ message: string; extensions?: { code?: string } }[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the subscription neither failed nor delivered')), 10000);
    client.subscribe(
      { query, variables },
      {
        next: (v) => {
          clearTimeout(timer);
          if (v.errors) resolve(v.errors as never);
          else reject(new Error('expected an error, got data ' + JSON.stringify(v.data)));
        },
        error: (e) => {
          clearTimeout(timer);
          resolve(Array.isArray(e) ? e : [{ message: String((e as { reason?: string }).reason ?? e) }]);
        },
        complete: () => undefined,
      },
    );
  });
}
