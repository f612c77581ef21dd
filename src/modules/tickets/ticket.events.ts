import type { EntityManager } from 'typeorm';
import type { Tx } from '../../events/tx';
import type { SlaState } from '../common/enums';
import { ServiceLevel } from '../sla/service-level.entity';
import { evaluateSla } from '../sla/sla.service';
import type { Ticket } from './ticket.entity';

export const TICKET_TOPIC = 'ticket';

export type TicketEventType =
  | 'CREATED'
  | 'UPDATED'
  | 'STATUS_CHANGED'
  | 'ASSIGNED'
  | 'INTERACTION_LOGGED'
  | 'RESERVATION_CHANGED'
  | 'RATED'
  | 'SLA_AT_RISK'
  | 'SLA_BREACHED';

/**
 * What every ticket event records of its ticket, as it was when the event happened, with the
 * SQL type each field is read back as: subscription filters are evaluated over this snapshot
 * with the list query's own SQL (ticket.filter.ts), so it holds every column the filter reads.
 * `slaState` is the state at the event's instant.
 */
export const SNAPSHOT_FIELDS = {
  status: 'text',
  priority: 'text',
  kind: 'text',
  channel: 'text',
  reason: 'text',
  rootCause: 'text',
  customerId: 'uuid',
  assigneeId: 'uuid',
  subject: 'text',
  description: 'text',
  createdAt: 'timestamptz',
  updatedAt: 'timestamptz',
  slaState: 'text',
} as const;

export function ticketSnapshot(t: Ticket, slaState?: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(SNAPSHOT_FIELDS)) {
    if (name === 'slaState') continue;
    const v = (t as unknown as Record<string, unknown>)[name];
    if (v === undefined) continue;
    out[name] = type === 'timestamptz' && v !== null ? new Date(v as Date).toISOString() : v;
  }
  if (slaState) out.slaState = slaState;
  return out;
}

/** The ticket's SLA state at `now`, for an emitter that has not evaluated it already. */
export async function slaStateAt(m: EntityManager, t: Ticket, now: Date): Promise<SlaState> {
  const sl = t.serviceLevelId ? await m.findOneBy(ServiceLevel, { id: t.serviceLevelId }) : null;
  return evaluateSla(sl, t, now).state;
}

/** Records an event of the ticket with its snapshot; every event states the ticket's SLA state then. */
export function emitTicketEvent(tx: Tx, type: TicketEventType, t: Ticket, extra: { slaState: string } & Record<string, unknown>): void {
  tx.emit({
    topic: TICKET_TOPIC,
    type,
    entityId: t.id,
    customerId: t.customerId,
    data: { ...ticketSnapshot(t), ...extra },
  });
}
