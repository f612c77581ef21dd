module.exports = async function globalTeardown() {
  const server = globalThis.__SG_PG__;
  if (server) await server.stop();
};
