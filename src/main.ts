import 'reflect-metadata';
import { signToken } from './auth/viewer';
import { ConfigError, loadConfig } from './config';
import { startHub } from './hub';
import { log, setLogLevel } from './logger';
import { Role } from './modules/common/enums';
import { demoIdentities, seedDemoIfEmpty } from './seed/demo';

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
  const hub = await startHub(config, {
    seed: config.seedDemo === false ? undefined : (app) => seedDemoIfEmpty(app, config.seedDemo === true),
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 15000);
    force.unref();
    await hub.stop();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('unhandledRejection', (err) => log.error('unhandled rejection', { err }));

  const ids = await demoIdentities(hub.app);
  const lines = [`ServiceGraph is serving GraphQL at ${hub.server.url} (WebSocket subscriptions on the same URL)`];
  if (ids) {
    lines.push('Demo tokens (valid 30 days), send as "Authorization: Bearer <token>":');
    for (const role of [Role.ADMIN, Role.MANAGER, Role.AGENT, Role.ANALYST, Role.CUSTOMER]) {
      const who = ids[role];
      if (!who) continue;
      const token = signToken(hub.app.authSecrets[0], { sub: who.sub, role, agentId: who.agentId, customerId: who.customerId });
      lines.push(`  ${role.padEnd(8)} ${token}`);
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
  log.info('ready', { url: hub.server.url, embedded: !!hub.embedded });
}

main().catch((err) => {
  log.error('failed to start', { err });
  process.exit(1);
});
