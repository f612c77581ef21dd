import { createHash, randomBytes } from 'node:crypto';
import { ClientCode, ClientError } from '../errors';

/**
 * Subscription cursors: `<epoch>:<seq>:<check>`, e.g. `3f9a1c0b7e2d:1234:9b1f0c2a`. `seq` is the
 * event's position in the log; `epoch` is the random identity of the log (event_log_state.epoch,
 * made when the database was migrated), so a cursor from another database is told apart even
 * when its seq happens to exist here too; `check` is a digest of the event itself (`eventCheck`),
 * so a cursor issued after a backup is told apart from the different event a restored copy
 * later writes at the same seq (same epoch, same number, another event). `eventCursor` of an
 * empty or wholly pruned log has no check. `<epoch>:<seq>` and a bare `<seq>` (earlier formats)
 * are still taken, without the checks they lack.
 */
const CURSOR = /^(?:([0-9a-z]{1,32}):)?(\d{1,18})(?::([0-9a-f]{8}))?$/;

export interface LogState {
  /** the identity of this event log */
  epoch: string;
  /** the newest seq the log ever issued (the pruned edge when everything was pruned; 0 when empty) */
  newest: number;
  /** the check of the event at `newest`, when the log still holds it */
  newestCheck: string | null;
  /** every event up to this seq has been deleted by retention */
  prunedThrough: number;
  /** when asked for a cursor's seq (`readLogState(db, seq)`): the check of the event there, null when there is none */
  checkAt?: string | null;
}

/** What identifies one event of the log beyond its seq. */
export interface EventIdentity {
  seq: number;
  topic: string;
  type: string;
  entityId: string | null;
  occurredAt: Date;
}

const checks = new WeakMap<EventIdentity, string>();

/**
 * A digest of the event at a seq (its topic, type, entity and instant): the same event always
 * gives the same check, a different event at that seq (a restored log going on) another.
 * Remembered per row object: one live event is delivered to every subscriber of an instance.
 */
export function eventCheck(e: EventIdentity): string {
  let c = checks.get(e);
  if (c === undefined) {
    c = createHash('sha256').update(`${e.seq}|${e.topic}|${e.type}|${e.entityId ?? ''}|${e.occurredAt.getTime()}`).digest('hex').slice(0, 8);
    checks.set(e, c);
  }
  return c;
}

/** A client's `after:`, parsed (CURSOR_INVALID when it is no cursor at all). */
export interface ParsedCursor {
  epoch?: string;
  seq: number;
  check?: string;
}

export function parseCursor(after: unknown): ParsedCursor {
  const m = typeof after === 'string' ? CURSOR.exec(after) : null;
  if (!m) {
    throw cursorInvalid('`after` must be the `cursor` of an event (or `eventCursor`) from this hub');
  }
  return { epoch: m[1], seq: Number(m[2]), check: m[3] };
}

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>;
}

export function formatCursor(epoch: string, seq: number, check: string | null): string {
  return check ? `${epoch}:${seq}:${check}` : `${epoch}:${seq}`;
}

/** The cursor of an event of this log. */
export function cursorOf(log: LogState, event: EventIdentity): string {
  return formatCursor(log.epoch, event.seq, eventCheck(event));
}

/** The cursor of the newest event (`eventCursor`). */
export function newestCursor(log: LogState): string {
  return formatCursor(log.epoch, log.newest, log.newestCheck);
}

export function cursorInvalid(message: string): ClientError {
  return new ClientError(ClientCode.CURSOR_INVALID, message);
}

function cursorExpired(): ClientError {
  return new ClientError(
    ClientCode.CURSOR_EXPIRED,
    'This cursor is older than the events the hub keeps; refetch the current state, then subscribe without `after` (or with a newer cursor)',
  );
}

/**
 * Reads the log's epoch, newest event and retention edge in one statement (from the database:
 * another instance may be ahead of this one), and with `at`, the event at that seq (to check a
 * cursor against).
 */
export async function readLogState(db: Queryable, at: number | null = null): Promise<LogState> {
  // plain columns (not JSON), so the instants parse exactly as the bus's rows do
  type Cols = 'topic' | 'type' | 'entity_id' | 'occurred_at';
  const [row]: (Record<`n_${Cols}` | `a_${Cols}`, any> & { epoch: string | null; pruned_through: string | null; n_seq: string | null; a_seq: string | null })[] =
    await db.query(
      `SELECT s.epoch, s.pruned_through,
              n.seq AS n_seq, n.topic AS n_topic, n.type AS n_type, n.entity_id AS n_entity_id, n.occurred_at AS n_occurred_at,
              a.seq AS a_seq, a.topic AS a_topic, a.type AS a_type, a.entity_id AS a_entity_id, a.occurred_at AS a_occurred_at
         FROM (SELECT 1) AS one
         LEFT JOIN event_log_state s ON s.id = 1
         LEFT JOIN LATERAL (SELECT * FROM event_log ORDER BY seq DESC LIMIT 1) n ON TRUE
         LEFT JOIN event_log a ON a.seq = $1`,
      [at],
    );
  let epoch = row.epoch;
  if (!epoch) {
    // the row was never written (or lost): give the log its identity now, once
    const [made]: { epoch: string }[] = await db.query(
      `INSERT INTO event_log_state (id, pruned_through, epoch) VALUES (1, 0, $1)
       ON CONFLICT (id) DO UPDATE SET epoch = COALESCE(event_log_state.epoch, EXCLUDED.epoch) RETURNING epoch`,
      [randomBytes(6).toString('hex')],
    );
    epoch = made.epoch;
  }
  const prunedThrough = Number(row.pruned_through ?? 0);
  const identity = (p: 'n' | 'a', seq: number): EventIdentity => ({
    seq,
    topic: row[`${p}_topic`],
    type: row[`${p}_type`],
    entityId: row[`${p}_entity_id`] ?? null,
    occurredAt: row[`${p}_occurred_at`],
  });
  const newestSeq = row.n_seq !== null ? Number(row.n_seq) : 0;
  const newest = Math.max(newestSeq, prunedThrough);
  const state: LogState = { epoch, prunedThrough, newest, newestCheck: row.n_seq !== null && newestSeq === newest ? eventCheck(identity('n', newestSeq)) : null };
  if (at !== null) state.checkAt = row.a_seq !== null ? eventCheck(identity('a', at)) : null;
  return state;
}

/**
 * The seq to replay after, for a client's `after:`; refuses a cursor this log never issued
 * (another database's, beyond the newest event, or naming an event this log does not hold:
 * issued before a restore from an older backup) with CURSOR_INVALID, and one older than
 * retention with CURSOR_EXPIRED. `log` must have been read with the cursor's seq when it has a check.
 */
export function seqAfter(cursor: ParsedCursor, log: LogState): number {
  const { epoch, seq, check } = cursor;
  if (epoch !== undefined && epoch !== log.epoch) {
    throw cursorInvalid(
      'This cursor comes from another event log (a different database); refetch the current state, then subscribe without `after` or with `eventCursor`',
    );
  }
  if (seq > log.newest) {
    throw cursorInvalid(
      'This cursor is beyond the newest event: the log never issued it (another database, or one restored from an older backup); refetch the current state, then subscribe without `after` or with `eventCursor`',
    );
  }
  if (seq < log.prunedThrough) throw cursorExpired();
  // the event the cursor names: gone only by retention (seq == prunedThrough), else it must be the same one
  if (check !== undefined && log.checkAt !== undefined && (log.checkAt === null ? seq > log.prunedThrough : log.checkAt !== check)) {
    throw cursorInvalid(
      'This cursor names an event this log does not hold: the database was restored from a backup taken before it; refetch the current state, then subscribe without `after` or with `eventCursor`',
    );
  }
  return seq;
}
