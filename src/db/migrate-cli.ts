import 'reflect-metadata';
import path from 'node:path';
import { loadConfig } from '../config';
import { log } from '../logger';
import { createDataSource } from './data-source';
import { startEmbeddedPostgres } from './embedded';

/** `npm run migrate`: runs pending migrations on DATABASE_URL (or the embedded database). */
async function main() {
  const config = loadConfig();
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pg'), role: 'migrate' });
  const db = createDataSource(config.databaseUrl ?? embedded!.url);
  await db.initialize();
  const ran = await db.runMigrations({ transaction: 'all' });
  log.info('migrations done', { ran: ran.map((m) => m.name) });
  await db.destroy();
  await embedded?.stop();
  process.exit(0);
}

main().catch((err) => {
  log.error('migration failed', { err });
  process.exit(1);
});
