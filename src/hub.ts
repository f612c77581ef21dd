import 'reflect-metadata';
import path from 'node:path';
import type { App } from './app/app';
import { systemClock, type Clock } from './app/clock';
import { createLoaders } from './app/loaders';
import { wireModules } from './app/wiring';
import type { Config } from './config';
import { resolveAuthSecrets } from './auth/secrets';
import { createDataSource } from './db/data-source';
import { startEmbeddedPostgres, type EmbeddedServer } from './db/embedded';
import { EventBus } from './events/bus';
import { createSchema } from './app/schema';
import { installPlanner } from './read/planner';
import { log } from './logger';
import { startServer, type HubServer } from './server';
import { startSweeper, type Sweeper } from './modules/sla/sla.sweep';
import { startPruner } from './events/pruner';
import { startIdempotencyPruner } from './modules/common/idempotency';
import { installTracing, instrumentSchema, observeSweep } from './observability';
import { demoAgentIds } from './seed/demo';

export interface Hub {
  app: App;
  server: HubServer;
  embedded: EmbeddedServer | null;
  databaseUrl: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** run the SLA sweep on a timer (default true) */
  sweep?: boolean;
  /** seed demo data into an empty database */
  seed?: (app: App) => Promise<void>;
}

export async function startHub(config: Config, opts: StartOptions = {}): Promise<Hub> {
  wireModules();
  let embedded: EmbeddedServer | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg'), role: 'hub' });
    databaseUrl = embedded.url;
    log.info(embedded.attached ? 'embedded PostgreSQL already running: using it' : 'embedded PostgreSQL started', { port: embedded.port });
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
  const app: App = {
    config,
    db,
    readDb,
    bus,
    clock: opts.clock ?? systemClock,
    authSecrets: resolveAuthSecrets(config),
    stats,
    createLoaders: () => createLoaders(app),
  };
  if (opts.seed) await opts.seed(app);
  // OpenTelemetry only when OTEL_EXPORTER_OTLP_ENDPOINT is set (src/observability/tracing.ts)
  const releaseTracing = config.otlpEndpoint ? installTracing() : null;
  const schema = await createSchema();
  installPlanner(schema, app, config.compiledReads !== 'off');
  // resolver spans and the subscription-lag probe, when tracing / metrics are on
  instrumentSchema(app, schema);
  const server = await startServer(app, schema, config.port, config.host, { demoAgentIds });
  const sweeper: Sweeper | null = opts.sweep === false ? null : startSweeper(app, (sweep) => observeSweep(app, sweep));
  const pruner = startPruner(bus, config.eventRetentionHours);
  const keyPruner = startIdempotencyPruner(app);
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
      keyPruner.stop();
      await server.close().catch((err) => log.warn('server close failed', { err }));
      await bus.stop();
      await releaseTracing?.();
      await db.destroy().catch(() => undefined);
      if (readDb !== db) await readDb.destroy().catch(() => undefined);
      if (embedded) await embedded.stop().catch(() => undefined);
    },
  };
}
