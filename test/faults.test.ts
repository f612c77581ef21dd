// Issue 7: a database that goes away, and a hub killed mid-write.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { freePort } from '../src/db/embedded';
import { createScratchDatabase } from '../src/db/scratch';
import { basics } from './support/fixtures';
import { PgProcess } from './support/pg-process';
import { Role, SECRET, startTestHub, waitUntil, type TestHub } from './support/harness';
import { signToken } from '../src/auth/viewer';

const ROOT = path.resolve(__dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for `fn` to hold; a failing attempt (the database away) counts as not yet. */
const until = (what: string, fn: () => Promise<boolean>, timeoutMs = 30000) => waitUntil(what, () => fn().catch(() => false), timeoutMs, 100);

describe('the database stops under load', () => {
  let pg: PgProcess;
  let dir: string;
  let port: number;
  let t: TestHub;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-faults-'));
    fs.chmodSync(dir, 0o755);
    port = await freePort();
    pg = new PgProcess();
    const url = await pg.start(path.join(dir, 'pg'), port);
    t = await startTestHub({ databaseUrl: url });
  }, 60000);

  afterAll(async () => {
    await t?.stop().catch(() => undefined);
    await pg?.quit();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('requests fail cleanly, /readyz turns 503, the process stays up, and nothing acknowledged is lost', async () => {
    const b = await basics(t);
    const ready = () => fetch(t.url.replace(/\/graphql$/, '/readyz')).then((r) => r.status);
    expect(await ready()).toBe(200);

    const acknowledged: string[] = [];
    const refusals = new Set<string>();
    let stop = false;
    let n = 0;
    const load = async () => {
      while (!stop) {
        const key = `load-${n++}`;
        try {
          const r = await t.gql(b.agentToken, `mutation($i: CreateTicketInput!) { createTicket(input: $i) { ticket { id } userErrors { code } } }`, {
            i: { customerId: b.customerIds[0], subject: key, kind: 'QUESTION', priority: 'LOW', channel: 'WEB', idempotencyKey: key },
          });
          if (r.data?.createTicket?.ticket) acknowledged.push(r.data.createTicket.ticket.id);
          for (const e of r.errors ?? []) {
            refusals.add(`${r.status} ${e.extensions?.code}`);
            expect(e.message).not.toMatch(/SELECT|INSERT|ECONNREFUSED|\.ts:/);
          }
        } catch (err) {
          refusals.add(`fetch: ${(err as Error).message}`);
        }
        await sleep(5);
      }
    };
    const workers = [load(), load(), load()];
    await until('some load', async () => acknowledged.length >= 20);
    await pg.stop();
    await until('/readyz to turn 503', async () => (await ready()) === 503, 15000);
    const during = acknowledged.length;
    await sleep(1000);
    expect((await fetch(t.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200); // the process lives
    await pg.start(path.join(dir, 'pg'), port);
    await until('/readyz to turn 200 again', async () => (await ready()) === 200, 30000);
    await until('writes to succeed again', async () => acknowledged.length > during + 20, 30000);
    stop = true;
    await Promise.all(workers);

    // while the database was away, requests got a clear, retryable refusal
    expect([...refusals]).toContain('503 SERVICE_UNAVAILABLE');
    expect([...refusals].some((r) => r.includes('INTERNAL_SERVER_ERROR'))).toBe(false);
    // every acknowledged ticket is there
    const c = new PgClient({ connectionString: t.databaseUrl });
    await c.connect();
    const ids = acknowledged.map((g) => Buffer.from(g, 'base64url').toString().split(':')[1]);
    const { rows } = await c.query('SELECT count(*)::int AS n FROM ticket WHERE id = ANY($1)', [ids]);
    await c.end();
    expect(rows[0].n).toBe(ids.length);
  }, 120000);
});

describe('the hub is killed mid-write', () => {
  test('every mutation it acknowledged is in the database and none is half applied', async () => {
    const adminUrl = process.env.TEST_DATABASE_URL!;
    const scratch = await createScratchDatabase(adminUrl);
    // migrate and create fixtures through an in-process hub, then stop it
    const setup = await startTestHub({ databaseUrl: scratch.url });
    const b = await basics(setup);
    await setup.stop();

    const port = await freePort();
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: scratch.url, PORT: String(port), HOST: '127.0.0.1', AUTH_SECRET: SECRET, SEED_DEMO: 'false', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const url = `http://127.0.0.1:${port}/graphql`;
    try {
      await until('the hub to start', async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 60000);
      const token = signToken(SECRET, { sub: 'agent', role: Role.AGENT, agentId: Buffer.from(b.agentIds[0], 'base64url').toString().split(':')[1] });
      const acknowledged: { ticket: string; interaction: string }[] = [];
      let n = 0;
      let dead = false;
      const load = async () => {
        while (!dead) {
          const i = n++;
          try {
            const res = await fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({
                query: `mutation($i: LogInteractionInput!) { logInteraction(input: $i) { interaction { id } ticket { id } userErrors { code } } }`,
                variables: {
                  i: {
                    customerId: b.customerIds[i % 2],
                    channel: 'PHONE',
                    direction: 'INBOUND',
                    summary: `call ${i}`,
                    openTicket: { subject: `call ${i}`, kind: 'INCIDENT', priority: 'NORMAL' },
                  },
                },
              }),
            });
            const body = (await res.json()) as any;
            const p = body.data?.logInteraction;
            if (p?.ticket && p?.interaction) acknowledged.push({ ticket: p.ticket.id, interaction: p.interaction.id });
          } catch {
            // the hub died under this request: it was never acknowledged
          }
        }
      };
      const workers = [load(), load(), load(), load()];
      await until('some acknowledged writes', async () => acknowledged.length >= 30);
      child.kill('SIGKILL');
      dead = true;
      await Promise.all(workers);

      const c = new PgClient({ connectionString: scratch.url });
      await c.connect();
      try {
        const raw = (g: string) => Buffer.from(g, 'base64url').toString().split(':')[1];
        const { rows: found } = await c.query(
          `SELECT count(*)::int AS n FROM ticket t JOIN interaction i ON i.ticket_id = t.id AND i.id = ANY($2) WHERE t.id = ANY($1)`,
          [acknowledged.map((a) => raw(a.ticket)), acknowledged.map((a) => raw(a.interaction))],
        );
        expect(found[0].n).toBe(acknowledged.length);
        // no half-applied write: every ticket has its interaction and its CREATED event, and vice versa
        const { rows: half } = await c.query(`SELECT
          (SELECT count(*)::int FROM ticket t WHERE NOT EXISTS (SELECT 1 FROM interaction i WHERE i.ticket_id = t.id)) AS "ticketsWithoutContact",
          (SELECT count(*)::int FROM ticket t WHERE NOT EXISTS (SELECT 1 FROM event_log e WHERE e.entity_id = t.id AND e.type = 'CREATED')) AS "ticketsWithoutEvent",
          (SELECT count(*)::int FROM event_log e WHERE e.topic = 'ticket' AND NOT EXISTS (SELECT 1 FROM ticket t WHERE t.id = e.entity_id)) AS "eventsWithoutTicket"`);
        expect(half[0]).toEqual({ ticketsWithoutContact: 0, ticketsWithoutEvent: 0, eventsWithoutTicket: 0 });
      } finally {
        await c.end();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await scratch.drop();
    }
  }, 120000);
});
