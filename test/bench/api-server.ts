// One server under test of the API bench (api.ts), in its own process so its CPU can be read
// from process.cpuUsage(). BENCH_KIND picks it, BENCH_DATABASE_URL is the loaded database:
//   hub           the hub itself (startBenchHub), as in production apart from quiet logs, no
//                 rate limit and no SLA sweep
//   resolvers     the same with COMPILED_READS=false (every field through its resolver)
//   postgraphile  PostGraphile 5 (amber preset + connection-filter) over the hub's tables; needs
//                 `-r ./test/bench/polyfill.js` on Node 20
//   raw           node:http + pg: one prepared SQL statement per request that returns the whole
//                 response JSON (the floor); the statements by query name in BENCH_RAW_SQL (JSON)
//
// IPC: the child sends { ready, url } once listening. The parent sends { id, cmd }:
//   cpu      → { id, cpu: process.cpuUsage() }
//   queries  → { id, queries }   SQL statements the hub has sent so far (app.stats.queries; hub only)
//   stop     → { id, stopped }, then the process exits
import 'reflect-metadata';
import http from 'node:http';
import { Pool } from 'pg';
import type { QueryName, ServerKind } from './api-queries';

interface Started {
  url: string;
  queries(): number | null;
  stop(): Promise<void>;
}

async function startHubServer(databaseUrl: string, env: Record<string, string> = {}): Promise<Started> {
  // required here, not imported at the top: the other servers' processes do not load the hub
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { setLogLevel } = require('../../src/logger') as typeof import('../../src/logger');
  setLogLevel('silent');
  const { startBenchHub } = require('./hub') as typeof import('./hub');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const hub = await startBenchHub(databaseUrl, env);
  return { url: hub.server.url, queries: () => hub.app.stats.queries, stop: () => hub.stop() };
}

async function startPostGraphile(databaseUrl: string): Promise<Started> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { postgraphile } = require('postgraphile');
  const { PostGraphileAmberPreset } = require('postgraphile/presets/amber');
  const { makePgService } = require('postgraphile/adaptors/pg');
  const { grafserv } = require('postgraphile/grafserv/node');
  const { PostGraphileConnectionFilterPreset } = require('postgraphile-plugin-connection-filter');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const preset = {
    extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
    pgServices: [makePgService({ connectionString: databaseUrl, schemas: ['public'], poolConfig: { max: 20 } })],
    grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
    grafast: { explain: false },
    // PostGraphile 5 offers filters and orderings only on indexed columns by default; the analyst
    // query filters on interaction.channel / direction (not indexed, in the hub either)
    disablePlugins: ['PgIndexBehaviorsPlugin'],
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = http.createServer();
  serv.addTo(server);
  await serv.ready?.();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    queries: () => null,
    stop: async () => {
      await new Promise((r) => server.close(r));
      await pgl.release();
    },
  };
}

async function startRawSql(databaseUrl: string): Promise<Started> {
  const pool = new Pool({ connectionString: databaseUrl, max: 20, application_name: 'bench-raw-sql' });
  pool.on('error', () => undefined);
  // the statements come from the parent (api-queries.ts), so this process loads none of the hub's modules
  const sqlOf = new Map<string, string>(Object.entries(JSON.parse(process.env.BENCH_RAW_SQL ?? '{}') as Record<string, string>));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let name: QueryName;
      let params: unknown[];
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { name: QueryName; params: unknown[] };
        name = body.name;
        params = body.params ?? [];
        if (!sqlOf.has(name)) throw new Error('unknown query ' + name);
      } catch (err) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(err));
        return;
      }
      pool.query({ name: 'bench_' + name, text: sqlOf.get(name)!, values: params }).then(
        (r) => {
          const body: string = r.rows[0].body;
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        },
        (err) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err)),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/sql`,
    queries: () => null,
    stop: async () => {
      await new Promise((r) => server.close(r));
      await pool.end();
    },
  };
}

async function main(): Promise<void> {
  const kind = process.env.BENCH_KIND as ServerKind;
  const url = process.env.BENCH_DATABASE_URL!;
  const start = {
    hub: startHubServer,
    resolvers: (u: string) => startHubServer(u, { COMPILED_READS: 'false' }),
    postgraphile: startPostGraphile,
    raw: startRawSql,
  }[kind];
  if (!start || !url) throw new Error('BENCH_KIND (hub|resolvers|postgraphile|raw) and BENCH_DATABASE_URL are required');
  const s = await start(url);
  process.on('message', (m: { id: number; cmd: string }) => {
    if (m.cmd === 'cpu') process.send!({ id: m.id, cpu: process.cpuUsage() });
    else if (m.cmd === 'queries') process.send!({ id: m.id, queries: s.queries() });
    else if (m.cmd === 'stop') {
      s.stop()
        .catch(() => undefined)
        .finally(() => {
          process.send!({ id: m.id, stopped: true }, () => process.exit(0));
        });
    }
  });
  // the parent went away: do not linger
  process.on('disconnect', () => {
    s.stop().finally(() => process.exit(0));
  });
  process.send!({ ready: true, url: s.url });
}

main().catch((err) => {
  process.send?.({ failed: String((err as Error)?.stack ?? err) });
  process.stderr.write(`api-server (${process.env.BENCH_KIND}) failed: ${(err as Error)?.stack ?? err}\n`);
  process.exit(1);
});
