import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { asBackground } from '../db/data-source';
import { log } from '../logger';
import { NOTIFY_CHANNEL, type EventRow } from './types';

type Listener = (row: EventRow) => void;

const BATCH = 1000;

export function toEventRow(r: Record<string, unknown>): EventRow {
  return {
    seq: Number(r.seq),
    topic: r.topic as string,
    type: r.type as string,
    entityId: (r.entity_id as string | null) ?? null,
    customerId: (r.customer_id as string | null) ?? null,
    data: (r.data as Record<string, unknown>) ?? {},
    occurredAt: r.occurred_at as Date,
  };
}

/**
 * Every hub instance runs one bus. It LISTENs on a dedicated connection; on a notification
 * (or a periodic poll, or after reconnecting) it reads every event past the last one it
 * dispatched, in order, and hands each to its local subscribers. Since it always reads
 * "after the last seen seq", a dropped connection loses nothing: it catches up from the log.
 */
export class EventBus {
  private listeners = new Set<Listener>();
  private client: Client | null = null;
  private lastSeq = 0;
  private reading = false;
  private readAgain = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private connected = false;

  constructor(
    private readonly db: DataSource,
    private readonly databaseUrl: string,
    private readonly pollMs: number,
  ) {}

  get position(): number {
    return this.lastSeq;
  }

  /** the database the log lives in (for reads such as the log's state, see cursor.ts) */
  get database(): DataSource {
    return this.db;
  }

  get isListening(): boolean {
    return this.connected;
  }

  async start(): Promise<void> {
    const [{ max }] = await this.db.query('SELECT COALESCE(MAX(seq), 0) AS max FROM event_log');
    this.lastSeq = Number(max);
    await this.connect();
    this.pollTimer = setInterval(() => this.poke(), this.pollMs);
    this.pollTimer.unref();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'servicegraph-listener' });
    client.on('error', (err) => {
      log.warn('event listener connection failed; reconnecting', { err: err.message });
      this.dropClient(client);
    });
    client.on('end', () => this.dropClient(client));
    client.on('notification', () => this.poke());
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      this.client = client;
      this.connected = true;
      log.debug('event listener connected');
      // catch up on whatever committed while we were not listening
      this.poke();
    } catch (err) {
      log.warn('event listener could not connect; retrying', { err: (err as Error).message });
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private dropClient(client: Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.connected = false;
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, 250);
    this.reconnectTimer.unref();
  }

  /** Read and dispatch everything new. Concurrent pokes coalesce into one more read. */
  poke(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    void this.drain().finally(() => {
      this.reading = false;
      if (this.readAgain) {
        this.readAgain = false;
        this.poke();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        // the read is the bus's own work; what listeners do with the rows is theirs
        const rows: Record<string, unknown>[] = await asBackground(() =>
          this.db.query('SELECT * FROM event_log WHERE seq > $1 ORDER BY seq LIMIT $2', [this.lastSeq, BATCH]),
        );
        for (const r of rows) {
          const row = toEventRow(r);
          this.lastSeq = row.seq;
          for (const l of this.listeners) {
            try {
              l(row);
            } catch (err) {
              log.error('event listener threw', { err });
            }
          }
        }
        if (rows.length < BATCH) return;
      }
    } catch (err) {
      if (this.stopped) return;
      // the database may be away; the poll timer and the reconnect try again
      log.warn('reading the event log failed; will retry', { err: (err as Error).message });
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Events after `afterSeq` on the given topics, oldest first. */
  async readAfter(afterSeq: number, topics: string[], limit: number): Promise<EventRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      'SELECT * FROM event_log WHERE seq > $1 AND topic = ANY($2) ORDER BY seq LIMIT $3',
      [afterSeq, topics, limit],
    );
    return rows.map(toEventRow);
  }

  async prunedThrough(): Promise<number> {
    const rows: { pruned_through: string }[] = await this.db.query('SELECT pruned_through FROM event_log_state WHERE id = 1');
    return rows.length ? Number(rows[0].pruned_through) : 0;
  }

  /** Deletes events older than the retention and remembers how far it deleted. */
  async prune(retentionHours: number): Promise<number> {
    return this.db.transaction(async (m) => {
      const rows: { max: string | null }[] = await m.query(
        `SELECT MAX(seq) AS max FROM event_log WHERE occurred_at < now() - make_interval(hours => $1)`,
        [retentionHours],
      );
      const through = rows[0]?.max ? Number(rows[0].max) : 0;
      if (!through) return 0;
      const res = await m.query('DELETE FROM event_log WHERE seq <= $1', [through]);
      await m.query(
        `INSERT INTO event_log_state (id, pruned_through) VALUES (1, $1)
         ON CONFLICT (id) DO UPDATE SET pruned_through = GREATEST(event_log_state.pruned_through, EXCLUDED.pruned_through)`,
        [through],
      );
      return Array.isArray(res) ? Number(res[1] ?? 0) : 0;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const c = this.client;
    this.client = null;
    this.connected = false;
    if (c) await c.end().catch(() => undefined);
    this.listeners.clear();
  }
}
