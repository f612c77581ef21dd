// Issue 14 item 8: GET /metrics (Prometheus, prom-client) after known traffic: operations by name,
// type, path and outcome (with the HTTP fast path), error codes, rate-limited requests, open
// WebSockets and live subscriptions, event delivery lag and backlog, database pool, SLA sweeps;
// /metrics answers to the METRICS_TOKEN bearer only, and 404 on a hub without one.
import fs from 'node:fs';
import path from 'node:path';
import { sweepSla } from '../src/modules/sla/sla.sweep';
import { metricsOf, observeSweep } from '../src/observability';
import { CreateTicketDocument, UpdateTicketDocument } from './generated/operations';
import { basics, type Basics } from './support/fixtures';
import { collect, dispatched, Role, startTestHub, waitUntil, type TestHub } from './support/harness';

const TOKEN = 'metrics-token-for-tests-0123456789';
// 20 requests per principal in a 20-minute window (chunks of 1: exact)
const ENV = { METRICS_TOKEN: TOKEN, RATE_LIMIT_BURST: '20', RATE_LIMIT_PER_MINUTE: '1' };

let t: TestHub;
let b: Basics;
beforeAll(async () => {
  t = await startTestHub({ env: ENV });
  b = await basics(t);
});
afterAll(async () => {
  await t?.stop();
});

async function scrape(hub: TestHub, token: string | null = TOKEN): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(hub.url.replace(/\/graphql$/, '/metrics'), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

/** The sum of a metric's samples whose labels include `labels` (undefined: no such sample). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let sum: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum = (sum ?? 0) + Number(m[3]);
  }
  return sum;
}

const OPS = 'servicegraph_graphql_operation_duration_seconds_count';

test('/metrics answers to the bearer token only', async () => {
  expect((await scrape(t, null)).status).toBe(401);
  expect((await scrape(t, 'not-the-token-at-all-0000000')).status).toBe(401);
  const ok = await scrape(t);
  expect(ok.status).toBe(200);
  expect(ok.type).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(ok.text).toMatch(/^# HELP servicegraph_/m);
  // process metrics come along
  expect(sample(ok.text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
});

test('a hub without METRICS_TOKEN answers 404 on /metrics and keeps no metrics', async () => {
  const plain = await startTestHub();
  try {
    expect((await scrape(plain)).status).toBe(404);
    expect((await scrape(plain, null)).status).toBe(404);
    expect(metricsOf(plain.hub.app)).toBeUndefined();
  } finally {
    await plain.stop();
  }
});

test('operations are counted by name, type, path and outcome; errors by code; refusals of the rate limit', async () => {
  const agent = t.token(Role.AGENT, { agentId: b.agentIds[0], sub: 'metrics-agent' });
  const before = (await scrape(t)).text;
  const dash = 'query Dash { tickets(first: 5) { totalCount nodes { id subject } } }';
  const N = 5;
  for (let i = 0; i < N; i++) expect((await t.gql(agent, dash)).errors).toBeUndefined();
  // the planner answers `tickets`, the rest (service levels) goes through resolvers
  expect((await t.gql(agent, 'query Mixed { tickets(first: 1) { totalCount } serviceLevels { name } }')).errors).toBeUndefined();
  const created = await t.gql(agent, CreateTicketDocument, { input: { customerId: b.customerIds[0], subject: 'Metrics', kind: 'INCIDENT', priority: 'NORMAL', channel: 'PHONE' } });
  expect(created.data?.createTicket.userErrors).toEqual([]);
  // refused: a customer may not read statistics
  const refused = await t.gql(b.customerTokens[0], 'query Stats { ticketStats { count } }');
  expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  // refused: no token
  expect((await t.gql(null, '{ viewer { role } }')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  // refused: the 21st request of one principal within its window
  const flood = t.token(Role.AGENT, { agentId: b.agentIds[1], sub: 'metrics-flood' });
  for (let i = 0; i < 20; i++) expect((await t.gql(flood, '{ viewer { role } }')).status).toBe(200);
  expect((await t.gql(flood, '{ viewer { role } }')).status).toBe(429);

  const after = (await scrape(t)).text;
  const delta = (name: string, labels: Record<string, string> = {}) => (sample(after, name, labels) ?? 0) - (sample(before, name, labels) ?? 0);
  // the first Dash through Apollo (compiled to one statement), the others from the HTTP fast path
  expect(delta(OPS, { operation: 'Dash', type: 'query', outcome: 'ok' })).toBe(N);
  expect(delta(OPS, { operation: 'Dash', path: 'compiled' })).toBe(1);
  expect(delta(OPS, { operation: 'Dash', path: 'fast' })).toBe(N - 1);
  expect(delta(OPS, { operation: 'Mixed', type: 'query', path: 'planned', outcome: 'ok' })).toBe(1);
  expect(delta(OPS, { operation: 'CreateTicket', type: 'mutation', path: 'resolvers', outcome: 'ok' })).toBe(1);
  expect(delta(OPS, { operation: 'Stats', type: 'query', outcome: 'FORBIDDEN' })).toBe(1);
  expect(delta('servicegraph_graphql_errors_total', { code: 'FORBIDDEN' })).toBe(1);
  expect(delta('servicegraph_graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
  expect(delta('servicegraph_rate_limited_total')).toBe(1);
  // the 20 admitted flood requests, anonymous
  expect(delta(OPS, { operation: 'anonymous', type: 'query', outcome: 'ok' })).toBe(20);
  // latency buckets: every Dash fell in some bucket, +Inf holds them all
  expect(delta('servicegraph_graphql_operation_duration_seconds_bucket', { operation: 'Dash', path: 'fast', le: '+Inf' })).toBe(N - 1);
  expect(sample(after, 'servicegraph_graphql_operation_duration_seconds_sum', { operation: 'Dash', path: 'fast' })).toBeGreaterThan(0);
});

test('a live subscription, its WebSocket and an event: connections, subscriptions, delivery lag, backlog', async () => {
  const agent = t.token(Role.AGENT, { agentId: b.agentIds[0], sub: 'metrics-watcher' });
  const tk = await t.gql(agent, CreateTicketDocument, { input: { customerId: b.customerIds[1], subject: 'Watched', kind: 'INCIDENT', priority: 'NORMAL', channel: 'EMAIL' } });
  const ticket = tk.data!.createTicket.ticket!;
  // a live subscription gets what the instance dispatches after it joins: let the ticket's CREATED
  // event be dispatched first (a CI run subscribed before it was, and got CREATED as its first event)
  await dispatched(t);
  const before = (await scrape(t)).text;
  const client = t.ws(agent);
  // live (no after:): set up once the fan-out runs the member
  const sub = collect(client, 'subscription Watch($id: ID!) { ticketUpdated(id: $id) { cursor type } }', { id: ticket.id });
  await waitUntil('the subscription is set up', () => t.hub.server.fanout.stats.members >= 1);
  const during = (await scrape(t)).text;
  expect(sample(during, 'servicegraph_websocket_connections')).toBe(1);
  expect(sample(during, 'servicegraph_subscriptions')).toBe(1);
  expect(sample(during, 'servicegraph_subscription_groups')).toBe(1);

  const up = await t.gql(agent, UpdateTicketDocument, { input: { id: ticket.id, subject: 'Watched, renamed' } });
  expect(up.data?.updateTicket.userErrors).toEqual([]);
  const [event] = await sub.waitFor(1);
  expect(event.ticketUpdated.type).toBe('UPDATED');

  const after = (await scrape(t)).text;
  const lagCount = (text: string) => sample(text, 'servicegraph_event_delivery_lag_seconds_count', { source: 'live' }) ?? 0;
  expect(lagCount(after) - lagCount(before)).toBe(1);
  const lagSum = sample(after, 'servicegraph_event_delivery_lag_seconds_sum', { source: 'live' })! - (sample(before, 'servicegraph_event_delivery_lag_seconds_sum', { source: 'live' }) ?? 0);
  expect(lagSum).toBeGreaterThanOrEqual(0);
  expect(lagSum).toBeLessThan(10);
  // the instance has dispatched everything in the log
  expect(sample(after, 'servicegraph_event_log_backlog')).toBe(0);
  expect(sample(after, 'servicegraph_event_bus_position')).toBeGreaterThan(0);

  sub.unsubscribe();
  await client.dispose();
  await waitUntil('neither the subscription nor its socket is counted', async () => {
    const text = (await scrape(t)).text;
    return sample(text, 'servicegraph_subscriptions') === 0 && sample(text, 'servicegraph_websocket_connections') === 0;
  }, 10000, 50);
});

test('database pool and SLA sweep metrics', async () => {
  const raised = await observeSweep(t.hub.app, () => sweepSla(t.hub.app));
  const text = (await scrape(t)).text;
  expect(sample(text, 'servicegraph_db_pool_max', { pool: 'primary' })).toBe(20);
  const inUse = sample(text, 'servicegraph_db_pool_connections', { pool: 'primary', state: 'in_use' });
  const idle = sample(text, 'servicegraph_db_pool_connections', { pool: 'primary', state: 'idle' });
  expect(inUse).toBeGreaterThanOrEqual(0);
  expect(idle).toBeGreaterThan(0);
  expect(sample(text, 'servicegraph_db_pool_waiting', { pool: 'primary' })).toBe(0);
  expect(sample(text, 'servicegraph_sla_sweep_duration_seconds_count')).toBe(1);
  expect(sample(text, 'servicegraph_sla_alerts_raised_total')).toBe(raised);
  expect(sample(text, 'servicegraph_sla_sweep_failures_total')).toBe(0);
});

test('the Grafana dashboard (src/observability/grafana-dashboard.json) reads only metrics the hub serves', async () => {
  const dashboard = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'src', 'observability', 'grafana-dashboard.json'), 'utf8')) as {
    panels: { type: string; targets?: { expr: string }[] }[];
  };
  const exprs = dashboard.panels.flatMap((p) => p.targets?.map((x) => x.expr) ?? []);
  expect(exprs.length).toBeGreaterThan(20);
  const text = (await scrape(t)).text;
  const served = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
  const used = new Set(exprs.flatMap((e) => [...e.matchAll(/\b((?:servicegraph|process|nodejs)_[a-z0-9_]+)/g)].map((m) => m[1])));
  for (const name of used) {
    const base = name.replace(/_(bucket|count|sum)$/, '');
    expect({ name, served: served.has(name) || served.has(base) }).toEqual({ name, served: true });
  }
});
