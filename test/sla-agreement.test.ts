/**
 * The SLA state has one description (SLA_STATE_RULE in sla.service.ts), rendered to SQL
 * (`slaStateSql`: filters, statistics) and to TypeScript (`evaluateSla`: the `sla` field, the
 * state recorded in events). Properties:
 * - over generated rows (nulls, equal instants, every status), PostgreSQL and TypeScript agree;
 * - through the API, for random tickets, service levels and clocks, `tickets(filter: {slaState})`
 *   selects exactly the tickets whose `sla { state }` says so.
 */
import { Client } from 'pg';
import { SlaState, TicketStatus } from '../src/modules/common/enums';
import { ServiceLevel as ServiceLevelEntity, type ServiceLevel } from '../src/modules/sla/service-level.entity';
import { Ticket } from '../src/modules/tickets/ticket.entity';
import { evaluateSla, slaStateSql, type SlaTicket } from '../src/modules/sla/sla.service';
import { TRANSITIONS } from '../src/modules/tickets/ticket.status';
import { customer } from './support/fixtures';
import { gid, ManualClock, Role, startTestHub, type TestHub } from './support/harness';
import { prng, seedOf, type Rng } from './support/random';

const SEED = seedOf(5150);
const STATES = Object.values(SlaState);

describe('generated rows: slaStateSql and evaluateSla agree', () => {
  const COLUMNS = {
    status: 'text',
    serviceLevelId: 'uuid',
    firstResponseDueAt: 'timestamptz',
    resolutionDueAt: 'timestamptz',
    firstRespondedAt: 'timestamptz',
    resolvedAt: 'timestamptz',
    closedAt: 'timestamptz',
    slaPausedAt: 'timestamptz',
    slaRiskAt: 'timestamptz',
  } as const;
  const snake = (s: string) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

  test('5,000 rows, instants drawn from a few so that many are equal', async () => {
    const rng = prng(SEED);
    const base = Date.parse('2030-01-01T00:00:00Z');
    const instants = Array.from({ length: 6 }, (_, i) => new Date(base + i * 60_000));
    const maybe = (p: number) => (rng.chance(p) ? null : rng.pick(instants));
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      i,
      status: rng.pick(Object.values(TicketStatus)),
      serviceLevelId: rng.chance(0.15) ? null : '00000000-0000-0000-0000-00000000000a',
      firstResponseDueAt: maybe(0.3),
      resolutionDueAt: maybe(0.3),
      firstRespondedAt: maybe(0.5),
      resolvedAt: maybe(0.6),
      closedAt: maybe(0.6),
      slaPausedAt: maybe(0.6),
      slaRiskAt: maybe(0.4),
      now: rng.pick(instants),
    }));
    const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    try {
      const cols = Object.entries(COLUMNS).map(([k, type]) => `${snake(k)} ${type}`);
      const { rows: sql } = await db.query(
        `SELECT r.i, ${slaStateSql('r', 'r.now')} AS state
           FROM jsonb_to_recordset($1::jsonb) AS r(i int, now timestamptz, ${cols.join(', ')})`,
        [JSON.stringify(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [snake(k), v]))))],
      );
      const sl = { id: '00000000-0000-0000-0000-00000000000a', businessHours: null } as unknown as ServiceLevel;
      const ts = rows.map((r) => evaluateSla(r.serviceLevelId ? sl : null, r as unknown as SlaTicket, r.now).state);
      const differ = sql.filter((s: { i: number; state: string }) => s.state !== ts[s.i]).map((s: { i: number }) => ({ row: rows[s.i], sql: sql[s.i].state, ts: ts[s.i] }));
      expect(differ.slice(0, 3)).toEqual([]);
      expect(new Set(ts)).toEqual(new Set(STATES));
    } finally {
      await db.end();
    }
  });
});

describe('through the API: the slaState filter and the sla field agree', () => {
  const clock = new ManualClock(Date.parse('2030-03-04T06:30:00Z')); // a Monday
  let t: TestHub;
  let admin: string;
  let agent: string;
  const tickets = new Map<string, { status: string; customerId: string }>();
  const run = async (token: string, query: string, input: Record<string, unknown>) => {
    const r = await t.gql(token, query, { input });
    expect(r.errors).toBeUndefined();
    const payload = Object.values(r.data as Record<string, any>)[0];
    expect(payload.userErrors).toEqual([]);
    return payload;
  };
  const TICKET = 'ticket { id status } userErrors { message }';

  function targets(rng: Rng, priorities: string[]) {
    return priorities.map((priority) => {
      const firstResponseMinutes = rng.int(5, 240);
      return { priority, firstResponseMinutes, resolutionMinutes: firstResponseMinutes * rng.int(2, 8) };
    });
  }

  beforeAll(async () => {
    t = await startTestHub({ clock });
    admin = t.token(Role.ADMIN);
    const rng = prng(SEED + 1);
    const level = async (input: Record<string, unknown>) =>
      (await run(admin, 'mutation($input: CreateServiceLevelInput!) { createServiceLevel(input: $input) { serviceLevel { id } userErrors { message } } }', input))
        .serviceLevel.id as string;
    const all = ['LOW', 'NORMAL', 'HIGH', 'URGENT'];
    const levels = [
      await level({ name: 'Round the clock', pauseOn: ['PENDING'], targets: targets(rng, all) }),
      await level({
        name: 'Office hours',
        pauseOn: ['PENDING', 'ON_HOLD'],
        targets: targets(rng, all),
        businessHours: { timeZone: 'Europe/Berlin', days: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' })) },
      }),
      await level({ name: 'Urgent only', pauseOn: [], targets: targets(rng, ['HIGH', 'URGENT']) }),
    ];
    const customers = [...levels.map((serviceLevelId, i) => customer(t, admin, { name: `Plan ${i}`, serviceLevelId })), customer(t, admin, { name: 'No plan' })];
    const customerIds = await Promise.all(customers);
    const a = await run(admin, 'mutation($input: CreateAgentInput!) { createAgent(input: $input) { agent { id } userErrors { message } } }', {
      name: 'Sla Sam',
      email: 'sam@desk.example',
      role: 'AGENT',
    });
    agent = t.token(Role.AGENT, { agentId: a.agent.id });

    for (let step = 0; step < 90; step++) {
      clock.advanceMinutes(rng.int(0, 60));
      if (tickets.size < 30 && (tickets.size < 3 || rng.chance(0.4))) {
        const customerId = rng.pick(customerIds);
        const p = await run(admin, `mutation($input: CreateTicketInput!) { createTicket(input: $input) { ${TICKET} } }`, {
          customerId,
          subject: 'Clock',
          kind: 'INCIDENT',
          priority: rng.pick(all),
          channel: 'PHONE',
        });
        tickets.set(p.ticket.id, { status: p.ticket.status, customerId });
        continue;
      }
      const id = rng.pick([...tickets.keys()]);
      const cur = tickets.get(id)!;
      const moves = TRANSITIONS[cur.status as TicketStatus];
      const what = rng.int(0, 3);
      let p: any = null;
      if (what <= 1 && moves.length) {
        const to = rng.pick(moves);
        p =
          to === 'RESOLVED'
            ? await run(admin, `mutation($input: ResolveTicketInput!) { resolveTicket(input: $input) { ${TICKET} } }`, { ticketId: id, resolution: 'ok', rootCause: 'NO_FAULT' })
            : await run(admin, `mutation($input: ChangeTicketStatusInput!) { changeTicketStatus(input: $input) { ${TICKET} } }`, { ticketId: id, status: to });
      } else if (what === 2) {
        p = await run(agent, `mutation($input: LogInteractionInput!) { logInteraction(input: $input) { ${TICKET} } }`, {
          customerId: cur.customerId,
          ticketId: id,
          channel: 'EMAIL',
          direction: 'OUTBOUND',
          summary: 'Answer',
        });
      } else if (cur.status !== 'CLOSED') {
        p = await run(admin, `mutation($input: UpdateTicketInput!) { updateTicket(input: $input) { ${TICKET} } }`, { id, priority: rng.pick(all), subject: `Clock ${step}` });
      }
      if (p) cur.status = p.ticket.status;
    }
    // and, on the round-the-clock plan, a ticket resolved at once (MET) and one waiting (PAUSED)
    for (const to of ['RESOLVED', 'PENDING']) {
      const p = await run(admin, `mutation($input: CreateTicketInput!) { createTicket(input: $input) { ${TICKET} } }`, {
        customerId: customerIds[0],
        subject: 'Clock',
        kind: 'INCIDENT',
        priority: 'LOW',
        channel: 'PHONE',
      });
      const id = p.ticket.id;
      const moved =
        to === 'RESOLVED'
          ? await run(admin, `mutation($input: ResolveTicketInput!) { resolveTicket(input: $input) { ${TICKET} } }`, { ticketId: id, resolution: 'ok', rootCause: 'NO_FAULT' })
          : await run(admin, `mutation($input: ChangeTicketStatusInput!) { changeTicketStatus(input: $input) { ${TICKET} } }`, { ticketId: id, status: to });
      tickets.set(id, { status: moved.ticket.status, customerId: customerIds[0] });
    }
  }, 60_000);

  afterAll(async () => {
    await t?.stop();
  });

  // minutesToBreach needs TypeScript (business hours), so this operation runs the resolvers:
  // `sla { state }` is evaluateSla's answer, the slaState filter PostgreSQL's
  const QUERY = `{ all: tickets(first: 100) { nodes { id sla { state minutesToBreach firstResponseDueAt resolutionDueAt } } } ${STATES.map(
    (s) => `${s}: tickets(first: 100, filter: { slaState: [${s}] }) { nodes { id } }`,
  ).join(' ')} }`;

  async function compareAt(at: number) {
    clock.set(new Date(at));
    const r = await t.gql(admin, QUERY);
    expect(r.errors).toBeUndefined();
    const nodes = r.data.all.nodes as { id: string; sla: { state: string; firstResponseDueAt: string | null; resolutionDueAt: string | null } }[];
    expect(nodes.length).toBe(tickets.size);
    // and evaluateSla itself, in this process, over the rows as stored (whatever path answered the field)
    const db = t.hub.app.db;
    const levels = new Map((await db.getRepository(ServiceLevelEntity).find()).map((l) => [l.id, l] as const));
    const rows = await db.getRepository(Ticket).find();
    const local = new Map(rows.map((row) => [gid('Ticket', row.id), evaluateSla(row.serviceLevelId ? levels.get(row.serviceLevelId)! : null, row, new Date(at)).state]));
    for (const s of STATES) {
      const filtered = (r.data[s].nodes as { id: string }[]).map((n) => n.id).sort();
      const field = nodes.filter((n) => n.sla.state === s).map((n) => n.id).sort();
      const evaluated = [...local].filter(([, state]) => state === s).map(([id]) => id).sort();
      const when = new Date(at).toISOString();
      expect({ when, state: s, ids: filtered }).toEqual({ when, state: s, ids: field });
      expect({ when, state: s, ids: filtered }).toEqual({ when, state: s, ids: evaluated });
    }
    return nodes;
  }

  test('at random instants and exactly at (and 1 ms around) every due time', async () => {
    const rng = prng(SEED + 2);
    const end = clock.now().getTime();
    const seen = new Set<string>();
    const first = await compareAt(end);
    first.forEach((n) => seen.add(n.sla.state));
    // the due times of clocks still running are where a strict and a non-strict comparison part
    const running = first.filter((n) => ['ON_TRACK', 'AT_RISK', 'BREACHED'].includes(n.sla.state));
    const dues = running.flatMap((n) => [n.sla.firstResponseDueAt, n.sla.resolutionDueAt]).filter((d): d is string => !!d).map(Date.parse);
    const instants = [
      ...Array.from({ length: 15 }, () => end + rng.int(-3 * 24 * 60, 5 * 24 * 60) * 60_000),
      ...rng.shuffle(dues).slice(0, 20).flatMap((d) => [d - 1, d, d + 1]),
    ];
    for (const at of instants) (await compareAt(at)).forEach((n) => seen.add(n.sla.state));
    expect(seen).toEqual(new Set(STATES));
  }, 60_000);
});
