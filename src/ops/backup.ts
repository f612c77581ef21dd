// `npm run backup` and `npm run restore`.
//
// Two formats, chosen by what this machine has:
//  - custom (`.dump`): pg_dump -Fc of the hub's database, restored with pg_restore into a fresh
//    database on any server; needs pg_dump/pg_restore of the server's major version or newer;
//  - physical (`.tar`): a base backup of the whole cluster with the WAL it needs, taken with the
//    server binary alone (BASE_BACKUP over the replication protocol, as pg_basebackup does), for a
//    server on this machine such as the embedded one (its package ships no pg_dump); restored
//    into a fresh cluster folder, which PostgreSQL brings to the backup's end point at start.
// Both keep the event log, its epoch (so cursors issued before the backup stay valid) and the
// stock ledger exactly as they were at the backup's moment.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../config';
import { ownedByServer, postgresOsUser, runningPostmaster, startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded';
import { log, setLogLevel } from '../logger';
import { findPgTool, missingTool, serverMajor } from './pg-tools';

export type BackupFormat = 'custom' | 'physical';

export class OpsError extends Error {}

export interface BackupResult {
  file: string;
  format: BackupFormat;
  bytes: number;
  ms: number;
  tool: string;
}

const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const stamp = () => new Date().toISOString().replace(/[:.]/g, '-').replace(/-\d+Z$/, 'Z');

function run(bin: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    child.stderr!.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new OpsError(`${path.basename(bin)} exited with ${code}: ${err.trim().slice(-2000)}`))));
  });
}

const isLocal = (u: URL) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname);

/**
 * Backs up the database at `url` into `out`. `format` auto: custom when a fitting pg_dump is
 * installed, else physical (the server must run on this machine; `url` needs the REPLICATION
 * attribute, as the embedded superuser has).
 */
export async function backup(opts: { url: string; out: string; format?: BackupFormat | 'auto' }): Promise<BackupResult> {
  const started = Date.now();
  const major = await serverMajor(opts.url);
  const dump = findPgTool('pg_dump', major);
  const format: BackupFormat = opts.format && opts.format !== 'auto' ? opts.format : dump ? 'custom' : 'physical';
  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  const tmp = `${opts.out}.partial`;
  fs.rmSync(tmp, { recursive: true, force: true });
  let tool: string;
  if (format === 'custom') {
    if (!dump) throw new OpsError(`${missingTool('pg_dump', major, false)}; or take a physical backup (--format physical) of a server on this machine`);
    await run(dump.bin, ['--format=custom', '--compress=6', '--no-password', `--file=${tmp}`, `--dbname=${opts.url}`]);
    tool = `pg_dump ${dump.major}`;
  } else {
    const u = new URL(opts.url);
    if (!isLocal(u)) throw new OpsError(`a physical backup is taken by the server onto its own disk: ${u.hostname} is not this machine. Install pg_dump (${missingTool('pg_dump', major, false)})`);
    const staging = `${path.resolve(opts.out)}.staging`;
    fs.rmSync(staging, { recursive: true, force: true });
    const parent = path.dirname(staging);
    const user = postgresOsUser();
    // the server writes the tar as its OS user: a folder it owns, in a place it can reach
    const serverDir = user ? fs.mkdtempSync(path.join('/tmp', 'servicegraph-backup-')) : staging;
    if (user) fs.chmodSync(serverDir, 0o711);
    const target = user ? path.join(serverDir, 'out') : staging;
    if (user) ownedByServer(target);
    const c = new Client({ host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username) || 'postgres', password: decodeURIComponent(u.password), database: 'postgres', replication: 'true' } as ConstructorParameters<typeof Client>[0]);
    c.on('error', () => undefined);
    await c.connect();
    try {
      await c.query(`BASE_BACKUP (LABEL ${quote(`servicegraph backup ${stamp()}`)}, CHECKPOINT 'fast', WAL true, TARGET 'server', TARGET_DETAIL ${quote(target)}, MANIFEST 'yes')`);
    } finally {
      await c.end().catch(() => undefined);
    }
    fs.mkdirSync(parent, { recursive: true });
    fs.copyFileSync(path.join(target, 'base.tar'), tmp);
    fs.rmSync(user ? serverDir : staging, { recursive: true, force: true });
    tool = `BASE_BACKUP (PostgreSQL ${major})`;
  }
  fs.renameSync(tmp, opts.out);
  return { file: opts.out, format, bytes: fs.statSync(opts.out).size, ms: Date.now() - started, tool };
}

export function formatOf(file: string): BackupFormat {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(512);
  fs.readSync(fd, head, 0, 512, 0);
  fs.closeSync(fd);
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'custom';
  if (head.subarray(257, 262).toString('latin1') === 'ustar') return 'physical';
  throw new OpsError(`${file} is neither a pg_dump custom-format file nor a base backup tar`);
}

/** Restores a custom-format dump into `database` on the server at `adminUrl`; the database must not exist. */
export async function restoreDump(opts: { file: string; adminUrl: string; database: string }): Promise<{ url: string; ms: number }> {
  const started = Date.now();
  const major = await serverMajor(opts.adminUrl);
  const tool = findPgTool('pg_restore', major);
  if (!tool) throw new OpsError(missingTool('pg_restore', major, false));
  const admin = new Client({ connectionString: opts.adminUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (rowCount) throw new OpsError(`the database ${opts.database} exists already: restore into a new one (--database NAME), or drop it first`);
    await admin.query(`CREATE DATABASE "${opts.database.replace(/"/g, '')}" TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  const u = new URL(opts.adminUrl);
  u.pathname = '/' + opts.database;
  await run(tool.bin, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${u.toString()}`, opts.file]);
  return { url: u.toString(), ms: Date.now() - started };
}

/** Unpacks a physical backup into `clusterDir` (must not hold a cluster); PostgreSQL replays its WAL at the first start. */
export function restoreCluster(opts: { file: string; clusterDir: string }): { ms: number } {
  const started = Date.now();
  if (fs.existsSync(path.join(opts.clusterDir, 'PG_VERSION'))) throw new OpsError(`${opts.clusterDir} holds a cluster already (restore into a fresh folder, or --replace)`);
  ownedByServer(opts.clusterDir);
  execFileSync('tar', ['-xf', path.resolve(opts.file), '-C', opts.clusterDir]);
  const user = postgresOsUser();
  if (user) execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, opts.clusterDir]);
  fs.rmSync(path.join(opts.clusterDir, 'standby.signal'), { force: true });
  return { ms: Date.now() - started };
}

// ---------------------------------------------------------------- command line

const USAGE = `usage:
  npm run backup  -- [--out FILE] [--format auto|custom|physical]
  npm run restore -- FILE [--database NAME] [--data-dir DIR] [--replace]

backup: DATABASE_URL's database, else the embedded one in DATA_DIR (the running hub's server is
used as it runs). Default FILE: DATA_DIR/backups/servicegraph-<time>.dump (custom, pg_dump) or
.tar (physical: the whole cluster, for a server on this machine when no fitting pg_dump exists).
restore: a .dump into a new database (--database, default servicegraph_restored_<time>) on
DATABASE_URL's server or the embedded one; a .tar into DIR/pg (default DATA_DIR/pg) as a new
cluster (--replace moves an existing, stopped one aside first).`;

function args(argv: string[]) {
  const out: { positional: string[]; flags: Record<string, string | true> } = { positional: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      out.positional.push(a);
      continue;
    }
    const [k, inline] = a.slice(2).split('=', 2);
    if (['replace', 'help'].includes(k)) out.flags[k] = true;
    else if (['out', 'format', 'database', 'data-dir'].includes(k)) out.flags[k] = inline ?? argv[++i] ?? '';
    else throw new OpsError(`unknown option --${k}\n${USAGE}`);
  }
  return out;
}

async function main(): Promise<void> {
  const [cmd, ...rest] = process.argv.slice(2);
  const a = args(rest);
  if (a.flags.help || !['backup', 'restore'].includes(cmd)) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  const config = loadConfig();
  setLogLevel(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const say = (s: string) => process.stdout.write(s + '\n');
  if (cmd === 'backup') {
    let embedded: EmbeddedServer | null = null;
    try {
      if (!config.databaseUrl) embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg'), role: 'backup' });
      const format = (a.flags.format as string) ?? 'auto';
      if (!['auto', 'custom', 'physical'].includes(format)) throw new OpsError(`--format must be auto, custom or physical`);
      const url = config.databaseUrl ?? embedded!.url;
      const physicalUrl = embedded ? embedded.adminUrl : url;
      const wantsPhysical = format === 'physical' || (format === 'auto' && !findPgTool('pg_dump', await serverMajor(url)));
      const out = (a.flags.out as string) ?? path.join(config.dataDir, 'backups', `servicegraph-${stamp()}.${wantsPhysical ? 'tar' : 'dump'}`);
      const r = await backup({ url: wantsPhysical ? physicalUrl : url, out, format: wantsPhysical ? 'physical' : 'custom' });
      say(`backup written: ${r.file} (${r.format}, ${(r.bytes / 1024 / 1024).toFixed(1)} MB, ${r.ms} ms, ${r.tool})`);
      say(`restore with: npm run restore -- ${r.file}${r.format === 'custom' ? ' --database NAME' : ' --data-dir DIR'}`);
      if (!config.authSecrets) say(`tokens: keep ${path.join(config.dataDir, 'auth-secret')} with it (or set AUTH_SECRET), or tokens signed before will not verify`);
    } finally {
      await embedded?.stop();
    }
    return;
  }
  const file = a.positional[0];
  if (!file || !fs.existsSync(file)) throw new OpsError(`restore needs an existing backup file\n${USAGE}`);
  const format = formatOf(file);
  if (format === 'custom') {
    let embedded: EmbeddedServer | null = null;
    try {
      if (!config.databaseUrl) embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg'), role: 'restore' });
      const adminUrl = config.databaseUrl ?? embedded!.adminUrl;
      const database = (a.flags.database as string) ?? `servicegraph_restored_${stamp().replace(/[^0-9]/g, '').slice(0, 14)}`;
      const r = await restoreDump({ file, adminUrl, database });
      say(`restored ${file} into the database ${database} (${r.ms} ms)`);
      say(embedded ? `serve it: stop the hub, then rename it to servicegraph on the embedded server, or run with DATABASE_URL=${r.url}` : `serve it: DATABASE_URL=${r.url}`);
    } finally {
      await embedded?.stop();
    }
    return;
  }
  const dataDir = path.resolve((a.flags['data-dir'] as string) ?? config.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  if (fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    if (!a.flags.replace) throw new OpsError(`${clusterDir} holds a cluster: restore into another --data-dir, or pass --replace to move it aside`);
    if (runningPostmaster(clusterDir)) throw new OpsError(`a PostgreSQL runs on ${clusterDir}: stop the hub (and commands using it) first`);
    const aside = `${clusterDir}.before-restore-${stamp()}`;
    fs.renameSync(clusterDir, aside);
    say(`moved the existing cluster to ${aside}`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const r = restoreCluster({ file, clusterDir });
  say(`restored ${file} into ${clusterDir} (${r.ms} ms); the next start replays its WAL: DATA_DIR=${dataDir} npm start`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      if (err instanceof OpsError) process.stderr.write(`${err.message}\n`);
      else log.error('failed', { err });
      process.exit(1);
    },
  );
}
