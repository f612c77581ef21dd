import { loadConfig } from '../../src/config';
import { startHub, type Hub } from '../../src/hub';

export const BENCH_SECRET = 'bench-secret-for-servicegraph';

/** A hub for benchmarks on the given database: quiet, no rate limit, no SLA sweep; `env` adds settings. */
export function startBenchHub(databaseUrl: string, env: Record<string, string> = {}): Promise<Hub> {
  return startHub(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: BENCH_SECRET,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PER_MINUTE: '100000000',
      RATE_LIMIT_BURST: '100000000',
      ...env,
    }),
    { sweep: false },
  );
}
