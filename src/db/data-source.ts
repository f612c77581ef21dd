import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { DataSource, type Logger, type QueryRunner } from 'typeorm';
import { log } from '../logger';
import { SnakeNamingStrategy } from './naming';

/** Whose statements run here: the hub's own background work, or a request with the list its statements go to. */
type StatementScope = { background: true } | { recent: string[] | undefined };
const scope = new AsyncLocalStorage<StatementScope>();

/**
 * Runs `work` as the hub's own background work (the event bus's read of the log, the pruners):
 * its statements count in `stats.queries` but stay out of `stats.recent`, the list of what
 * requests sent, so whoever reads that list (the statement-count tests, the bench) sees the
 * request's statements only, whenever a timer happens to fire.
 */
export function asBackground<T>(work: () => Promise<T>): Promise<T> {
  return scope.run({ background: true }, work);
}

/**
 * Runs a request's work: its statements go to the `stats.recent` list that was current when the
 * request started, so a request's leftovers (resolvers still running after its answer went out)
 * never land in the list of a later one.
 */
export function asRequest<T>(stats: { recent?: string[] }, work: () => T): T {
  return scope.run({ recent: stats.recent }, work);
}

/** Counts one statement, and lists it for whoever reads `stats.recent` (see asBackground, asRequest). */
export function countStatement(stats: { queries: number; recent?: string[] }, sql: string): void {
  stats.queries++;
  const s = scope.getStore();
  if (s && 'background' in s) return;
  (s ? s.recent : stats.recent)?.push(sql);
}

/** Counts statements and logs slow and failing ones. */
class CountingLogger implements Logger {
  constructor(private readonly stats: { queries: number; recent?: string[] }) {}
  logQuery(q: string, _p?: unknown[], _r?: QueryRunner) {
    countStatement(this.stats, q);
  }
  logQueryError(error: string | Error, query: string) {
    log.debug('query failed', { error: String(error), query: query.slice(0, 500) });
  }
  logQuerySlow(time: number, query: string) {
    log.warn('slow query', { ms: time, query: query.slice(0, 500) });
  }
  logSchemaBuild() {}
  logMigration(message: string) {
    log.info('migration', { message });
  }
  log(level: 'log' | 'info' | 'warn', message: unknown) {
    if (level === 'warn') log.warn(String(message));
  }
}

export const MIGRATIONS_GLOB = path.join(__dirname, '..', '..', 'migrations', '*.{ts,js}');
/**
 * Every entity: each module's `*.entity.ts` (the naming convention is the list, as the migrations
 * folder is for migrations), so the database layer imports no domain module.
 */
export const ENTITIES_GLOB = path.join(__dirname, '..', '**', '*.entity.{ts,js}');

export function createDataSource(url: string, stats: { queries: number; recent?: string[] } = { queries: 0 }, poolSize = 20): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: [ENTITIES_GLOB],
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'all',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: ['query', 'error', 'warn', 'migration'],
    logger: new CountingLogger(stats),
    maxQueryExecutionTime: 2000,
    extra: { max: poolSize, application_name: 'servicegraph', connectionTimeoutMillis: 15000 },
  });
}
