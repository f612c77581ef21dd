import type { EntityManager } from 'typeorm';
import { CustomerTier, Priority, SlaState, TicketKind, TicketStatus } from '../common/enums';
import { addBusinessMinutes, businessMinutesBetween, type BusinessHours } from './business-hours';
import { ServiceLevel, type SlaTarget } from './service-level.entity';
import type { TicketSla } from './sla.types';
import { and, cases, coalesce, columnsOf, compile, eq, field, gt, gte, isNull, lit, notNull, oneOf, or, param, toSql } from '../common/rule';

/** The part of a ticket the SLA clock needs. */
export interface SlaTicket {
  status: TicketStatus;
  priority: Priority;
  createdAt: Date;
  firstRespondedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  slaPausedAt: Date | null;
  slaPausedMinutes: number;
  slaRiskAt: Date | null;
  slaNextAlertAt?: Date | null;
  slaAlerts?: Record<string, string>;
}

export type AlertKey = `${'FIRST_RESPONSE' | 'RESOLUTION'}:${'AT_RISK' | 'BREACHED'}`;

/**
 * Which service level a new ticket gets: the customer's plan, else the first matching rule
 * (by tier, kind and priority, in rule order), else the default.
 */
export async function pickServiceLevel(
  m: EntityManager,
  customer: { serviceLevelId: string | null; tier: CustomerTier },
  kind: TicketKind,
  priority: Priority,
): Promise<ServiceLevel | null> {
  if (customer.serviceLevelId) {
    const sl = await m.findOneBy(ServiceLevel, { id: customer.serviceLevelId });
    if (sl) return sl;
  }
  const rows = await m
    .getRepository(ServiceLevel)
    .createQueryBuilder('s')
    .where('s.rule_order IS NOT NULL')
    .andWhere('(cardinality(s.match_tiers) = 0 OR :tier = ANY(s.match_tiers))', { tier: customer.tier })
    .andWhere('(cardinality(s.match_kinds) = 0 OR :kind = ANY(s.match_kinds))', { kind })
    .andWhere('(cardinality(s.match_priorities) = 0 OR :priority = ANY(s.match_priorities))', { priority })
    .orderBy('s.rule_order', 'ASC')
    .addOrderBy('s.created_at', 'ASC')
    .limit(1)
    .getMany();
  if (rows.length) return rows[0];
  return m.findOne(ServiceLevel, { where: { isDefault: true }, order: { createdAt: 'ASC' } });
}

export function targetFor(sl: ServiceLevel | null, priority: Priority): SlaTarget | null {
  return sl?.targets.find((t) => t.priority === priority) ?? null;
}

function hoursOf(sl: ServiceLevel | null): BusinessHours | null {
  return sl?.businessHours ?? null;
}

const DONE = new Set([TicketStatus.RESOLVED, TicketStatus.CLOSED]);

/**
 * The clock fields of a ticket, planned from its creation time, the target for its priority
 * and the business minutes the clock has stood still so far. Used at creation, after a
 * priority change, a first response and a resumed clock.
 */
export function planClock(
  sl: ServiceLevel | null,
  t: Pick<SlaTicket, 'priority' | 'createdAt' | 'slaPausedMinutes' | 'firstRespondedAt' | 'status'> & {
    firstResponseDueAt?: Date | null;
    slaAlerts?: Record<string, string>;
  },
  atRiskShare: number,
): Pick<SlaTicket, 'firstResponseDueAt' | 'resolutionDueAt' | 'slaRiskAt' | 'slaNextAlertAt'> {
  const target = targetFor(sl, t.priority);
  if (!sl || !target) return { firstResponseDueAt: null, resolutionDueAt: null, slaRiskAt: null, slaNextAlertAt: null };
  const bh = hoursOf(sl);
  const paused = t.slaPausedMinutes || 0;
  const at = (minutes: number) => addBusinessMinutes(t.createdAt, minutes + paused, bh);
  const firstResponseDueAt = at(target.firstResponseMinutes);
  const resolutionDueAt = at(target.resolutionMinutes);
  let slaRiskAt: Date | null = null;
  if (!DONE.has(t.status)) {
    const risks = [at(target.resolutionMinutes * (1 - atRiskShare))];
    if (!t.firstRespondedAt) risks.push(at(target.firstResponseMinutes * (1 - atRiskShare)));
    slaRiskAt = new Date(Math.min(...risks.map((d) => d.getTime())));
  }
  // once answered, the first-response due time is history: later pauses do not move it
  const keepFirst = t.firstRespondedAt && t.firstResponseDueAt;
  const planned = { firstResponseDueAt: keepFirst ? t.firstResponseDueAt! : firstResponseDueAt, resolutionDueAt, slaRiskAt };
  const alerts = alertInstants(sl, { ...t, ...planned, slaPausedMinutes: paused }, atRiskShare);
  const pending = Object.entries(alerts)
    .filter(([k]) => !t.slaAlerts?.[k])
    .map(([, d]) => d.getTime());
  return { ...planned, slaNextAlertAt: !DONE.has(t.status) && pending.length ? new Date(Math.min(...pending)) : null };
}

/** When each alert of a running clock falls due. */
export function alertInstants(
  sl: ServiceLevel | null,
  t: Pick<SlaTicket, 'priority' | 'createdAt' | 'slaPausedMinutes' | 'firstRespondedAt' | 'firstResponseDueAt' | 'resolutionDueAt'>,
  atRiskShare: number,
): Partial<Record<AlertKey, Date>> {
  const target = targetFor(sl, t.priority);
  if (!sl || !target) return {};
  const bh = hoursOf(sl);
  const paused = t.slaPausedMinutes || 0;
  const out: Partial<Record<AlertKey, Date>> = {};
  if (!t.firstRespondedAt && t.firstResponseDueAt) {
    out['FIRST_RESPONSE:AT_RISK'] = addBusinessMinutes(t.createdAt, target.firstResponseMinutes * (1 - atRiskShare) + paused, bh);
    out['FIRST_RESPONSE:BREACHED'] = t.firstResponseDueAt;
  }
  if (t.resolutionDueAt) {
    out['RESOLUTION:AT_RISK'] = addBusinessMinutes(t.createdAt, target.resolutionMinutes * (1 - atRiskShare) + paused, bh);
    out['RESOLUTION:BREACHED'] = t.resolutionDueAt;
  }
  return out;
}

/**
 * What a status change does to the clock: entering a paused status stops it; leaving one
 * adds the business minutes it stood still, and the due times move out by as much.
 */
export function onStatusChange(
  sl: ServiceLevel | null,
  t: SlaTicket,
  to: TicketStatus,
  now: Date,
  atRiskShare: number,
): Partial<SlaTicket> {
  const pauseOn = new Set(sl?.pauseOn ?? []);
  const wasPaused = t.slaPausedAt !== null;
  const willPause = pauseOn.has(to) && !DONE.has(to);
  if (!wasPaused && willPause) return { slaPausedAt: now, slaNextAlertAt: null };
  if (wasPaused && !willPause) {
    const stood = businessMinutesBetween(t.slaPausedAt!, now, hoursOf(sl));
    const next = { ...t, status: to, slaPausedAt: null, slaPausedMinutes: (t.slaPausedMinutes || 0) + stood };
    return { slaPausedAt: null, slaPausedMinutes: next.slaPausedMinutes, ...planClock(sl, next, atRiskShare) };
  }
  if (DONE.has(to)) return { slaRiskAt: null, slaNextAlertAt: null };
  if (DONE.has(t.status) && !DONE.has(to)) return planClock(sl, { ...t, status: to }, atRiskShare);
  return {};
}

/**
 * The SLA state rule, described once. `evaluateSla` (a loaded ticket, the state written into
 * an event) and `slaStateSql` (filters, statistics) are both rendered from it. A target is
 * missed when its due time lies before the reference instant: when the ticket was resolved
 * (or closed), else when its clock was paused, else now; a first response counts when given.
 */
const slaRef = coalesce(
  field('resolvedAt'),
  cases([[eq(field('status'), lit(TicketStatus.CLOSED)), field('closedAt')]]),
  field('slaPausedAt'),
  param('now'),
);
const SLA_BREACHED = or(
  and(notNull(field('firstResponseDueAt')), gt(coalesce(field('firstRespondedAt'), slaRef), field('firstResponseDueAt'))),
  and(notNull(field('resolutionDueAt')), gt(slaRef, field('resolutionDueAt'))),
);
export const SLA_STATE_RULE = cases(
  [
    [or(isNull(field('serviceLevelId')), and(isNull(field('firstResponseDueAt')), isNull(field('resolutionDueAt')))), lit(SlaState.NONE)],
    [SLA_BREACHED, lit(SlaState.BREACHED)],
    [oneOf(field('status'), [...DONE]), lit(SlaState.MET)],
    [notNull(field('slaPausedAt')), lit(SlaState.PAUSED)],
    [and(notNull(field('slaRiskAt')), gte(param('now'), field('slaRiskAt'))), lit(SlaState.AT_RISK)],
  ],
  lit(SlaState.ON_TRACK),
);
const slaStateOf = compile(SLA_STATE_RULE);

/** The SLA state of a ticket at `now`, with the business minutes left to the next due time. */
export function evaluateSla(sl: ServiceLevel | null, t: SlaTicket, now: Date): TicketSla {
  const base = { firstResponseDueAt: t.firstResponseDueAt, resolutionDueAt: t.resolutionDueAt };
  // a ticket's service level is loaded by its id (the key is SET NULL when the level goes)
  const state = slaStateOf({ ...t, serviceLevelId: sl ? sl.id : null }, { now }) as SlaState;
  // BREACHED is the first state after NONE: the rule's own answer to "was a target missed?"
  const breached = state === SlaState.BREACHED;
  if (state === SlaState.NONE || DONE.has(t.status)) return { ...base, state, breached, minutesToBreach: null };
  const ref = t.slaPausedAt ?? now;
  const running: Date[] = [];
  if (t.firstResponseDueAt && !t.firstRespondedAt) running.push(t.firstResponseDueAt);
  if (t.resolutionDueAt) running.push(t.resolutionDueAt);
  const nextDue = running.length ? new Date(Math.min(...running.map((d) => d.getTime()))) : null;
  let minutesToBreach: number | null = null;
  if (nextDue) {
    const bh = hoursOf(sl);
    minutesToBreach =
      nextDue > ref ? Math.floor(businessMinutesBetween(ref, nextDue, bh)) : -Math.ceil(businessMinutesBetween(nextDue, ref, bh));
  }
  return { ...base, state, breached, minutesToBreach };
}

/** The same rule as evaluateSla, as a SQL expression over the ticket alias (for filters and stats). */
export function slaStateSql(a: string, nowParam: string): string {
  return toSql(SLA_STATE_RULE, { field: columnsOf(a), params: { now: nowParam } });
}
