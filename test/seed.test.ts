/**
 * The demo seed produces a consistent service desk. Self-contained: a scratch database on the
 * server named by TEST_DATABASE_URL, migrations, then SQL checks over the seeded rows.
 */
import type { DataSource } from 'typeorm';
import type { App } from '../src/app/app';
import { systemClock } from '../src/app/clock';
import { loadConfig } from '../src/config';
import { createDataSource } from '../src/db/data-source';
import { createScratchDatabase } from '../src/db/scratch';
import { setLogLevel } from '../src/logger';
import { Role, TicketKind, TicketStatus } from '../src/modules/common/enums';
import type { ServiceLevel } from '../src/modules/sla/service-level.entity';
import { planClock } from '../src/modules/sla/sla.service';
import { demoIdentities, seedDemoIfEmpty } from '../src/seed/demo';

let db: DataSource;
let app: App;
let drop: (() => Promise<void>) | null = null;

const one = async <T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T> => (await db.query(sql, params))[0] as T;
const num = async (sql: string, params?: unknown[]): Promise<number> => Number((await one<{ n: string }>(sql, params)).n);

beforeAll(async () => {
  setLogLevel((process.env.LOG_LEVEL as 'info') ?? 'warn');
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set (jest globalSetup provides it)');
  const scratch = await createScratchDatabase(adminUrl, 'sg_seed');
  drop = scratch.drop;
  db = createDataSource(scratch.url, { queries: 0 }, 4);
  await db.initialize();
  await db.runMigrations({ transaction: 'all' });
  app = { db, clock: systemClock, config: loadConfig({}), stats: { queries: 0 }, authSecrets: ['test'] } as unknown as App;
  const started = Date.now();
  await seedDemoIfEmpty(app, false);
  // a sanity bound only: under jest's VM, luxon's Intl calls run several times slower than in the hub
  expect(Date.now() - started).toBeLessThan(30000);
});

afterAll(async () => {
  if (db?.isInitialized) await db.destroy();
  if (drop) await drop();
});

test('seeds a realistic number of rows', async () => {
  const tickets = await num('SELECT count(*) AS n FROM ticket');
  expect(tickets).toBeGreaterThanOrEqual(400);
  expect(tickets).toBeLessThanOrEqual(1000);
  expect(await num('SELECT count(*) AS n FROM customer')).toBeGreaterThanOrEqual(200);
  expect(await num('SELECT count(*) AS n FROM agent')).toBe(12);
  expect(await num('SELECT count(*) AS n FROM service_level')).toBe(3);
  expect(await num('SELECT count(*) AS n FROM service_level WHERE is_default')).toBe(1);
  expect(await num('SELECT count(*) AS n FROM interaction WHERE ticket_id IS NULL')).toBeGreaterThan(0);
  // one CREATED event per ticket, in ticket-number order
  expect(await num(`SELECT count(*) AS n FROM event_log WHERE topic = 'ticket' AND type = 'CREATED'`)).toBe(tickets);
  expect(
    await num(`SELECT count(*) AS n FROM (
      SELECT t.number, row_number() OVER (ORDER BY e.seq) AS a, row_number() OVER (ORDER BY t.number) AS b
      FROM event_log e JOIN ticket t ON t.id = e.entity_id) x WHERE a <> b`),
  ).toBe(0);
  expect(await num(`SELECT count(*) AS n FROM event_log e JOIN ticket t ON t.id = e.entity_id WHERE e.occurred_at <> t.created_at OR e.customer_id <> t.customer_id OR e.data->>'subject' <> t.subject`)).toBe(0);
});

test('every status and kind is present', async () => {
  const statuses: { status: string }[] = await db.query('SELECT DISTINCT status FROM ticket');
  expect(statuses.map((r) => r.status).sort()).toEqual(Object.values(TicketStatus).sort());
  const kinds: { kind: string }[] = await db.query('SELECT DISTINCT kind FROM ticket');
  expect(kinds.map((r) => r.kind).sort()).toEqual(Object.values(TicketKind).sort());
  const closedShare = await one<{ share: number }>(`SELECT avg((status IN ('RESOLVED','CLOSED'))::int)::float AS share FROM ticket`);
  expect(closedShare.share).toBeGreaterThan(0.6);
});

test('status-dependent fields are consistent', async () => {
  expect(await num(`SELECT count(*) AS n FROM ticket WHERE status IN ('RESOLVED','CLOSED') AND (resolved_at IS NULL OR root_cause IS NULL OR resolution IS NULL)`)).toBe(0);
  expect(await num(`SELECT count(*) AS n FROM ticket WHERE status NOT IN ('RESOLVED','CLOSED') AND (resolved_at IS NOT NULL OR root_cause IS NOT NULL OR resolution IS NOT NULL)`)).toBe(0);
  expect(await num(`SELECT count(*) AS n FROM ticket WHERE (status = 'CLOSED') <> (closed_at IS NOT NULL)`)).toBe(0);
  expect(await num(`SELECT count(*) AS n FROM ticket WHERE status = 'NEW' AND assignee_id IS NOT NULL`)).toBe(0);
  expect(await num(`SELECT count(*) AS n FROM ticket WHERE status <> 'NEW' AND assignee_id IS NULL`)).toBe(0);
  expect(await num(`SELECT count(*) AS n FROM ticket WHERE closed_at < resolved_at OR resolved_at < first_responded_at OR first_responded_at < created_at`)).toBe(0);
  expect(await num(`SELECT count(*) AS n FROM ticket WHERE greatest(created_at, first_responded_at, resolved_at, closed_at, rated_at) > now()`)).toBe(0);
  // satisfaction: only on resolved/closed, 1..5, with a rating time
  expect(await num(`SELECT count(*) AS n FROM ticket WHERE satisfaction_score IS NOT NULL AND (satisfaction_score NOT BETWEEN 1 AND 5 OR rated_at IS NULL OR status NOT IN ('RESOLVED','CLOSED'))`)).toBe(0);
  expect(await num(`SELECT count(*) AS n FROM ticket WHERE satisfaction_score IS NOT NULL`)).toBeGreaterThan(0);
  const avg = await one<{ avg: number }>(`SELECT avg(satisfaction_score)::float AS avg FROM ticket`);
  expect(avg.avg).toBeGreaterThan(3.5);
});

test('SLA fields follow the service level', async () => {
  expect(await num(`SELECT count(*) AS n FROM ticket WHERE service_level_id IS NULL OR first_response_due_at IS NULL OR resolution_due_at IS NULL`)).toBe(0);
  expect(await num(`SELECT count(*) AS n FROM ticket WHERE resolution_due_at < first_response_due_at OR first_response_due_at <= created_at`)).toBe(0);
  expect(await num(`SELECT count(*) AS n FROM ticket WHERE status IN ('RESOLVED','CLOSED') AND (sla_risk_at IS NOT NULL OR sla_next_alert_at IS NOT NULL)`)).toBe(0);
  expect(await num(`SELECT count(*) AS n FROM ticket WHERE status NOT IN ('RESOLVED','CLOSED') AND sla_risk_at IS NULL`)).toBe(0);
  // paused exactly when PENDING under a level that pauses on PENDING, after creation
  expect(
    await num(`SELECT count(*) AS n FROM ticket t JOIN service_level s ON s.id = t.service_level_id
      WHERE (t.sla_paused_at IS NOT NULL) <> (t.status = 'PENDING' AND 'PENDING' = ANY(s.pause_on))
         OR t.sla_paused_at <= t.created_at OR (t.sla_paused_at IS NOT NULL AND t.sla_next_alert_at IS NOT NULL)`),
  ).toBe(0);
  expect(await num(`SELECT count(*) AS n FROM ticket WHERE sla_paused_at IS NOT NULL`)).toBeGreaterThan(0);
  // premium and enterprise customers carry their level; their tickets use it
  expect(
    await num(`SELECT count(*) AS n FROM customer c LEFT JOIN service_level s ON s.id = c.service_level_id
      WHERE (c.tier = 'STANDARD' AND c.service_level_id IS NOT NULL)
         OR (c.tier = 'PREMIUM' AND s.name IS DISTINCT FROM 'Premium')
         OR (c.tier = 'ENTERPRISE' AND s.name IS DISTINCT FROM 'Enterprise')`),
  ).toBe(0);
  expect(
    await num(`SELECT count(*) AS n FROM ticket t JOIN customer c ON c.id = t.customer_id
      WHERE t.service_level_id <> coalesce(c.service_level_id, (SELECT id FROM service_level WHERE is_default))`),
  ).toBe(0);
});

test('stored clocks are what planClock computes', async () => {
  const rows: Record<string, any>[] = await db.query(
    `SELECT t.*, s.targets, s.business_hours FROM ticket t JOIN service_level s ON s.id = t.service_level_id ORDER BY t.number`,
  );
  const ms = (d: Date | null | undefined) => (d ? new Date(d).getTime() : null);
  for (const t of rows) {
    const sl = { targets: t.targets, businessHours: t.business_hours } as ServiceLevel;
    const plan = planClock(
      sl,
      {
        status: t.status, priority: t.priority, createdAt: t.created_at, slaPausedMinutes: t.sla_paused_minutes,
        firstRespondedAt: t.first_responded_at, slaAlerts: t.sla_alerts,
      },
      app.config.slaAtRiskShare,
    );
    const done = t.status === 'RESOLVED' || t.status === 'CLOSED';
    expect([t.number, ms(t.first_response_due_at), ms(t.resolution_due_at)]).toEqual([t.number, ms(plan.firstResponseDueAt), ms(plan.resolutionDueAt)]);
    if (!done) expect([t.number, ms(t.sla_risk_at)]).toEqual([t.number, ms(plan.slaRiskAt)]);
    if (!done && !t.sla_paused_at) expect([t.number, ms(t.sla_next_alert_at)]).toEqual([t.number, ms(plan.slaNextAlertAt)]);
  }
});

test('interactions belong to their ticket and explain the first response', async () => {
  expect(await num(`SELECT count(*) AS n FROM interaction i JOIN ticket t ON t.id = i.ticket_id WHERE i.customer_id <> t.customer_id`)).toBe(0);
  expect(await num(`SELECT count(*) AS n FROM ticket t WHERE NOT EXISTS (SELECT 1 FROM interaction i WHERE i.ticket_id = t.id)`)).toBe(0);
  const per = await one<{ lo: number; hi: number }>(`SELECT min(n)::int AS lo, max(n)::int AS hi FROM (SELECT count(*) AS n FROM interaction WHERE ticket_id IS NOT NULL GROUP BY ticket_id) x`);
  expect(per.lo).toBeGreaterThanOrEqual(1);
  expect(per.hi).toBeLessThanOrEqual(6);
  // the first contact is the customer's, on the ticket's channel, when the ticket was created
  expect(
    await num(`SELECT count(*) AS n FROM ticket t JOIN LATERAL (
        SELECT * FROM interaction i WHERE i.ticket_id = t.id ORDER BY occurred_at, direction LIMIT 1) f ON true
      WHERE f.direction <> 'INBOUND' OR f.channel <> t.channel OR f.occurred_at <> t.created_at`),
  ).toBe(0);
  // first_responded_at is set exactly when an agent replied, and equals the first reply
  expect(
    await num(`SELECT count(*) AS n FROM ticket t LEFT JOIN LATERAL (
        SELECT min(occurred_at) AS at FROM interaction i WHERE i.ticket_id = t.id AND i.direction = 'OUTBOUND' AND i.agent_id IS NOT NULL) o ON true
      WHERE t.first_responded_at IS DISTINCT FROM o.at`),
  ).toBe(0);
  expect(await num(`SELECT count(*) AS n FROM interaction WHERE occurred_at > now()`)).toBe(0);
  const channels: { channel: string }[] = await db.query('SELECT DISTINCT channel FROM interaction');
  expect(channels.length).toBe(7);
});

test('seeding again does not duplicate', async () => {
  const before = await one<{ t: string; c: string; i: string; e: string }>(
    'SELECT (SELECT count(*) FROM ticket) AS t, (SELECT count(*) FROM customer) AS c, (SELECT count(*) FROM interaction) AS i, (SELECT count(*) FROM event_log) AS e',
  );
  await seedDemoIfEmpty(app, true);
  await seedDemoIfEmpty(app, false);
  const after = await one<typeof before>(
    'SELECT (SELECT count(*) FROM ticket) AS t, (SELECT count(*) FROM customer) AS c, (SELECT count(*) FROM interaction) AS i, (SELECT count(*) FROM event_log) AS e',
  );
  expect(after).toEqual(before);
});

test('demoIdentities gives one stable identity per role', async () => {
  const ids = await demoIdentities(app);
  expect(ids).not.toBeNull();
  for (const role of [Role.ADMIN, Role.MANAGER, Role.AGENT, Role.ANALYST]) {
    const who = ids![role]!;
    expect(who).toBeDefined();
    const agent = await one<{ role: string; email: string }>('SELECT role, email FROM agent WHERE id = $1', [who.agentId]);
    expect(agent).toEqual({ role, email: who.sub });
    expect(who.customerId).toBeNull();
  }
  const customer = ids![Role.CUSTOMER]!;
  expect(customer.agentId).toBeNull();
  expect((await one<{ email: string }>('SELECT email FROM customer WHERE id = $1', [customer.customerId])).email).toBe(customer.sub);
  expect(await demoIdentities(app)).toEqual(ids);
});
