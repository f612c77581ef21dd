import { buildFilter, idRule, Params, wordsRule, type FilterSpec } from '../../graphql/filter-sql';
import type { DataSource } from 'typeorm';
import type { EventRow } from '../../events/types';
import { snake } from '../common/rule';
import { slaStateSql } from '../sla/sla.service';
import { SNAPSHOT_FIELDS, TICKET_TOPIC } from './ticket.events';
import type { TicketFilter } from './ticket.inputs';

/**
 * The ticket filter, described once: TicketFilter → SQL over a relation `a` with the ticket
 * table's column names. Lists and statistics run it over ticket rows (`ticketWhere`);
 * subscriptions run the same SQL over each event's snapshot of its ticket
 * (`matchLoggedEvents`), so the two cannot drift. `slaState` renders the ticket's SLA state:
 * computed at the reference time for a row, as recorded at the event for a snapshot.
 */
export function ticketFilterSpec(a: string, slaState: (p: Params) => string): FilterSpec {
  return {
    status: { kind: 'in', sql: `${a}.status` },
    priority: { kind: 'in', sql: `${a}.priority` },
    kind: { kind: 'in', sql: `${a}.kind` },
    channel: { kind: 'in', sql: `${a}.channel` },
    reason: { kind: 'in', sql: `${a}.reason` },
    rootCause: { kind: 'in', sql: `${a}.root_cause` },
    customerId: idRule(`${a}.customer_id`, 'Customer'),
    assigneeId: idRule(`${a}.assignee_id`, 'Agent'),
    unassigned: { kind: 'custom', build: (v) => (v ? `${a}.assignee_id IS NULL` : `${a}.assignee_id IS NOT NULL`) },
    slaState: { kind: 'custom', build: (v, p) => `${slaState(p)} = ANY(CAST(${p.add(v)} AS text[]))` },
    createdFrom: { kind: 'from', sql: `${a}.created_at` },
    createdTo: { kind: 'to', sql: `${a}.created_at` },
    updatedFrom: { kind: 'from', sql: `${a}.updated_at` },
    updatedTo: { kind: 'to', sql: `${a}.updated_at` },
    text: wordsRule([`${a}.subject`, `${a}.description`]),
  };
}

/** The filter over ticket rows under alias `a`; `now` is the SLA reference time. */
export function ticketWhere(filter: TicketFilter | null | undefined, a: string, now: Date, p = new Params('tf')) {
  const spec = ticketFilterSpec(a, (q) => slaStateSql(a, `CAST(${q.add(now.toISOString())} AS timestamptz)`));
  return { sql: buildFilter(filter as Record<string, unknown> | null, spec, p), params: p.values };
}

/** A subscription's filter, rendered once when it subscribes; `key` is equal for equal filters. */
export interface SnapshotFilter {
  key: string;
  sql: string;
  params: Record<string, unknown>;
}

/** null: the filter selects every event. Throws (like a list query) for a filter over its bounds. */
export function snapshotFilter(filter: TicketFilter | null | undefined): SnapshotFilter | null {
  const p = new Params('sf');
  const sql = buildFilter(filter as Record<string, unknown> | null, ticketFilterSpec('s', () => 's.sla_state'), p);
  return sql ? { key: sql + '\u0000' + JSON.stringify(p.values), sql, params: p.values } : null;
}

/**
 * Events (seq, data, occurred_at under alias `e`) as rows named like the ticket table, read
 * from each event's snapshot (SNAPSHOT_FIELDS). Snapshots written before `updatedAt` was
 * recorded fall back to the event's time; before `slaState`, to NONE.
 */
function snapshotRows(events: string): string {
  const types = Object.entries(SNAPSHOT_FIELDS).map(([name, type]) => `"${name}" ${type}`);
  const columns = Object.keys(SNAPSHOT_FIELDS).map((name) => {
    if (name === 'updatedAt') return `COALESCE(x."updatedAt", e.occurred_at) AS updated_at`;
    if (name === 'slaState') return `COALESCE(x."slaState", 'NONE') AS sla_state`;
    return `x."${name}" AS ${snake(name)}`;
  });
  return `SELECT e.seq, ${columns.join(', ')} FROM ${events} CROSS JOIN LATERAL jsonb_to_record(e.data) AS x(${types.join(', ')})`;
}

async function verdicts(db: DataSource, f: SnapshotFilter, events: string, params: Record<string, unknown>): Promise<Map<number, boolean>> {
  const sql = `SELECT s.seq, COALESCE(${f.sql}, FALSE) AS hit FROM (${snapshotRows(events)}) s`;
  const [q, values] = db.driver.escapeQueryWithParameters(sql, { ...f.params, ...params });
  const rows: { seq: string; hit: boolean }[] = await db.query(q, values);
  return new Map(rows.map((r) => [Number(r.seq), r.hit]));
}

/** How many logged events one statement decides. */
export const MATCH_LOOKAHEAD = 500;

/** Which ticket events of the log from `fromSeq` on (at most MATCH_LOOKAHEAD) match: one statement. */
export function matchLoggedEvents(db: DataSource, f: SnapshotFilter, fromSeq: number): Promise<Map<number, boolean>> {
  const events = `(SELECT seq, data, occurred_at FROM event_log WHERE topic = :ev_topic AND seq >= :ev_from ORDER BY seq LIMIT ${MATCH_LOOKAHEAD}) e`;
  return verdicts(db, f, events, { ev_topic: TICKET_TOPIC, ev_from: fromSeq });
}

/** Does this event match? For an event no longer in the log (pruned after it was read). */
export async function matchEvent(db: DataSource, f: SnapshotFilter, row: EventRow): Promise<boolean> {
  const events = '(SELECT CAST(:ev_seq AS bigint) AS seq, CAST(:ev_data AS jsonb) AS data, CAST(:ev_at AS timestamptz) AS occurred_at) e';
  const found = await verdicts(db, f, events, { ev_seq: row.seq, ev_data: JSON.stringify(row.data), ev_at: row.occurredAt });
  return found.get(row.seq) ?? false;
}
