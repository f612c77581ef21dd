import { decodeId } from '../../graphql/ids';
import { buildFilter, Params, wordsRule, type FilterSpec } from '../../graphql/filter-sql';
import { slaStateSql } from '../sla/sla.service';
import type { TicketFilter } from './ticket.inputs';

const ids = (list: unknown, type: 'Customer' | 'Agent') =>
  (list as string[]).map((g) => decodeId(g, type) ?? '00000000-0000-0000-0000-000000000000');

/** TicketFilter → SQL over the ticket alias `a`. `now` is the SLA reference time. */
export function ticketFilterSpec(a: string, now: Date): FilterSpec {
  return {
    status: { kind: 'in', sql: `${a}.status` },
    priority: { kind: 'in', sql: `${a}.priority` },
    kind: { kind: 'in', sql: `${a}.kind` },
    channel: { kind: 'in', sql: `${a}.channel` },
    reason: { kind: 'in', sql: `${a}.reason` },
    rootCause: { kind: 'in', sql: `${a}.root_cause` },
    customerId: { kind: 'custom', build: (v, p) => `${a}.customer_id = ANY(CAST(${p.add(ids(v, 'Customer'))} AS uuid[]))` },
    assigneeId: { kind: 'custom', build: (v, p) => `${a}.assignee_id = ANY(CAST(${p.add(ids(v, 'Agent'))} AS uuid[]))` },
    unassigned: { kind: 'custom', build: (v) => (v ? `${a}.assignee_id IS NULL` : `${a}.assignee_id IS NOT NULL`) },
    slaState: {
      kind: 'custom',
      build: (v, p) => `${slaStateSql(a, `CAST(${p.add(now.toISOString())} AS timestamptz)`)} = ANY(CAST(${p.add(v)} AS text[]))`,
    },
    createdFrom: { kind: 'from', sql: `${a}.created_at` },
    createdTo: { kind: 'to', sql: `${a}.created_at` },
    updatedFrom: { kind: 'from', sql: `${a}.updated_at` },
    updatedTo: { kind: 'to', sql: `${a}.updated_at` },
    text: wordsRule([`${a}.subject`, `${a}.description`]),
  };
}

export function ticketWhere(filter: TicketFilter | null | undefined, a: string, now: Date, p = new Params('tf')) {
  return { sql: buildFilter(filter as Record<string, unknown> | null, ticketFilterSpec(a, now), p), params: p.values };
}

/**
 * The same filter, evaluated in memory against an event's ticket snapshot, so a live
 * subscription can decide without a query per event.
 */
export function matchTicketSnapshot(filter: TicketFilter | null | undefined, s: Record<string, unknown>): boolean {
  if (!filter) return true;
  const anyOf = (list: unknown[] | null | undefined, v: unknown) => !list || list.includes(v);
  const f = filter;
  if (!anyOf(f.status, s.status)) return false;
  if (!anyOf(f.priority, s.priority)) return false;
  if (!anyOf(f.kind, s.kind)) return false;
  if (!anyOf(f.channel, s.channel)) return false;
  if (f.reason && !f.reason.includes(s.reason as never)) return false;
  if (f.rootCause && !f.rootCause.includes(s.rootCause as never)) return false;
  if (f.customerId && !ids(f.customerId, 'Customer').includes(s.customerId as string)) return false;
  if (f.assigneeId && !ids(f.assigneeId, 'Agent').includes(s.assigneeId as string)) return false;
  if (f.unassigned !== null && f.unassigned !== undefined && f.unassigned !== (s.assigneeId === null)) return false;
  if (f.slaState && !f.slaState.includes((s.slaState ?? 'NONE') as never)) return false;
  const created = new Date(s.createdAt as string).getTime();
  if (f.createdFrom && created < new Date(f.createdFrom).getTime()) return false;
  if (f.createdTo && created >= new Date(f.createdTo).getTime()) return false;
  if (f.text) {
    const hay = `${s.subject ?? ''} ${s.description ?? ''}`.toLowerCase();
    if (!f.text.trim().split(/\s+/).filter(Boolean).every((w) => hay.includes(w.toLowerCase()))) return false;
  }
  if (f.and && !f.and.every((g) => matchTicketSnapshot(g, s))) return false;
  if (f.or && f.or.length && !f.or.some((g) => matchTicketSnapshot(g, s))) return false;
  if (f.not && matchTicketSnapshot(f.not, s)) return false;
  return true;
}
