// Prometheus metrics (prom-client), one registry per hub, served on GET /metrics behind
// METRICS_TOKEN. Without METRICS_TOKEN nothing here is created or installed and /metrics is 404.
//
// Per request the cost is one label lookup (nested maps keyed by strings the request already
// holds: operation name, error code) and a few additions into preallocated arrays: the hot
// histograms and counters below are lean cells read only at scrape time, not prom-client's
// labelled children (which hash their labels into a new string on every observation). Gauges
// (connections, subscriptions, pools, backlog) are read when scraped.
import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse, GraphQLRequestListener } from '@apollo/server';
import type express from 'express';
import { defaultFieldResolver, getOperationAST, parse, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { collectDefaultMetrics, Counter, Gauge, Registry, type Metric } from 'prom-client';
import type { App } from '../app/app';
import { log } from '../logger';
import { RawJson } from '../read/plugin';

type Labels = Record<string, string>;

/** One label set of a lean histogram: counts per bucket (the last is +Inf), sum and count. */
class HistogramCell {
  readonly counts: Float64Array;
  sum = 0;
  count = 0;
  constructor(
    readonly labels: Labels,
    buckets: number,
  ) {
    this.counts = new Float64Array(buckets + 1);
  }
}

/** A histogram whose cells are kept by the caller; rendered by prom-client's registry at scrape. */
class LeanHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly cells: HistogramCell[] = [];
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  cell(labels: Labels): HistogramCell {
    const c = new HistogramCell(labels, this.buckets.length);
    this.cells.push(c);
    return c;
  }

  observe(cell: HistogramCell, value: number): void {
    const b = this.buckets;
    let i = 0;
    while (i < b.length && value > b[i]) i++;
    cell.counts[i]++;
    cell.sum += value;
    cell.count++;
  }

  get() {
    const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
    for (const c of this.cells) {
      let acc = 0;
      for (let i = 0; i < this.buckets.length; i++) {
        acc += c.counts[i];
        values.push({ metricName: `${this.name}_bucket`, labels: { ...c.labels, le: this.buckets[i] }, value: acc });
      }
      values.push({ metricName: `${this.name}_bucket`, labels: { ...c.labels, le: '+Inf' }, value: c.count });
      values.push({ metricName: `${this.name}_sum`, labels: c.labels, value: c.sum });
      values.push({ metricName: `${this.name}_count`, labels: c.labels, value: c.count });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }
}

class CounterCell {
  value = 0;
  constructor(readonly labels: Labels) {}
}

class LeanCounter {
  readonly type = 'counter';
  readonly aggregator = 'sum';
  private readonly cells: CounterCell[] = [];
  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  cell(labels: Labels): CounterCell {
    const c = new CounterCell(labels);
    this.cells.push(c);
    return c;
  }

  get() {
    return { name: this.name, help: this.help, type: this.type, values: this.cells.map((c) => ({ labels: c.labels, value: c.value })), aggregator: this.aggregator };
  }
}

const OPERATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const SWEEP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const TYPES = ['query', 'mutation', 'subscription', 'unknown'] as const;
/**
 * How an operation was answered: `fast` the HTTP fast path (a compiled plan, without Apollo),
 * `compiled` one compiled statement through Apollo, `planned` root fields compiled on their own
 * (the operation split at its root, or the look-ahead planner) and the rest by the resolvers,
 * `resolvers` the resolvers only, `none` refused before execution.
 */
const PATHS = ['fast', 'compiled', 'planned', 'resolvers', 'none'] as const;
const [FAST, COMPILED, PLANNED_PATH, RESOLVERS, NONE] = [0, 1, 2, 3, 4];
const TYPE_INDEX: Record<string, number> = { query: 0, mutation: 1, subscription: 2 };
/** operation names beyond this many distinct ones are counted as `other` (clients choose names) */
const MAX_OPERATION_NAMES = 500;
const MAX_ERROR_CODES = 100;

/** Set on a request's context by the look-ahead planner (src/read/planner.ts) when it answered a root field. */
export const PLANNED = Symbol.for('servicegraph.planned');
const STARTED = Symbol('servicegraph.metrics.started');
const EXECUTED = Symbol('servicegraph.metrics.executed');

const NOTHING: Promise<void> = Promise.resolve();

/** What the metrics read when scraped; registered by the server once it has them (src/server/index.ts). */
export interface MetricSources {
  /** the shared request limiter: its refusals (src/graphql/rate-limit.ts) */
  limiter?: { refusals: number };
  /** the subscription fan-out: groups and members, subscribers let go for not reading (src/graphql/fanout.ts) */
  fanout?: { stats: { groups: number; members: number }; behind: number };
  /** the HTTP server WebSocket upgrades arrive on */
  httpServer?: http.Server;
}

interface PgPoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

function poolOf(db: App['db']): PgPoolLike | null {
  const master = (db.driver as unknown as { master?: PgPoolLike } | undefined)?.master;
  return master && typeof master.totalCount === 'number' ? master : null;
}

function codeOf(e: { extensions?: Record<string, unknown> } | undefined): string {
  const code = e?.extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export class HubMetrics {
  readonly registry = new Registry();
  private readonly operations: LeanHistogram;
  private readonly operationCells = new Map<string, (Map<string, HistogramCell> | undefined)[]>();
  private readonly errors: LeanCounter;
  private readonly errorCells = new Map<string, CounterCell>();
  private readonly lag: LeanHistogram;
  private readonly lagLive: HistogramCell;
  private readonly lagResumed: HistogramCell;
  private readonly sweepDuration: LeanHistogram;
  private readonly sweepCell: HistogramCell;
  private readonly alertsRaised: CounterCell;
  private readonly sweepFailures: CounterCell;
  private readonly fastCells = new WeakMap<object, HistogramCell>();
  private readonly tokenDigest: Buffer;
  private sources: MetricSources = {};
  private openSockets = 0;
  private rateLimitedSeen = 0;

  constructor(
    private readonly app: App,
    token: string,
  ) {
    this.tokenDigest = sha256(token);
    const r = this.registry;
    collectDefaultMetrics({ register: r });
    this.operations = new LeanHistogram(
      'servicegraph_graphql_operation_duration_seconds',
      'GraphQL operations over HTTP by operation name, type, path (fast, compiled, planned, resolvers, none) and outcome (ok or the first error code); _count counts them',
      OPERATION_BUCKETS,
      r,
    );
    this.errors = new LeanCounter('servicegraph_graphql_errors_total', 'Top-level GraphQL errors in HTTP responses, by code (a request refused for its token included)', r);
    this.lag = new LeanHistogram(
      'servicegraph_event_delivery_lag_seconds',
      'Subscription events: from the event log row (occurred_at, written in the committing transaction) to its execution for sending, once per group of subscribers sharing a result; source=resume: subscriptions opened with after: (replays included)',
      LAG_BUCKETS,
      r,
    );
    this.lagLive = this.lag.cell({ source: 'live' });
    this.lagResumed = this.lag.cell({ source: 'resume' });
    this.sweepDuration = new LeanHistogram('servicegraph_sla_sweep_duration_seconds', 'SLA sweeps (src/modules/sla/sla.sweep.ts), successful or not', SWEEP_BUCKETS, r);
    this.sweepCell = this.sweepDuration.cell({});
    this.alertsRaised = new LeanCounter('servicegraph_sla_alerts_raised_total', 'SLA_AT_RISK and SLA_BREACHED alerts raised by this instance’s sweeps', r).cell({});
    this.sweepFailures = new LeanCounter('servicegraph_sla_sweep_failures_total', 'SLA sweeps that failed (retried on the next tick)', r).cell({});

    const self = this;
    new Counter({
      name: 'servicegraph_rate_limited_total',
      help: 'Requests and subscribes refused by the shared rate limit (429 / RATE_LIMITED)',
      registers: [r],
      collect() {
        const n = self.sources.limiter?.refusals ?? 0;
        if (n > self.rateLimitedSeen) this.inc(n - self.rateLimitedSeen);
        self.rateLimitedSeen = n;
      },
    });
    new Gauge({
      name: 'servicegraph_websocket_connections',
      help: 'Open WebSocket connections (graphql-ws)',
      registers: [r],
      collect() {
        this.set(self.openSockets);
      },
    });
    new Gauge({
      name: 'servicegraph_subscriptions',
      help: 'Live subscriptions on this instance (fan-out members whose source listens)',
      registers: [r],
      collect() {
        this.set(self.sources.fanout?.stats.members ?? 0);
      },
    });
    let behindSeen = 0;
    new Counter({
      name: 'servicegraph_subscribers_behind_total',
      help: 'Subscribers let go because their client did not read its events (more than SUBSCRIPTION_BACKLOG waiting; the connection closed with 1013)',
      registers: [r],
      collect() {
        const n = self.sources.fanout?.behind ?? 0;
        if (n > behindSeen) this.inc(n - behindSeen);
        behindSeen = n;
      },
    });
    new Gauge({
      name: 'servicegraph_subscription_groups',
      help: 'Fan-out groups: subscriptions sharing one execution per event',
      registers: [r],
      collect() {
        this.set(self.sources.fanout?.stats.groups ?? 0);
      },
    });
    new Gauge({
      name: 'servicegraph_event_bus_position',
      help: 'The newest event-log seq this instance has dispatched to its subscriptions',
      registers: [r],
      collect() {
        this.set(app.bus.position);
      },
    });
    const pools = (): [string, PgPoolLike | null][] => {
      const list: [string, PgPoolLike | null][] = [['primary', poolOf(app.db)]];
      if (app.readDb && app.readDb !== app.db) list.push(['read', poolOf(app.readDb)]);
      return list;
    };
    new Gauge({
      name: 'servicegraph_db_pool_connections',
      help: 'TypeORM pg pool connections by state (in_use, idle)',
      labelNames: ['pool', 'state'],
      registers: [r],
      collect() {
        for (const [pool, p] of pools()) {
          if (!p) continue;
          this.set({ pool, state: 'in_use' }, p.totalCount - p.idleCount);
          this.set({ pool, state: 'idle' }, p.idleCount);
        }
      },
    });
    new Gauge({
      name: 'servicegraph_db_pool_waiting',
      help: 'Queries waiting for a pool connection',
      labelNames: ['pool'],
      registers: [r],
      collect() {
        for (const [pool, p] of pools()) if (p) this.set({ pool }, p.waitingCount);
      },
    });
    new Gauge({
      name: 'servicegraph_db_pool_max',
      help: 'Pool size limit',
      labelNames: ['pool'],
      registers: [r],
      collect() {
        for (const [pool, p] of pools()) if (p?.options?.max) this.set({ pool }, p.options.max);
      },
    });
    // after the pool gauges: its own query would show as a waiting one
    new Gauge({
      name: 'servicegraph_event_log_backlog',
      help: 'Events committed to the log that this instance has not dispatched yet (newest seq minus the bus position)',
      registers: [r],
      async collect() {
        try {
          const [{ max }] = await app.db.query('SELECT COALESCE(MAX(seq), 0) AS max FROM event_log');
          this.set(Math.max(0, Number(max) - app.bus.position));
        } catch {
          // the database is away: no value this scrape
          this.reset();
        }
      },
    });
  }

  /** Where the gauges read from; the server registers them once it has them. */
  watch(sources: MetricSources): void {
    this.sources = { ...this.sources, ...sources };
    sources.httpServer?.on('upgrade', (_req: unknown, socket: NodeJS.EventEmitter) => {
      // a refused upgrade closes at once; an accepted one when the connection ends
      this.openSockets++;
      socket.once('close', () => this.openSockets--);
    });
  }

  authorized(header: string | undefined): boolean {
    const m = /^Bearer (\S+)$/.exec(header ?? '');
    return !!m && timingSafeEqual(sha256(m[1]), this.tokenDigest);
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  private operationCell(name: string, type: number, path: number, outcome: string): HistogramCell {
    let slots = this.operationCells.get(name);
    if (!slots) {
      if (this.operationCells.size >= MAX_OPERATION_NAMES) return this.operationCell('other', type, path, outcome);
      slots = new Array(TYPES.length * PATHS.length);
      this.operationCells.set(name, slots);
    }
    const i = type * PATHS.length + path;
    let byOutcome = slots[i];
    if (!byOutcome) slots[i] = byOutcome = new Map();
    let cell = byOutcome.get(outcome);
    if (!cell) {
      cell = this.operations.cell({ operation: name.slice(0, 100), type: TYPES[type], path: PATHS[path], outcome });
      byOutcome.set(outcome, cell);
    }
    return cell;
  }

  countError(code: string): void {
    let cell = this.errorCells.get(code);
    if (!cell) {
      if (this.errorCells.size >= MAX_ERROR_CODES) return this.countError('OTHER');
      cell = this.errors.cell({ code });
      this.errorCells.set(code, cell);
    }
    cell.value++;
  }

  /** Apollo: every operation over HTTP that Apollo answers, by name, type, path and outcome. */
  apolloPlugin(): ApolloServerPlugin<object> {
    const listener: GraphQLRequestListener<object> = {
      executionDidStart: (rc) => {
        (rc.metrics as Record<symbol, unknown>)[EXECUTED] = true;
        return NOTHING;
      },
      willSendResponse: (rc) => {
        this.response(rc);
        return NOTHING;
      },
    };
    const ready = Promise.resolve(listener);
    return {
      requestDidStart: (rc) => {
        (rc.metrics as Record<symbol, unknown>)[STARTED] = performance.now();
        return ready;
      },
      // no valid token: refused before any operation is looked at
      contextCreationDidFail: ({ error }) => {
        this.countError(codeOf(error as { extensions?: Record<string, unknown> }));
        return NOTHING;
      },
      invalidRequestWasReceived: ({ error }) => {
        this.countError(codeOf(error as { extensions?: Record<string, unknown> }));
        return NOTHING;
      },
    };
  }

  private response(rc: GraphQLRequestContextWillSendResponse<object>): void {
    const started = (rc.metrics as Record<symbol, number | undefined>)[STARTED];
    if (started === undefined) return;
    const body = rc.response.body;
    let outcome = 'ok';
    let data: unknown;
    if (body.kind === 'single') {
      data = body.singleResult.data;
      const errors: readonly GraphQLFormattedError[] | undefined = body.singleResult.errors;
      if (errors?.length) {
        outcome = codeOf(errors[0]);
        for (const e of errors) this.countError(codeOf(e));
      }
    }
    const op = rc.operation;
    const type = op ? TYPE_INDEX[op.operation] ?? 3 : 3;
    const path = !op
      ? NONE
      : data instanceof RawJson
        ? (rc.contextValue as Record<symbol, unknown>)[PLANNED]
          ? PLANNED_PATH
          : COMPILED
        : (rc.metrics as Record<symbol, unknown>)[EXECUTED]
          ? (rc.contextValue as Record<symbol, unknown>)[PLANNED]
            ? PLANNED_PATH
            : RESOLVERS
          : NONE;
    const name = rc.operationName ?? (typeof rc.request.operationName === 'string' && rc.request.operationName ? rc.request.operationName : op ? 'anonymous' : 'unknown');
    this.operations.observe(this.operationCell(name, type, path, outcome), (performance.now() - started) / 1000);
  }

  /** The HTTP fast path (src/read/plugin.ts): a request answered from its compiled plan without Apollo. */
  readonly fastPath = (plan: object, request: { query: string; operationName?: unknown }, startedAt: number): void => {
    let cell = this.fastCells.get(plan);
    if (!cell) {
      cell = this.operationCell(operationNameOf(request), TYPE_INDEX.query, FAST, 'ok');
      this.fastCells.set(plan, cell);
    }
    this.operations.observe(cell, (performance.now() - startedAt) / 1000);
  };

  /** Subscription events: commit → execution for sending, at each root subscription field's resolve (once per group). */
  instrumentSubscriptions(schema: GraphQLSchema): void {
    const type = schema.getSubscriptionType();
    if (!type) return;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (payload, args, ctx, info) => {
        const at = (payload as { occurredAt?: unknown } | null)?.occurredAt;
        if (at instanceof Date) this.lag.observe(args.after != null ? this.lagResumed : this.lagLive, Math.max(0, Date.now() - at.getTime()) / 1000);
        return resolve(payload, args, ctx, info);
      };
    }
  }

  sweep(ms: number, raised: number | null): void {
    this.sweepDuration.observe(this.sweepCell, ms / 1000);
    if (raised === null) this.sweepFailures.value++;
    else this.alertsRaised.value += raised;
  }
}

export function operationNameOf(request: { query: string; operationName?: unknown }): string {
  if (typeof request.operationName === 'string' && request.operationName) return request.operationName;
  try {
    return getOperationAST(parse(request.query), null)?.name?.value ?? 'anonymous';
  } catch {
    return 'anonymous';
  }
}

const byApp = new WeakMap<App, HubMetrics>();

/** The hub's metrics, made on first use; undefined when METRICS_TOKEN is not set. */
export function metricsOf(app: App): HubMetrics | undefined {
  let m = byApp.get(app);
  if (!m) {
    const token = app.config?.metricsToken;
    if (!token) return undefined;
    m = new HubMetrics(app, token);
    byApp.set(app, m);
  }
  return m;
}

/**
 * GET /metrics: the Prometheus text, to `Authorization: Bearer <METRICS_TOKEN>` only (401
 * otherwise); 404 when METRICS_TOKEN is not set.
 */
export function mountMetrics(ex: express.Express, app: App, sources: MetricSources): void {
  const metrics = metricsOf(app);
  metrics?.watch(sources);
  ex.get('/metrics', (req, res) => {
    res.set('cache-control', 'no-store');
    if (!metrics) return void res.status(404).json({ error: 'Not found' });
    if (!metrics.authorized(req.headers.authorization)) {
      return void res.status(401).set('www-authenticate', 'Bearer realm="metrics"').json({ error: 'Send Authorization: Bearer <METRICS_TOKEN>' });
    }
    metrics.scrape().then(
      (text) => res.type(metrics.registry.contentType).send(text),
      (err: unknown) => {
        log.warn('metrics scrape failed', { err });
        res.status(500).json({ error: 'Metrics unavailable' });
      },
    );
  });
}
