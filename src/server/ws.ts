// The WebSocket side: graphql-ws on /graphql, with the token checked at connection_init, each
// subscribe admitted through the same limits as HTTP, and the connection ended at token expiry.
import type http from 'node:http';
import type { FormattedExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { CloseCode, type Context, type SubscribePayload } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { App } from '../app/app';
import { AuthError, principalKey, verifyAuthorization, type Viewer } from '../auth/viewer';
import { createFanout, type Fanout } from '../graphql/fanout';
import { ClientCode, ClientError, rateLimited } from '../errors';
import { createContext, type RequestContext } from '../graphql/context';
import { formatClientError, formatError, toGraphQLError } from '../graphql/error-map';
import { guardWebSocketMessages, type LimitChecker } from '../graphql/limits';
import type { RequestLimiter } from '../graphql/rate-limit';
import type { QuotaRefusal, SubscriptionQuota } from '../graphql/subscription-quota';
import { verifyOptions } from './auth';
import { log } from '../logger';

/** A live subscription's place in the shared caps: held once taken, released once. */
type SubPlace = { principal: string; bytes: number; held: boolean; released: boolean };

type WsExtra = {
  viewer?: Viewer;
  subs?: Map<string, SubPlace>;
  /** ends the connection when its token expires */
  expiry?: NodeJS.Timeout;
  /** the subscribe being admitted: the next waits for it */
  admitting?: Promise<unknown>;
  /** subscribes received and not yet admitted or refused */
  waiting?: number;
};
type WsContext = Context<Record<string, unknown>, WsExtra & Extra>;

export interface WsDeps {
  app: App;
  schema: GraphQLSchema;
  limits: LimitChecker;
  limiter: RequestLimiter;
  /** the per-principal caps shared by all instances; null without a database URL */
  quota: SubscriptionQuota | null;
}

/** WebSocket close reasons are at most 123 bytes. */
const closeReason = (text: string) => (Buffer.byteLength(text) <= 123 ? text : Buffer.from(text).subarray(0, 120).toString() + '...');

/**
 * At the token's expiry (its exp plus the clock-skew allowance) every subscription of the
 * connection ends with an UNAUTHENTICATED error and the socket closes with 4403: the client
 * reconnects with a new token and resumes each subscription with `after:` its last cursor.
 */
function endAtExpiry(
  socket: { readyState: number; OPEN: number; send(data: string): void; close(code: number, reason: string): void },
  ctx: { subscriptions: Record<string, unknown>; extra: WsExtra },
  expSec: number,
): void {
  const fire = () => {
    const left = expSec * 1000 - Date.now();
    if (left > 0) {
      // timers hold at most ~24.8 days
      ctx.extra.expiry = setTimeout(fire, Math.min(left, 2 ** 31 - 1));
      ctx.extra.expiry.unref();
      return;
    }
    if (socket.readyState !== socket.OPEN) return;
    const expired = formatClientError(
      new ClientError(ClientCode.UNAUTHENTICATED, 'The token has expired; reconnect with a new token and resume with after: your last cursor'),
    );
    for (const id of Object.keys(ctx.subscriptions)) {
      socket.send(JSON.stringify({ id, type: 'error', payload: [expired] }));
    }
    socket.close(CloseCode.Forbidden, 'UNAUTHENTICATED: the token has expired; reconnect with a new token');
  };
  fire();
}

function quotaRefused(refused: QuotaRefusal, count: number, bytes: number): ClientError {
  return new ClientError(
    ClientCode.RATE_LIMITED,
    refused === 'count'
      ? `At most ${count} live subscriptions per token (principal), over all instances`
      : `The live subscriptions of one token (principal) may hold at most ${bytes} bytes of query text and variables; end some first`,
  );
}

/** The caps a connection's subscriptions hold: taken on admission, given back once. */
class SubscriptionAdmission {
  constructor(private readonly deps: WsDeps) {}

  release(extra: WsExtra, id: string): void {
    const place = extra.subs?.get(id);
    if (!place) return;
    extra.subs!.delete(id);
    place.released = true;
    if (place.held) this.deps.quota?.release(place.principal, place.bytes);
  }

  /** Admits one subscribe: rate, limits, per-connection and per-principal caps; errors refuse it. */
  async admit(ctx: WsContext, id: string, payload: SubscribePayload): Promise<GraphQLError[] | undefined> {
    const refused = await this.refusal(ctx, id, payload);
    if (refused) return [refused instanceof ClientError ? toGraphQLError(refused) : refused];
  }

  /** Why a subscribe is refused (null: admitted, its place in the caps held). */
  private async refusal(ctx: WsContext, id: string, payload: SubscribePayload): Promise<ClientError | GraphQLError | null> {
    const { app, limiter, limits, quota } = this.deps;
    const viewer = ctx.extra.viewer;
    if (!viewer) return new ClientError(ClientCode.UNAUTHENTICATED, 'Authentication required: pass connectionParams.authorization = "Bearer <token>"');
    if (viewer.exp && viewer.exp * 1000 < Date.now()) return new ClientError(ClientCode.UNAUTHENTICATED, 'The token has expired; reconnect with a new one');
    // counted before anything is parsed, like every HTTP request
    const principal = principalKey(viewer);
    const wait = await limiter.take(principal);
    if (wait !== null) return rateLimited(wait);
    // the same limits as over HTTP (src/graphql/limits.ts), before anything is set up
    const tooMuch = limits.checkRequest(payload.query, payload.variables);
    if (tooMuch) return tooMuch;
    ctx.extra.subs ??= new Map();
    if (ctx.extra.subs.size >= app.config.subscriptionsPerConnection) {
      return new ClientError(ClientCode.RATE_LIMITED, `At most ${app.config.subscriptionsPerConnection} subscriptions per connection`);
    }
    // what the subscription holds while it lives: its document and variables
    const bytes = Buffer.byteLength(payload.query) + (payload.variables ? Buffer.byteLength(JSON.stringify(payload.variables)) : 0);
    const place: SubPlace = { principal, bytes, held: false, released: false };
    ctx.extra.subs.set(id, place);
    const refused = quota ? await quota.acquire(principal, bytes) : null;
    if (refused) {
      ctx.extra.subs.delete(id);
      return quotaRefused(refused, app.config.subscriptionsPerToken, app.config.subscriptionBytesPerToken);
    }
    if (place.released) {
      // the socket closed while the place was being taken
      quota?.release(principal, bytes);
      return new ClientError(ClientCode.BAD_REQUEST, 'The connection closed');
    }
    place.held = true;
    return null;
  }

  /**
   * One connection's subscribes are admitted one at a time, in the order sent; while a few
   * wait, the socket stops reading, so a flood of subscribes is not held in memory.
   */
  inTurn(ctx: WsContext, id: string, payload: SubscribePayload): Promise<GraphQLError[] | undefined> {
    const extra = ctx.extra;
    extra.waiting = (extra.waiting ?? 0) + 1;
    if (extra.waiting >= 4) extra.socket.pause();
    const turn = (extra.admitting ?? Promise.resolve()).then(() => this.admit(ctx, id, payload));
    extra.admitting = turn
      .catch(() => undefined)
      .finally(() => {
        if (--extra.waiting! < 4 && extra.socket.isPaused) extra.socket.resume();
      });
    return turn;
  }
}

/** No valid token in connection_init: the socket is closed (4403), never kept open. */
function connect(app: App, ctx: WsContext): boolean {
  let viewer: Viewer;
  try {
    viewer = verifyAuthorization(ctx.connectionParams?.authorization, app.authSecrets, verifyOptions(app));
  } catch (err) {
    const why = err instanceof AuthError ? err.message : 'The token is not valid';
    ctx.extra.socket.close(CloseCode.Forbidden, closeReason(`UNAUTHENTICATED: ${why}`));
    return false;
  }
  ctx.extra.viewer = viewer;
  endAtExpiry(ctx.extra.socket, ctx, viewer.exp!);
  return true;
}

/** Results shared by a fan-out group are masked once, not once per subscriber (nor logged N times). */
const maskedResults = new WeakMap<object, FormattedExecutionResult>();

/**
 * Registered before graphql-ws's own connection handler: a send that fails because the socket is
 * no longer open completes quietly (debug log) instead of rejecting into graphql-ws, which would
 * print "Internal error occurred during message handling" at error level.
 */
function quietDepartures(wss: WebSocketServer): void {
  wss.on('connection', (socket) => {
    const send = socket.send.bind(socket) as (data: unknown, cb?: (err?: Error) => void) => void;
    (socket as { send: unknown }).send = (data: unknown, optsOrCb?: unknown, maybeCb?: (err?: Error) => void) => {
      const cb = (typeof optsOrCb === 'function' ? optsOrCb : maybeCb) as ((err?: Error) => void) | undefined;
      const done = (err?: Error) => {
        if (err && (socket.readyState !== socket.OPEN || ['EPIPE', 'ECONNRESET', 'ERR_STREAM_DESTROYED'].includes((err as NodeJS.ErrnoException).code ?? ''))) {
          log.debug('a WebSocket client went away before a message reached it', { err: err.message });
          return cb?.();
        }
        cb?.(err);
      };
      if (typeof optsOrCb === 'object' && optsOrCb !== null) (send as (d: unknown, o: unknown, c: unknown) => void)(data, optsOrCb, done);
      else send(data, done);
    };
  });
}

/** Close code for a client that does not read its events: 1013 "try again later" (graphql-ws clients retry it). */
export const CLOSE_BEHIND = 1013;

/**
 * A subscriber's client has SUBSCRIPTION_BACKLOG events (or its principal SUBSCRIPTION_BACKLOG_MB
 * of events) waiting and is not reading them: the connection closes (1013), so the hub holds no
 * more for it; the client reconnects and resumes each subscription `after:` its last cursor, and
 * the log replays what it has not read.
 */
function closeBehind(socket: { readyState: number; OPEN: number; close(code: number, reason: string): void }, why: string): void {
  if (socket.readyState !== socket.OPEN) return;
  log.info('closing a WebSocket whose client does not read its events', { why });
  socket.close(CLOSE_BEHIND, closeReason(`SLOW_CONSUMER: ${why}; reconnect and resume with after: your last cursor`));
}

/** Serves graphql-ws on the HTTP server's /graphql; `dispose` closes every socket (1001). */

export function startWebSocketServer(httpServer: http.Server, deps: WsDeps): { dispose(): void | Promise<void>; fanout: Fanout } {
  const { app, schema } = deps;
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: 1024 * 1024 });
  const admission = new SubscriptionAdmission(deps);
  // messages nesting too deep are refused before graphql-ws parses them
  guardWebSocketMessages(wss);
  // a client that goes away while messages are on their way (EPIPE, ECONNRESET, closed mid-write)
  // is ordinary: graphql-ws would print it as an "Internal error" on stderr; log it at debug
  quietDepartures(wss);
  // each event is executed once per group of subscribers with the same document, variables and
  // visibility scope, and delivered in batches with turns of the event loop between (src/events/fanout.ts)
  const fanout = createFanout({ backlog: app.config.subscriptionBacklog, backlogBytes: app.config.subscriptionBacklogMb * 1048576 });
  const server = useServer<Record<string, unknown>, WsExtra>(
    {
      schema,
      subscribe: fanout.subscribe,
      onConnect: (ctx) => connect(app, ctx),
      onSubscribe: (ctx, id, payload) => admission.inTurn(ctx, id, payload),
      onComplete: (ctx, id) => admission.release(ctx.extra, id),
      onClose: (ctx) => {
        if (ctx.extra.expiry) clearTimeout(ctx.extra.expiry);
        for (const id of [...(ctx.extra.subs?.keys() ?? [])]) admission.release(ctx.extra, id);
      },
      context: (ctx): RequestContext => {
        const c = createContext(app, ctx.extra.viewer!);
        c.fellBehind = (why) => closeBehind(ctx.extra.socket, why);
        return c as never;
      },
      onError: (ctx, id, _payload, errors) => {
        admission.release(ctx.extra, id);
        // the same masking as over HTTP: internal details never reach a subscriber
        return errors.map((e) => formatError(e.toJSON(), e));
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        let masked = maskedResults.get(result);
        if (!masked) {
          masked = { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) };
          maskedResults.set(result, masked);
        }
        return masked;
      },
    },
    wss,
  );
  return { dispose: () => server.dispose(), fanout };
}
