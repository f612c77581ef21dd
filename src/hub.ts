import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { App } from './app/app';
import { systemClock, type Clock } from './app/clock';
import type { Config } from './config';
import { createDataSource } from './db/data-source';
import { startEmbeddedPostgres, type EmbeddedServer } from './db/embedded';
import { EventBus } from './events/bus';
import { createSchema } from './graphql/schema';
import { log } from './logger';
import { startServer, type HubServer } from './server';
import { startSweeper, type Sweeper } from './modules/sla/sla.sweep';
import { startPruner } from './events/pruner';

export interface Hub {
  app: App;
  server: HubServer;
  embedded: EmbeddedServer | null;
  databaseUrl: string;
  stop(): Promise<void>;
}

/** The signing secret(s): AUTH_SECRET, else one generated once and kept in the data directory. */
export function resolveAuthSecrets(config: Config): string[] {
  if (config.authSecrets) return config.authSecrets;
  const file = path.join(config.dataDir, 'auth-secret');
  if (fs.existsSync(file)) return [fs.readFileSync(file, 'utf8').trim()];
  fs.mkdirSync(config.dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  log.info('generated an auth secret', { file });
  return [secret];
}

export interface StartOptions {
  clock?: Clock;
  /** run the SLA sweep on a timer (default true) */
  sweep?: boolean;
  /** seed demo data into an empty database */
  seed?: (app: App) => Promise<void>;
}

export async function startHub(config: Config, opts: StartOptions = {}): Promise<Hub> {
  let embedded: EmbeddedServer | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg') });
    databaseUrl = embedded.url;
    log.info('embedded PostgreSQL started', { port: embedded.port });
  }
  const stats = { queries: 0 };
  const db = createDataSource(databaseUrl, stats);
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'all' });
  } catch (err) {
    await db.destroy().catch(() => undefined);
    await embedded?.stop();
    throw err;
  }
  // statistics may read a replica (DATABASE_READ_URL); no migrations there, it follows the primary
  const readDb = config.databaseReadUrl ? createDataSource(config.databaseReadUrl, stats, 10) : db;
  if (readDb !== db) {
    try {
      await readDb.initialize();
    } catch (err) {
      await db.destroy().catch(() => undefined);
      await embedded?.stop();
      throw err;
    }
  }
  const bus = new EventBus(db, databaseUrl, config.eventPollMs);
  await bus.start();
  const app: App = { config, db, readDb, bus, clock: opts.clock ?? systemClock, authSecrets: resolveAuthSecrets(config), stats };
  if (opts.seed) await opts.seed(app);
  const schema = await createSchema();
  const server = await startServer(app, schema, config.port, config.host);
  const sweeper: Sweeper | null = opts.sweep === false ? null : startSweeper(app);
  const pruner = startPruner(bus, config.eventRetentionHours);
  let stopped = false;
  return {
    app,
    server,
    embedded,
    databaseUrl,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      sweeper?.stop();
      pruner.stop();
      await server.close().catch((err) => log.warn('server close failed', { err }));
      await bus.stop();
      await db.destroy().catch(() => undefined);
      if (readDb !== db) await readDb.destroy().catch(() => undefined);
      if (embedded) await embedded.stop().catch(() => undefined);
    },
  };
}
