import 'reflect-metadata';
import { signToken } from './auth/viewer';
import { ConfigError, loadConfig } from './config';
import { startHub } from './hub';
import { log, setLogLevel } from './logger';
import { claimDataDir, HubRunningError, portFree } from './ops/hub-lock';
import { Role } from './modules/common/enums';
import { demoIdentities, seedDemoIfEmpty } from './seed/demo';

/** Demo tokens are printed to the console: keep them short-lived. */
const DEMO_TOKEN_HOURS = 8;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  setLogLevel(config.logLevel);
  // one hub per data directory (its embedded cluster, its secret): a second start says so and exits
  const claim = config.databaseUrl ? null : await claimDataDir(config.dataDir);
  if (!(await portFree(config.host, config.port))) {
    claim?.release();
    process.stderr.write(`port ${config.port} on ${config.host} is already in use by another program: stop it or set PORT\n`);
    process.exit(1);
  }
  let hub;
  try {
    hub = await startHub(config, {
      seed: config.seedDemo === false ? undefined : (app) => seedDemoIfEmpty(app, config.seedDemo === true),
    });
  } catch (err) {
    claim?.release();
    throw err;
  }
  claim?.serving(hub.server.url);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    log.info('shutting down', { signal });
    // in-flight requests get up to 10 s (the HTTP drain's grace period); this is the last resort
    const force = setTimeout(() => {
      log.error('shutdown timed out; exiting', { ms: Date.now() - started });
      process.exit(1);
    }, 15000);
    force.unref();
    try {
      await hub.stop();
    } catch (err) {
      log.error('shutdown failed', { err });
      process.exit(1);
    } finally {
      claim?.release();
    }
    log.info('stopped', { ms: Date.now() - started });
    process.exit(0);
  };
  // We own SIGINT/SIGTERM: hub.stop() drains requests, closes the pools and the listener, then
  // stops the embedded server last (it runs in its own session, so Ctrl-C does not reach it).
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.removeAllListeners(signal);
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('unhandledRejection', (err) => log.error('unhandled rejection', { err }));

  const ids = await demoIdentities(hub.app);
  const lines = [`ServiceGraph is serving GraphQL at ${hub.server.url} (WebSocket subscriptions on the same URL)`];
  if (ids) {
    const until = new Date(Date.now() + DEMO_TOKEN_HOURS * 3600_000).toISOString();
    lines.push(`Demo tokens (valid ${DEMO_TOKEN_HOURS} hours, until ${until}; \`npm run token\` makes more), send as "Authorization: Bearer <token>":`);
    for (const role of [Role.ADMIN, Role.MANAGER, Role.AGENT, Role.ANALYST, Role.CUSTOMER]) {
      const who = ids[role];
      if (!who) continue;
      const token = signToken(hub.app.authSecrets[0], { sub: who.sub, role, agentId: who.agentId, customerId: who.customerId }, `${DEMO_TOKEN_HOURS}h`);
      lines.push(`  ${role.padEnd(8)} ${token}`);
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
  log.info('ready', { url: hub.server.url, embedded: !!hub.embedded });
}

main().catch((err) => {
  const code = (err as NodeJS.ErrnoException)?.code ?? ((err as { cause?: NodeJS.ErrnoException })?.cause?.code);
  if (err instanceof HubRunningError) process.stderr.write(`${err.message}\n`);
  else if (code === 'EADDRINUSE') {
    process.stderr.write(`the port (PORT=${process.env.PORT || 4000}) is already in use by another program: stop it or set PORT\n`);
  } else log.error('failed to start', { err });
  process.exit(1);
});
