// Issue 10, item 13: a subscription cursor the event log never issued (beyond its newest event,
// from another database, or malformed) is CURSOR_INVALID, never a silent gap. Cursors are
// `<epoch>:<seq>:<check>` (the check a digest of the event itself, so a restored log that goes on
// writing other events at the same numbers refuses them); `<epoch>:<seq>` and a bare `<seq>` from
// before still resume.
import type { Client } from 'graphql-ws';
import { collect, collectFromNow, Role, startTestHub, subscriptionErrors, waitUntil, type TestHub } from './support/harness';

const TICKET_UPDATED = `subscription($id: ID!, $after: String) { ticketUpdated(id: $id, after: $after) { cursor type ticket { id subject } } }`;
const TICKET_EVENTS = `subscription($after: String) { ticketEvents(after: $after) { cursor type ticket { id subject } } }`;
const ALL_SUBSCRIPTIONS: [string, string][] = [
  ['ticketEvents', 'subscription($after: String) { ticketEvents(after: $after) { cursor } }'],
  ['complaintUpdates', 'subscription($after: String) { complaintUpdates(after: $after) { cursor } }'],
  ['slaAlerts', 'subscription($after: String) { slaAlerts(after: $after) { cursor } }'],
  ['stockLevelChanged', 'subscription($after: String) { stockLevelChanged(after: $after) { cursor } }'],
  ['stockAlerts', 'subscription($after: String) { stockAlerts(after: $after) { cursor } }'],
];
const CURSOR = /^([0-9a-f]{12}):(\d+)(?::([0-9a-f]{8}))?$/;

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

class Ops {
  readonly admin: string;
  constructor(readonly t: TestHub) {
    this.admin = t.token(Role.ADMIN);
  }
  private async ok(query: string, variables: Record<string, unknown>): Promise<any> {
    const r = await this.t.gql(this.admin, query, variables);
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    const p = Object.values(r.data as Record<string, { userErrors: unknown[] }>)[0];
    if (p.userErrors.length) throw new Error(JSON.stringify(p.userErrors));
    return p;
  }
  async ticket(): Promise<string> {
    const c = await this.ok(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id } userErrors { code } } }`, {
      i: { name: 'Cursor Customer', email: `c-${uniq()}@example.com` },
    });
    const tk = await this.ok(`mutation($i: CreateTicketInput!) { createTicket(input: $i) { ticket { id } userErrors { code } } }`, {
      i: { customerId: c.customer.id, subject: 'Created', kind: 'COMPLAINT', priority: 'NORMAL', channel: 'EMAIL' },
    });
    return tk.ticket.id;
  }
  async touch(id: string, subject = `Subject ${uniq()}`): Promise<string> {
    await this.ok(`mutation($i: UpdateTicketInput!) { updateTicket(input: $i) { ticket { id } userErrors { code } } }`, { i: { id, subject } });
    return subject;
  }
  async cursor(): Promise<string> {
    const r = await this.t.gql(this.admin, '{ eventCursor }');
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.eventCursor;
  }
}


/** Subscribes `after:` the given cursor, or from now (see collectFromNow). */
async function live(t: TestHub, client: Client, query: string, variables: Record<string, unknown>) {
  return 'after' in variables ? collect(client, query, variables) : collectFromNow(t, client, query, variables);
}

const parts = (cursor: string) => {
  const m = CURSOR.exec(cursor);
  if (!m) throw new Error(`not an <epoch>:<seq>[:<check>] cursor: ${cursor}`);
  return { epoch: m[1], seq: Number(m[2]), check: m[3] as string | undefined };
};

let t: TestHub;
let ops: Ops;
beforeAll(async () => {
  t = await startTestHub();
  ops = new Ops(t);
});
afterAll(async () => {
  await t?.stop();
});

test('cursors are <epoch>:<seq>:<check>: eventCursor and every event agree, and the epoch is the database’s', async () => {
  const ticket = await ops.ticket();
  const sub = await live(t, t.ws(ops.admin), TICKET_UPDATED, { id: ticket });
  await ops.touch(ticket);
  await ops.touch(ticket);
  const [a, b] = (await sub.waitFor(2)).map((d) => d.ticketUpdated);
  const now = await ops.cursor();
  expect(now).toBe(b.cursor);
  expect(parts(b.cursor).seq).toBe(parts(a.cursor).seq + 1);
  expect(parts(a.cursor).check).toMatch(/^[0-9a-f]{8}$/);
  expect(parts(a.cursor).check).not.toBe(parts(b.cursor).check);
  const [{ epoch }] = await t.hub.app.db.query('SELECT epoch FROM event_log_state WHERE id = 1');
  expect(parts(now).epoch).toBe(epoch);
  // another instance on the same database issues the same cursors
  const t2 = await startTestHub({ databaseUrl: t.databaseUrl });
  try {
    expect(await new Ops(t2).cursor()).toBe(now);
  } finally {
    await t2.stop();
  }
});

test('a cursor beyond the newest event is CURSOR_INVALID on every subscription, with or without the epoch', async () => {
  const ticket = await ops.ticket();
  await ops.touch(ticket);
  const { epoch, seq: newest } = parts(await ops.cursor());
  const c = t.ws(ops.admin);
  for (const after of [`${epoch}:${newest + 1}`, `${epoch}:${newest + 1000}`, String(newest + 1), '999999999999999999']) {
    for (const [field, query] of ALL_SUBSCRIPTIONS) {
      const errs = await subscriptionErrors(c, query, { after });
      expect({ field, after, codes: errs.map((e) => e.extensions?.code) }).toEqual({ field, after, codes: ['CURSOR_INVALID'] });
    }
    const errs = await subscriptionErrors(c, TICKET_UPDATED, { id: ticket, after });
    expect(errs.map((e) => e.extensions?.code)).toEqual(['CURSOR_INVALID']);
    expect(errs[0].message).toMatch(/beyond the newest event/);
  }
  // the newest cursor itself is fine: the next change is the first thing delivered
  const sub = collect(c, TICKET_UPDATED, { id: ticket, after: `${epoch}:${newest}` });
  const subject = await ops.touch(ticket);
  const [e] = (await sub.waitFor(1)).map((d) => d.ticketUpdated);
  expect(e.ticket.subject).toBe(subject);
  expect(parts(e.cursor).seq).toBe(newest + 1);
});

test('the newest event is read from the database, not from this instance’s bus (which may lag)', async () => {
  // an instance whose bus only learns of events when notified, and is not: it lags the log
  const lagging = await startTestHub({ databaseUrl: t.databaseUrl, env: { EVENT_POLL_MS: '600000' } });
  try {
    const ticket = await ops.ticket();
    // the ticket's own CREATED event is notified: let the lagging bus take it before measuring
    const [{ max }] = await t.hub.app.db.query('SELECT max(seq)::int AS max FROM event_log');
    await waitUntil('the lagging bus has the newest event', () => lagging.hub.app.bus.position >= max, 10000);
    const positionBefore = lagging.hub.app.bus.position;
    expect(positionBefore).toBe(max);
    // written like a service writes, but without the commit notification reaching anyone
    await t.hub.app.db.query(
      `INSERT INTO event_log (topic, type, entity_id, customer_id, data) SELECT 'ticket', 'UPDATED', id, customer_id, '{"kind":"COMPLAINT"}' FROM ticket WHERE id = $1`,
      [Buffer.from(ticket, 'base64url').toString('utf8').split(':')[1]],
    );
    const newest = await ops.cursor();
    expect(lagging.hub.app.bus.position).toBe(positionBefore);
    expect(parts(newest).seq).toBeGreaterThan(lagging.hub.app.bus.position);
    // accepted on the lagging instance, and nothing after it is skipped
    const o2 = new Ops(lagging);
    const sub = await live(lagging, lagging.ws(o2.admin), TICKET_UPDATED, { id: ticket, after: newest });
    const subject = await o2.touch(ticket);
    const [e] = (await sub.waitFor(1)).map((d) => d.ticketUpdated);
    expect(e.ticket.subject).toBe(subject);
    expect(parts(e.cursor).seq).toBe(parts(newest).seq + 1);
  } finally {
    await lagging.stop();
  }
});

test('a cursor from another database is CURSOR_INVALID, even when its seq exists here', async () => {
  const other = await startTestHub();
  try {
    const o = new Ops(other);
    await o.touch(await o.ticket());
    const foreign = await o.cursor();
    // this database is ahead: the foreign seq is one this log did issue
    const ticket = await ops.ticket();
    for (let i = 0; i < 3; i++) await ops.touch(ticket);
    const here = await ops.cursor();
    expect(parts(foreign).seq).toBeLessThan(parts(here).seq);
    expect(parts(foreign).epoch).not.toBe(parts(here).epoch);
    const c = t.ws(ops.admin);
    for (const [field, query] of ALL_SUBSCRIPTIONS) {
      const errs = await subscriptionErrors(c, query, { after: foreign });
      expect({ field, codes: errs.map((e) => e.extensions?.code) }).toEqual({ field, codes: ['CURSOR_INVALID'] });
      expect(errs[0].message).toMatch(/another event log/);
    }
    // and the other way round
    const back = await subscriptionErrors(other.ws(o.admin), TICKET_EVENTS, { after: here });
    expect(back.map((e) => e.extensions?.code)).toEqual(['CURSOR_INVALID']);
  } finally {
    await other.stop();
  }
});

test('malformed cursors are CURSOR_INVALID', async () => {
  const c = t.ws(ops.admin);
  const ticket = await ops.ticket();
  const { epoch } = parts(await ops.cursor());
  for (const after of ['abc', '-1', '1.5', '', ' 1', '1 ', '1234567890123456789012', 'MTI=', `${epoch}:`, `:1`, `${epoch}:-1`, `${epoch}:1:2`, `${epoch}:1:0123456`, `${epoch}:1:0123456789`, `${epoch}:1:ZZZZZZZZ`, `${epoch}:1:`, `${epoch.toUpperCase()}x:1`, 'x'.repeat(40) + ':1']) {
    const errs = await subscriptionErrors(c, TICKET_EVENTS, { after });
    expect({ after, codes: errs.map((e) => e.extensions?.code) }).toEqual({ after, codes: ['CURSOR_INVALID'] });
    const errs2 = await subscriptionErrors(c, TICKET_UPDATED, { id: ticket, after });
    expect({ after, codes: errs2.map((e) => e.extensions?.code) }).toEqual({ after, codes: ['CURSOR_INVALID'] });
  }
});

test('a bare <seq> cursor (the format before epochs) still resumes, and events come with full cursors', async () => {
  const ticket = await ops.ticket();
  const { epoch, seq } = parts(await ops.cursor());
  const missed = [await ops.touch(ticket), await ops.touch(ticket)];
  const sub = collect(t.ws(ops.admin), TICKET_UPDATED, { id: ticket, after: String(seq) });
  const got = (await sub.waitFor(2)).map((d) => d.ticketUpdated);
  expect(got.map((e) => e.ticket.subject)).toEqual([missed[1], missed[1]]); // the ticket as it is now
  expect(got.map((e) => [parts(e.cursor).epoch, parts(e.cursor).seq, typeof parts(e.cursor).check])).toEqual([
    [epoch, seq + 1, 'string'],
    [epoch, seq + 2, 'string'],
  ]);
  // then live: the next change is the next event (no duplicate, nothing skipped)
  const subject = await ops.touch(ticket);
  const all = (await sub.waitFor(3)).map((d) => d.ticketUpdated);
  expect(parts(all[2].cursor).seq).toBe(seq + 3);
  expect(all[2].ticket.subject).toBe(subject);
});

test('eventCursor after everything was pruned resumes (it is the pruned edge, not 0)', async () => {
  const h = await startTestHub();
  try {
    const o = new Ops(h);
    const ticket = await o.ticket();
    await o.touch(ticket);
    const before = await o.cursor();
    await h.hub.app.bus.prune(0);
    expect(await h.hub.app.db.query('SELECT count(*)::int AS n FROM event_log')).toEqual([{ n: 0 }]);
    const now = await o.cursor();
    // the same position; no check, as the log holds no event to digest
    expect(now).toBe(`${parts(before).epoch}:${parts(before).seq}`);
    const sub = collect(h.ws(o.admin), TICKET_UPDATED, { id: ticket, after: now });
    // the cursor of the pruned newest event is still good: it names the pruned edge
    const sub2 = collect(h.ws(o.admin), TICKET_UPDATED, { id: ticket, after: before });
    const subject = await o.touch(ticket);
    const [e] = (await sub.waitFor(1)).map((d) => d.ticketUpdated);
    expect(e.ticket.subject).toBe(subject);
    const [e2] = (await sub2.waitFor(1)).map((d) => d.ticketUpdated);
    expect(e2.cursor).toBe(e.cursor);
    // beyond the pruned edge is still beyond the newest event
    const errs = await subscriptionErrors(h.ws(o.admin), TICKET_EVENTS, { after: `${parts(now).epoch}:${parts(now).seq + 5}` });
    expect(errs.map((x) => x.extensions?.code)).toEqual(['CURSOR_INVALID']);
  } finally {
    await h.stop();
  }
});

test('a database that predates epochs gets one on first use, kept from then on', async () => {
  const h = await startTestHub();
  try {
    await h.hub.app.db.query('DELETE FROM event_log_state');
    const o = new Ops(h);
    const first = await o.cursor();
    const [{ epoch }] = await h.hub.app.db.query('SELECT epoch FROM event_log_state WHERE id = 1');
    expect(parts(first).epoch).toBe(epoch);
    expect(await o.cursor()).toBe(first);
  } finally {
    await h.stop();
  }
});

test('a cursor naming an event this log does not hold (a restored log gone on with other events) is CURSOR_INVALID', async () => {
  const ticket = await ops.ticket();
  await ops.touch(ticket);
  const issued = await ops.cursor();
  const { epoch, seq, check } = parts(issued);
  // a tampered check, on every subscription
  const c = t.ws(ops.admin);
  const forged = `${epoch}:${seq}:${check === '00000000' ? '11111111' : '00000000'}`;
  for (const [field, query] of ALL_SUBSCRIPTIONS) {
    const errs = await subscriptionErrors(c, query, { after: forged });
    expect({ field, codes: errs.map((e) => e.extensions?.code) }).toEqual({ field, codes: ['CURSOR_INVALID'] });
    expect(errs[0].message).toMatch(/does not hold/);
  }
  // what a restore from an older backup leaves: the log has another event at that number
  const uuid = Buffer.from(ticket, 'base64url').toString('utf8').split(':')[1];
  await t.hub.app.db.query(`DELETE FROM event_log WHERE seq = $1`, [seq]);
  await t.hub.app.db.query(
    `INSERT INTO event_log (seq, topic, type, entity_id, customer_id, data, occurred_at)
     SELECT $1, 'ticket', 'STATUS_CHANGED', id, customer_id, '{}', now() - interval '1 minute' FROM ticket WHERE id = $2`,
    [seq, uuid],
  );
  const errs = await subscriptionErrors(c, TICKET_UPDATED, { id: ticket, after: issued });
  expect(errs.map((e) => [e.extensions?.code, e.message.includes('restored from a backup')])).toEqual([['CURSOR_INVALID', true]]);
  // the log's own cursor at that number, and the older forms without a check, still resume
  const own = await ops.cursor();
  expect(parts(own).seq).toBe(seq);
  expect(own).not.toBe(issued);
  const subs = [own, `${epoch}:${seq}`, String(seq)].map((after) => collect(t.ws(ops.admin), TICKET_UPDATED, { id: ticket, after }));
  const subject = await ops.touch(ticket);
  for (const sub of subs) {
    const [e] = (await sub.waitFor(1)).map((d) => d.ticketUpdated);
    expect([e.ticket.subject, parts(e.cursor).seq]).toEqual([subject, seq + 1]);
  }
});
