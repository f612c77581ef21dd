// Issue 14 item 11: backups. A backup restored into a fresh database (custom format, pg_restore)
// or a fresh cluster (physical) holds the event log, its epoch and the stock ledger exactly as
// they were, and a hub serves from it: a subscription resumes from a cursor taken before the
// backup and replays the events up to it, in order.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded';
import { createScratchDatabase } from '../src/db/scratch';
import { backup, formatOf, restoreCluster, restoreDump } from '../src/ops/backup';
import { findPgTool, serverMajor } from '../src/ops/pg-tools';
import { seedDemoIfEmpty } from '../src/seed/demo';
import { basics } from './support/fixtures';
import { collect, startTestHub, type TestHub } from './support/harness';

async function sql<T = any>(url: string, text: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

/** What must survive: the log (count, newest seq, a digest), its epoch, the ledger and the levels it sums to. */
async function fingerprint(url: string) {
  const [log] = await sql(url, `SELECT count(*)::int AS n, max(seq)::text AS newest, md5(string_agg(seq || ':' || topic || ':' || type || ':' || entity_id, ',' ORDER BY seq)) AS digest FROM event_log`);
  const [state] = await sql(url, `SELECT epoch, pruned_through::text FROM event_log_state WHERE id = 1`);
  const [ledger] = await sql(url, `SELECT count(*)::int AS n, md5(string_agg(seq || ':' || quantity || ':' || on_hand_after || ':' || reserved_after, ',' ORDER BY seq)) AS digest FROM stock_movement`);
  const [levels] = await sql(url, `SELECT sum(on_hand)::int AS on_hand, sum(reserved)::int AS reserved FROM stock_level`);
  // the ledger sums to the levels: each level's newest movement carries its level after it
  const [drift] = await sql(url, `
    SELECT count(*)::int AS n FROM stock_level l
    JOIN LATERAL (SELECT on_hand_after, reserved_after FROM stock_movement m WHERE m.stock_level_id = l.id ORDER BY seq DESC LIMIT 1) last ON true
    WHERE last.on_hand_after <> l.on_hand OR last.reserved_after <> l.reserved`);
  return { log, state, ledger, levels, drift: drift.n };
}

interface Source {
  t: TestHub;
  url: string;
  cursorBefore: string;
  expectedAfterCursor: number;
  at: Awaited<ReturnType<typeof fingerprint>>;
}

/** A hub on `databaseUrl` with the demo desk (tickets, events, stock ledger), a cursor, then more events. */
async function prepare(databaseUrl: string): Promise<Source> {
  const t = await startTestHub({ databaseUrl });
  await seedDemoIfEmpty(t.hub.app, true);
  const b = await basics(t);
  const cursorBefore = (await t.gql(b.admin, '{ eventCursor }')).data.eventCursor as string;
  for (let i = 0; i < 3; i++) {
    const r = await t.gql(b.agentToken, `mutation($i: CreateTicketInput!) { createTicket(input: $i) { userErrors { code } } }`, {
      i: { customerId: b.customerIds[0], subject: `after the cursor ${i}`, kind: 'QUESTION', priority: 'LOW', channel: 'WEB' },
    });
    expect(r.data.createTicket.userErrors).toEqual([]);
  }
  const seq = Number(cursorBefore.split(':')[1]);
  const [{ n }] = await sql(databaseUrl, `SELECT count(*)::int AS n FROM event_log WHERE seq > ${seq} AND topic = 'ticket'`);
  return { t, url: databaseUrl, cursorBefore, expectedAfterCursor: n, at: await fingerprint(databaseUrl) };
}

const createTicket = async (t: TestHub, url: string, subject: string) => {
  const [c] = await sql(url, `SELECT id FROM customer ORDER BY id LIMIT 1`);
  const r = await t.gql(t.token('ADMIN' as never, { sub: 'late' }), `mutation($i: CreateTicketInput!) { createTicket(input: $i) { userErrors { code } } }`, {
    i: { customerId: Buffer.from(`Customer:${c.id}`).toString('base64url'), subject, kind: 'QUESTION', priority: 'LOW', channel: 'WEB' },
  });
  expect(r.data.createTicket.userErrors).toEqual([]);
};

/** An event the backup does not hold; the cursor a client got for it. */
async function afterBackup(src: Source): Promise<string> {
  await createTicket(src.t, src.url, 'after the backup');
  expect((await fingerprint(src.url)).log.n).toBe(src.at.log.n + 1);
  return (await src.t.gql(src.t.token('ADMIN' as never, { sub: 'late' }), '{ eventCursor }')).data.eventCursor as string;
}

/** A hub on the restored database replays, from the cursor taken before the backup, the events up to it. */
async function servesFrom(restoredUrl: string, src: Source, lostCursor: string) {
  const t = await startTestHub({ databaseUrl: restoredUrl });
  try {
    const admin = t.token('ADMIN' as never, { sub: 'restore-check' });
    const client = t.ws(admin);
    const got: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: `subscription($after: String) { ticketEvents(after: $after) { cursor type } }`, variables: { after: src.cursorBefore } },
        {
          next: (v) => {
            if (v.errors) return reject(new Error(JSON.stringify(v.errors)));
            got.push((v.data as any).ticketEvents.cursor);
            if (got.length === src.expectedAfterCursor) resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
      timer = setTimeout(() => reject(new Error(`got ${got.length} of ${src.expectedAfterCursor} events`)), 20000);
    }).finally(() => clearTimeout(timer));
    const seqs = got.map((c) => Number(c.split(':')[1]));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(got[0].split(':')[0]).toBe(src.cursorBefore.split(':')[0]); // same epoch: cursors carry over
    // a write on the restored database continues the log after the restored events
    const r = await t.gql(admin, `{ eventCursor }`);
    expect(Number(r.data.eventCursor.split(':')[1])).toBeGreaterThanOrEqual(seqs[seqs.length - 1]);
    // the cursor of the event written after the backup names an event the restored log does not
    // hold: refused, also once the restored log has written other events at and past its number
    const lostSeq = Number(lostCursor.split(':')[1]);
    const refused = async () => {
      const c = collect(t.ws(admin), `subscription($after: String) { ticketEvents(after: $after) { cursor } }`, { after: lostCursor });
      await expect(c.waitFor(1)).rejects.toThrow(/CURSOR_INVALID/);
    };
    await refused();
    for (let i = 0; Number((await t.gql(admin, `{ eventCursor }`)).data.eventCursor.split(':')[1]) <= lostSeq; i++) {
      await createTicket(t, restoredUrl, `on the restored database ${i}`);
    }
    await refused();
    // the restored log's own cursor at that number is taken
    const [{ seq }] = await sql(restoredUrl, `SELECT max(seq)::int AS seq FROM event_log`);
    expect(seq).toBeGreaterThanOrEqual(lostSeq);
    const own = collect(t.ws(admin), `subscription($after: String) { ticketEvents(after: $after) { cursor } }`, { after: (await t.gql(admin, `{ eventCursor }`)).data.eventCursor });
    await createTicket(t, restoredUrl, 'live on the restored database');
    await own.waitFor(1);
  } finally {
    await t.stop();
  }
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-backup-'));
  fs.chmodSync(dir, 0o755);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('physical: a base backup of the embedded cluster restored into a fresh cluster', async () => {
  const primary: EmbeddedServer = await startEmbeddedPostgres({ dataDir: path.join(dir, 'primary'), ephemeral: true, role: 'test' });
  let restored: EmbeddedServer | null = null;
  const src = await prepare(primary.url);
  try {
    const file = path.join(dir, 'backup.tar');
    const r = await backup({ url: primary.adminUrl, out: file, format: 'physical' });
    expect(formatOf(r.file)).toBe('physical');
    const lost = await afterBackup(src); // not in the backup
    restoreCluster({ file, clusterDir: path.join(dir, 'restored') });
    restored = await startEmbeddedPostgres({ dataDir: path.join(dir, 'restored'), ephemeral: true, role: 'test' });
    const got = await fingerprint(restored.url);
    expect(got).toEqual(src.at);
    expect(got.drift).toBe(0);
    expect(got.ledger.n).toBeGreaterThan(100);
    await servesFrom(restored.url, src, lost);
  } finally {
    await src.t.stop();
    await restored?.stop();
    await primary.stop();
  }
}, 120000);

test('custom format: pg_dump -Fc restored with pg_restore into a fresh database', async () => {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const major = await serverMajor(adminUrl);
  if (!findPgTool('pg_dump', major) || !findPgTool('pg_restore', major)) {
    // the embedded package ships no pg_dump; CI's run on the machine's PostgreSQL has a matching one
    console.warn(`custom-format backup not tried: no pg_dump/pg_restore of PostgreSQL ${major} or newer on this machine`);
    return;
  }
  const db = await createScratchDatabase(adminUrl, 'sg_backup_src');
  const target = `sg_backup_restored_${Date.now()}`;
  const src = await prepare(db.url);
  try {
    const file = path.join(dir, 'backup.dump');
    const r = await backup({ url: db.url, out: file, format: 'custom' });
    expect(formatOf(r.file)).toBe('custom');
    const lost = await afterBackup(src);
    const restored = await restoreDump({ file, adminUrl, database: target });
    await expect(restoreDump({ file, adminUrl, database: target })).rejects.toThrow(/exists already/);
    const got = await fingerprint(restored.url);
    expect(got).toEqual(src.at);
    await servesFrom(restored.url, src, lost);
  } finally {
    await src.t.stop();
    await db.drop();
    await sql(adminUrl, `DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
  }
}, 120000);
