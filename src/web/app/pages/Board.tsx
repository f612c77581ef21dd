// The live operations board: one query (ConsoleBoard), then four subscriptions `after:` its
// eventCursor. A lost connection shows "Reconnecting…" and resumes every stream after its
// last cursor, so nothing is missed; a cursor the hub no longer holds reloads the snapshot.
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  ConsoleAgentLoadDocument,
  ConsoleBoardDocument,
  ConsoleComplaintsDocument,
  ConsoleSlaAlertsDocument,
  ConsoleStockAlertsDocument,
  ConsoleTicketEventsDocument,
  type ConsoleAgentFragment,
  type ConsoleStockLevelFragment,
  type ConsoleTicketFragment,
} from '../../generated/operations';
import { Live, query, type LiveState, type Session } from '../api';
import { Badge, Countdown, Link, SlaBadge, ago, label, useNow } from '../ui';

const OPEN = new Set(['NEW', 'OPEN', 'PENDING', 'ON_HOLD']);
const FEED_MAX = 40;

interface FeedItem {
  cursor: string;
  at: string;
  text: string;
  number?: number;
  tone: 'ok' | 'warn' | 'bad' | 'info' | 'plain';
}

interface BoardState {
  complaints: Map<string, ConsoleTicketFragment>;
  complaintTotal: number;
  atRisk: Map<string, ConsoleTicketFragment>;
  agents: ConsoleAgentFragment[];
  stock: Map<string, ConsoleStockLevelFragment>;
  feed: FeedItem[];
}

const byCreated = (a: ConsoleTicketFragment, b: ConsoleTicketFragment) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number;
const byDue = (a: ConsoleTicketFragment, b: ConsoleTicketFragment) =>
  (a.sla.resolutionDueAt ?? '9').localeCompare(b.sla.resolutionDueAt ?? '9') || a.number - b.number;

export function LiveBadge({ state }: { state: LiveState }) {
  const text = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', 'signed-out': 'Signed out' }[state];
  return (
    <span className={`live live-${state}`} role="status" aria-live="polite" data-live-state={state}>
      {text}
    </span>
  );
}

export function Board({ session }: { session: Session }) {
  const [state, setState] = useState<BoardState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<LiveState>('connecting');
  const now = useNow();
  const stateRef = useRef<BoardState | null>(null);

  useEffect(() => {
    let stopped = false;
    let agentTimer: ReturnType<typeof setTimeout> | null = null;
    const update = (f: (s: BoardState) => void) => {
      const s = stateRef.current;
      if (!s || stopped) return;
      const next = { ...s, complaints: new Map(s.complaints), atRisk: new Map(s.atRisk), stock: new Map(s.stock), feed: [...s.feed] };
      f(next);
      next.feed = next.feed.slice(0, FEED_MAX);
      stateRef.current = next;
      setState(next);
    };
    const feed = (s: BoardState, item: FeedItem) => {
      if (s.feed.some((f) => f.cursor === item.cursor && f.text === item.text)) return;
      s.feed.unshift(item);
    };
    // workload moves with assignments and status changes: reload it, at most once a second
    const reloadAgents = () => {
      if (agentTimer) return;
      agentTimer = setTimeout(async () => {
        agentTimer = null;
        try {
          const r = await query(ConsoleAgentLoadDocument);
          update((s) => (s.agents = r.agents.nodes));
        } catch {
          /* the next event retries */
        }
      }, 1000);
    };

    const snapshot = async () => {
      const r = await query(ConsoleBoardDocument);
      const s: BoardState = {
        complaints: new Map(r.complaints.nodes.map((t) => [t.id, t])),
        complaintTotal: r.complaints.totalCount,
        atRisk: new Map(r.atRisk.nodes.map((t) => [t.id, t])),
        agents: r.agents.nodes,
        stock: new Map(r.lowStock.nodes.map((l) => [l.id, l])),
        feed: stateRef.current?.feed ?? [],
      };
      stateRef.current = s;
      if (!stopped) setState(s);
      return r.eventCursor;
    };

    const liveConn = new Live(() => {
      // the cursor is gone (retention) or unknown: take a fresh snapshot and continue after it
      snapshot().then((c) => liveConn.resetCursors(c), (e: Error) => setError(e.message));
    });
    const unsub = liveConn.onState((st) => {
      setLive(st);
      if (st === 'live' && stateRef.current) reloadAgents();
    });

    snapshot().then(
      (cursor) => {
        if (stopped) return;
        liveConn.subscribe(ConsoleComplaintsDocument, {}, cursor, ({ complaintUpdates: e }) =>
          update((s) => {
            const t = e.ticket;
            const known = s.complaints.has(t.id);
            if (OPEN.has(t.status)) {
              if (!known) s.complaintTotal++;
              s.complaints.set(t.id, t);
            } else if (known) {
              s.complaints.delete(t.id);
              s.complaintTotal--;
            }
            if (s.atRisk.has(t.id)) {
              if (OPEN.has(t.status) && ['AT_RISK', 'BREACHED'].includes(t.sla.state)) s.atRisk.set(t.id, t);
              else s.atRisk.delete(t.id);
            }
          }),
        );
        liveConn.subscribe(ConsoleSlaAlertsDocument, {}, cursor, ({ slaAlerts: e }) =>
          update((s) => {
            const t = e.ticket;
            if (OPEN.has(t.status)) s.atRisk.set(t.id, t);
            if (s.complaints.has(t.id)) s.complaints.set(t.id, t);
            feed(s, {
              cursor: e.cursor,
              at: e.occurredAt,
              number: t.number,
              tone: e.state === 'BREACHED' ? 'bad' : 'warn',
              text: `SLA ${label(e.state).toLowerCase()} (${e.target.toLowerCase().replace(/_/g, ' ')}): ${t.subject}`,
            });
          }),
        );
        liveConn.subscribe(ConsoleStockAlertsDocument, {}, cursor, ({ stockAlerts: e }) =>
          update((s) => {
            const l = e.stockLevel;
            if (e.status === 'IN_STOCK') s.stock.delete(l.id);
            else s.stock.set(l.id, { ...l, status: e.status, available: e.available });
            feed(s, {
              cursor: e.cursor,
              at: e.occurredAt,
              tone: e.status === 'OUT_OF_STOCK' ? 'bad' : e.status === 'LOW' ? 'warn' : 'ok',
              text: `Stock ${label(e.status).toLowerCase()}: ${l.part.name} (${l.part.sku}) at ${l.location.code}, ${e.available} available`,
            });
          }),
        );
        liveConn.subscribe(ConsoleTicketEventsDocument, {}, cursor, ({ ticketEvents: e }) => {
          update((s) => {
            const t = e.ticket;
            if (!OPEN.has(t.status)) s.atRisk.delete(t.id);
            feed(s, {
              cursor: e.cursor,
              at: e.occurredAt,
              number: t.number,
              tone: e.type === 'CREATED' ? 'info' : e.type.startsWith('SLA') ? 'warn' : 'plain',
              text: `${label(e.type)}: ${t.subject}${e.type === 'STATUS_CHANGED' ? ` → ${label(t.status).toLowerCase()}` : ''}${e.type === 'ASSIGNED' && t.assignee ? ` → ${t.assignee.name}` : ''}`,
            });
          });
          if (['CREATED', 'ASSIGNED', 'STATUS_CHANGED'].includes(e.type)) reloadAgents();
        });
        liveConn.connect();
      },
      (e: Error) => setError(e.message),
    );
    return () => {
      stopped = true;
      unsub();
      liveConn.close();
      if (agentTimer) clearTimeout(agentTimer);
    };
  }, [session.token]);

  const complaints = useMemo(() => [...(state?.complaints.values() ?? [])].sort(byCreated), [state]);
  const atRisk = useMemo(() => [...(state?.atRisk.values() ?? [])].sort(byDue), [state]);
  const stock = useMemo(
    () => [...(state?.stock.values() ?? [])].sort((a, b) => a.location.code.localeCompare(b.location.code) || a.available - b.available || a.part.sku.localeCompare(b.part.sku)),
    [state],
  );
  const agents = useMemo(() => [...(state?.agents ?? [])].filter((a) => a.active && a.role !== 'ANALYST').sort((a, b) => b.openTicketCount - a.openTicketCount || a.name.localeCompare(b.name)), [state]);
  const maxLoad = Math.max(1, ...agents.map((a) => a.openTicketCount));

  return (
    <>
      <div className="page-head">
        <h1>Operations board</h1>
        <LiveBadge state={live} />
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!state ? (
        !error && (
          <p className="muted" role="status">
            Loading…
          </p>
        )
      ) : (
        <div className="board">
          <section className="panel span-2" aria-labelledby="complaints-h">
            <h2 id="complaints-h">
              Open complaints <span className="count">{state.complaintTotal}</span>
            </h2>
            <div className="scroll" tabIndex={0}>
              <table>
                <caption className="sr-only">Open complaints, oldest first, with the time left to their next SLA target</caption>
                <thead>
                  <tr>
                    <th scope="col">Ticket</th>
                    <th scope="col">Customer</th>
                    <th scope="col">Priority</th>
                    <th scope="col">Status</th>
                    <th scope="col">Opened</th>
                    <th scope="col">SLA</th>
                    <th scope="col">Due in</th>
                  </tr>
                </thead>
                <tbody>
                  {complaints.map((t) => (
                    <tr key={t.id} data-ticket={t.number}>
                      <td>
                        <Link to={`/tickets/${t.number}`}>#{t.number}</Link> {t.subject}
                      </td>
                      <td>{t.customer.name}</td>
                      <td>{label(t.priority)}</td>
                      <td>{label(t.status)}</td>
                      <td>{ago(t.createdAt, now)}</td>
                      <td>
                        <SlaBadge state={t.sla.state} />
                      </td>
                      <td>
                        <Countdown sla={t.sla} now={now} responded={t.status !== 'NEW'} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {complaints.length === 0 && <p className="muted">No open complaints.</p>}
            </div>
          </section>

          <section className="panel" aria-labelledby="risk-h">
            <h2 id="risk-h">
              At risk and breached <span className="count">{atRisk.length}</span>
            </h2>
            <ul tabIndex={0} className="rows scroll">
              {atRisk.map((t) => (
                <li key={t.id}>
                  <SlaBadge state={t.sla.state} /> <Link to={`/tickets/${t.number}`}>#{t.number}</Link> {t.subject}{' '}
                  <Countdown sla={t.sla} now={now} responded={t.status !== 'NEW'} />
                </li>
              ))}
              {atRisk.length === 0 && <li className="muted">Nothing at risk.</li>}
            </ul>
          </section>

          <section className="panel" aria-labelledby="load-h">
            <h2 id="load-h">Agent workload</h2>
            <ul tabIndex={0} className="rows scroll">
              {agents.map((a) => (
                <li key={a.id} className="load">
                  <span className="load-name">
                    {a.name} <span className="muted">{a.team}</span>
                  </span>
                  <span className="bar" aria-hidden="true">
                    <span style={{ width: `${(100 * a.openTicketCount) / maxLoad}%` }} />
                  </span>
                  <span className="load-n">{a.openTicketCount} open</span>
                </li>
              ))}
            </ul>
          </section>

          <section className="panel" aria-labelledby="stock-h">
            <h2 id="stock-h">
              Low and out of stock <span className="count">{stock.length}</span>
            </h2>
            <ul tabIndex={0} className="rows scroll" data-panel="stock">
              {stock.map((l) => (
                <li key={l.id} data-stock-level={l.id}>
                  <Badge tone={l.status === 'OUT_OF_STOCK' ? 'bad' : 'warn'}>{label(l.status)}</Badge> <strong>{l.location.code}</strong> {l.part.name}{' '}
                  <span className="muted">
                    {l.part.sku} · {l.available} available, reorder at {l.reorderPoint}
                  </span>
                </li>
              ))}
              {stock.length === 0 && <li className="muted">All parts in stock.</li>}
            </ul>
          </section>

          <section className="panel" aria-labelledby="feed-h">
            <h2 id="feed-h">Live events</h2>
            <ol tabIndex={0} className="rows scroll feed" aria-live="off">
              {state.feed.map((f) => (
                <li key={`${f.cursor}:${f.text}`}>
                  <Badge tone={f.tone}>{new Date(f.at).toLocaleTimeString()}</Badge>{' '}
                  {f.number ? <Link to={`/tickets/${f.number}`}>#{f.number}</Link> : null} {f.text}
                </li>
              ))}
              {state.feed.length === 0 && <li className="muted">Waiting for events…</li>}
            </ol>
          </section>
        </div>
      )}
    </>
  );
}
