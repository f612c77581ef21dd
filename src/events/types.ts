/** An event to be written with the transaction that causes it. */
export interface PendingEvent {
  topic: string;
  type: string;
  entityId?: string | null;
  customerId?: string | null;
  data?: Record<string, unknown>;
}

/** An event as read back from the log. */
export interface EventRow {
  seq: number;
  topic: string;
  type: string;
  entityId: string | null;
  customerId: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
}

export const NOTIFY_CHANNEL = 'servicegraph_events';
/** key of the transaction-level advisory lock that orders event inserts by commit */
export const EVENT_LOCK_KEY = 0x53_47_45_56; // "SGEV"
