import path from 'node:path';

/** Every environment variable the hub reads, read and checked in one place. */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  /** a read replica for statistics (DATABASE_READ_URL); null: statistics read the primary */
  databaseReadUrl: string | null;
  dataDir: string;
  authSecrets: string[] | null;
  seedDemo: boolean | 'auto';
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  eventRetentionHours: number;
  eventPollMs: number;
  slaAtRiskShare: number;
  slaSweepMs: number;
  rateLimitPerMinute: number;
  rateLimitBurst: number;
  subscriptionsPerConnection: number;
  subscriptionsPerToken: number;
}

export class ConfigError extends Error {}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const seedRaw = (env.SEED_DEMO ?? '').toLowerCase();
  if (!['', 'auto', 'true', 'false', '1', '0'].includes(seedRaw)) {
    throw new ConfigError(`SEED_DEMO must be true, false or auto, got "${env.SEED_DEMO}"`);
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of debug, info, warn, error, silent`);
  }
  const secrets = (env.AUTH_SECRET ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const share = env.SLA_AT_RISK_SHARE === undefined ? 0.25 : Number(env.SLA_AT_RISK_SHARE);
  if (!(share > 0 && share < 1)) throw new ConfigError('SLA_AT_RISK_SHARE must be a number between 0 and 1 (e.g. 0.25)');
  return {
    port: intVar(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || null,
    databaseReadUrl: env.DATABASE_READ_URL || null,
    dataDir: path.resolve(env.DATA_DIR || '.data'),
    authSecrets: secrets.length ? secrets : null,
    seedDemo: seedRaw === '' || seedRaw === 'auto' ? 'auto' : seedRaw === 'true' || seedRaw === '1',
    logLevel,
    eventRetentionHours: intVar(env, 'EVENT_RETENTION_HOURS', 24 * 7, 1, 24 * 365 * 10),
    eventPollMs: intVar(env, 'EVENT_POLL_MS', 2000, 50, 600000),
    slaAtRiskShare: share,
    slaSweepMs: intVar(env, 'SLA_SWEEP_MS', 30000, 100, 3600000),
    rateLimitPerMinute: intVar(env, 'RATE_LIMIT_PER_MINUTE', 1200, 1, 100_000_000),
    rateLimitBurst: intVar(env, 'RATE_LIMIT_BURST', 300, 1, 100_000_000),
    subscriptionsPerConnection: intVar(env, 'SUBSCRIPTIONS_PER_CONNECTION', 100, 1, 1_000_000),
    subscriptionsPerToken: intVar(env, 'SUBSCRIPTIONS_PER_TOKEN', 500, 1, 10_000_000),
  };
}
