module.exports = async function globalTeardown() {
  const replica = globalThis.__SG_REPLICA__;
  if (replica) await replica.stop();
  const server = globalThis.__SG_PG__;
  if (server) await server.stop();
};
