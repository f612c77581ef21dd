// The console talks only to the hub's public GraphQL API: POST /graphql for queries and
// mutations, graphql-ws on the same URL for subscriptions. Documents are typed by codegen
// (src/web/generated/operations.ts, from schema/operations/console.graphql).
import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from '../generated/operations';

/** What sign-in keeps, in sessionStorage only (never in a URL, never in localStorage). */
export interface Session {
  token: string;
  role: string;
  name: string;
  /** issued by the hub's demo sign-in: a fresh one can be fetched when it expires */
  demoRole?: string;
  /**
   * when to fetch a fresh demo token, in this browser's clock (ms): the token's lifetime
   * (`exp - iat`, both the hub's clock) counted from when it arrived, less two minutes. The
   * token's `exp` itself is the hub's clock: a browser clock an hour ahead would renew on
   * every request (and run into the demo sign-in's rate limit).
   */
  renewAt?: number;
}

const KEY = 'servicegraph.session';
const listeners = new Set<() => void>();

export function getSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function setSession(s: Session | null): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
  for (const f of listeners) f();
}

export function onSessionChange(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** The claims of a JWT, read without checking it (the hub checks it). */
export function tokenClaims(token: string): { role?: string; sub?: string; exp?: number; iat?: number } | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    return JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return null;
  }
}

export interface DemoIdentity {
  role: string;
  name: string;
  detail: string;
}

/** The demo identities, or null when the hub is not in demo mode (404). */
export async function demoIdentities(): Promise<DemoIdentity[] | null> {
  const res = await fetch('/demo/identities', { headers: { accept: 'application/json' } });
  if (!res.ok) return null;
  return ((await res.json()) as { identities: DemoIdentity[] }).identities;
}

/** A short-lived token for one demo identity (POST with a JSON body: no cross-site form can ask). */
export async function demoToken(role: string): Promise<{ token: string; name: string; role: string }> {
  const res = await fetch('/demo/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ role }),
  });
  if (!res.ok) throw new Error(`Demo sign-in refused (${res.status})`);
  return (await res.json()) as { token: string; name: string; role: string };
}

/** When a token that arrived just now should be renewed, in this browser's clock (see Session.renewAt). */
export function renewAtOf(token: string): number | undefined {
  const c = tokenClaims(token);
  if (typeof c?.exp !== 'number' || typeof c.iat !== 'number') return undefined;
  return Date.now() + Math.max(0, (c.exp - c.iat) * 1000 - 120_000);
}

/** A demo session about to expire gets a fresh token; a pasted one cannot be renewed (the explorer uses it too). */
export async function freshToken(): Promise<string | null> {
  const s = getSession();
  if (!s) return null;
  if (s.demoRole && s.renewAt !== undefined && Date.now() >= s.renewAt) {
    try {
      const t = await demoToken(s.demoRole);
      setSession({ ...s, token: t.token, renewAt: renewAtOf(t.token) });
      return t.token;
    } catch {
      return s.token;
    }
  }
  return s.token;
}

// ---------------------------------------------------------------------------
// The hub's clock: SLA countdowns and ages count from the hub's time, not this computer's
// ---------------------------------------------------------------------------

let hubOffsetMs = 0;

/** The hub's time now, as this browser best knows it (ms since the epoch). */
export function hubNow(): number {
  return Date.now() + hubOffsetMs;
}

/**
 * Learns the hub's clock from an answer's `Date` header (whole seconds, so the true time is up
 * to a second later: the middle of that second is taken). A difference under 1.5 s is the
 * header's rounding, not a skew, and is left alone so the countdowns do not jitter.
 */
function noteHubDate(res: Response): void {
  const date = Date.parse(res.headers.get('date') ?? '');
  if (!Number.isFinite(date)) return;
  const offset = date + 500 - Date.now();
  if (Math.abs(offset - hubOffsetMs) > 1500) hubOffsetMs = Math.abs(offset) > 1500 ? offset : 0;
}

export interface GqlError {
  message: string;
  extensions?: { code?: string };
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface Result<T> {
  data: T | null;
  errors: GqlError[];
}

/** One query or mutation. UNAUTHENTICATED signs out (the token expired or is not valid). */
export async function request<R, V>(doc: TypedDocumentString<R, V>, variables?: V): Promise<Result<R>> {
  const token = await freshToken();
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: doc.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('The hub cannot be reached; retry shortly', 'NETWORK', 0);
  }
  noteHubDate(res);
  let body: { data?: R | null; errors?: GqlError[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`The hub answered ${res.status}`, undefined, res.status);
  }
  const errors = body.errors ?? [];
  if (res.status === 401 || errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
    setSession(null);
    throw new ApiError(errors[0]?.message ?? 'Sign in again', 'UNAUTHENTICATED', 401);
  }
  if (!body.data && errors.length) throw new ApiError(errors[0].message, errors[0].extensions?.code, res.status);
  return { data: body.data ?? null, errors };
}

/** request() that wants data: partial errors (e.g. a FORBIDDEN field) are returned alongside. */
export async function query<R, V>(doc: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  const r = await request(doc, variables);
  if (!r.data) throw new ApiError(r.errors[0]?.message ?? 'No data', r.errors[0]?.extensions?.code, 200);
  return r.data;
}

// ---------------------------------------------------------------------------
// Live: subscriptions that resume with `after:` their last cursor
// ---------------------------------------------------------------------------

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'signed-out';

interface Stream {
  doc: TypedDocumentString<unknown, unknown>;
  vars: Record<string, unknown>;
  /** the cursor of the last event seen; the stream resumes after it */
  cursor: string | null;
  onEvent: (data: unknown) => void;
  dispose?: () => void;
}

/** graphql-ws's dispose() rejects when the socket never opened (hub down): nothing to report. */
function quietly(p: void | Promise<void> | undefined): void {
  Promise.resolve(p).catch(() => undefined);
}

/** An event's cursor, whatever the subscription field is called. */
function cursorOf(data: unknown): string | null {
  if (!data || typeof data !== 'object') return null;
  for (const v of Object.values(data as Record<string, unknown>)) {
    if (v && typeof v === 'object' && typeof (v as { cursor?: unknown }).cursor === 'string') return (v as { cursor: string }).cursor;
  }
  return null;
}

/**
 * One WebSocket for a page's subscriptions. On a lost connection (hub restart, network) the
 * state turns 'reconnecting' at once; the socket is rebuilt with backoff and every stream is
 * subscribed again `after:` the last cursor it saw, so the hub replays what was missed, in
 * order, then goes live. CURSOR_EXPIRED / CURSOR_INVALID ask the page to reload its snapshot.
 */
export class Live {
  state: LiveState = 'connecting';
  private client: Client | null = null;
  private streams: Stream[] = [];
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private stateListeners = new Set<(s: LiveState) => void>();

  constructor(private readonly onResync: () => void = () => undefined) {}

  onState(f: (s: LiveState) => void): () => void {
    this.stateListeners.add(f);
    f(this.state);
    return () => this.stateListeners.delete(f);
  }

  private setState(s: LiveState) {
    if (this.state === s) return;
    this.state = s;
    for (const f of this.stateListeners) f(s);
  }

  /** Adds a stream that starts `after` the given cursor (the snapshot's eventCursor). */
  subscribe<R, V>(doc: TypedDocumentString<R, V>, vars: Omit<V, 'after'>, after: string | null, onEvent: (data: R) => void): void {
    const s: Stream = { doc: doc as never, vars: vars as Record<string, unknown>, cursor: after, onEvent: onEvent as (d: unknown) => void };
    this.streams.push(s);
    if (this.client && this.state === 'live') this.start(s);
  }

  /** Every stream continues from this cursor (after a fresh snapshot). */
  resetCursors(after: string) {
    for (const s of this.streams) s.cursor = after;
  }

  connect(): void {
    if (this.closed) return;
    const client = createClient({
      url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
      lazy: false,
      retryAttempts: 0,
      keepAlive: 10_000,
      // a lost socket is shown as 'reconnecting' and retried here, not logged as an error
      onNonLazyError: () => undefined,
      connectionParams: async () => ({ authorization: `Bearer ${await freshToken()}` }),
      on: {
        connected: () => {
          if (this.client !== client) return;
          this.attempt = 0;
          this.setState('live');
          for (const s of this.streams) this.start(s);
        },
        closed: (event) => {
          if (this.client !== client || this.closed) return;
          this.lost((event as CloseEvent | undefined)?.code);
        },
        error: () => {
          if (this.client !== client || this.closed) return;
          this.lost();
        },
      },
    });
    this.client = client;
  }

  private start(s: Stream) {
    const client = this.client!;
    s.dispose?.();
    s.dispose = client.subscribe(
      { query: s.doc.toString(), variables: { ...s.vars, after: s.cursor } },
      {
        next: (result) => {
          if (result.errors?.length) {
            this.streamError(result.errors as GqlError[]);
            return;
          }
          if (!result.data) return;
          const c = cursorOf(result.data);
          if (c) s.cursor = c;
          s.onEvent(result.data);
        },
        error: (err) => {
          if (Array.isArray(err)) this.streamError(err as GqlError[]);
          // a closed socket is handled by `closed`
        },
        complete: () => undefined,
      },
    );
  }

  private streamError(errors: GqlError[]) {
    const code = errors[0]?.extensions?.code;
    if (code === 'CURSOR_EXPIRED' || code === 'CURSOR_INVALID') this.onResync();
    else if (code === 'UNAUTHENTICATED') this.lost(4403);
    else console.warn('subscription error', errors[0]?.message);
  }

  private lost(code?: number) {
    const client = this.client;
    this.client = null;
    for (const s of this.streams) s.dispose = undefined;
    quietly(client?.dispose());
    if (code === 4403 && !getSession()?.demoRole) {
      // a pasted token that expired cannot be renewed here
      setSession(null);
      this.setState('signed-out');
      return;
    }
    this.setState('reconnecting');
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.min(250 * 2 ** this.attempt++, 4000);
    this.timer = setTimeout(() => this.connect(), delay);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.streams) s.dispose?.();
    quietly(this.client?.dispose());
    this.client = null;
  }
}
