import { sweepSla } from '../src/modules/sla/sla.sweep';
import {
  ChangeTicketStatusDocument,
  CreateCustomerDocument,
  CreateServiceLevelDocument,
  CustomersDocument,
  LogInteractionDocument,
  RateTicketDocument,
  ResolveTicketDocument,
  TicketDetailDocument,
  UpdateTicketDocument,
} from './generated/operations';
import { customer, ticket } from './support/fixtures';
import { collectFromNow, ManualClock, Role, startTestHub, type TestHub } from './support/harness';

const clock = new ManualClock(Date.parse('2026-03-06T15:00:00Z')); // Friday 16:00 in Berlin (CET, UTC+1)
let t: TestHub;
let admin: string;
let agent: string;
let business: string; // Mon–Fri 09:00–17:00 Europe/Berlin, pauses on PENDING
let roundTheClock: string;
let agentWithId: string;

const detail = async (id: string) => (await t.gql(agent, TicketDetailDocument, { id })).data!.ticket!;

beforeAll(async () => {
  t = await startTestHub({ clock });
  admin = t.token(Role.ADMIN);
  agent = t.token(Role.AGENT);
  const sl = await t.gql(admin, CreateServiceLevelDocument, {
    input: {
      name: 'Business hours Berlin',
      isDefault: true,
      pauseOn: ['PENDING'],
      targets: [
        { priority: 'NORMAL', firstResponseMinutes: 120, resolutionMinutes: 960 },
        { priority: 'URGENT', firstResponseMinutes: 30, resolutionMinutes: 240 },
      ],
      businessHours: {
        timeZone: 'Europe/Berlin',
        days: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '17:00' })),
        holidays: ['2026-03-09'],
      },
    },
  });
  business = sl.data!.createServiceLevel.serviceLevel!.id;
  const rtc = await t.gql(admin, CreateServiceLevelDocument, {
    input: {
      name: 'Enterprise 24x7',
      ruleOrder: 1,
      matchTiers: ['ENTERPRISE'],
      targets: [{ priority: 'NORMAL', firstResponseMinutes: 60, resolutionMinutes: 600 }],
    },
  });
  roundTheClock = rtc.data!.createServiceLevel.serviceLevel!.id;
  const a = await t.gql(admin, 'mutation { createAgent(input: { name: "Sla Sam", email: "sam@desk.example", role: AGENT }) { agent { id } } }');
  agentWithId = t.token(Role.AGENT, { agentId: a.data.createAgent.agent.id });
});
afterAll(async () => {
  await t?.stop();
});

beforeEach(() => clock.set('2026-03-06T15:00:00Z'));

test('due times count business hours: Friday 16:00 + 120 business minutes skips the weekend and a Monday holiday', async () => {
  const c = await customer(t, agent);
  const tk = await ticket(t, agent, c);
  expect(tk.serviceLevel?.id).toBe(business);
  // Fri 16:00–17:00 = 60 min; Sat, Sun closed; Mon 9 March a holiday; Tue 09:00 + 60 = 10:00 CET = 09:00Z
  expect(tk.sla.firstResponseDueAt).toBe('2026-03-10T09:00:00.000Z');
  // 960 = 60 (Fri) + 480 (Tue) + 420 (Wed 09:00–16:00) → Wed 16:00 CET
  expect(tk.sla.resolutionDueAt).toBe('2026-03-11T15:00:00.000Z');
  expect(tk.sla).toMatchObject({ state: 'ON_TRACK', breached: false, minutesToBreach: 120 });
});

test('the service level comes from the customer plan, else the first matching rule, else the default', async () => {
  const ent = await customer(t, agent, { tier: 'ENTERPRISE' });
  expect((await ticket(t, agent, ent)).serviceLevel?.id).toBe(roundTheClock);
  const planned = await t.gql(agent, CreateCustomerDocument, { input: { name: 'Plan', email: `plan${Date.now()}@x.example`, tier: 'ENTERPRISE', serviceLevelId: business } });
  expect((await ticket(t, agent, planned.data!.createCustomer.customer!.id)).serviceLevel?.id).toBe(business);
  const std = await customer(t, agent, { tier: 'STANDARD' });
  expect((await ticket(t, agent, std)).serviceLevel?.id).toBe(business);
  // a priority the matched level has no target for: no clock
  const low = await ticket(t, agent, std, { priority: 'LOW' });
  expect(low.sla).toMatchObject({ state: 'NONE', firstResponseDueAt: null, resolutionDueAt: null, minutesToBreach: null });
});

test('a pending ticket stops the clock; the business minutes it stood still are added back when it restarts', async () => {
  clock.set('2026-03-10T08:00:00Z'); // Tue 09:00 CET
  const c = await customer(t, agent);
  const tk = await ticket(t, agent, c);
  expect(tk.sla.resolutionDueAt).toBe('2026-03-11T16:00:00.000Z'); // 960 = Tue 480 + Wed 480 → Wed 17:00 CET
  clock.set('2026-03-10T09:00:00Z'); // Tue 10:00
  await t.gql(agent, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'PENDING' } });
  clock.set('2026-03-10T13:00:00Z'); // Tue 14:00: 4 business hours later
  const paused = await detail(tk.id);
  expect(paused.sla.state).toBe('PAUSED');
  expect(paused.sla.minutesToBreach).toBe(60); // first response was due 11:00, paused at 10:00
  await t.gql(agent, ChangeTicketStatusDocument, { input: { ticketId: tk.id, status: 'OPEN' } });
  const resumed = await detail(tk.id);
  // +240 business minutes on both clocks
  expect(resumed.sla.firstResponseDueAt).toBe('2026-03-10T14:00:00.000Z'); // 11:00 + 4h = 15:00 CET
  expect(resumed.sla.resolutionDueAt).toBe('2026-03-12T12:00:00.000Z'); // Wed 17:00 + 4h → Thu 13:00 CET
  expect(resumed.sla.state).toBe('ON_TRACK');
});

test('a priority change re-plans from the creation time', async () => {
  clock.set('2026-03-10T08:00:00Z'); // Tue 09:00 CET
  const c = await customer(t, agent);
  const tk = await ticket(t, agent, c);
  clock.set('2026-03-10T08:10:00Z');
  const r = await t.gql(agent, UpdateTicketDocument, { input: { id: tk.id, priority: 'URGENT' } });
  expect(r.data?.updateTicket.ticket?.sla.firstResponseDueAt).toBe('2026-03-10T08:30:00.000Z');
  expect(r.data?.updateTicket.ticket?.sla.resolutionDueAt).toBe('2026-03-10T12:00:00.000Z');
});

test('state on every path: ON_TRACK → AT_RISK → BREACHED; MET when resolved in time; BREACHED stays after a late resolution', async () => {
  clock.set('2026-03-10T08:00:00Z');
  const c = await customer(t, agent);
  const tk = await ticket(t, agent, c); // FR due 10:00Z? no: Tue 09:00 CET + 120 = 11:00 CET = 10:00Z
  expect(tk.sla.firstResponseDueAt).toBe('2026-03-10T10:00:00.000Z');
  clock.set('2026-03-10T09:31:00Z'); // 29 of 120 minutes left (≤ 25% = 30)
  expect((await detail(tk.id)).sla).toMatchObject({ state: 'AT_RISK', minutesToBreach: 29, breached: false });
  clock.set('2026-03-10T10:05:00Z');
  expect((await detail(tk.id)).sla).toMatchObject({ state: 'BREACHED', breached: true, minutesToBreach: -5 });
  await t.gql(agent, ResolveTicketDocument, { input: { ticketId: tk.id, resolution: 'done', rootCause: 'NO_FAULT' } });
  expect((await detail(tk.id)).sla).toMatchObject({ state: 'BREACHED', breached: true });

  const ok = await ticket(t, agent, c);
  clock.set('2026-03-10T10:30:00Z');
  await t.gql(agentWithId, LogInteractionDocument, { input: { customerId: c, ticketId: ok.id, channel: 'EMAIL', direction: 'OUTBOUND', summary: 'Hi' } });
  const answered = await detail(ok.id);
  expect(answered.firstRespondedAt).toBe('2026-03-10T10:30:00.000Z');
  expect(answered.sla.state).toBe('ON_TRACK');
  await t.gql(agent, ResolveTicketDocument, { input: { ticketId: ok.id, resolution: 'done', rootCause: 'NO_FAULT' } });
  expect((await detail(ok.id)).sla).toMatchObject({ state: 'MET', breached: false, minutesToBreach: null });
});

test('the sweep raises AT_RISK and BREACHED once per ticket and target, with two instances sweeping at once, and slaAlerts delivers them', async () => {
  clock.set('2026-03-12T08:00:00Z'); // Thu 09:00 CET
  const t2 = await startTestHub({ clock, databaseUrl: t.databaseUrl });
  try {
    await Promise.all([sweepSla(t.hub.app), sweepSla(t2.hub.app)]); // drain older tickets' alerts first
    const c = await customer(t, agent);
    const tk = await ticket(t, agent, c, { priority: 'URGENT' }); // FR 30 min → 08:30Z, resolution 240 → 12:00Z
    const sub = await collectFromNow(t2, t2.ws(agent), 'subscription($after: String) { slaAlerts(after: $after) { cursor state target ticket { id } } }');
    // three sweeps at once over two instances; count the alerts this ticket received
    let seen = 0;
    const sweepTwice = async () => {
      await Promise.all([sweepSla(t.hub.app), sweepSla(t2.hub.app), sweepSla(t.hub.app)]);
      const [{ n }] = await t.hub.app.db.query(`SELECT count(*)::int AS n FROM event_log WHERE entity_id = $1 AND type LIKE 'SLA_%'`, [
        Buffer.from(tk.id, 'base64url').toString().split(':')[1],
      ]);
      const fresh = n - seen;
      seen = n;
      return fresh;
    };

    clock.set('2026-03-12T08:10:00Z');
    expect(await sweepTwice()).toBe(0);
    clock.set('2026-03-12T08:23:00Z'); // 7 of 30 min left on the first response
    expect(await sweepTwice()).toBe(1);
    expect(await sweepTwice()).toBe(0);
    // exactly at the due time the state is still AT_RISK (breached means past it): no breach alert yet
    clock.set('2026-03-12T08:30:00Z');
    expect((await detail(tk.id)).sla.state).toBe('AT_RISK');
    expect(await sweepTwice()).toBe(0);
    clock.set('2026-03-12T08:30:00.001Z');
    expect((await detail(tk.id)).sla.state).toBe('BREACHED');
    expect(await sweepTwice()).toBe(1);
    clock.set('2026-03-12T08:31:00Z');
    expect(await sweepTwice()).toBe(0);
    clock.set('2026-03-12T13:00:00Z'); // resolution breached; its at-risk alert is folded into the breach
    expect(await sweepTwice()).toBe(1);
    clock.set('2026-03-13T13:00:00Z');
    expect(await sweepTwice()).toBe(0);

    // the sentinel: another ticket's breach, raised last; everything before it is what this ticket got
    const sentinel = await ticket(t, agent, c, { priority: 'URGENT' });
    clock.set('2026-03-20T13:00:00Z');
    await Promise.all([sweepSla(t.hub.app), sweepSla(t2.hub.app)]);
    const all = (await sub.waitUntil((evs) => evs.some((e: any) => e.slaAlerts.ticket.id === sentinel.id))).map((e: any) => e.slaAlerts);
    // the subscription also carries alerts of older tickets of this file; this ticket's, in order:
    const mine = all.slice(0, all.findIndex((a: any) => a.ticket.id === sentinel.id)).filter((a: any) => a.ticket.id === tk.id);
    expect(mine.map((a: any) => `${a.target}:${a.state}`)).toEqual(['FIRST_RESPONSE:AT_RISK', 'FIRST_RESPONSE:BREACHED', 'RESOLUTION:BREACHED']);
    const history = (await detail(tk.id)).history.nodes.map((h) => h.type);
    expect(history.filter((h) => h.startsWith('SLA_'))).toEqual(['SLA_AT_RISK', 'SLA_BREACHED', 'SLA_BREACHED']);
    sub.unsubscribe();
  } finally {
    await t2.stop();
  }
});

test("a customer's satisfaction score is the average of its ratings", async () => {
  const c = await customer(t, agent, { name: 'Rated Rita' });
  const tok = t.token(Role.CUSTOMER, { customerId: c });
  for (const score of [5, 2]) {
    const tk = await ticket(t, agent, c);
    await t.gql(agent, ResolveTicketDocument, { input: { ticketId: tk.id, resolution: 'ok', rootCause: 'NO_FAULT' } });
    await t.gql(tok, RateTicketDocument, { input: { ticketId: tk.id, score } });
  }
  const r = await t.gql(agent, CustomersDocument, { filter: { text: 'Rated Rita' } });
  expect(r.data?.customers.nodes[0].satisfactionScore).toBe(3.5);
});
