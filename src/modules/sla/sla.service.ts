import type { EntityManager } from 'typeorm';
import { CustomerTier, Priority, SlaState, TicketKind, TicketStatus } from '../common/enums';
import { addBusinessMinutes, businessMinutesBetween, type BusinessHours } from './business-hours';
import { ServiceLevel, type SlaTarget } from './service-level.entity';
import type { TicketSla } from './sla.types';

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

export type SlaClock = 'FIRST_RESPONSE' | 'RESOLUTION';

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

/** Was the first-response or resolution target missed, as of `now`? */
export function missedTargets(t: SlaTicket, now: Date): Record<SlaClock, boolean> {
  const doneAt = t.resolvedAt ?? (t.status === TicketStatus.CLOSED ? t.closedAt : null);
  const ref = doneAt ?? t.slaPausedAt ?? now;
  return {
    FIRST_RESPONSE: !!t.firstResponseDueAt && (t.firstRespondedAt ?? ref) > t.firstResponseDueAt,
    RESOLUTION: !!t.resolutionDueAt && ref > t.resolutionDueAt,
  };
}

/** The SLA state of a ticket at `now`. */
export function evaluateSla(sl: ServiceLevel | null, t: SlaTicket, now: Date): TicketSla {
  const base = { firstResponseDueAt: t.firstResponseDueAt, resolutionDueAt: t.resolutionDueAt };
  if (!sl || (!t.firstResponseDueAt && !t.resolutionDueAt)) {
    return { ...base, state: SlaState.NONE, breached: false, minutesToBreach: null };
  }
  const bh = hoursOf(sl);
  const missed = missedTargets(t, now);
  const breached = missed.FIRST_RESPONSE || missed.RESOLUTION;
  if (DONE.has(t.status)) {
    return { ...base, state: breached ? SlaState.BREACHED : SlaState.MET, breached, minutesToBreach: null };
  }
  const ref = t.slaPausedAt ?? now;
  const running: Date[] = [];
  if (t.firstResponseDueAt && !t.firstRespondedAt) running.push(t.firstResponseDueAt);
  if (t.resolutionDueAt) running.push(t.resolutionDueAt);
  const nextDue = running.length ? new Date(Math.min(...running.map((d) => d.getTime()))) : null;
  let minutesToBreach: number | null = null;
  if (nextDue) {
    minutesToBreach =
      nextDue > ref ? Math.floor(businessMinutesBetween(ref, nextDue, bh)) : -Math.ceil(businessMinutesBetween(nextDue, ref, bh));
  }
  if (breached) return { ...base, state: SlaState.BREACHED, breached, minutesToBreach };
  if (t.slaPausedAt) return { ...base, state: SlaState.PAUSED, breached, minutesToBreach };
  const atRisk = !!t.slaRiskAt && now >= t.slaRiskAt;
  return { ...base, state: atRisk ? SlaState.AT_RISK : SlaState.ON_TRACK, breached, minutesToBreach };
}

/** The same state as evaluateSla, as a SQL expression over the ticket alias (for filters and stats). */
export function slaStateSql(a: string, nowParam: string): string {
  const ref = `COALESCE(${a}.resolved_at, CASE WHEN ${a}.status = 'CLOSED' THEN ${a}.closed_at END, ${a}.sla_paused_at, ${nowParam})`;
  const breached = `((${a}.first_response_due_at IS NOT NULL AND COALESCE(${a}.first_responded_at, ${ref}) > ${a}.first_response_due_at)
    OR (${a}.resolution_due_at IS NOT NULL AND ${ref} > ${a}.resolution_due_at))`;
  return `(CASE
    WHEN ${a}.service_level_id IS NULL OR (${a}.first_response_due_at IS NULL AND ${a}.resolution_due_at IS NULL) THEN 'NONE'
    WHEN ${breached} THEN 'BREACHED'
    WHEN ${a}.status IN ('RESOLVED','CLOSED') THEN 'MET'
    WHEN ${a}.sla_paused_at IS NOT NULL THEN 'PAUSED'
    WHEN ${a}.sla_risk_at IS NOT NULL AND ${nowParam} >= ${a}.sla_risk_at THEN 'AT_RISK'
    ELSE 'ON_TRACK' END)`;
}
