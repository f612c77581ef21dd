// API bench (issue 12): the hub against PostGraphile and a raw-SQL floor on the same data.
//
//   npm run bench -- api [options]      or      npm run bench:api -- [options]
//     --tickets N                 tickets to load (default 100000), with 3 interactions each
//     --interactions-per-ticket N (default 3)
//     --customers N               customers to add besides the demo ones (default tickets / 10)
//     --rounds N                  interleaved rounds (default 3)
//     --seconds N                 one autocannon run (default 10)
//     --connections N             autocannon connections (default 10)
//     --warmup N                  seconds of unmeasured load per server and query first (default 3)
//     --queries a,b               dashboard, mobile, analyst, planner, ticket, node (default all)
//     --database-url URL          benchmark an already loaded database (nothing loaded or dropped)
//     --compiled                  build with `npm run build` and run the servers from dist/
//   (each option may also be given as BENCH_API_<NAME>, e.g. BENCH_API_TICKETS=5000)
//
// Database: a throwaway database on DATABASE_URL / TEST_DATABASE_URL's server when set, else an
// ephemeral embedded PostgreSQL; loaded with the seed CLI (src/seed/seed-cli.ts: the demo desk
// plus bulk generate_series SQL with realistic distributions) in its own process.
//
// Servers, each in its own process (api-server.ts) so CPU per request is that process's
// cpuUsage() delta over the requests of a run: the hub, PostGraphile 5 (+ connection-filter),
// and node:http running one json_agg statement per request. PostgreSQL CPU per request is the
// utime+stime delta of the postmaster and its children (/proc), when the server is local.
//
// The single lookups (ticket, node) also run on a fourth server: the hub with COMPILED_READS=false,
// every field through its resolver, the read path before the compiler and the planner (issue 12:
// "single lookups are no slower than today").
//
// Before measuring, every query's answer from the servers is normalised (ids, field names,
// timestamps) and must be equal; the bench fails otherwise.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { signToken } from '../../src/auth/viewer';
import { createScratchDatabase, scratchServer } from '../../src/db/scratch';
import { Role } from '../../src/modules/common/enums';
import { LOOKUPS, QUERIES, QUERY_NAMES, type QueryName, type QueryParams, type ServerKind } from './api-queries';
import { BENCH_SECRET } from './hub';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<any>;

const ROOT = path.join(__dirname, '..', '..');
const SERVERS: ServerKind[] = ['hub', 'postgraphile', 'raw'];
/** the servers a query runs on: the lookups also on the hub's resolver path */
const serversFor = (q: QueryName): ServerKind[] => (LOOKUPS.includes(q) ? ['hub', 'resolvers', 'postgraphile', 'raw'] : SERVERS);
const LABEL: Record<ServerKind, string> = { hub: 'hub', resolvers: 'hub (resolvers)', postgraphile: 'PostGraphile 5', raw: 'raw SQL (json_agg)' };

// ------------------------------------------------------------------------------ options

interface Options {
  tickets: number;
  perTicket: number;
  customers: number;
  rounds: number;
  seconds: number;
  connections: number;
  warmup: number;
  queries: QueryName[];
  databaseUrl: string | null;
  compiled: boolean;
}

function parseOptions(argv: string[]): Options {
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('BENCH_API_') && v !== undefined) raw[k.slice(10).toLowerCase().replace(/_/g, '-')] = v;
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [flag, inline] = a.slice(2).split('=', 2);
    if (flag === 'compiled') raw.compiled = inline ?? 'true';
    else raw[flag] = inline ?? argv[++i];
  }
  const known = new Set(['tickets', 'interactions-per-ticket', 'customers', 'rounds', 'seconds', 'connections', 'warmup', 'queries', 'database-url', 'compiled']);
  const unknown = Object.keys(raw).filter((k) => !known.has(k));
  if (unknown.length) throw new Error(`api bench: unknown option(s) ${unknown.map((k) => '--' + k).join(', ')}`);
  const int = (k: string, d: number, min = 0) => {
    if (raw[k] === undefined) return d;
    const n = Number(String(raw[k]).replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`api bench: --${k} must be a whole number >= ${min}, got "${raw[k]}"`);
    return n;
  };
  const tickets = int('tickets', 100_000, 100);
  const queries = (raw.queries ?? QUERY_NAMES.join(',')).split(',').map((s) => s.trim()) as QueryName[];
  const bad = queries.filter((q) => !QUERY_NAMES.includes(q));
  if (bad.length) throw new Error(`api bench: unknown query ${bad.join(', ')}; queries: ${QUERY_NAMES.join(', ')}`);
  return {
    tickets,
    perTicket: int('interactions-per-ticket', 3, 1),
    customers: int('customers', Math.max(100, Math.round(tickets / 10))),
    rounds: int('rounds', 3, 1),
    seconds: int('seconds', 10, 1),
    connections: int('connections', 10, 1),
    warmup: int('warmup', 3),
    queries,
    databaseUrl: raw['database-url'] || null,
    compiled: raw.compiled !== undefined && raw.compiled !== 'false' && raw.compiled !== '0',
  };
}

// ------------------------------------------------------------------------------ data

function loadData(url: string, o: Options): void {
  const r = spawnSync(
    process.execPath,
    [
      '-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src/seed/seed-cli.ts'),
      '--customers', String(o.customers), '--tickets', String(o.tickets), '--interactions-per-ticket', String(o.perTicket),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn', TS_NODE_TRANSPILE_ONLY: 'true' } },
  );
  const out = r.stdout?.toString() ?? '';
  if (r.status !== 0) {
    process.stdout.write(out);
    throw new Error(`the seed CLI failed (exit ${r.status})`);
  }
  // only the seed's summary
  const summary = out.split('\n').findIndex((l) => l.includes('seed summary'));
  process.stdout.write((summary >= 0 ? out.split('\n').slice(summary).join('\n') : out).replace(/^/gm, '  ') + '\n');
}

async function pickParams(url: string): Promise<QueryParams & { counts: string; pgVersion: string }> {
  const c = new Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  try {
    // the customer with the most tickets (at least 20 where the data has them): the heaviest phone
    const { rows } = await c.query<{ id: string; n: string }>(
      `SELECT customer_id AS id, count(*) AS n FROM ticket GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1`,
    );
    if (!rows.length) throw new Error('the database has no tickets');
    // the lookups' ticket: that customer's ticket with the most interactions (newest first among equals)
    const t = await c.query<{ id: string }>(
      `SELECT t.id FROM ticket t LEFT JOIN interaction i ON i.ticket_id = t.id WHERE t.customer_id = $1
        GROUP BY t.id, t.created_at ORDER BY count(i.id) DESC, t.created_at DESC LIMIT 1`,
      [rows[0].id],
    );
    const counts = await c.query<{ t: string; i: string; c: string; a: string; s: string }>(
      `SELECT (SELECT count(*) FROM ticket) t, (SELECT count(*) FROM interaction) i, (SELECT count(*) FROM customer) c,
              (SELECT count(*) FROM agent) a, (SELECT count(*) FROM service_level) s`,
    );
    const k = counts.rows[0];
    const v = await c.query<{ v: string }>('SELECT version() AS v');
    return {
      customerId: rows[0].id,
      ticketId: t.rows[0].id,
      pgTicketNodeId: '',
      // the last 30 days
      analystFrom: new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString(),
      counts: `${k.t} tickets, ${k.i} interactions, ${k.c} customers, ${k.a} agents, ${k.s} service levels; mobile customer has ${rows[0].n} tickets`,
      pgVersion: v.rows[0].v.split(' on ')[0],
    };
  } finally {
    await c.end();
  }
}

// ------------------------------------------------------------------------------ PostgreSQL CPU

/** CPU seconds of the PostgreSQL server behind `url`, when it runs on this machine: postmaster + its children. */
async function pgCpuReader(url: string): Promise<(() => number) | null> {
  const c = new Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  const stat = (pid: string | number): string[] | null => {
    try {
      const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return s.slice(s.lastIndexOf(')') + 2).split(' ');
    } catch {
      return null;
    }
  };
  let b: string[] | null;
  try {
    // while the backend is alive: its parent is the postmaster
    b = stat((await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
  } finally {
    await c.end();
  }
  if (!b) return null; // not on this machine
  const postmaster = Number(b[1]);
  const pm = stat(postmaster);
  if (!pm) return null;
  const tick = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;
  return () => {
    // exited children's time is in the postmaster's cutime/cstime
    const p = stat(postmaster);
    let ticks = p ? Number(p[11]) + Number(p[12]) + Number(p[13]) + Number(p[14]) : 0;
    for (const name of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const s = stat(name);
      if (s && Number(s[1]) === postmaster) ticks += Number(s[11]) + Number(s[12]);
    }
    return ticks / tick;
  };
}

// ------------------------------------------------------------------------------ server processes

class ServerProcess {
  readonly child: ChildProcess;
  url = '';
  private nextId = 1;
  private pending = new Map<number, (m: any) => void>();
  private ready: Promise<void>;

  constructor(readonly kind: ServerKind, databaseUrl: string, compiled: boolean) {
    // the raw-SQL server's statements by query name (their text does not depend on the parameters)
    const rawSql = JSON.stringify(Object.fromEntries(QUERY_NAMES.map((q) => [q, QUERIES[q].raw({ customerId: '', analystFrom: '', ticketId: '', pgTicketNodeId: '' }).sql])));
    const entry = compiled ? path.join(ROOT, 'dist/test/bench/api-server.js') : path.join(__dirname, 'api-server.ts');
    const execArgv: string[] = [];
    if (kind === 'postgraphile') execArgv.push('-r', path.join(__dirname, 'polyfill.js'));
    if (!compiled) execArgv.push('-r', 'ts-node/register/transpile-only');
    this.child = fork(entry, [], {
      cwd: ROOT,
      execArgv,
      env: { ...process.env, BENCH_KIND: kind, BENCH_DATABASE_URL: databaseUrl, BENCH_RAW_SQL: rawSql, LOG_LEVEL: 'silent', TS_NODE_TRANSPILE_ONLY: 'true', NODE_ENV: 'production', GRAPHILE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.ready = new Promise((resolve, reject) => {
      this.child.once('exit', (code) => reject(new Error(`${kind} server exited (${code}) before it was ready`)));
      this.child.on('message', (m: any) => {
        if (m.ready) {
          this.url = m.url;
          resolve();
        } else if (m.failed) reject(new Error(`${kind} server failed: ${m.failed}`));
        else if (m.id) {
          this.pending.get(m.id)?.(m);
          this.pending.delete(m.id);
        }
      });
    });
  }

  started(): Promise<void> {
    return this.ready;
  }

  call(cmd: string): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ id, cmd });
    });
  }

  /** CPU seconds (user + system) the process has used */
  async cpu(): Promise<number> {
    const { cpu } = await this.call('cpu');
    return (cpu.user + cpu.system) / 1e6;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    await Promise.race([this.call('stop'), new Promise((r) => setTimeout(r, 10000))]);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (this.child.exitCode === null && this.child.pid) this.child.kill('SIGKILL');
  }
}

// ------------------------------------------------------------------------------ requests

interface Request {
  url: string;
  headers: Record<string, string>;
  body: string;
}

function requestFor(kind: ServerKind, server: ServerProcess, q: QueryName, p: QueryParams, tokens: Record<'ANALYST' | 'CUSTOMER', string>): Request {
  const def = QUERIES[q];
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (kind === 'raw') {
    return { url: server.url, headers, body: JSON.stringify({ name: q, params: def.raw(p).params }) };
  }
  const hub = kind === 'hub' || kind === 'resolvers';
  if (hub) headers.authorization = `Bearer ${tokens[def.role]}`;
  const { query, variables } = hub ? def.hub(p) : def.postgraphile(p);
  return { url: server.url, headers, body: JSON.stringify({ query, variables }) };
}

async function send(r: Request): Promise<{ status: number; text: string }> {
  const res = await fetch(r.url, { method: 'POST', headers: r.headers, body: r.body });
  return { status: res.status, text: await res.text() };
}

/** Timestamps (ms) may differ by rounding of microseconds: 1 ms tolerance; everything else exactly. */
function sameRows(a: unknown, b: unknown, at = ''): string | null {
  if (typeof a === 'number' && typeof b === 'number' && /(At|Due)$/.test(at)) return Math.abs(a - b) <= 1 ? null : `${at}: ${a} vs ${b}`;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at || 'rows'}: ${a.length} vs ${b.length} items`;
    for (let i = 0; i < a.length; i++) {
      const d = sameRows(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = sameRows((a as any)[k], (b as any)[k], at ? `${at}.${k}` : k);
      if (d) return d;
    }
    return null;
  }
  return isDeepStrictEqual(a, b) ? null : `${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

// ------------------------------------------------------------------------------ measuring

interface Run {
  rps: number;
  p50: number;
  p99: number;
  nodeCpuMs: number;
  pgCpuMs: number | null;
  requests: number;
}

async function load(r: Request, seconds: number, connections: number): Promise<any> {
  const result = await autocannon({ url: r.url, method: 'POST', headers: r.headers, body: r.body, connections, duration: seconds });
  const total = result.requests.total as number;
  const bad = (result.non2xx as number) + (result.errors as number);
  if (!total || bad > total * 0.01) {
    throw new Error(`${r.url}: ${bad} failed of ${total} requests (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`);
  }
  return result;
}

async function measure(server: ServerProcess, r: Request, o: Options, pgCpu: (() => number) | null): Promise<Run> {
  const cpu0 = await server.cpu();
  const pg0 = pgCpu?.() ?? null;
  const result = await load(r, o.seconds, o.connections);
  const pg1 = pgCpu?.() ?? null;
  const cpu1 = await server.cpu();
  const n = result.requests.total as number;
  return {
    rps: n / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    nodeCpuMs: ((cpu1 - cpu0) * 1000) / n,
    pgCpuMs: pg0 === null || pg1 === null ? null : ((pg1 - pg0) * 1000) / n,
    requests: n,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

// ------------------------------------------------------------------------------ the case

export async function apiBench(argv: string[] = process.argv.slice(2)): Promise<void> {
  const o = parseOptions(argv);
  const out = (s = '') => process.stdout.write(s + '\n');
  const startedAt = new Date();

  // the code the servers run: dist/ when asked for (built now) or when it is newer than the sources
  let compiled = false;
  const distEntry = path.join(ROOT, 'dist/test/bench/api-server.js');
  if (o.compiled) {
    // npm run build compiles the hub (src/, migrations/); the bench's own server files come from
    // the full project config, into the same dist/ layout
    out('building (npm run build, then tsc -p tsconfig.json for the bench servers) ...');
    const b = spawnSync('sh', ['-c', 'npm run --silent build && npx tsc -p tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
    if (!fs.existsSync(distEntry)) throw new Error('the build produced no dist/test/bench/api-server.js');
    if (b.status !== 0) out('  (tsc reported errors; it emitted the build anyway)');
    compiled = true;
  } else if (fs.existsSync(distEntry)) {
    const newest = (dir: string): number => {
      let t = 0;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) t = Math.max(t, newest(p));
        else if (e.name.endsWith('.ts')) t = Math.max(t, fs.statSync(p).mtimeMs);
      }
      return t;
    };
    const src = Math.max(newest(path.join(ROOT, 'src')), newest(path.join(ROOT, 'migrations')), newest(__dirname));
    compiled = fs.statSync(distEntry).mtimeMs > src;
  }

  const pg = o.databaseUrl ? null : await scratchServer(process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || null);
  const db = o.databaseUrl ? { url: o.databaseUrl, drop: async () => undefined } : await createScratchDatabase(pg!.adminUrl, 'sg_bench_api');
  const servers = new Map<ServerKind, ServerProcess>();
  try {
    if (!o.databaseUrl) {
      const t = Date.now();
      out(`loading ${o.tickets} tickets, ${o.tickets * o.perTicket} interactions, ${o.customers} more customers (seed CLI) ...`);
      loadData(db.url, o);
      // vacuum now, not under the first measured runs: autovacuum would visit the freshly loaded
      // tables (visibility map, statistics) during them
      const v = new Client({ connectionString: db.url });
      await v.connect();
      await v.query('VACUUM (ANALYZE)').finally(() => v.end());
      out(`  loaded and vacuumed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    const params = await pickParams(db.url);
    const pgCpu = await pgCpuReader(db.url);
    const tokens = {
      ANALYST: signToken(BENCH_SECRET, { sub: 'bench-analyst', role: Role.ANALYST }),
      CUSTOMER: signToken(BENCH_SECRET, { sub: 'bench-customer', role: Role.CUSTOMER, customerId: params.customerId }),
    };

    // one at a time: start-up is CPU-heavy and the machine is small
    const kinds = [...new Set(o.queries.flatMap(serversFor))];
    for (const kind of kinds) {
      const s = new ServerProcess(kind, db.url, compiled);
      servers.set(kind, s);
      await s.started();
    }
    const req = (kind: ServerKind, q: QueryName) => requestFor(kind, servers.get(kind)!, q, params, tokens);
    if (o.queries.includes('node')) {
      // PostGraphile's own node id of the lookups' ticket
      const r = await send({ url: servers.get('postgraphile')!.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'query($id: UUID!) { ticketByRowId(rowId: $id) { id } }', variables: { id: params.ticketId } }) });
      params.pgTicketNodeId = JSON.parse(r.text)?.data?.ticketByRowId?.id ?? '';
      if (!params.pgTicketNodeId) throw new Error(`PostGraphile gave no node id for ticket ${params.ticketId}: ${r.text.slice(0, 500)}`);
    }

    // ---- same rows from all three, and the hub's SQL statements per request
    const statements = new Map<string, number>();
    const sizes = new Map<string, number>();
    const identical = new Map<QueryName, string>();
    for (const q of o.queries) {
      const answers = new Map<ServerKind, unknown>();
      const texts = new Map<ServerKind, string>();
      for (const kind of serversFor(q)) {
        const r = await send(req(kind, q));
        let body: any;
        try {
          body = JSON.parse(r.text);
        } catch {
          body = null;
        }
        if (r.status !== 200 || !body || body.errors) throw new Error(`${q} on ${LABEL[kind]}: HTTP ${r.status} ${r.text.slice(0, 1500)}`);
        answers.set(kind, QUERIES[q].normalise(kind, body));
        texts.set(kind, JSON.stringify(body));
        sizes.set(`${q}:${kind}`, Buffer.byteLength(r.text));
      }
      const hubRows = answers.get('hub') as unknown[];
      if (!hubRows.length) throw new Error(`${q}: the hub returned no rows; nothing to compare`);
      for (const kind of serversFor(q).filter((k) => k !== 'hub')) {
        const diff = sameRows(hubRows, answers.get(kind));
        if (diff) throw new Error(`${q}: ${LABEL[kind]} does not return the hub's rows (${diff})`);
      }
      identical.set(q, texts.get('hub') === texts.get('raw') ? 'JSON equal to the hub\'s, whitespace aside' : 'same rows, JSON differs from the hub\'s');
      for (const kind of serversFor(q).filter((k) => k === 'hub' || k === 'resolvers')) {
        const hub = servers.get(kind)!;
        let fewest = Infinity;
        for (let i = 0; i < 3; i++) {
          const before = (await hub.call('queries')).queries as number;
          await send(req(kind, q));
          fewest = Math.min(fewest, ((await hub.call('queries')).queries as number) - before);
        }
        statements.set(`${q}:${kind}`, fewest);
      }
      const fewest = statements.get(`${q}:hub`)!;
      const also = statements.has(`${q}:resolvers`) ? `, on its resolver path ${statements.get(`${q}:resolvers`)}` : '';
      out(`${q}: all ${serversFor(q).length} servers return the same ${hubRows.length} rows (raw SQL: ${identical.get(q)}); hub sent ${fewest} SQL statement${fewest === 1 ? '' : 's'}${also}`);
    }

    // ---- warm-up, then interleaved rounds
    if (o.warmup > 0) {
      out(`warming up (${o.warmup} s per server and query) ...`);
      for (const q of o.queries) for (const kind of serversFor(q)) await load(req(kind, q), o.warmup, o.connections);
    }
    const runs = new Map<string, Run[]>();
    const runsTotal = o.rounds * o.queries.reduce((n, q) => n + serversFor(q).length, 0);
    out(`measuring: ${o.rounds} round(s) x ${o.queries.length} queries x their servers (${runsTotal / o.rounds} runs a round), ${o.seconds} s each at c=${o.connections} (~${Math.ceil((runsTotal * (o.seconds + 0.5)) / 60)} min) ...`);
    for (let round = 0; round < o.rounds; round++) {
      for (const [qi, q] of o.queries.entries()) {
        const kinds = serversFor(q);
        const shift = (round + qi) % kinds.length;
        const order = [...kinds.slice(shift), ...kinds.slice(0, shift)];
        for (const kind of order) {
          const r = await measure(servers.get(kind)!, req(kind, q), o, pgCpu);
          const key = `${q}:${kind}`;
          runs.set(key, [...(runs.get(key) ?? []), r]);
        }
      }
      out(`  round ${round + 1}/${o.rounds} done`);
    }

    // ---- the answers still match after the load (nothing drifted, no errors under load)
    for (const q of o.queries) {
      const r = await send(req('hub', q));
      if (r.status !== 200 || JSON.parse(r.text).errors) throw new Error(`${q}: the hub answered with errors after the load: ${r.text.slice(0, 500)}`);
    }

    // ---- report
    const cpus = os.cpus();
    const pgVersionFile = path.join(ROOT, 'node_modules/postgraphile/package.json');
    const pgVersion = fs.existsSync(pgVersionFile) ? JSON.parse(fs.readFileSync(pgVersionFile, 'utf8')).version : '?';
    out('');
    out(`API bench, ${startedAt.toISOString()} (${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s)`);
    out(`  machine: ${cpus[0]?.model ?? '?'} x ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${params.pgVersion}, load average now ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    out(`  data: ${params.counts}`);
    out(`  servers: hub (${compiled ? 'dist/, compiled' : 'ts-node transpile-only'}), PostGraphile ${pgVersion} (amber + connection-filter, polyfilled on Node 20), raw SQL on node:http + pg${servers.has('resolvers') ? '; for the lookups also the hub with COMPILED_READS=false' : ''}`);
    out(`  load: autocannon, ${o.seconds} s runs at c=${o.connections}, ${o.rounds} interleaved round(s); rps/p50/p99/CPU are medians over the rounds`);
    out(`  CPU/req: the server process's cpuUsage delta / requests; PG: postmaster + children utime+stime delta / requests${pgCpu ? '' : ' (not available: the server is not on this machine)'}`);
    const f = (x: number | null, d = 1) => (x === null || !Number.isFinite(x) ? '-' : x.toFixed(d));
    for (const q of o.queries) {
      out('');
      out(QUERIES[q].title);
      out(`  ${'server'.padEnd(20)} ${'rps'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'Node CPU/req ms'.padStart(16)} ${'PG CPU/req ms'.padStart(14)} ${'KB/resp'.padStart(8)}`);
      const med = new Map<ServerKind, { rps: number; p50: number; p99: number }>();
      for (const kind of serversFor(q)) {
        const rs = runs.get(`${q}:${kind}`) ?? [];
        const m = { rps: median(rs.map((r) => r.rps)), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)) };
        med.set(kind, m);
        const pgs = rs.map((r) => r.pgCpuMs).filter((x): x is number => x !== null);
        out(
          `  ${LABEL[kind].padEnd(20)} ${f(m.rps, 0).padStart(7)} ${f(m.p50).padStart(7)} ${f(m.p99).padStart(7)} ${f(median(rs.map((r) => r.nodeCpuMs)), 2).padStart(16)} ${f(pgs.length ? median(pgs) : null, 2).padStart(14)} ${f((sizes.get(`${q}:${kind}`) ?? 0) / 1024).padStart(8)}`,
        );
      }
      const hub = med.get('hub')!;
      const pgl = med.get('postgraphile')!;
      const raw = med.get('raw')!;
      const n = statements.get(`${q}:hub`)!;
      out(`  hub ÷ PostGraphile ${f(hub.rps / pgl.rps, 2)}x, hub ÷ raw SQL ${f(hub.rps / raw.rps, 2)}x (rps); hub p99 ÷ PostGraphile p99 ${f(hub.p99 / pgl.p99, 2)}; hub SQL statements per request: ${n}`);
      if (LOOKUPS.includes(q)) {
        const today = med.get('resolvers')!;
        out(`  hub ÷ hub (resolvers) ${f(hub.rps / today.rps, 2)}x (rps), p99 ${f(hub.p99)} vs ${f(today.p99)} ms; statements ${n} vs ${statements.get(`${q}:resolvers`)}`);
        out(`  issue 12 goal for single lookups (no slower than the resolver path: rps >= and p99 <=): ${hub.rps >= today.rps && hub.p99 <= today.p99 ? 'met' : 'not met'}`);
      } else if (q === 'planner') {
        // a query the compiler does not cover: the goal is 0.8x PostGraphile through the planner
        const goal = hub.rps >= 0.8 * pgl.rps;
        out(`  issue 12 goal for an uncompiled query (>= 0.8x PostGraphile through the planner): ${goal ? 'met' : 'not met'}`);
      } else {
        const goal = hub.rps >= 1.25 * pgl.rps && hub.rps >= 0.5 * raw.rps && hub.p99 <= pgl.p99 && n <= 2;
        out(`  issue 12 goal (>= 1.25x PostGraphile, >= 0.5x raw SQL, p99 <= PostGraphile's, <= 2 statements): ${goal ? 'met' : 'not met'}`);
      }
      for (const note of QUERIES[q].notes) out(`  note: ${note}`);
    }
    out('');
  } finally {
    for (const s of servers.values()) await s.stop().catch(() => undefined);
    await db.drop().catch(() => undefined);
    await pg?.stop().catch(() => undefined);
  }
}
