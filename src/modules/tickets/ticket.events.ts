import type { Tx } from '../../db/tx';
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

/** The fields ticket subscriptions filter on, as they were when the event happened. */
export function ticketSnapshot(t: Ticket, slaState?: string): Record<string, unknown> {
  return {
    status: t.status,
    priority: t.priority,
    kind: t.kind,
    channel: t.channel,
    reason: t.reason,
    rootCause: t.rootCause,
    customerId: t.customerId,
    assigneeId: t.assigneeId,
    subject: t.subject,
    description: t.description,
    createdAt: new Date(t.createdAt).toISOString(),
    ...(slaState ? { slaState } : {}),
  };
}

export function emitTicketEvent(tx: Tx, type: TicketEventType, t: Ticket, extra?: Record<string, unknown>): void {
  tx.emit({
    topic: TICKET_TOPIC,
    type,
    entityId: t.id,
    customerId: t.customerId,
    data: { ...ticketSnapshot(t), ...extra },
  });
}
