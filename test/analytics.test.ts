import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { createScratchDatabase } from '../src/db/scratch';
import { resolveDimensions, ticketStatsSql } from '../src/modules/analytics/analytics.service';
import { TicketDimension, TimeBucket } from '../src/modules/analytics/analytics.types';
import { inverseNormal } from '../src/modules/analytics/inverse-normal';
import {
  ConsumeReservationDocument,
  CreatePartDocument,
  CreateStockLocationDocument,
  CreateTicketDocument,
  FailureDemandDocument,
  InteractionStatsDocument,
  LogInteractionDocument,
  InventoryStatsDocument,
  PartInsightsDocument,
  ReceiveStockDocument,
  ReleaseReservationDocument,
  ReservePartDocument,
  SetReorderPolicyDocument,
  TicketStatsDocument,
  TicketVolumeDocument,
  TicketsPageDocument,
} from './generated/operations';
import { basics, customer, ticket, type Basics } from './support/fixtures';
import { ManualClock, Role, startTestHub, type TestHub } from './support/harness';

/** The database id behind a global id. */
const raw = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
const NOW = '2026-02-15T12:00:00.000Z';
const at = (iso: string, plusMinutes = 0) => new Date(new Date(iso).getTime() + plusMinutes * 60000).toISOString();

// ── unit: the safety factor and the dimension rules ────────────────────────────────────────

describe('inverseNormal (Acklam)', () => {
  test.each([
    [0.5, 0],
    [0.8, 0.8416212],
    [0.9, 1.2815516],
    [0.95, 1.6448536],
    [0.975, 1.959964],
    [0.99, 2.3263479],
    [0.999, 3.0902323],
    [0.9999, 3.7190165],
    [0.01, -2.3263479],
    [0.02, -2.0537489],
    [0.001, -3.0902323],
  ])('Φ⁻¹(%p) ≈ %p', (p, z) => {
    expect(inverseNormal(p)).toBeCloseTo(z, 6);
  });

  test('is antisymmetric around 0.5 and increasing, including across the tail/central seams', () => {
    for (const p of [0.001, 0.02425, 0.1, 0.3, 0.49]) expect(inverseNormal(1 - p)).toBeCloseTo(-inverseNormal(p), 8);
    let last = -Infinity;
    for (let p = 0.0005; p < 1; p += 0.0005) {
      const z = inverseNormal(p);
      expect(z).toBeGreaterThan(last);
      last = z;
    }
  });

  test('refuses what is not a probability strictly between 0 and 1', () => {
    for (const p of [0, 1, -0.1, 1.2, NaN]) expect(() => inverseNormal(p)).toThrow(RangeError);
  });
});

describe('resolveDimensions', () => {
  const P = TicketDimension.PERIOD;
  test('a bucket alone implies PERIOD; PERIOD alone buckets by DAY; PERIOD goes first', () => {
    expect(resolveDimensions([TicketDimension.STATUS], TimeBucket.WEEK, P)).toEqual({ dims: [P, TicketDimension.STATUS], bucket: TimeBucket.WEEK });
    expect(resolveDimensions([TicketDimension.KIND, P], null, P)).toEqual({ dims: [P, TicketDimension.KIND], bucket: TimeBucket.DAY });
    expect(resolveDimensions(null, null, P)).toEqual({ dims: [], bucket: TimeBucket.DAY });
  });
  test('duplicates and more than 4 dimensions (counting an implied PERIOD) are refused', () => {
    expect(() => resolveDimensions([TicketDimension.KIND, TicketDimension.KIND], null, P)).toThrow(/KIND more than once/);
    const four = [TicketDimension.KIND, TicketDimension.STATUS, TicketDimension.CHANNEL, TicketDimension.REASON];
    expect(resolveDimensions(four, null, P).dims).toHaveLength(4);
    expect(() => resolveDimensions(four, TimeBucket.DAY, P)).toThrow(/at most 4 dimensions, got 5.*adds PERIOD/);
  });
});

describe('generated SQL', () => {
  test('only the measures asked for are computed; contacts are joined only when asked for', () => {
    const now = new Date(NOW);
    const slim = ticketStatsSql({ groupBy: [TicketDimension.CHANNEL] }, now, new Set(['key', 'count'])).sql;
    expect(slim).not.toMatch(/interaction|percentile_cont|BREACHED|satisfaction/);
    const full = ticketStatsSql({ groupBy: [TicketDimension.CHANNEL] }, now, null).sql;
    // contacts are the tickets' maintained contact_count: no join to interaction
    expect(full).toMatch(/t\.contact_count/);
    expect(full).not.toMatch(/interaction/);
    expect(full).toMatch(/percentile_cont\(0\.9\)/);
    expect(full.match(/SELECT/g)!.length).toBeGreaterThan(1); // one statement with sub-selects, no second query
  });
});

// ── tickets and interactions, over a hand-counted fixture ─────────────────────────────────

/*
 * Nine tickets (NOW = 2026-02-15 12:00 UTC). Minutes are offsets from creation.
 *
 *  #  created (UTC)        status    prio    kind      channel reason          rootCause         assignee cust SLA due (fr/res)  1st resp  resolved  CSAT  contacts  SLA state
 *  1  2026-01-05 09:00     RESOLVED  HIGH    INCIDENT  PHONE   TROUBLESHOOTING PRODUCT_DEFECT    Ada      c0   60 / 480          30        100       5     3         MET
 *  2  2026-01-05 22:00     CLOSED    NORMAL  COMPLAINT EMAIL   BILLING         BILLING_ERROR     Bob      c1   240 / 2400        300       1000      2     2         BREACHED (late response)
 *  3  2026-01-06 10:00     RESOLVED  NORMAL  INCIDENT  CHAT    TROUBLESHOOTING PRODUCT_DEFECT    Ada      c2   240 / 2400        10        3000      4     4         BREACHED (late resolution)
 *  4  2026-01-12 08:00     RESOLVED  LOW     QUESTION  PHONE   BILLING         BILLING_ERROR     Bob      c0   480 / 4800        20        400       -     1         MET
 *  5  2026-01-20 15:00     OPEN      URGENT  INCIDENT  PHONE   REPAIR          -                 Ada      c2   15 / 240          5         -         -     2         BREACHED (open, overdue)
 *  6  2026-02-02 11:00     PENDING   NORMAL  REQUEST   WEB     PURCHASE        -                 -        c1   no SLA            -         -         -     0         NONE
 *  7  2026-02-03 00:30     RESOLVED  HIGH    RETURN    EMAIL   DELIVERY        DELIVERY_FAILURE  Bob      c2   60 / 480          45        50        3     5         MET
 *  8  2026-02-10 13:00     NEW       NORMAL  COMPLAINT CHAT    DELIVERY        -                 -        c0   due after NOW     -         -         -     0         ON_TRACK
 *  9  2026-02-14 23:59:59  RESOLVED  NORMAL  QUESTION  PHONE   OTHER           NO_FAULT          Ada      c1   no SLA            -         60        4     1         NONE
 *
 * c0, c1 are STANDARD, c2 PREMIUM. Two more contacts have no ticket (18 on tickets, 20 in all).
 */
interface TicketSpec {
  created: string;
  status: string;
  priority: string;
  kind: string;
  channel: string;
  reason: string | null;
  rootCause: string | null;
  assignee: 0 | 1 | null;
  cust: 0 | 1 | 2;
  due: [number, number] | 'future' | null;
  firstResp: number | null;
  resolved: number | null;
  csat: number | null;
}
const TICKETS: TicketSpec[] = [
  { created: '2026-01-05T09:00:00Z', status: 'RESOLVED', priority: 'HIGH', kind: 'INCIDENT', channel: 'PHONE', reason: 'TROUBLESHOOTING', rootCause: 'PRODUCT_DEFECT', assignee: 0, cust: 0, due: [60, 480], firstResp: 30, resolved: 100, csat: 5 },
  { created: '2026-01-05T22:00:00Z', status: 'CLOSED', priority: 'NORMAL', kind: 'COMPLAINT', channel: 'EMAIL', reason: 'BILLING', rootCause: 'BILLING_ERROR', assignee: 1, cust: 1, due: [240, 2400], firstResp: 300, resolved: 1000, csat: 2 },
  { created: '2026-01-06T10:00:00Z', status: 'RESOLVED', priority: 'NORMAL', kind: 'INCIDENT', channel: 'CHAT', reason: 'TROUBLESHOOTING', rootCause: 'PRODUCT_DEFECT', assignee: 0, cust: 2, due: [240, 2400], firstResp: 10, resolved: 3000, csat: 4 },
  { created: '2026-01-12T08:00:00Z', status: 'RESOLVED', priority: 'LOW', kind: 'QUESTION', channel: 'PHONE', reason: 'BILLING', rootCause: 'BILLING_ERROR', assignee: 1, cust: 0, due: [480, 4800], firstResp: 20, resolved: 400, csat: null },
  { created: '2026-01-20T15:00:00Z', status: 'OPEN', priority: 'URGENT', kind: 'INCIDENT', channel: 'PHONE', reason: 'REPAIR', rootCause: null, assignee: 0, cust: 2, due: [15, 240], firstResp: 5, resolved: null, csat: null },
  { created: '2026-02-02T11:00:00Z', status: 'PENDING', priority: 'NORMAL', kind: 'REQUEST', channel: 'WEB', reason: 'PURCHASE', rootCause: null, assignee: null, cust: 1, due: null, firstResp: null, resolved: null, csat: null },
  { created: '2026-02-03T00:30:00Z', status: 'RESOLVED', priority: 'HIGH', kind: 'RETURN', channel: 'EMAIL', reason: 'DELIVERY', rootCause: 'DELIVERY_FAILURE', assignee: 1, cust: 2, due: [60, 480], firstResp: 45, resolved: 50, csat: 3 },
  { created: '2026-02-10T13:00:00Z', status: 'NEW', priority: 'NORMAL', kind: 'COMPLAINT', channel: 'CHAT', reason: 'DELIVERY', rootCause: null, assignee: null, cust: 0, due: 'future', firstResp: null, resolved: null, csat: null },
  { created: '2026-02-14T23:59:59Z', status: 'RESOLVED', priority: 'NORMAL', kind: 'QUESTION', channel: 'PHONE', reason: 'OTHER', rootCause: 'NO_FAULT', assignee: 0, cust: 1, due: null, firstResp: null, resolved: 60, csat: 4 },
];

/*
 * Twenty contacts: [ticket # (or null), customer, channel, direction, reason, agent, seconds, occurredAt]
 */
type IxSpec = [number | null, 0 | 1 | 2, string, string, string, 0 | 1 | null, number | null, string];
const INTERACTIONS: IxSpec[] = [
  [1, 0, 'PHONE', 'INBOUND', 'TROUBLESHOOTING', 0, 300, '2026-01-05T09:05:00Z'], //  i1
  [1, 0, 'PHONE', 'OUTBOUND', 'TROUBLESHOOTING', 0, 120, '2026-01-05T09:30:00Z'], // i2
  [1, 0, 'EMAIL', 'OUTBOUND', 'TROUBLESHOOTING', 0, null, '2026-01-05T10:40:00Z'], // i3
  [2, 1, 'EMAIL', 'INBOUND', 'BILLING', null, null, '2026-01-05T22:00:00Z'], //        i4
  [2, 1, 'EMAIL', 'OUTBOUND', 'BILLING', 1, null, '2026-01-06T03:00:00Z'], //          i5
  [3, 2, 'CHAT', 'INBOUND', 'TROUBLESHOOTING', 0, 600, '2026-01-06T10:01:00Z'], //     i6
  [3, 2, 'CHAT', 'OUTBOUND', 'TROUBLESHOOTING', 0, null, '2026-01-06T10:10:00Z'], //   i7
  [3, 2, 'PHONE', 'INBOUND', 'TROUBLESHOOTING', 0, 240, '2026-01-07T09:00:00Z'], //    i8
  [3, 2, 'PHONE', 'OUTBOUND', 'REPAIR', 0, 60, '2026-01-08T09:00:00Z'], //             i9
  [4, 0, 'PHONE', 'INBOUND', 'BILLING', 1, 180, '2026-01-12T08:00:00Z'], //            i10
  [5, 2, 'PHONE', 'INBOUND', 'REPAIR', 0, 420, '2026-01-20T15:00:00Z'], //             i11
  [5, 2, 'PHONE', 'OUTBOUND', 'REPAIR', 0, null, '2026-01-20T15:05:00Z'], //           i12
  [7, 2, 'EMAIL', 'INBOUND', 'DELIVERY', null, null, '2026-02-03T00:30:00Z'], //       i13
  [7, 2, 'EMAIL', 'OUTBOUND', 'DELIVERY', 1, null, '2026-02-03T01:15:00Z'], //         i14
  [7, 2, 'EMAIL', 'INBOUND', 'DELIVERY', null, null, '2026-02-03T09:00:00Z'], //       i15
  [7, 2, 'PHONE', 'INBOUND', 'DELIVERY', 1, 90, '2026-02-03T10:00:00Z'], //            i16
  [7, 2, 'EMAIL', 'OUTBOUND', 'DELIVERY', 1, null, '2026-02-03T11:00:00Z'], //         i17
  [9, 1, 'PHONE', 'INBOUND', 'OTHER', 0, 30, '2026-02-14T23:59:59Z'], //               i18
  [null, 0, 'SOCIAL', 'INBOUND', 'FEEDBACK', null, null, '2026-02-01T12:00:00Z'], //   i19
  [null, 1, 'PHONE', 'INBOUND', 'PURCHASE', 1, 200, '2026-02-05T12:00:00Z'], //        i20
];

describe('ticketStats and interactionStats', () => {
  let t: TestHub;
  let b: Basics;
  let analyst: string;
  let cust: string[];

  beforeAll(async () => {
    t = await startTestHub({ clock: new ManualClock(new Date(NOW).getTime()), env: { EVENT_POLL_MS: '600000' } });
    b = await basics(t);
    analyst = t.token(Role.ANALYST);
    cust = [b.customerIds[0], b.customerIds[1], await customer(t, b.admin, { tier: 'PREMIUM' })];
    const rows = TICKETS.map((s, i) => ({
      subject: `Ticket ${i + 1}`,
      kind: s.kind,
      status: s.status,
      priority: s.priority,
      channel: s.channel,
      reason: s.reason,
      root_cause: s.rootCause,
      customer_id: raw(cust[s.cust]),
      assignee_id: s.assignee === null ? null : raw(b.agentIds[s.assignee]),
      service_level_id: s.due ? raw(b.serviceLevelId) : null,
      first_response_due_at: s.due === 'future' ? at(NOW, 24 * 60) : s.due ? at(s.created, s.due[0]) : null,
      resolution_due_at: s.due === 'future' ? at(NOW, 5 * 24 * 60) : s.due ? at(s.created, s.due[1]) : null,
      first_responded_at: s.firstResp === null ? null : at(s.created, s.firstResp),
      resolved_at: s.resolved === null ? null : at(s.created, s.resolved),
      closed_at: s.status === 'CLOSED' ? at(s.created, s.resolved! + 10) : null,
      satisfaction_score: s.csat,
      rated_at: s.csat === null ? null : at(s.created, s.resolved! + 60),
      created_at: at(s.created),
      seq: i + 1,
    }));
    await t.hub.app.db.query(
      `INSERT INTO ticket (subject, kind, status, priority, channel, reason, root_cause, customer_id, assignee_id, service_level_id,
                           first_response_due_at, resolution_due_at, first_responded_at, resolved_at, closed_at,
                           satisfaction_score, rated_at, created_at, updated_at)
       SELECT subject, kind, status, priority, channel, reason, root_cause, customer_id, assignee_id, service_level_id,
              first_response_due_at, resolution_due_at, first_responded_at, resolved_at, closed_at,
              satisfaction_score, rated_at, created_at, created_at
         FROM jsonb_to_recordset($1::jsonb) AS x(subject text, kind text, status text, priority text, channel text, reason text,
              root_cause text, customer_id uuid, assignee_id uuid, service_level_id uuid, first_response_due_at timestamptz,
              resolution_due_at timestamptz, first_responded_at timestamptz, resolved_at timestamptz, closed_at timestamptz,
              satisfaction_score smallint, rated_at timestamptz, created_at timestamptz, seq int)
        ORDER BY seq`,
      [JSON.stringify(rows)],
    );
    const ids: { id: string; subject: string }[] = await t.hub.app.db.query(`SELECT id, subject FROM ticket`);
    const ticketId = new Map(ids.map((r) => [Number(r.subject.split(' ')[1]), r.id]));
    const ix = INTERACTIONS.map(([tk, c, channel, direction, reason, agent, seconds, occurred], i) => ({
      ticket_id: tk === null ? null : ticketId.get(tk),
      customer_id: raw(cust[c]),
      agent_id: agent === null ? null : raw(b.agentIds[agent]),
      channel,
      direction,
      reason,
      summary: `Contact ${i + 1}`,
      duration_seconds: seconds,
      occurred_at: occurred,
    }));
    await t.hub.app.db.query(
      `INSERT INTO interaction (ticket_id, customer_id, agent_id, channel, direction, reason, summary, duration_seconds, occurred_at, created_at)
       SELECT ticket_id, customer_id, agent_id, channel, direction, reason, summary, duration_seconds, occurred_at, occurred_at
         FROM jsonb_to_recordset($1::jsonb) AS x(ticket_id uuid, customer_id uuid, agent_id uuid, channel text, direction text,
              reason text, summary text, duration_seconds int, occurred_at timestamptz)`,
      [JSON.stringify(ix)],
    );
  });
  afterAll(async () => {
    await t?.stop();
  });

  const stats = async (vars: Record<string, unknown>, token = analyst) => {
    const r = await t.gql(token, TicketStatsDocument, vars);
    expect(r.errors).toBeUndefined();
    return r.data!.ticketStats;
  };
  const ixStats = async (vars: Record<string, unknown>) => {
    const r = await t.gql(analyst, InteractionStatsDocument, vars);
    expect(r.errors).toBeUndefined();
    return r.data!.interactionStats;
  };

  describe('ticket measures', () => {
    test('no groupBy: one row over every matching ticket, every measure against the hand count, in ONE statement', async () => {
      // background work (event-log poll, pruner) may add statements: the fewest of three tries counts
      const costs: number[] = [];
      let rows: Awaited<ReturnType<typeof stats>> = [];
      for (let i = 0; i < 3; i++) {
        const before = t.hub.app.stats.queries;
        rows = await stats({});
        costs.push(t.hub.app.stats.queries - before);
      }
      expect(Math.min(...costs)).toBe(1);
      expect(rows).toHaveLength(1);
      const [r] = rows;
      expect(r.key).toEqual({
        status: null, priority: null, kind: null, channel: null, reason: null, rootCause: null,
        assignee: null, customerTier: null, period: null,
      });
      expect(r.count).toBe(9);
      expect(r.openCount).toBe(3); // #5 #6 #8
      expect(r.breachedCount).toBe(3); // #2 #3 #5
      expect(r.slaCompliance).toBeCloseTo(3 / 6, 10); // MET #1 #4 #7 of decided #1 #2 #3 #4 #5 #7
      expect(r.avgFirstResponseMinutes).toBeCloseTo((30 + 300 + 10 + 20 + 5 + 45) / 6, 2);
      expect(r.avgResolutionMinutes).toBeCloseTo((100 + 1000 + 3000 + 400 + 50 + 60) / 6, 2);
      // sorted 50 60 100 400 1000 3000: position 0.9 × 5 = 4.5 → halfway between 1000 and 3000
      expect(r.p90ResolutionMinutes).toBe(2000);
      expect(r.avgSatisfaction).toBe(3.6); // (5 + 2 + 4 + 3 + 4) / 5
      expect(r.contactCount).toBe(18);
      expect(r.shareOfContacts).toBe(1);
    });

    test('by STATUS, in workflow order, with open counts', async () => {
      const rows = await stats({ groupBy: ['STATUS'] });
      expect(rows.map((r) => [r.key.status, r.count, r.openCount])).toEqual([
        ['NEW', 1, 1],
        ['OPEN', 1, 1],
        ['PENDING', 1, 1],
        ['RESOLVED', 5, 0],
        ['CLOSED', 1, 0],
      ]);
      expect(rows.every((r) => r.key.priority === null && r.key.period === null)).toBe(true);
    });

    test('by PRIORITY: SLA compliance and breaches per group', async () => {
      const rows = await stats({ groupBy: ['PRIORITY'] });
      expect(rows.map((r) => [r.key.priority, r.count, r.breachedCount, r.slaCompliance])).toEqual([
        ['LOW', 1, 0, 1], //                   #4 MET
        ['NORMAL', 5, 2, 0], //                #2 #3 BREACHED, #6 #9 none, #8 on track
        ['HIGH', 2, 0, 1], //                  #1 #7 MET
        ['URGENT', 1, 1, 0], //                #5 BREACHED while open
      ]);
    });

    test('by CHANNEL: a group without any SLA has null compliance', async () => {
      const rows = await stats({ groupBy: ['CHANNEL'] });
      expect(rows.map((r) => [r.key.channel, r.count, r.slaCompliance, r.contactCount])).toEqual([
        ['PHONE', 4, 2 / 3, 3 + 1 + 2 + 1], // #1 MET #4 MET #5 BREACHED #9 none
        ['EMAIL', 2, 0.5, 2 + 5], //          #2 BREACHED #7 MET
        ['CHAT', 2, 0, 4], //                 #3 BREACHED, #8 still on track
        ['WEB', 1, null, 0], //               #6 has no SLA
      ]);
    });

    test('by KIND and REASON (null reason groups last)', async () => {
      const kinds = await stats({ groupBy: ['KIND'] });
      expect(kinds.map((r) => [r.key.kind, r.count])).toEqual([
        ['QUESTION', 2],
        ['INCIDENT', 3],
        ['COMPLAINT', 2],
        ['RETURN', 1],
        ['REQUEST', 1],
      ]);
      const reasons = await stats({ groupBy: ['REASON'] });
      expect(reasons.map((r) => [r.key.reason, r.count])).toEqual([
        ['PURCHASE', 1],
        ['BILLING', 2],
        ['TROUBLESHOOTING', 2],
        ['DELIVERY', 2],
        ['REPAIR', 1],
        ['OTHER', 1],
      ]);
    });

    test('by ASSIGNEE: the agent is resolved, unassigned tickets form the null group, last', async () => {
      const rows = await stats({ groupBy: ['ASSIGNEE'] });
      expect(rows.map((r) => [r.key.assignee?.name ?? null, r.count, r.contactCount, r.avgSatisfaction])).toEqual([
        ['Ada Agent', 4, 3 + 4 + 2 + 1, 4.33], // CSAT (5 + 4 + 4) / 3
        ['Bob Agent', 3, 2 + 1 + 5, 2.5],
        [null, 2, 0, null],
      ]);
      expect(rows[0].key.assignee!.id).toBe(b.agentIds[0]);
    });

    test('by CUSTOMER_TIER', async () => {
      const rows = await stats({ groupBy: ['CUSTOMER_TIER'] });
      expect(rows.map((r) => [r.key.customerTier, r.count, r.openCount])).toEqual([
        ['STANDARD', 6, 2], // #6 #8
        ['PREMIUM', 3, 1], //  #5
      ]);
    });

    test('failure demand by ROOT_CAUSE: contacts, their share, p90, CSAT', async () => {
      const rows = await stats({ groupBy: ['ROOT_CAUSE'] });
      expect(rows.map((r) => [r.key.rootCause, r.count, r.contactCount])).toEqual([
        ['PRODUCT_DEFECT', 2, 7],
        ['BILLING_ERROR', 2, 3],
        ['DELIVERY_FAILURE', 1, 5],
        ['NO_FAULT', 1, 1],
        [null, 3, 2], // still open: #5 (2 contacts), #6, #8
      ]);
      const share = Object.fromEntries(rows.map((r) => [String(r.key.rootCause), r.shareOfContacts]));
      expect(share.PRODUCT_DEFECT).toBeCloseTo(7 / 18, 10);
      expect(share.BILLING_ERROR).toBeCloseTo(3 / 18, 10);
      expect(share.DELIVERY_FAILURE).toBeCloseTo(5 / 18, 10);
      expect(share.NO_FAULT).toBeCloseTo(1 / 18, 10);
      expect(share.null).toBeCloseTo(2 / 18, 10);
      const pd = rows[0];
      expect(pd.avgResolutionMinutes).toBe(1550);
      expect(pd.p90ResolutionMinutes).toBe(2710); // 100 + 0.9 × (3000 − 100)
      expect(pd.avgSatisfaction).toBe(4.5);
      expect(rows[1].p90ResolutionMinutes).toBe(940); // 400 + 0.9 × 600
      expect(rows[1].avgSatisfaction).toBe(2); // #4 is not rated
      expect(rows[4].avgSatisfaction).toBeNull();
      expect(rows[4].p90ResolutionMinutes).toBeNull();
    });

    test('failure demand shares are of the contacts of the filtered tickets only', async () => {
      const r = await t.gql(analyst, FailureDemandDocument, { filter: { status: ['RESOLVED', 'CLOSED'] } });
      expect(r.errors).toBeUndefined();
      const rows = r.data!.ticketStats;
      expect(rows.map((x) => [x.key.rootCause, x.contactCount])).toEqual([
        ['PRODUCT_DEFECT', 7],
        ['BILLING_ERROR', 3],
        ['DELIVERY_FAILURE', 5],
        ['NO_FAULT', 1],
      ]);
      expect(rows.map((x) => x.shareOfContacts)).toEqual([7 / 16, 3 / 16, 5 / 16, 1 / 16].map((v) => expect.closeTo(v, 10)));
    });
    test('a group with no contacts has share 0, not null (null only when no filtered ticket has contacts)', async () => {
      const rows = await stats({ groupBy: ['KIND'] });
      const zero = rows.filter((r) => r.contactCount === 0);
      expect(zero.length).toBeGreaterThan(0);
      for (const r of zero) expect(r.shareOfContacts).toBe(0);
      expect(rows.reduce((a, r) => a + (r.shareOfContacts ?? 0), 0)).toBeCloseTo(1, 10);
    });
  });

  describe('periods', () => {
    test('DAY buckets are UTC days, oldest first (00:30 and 23:59:59 UTC stay on their day)', async () => {
      const rows = await stats({ groupBy: ['PERIOD'], bucket: 'DAY' });
      expect(rows.map((r) => [r.key.period, r.count])).toEqual([
        ['2026-01-05T00:00:00.000Z', 2],
        ['2026-01-06T00:00:00.000Z', 1],
        ['2026-01-12T00:00:00.000Z', 1],
        ['2026-01-20T00:00:00.000Z', 1],
        ['2026-02-02T00:00:00.000Z', 1],
        ['2026-02-03T00:00:00.000Z', 1],
        ['2026-02-10T00:00:00.000Z', 1],
        ['2026-02-14T00:00:00.000Z', 1],
      ]);
      // PERIOD without a bucket means DAY
      expect((await stats({ groupBy: ['PERIOD'] })).map((r) => r.key.period)).toEqual(rows.map((r) => r.key.period));
    });

    test('WEEK buckets start on Monday (ISO), MONTH on the first', async () => {
      const weeks = await stats({ groupBy: ['PERIOD'], bucket: 'WEEK' });
      expect(weeks.map((r) => [r.key.period, r.count])).toEqual([
        ['2026-01-05T00:00:00.000Z', 3],
        ['2026-01-12T00:00:00.000Z', 1],
        ['2026-01-19T00:00:00.000Z', 1],
        ['2026-02-02T00:00:00.000Z', 2],
        ['2026-02-09T00:00:00.000Z', 2],
      ]);
      const months = await stats({ groupBy: ['PERIOD'], bucket: 'MONTH' });
      expect(months.map((r) => [r.key.period, r.count, r.openCount, r.contactCount])).toEqual([
        ['2026-01-01T00:00:00.000Z', 5, 1, 12],
        ['2026-02-01T00:00:00.000Z', 4, 2, 6],
      ]);
    });

    test('HOUR buckets, within a created range', async () => {
      const rows = await stats({ groupBy: ['PERIOD'], bucket: 'HOUR', filter: { createdFrom: '2026-01-05T00:00:00Z', createdTo: '2026-01-06T00:00:00Z' } });
      expect(rows.map((r) => [r.key.period, r.count])).toEqual([
        ['2026-01-05T09:00:00.000Z', 1],
        ['2026-01-05T22:00:00.000Z', 1],
      ]);
    });

    test('a bucket without PERIOD in groupBy also groups by period, and rows run by period, then by the other keys', async () => {
      const rows = await stats({ groupBy: ['CHANNEL', 'STATUS'], bucket: 'MONTH' });
      expect(rows.map((r) => [r.key.period!.slice(0, 7), r.key.channel, r.key.status, r.count])).toEqual([
        ['2026-01', 'PHONE', 'OPEN', 1],
        ['2026-01', 'PHONE', 'RESOLVED', 2],
        ['2026-01', 'EMAIL', 'CLOSED', 1],
        ['2026-01', 'CHAT', 'RESOLVED', 1],
        ['2026-02', 'PHONE', 'RESOLVED', 1],
        ['2026-02', 'EMAIL', 'RESOLVED', 1],
        ['2026-02', 'CHAT', 'NEW', 1],
        ['2026-02', 'WEB', 'PENDING', 1],
      ]);
    });

    test('the day-by-channel chart query', async () => {
      const r = await t.gql(analyst, TicketVolumeDocument, { filter: { createdFrom: '2026-02-01T00:00:00Z' } });
      expect(r.errors).toBeUndefined();
      expect(r.data!.ticketStats.map((x) => [x.key.period!.slice(0, 10), x.key.channel, x.count, x.openCount])).toEqual([
        ['2026-02-02', 'WEB', 1, 1],
        ['2026-02-03', 'EMAIL', 1, 0],
        ['2026-02-10', 'CHAT', 1, 1],
        ['2026-02-14', 'PHONE', 1, 0],
      ]);
    });
  });

  describe('filters', () => {
    test('and / or / not compose exactly as in the ticket list', async () => {
      const filter = { or: [{ channel: ['PHONE'] }, { and: [{ kind: ['COMPLAINT'] }, { not: { status: ['NEW'] } }] }] };
      const rows = await stats({ filter, groupBy: ['STATUS'] });
      // PHONE: #1 #4 #5 #9; complaints not NEW: #2
      expect(rows.map((r) => [r.key.status, r.count])).toEqual([
        ['OPEN', 1],
        ['RESOLVED', 3],
        ['CLOSED', 1],
      ]);
      const list = await t.gql(analyst, TicketsPageDocument, { first: 100, interactions: 0, filter });
      expect(list.data!.tickets.totalCount).toBe(5);
    });

    test('slaState, assignee and customer filters', async () => {
      expect((await stats({ filter: { slaState: ['BREACHED'] } }))[0].count).toBe(3);
      expect((await stats({ filter: { slaState: ['MET'] } }))[0].slaCompliance).toBe(1);
      expect((await stats({ filter: { slaState: ['NONE'] } }))[0].slaCompliance).toBeNull();
      const mine = await stats({ filter: { assigneeId: [b.agentIds[1]] }, groupBy: ['ROOT_CAUSE'] });
      expect(mine.map((r) => [r.key.rootCause, r.count])).toEqual([
        ['BILLING_ERROR', 2],
        ['DELIVERY_FAILURE', 1],
      ]);
      const premium = await stats({ filter: { customerId: [cust[2]], not: { status: ['OPEN'] } } });
      expect(premium[0].count).toBe(2); // #3 #7
    });

    test('nothing matches: an empty list, with or without groupBy', async () => {
      expect(await stats({ filter: { createdFrom: '2030-01-01T00:00:00Z' } })).toEqual([]);
      expect(await stats({ filter: { createdFrom: '2030-01-01T00:00:00Z' }, groupBy: ['PERIOD', 'ROOT_CAUSE'] })).toEqual([]);
      expect(await stats({ filter: { status: [] } })).toEqual([]);
    });
  });

  describe('interaction measures', () => {
    test('all contacts in one row', async () => {
      const [r, ...rest] = await ixStats({});
      expect(rest).toEqual([]);
      expect(r.count).toBe(20);
      expect(r.uniqueCustomers).toBe(3);
      expect(r.avgDurationSeconds).toBe(224); // 2240 s over the 10 with a duration
    });

    test('by CHANNEL and by DIRECTION', async () => {
      const ch = await ixStats({ groupBy: ['CHANNEL'] });
      expect(ch.map((r) => [r.key.channel, r.count, r.uniqueCustomers, r.avgDurationSeconds])).toEqual([
        ['PHONE', 10, 3, 182.22], // 1640 s / 9
        ['EMAIL', 7, 3, null],
        ['CHAT', 2, 1, 600],
        ['SOCIAL', 1, 1, null],
      ]);
      const dir = await ixStats({ groupBy: ['DIRECTION'] });
      expect(dir.map((r) => [r.key.direction, r.count, r.uniqueCustomers, r.avgDurationSeconds])).toEqual([
        ['INBOUND', 12, 3, 257.5],
        ['OUTBOUND', 8, 3, 90],
      ]);
    });

    test('by AGENT and by TICKET_KIND (contacts without an agent or ticket group as null, last)', async () => {
      const ag = await ixStats({ groupBy: ['AGENT'] });
      expect(ag.map((r) => [r.key.agent?.name ?? null, r.count])).toEqual([
        ['Ada Agent', 10],
        ['Bob Agent', 6],
        [null, 4],
      ]);
      const kinds = await ixStats({ groupBy: ['TICKET_KIND'] });
      expect(kinds.map((r) => [r.key.ticketKind, r.count])).toEqual([
        ['QUESTION', 2],
        ['INCIDENT', 9],
        ['COMPLAINT', 2],
        ['RETURN', 5],
        [null, 2],
      ]);
    });

    test('a bucket alone groups by period too; DAY and MONTH periods', async () => {
      const rows = await ixStats({ groupBy: ['DIRECTION'], bucket: 'MONTH' });
      expect(rows.map((r) => [r.key.period, r.key.direction, r.count])).toEqual([
        ['2026-01-01T00:00:00.000Z', 'INBOUND', 6],
        ['2026-01-01T00:00:00.000Z', 'OUTBOUND', 6],
        ['2026-02-01T00:00:00.000Z', 'INBOUND', 6],
        ['2026-02-01T00:00:00.000Z', 'OUTBOUND', 2],
      ]);
      const day = await ixStats({ groupBy: ['PERIOD'], filter: { occurredFrom: '2026-02-03T00:00:00Z', occurredTo: '2026-02-04T00:00:00Z' } });
      expect(day.map((r) => [r.key.period, r.count, r.uniqueCustomers])).toEqual([['2026-02-03T00:00:00.000Z', 5, 1]]);
    });

    test('composed filters', async () => {
      const filter = { and: [{ hasTicket: true }, { not: { channel: ['EMAIL'] } }], or: [{ direction: ['INBOUND'] }, { agentId: [b.agentIds[1]] }] };
      const [r] = await ixStats({ filter });
      expect(r.count).toBe(7); // i1 i6 i8 i10 i11 i16 i18
      expect(await ixStats({ filter: { reason: ['RETURN'] }, groupBy: ['CHANNEL'] })).toEqual([]);
    });
  });

  describe('access and bad input', () => {
    test('ANALYST, MANAGER, AGENT and ADMIN read statistics; a CUSTOMER is FORBIDDEN; no token is UNAUTHENTICATED', async () => {
      for (const role of [Role.ANALYST, Role.MANAGER, Role.AGENT, Role.ADMIN]) {
        expect((await stats({}, t.token(role)))[0].count).toBe(9);
      }
      for (const q of [TicketStatsDocument, InteractionStatsDocument, InventoryStatsDocument, PartInsightsDocument]) {
        const r = await t.gql(b.customerTokens[0], q, {});
        expect(r.data).toBeNull();
        expect(r.errors![0].extensions!.code).toBe('FORBIDDEN');
        expect((await t.gql(null, q, {})).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
      }
    });

    test('more than 4 dimensions, a duplicate, or 4 plus an implied PERIOD is BAD_USER_INPUT with a clear message', async () => {
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ groupBy: ['STATUS', 'PRIORITY', 'KIND', 'CHANNEL', 'REASON'] }, /at most 4 dimensions, got 5/],
        [{ groupBy: ['STATUS', 'STATUS'] }, /STATUS more than once/],
        [{ groupBy: ['STATUS', 'PRIORITY', 'KIND', 'CHANNEL'], bucket: 'WEEK' }, /at most 4.*adds PERIOD/],
      ];
      for (const [vars, message] of cases) {
        const r = await t.gql(analyst, TicketStatsDocument, vars);
        expect(r.errors).toHaveLength(1);
        expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
        expect(r.errors![0].message).toMatch(message);
      }
      const ix = await t.gql(analyst, InteractionStatsDocument, { groupBy: ['CHANNEL', 'CHANNEL'] });
      expect(ix.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      const unknown = await t.gql(analyst, TicketStatsDocument, { groupBy: ['COLOUR'] });
      expect(unknown.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      // four with PERIOD among them is fine
      expect((await stats({ groupBy: ['PERIOD', 'STATUS', 'PRIORITY', 'KIND'], bucket: 'MONTH' })).length).toBeGreaterThan(0);
    });

    test('only the selected measures are computed, and the answer is the same', async () => {
      const slim = await t.gql(analyst, `{ ticketStats(groupBy: [ROOT_CAUSE]) { key { rootCause } count } }`);
      expect(slim.errors).toBeUndefined();
      expect(slim.data.ticketStats.map((r: { count: number }) => r.count)).toEqual([2, 2, 1, 1, 3]);
      const viaFragment = await t.gql(
        analyst,
        `query { ticketStats(groupBy: [ROOT_CAUSE]) { ...M } } fragment M on TicketStatsRow { key { rootCause } ... on TicketStatsRow { shareOfContacts } }`,
      );
      expect(viaFragment.errors).toBeUndefined();
      expect(viaFragment.data.ticketStats[0].shareOfContacts).toBeCloseTo(7 / 18, 10);
    });

    test('an answer of more than 1,000 rows is refused (QUERY_TOO_COMPLEX, saying how to narrow it), never cut short; 1,000 are answered', async () => {
      // 1,001 contacts without a ticket, one an hour through 2020 (removed again: the fixture's counts stay)
      await t.hub.app.db.query(
        `INSERT INTO interaction (customer_id, channel, direction, reason, summary, occurred_at, created_at)
         SELECT $1, 'PHONE', 'INBOUND', 'OTHER', 'Hourly ' || g, timestamptz '2020-03-01 00:00Z' + g * interval '1 hour', now()
           FROM generate_series(0, 1000) g`,
        [raw(cust[0])],
      );
      try {
        const query = `query($to: DateTime) { interactionStats(filter: { occurredFrom: "2020-01-01T00:00:00Z", occurredTo: $to }, groupBy: [PERIOD], bucket: HOUR) { key { period } count } }`;
        const all = await t.gql(analyst, query, { to: '2021-01-01T00:00:00Z' });
        expect(all.data).toBeNull();
        expect(all.errors![0].extensions!.code).toBe('QUERY_TOO_COMPLEX');
        expect(all.errors![0].message).toMatch(/more than 1000 rows; narrow the filter/);
        const thousand = await t.gql(analyst, query, { to: '2020-04-11T15:59:59Z' });
        expect(thousand.errors).toBeUndefined();
        expect(thousand.data.interactionStats).toHaveLength(1000);
      } finally {
        await t.hub.app.db.query(`DELETE FROM interaction WHERE occurred_at < '2021-01-01'`);
      }
    });
  });
});

// ── the read replica ─────────────────────────────────────────────────────────────────────

describe('DATABASE_READ_URL', () => {
  test('statistics read the replica, everything else the primary', async () => {
    const replica = await createScratchDatabase(process.env.TEST_DATABASE_URL!);
    let ds: DataSource | null = null;
    let t: TestHub | null = null;
    try {
      // a "replica" that differs from the primary: two tickets only it holds
      ds = createDataSource(replica.url);
      await ds.initialize();
      await ds.runMigrations({ transaction: 'all' });
      const [c] = await ds.query(`INSERT INTO customer (name, email, created_at, updated_at) VALUES ('R', 'r@x.example', now(), now()) RETURNING id`);
      await ds.query(
        `INSERT INTO ticket (subject, kind, status, priority, channel, customer_id, created_at, updated_at)
         SELECT 'R' || g, 'QUESTION', 'NEW', 'LOW', 'WEB', $1, now(), now() FROM generate_series(1, 2) g`,
        [c.id],
      );
      await ds.destroy();
      ds = null;
      t = await startTestHub({ env: { DATABASE_READ_URL: replica.url } });
      expect(t.hub.app.readDb).not.toBe(t.hub.app.db);
      const analyst = t.token(Role.ANALYST);
      const r = await t.gql(analyst, `{ ticketStats { count } tickets { totalCount } }`);
      expect(r.errors).toBeUndefined();
      expect(r.data.ticketStats).toEqual([{ count: 2 }]);
      expect(r.data.tickets.totalCount).toBe(0);
    } finally {
      await ds?.destroy();
      await t?.stop();
      if (t) expect(t.hub.app.readDb.isInitialized).toBe(false);
      await replica.drop();
    }
  });

  test('without it, statistics use the primary connection pool', async () => {
    const t = await startTestHub();
    try {
      expect(t.hub.app.readDb).toBe(t.hub.app.db);
    } finally {
      await t.stop();
    }
  });
});

// ── failure demand reads ticket.contact_count: exact under concurrent writers ────────────────

describe('ticket.contact_count (failure demand contacts)', () => {
  let t: TestHub;
  let b: Basics;
  let analyst: string;
  const db = () => t.hub.app.db;
  /** Tickets whose contact_count differs from a direct count of their interactions. */
  const drift = async () =>
    db().query(`SELECT t.id, t.contact_count, (SELECT count(*) FROM interaction i WHERE i.ticket_id = t.id)::int AS n
                  FROM ticket t WHERE t.contact_count <> (SELECT count(*) FROM interaction i WHERE i.ticket_id = t.id)`);
  /** Failure demand computed from the base tables, in the API's row order. */
  const direct = async () =>
    (
      await db().query(
        `SELECT t.root_cause AS "rootCause", count(DISTINCT t.id)::int AS "count", count(i.id)::int AS "contactCount"
           FROM ticket t LEFT JOIN interaction i ON i.ticket_id = t.id
          GROUP BY t.root_cause
          ORDER BY array_position(ARRAY['PRODUCT_DEFECT','BILLING_ERROR','DELIVERY_FAILURE','PROCESS_ERROR','COMMUNICATION_GAP',
                                        'CUSTOMER_EDUCATION','THIRD_PARTY','NO_FAULT']::text[], t.root_cause::text) NULLS LAST`,
      )
    ).map((r: { rootCause: string | null; count: number; contactCount: number }) => [r.rootCause, r.count, r.contactCount]);
  const viaApi = async () => {
    const r = await t.gql(analyst, FailureDemandDocument, {});
    expect(r.errors).toBeUndefined();
    return r.data!.ticketStats.map((x) => [x.key.rootCause, x.count, x.contactCount]);
  };

  beforeAll(async () => {
    t = await startTestHub();
    b = await basics(t);
    analyst = t.token(Role.ANALYST);
  });
  afterAll(async () => {
    await t?.stop();
  });

  test('concurrent logInteraction calls (same ticket, other tickets, opening tickets, no ticket): stats equal a direct count', async () => {
    const [c0, c1] = b.customerIds;
    const tickets = [await ticket(t, b.admin, c0), await ticket(t, b.admin, c0), await ticket(t, b.admin, c1)];
    await db().query(`UPDATE ticket SET root_cause = CASE number % 2 WHEN 0 THEN 'PRODUCT_DEFECT' ELSE 'BILLING_ERROR' END WHERE id = ANY($1::uuid[])`, [
      tickets.slice(0, 2).map((x) => raw(x.id)),
    ]);
    const log = (input: Record<string, unknown>) =>
      t.gql(b.agentToken, LogInteractionDocument, { input: { channel: 'PHONE', direction: 'INBOUND', summary: 'Called again', ...input } });
    const calls = [
      ...Array.from({ length: 12 }, () => log({ customerId: c0, ticketId: tickets[0].id })),
      ...Array.from({ length: 7 }, (_, i) => log({ customerId: c0, ticketId: tickets[1].id, direction: i % 2 ? 'OUTBOUND' : 'INBOUND' })),
      ...Array.from({ length: 5 }, () => log({ customerId: c1, ticketId: tickets[2].id })),
      ...Array.from({ length: 3 }, () => log({ customerId: c1, openTicket: { subject: 'New one', kind: 'QUESTION', priority: 'LOW' } })),
      ...Array.from({ length: 2 }, () => log({ customerId: c0 })),
    ];
    const results = await Promise.all(calls);
    for (const r of results) {
      expect(r.errors).toBeUndefined();
      expect(r.data!.logInteraction.userErrors).toEqual([]);
    }
    const counts: { id: string; contact_count: number }[] = await db().query(`SELECT id, contact_count FROM ticket WHERE id = ANY($1::uuid[])`, [
      tickets.map((x) => raw(x.id)),
    ]);
    expect(Object.fromEntries(counts.map((r) => [r.id, r.contact_count]))).toEqual({
      [raw(tickets[0].id)]: 12,
      [raw(tickets[1].id)]: 7,
      [raw(tickets[2].id)]: 5,
    });
    expect(await drift()).toEqual([]);
    const api = await viaApi();
    expect(api).toEqual(await direct());
    expect(api.reduce((a, r) => a + (r[2] as number), 0)).toBe(12 + 7 + 5 + 3);
  });

  test('writers outside the API stay exact: overlapping transactions on one ticket, a rollback, moves, deletes, a deleted ticket, TRUNCATE', async () => {
    const c0 = b.customerIds[0];
    const [a, z] = [await ticket(t, b.admin, c0), await ticket(t, b.admin, c0)];
    const [ta, tz, cust] = [raw(a.id), raw(z.id), raw(c0)];
    const insert = (m: { query: (sql: string, p: unknown[]) => Promise<unknown> }, ticketId: string | null, n: number) =>
      m.query(
        `INSERT INTO interaction (customer_id, ticket_id, channel, direction, summary, occurred_at, created_at)
         SELECT $1, $2, 'EMAIL', 'INBOUND', 'bulk ' || g, now(), now() FROM generate_series(1, $3::int) g`,
        [cust, ticketId, n],
      );
    // eight transactions at once, each inserting into both tickets (no FOR UPDATE first) and holding
    // its row locks a moment before commit; one of them rolls back
    await Promise.all(
      Array.from({ length: 8 }, (_, k) =>
        db()
          .transaction(async (m) => {
            await insert(m, ta, 3);
            await insert(m, tz, 2);
            await m.query('SELECT pg_sleep(0.02)');
            if (k === 5) throw new Error('roll back');
          })
          .catch((e: Error) => expect(e.message).toBe('roll back')),
      ),
    );
    expect(await drift()).toEqual([]);
    const [{ n: na }] = await db().query(`SELECT contact_count AS n FROM ticket WHERE id = $1`, [ta]);
    expect(na).toBe(7 * 3);
    // one statement over many tickets, with and without a ticket
    await db().query(
      `INSERT INTO interaction (customer_id, ticket_id, channel, direction, summary, occurred_at, created_at)
       SELECT $1, CASE g % 3 WHEN 0 THEN NULL WHEN 1 THEN $2::uuid ELSE $3::uuid END, 'SMS', 'INBOUND', 'mixed', now(), now()
         FROM generate_series(1, 30) g`,
      [cust, ta, tz],
    );
    expect(await drift()).toEqual([]);
    // moves: between tickets, onto and off no ticket, and an update that moves nothing
    await db().query(`UPDATE interaction SET ticket_id = $2 WHERE id IN (SELECT id FROM interaction WHERE ticket_id = $1 LIMIT 4)`, [ta, tz]);
    await db().query(`UPDATE interaction SET ticket_id = $1 WHERE id IN (SELECT id FROM interaction WHERE ticket_id IS NULL LIMIT 3)`, [ta]);
    await db().query(`UPDATE interaction SET ticket_id = NULL WHERE id IN (SELECT id FROM interaction WHERE ticket_id = $1 LIMIT 2)`, [tz]);
    await db().query(`UPDATE interaction SET summary = summary || '.' WHERE ticket_id IN ($1, $2)`, [ta, tz]);
    expect(await drift()).toEqual([]);
    await db().query(`DELETE FROM interaction WHERE id IN (SELECT id FROM interaction WHERE ticket_id = $1 LIMIT 5)`, [ta]);
    expect(await drift()).toEqual([]);
    expect(await viaApi()).toEqual(await direct());
    // a deleted ticket's contacts lose their ticket (ON DELETE SET NULL): the other counts stand
    await db().query(`DELETE FROM ticket WHERE id = $1`, [tz]);
    expect(await drift()).toEqual([]);
    expect(await viaApi()).toEqual(await direct());
    await db().query(`TRUNCATE interaction`);
    expect(await drift()).toEqual([]);
    const [{ s }] = await db().query(`SELECT sum(contact_count)::int AS s FROM ticket`);
    expect(s).toBe(0);
  });
});

// ── inventory statistics and balanced inventory ───────────────────────────────────────────

/*
 * Stock, made through the stock mutations with the clock moved back (movements carry the
 * clock's time). NOW = 2026-02-15 12:00 UTC.
 *
 *   part  unit cost  lead time   level    received  consumed (when)                          reserved  reorder pt  → on hand  status
 *   A     12.50      4 days      WH       100       5 (NOW−100d) 6 (NOW−10d) 4+2 (NOW−3d−1h) 0         30          83         IN_STOCK
 *   A                           VAN      10        3 (NOW−1d−1h)                            0         5           7          IN_STOCK
 *   B     3.20       -           WH       50        -                                        5         60          50         LOW
 *   C     100.00     10 days     WH       2         -                                        0         0           2          IN_STOCK
 *   C                           VAN      1         -                                        1         0           1          OUT_OF_STOCK
 *
 * One more unit of A@WH is reserved and released again (not consumption).
 */
describe('inventoryStats and partInsights', () => {
  let t: TestHub;
  let clock: ManualClock;
  let analyst: string;
  let manager: string;
  let agent: string;
  const p: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
  const l: Record<'WH' | 'VAN', string> = { WH: '', VAN: '' };
  const sku = (x: string) => `AN-${x}-${Date.now().toString(36).toUpperCase()}`;

  const ok = (r: { errors?: unknown; data?: any }, field: string) => {
    expect(r.errors).toBeUndefined();
    expect(r.data[field].userErrors).toEqual([]);
    return r.data[field];
  };
  const setClock = (daysBefore: number, hoursBefore = 0) => clock.set(new Date(new Date(NOW).getTime() - (daysBefore * 24 + hoursBefore) * 3600000));

  async function consume(part: string, loc: string, quantity: number, daysBefore: number, hoursBefore = 0) {
    setClock(daysBefore, hoursBefore);
    const tk = ok(
      await t.gql(agent, CreateTicketDocument, { input: { customerId: customerGid, subject: 'Repair', kind: 'REPAIR', priority: 'NORMAL', channel: 'PHONE' } }),
      'createTicket',
    ).ticket;
    const res = ok(await t.gql(agent, ReservePartDocument, { input: { ticketId: tk.id, partId: part, locationId: loc, quantity } }), 'reservePart');
    ok(await t.gql(agent, ConsumeReservationDocument, { input: { reservationId: res.reservation.id } }), 'consumeReservation');
  }
  let customerGid = '';

  beforeAll(async () => {
    clock = new ManualClock(new Date(NOW).getTime());
    t = await startTestHub({ clock });
    analyst = t.token(Role.ANALYST);
    manager = t.token(Role.MANAGER);
    agent = t.token(Role.AGENT);
    customerGid = await customer(t, manager, { name: 'Stock Customer' });
    setClock(120);
    for (const [k, unitCost, leadTimeDays] of [['A', '12.50', 4], ['B', '3.20', null], ['C', '100', 10]] as const) {
      p[k] = ok(await t.gql(manager, CreatePartDocument, { input: { sku: sku(k), name: `Part ${k}`, unitCost, leadTimeDays } }), 'createPart').part.id;
    }
    for (const [k, kind] of [['WH', 'WAREHOUSE'], ['VAN', 'VAN']] as const) {
      l[k] = ok(await t.gql(manager, CreateStockLocationDocument, { input: { code: `AN-${k}-${Date.now().toString(36).toUpperCase()}`, name: k, kind } }), 'createStockLocation')
        .stockLocation.id;
    }
    const receipts: [string, string, number, number][] = [
      [p.A, l.WH, 100, 30],
      [p.A, l.VAN, 10, 5],
      [p.B, l.WH, 50, 60],
      [p.C, l.WH, 2, 0],
      [p.C, l.VAN, 1, 0],
    ];
    for (const [part, loc, quantity, reorderPoint] of receipts) {
      ok(await t.gql(manager, ReceiveStockDocument, { input: { partId: part, locationId: loc, quantity } }), 'receiveStock');
      ok(await t.gql(manager, SetReorderPolicyDocument, { input: { partId: part, locationId: loc, reorderPoint, reorderQuantity: 10 } }), 'setReorderPolicy');
    }
    await consume(p.A, l.WH, 5, 100);
    await consume(p.A, l.WH, 6, 10);
    await consume(p.A, l.WH, 4, 3, 1);
    await consume(p.A, l.WH, 2, 3, 1);
    await consume(p.A, l.VAN, 3, 1, 1);
    setClock(2);
    const tk = ok(
      await t.gql(agent, CreateTicketDocument, { input: { customerId: customerGid, subject: 'Held', kind: 'REPAIR', priority: 'LOW', channel: 'WEB' } }),
      'createTicket',
    ).ticket;
    ok(await t.gql(agent, ReservePartDocument, { input: { ticketId: tk.id, partId: p.B, locationId: l.WH, quantity: 5 } }), 'reservePart');
    ok(await t.gql(agent, ReservePartDocument, { input: { ticketId: tk.id, partId: p.C, locationId: l.VAN, quantity: 1 } }), 'reservePart');
    const back = ok(await t.gql(agent, ReservePartDocument, { input: { ticketId: tk.id, partId: p.A, locationId: l.WH, quantity: 1 } }), 'reservePart');
    ok(await t.gql(agent, ReleaseReservationDocument, { input: { reservationId: back.reservation.id } }), 'releaseReservation');
    clock.set(NOW);
  });
  afterAll(async () => {
    await t?.stop();
  });

  const inv = async (vars: Record<string, unknown>) => {
    const r = await t.gql(analyst, InventoryStatsDocument, vars);
    expect(r.errors).toBeUndefined();
    return r.data!.inventoryStats;
  };
  const insights = async (vars: Record<string, unknown>) => {
    const r = await t.gql(analyst, PartInsightsDocument, vars);
    expect(r.errors).toBeUndefined();
    return r.data!.partInsights;
  };

  test('totals over every stock level', async () => {
    const rows = await inv({});
    expect(rows).toEqual([
      {
        key: { part: null, location: null, locationKind: null, status: null },
        stockLevelCount: 5,
        onHand: 143,
        reserved: 6,
        available: 137,
        onHandValue: '1585.00', // A 90 × 12.50 + B 50 × 3.20 + C 3 × 100
        belowReorderPoint: 2, // B@WH (LOW), C@VAN (OUT_OF_STOCK)
      },
    ]);
  });

  test('by PART (SKU order), by LOCATION_KIND, by STATUS', async () => {
    const parts = await inv({ groupBy: ['PART'] });
    expect(parts.map((r) => [r.key.part!.id, r.stockLevelCount, r.onHand, r.reserved, r.available, r.onHandValue, r.belowReorderPoint])).toEqual([
      [p.A, 2, 90, 0, 90, '1125.00', 0],
      [p.B, 1, 50, 5, 45, '160.00', 1],
      [p.C, 2, 3, 1, 2, '300.00', 1],
    ]);
    const kinds = await inv({ groupBy: ['LOCATION_KIND'] });
    expect(kinds.map((r) => [r.key.locationKind, r.onHand, r.reserved, r.available, r.onHandValue, r.belowReorderPoint])).toEqual([
      ['WAREHOUSE', 135, 5, 130, '1397.50', 1],
      ['VAN', 8, 1, 7, '187.50', 1],
    ]);
    const status = await inv({ groupBy: ['STATUS'] });
    expect(status.map((r) => [r.key.status, r.stockLevelCount, r.onHand])).toEqual([
      ['IN_STOCK', 3, 92],
      ['LOW', 1, 50],
      ['OUT_OF_STOCK', 1, 1],
    ]);
  });

  test('two dimensions, filters, empty result', async () => {
    const rows = await inv({ groupBy: ['LOCATION', 'STATUS'] });
    expect(rows.map((r) => [r.key.location!.id, r.key.status, r.stockLevelCount])).toEqual(
      // location codes AN-VAN-… sort before AN-WH-…
      [
        [l.VAN, 'IN_STOCK', 1],
        [l.VAN, 'OUT_OF_STOCK', 1],
        [l.WH, 'IN_STOCK', 2],
        [l.WH, 'LOW', 1],
      ],
    );
    const reorder = await inv({ filter: { status: ['LOW', 'OUT_OF_STOCK'] } });
    expect([reorder[0].stockLevelCount, reorder[0].onHand, reorder[0].belowReorderPoint]).toEqual([2, 51, 2]);
    const composed = await inv({ filter: { not: { locationKind: ['VAN'] }, or: [{ partId: [p.A] }, { hasReservations: true }] }, groupBy: ['PART'] });
    expect(composed.map((r) => [r.key.part!.id, r.onHand])).toEqual([
      [p.A, 83],
      [p.B, 50],
    ]);
    expect(await inv({ filter: { sku: ['NO-SUCH-PART'] }, groupBy: ['PART'] })).toEqual([]);
    const dup = await t.gql(analyst, InventoryStatsDocument, { groupBy: ['PART', 'PART'] });
    expect(dup.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  test('part insights over all locations: demand, spread, cover, reorder point, holding cost', async () => {
    const rows = await insights({});
    expect(rows.map((r) => r.part.id)).toEqual([p.A, p.B, p.C]); // shortest cover first; no demand last, by SKU
    const [a, bb, c] = rows;
    // A: consumed 6 (day 10), 4 + 2 (day 3), 3 (day 1) in the last 90 days; the 5 of day 100 are outside
    expect(a.location).toBeNull();
    expect(a.windowDays).toBe(90);
    expect([a.onHand, a.reserved, a.available, a.reorderPoint, a.consumption]).toEqual([90, 0, 90, 35, 15]);
    expect(a.avgDailyDemand).toBeCloseTo(15 / 90, 4);
    // sample σ over 90 days: Σd = 15, Σd² = 36 + 36 + 9 = 81 → √((81 − 15²/90) / 89)
    const sd = Math.sqrt((81 - 225 / 90) / 89);
    expect(a.dailyDemandStdDev).toBeCloseTo(sd, 4);
    expect(a.daysOfCover).toBe(540); // 90 / (15 / 90)
    expect(a.leadTimeDays).toBe(4);
    expect(a.serviceLevel).toBe(0.95);
    expect(a.safetyFactor).toBeCloseTo(1.6449, 4);
    const z = inverseNormal(0.95);
    expect(a.safetyStock).toBe(Math.ceil(z * sd * 2)); // 3.09 → 4
    expect(a.safetyStock).toBe(4);
    expect(a.suggestedReorderPoint).toBe(Math.ceil((15 / 90) * 4 + z * sd * 2)); // 3.76 → 4
    expect(a.onHandValue).toBe('1125.00');
    expect(a.holdingRate).toBe(0.25);
    expect(a.holdingCost).toBe('281.25');
    // B: no demand, no lead time
    expect([bb.consumption, bb.avgDailyDemand, bb.dailyDemandStdDev, bb.daysOfCover, bb.safetyStock, bb.suggestedReorderPoint]).toEqual([0, 0, 0, null, null, null]);
    expect([bb.available, bb.holdingCost]).toEqual([45, '40.00']);
    // C: no demand, a lead time: nothing to hold in reserve
    expect([c.daysOfCover, c.safetyStock, c.suggestedReorderPoint, c.onHandValue, c.holdingCost]).toEqual([null, 0, 0, '300.00', '75.00']);
  });

  test('at one location, over a longer window, at a higher service level and another holding rate', async () => {
    const van = await insights({ locationId: l.VAN });
    expect(van.map((r) => [r.part.id, r.location!.id, r.onHand, r.available, r.consumption])).toEqual([
      [p.A, l.VAN, 7, 7, 3],
      [p.C, l.VAN, 1, 0, 0],
    ]);
    const sdVan = Math.sqrt((9 - 9 / 90) / 89); // = √0.1
    expect(van[0].dailyDemandStdDev).toBeCloseTo(sdVan, 4);
    expect(van[0].daysOfCover).toBe(210); // 7 / (3 / 90)
    expect(van[0].suggestedReorderPoint).toBe(Math.ceil((3 / 90) * 4 + inverseNormal(0.95) * sdVan * 2)); // 1.17 → 2

    const [long] = await insights({ partId: p.A, windowDays: 120 });
    expect(long.consumption).toBe(20);
    expect(long.avgDailyDemand).toBeCloseTo(20 / 120, 4);

    const [strict] = await insights({ partId: p.A, serviceLevel: 0.99, holdingRate: 0.1 });
    const sd = Math.sqrt((81 - 225 / 90) / 89);
    expect(strict.safetyFactor).toBeCloseTo(2.3263, 4);
    expect(strict.safetyStock).toBe(Math.ceil(inverseNormal(0.99) * sd * 2)); // 4.37 → 5
    expect(strict.suggestedReorderPoint).toBe(Math.ceil((15 / 90) * 4 + inverseNormal(0.99) * sd * 2)); // 5.04 → 6
    expect(strict.holdingCost).toBe('112.50');

    expect(await insights({ first: 1 })).toHaveLength(1);
    expect(await insights({ partId: 'not-an-id' })).toEqual([]);
  });

  test('out-of-range arguments are BAD_USER_INPUT', async () => {
    for (const vars of [{ serviceLevel: 1 }, { serviceLevel: 0.3 }, { windowDays: 0 }, { holdingRate: -1 }, { first: 500 }]) {
      const r = await t.gql(analyst, PartInsightsDocument, vars);
      expect(r.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    }
  });
});
