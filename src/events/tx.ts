import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_LOCK_KEY, NOTIFY_CHANNEL, type PendingEvent } from './types';

/** A unit of work: one database transaction plus the events it will publish on commit. */
export interface Tx {
  manager: EntityManager;
  events: PendingEvent[];
  emit(event: PendingEvent): void;
}

/**
 * Runs `fn` in one transaction. Its events are appended to the event log as the last step,
 * under an advisory lock held until commit (so cursors follow commit order), and announced
 * with pg_notify, which PostgreSQL delivers only if the transaction commits.
 */
export async function inTransaction<T>(db: DataSource, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (manager) => {
    const events: PendingEvent[] = [];
    const tx: Tx = { manager, events, emit: (e) => events.push(e) };
    const result = await fn(tx);
    await appendEvents(manager, events);
    return result;
  });
}

export async function appendEvents(manager: EntityManager, events: PendingEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  await manager.query('SELECT pg_advisory_xact_lock($1)', [EVENT_LOCK_KEY]);
  const values: unknown[] = [];
  const rows = events.map((e, i) => {
    values.push(e.topic, e.type, e.entityId ?? null, e.customerId ?? null, JSON.stringify(e.data ?? {}));
    const b = i * 5;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}::jsonb)`;
  });
  const inserted: { seq: string }[] = await manager.query(
    `INSERT INTO event_log (topic, type, entity_id, customer_id, data) VALUES ${rows.join(', ')} RETURNING seq`,
    values,
  );
  const seqs = inserted.map((r) => Number(r.seq));
  await manager.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, String(seqs[seqs.length - 1])]);
  return seqs;
}
