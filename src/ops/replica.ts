// A real streaming read replica of a PostgreSQL running on this machine (the embedded cluster, a
// test cluster), for DATABASE_READ_URL:
//  - the base backup is `pg_basebackup -R -X stream` when one of the primary's major version is
//    installed, else the same thing over the replication protocol with the server binary alone:
//    BASE_BACKUP (TARGET 'server', WAL) writes a tar with the WAL it needs on the primary's
//    machine, which is unpacked, and standby.signal + primary_conninfo are written as -R does;
//  - the standby runs the primary's major version (the embedded binaries, or Debian's).
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, ownedByServer, postgresOsUser, runAsServer, startCluster, stopPostmaster } from '../db/embedded';
import { findPgTool, missingTool, serverBinDir, serverMajor } from './pg-tools';

export interface Replica {
  port: number;
  dir: string;
  /** how the base backup was taken */
  method: 'pg_basebackup' | 'BASE_BACKUP';
  /** the replica's URL for `database`, with the user and password of `credentialsOf` (default: the primary URL's) */
  url(database: string, credentialsOf?: string): string;
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  /** a superuser or REPLICATION role (with pg_write_server_files for the protocol path) on the primary */
  primaryUrl: string;
  /** the new standby's folder (must not hold anything) */
  dir: string;
  port?: number;
  /** force the replication-protocol path even when pg_basebackup is installed */
  protocolOnly?: boolean;
}

const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function conninfo(u: URL, appName: string): string {
  const parts = [`host=${u.hostname}`, `port=${u.port || 5432}`, `user=${decodeURIComponent(u.username) || 'postgres'}`, `application_name=${appName}`];
  if (u.password) parts.push(`password=${decodeURIComponent(u.password)}`);
  return parts.join(' ');
}

function chownTree(p: string): void {
  const user = postgresOsUser();
  if (!user) return;
  fs.chownSync(p, user.uid, user.gid);
}

/** Takes the base backup into `dir` (an empty folder the server user owns) and configures it as a standby of `primary`. */
async function baseBackup(primary: URL, dir: string, major: number, protocolOnly: boolean): Promise<Replica['method']> {
  const appName = `servicegraph_replica_${path.basename(dir).replace(/[^A-Za-z0-9_]/g, '_')}`;
  const tool = protocolOnly ? null : findPgTool('pg_basebackup', major, true);
  if (tool) {
    await runAsServer(tool.bin, ['-d', conninfo(primary, appName), '-D', dir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync'], {
      PGPASSWORD: decodeURIComponent(primary.password),
    });
    return 'pg_basebackup';
  }
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(primary.hostname)) {
    throw new Error(`${missingTool('pg_basebackup', major, true)}; without it the primary must run on this machine (its server writes the backup to this machine's disk)`);
  }
  const staging = `${dir}.basebackup`;
  fs.rmSync(staging, { recursive: true, force: true });
  ownedByServer(staging);
  const c = new Client({
    host: primary.hostname,
    port: Number(primary.port || 5432),
    user: decodeURIComponent(primary.username) || 'postgres',
    password: decodeURIComponent(primary.password),
    database: 'postgres',
    replication: 'true',
  } as ConstructorParameters<typeof Client>[0]);
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.query(`BASE_BACKUP (LABEL ${quote(appName)}, CHECKPOINT 'fast', WAL true, TARGET 'server', TARGET_DETAIL ${quote(staging)}, MANIFEST 'no')`);
  } finally {
    await c.end().catch(() => undefined);
  }
  await runAsServer('tar', ['-xf', path.join(staging, 'base.tar'), '-C', dir]);
  fs.rmSync(staging, { recursive: true, force: true });
  // what pg_basebackup -R writes
  fs.writeFileSync(path.join(dir, 'standby.signal'), '');
  fs.appendFileSync(path.join(dir, 'postgresql.auto.conf'), `primary_conninfo = ${quote(conninfo(primary, appName))}\n`);
  for (const f of ['standby.signal', 'postgresql.auto.conf']) chownTree(path.join(dir, f));
  return 'BASE_BACKUP';
}

/** Starts a hot standby of `primaryUrl` streaming from it; resolves when it accepts read-only connections. */
export async function startReplica(opts: ReplicaOptions): Promise<Replica> {
  const primary = new URL(opts.primaryUrl);
  const major = await serverMajor(opts.primaryUrl);
  const binDir = serverBinDir(major);
  if (!binDir) throw new Error(missingTool('postgres', major, true));
  if (fs.existsSync(opts.dir) && fs.readdirSync(opts.dir).length) throw new Error(`${opts.dir} is not empty`);
  ownedByServer(opts.dir);
  const method = await baseBackup(primary, opts.dir, major, !!opts.protocolOnly);
  // a cluster whose configuration lives outside its data folder (Debian's /etc/postgresql) copies none
  if (!fs.existsSync(path.join(opts.dir, 'postgresql.conf'))) {
    fs.writeFileSync(path.join(opts.dir, 'postgresql.conf'), '# written by servicegraph: settings come from the command line\n');
    chownTree(path.join(opts.dir, 'postgresql.conf'));
  }
  if (!fs.existsSync(path.join(opts.dir, 'pg_hba.conf'))) {
    fs.writeFileSync(path.join(opts.dir, 'pg_hba.conf'), 'host all all 127.0.0.1/32 trust\n');
    chownTree(path.join(opts.dir, 'pg_hba.conf'));
  }
  // a standby must allow at least what the primary does (recovery stops otherwise)
  const c = new Client({ connectionString: opts.primaryUrl.replace(/\/[^/?]*(\?|$)/, '/postgres$1') });
  c.on('error', () => undefined);
  await c.connect();
  const { rows: limits } = await c
    .query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings WHERE name IN ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', 'max_locks_per_transaction')`,
    )
    .finally(() => c.end().catch(() => undefined));
  const port = opts.port ?? (await freePort());
  const started = await startCluster(opts.dir, {
    port,
    binDir,
    logFile: `${opts.dir}.log`,
    flags: [...limits.flatMap((l) => ['-c', `${l.name}=${l.setting}`]), '-c', 'hot_standby=on', '-c', 'hba_file=' + path.join(opts.dir, 'pg_hba.conf'), ...(fs.existsSync(path.join(opts.dir, 'pg_ident.conf')) ? ['-c', 'ident_file=' + path.join(opts.dir, 'pg_ident.conf')] : [])],
  });
  return {
    port,
    dir: opts.dir,
    method,
    url(database, credentialsOf = opts.primaryUrl) {
      const u = new URL(credentialsOf);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      u.pathname = '/' + database;
      return u.toString();
    },
    stop: () => stopPostmaster(started.pid),
  };
}

/** Waits until the replica has replayed everything the primary had written when called. */
export async function replayCaughtUp(primaryUrl: string, replicaUrl: string, timeoutMs = 30_000): Promise<void> {
  const p = new Client({ connectionString: primaryUrl });
  const r = new Client({ connectionString: replicaUrl });
  p.on('error', () => undefined);
  r.on('error', () => undefined);
  await Promise.all([p.connect(), r.connect()]);
  try {
    const { rows } = await p.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows: rr } = await r.query<{ ok: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [rows[0].lsn]);
      if (rr[0].ok) return;
      if (Date.now() > deadline) throw new Error(`the replica did not replay up to ${rows[0].lsn} within ${timeoutMs} ms`);
      await new Promise((res) => setTimeout(res, 5));
    }
  } finally {
    await Promise.all([p.end().catch(() => undefined), r.end().catch(() => undefined)]);
  }
}
