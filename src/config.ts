import { isIP } from 'node:net';
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
  /** how long an idempotency key (and its first result) is remembered */
  idempotencyKeyTtlHours: number;
  eventPollMs: number;
  slaAtRiskShare: number;
  slaSweepMs: number;
  rateLimitPerMinute: number;
  rateLimitBurst: number;
  subscriptionsPerConnection: number;
  subscriptionsPerToken: number;
  /** bytes of query text + variables that one principal's live subscriptions may hold, summed over instances */
  subscriptionBytesPerToken: number;
  /**
   * TRUST_PROXY: the proxies whose X-Forwarded-For names the client (express's `trust proxy`):
   * false (none: the socket's address is the client, the default), true (any), a number of hops,
   * or addresses / CIDR subnets / `loopback`, `linklocal`, `uniquelocal`. The per-IP rate limit of
   * requests without a valid token and the demo sign-in's limit key on that client.
   */
  trustProxy: boolean | number | string[];
  /** events one subscription may have waiting for a client that does not read; past it the connection is closed (1013) */
  subscriptionBacklog: number;
  /** MB of events one principal's subscriptions may have waiting on an instance, over all of them */
  subscriptionBacklogMb: number;
  /** the longest token lifetime (exp - iat) accepted, in hours (TOKEN_MAX_LIFETIME_HOURS) */
  tokenMaxLifetimeHours: number;
  /**
   * COMPILED_READS: `true` answers fully covered query operations with one compiled statement
   * and plans the covered root fields of the others; `planner` only the latter; `false` neither
   * (every field through its resolver).
   */
  compiledReads: 'all' | 'planner' | 'off';
  /**
   * The console's demo sign-in (DEMO_SIGN_IN, src/server/web.ts): `auto` offers it only while the
   * hub listens on loopback and the database holds the demo seed; true also when exposed; false never.
   */
  demoSignIn: boolean | 'auto';
  /**
   * METRICS_TOKEN: GET /metrics (Prometheus) answers to `Authorization: Bearer <this>` only; unset,
   * /metrics answers 404 and no metrics are kept at all (src/observability/metrics.ts).
   */
  metricsToken: string | null;
  /**
   * OpenTelemetry tracing (src/observability/tracing.ts) is on when the standard
   * OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set and
   * OTEL_SDK_DISABLED is not true; the exporter reads the other OTEL_* variables itself.
   */
  otlpEndpoint: string | null;
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

function boolVar(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  if (raw === '') return fallback;
  if (['true', '1'].includes(raw)) return true;
  if (['false', '0'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function trustProxy(env: NodeJS.ProcessEnv): boolean | number | string[] {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || /^(false|0)$/i.test(raw)) return false;
  if (/^(true)$/i.test(raw)) return true;
  if (/^\d+$/.test(raw)) return intVar(env, 'TRUST_PROXY', 0, 1, 100);
  const list = raw.split(',').map((s) => s.trim());
  for (const item of list) {
    const [addr, bits, extra] = item.split('/');
    const family = isIP(addr);
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(item);
    const prefixOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!named && (!family || !prefixOk || extra !== undefined)) {
      throw new ConfigError(
        `TRUST_PROXY must be true, false, a number of hops, or a comma-separated list of addresses, CIDR subnets, loopback, linklocal, uniquelocal; got "${env.TRUST_PROXY}"`,
      );
    }
  }
  return list;
}

function metricsToken(env: NodeJS.ProcessEnv): string | null {
  const token = env.METRICS_TOKEN ?? '';
  if (token === '') return null;
  if (token.length < 16 || /\s/.test(token)) throw new ConfigError('METRICS_TOKEN must be at least 16 characters without spaces (e.g. `openssl rand -hex 24`)');
  return token;
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
    // loopback unless exposed on purpose (HOST=0.0.0.0)
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || null,
    databaseReadUrl: env.DATABASE_READ_URL || null,
    dataDir: path.resolve(env.DATA_DIR || '.data'),
    authSecrets: secrets.length ? secrets : null,
    seedDemo: seedRaw === '' || seedRaw === 'auto' ? 'auto' : seedRaw === 'true' || seedRaw === '1',
    logLevel,
    eventRetentionHours: intVar(env, 'EVENT_RETENTION_HOURS', 24 * 7, 1, 24 * 365 * 10),
    idempotencyKeyTtlHours: intVar(env, 'IDEMPOTENCY_KEY_TTL_HOURS', 24, 1, 24 * 365),
    eventPollMs: intVar(env, 'EVENT_POLL_MS', 2000, 50, 600000),
    slaAtRiskShare: share,
    slaSweepMs: intVar(env, 'SLA_SWEEP_MS', 30000, 100, 3600000),
    rateLimitPerMinute: intVar(env, 'RATE_LIMIT_PER_MINUTE', 1200, 1, 100_000_000),
    rateLimitBurst: intVar(env, 'RATE_LIMIT_BURST', 300, 1, 100_000_000),
    subscriptionsPerConnection: intVar(env, 'SUBSCRIPTIONS_PER_CONNECTION', 100, 1, 1_000_000),
    subscriptionsPerToken: intVar(env, 'SUBSCRIPTIONS_PER_TOKEN', 500, 1, 10_000_000),
    subscriptionBytesPerToken: intVar(env, 'SUBSCRIPTION_BYTES_PER_TOKEN', 1024 * 1024, 1024, 1024 * 1024 * 1024),
    subscriptionBacklog: intVar(env, 'SUBSCRIPTION_BACKLOG', 1000, 1, 1_000_000),
    subscriptionBacklogMb: intVar(env, 'SUBSCRIPTION_BACKLOG_MB', 64, 1, 65_536),
    trustProxy: trustProxy(env),
    tokenMaxLifetimeHours: intVar(env, 'TOKEN_MAX_LIFETIME_HOURS', 720, 1, 24 * 366),
    compiledReads: ((v) => (v === 'planner' ? 'planner' : v ? 'all' : 'off'))(env.COMPILED_READS === 'planner' ? 'planner' : boolVar(env, 'COMPILED_READS', true)),
    demoSignIn: (env.DEMO_SIGN_IN ?? '').toLowerCase() === 'auto' || !env.DEMO_SIGN_IN ? 'auto' : boolVar(env, 'DEMO_SIGN_IN', false),
    metricsToken: metricsToken(env),
    otlpEndpoint: boolVar(env, 'OTEL_SDK_DISABLED', false) ? null : env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || null,
  };
}
