import {
  createSourceEventStream,
  execute,
  getNamedType,
  getOperationAST,
  Kind,
  print,
  subscribe as graphqlSubscribe,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  BREAK,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { RequestContext, Loaders } from './context';
import { sourceRowOf } from '../events/stream';
import { principalKey } from '../auth/viewer';

/**
 * Subscription fan-out: each event is executed once per group of subscribers that would get the
 * same result, and that one result is handed to every member.
 *
 * A group is everything a result depends on: the document, the operation name, the variables and
 * the subscriber's visibility scope (`scope`: role and customer, and the identity too when the
 * selection reads it). The first subscriber of a group starts the group's source (graphql's
 * `createSourceEventStream`: the field's own `subscribe`, i.e. the event stream with its filter,
 * authorization and replay) with its context; each event is executed with that context, and the
 * result is queued to every member, a batch of deliveries at a time with a turn of the event loop
 * between batches (across all groups), so requests keep being served during a large fan-out. The
 * batch adapts so that one takes about `sliceMs` (a delivery's cost is graphql-ws's stringify and
 * the socket write, run as the batch's microtasks), whatever the machine's speed and load.
 * Members leave on `return()` (complete, socket closed, token expiry); the group's source is
 * closed with its last member.
 *
 * No gap, no duplicate, per subscriber:
 * - live groups (no `after`) may be joined at any time; a member gets the group's events after the
 *   instance's event position at the moment it joined (what a subscription of its own would get);
 * - a replaying group (`after:` a cursor) is joined only until it has delivered its first event,
 *   so every member sees the whole replay; later subscribers with the same cursor get a new group.
 */

export interface FanoutOptions {
  /**
   * Everything besides the document and the variables a subscriber's results depend on (its
   * visibility); subscribers with the same scope share results. null: never shared (the
   * subscription is run on its own by graphql's `subscribe`).
   */
  scope(args: ExecutionArgs): string | null;
  /** the newest event the instance has dispatched to its subscriptions */
  position(args: ExecutionArgs): number | null;
  /** called before a group executes an event, with the group's context (e.g. share per-event loaders) */
  beforeExecute?(contextValue: unknown, payload: unknown): void;
  /** deliveries between two turns of the event loop at first (default 200) */
  batch?: number;
  /** what one batch should take, in ms, the turn of the event loop it ends included (default 1; 0: fixed batches) */
  sliceMs?: number;
  /**
   * results one member may have waiting (its client not reading: graphql-ws sends the next only
   * once the socket took the last); past it the member leaves and its context's `fellBehind` is
   * called (default: no bound)
   */
  backlog?: number;
  /**
   * bytes of results (as JSON) one principal's members may have waiting on this instance, over
   * all its subscriptions: many subscriptions of large events held for a client that does not
   * read would otherwise add up to (subscriptions x backlog x event size). Past it the member
   * whose result does not fit leaves, as past `backlog` (default: no bound)
   */
  backlogBytes?: number;
  /** the principal a subscriber acts as (what `backlogBytes` is counted per); null: counted alone */
  principal?(args: ExecutionArgs): string | null;
}

/** The size of a result as graphql-ws sends it, measured once per result (a group's members share it). */
const sizes = new WeakMap<ExecutionResult, number>();
function sizeOf(result: ExecutionResult): number {
  let n = sizes.get(result);
  if (n === undefined) {
    n = Buffer.byteLength(JSON.stringify(result));
    sizes.set(result, n);
  }
  return n;
}

type Step = IteratorResult<ExecutionResult, undefined>;
const DONE: Step = { value: undefined, done: true };

/** One subscriber: an async iterator over its group's results. */
class Member implements AsyncIterableIterator<ExecutionResult> {
  private queue: ExecutionResult[] = [];
  private head = 0;
  /** bytes of the results in the queue (counted only when results wait: a reading client costs no measuring) */
  private bytes = 0;
  private waiting: { resolve: (s: Step) => void; reject: (e: unknown) => void } | null = null;
  private ended = false;
  private failed = false;
  private failure: unknown;
  left = false;

  constructor(
    private readonly group: Group,
    /** deliver events after this seq only (null: every event of the group) */
    readonly after: number | null,
    private readonly backlog = Infinity,
    private readonly fellBehind?: (why: string) => void,
    /** whose waiting bytes this member's count towards (null: no byte bound) */
    private readonly principal: string | null = null,
  ) {}

  push(result: ExecutionResult): void {
    if (this.left) return;
    const w = this.waiting;
    if (w) {
      this.waiting = null;
      w.resolve({ value: result, done: false });
      return;
    }
    // the client is not reading: past either bound hold no more for it (it resumes after its last cursor)
    if (this.queue.length - this.head >= this.backlog) return this.behind(`more than ${this.backlog} events waiting`);
    if (this.principal !== null) {
      const size = sizeOf(result);
      const fanout = this.group.fanout;
      if (!fanout.hold(this.principal, size)) {
        return this.behind(`more than ${Math.round(fanout.options.backlogBytes! / 1048576)} MB of events waiting for this token`);
      }
      this.bytes += size;
    }
    this.queue.push(result);
  }

  private behind(why: string): void {
    void this.leave();
    this.group.fanout.behind++;
    this.fellBehind?.(why);
  }

  /** the group's source ended (with `err`, when it failed): queued results first */
  end(failed: boolean, err?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.failed = failed;
    this.failure = err;
    const w = this.waiting;
    if (!w) return;
    this.waiting = null;
    if (failed) w.reject(err);
    else w.resolve(DONE);
  }

  next(): Promise<Step> {
    if (this.head < this.queue.length) {
      const value = this.queue[this.head++];
      if (this.principal !== null) {
        const size = sizeOf(value);
        this.bytes -= size;
        this.group.fanout.hold(this.principal, -size);
      }
      if (this.head > 64 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.left) return Promise.resolve(DONE);
    if (this.ended) {
      if (this.failed) {
        this.failed = false; // thrown once
        return Promise.reject(this.failure);
      }
      return Promise.resolve(DONE);
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  private leave(): Promise<Step> {
    if (!this.left) {
      this.left = true;
      this.queue = [];
      this.head = 0;
      if (this.principal !== null) this.group.fanout.hold(this.principal, -this.bytes);
      this.bytes = 0;
      this.group.leave(this);
      const w = this.waiting;
      this.waiting = null;
      w?.resolve(DONE);
    }
    return Promise.resolve(DONE);
  }

  return(): Promise<Step> {
    return this.leave();
  }

  throw(err?: unknown): Promise<Step> {
    void this.leave();
    return Promise.reject(err);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

class Group {
  readonly members = new Set<Member>();
  /** resolves to null once the source runs, or to the error result that refused the subscription */
  ready: Promise<ExecutionResult | null> = Promise.resolve(null);
  private source: AsyncIterator<unknown> | null = null;
  /** events broadcast so far */
  delivered = 0;
  closed = false;
  /** the source is listening: a member is set up (gets every event after it joined) */
  running = false;

  constructor(
    readonly fanout: Fanout,
    readonly key: string,
    private readonly args: ExecutionArgs,
    readonly replay: boolean,
  ) {}

  begin(): void {
    this.ready = this.start();
  }

  joinable(): boolean {
    return !this.closed && (!this.replay || this.delivered === 0);
  }

  private async start(): Promise<ExecutionResult | null> {
    let src: AsyncIterable<unknown> | ExecutionResult;
    try {
      src = await createSourceEventStream(this.args);
    } catch (err) {
      this.close();
      throw err;
    }
    if (!isAsyncIterable(src)) {
      this.close();
      return src;
    }
    const source = src[Symbol.asyncIterator]();
    if (this.closed || this.members.size === 0) {
      // every member left while the source was being set up
      this.close();
      void source.return?.()?.catch(() => undefined);
      return null;
    }
    this.source = source;
    this.running = true;
    void this.pump(source);
    return null;
  }

  private async pump(source: AsyncIterator<unknown>): Promise<void> {
    try {
      for (;;) {
        const step = await source.next();
        if (step.done || this.closed) break;
        const payload = step.value;
        this.fanout.options.beforeExecute?.(this.args.contextValue, payload);
        const result = await execute({ ...this.args, rootValue: payload });
        if (this.closed) break;
        this.delivered++;
        await this.fanout.broadcast(this, result, seqOf(payload));
      }
      this.finish(false);
    } catch (err) {
      this.finish(true, err);
    }
  }

  private finish(failed: boolean, err?: unknown): void {
    const members = [...this.members];
    this.close();
    for (const m of members) m.end(failed, err);
  }

  leave(m: Member): void {
    this.members.delete(m);
    if (this.members.size === 0) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.fanout.forget(this);
    const s = this.source;
    this.source = null;
    void s?.return?.()?.catch(() => undefined);
  }
}

function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return !!x && typeof (x as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function';
}

function seqOf(payload: unknown): number | null {
  const seq = (payload as { seq?: unknown } | null)?.seq;
  return typeof seq === 'number' ? seq : null;
}

/** JSON with sorted keys: the same variables in another order are the same group. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

/** The root fields of the operation (through fragments). */
function rootFields(document: DocumentNode, set: SelectionSetNode, out: FieldNode[] = [], seen = new Set<string>()): FieldNode[] {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) rootFields(document, sel.selectionSet, out, seen);
    else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      const frag = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === sel.name.value);
      if (frag && frag.kind === Kind.FRAGMENT_DEFINITION) rootFields(document, frag.selectionSet, out, seen);
    }
  }
  return out;
}

/** Does the subscription replay (an `after` argument with a value)? Then it may not join a group that has started delivering. */
export function replays(args: ExecutionArgs): boolean {
  const op = getOperationAST(args.document, args.operationName);
  if (!op) return true;
  const vars = (args.variableValues ?? {}) as Record<string, unknown>;
  for (const f of rootFields(args.document, op.selectionSet)) {
    const arg = f.arguments?.find((a) => a.name.value === 'after');
    if (!arg) continue;
    if (arg.value.kind === Kind.NULL) continue;
    if (arg.value.kind !== Kind.VARIABLE) return true;
    const name = arg.value.name.value;
    if (name in vars) {
      if (vars[name] !== null && vars[name] !== undefined) return true;
      continue;
    }
    const def = op.variableDefinitions?.find((d) => d.variable.name.value === name);
    if (def?.defaultValue && def.defaultValue.kind !== Kind.NULL) return true;
  }
  return false;
}

const MIN_BATCH = 10;
const MAX_BATCH = 2000;

export class Fanout {
  /** the joinable group of each key */
  private readonly groups = new Map<string, Group>();
  /** every open group (a replaying group that has started is no longer joinable, but still runs) */
  private readonly all = new Set<Group>();
  private batch: number;
  private readonly sliceMs: number;
  /** members let go because their client did not read (more than `backlog` results, or `backlogBytes`, waiting) */
  behind = 0;
  /** each principal's waiting bytes on this instance (absent: none) */
  private readonly held = new Map<string, number>();
  private sinceYield = 0;
  private sliceStart = 0;
  private yielding: Promise<void> | null = null;

  constructor(readonly options: FanoutOptions) {
    this.batch = Math.max(1, options.batch ?? 200);
    this.sliceMs = options.sliceMs ?? 1;
  }

  /** deliveries per turn of the event loop now */
  get batchSize(): number {
    return this.batch;
  }

  /** graphql-ws's `subscribe`: joins (or starts) the subscriber's group. */
  subscribe = async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const scope = this.options.scope(args);
    if (scope === null) return graphqlSubscribe(args);
    const text = args.document.loc?.source.body ?? print(args.document);
    const key = JSON.stringify([text, args.operationName ?? null, canonical(args.variableValues ?? {}), scope]);
    let group = this.groups.get(key);
    if (!group?.joinable()) {
      group = new Group(this, key, args, replays(args));
      this.groups.set(key, group);
      this.all.add(group);
      group.begin();
    }
    // joined before anything is awaited: every event dispatched after `position` reaches it
    const member = new Member(
      group,
      group.replay ? null : this.options.position(args),
      this.options.backlog,
      (args.contextValue as RequestContext | undefined)?.fellBehind,
      this.options.backlogBytes === undefined ? null : (this.options.principal?.(args) ?? null),
    );
    group.members.add(member);
    let refused: ExecutionResult | null;
    try {
      refused = await group.ready;
    } catch (err) {
      void member.return();
      throw err;
    }
    if (refused) {
      void member.return();
      return refused;
    }
    return member;
  };

  /**
   * The groups whose source is listening, and their members: every event committed after a
   * member is counted here reaches it (tests, the bench, diagnostics).
   */
  get stats(): { groups: number; members: number } {
    let groups = 0;
    let members = 0;
    for (const g of this.all) {
      if (!g.running || g.closed) continue;
      groups++;
      members += g.members.size;
    }
    return { groups, members };
  }

  /**
   * Adds `delta` bytes to what waits for the principal's members on this instance; a result that
   * would take it past `backlogBytes` is not held (false). Freed bytes always are.
   */
  hold(principal: string, delta: number): boolean {
    const now = this.held.get(principal) ?? 0;
    if (delta > 0 && now + delta > this.options.backlogBytes!) return false;
    if (now + delta > 0) this.held.set(principal, now + delta);
    else this.held.delete(principal);
    return true;
  }

  /** bytes waiting for the principal's members on this instance (tests, diagnostics) */
  waitingBytes(principal: string): number {
    return this.held.get(principal) ?? 0;
  }

  forget(group: Group): void {
    this.all.delete(group);
    if (this.groups.get(group.key) === group) this.groups.delete(group.key);
  }

  /** Queues one result to every member, yielding to the event loop every `batch` deliveries (over all groups). */
  async broadcast(group: Group, result: ExecutionResult, seq: number | null): Promise<void> {
    const members = [...group.members];
    for (const m of members) {
      if (m.left || (seq !== null && m.after !== null && seq <= m.after)) continue;
      if (this.sinceYield === 0) this.sliceStart = performance.now();
      m.push(result);
      if (++this.sinceYield >= this.batch) await this.turn();
    }
    // the slice ends with the event: a delivery of the next one starts a new slice (and clock)
    if (this.sinceYield > 0) void this.turn();
  }

  /** one shared turn of the event loop: pending I/O (requests, database replies) runs before the next batch */
  private turn(): Promise<void> {
    this.yielding ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        this.yielding = null;
        if (this.sliceMs > 0 && this.sinceYield >= this.batch) {
          // towards the batch that takes sliceMs, halfway each time (smooths one-off stalls)
          const took = Math.max(0.01, performance.now() - this.sliceStart);
          const ideal = (this.sinceYield * this.sliceMs) / took;
          this.batch = Math.min(MAX_BATCH, Math.max(MIN_BATCH, Math.round((this.batch + ideal) / 2)));
        }
        this.sinceYield = 0;
        resolve();
      }),
    );
    return this.yielding;
  }
}

// ---------------------------------------------------------------------------------- the hub's

/** Types whose fields read the viewer's identity (sub, agent), not only its role and customer. */
const IDENTITY_TYPES = new Set(['Viewer']);
const identityCache = new Map<string, boolean>();

/** Does the selection read anything that depends on who the viewer is beyond its role and customer? */
export function readsIdentity(schema: GraphQLSchema, document: DocumentNode, text: string): boolean {
  let hit = identityCache.get(text);
  if (hit !== undefined) return hit;
  hit = false;
  const info = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(info, {
      Field() {
        const parent = info.getParentType();
        const type = info.getType();
        if ((parent && IDENTITY_TYPES.has(parent.name)) || (type && IDENTITY_TYPES.has(getNamedType(type).name))) {
          hit = true;
          return BREAK;
        }
      },
    }),
  );
  if (identityCache.size >= 1000) identityCache.clear();
  identityCache.set(text, hit);
  return hit;
}

/**
 * The hub's visibility scope of a subscriber: its role (field authorization and row visibility)
 * and customer (a CUSTOMER sees its own rows only, src/policy/visibility.ts); with the agent and
 * subject too when the selection reads the viewer's identity.
 */
export function viewerScope(args: ExecutionArgs): string | null {
  const v = (args.contextValue as RequestContext | undefined)?.viewer;
  if (!v) return null;
  const base = `${v.role}|${v.customerId ?? ''}`;
  const text = args.document.loc?.source.body ?? print(args.document);
  return readsIdentity(args.schema, args.document, text) ? `${base}|${v.agentId ?? ''}|${v.sub}` : base;
}

/** Row loaders by id: pure reads of one table, the same for every viewer (visibility is checked by the resolvers after loading). */
const PER_EVENT_LOADERS = ['ticket', 'customer', 'agent', 'serviceLevel', 'interaction', 'article'] as const satisfies readonly (keyof Loaders)[];
const loadersOfEvent = new WeakMap<object, Pick<Loaders, (typeof PER_EVENT_LOADERS)[number]>>();

/**
 * One load of an event's related rows for every group that delivers it: the first group to
 * execute a live event lends its (fresh, primed) row loaders to the others, so a ticket's
 * customer, assignee or service level is read once per event, whatever the groups select.
 */
export function shareEventLoaders(contextValue: unknown, payload: unknown): void {
  const row = sourceRowOf(payload);
  const loaders = (contextValue as RequestContext | undefined)?.loaders;
  if (!row || !loaders) return;
  const shared = loadersOfEvent.get(row);
  if (shared) {
    Object.assign(loaders, shared);
    return;
  }
  const own = {} as Record<string, unknown>;
  for (const k of PER_EVENT_LOADERS) own[k] = loaders[k];
  loadersOfEvent.set(row, own as Pick<Loaders, (typeof PER_EVENT_LOADERS)[number]>);
}

/** The hub's fan-out (graphql-ws `subscribe`). */
export function createFanout(opts: { batch?: number; backlog?: number; backlogBytes?: number } = {}): Fanout {
  return new Fanout({
    scope: viewerScope,
    position: (args) => (args.contextValue as RequestContext | undefined)?.app?.bus?.position ?? null,
    beforeExecute: shareEventLoaders,
    batch: opts.batch,
    backlog: opts.backlog,
    backlogBytes: opts.backlogBytes,
    principal: (args) => {
      const v = (args.contextValue as RequestContext | undefined)?.viewer;
      return v ? principalKey(v) : null;
    },
  });
}
