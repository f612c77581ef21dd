// Issue 14 item 10: a real streaming read replica behind DATABASE_READ_URL. This file starts its
// own primary (a fresh embedded cluster, wal_level=replica, a replication role and pg_hba entry)
// and a hot standby of it (pg_basebackup -R when one of the same major is installed, else the same
// over the replication protocol with the embedded server binary alone), then a hub on both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded';
import { replayCaughtUp, startReplica, type Replica } from '../src/ops/replica';
import { basics, type Basics } from './support/fixtures';
import { startTestHub, type TestHub } from './support/harness';

let dir: string;
let primary: EmbeddedServer;
let replica: Replica | null = null;
let t: TestHub;
let b: Basics;
let readUrl: string;

async function sql(url: string, text: string, params: unknown[] = []) {
  const c = new Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-replica-'));
  fs.chmodSync(dir, 0o755);
  primary = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'primary'),
    ephemeral: true,
    settings: { wal_level: 'replica', max_wal_senders: '5', wal_keep_size: '64MB' },
    role: 'test-primary',
  });
  // the replication role and its pg_hba entry (BASE_BACKUP to the server's disk needs pg_write_server_files)
  await sql(primary.adminUrl, `CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD 'replica-secret'`);
  await sql(primary.adminUrl, `GRANT pg_write_server_files TO replicator`);
  fs.appendFileSync(path.join(primary.clusterDir, 'pg_hba.conf'), 'host replication replicator 127.0.0.1/32 scram-sha-256\n');
  await sql(primary.adminUrl, 'SELECT pg_reload_conf()');

  const repUrl = new URL(primary.adminUrl);
  repUrl.username = 'replicator';
  repUrl.password = 'replica-secret';
  replica = await startReplica({ primaryUrl: repUrl.toString(), dir: path.join(dir, 'replica') });
  readUrl = replica.url('servicegraph', primary.url);
  t = await startTestHub({ databaseUrl: primary.url, env: { DATABASE_READ_URL: readUrl } });
  b = await basics(t);
}, 60000);

afterAll(async () => {
  await t?.stop().catch(() => undefined);
  await replica?.stop().catch(() => undefined);
  await primary?.stop().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

const count = async () => {
  const r = await t.gql(b.admin, `{ ticketStats { count } }`);
  return r;
};
const search = (q: string) => t.gql(b.admin, `query($q: String) { knowledgeArticles(query: $q) { totalCount nodes { title } } }`, { q });

async function ticket(subject: string) {
  const r = await t.gql(b.agentToken, `mutation($i: CreateTicketInput!) { createTicket(input: $i) { ticket { id } userErrors { code } } }`, {
    i: { customerId: b.customerIds[0], subject, kind: 'QUESTION', priority: 'LOW', channel: 'WEB' },
  });
  expect(r.data?.createTicket.userErrors).toEqual([]);
}

test('the standby streams from the primary, and statistics and knowledge search read it', async () => {
  const rep = await sql(primary.adminUrl, `SELECT state FROM pg_stat_replication`);
  expect(rep.map((r) => r.state)).toEqual(['streaming']);
  expect((await sql(readUrl, 'SELECT pg_is_in_recovery() AS r'))[0].r).toBe(true);

  await ticket('replica one');
  await ticket('replica two');
  const art = await t.gql(b.admin, `mutation { createKnowledgeArticle(input: { title: "Descaling the boiler", body: "Run the descaling programme monthly", published: true }) { userErrors { code } } }`);
  expect(art.data?.createKnowledgeArticle.userErrors).toEqual([]);
  await replayCaughtUp(primary.adminUrl, readUrl);
  expect((await count()).data.ticketStats[0].count).toBe(2);
  expect((await search('descaling')).data.knowledgeArticles.nodes).toEqual([{ title: 'Descaling the boiler' }]);
});

test('replication lag: a write is on the primary at once, in statistics once the replica has replayed it', async () => {
  const before = (await count()).data.ticketStats[0].count;
  await sql(readUrl, 'SELECT pg_wal_replay_pause()');
  try {
    await ticket('written during lag');
    // reads of the primary see it (ticket lists), statistics on the replica do not yet
    const list = await t.gql(b.admin, `{ tickets(filter: { text: "lag" }) { totalCount } }`);
    expect(list.data.tickets.totalCount).toBe(1);
    expect((await count()).data.ticketStats[0].count).toBe(before);
  } finally {
    await sql(readUrl, 'SELECT pg_wal_replay_resume()');
  }
  await replayCaughtUp(primary.adminUrl, readUrl);
  expect((await count()).data.ticketStats[0].count).toBe(before + 1);
});

test('the replica goes away: statistics and search answer SERVICE_UNAVAILABLE, writes keep working', async () => {
  await replica!.stop();
  replica = null;
  const stats = await count();
  expect(stats.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
  const found = await search('descaling');
  expect(found.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
  await ticket('written with the replica down');
  const list = await t.gql(b.admin, `{ tickets(filter: { text: "replica down" }) { totalCount } }`);
  expect(list.data.tickets.totalCount).toBe(1);
  const ready = await fetch(t.url.replace(/\/graphql$/, '/readyz'));
  expect(ready.status).toBe(200); // the primary answers: the hub stays ready for everything else
});
