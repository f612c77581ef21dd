// Issue 3, durable live updates: subscriptions over real WebSocket against real PostgreSQL,
// across hub instances, across disconnects, at the replay/live seam, under authorization,
// across a killed listener connection, and against retention.
import type { Client } from 'graphql-ws';
import { Client as PgClient } from 'pg';
import { inTransaction } from '../src/events/tx';
import { startPruner } from '../src/events/pruner';
import { eventStream } from '../src/events/stream';
import { setLogLevel } from '../src/logger';
import { collect, collectFromNow, collectLive, gid, position, Role, startTestHub, subscriptionErrors, waitUntil, type TestHub } from './support/harness';

setLogLevel((process.env.LOG_LEVEL as 'silent') ?? 'silent');

// ---------------------------------------------------------------- operations and helpers

const EVENT_FIELDS = 'cursor type occurredAt ticket { id status subject priority version customer { id } assignee { id } }';
const TICKET_UPDATED = `subscription($id: ID!, $after: String) { ticketUpdated(id: $id, after: $after) { ${EVENT_FIELDS} } }`;
const TICKET_EVENTS = `subscription($filter: TicketFilter, $after: String) { ticketEvents(filter: $filter, after: $after) { ${EVENT_FIELDS} } }`;
const COMPLAINT_UPDATES = `subscription($after: String) { complaintUpdates(after: $after) { ${EVENT_FIELDS} } }`;
const TICKET_OUT = 'ticket { id status version } userErrors { code message }';

interface Ev {
  cursor: string;
  type: string;
  ticket: { id: string; status: string; subject: string; version: number; customer: { id: string }; assignee: { id: string } | null };
}
type Field = 'ticketUpdated' | 'ticketEvents' | 'complaintUpdates';
const evs = (list: any[], field: Field): Ev[] => list.map((d) => d[field] as Ev);

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

async function ok<T = any>(t: TestHub, token: string, query: string, variables: Record<string, unknown>, field: string): Promise<T> {
  const r = await t.gql(token, query, variables);
  if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
  const p = r.data[field];
  if (p.userErrors?.length) throw new Error(`${field}: ${JSON.stringify(p.userErrors)}`);
  return p as T;
}

class Ops {
  readonly admin: string;
  constructor(readonly t: TestHub) {
    this.admin = t.token(Role.ADMIN);
  }
  async customer(name = 'Customer'): Promise<string> {
    const p = await ok(this.t, this.admin, `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code message } } }`,
      { input: { name, email: `c-${uniq()}@example.com` } }, 'createCustomer');
    return p.customer.id;
  }
  async agent(): Promise<string> {
    const p = await ok(this.t, this.admin, `mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } userErrors { code message } } }`,
      { input: { name: 'Agent', email: `a-${uniq()}@example.com`, role: 'AGENT' } }, 'createAgent');
    return p.agent.id;
  }
  async ticket(customerId: string, kind = 'QUESTION', subject = 'Printer on fire'): Promise<string> {
    const p = await ok(this.t, this.admin, `mutation($input: CreateTicketInput!) { createTicket(input: $input) { ${TICKET_OUT} } }`,
      { input: { customerId, subject, kind, priority: 'NORMAL', channel: 'EMAIL' } }, 'createTicket');
    return p.ticket.id;
  }
  update(id: string, input: Record<string, unknown>, t: TestHub = this.t) {
    return t.gql(this.admin, `mutation($input: UpdateTicketInput!) { updateTicket(input: $input) { ${TICKET_OUT} } }`, { input: { id, ...input } });
  }
  status(ticketId: string, status: string, expectedVersion?: number) {
    return this.t.gql(this.admin, `mutation($input: ChangeTicketStatusInput!) { changeTicketStatus(input: $input) { ${TICKET_OUT} } }`,
      { input: { ticketId, status, expectedVersion } });
  }
  assign(ticketId: string, agentId: string | null) {
    return this.t.gql(this.admin, `mutation($input: AssignTicketInput!) { assignTicket(input: $input) { ${TICKET_OUT} } }`, { input: { ticketId, agentId } });
  }
  /** one successful change that publishes exactly one UPDATED event */
  async touch(id: string, t: TestHub = this.t): Promise<void> {
    const r = await this.update(id, { subject: `Subject ${uniq()}` }, t);
    if (r.errors || r.data.updateTicket.userErrors.length) throw new Error('touch failed: ' + JSON.stringify(r.errors ?? r.data.updateTicket.userErrors));
  }
  async cursor(): Promise<string> {
    const r = await this.t.gql(this.admin, '{ eventCursor }');
    return r.data.eventCursor;
  }
}

const raw = (id: string) => Buffer.from(id, 'base64url').toString('utf8').split(':')[1];

/** The position in the log of a cursor (`<epoch>:<seq>`, or a bare `<seq>`). */
const seqOf = (cursor: string) => Number(cursor.includes(':') ? cursor.split(':')[1] : cursor);
/** The cursor a hub issues for a seq of its database's log. */
async function cursorAt(t: TestHub, seq: number | string): Promise<string> {
  const [{ epoch }] = await t.hub.app.db.query('SELECT epoch FROM event_log_state WHERE id = 1');
  return `${epoch}:${seq}`;
}

/** The event log itself is the oracle: (cursor, type, ticket) of ticket events after a cursor. */
async function logAfter(t: TestHub, afterCursor: string, ticketGids?: string[]): Promise<{ cursor: string; type: string; ticket: string }[]> {
  const after = seqOf(afterCursor);
  const epochCursor = await cursorAt(t, '');
  const rows: { seq: string; type: string; entity_id: string }[] = await t.hub.app.db.query(
    `SELECT seq, type, entity_id FROM event_log WHERE topic = 'ticket' AND seq > $1 ${ticketGids ? 'AND entity_id = ANY($2::uuid[])' : ''} ORDER BY seq`,
    ticketGids ? [after, ticketGids.map(raw)] : [after],
  );
  return rows.map((r) => ({ cursor: epochCursor + r.seq, type: r.type, ticket: gid('Ticket', r.entity_id) }));
}

const shape = (list: Ev[]) => list.map((e) => ({ cursor: position(e.cursor), type: e.type, ticket: e.ticket.id }));

function expectStrictlyIncreasing(list: Ev[]): void {
  for (let i = 1; i < list.length; i++) expect(seqOf(list[i].cursor)).toBeGreaterThan(seqOf(list[i - 1].cursor));
}

/**
 * Subscribes. With `after` given, as is. A ticket's own subscription (`id`) returns once it is set
 * up, so what follows reaches it live (collectLive); a wide one subscribes from now
 * (collectFromNow): a change made just before is not its first event, a change made after is
 * delivered even if the server sets it up late.
 */
async function live(t: TestHub, client: Client, query: string, variables: Record<string, unknown>) {
  if ('after' in variables) return collect(client, query, variables);
  if (typeof variables.id === 'string') return collectLive(t, client, query, variables, variables.id);
  return collectFromNow(t, client, query, variables);
}



// ---------------------------------------------------------------- one hub for most tests

let t: TestHub;
let ops: Ops;
beforeAll(async () => {
  t = await startTestHub();
  ops = new Ops(t);
});
afterAll(async () => {
  await t?.stop();
});

test('an event made on one hub instance reaches a subscriber on another (same database)', async () => {
  const t2 = await startTestHub({ databaseUrl: t.databaseUrl });
  try {
    const ops2 = new Ops(t2);
    const customer = await ops.customer();
    const ticket = await ops.ticket(customer);
    const onB = await live(t2, t2.ws(ops2.admin), TICKET_UPDATED, { id: ticket });
    const onA = await live(t, t.ws(ops.admin), TICKET_UPDATED, { id: ticket });

    await ops.update(ticket, { subject: 'Changed on A' }, t); // mutate on A
    await ops.update(ticket, { subject: 'Changed on B' }, t2); // and on B
    const b = evs(await onB.waitFor(2), 'ticketUpdated');
    const a = evs(await onA.waitFor(2), 'ticketUpdated');
    // both instances deliver the same events, same cursors, same order
    expect(shape(b)).toEqual(shape(a));
    expect(b.map((e) => e.type)).toEqual(['UPDATED', 'UPDATED']);
    expect(b[0].ticket.id).toBe(ticket);
    expectStrictlyIncreasing(b);
    expect(shape(b)).toEqual(await logAfter(t, String(seqOf(b[0].cursor) - 1), [ticket]));
  } finally {
    await t2.stop();
  }
});

test('a subscriber that resumes with its last cursor gets exactly what it missed, in order, then live events', async () => {
  const customer = await ops.customer();
  const ticket = await ops.ticket(customer);
  const noise = await ops.ticket(customer);
  const agent = await ops.agent();

  const first = t.ws(ops.admin);
  const s1 = await live(t, first, TICKET_UPDATED, { id: ticket });
  await ops.touch(ticket);
  const [seen] = evs(await s1.waitFor(1), 'ticketUpdated');
  await first.dispose(); // the app goes offline
  const lastCursor = seen.cursor;

  // 100 changes of four kinds while it is away, with another ticket changing in between
  const expectedTypes: string[] = [];
  let status = 'NEW';
  for (let i = 0; i < 100; i++) {
    let r;
    switch (i % 4) {
      case 0:
        r = await ops.update(ticket, { subject: `Offline change ${i}` });
        expectedTypes.push('UPDATED');
        break;
      case 1:
        status = status === 'OPEN' ? 'PENDING' : 'OPEN';
        r = await ops.status(ticket, status);
        expectedTypes.push('STATUS_CHANGED');
        break;
      case 2:
        r = await ops.assign(ticket, i % 8 === 2 ? agent : null);
        expectedTypes.push('ASSIGNED');
        break;
      default:
        r = await ops.update(ticket, { priority: i % 8 === 3 ? 'HIGH' : 'NORMAL' });
        expectedTypes.push('UPDATED');
        await ops.touch(noise);
    }
    expect(r.errors).toBeUndefined();
    expect(Object.values(r.data as Record<string, { userErrors: unknown[] }>)[0].userErrors).toEqual([]);
  }
  const missed = await logAfter(t, lastCursor, [ticket]);
  expect(missed).toHaveLength(100);

  const back = t.ws(ops.admin);
  const s2 = await live(t, back, TICKET_UPDATED, { id: ticket, after: lastCursor });
  const replayed = evs(await s2.waitFor(100), 'ticketUpdated');
  expect(replayed.map((e) => e.type)).toEqual(expectedTypes);
  expect(shape(replayed)).toEqual(missed);
  expectStrictlyIncreasing(replayed);
  expect(seqOf(replayed[0].cursor)).toBeGreaterThan(seqOf(lastCursor));
  // each event carries the ticket as it is now (fresh loaders), not a cached row
  expect(replayed[99].ticket.version).toBeGreaterThanOrEqual(replayed[0].ticket.version);

  // then it is live: two more changes arrive, and nothing else (a duplicate would come before them)
  await ops.update(ticket, { subject: 'Live 1' });
  await ops.update(ticket, { subject: 'Live 2' });
  const all = evs(await s2.waitFor(102), 'ticketUpdated');
  expect(all).toHaveLength(102);
  expect(shape(all)).toEqual(await logAfter(t, lastCursor, [ticket]));
  expect(all[101].ticket.subject).toBe('Live 2');
  expectStrictlyIncreasing(all);
});

test('the seam: subscribing with `after` while changes are being written delivers every event once, in order', async () => {
  const customer = await ops.customer();
  const tickets = [await ops.ticket(customer, 'COMPLAINT'), await ops.ticket(customer, 'COMPLAINT'), await ops.ticket(customer, 'QUESTION')];
  const from = await ops.cursor();
  // a backlog longer than one replay page (500): 700 events written in one transaction
  // (as the services would write them), plus some through the API
  const uuid = raw(tickets[0]);
  await inTransaction(t.hub.app.db, async (tx) => {
    for (let i = 0; i < 700; i++) {
      tx.emit({ topic: 'ticket', type: 'UPDATED', entityId: uuid, customerId: raw(customer), data: { kind: 'COMPLAINT', status: 'NEW', customerId: raw(customer) } });
    }
  });
  for (const id of tickets) await ops.touch(id);

  // 50 mutations (across three tickets) in flight as three subscribers start to replay,
  // and 50 more fired once each of them has its first replayed event, so they commit mid-replay
  const inFlight = Array.from({ length: 50 }, (_, i) => ops.touch(tickets[i % 3]));
  const wide = collect(t.ws(ops.admin), TICKET_EVENTS, { after: from });
  const one = collect(t.ws(ops.admin), TICKET_UPDATED, { id: tickets[1], after: from });
  const complaints = collect(t.ws(ops.admin), COMPLAINT_UPDATES, { after: from });
  // the second 50 go as soon as the widest replay has begun (waiting for all three first let a
  // busy machine finish that replay before they were sent)
  await wide.waitFor(1);
  const midReplay = wide.events.length;
  inFlight.push(...Array.from({ length: 50 }, (_, i) => ops.touch(tickets[i % 3])));
  await Promise.all([one.waitFor(1), complaints.waitFor(1)]);
  await Promise.all(inFlight);
  // and a few after everything settled
  for (const id of tickets) await ops.touch(id);

  const all = await logAfter(t, from, tickets);
  expect(all.length).toBe(700 + 3 + 100 + 3);
  const forOne = all.filter((e) => e.ticket === tickets[1]);
  const forComplaints = all.filter((e) => e.ticket !== tickets[2]);

  await wide.waitFor(all.length, 90000);
  await one.waitFor(forOne.length, 90000);
  await complaints.waitFor(forComplaints.length, 90000);
  // one more live change each proves nothing (no duplicate) is still queued behind
  await ops.touch(tickets[1]);
  const last = (await logAfter(t, all[all.length - 1].cursor, [tickets[1]]))[0];
  const gotWide = evs(await wide.waitFor(all.length + 1), 'ticketEvents');
  const gotOne = evs(await one.waitFor(forOne.length + 1), 'ticketUpdated');
  const gotComplaints = evs(await complaints.waitFor(forComplaints.length + 1), 'complaintUpdates');
  expect(midReplay).toBeLessThan(700); // the second 50 really were written during the replay

  expect(shape(gotWide)).toEqual([...all, last]);
  expect(shape(gotOne)).toEqual([...forOne, last]);
  expect(shape(gotComplaints)).toEqual([...forComplaints, last]);
  expectStrictlyIncreasing(gotWide);
}, 180000);

describe('authorization and failures', () => {
  test('a failing mutation (invalid transition, stale version, bad input) publishes nothing', async () => {
    const customer = await ops.customer();
    const ticket = await ops.ticket(customer);
    const sub = await live(t, t.ws(ops.admin), TICKET_UPDATED, { id: ticket });
    const wide = await live(t, t.ws(ops.admin), TICKET_EVENTS, {});
    const before = await ops.cursor();

    const bad1 = await ops.status(ticket, 'CLOSED'); // NEW → CLOSED is not allowed
    expect(bad1.data.changeTicketStatus.userErrors[0].code).toBe('INVALID_TRANSITION');
    const bad2 = await ops.update(ticket, { subject: 'stale', expectedVersion: 99 });
    expect(bad2.data.updateTicket.userErrors[0].code).toBe('VERSION_CONFLICT');
    const bad3 = await ops.update(ticket, { subject: '   ' });
    expect(bad3.data.updateTicket.userErrors.length).toBe(1);
    const bad4 = await ops.status(ticket, 'OPEN', 99);
    expect(bad4.data.changeTicketStatus.userErrors[0].code).toBe('VERSION_CONFLICT');
    expect(await ops.cursor()).toBe(before); // nothing reached the log

    await ops.update(ticket, { subject: 'The real change' });
    const [e] = evs(await sub.waitFor(1), 'ticketUpdated');
    const [w] = evs(await wide.waitFor(1), 'ticketEvents');
    expect(e).toMatchObject({ type: 'UPDATED', ticket: { subject: 'The real change', version: 2 } });
    expect(w.cursor).toBe(e.cursor);
    expect(seqOf(e.cursor)).toBe(seqOf(before) + 1);
    expect(sub.events).toHaveLength(1);
  });

  test("a customer's wide subscription sees only its own tickets, live and replayed", async () => {
    const alice = await ops.customer('Alice');
    const bob = await ops.customer('Bob');
    const aliceToken = t.token(Role.CUSTOMER, { customerId: alice, sub: 'alice' });
    const from = await ops.cursor();
    const a1 = await ops.ticket(alice, 'COMPLAINT');
    const b1 = await ops.ticket(bob, 'COMPLAINT');

    const liveAll = await live(t, t.ws(aliceToken), TICKET_EVENTS, {});
    const liveComplaints = await live(t, t.ws(aliceToken), COMPLAINT_UPDATES, {});
    const replay = collect(t.ws(aliceToken), TICKET_EVENTS, { after: from });

    const b2 = await ops.ticket(bob, 'QUESTION');
    await ops.touch(b1);
    await ops.touch(a1);
    await ops.touch(b2);
    await ops.status(b1, 'OPEN');
    await ops.touch(a1); // Alice's last: anything of Bob's delivered would come before it

    const mine = await logAfter(t, from, [a1]);
    expect(mine.map((e) => e.type)).toEqual(['CREATED', 'UPDATED', 'UPDATED']);
    const got = evs(await liveAll.waitFor(2), 'ticketEvents');
    expect(shape(got)).toEqual(mine.slice(1));
    expect(got.every((e) => e.ticket.customer.id === alice)).toBe(true);
    expect(shape(evs(await liveComplaints.waitFor(2), 'complaintUpdates'))).toEqual(mine.slice(1));
    const replayed = evs(await replay.waitFor(3), 'ticketEvents');
    expect(shape(replayed)).toEqual(mine);

    // the staff view of the same window has Bob's events too
    expect((await logAfter(t, from)).length).toBeGreaterThan(mine.length);
  });

  test("ticketUpdated on another customer's ticket is NOT_FOUND, like a ticket that does not exist", async () => {
    const alice = await ops.customer('Alice');
    const bob = await ops.customer('Bob');
    const bobs = await ops.ticket(bob);
    const aliceToken = t.token(Role.CUSTOMER, { customerId: alice, sub: 'alice' });
    const c = t.ws(aliceToken);
    const other = await subscriptionErrors(c, TICKET_UPDATED, { id: bobs });
    const missing = await subscriptionErrors(c, TICKET_UPDATED, { id: gid('Ticket', '00000000-0000-4000-8000-000000000000') });
    const garbage = await subscriptionErrors(c, TICKET_UPDATED, { id: 'not-an-id' });
    for (const errs of [other, missing, garbage]) {
      expect(errs).toHaveLength(1);
      expect(errs[0].extensions?.code).toBe('NOT_FOUND');
      expect(errs[0].message).toBe(other[0].message);
    }
    // and staff may subscribe to it
    const staff = await live(t, t.ws(ops.admin), TICKET_UPDATED, { id: bobs });
    await ops.touch(bobs);
    expect(evs(await staff.waitFor(1), 'ticketUpdated')[0].ticket.id).toBe(bobs);
  });
});

test('the listener connection is killed while changes continue: live subscribers miss nothing', async () => {
  // polling practically off: only the reconnect (and the catch-up read it does) can deliver
  const h = await startTestHub({ env: { EVENT_POLL_MS: '600000' } });
  try {
    const o = new Ops(h);
    const customer = await o.customer();
    const ticket = await o.ticket(customer);
    const from = await o.cursor();
    const one = await live(h, h.ws(o.admin), TICKET_UPDATED, { id: ticket });
    const wide = await live(h, h.ws(o.admin), TICKET_EVENTS, {});

    const admin = new PgClient({ connectionString: h.databaseUrl });
    admin.on('error', () => undefined);
    await admin.connect();
    const listenerPid = async (): Promise<number | null> => {
      const r = await admin.query(
        `SELECT pid FROM pg_stat_activity WHERE application_name = 'servicegraph-listener' AND datname = current_database()`,
      );
      return r.rows.length === 1 ? r.rows[0].pid : null;
    };
    const kill = () =>
      admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'servicegraph-listener' AND datname = current_database()`,
      );
    try {
      const pids = [await listenerPid()];
      expect(pids[0]).not.toBeNull();
      // changes stream in from a writer while the listener is killed twice
      let writing = true;
      let writes = 0;
      const writer = (async () => {
        while (writing) {
          await o.touch(ticket);
          writes++;
        }
      })();
      for (let round = 0; round < 2; round++) {
        await waitUntil('some writes happened', () => writes >= (round + 1) * 15);
        await kill();
        await waitUntil('the bus noticed', () => !h.hub.app.bus.isListening);
        await waitUntil('the bus listens again', async () => h.hub.app.bus.isListening && (await listenerPid()) !== null);
        pids.push(await listenerPid());
      }
      await waitUntil('more writes after the second reconnect', () => writes >= 45);
      writing = false;
      await writer;
      await o.touch(ticket); // a last one, after everything

      expect(new Set(pids).size).toBe(3); // it really was a new connection each time
      const expected = await logAfter(h, from, [ticket]);
      expect(expected.length).toBe(writes + 1);
      const got = evs(await one.waitFor(expected.length), 'ticketUpdated');
      expect(shape(got)).toEqual(expected);
      expect(shape(evs(await wide.waitFor(expected.length), 'ticketEvents'))).toEqual(expected);
    } finally {
      await admin.end();
    }
  } finally {
    await h.stop();
  }
}, 60000);

describe('an event whose resolution hits a database failure', () => {
  // a hub of its own: no subscriptions left over from other tests block on the lock too
  let t: TestHub;
  let ops: Ops;
  beforeAll(async () => {
    t = await startTestHub();
    ops = new Ops(t);
  });
  afterAll(async () => {
    await t?.stop();
  });

  // Deterministic stand-in for "the database restarts while an event is being resolved": the
  // ticket table is locked, an event is committed (the log is not locked), the query that
  // resolves it blocks on the lock and its connection is terminated, then the lock goes away.
  async function withBlockedTicketTable(h: TestHub, during: (terminateBlocked: () => Promise<number>) => Promise<void>): Promise<void> {
    const locker = new PgClient({ connectionString: h.databaseUrl });
    const admin = new PgClient({ connectionString: h.databaseUrl });
    for (const c of [locker, admin]) {
      c.on('error', () => undefined);
      await c.connect();
    }
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE ticket IN ACCESS EXCLUSIVE MODE');
      await during(async () => {
        let killed = 0;
        await waitUntil('a resolver query waits on the lock', async () => {
          const r = await admin.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE datname = current_database() AND application_name = 'servicegraph' AND wait_event_type = 'Lock'`,
          );
          killed = r.rowCount ?? 0;
          return killed > 0;
        });
        await locker.query('ROLLBACK');
        return killed;
      });
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
      await admin.end();
    }
  }

  async function commitSyntheticEvent(h: TestHub, ticket: string, customer: string): Promise<void> {
    await inTransaction(h.hub.app.db, async (tx) => {
      tx.emit({ topic: 'ticket', type: 'UPDATED', entityId: raw(ticket), customerId: raw(customer), data: { kind: 'QUESTION', synthetic: true } });
    });
  }
  const syntheticCursor = async (h: TestHub) =>
    String((await h.hub.app.db.query(`SELECT max(seq)::text AS seq FROM event_log WHERE data->>'synthetic' = 'true'`))[0].seq);

  test('eventStream retries `prepare` on a transient database error and then delivers the event', async () => {
    const customer = await ops.customer();
    const ticket = await ops.ticket(customer);
    let attempts = 0;
    let resets = 0;
    const it = await eventStream(t.hub.app.bus, {
      topics: ['ticket'],
      after: null,
      match: (row) => row.entityId === raw(ticket) && row.data.synthetic === true,
      beforeEach: () => resets++,
      prepare: async (row) => {
        attempts++;
        await t.hub.app.db.query('SELECT id FROM ticket WHERE id = $1', [row.entityId]);
      },
    });
    try {
      const next = it.next();
      await withBlockedTicketTable(t, async (terminateBlocked) => {
        await commitSyntheticEvent(t, ticket, customer);
        expect(await terminateBlocked()).toBe(1);
      });
      const { value } = await next;
      expect(value!.entityId).toBe(raw(ticket));
      expect(String(value!.seq)).toBe(await syntheticCursor(t));
      expect(attempts).toBe(2);
      expect(resets).toBe(2); // fresh loaders again before the retry
    } finally {
      await it.return!();
    }
  });

  // Without `prepare` (ticket.subscriptions.ts) the subscriber would get `{ data: null, errors }`
  // with no cursor for this event and the event would be lost for a live client.
  test('a live subscriber still gets an event whose resolution failed on a dropped connection', async () => {
    const customer = await ops.customer();
    const ticket = await ops.ticket(customer);
    const sub = await live(t, t.ws(ops.admin), TICKET_UPDATED, { id: ticket });
    await withBlockedTicketTable(t, async (terminateBlocked) => {
      await commitSyntheticEvent(t, ticket, customer);
      await terminateBlocked();
    });
    const [e] = evs(await sub.waitFor(1), 'ticketUpdated');
    expect(e.ticket.id).toBe(ticket);
    expect(position(e.cursor)).toBe(await cursorAt(t, await syntheticCursor(t)));
  });
});

describe('cursors, retention and authentication', () => {
  test('a cursor older than what was pruned is CURSOR_EXPIRED; a cursor at the pruned edge still resumes', async () => {
    const h = await startTestHub();
    try {
      const o = new Ops(h);
      const customer = await o.customer();
      const ticket = await o.ticket(customer);
      const sub = await live(h, h.ws(o.admin), TICKET_UPDATED, { id: ticket });
      for (let i = 0; i < 5; i++) await o.touch(ticket);
      const early = evs(await sub.waitFor(5), 'ticketUpdated');
      // recent events survive a 24 h retention
      expect(await h.hub.app.bus.prune(24)).toBe(0);
      const [{ n: old }] = await h.hub.app.db.query('SELECT count(*)::int AS n FROM event_log WHERE seq <= $1', [seqOf(early[2].cursor)]);
      await h.hub.app.db.query(`UPDATE event_log SET occurred_at = now() - interval '10 days' WHERE seq <= $1`, [seqOf(early[2].cursor)]);
      expect(await h.hub.app.bus.prune(24)).toBe(old); // CREATED and the first three updates
      expect(await h.hub.app.bus.prunedThrough()).toBe(seqOf(early[2].cursor));

      const c = h.ws(o.admin);
      for (const after of ['0', early[0].cursor, early[1].cursor]) {
        const errs = await subscriptionErrors(c, TICKET_UPDATED, { id: ticket, after });
        expect(errs[0].extensions?.code).toBe('CURSOR_EXPIRED');
        const wideErrs = await subscriptionErrors(c, TICKET_EVENTS, { after });
        expect(wideErrs[0].extensions?.code).toBe('CURSOR_EXPIRED');
      }
      // the newest pruned cursor lost nothing after it
      const resumed = collect(c, TICKET_UPDATED, { id: ticket, after: early[2].cursor });
      expect(shape(evs(await resumed.waitFor(2), 'ticketUpdated'))).toEqual(shape(early.slice(3)));

      // prune(0): everything so far goes
      await o.touch(ticket);
      await resumed.waitFor(3);
      const newest = await o.cursor();
      await h.hub.app.bus.prune(0);
      expect(await h.hub.app.bus.prunedThrough()).toBe(seqOf(newest));
      const errs = await subscriptionErrors(h.ws(o.admin), COMPLAINT_UPDATES, { after: early[4].cursor });
      expect(errs[0].extensions?.code).toBe('CURSOR_EXPIRED');
      // subscribing after the current cursor works and goes live
      const fresh = collect(h.ws(o.admin), TICKET_UPDATED, { id: ticket, after: newest });
      await o.touch(ticket);
      expect(position(evs(await fresh.waitFor(1), 'ticketUpdated')[0].cursor)).toBe(await cursorAt(h, seqOf(newest) + 1));
    } finally {
      await h.stop();
    }
  });

  test('startPruner prunes on a timer', async () => {
    const h = await startTestHub();
    try {
      const o = new Ops(h);
      const customer = await o.customer();
      const ticket = await o.ticket(customer);
      await o.touch(ticket);
      const newest = await o.cursor();
      await h.hub.app.db.query(`UPDATE event_log SET occurred_at = now() - interval '10 days'`);
      const pruner = startPruner(h.hub.app.bus, 24, 50);
      try {
        await waitUntil('the pruner ran', async () => (await h.hub.app.bus.prunedThrough()) === seqOf(newest));
        const [{ n }] = await h.hub.app.db.query('SELECT count(*)::int AS n FROM event_log');
        expect(n).toBe(0);
      } finally {
        pruner.stop();
      }
    } finally {
      await h.stop();
    }
  });

  test('a malformed cursor is CURSOR_INVALID (more in cursors.test.ts)', async () => {
    const c = t.ws(ops.admin);
    const customer = await ops.customer();
    const ticket = await ops.ticket(customer);
    for (const after of ['abc', '-1', '1.5', '', ' 1', '1234567890123456789012', 'MTI=']) {
      const errs = await subscriptionErrors(c, TICKET_EVENTS, { after });
      expect(errs[0].extensions?.code).toBe('CURSOR_INVALID');
      const errs2 = await subscriptionErrors(c, TICKET_UPDATED, { id: ticket, after });
      expect(errs2[0].extensions?.code).toBe('CURSOR_INVALID');
    }
  });

  test('a WebSocket subscription without a valid token is UNAUTHENTICATED', async () => {
    for (const client of [t.ws(null), t.ws('not-a-jwt'), t.ws(t.token(Role.ADMIN).slice(0, -3) + 'xyz')]) {
      const errs = await subscriptionErrors(client, TICKET_EVENTS, {});
      // the socket is closed with 4403 and a reason starting with the code
      expect(errs[0].message).toMatch(/^UNAUTHENTICATED/);
    }
  });
});
