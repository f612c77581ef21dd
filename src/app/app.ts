import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { EventBus } from '../events/bus';
import type { Clock } from './clock';
import type { Loaders } from './loaders';

/** What every request can reach: the database, the event bus, the clock, the settings. */
export interface App {
  config: Config;
  db: DataSource;
  /** where statistics read: the DATABASE_READ_URL replica, else the same as `db` */
  readDb: DataSource;
  bus: EventBus;
  clock: Clock;
  authSecrets: string[];
  /** SQL statements sent, for tests and diagnostics */
  stats: { queries: number; recent?: string[] };
  /** a fresh set of per-request DataLoaders (src/app/loaders.ts), for each request's context */
  createLoaders(): Loaders;
}
