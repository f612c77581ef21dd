import 'reflect-metadata';
import path from 'node:path';
import { DataSource, type Logger, type QueryRunner } from 'typeorm';
import { log } from '../logger';
import { entities } from './entities';
import { SnakeNamingStrategy } from './naming';

/** Counts statements and logs slow and failing ones. */
class CountingLogger implements Logger {
  constructor(private readonly stats: { queries: number; recent?: string[] }) {}
  logQuery(q: string, _p?: unknown[], _r?: QueryRunner) {
    this.stats.queries++;
    this.stats.recent?.push(q);
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

export function createDataSource(url: string, stats: { queries: number; recent?: string[] } = { queries: 0 }, poolSize = 20): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
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
