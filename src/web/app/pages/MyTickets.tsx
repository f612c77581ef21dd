// The customer's own view: their tickets (the hub shows a customer nothing else), opening a
// new one, and a way to rate a resolved one. Staff reaching /my see a pointer to the board.
import { useEffect, useState } from 'react';
import { ConsoleCreateTicketDocument, ConsoleMyTicketsDocument, ConsoleTicketEventsDocument, type Channel, type TicketKind, type Priority } from '../../generated/operations';
import { Live, query, request, type LiveState, type Session } from '../api';
import { Badge, Link, Status, label, navigate, useLoad, when } from '../ui';
import { LiveBadge } from './Board';

const KINDS: TicketKind[] = ['QUESTION', 'REQUEST', 'INCIDENT', 'REPAIR', 'RETURN', 'COMPLAINT'];
const PRIORITIES: Priority[] = ['LOW', 'NORMAL', 'HIGH', 'URGENT'];

function OpenTicket({ onCreated }: { onCreated: (n: number) => void }) {
  const [errors, setErrors] = useState<{ message: string; field?: string[] | null }[]>([]);
  const [busy, setBusy] = useState(false);
  const err = (f: string) => errors.filter((e) => e.field?.[e.field.length - 1] === f);
  return (
    <form
      className="panel action"
      aria-labelledby="open-h"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        setBusy(true);
        try {
          const r = await request(ConsoleCreateTicketDocument, {
            input: {
              subject: String(f.get('subject') ?? ''),
              description: String(f.get('description') || '') || null,
              kind: f.get('kind') as TicketKind,
              priority: f.get('priority') as Priority,
              channel: 'WEB' as Channel,
              idempotencyKey: crypto.randomUUID(),
            },
          });
          const p = r.data?.createTicket;
          setErrors(p?.userErrors ?? r.errors);
          if (p?.ticket) onCreated(p.ticket.number);
        } catch (x) {
          setErrors([{ message: (x as Error).message }]);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2 id="open-h">Open a ticket</h2>
      <div className="field">
        <label htmlFor="subject">Subject</label>
        <input id="subject" name="subject" aria-invalid={err('subject').length > 0 || undefined} aria-describedby={err('subject').length ? 'subject-err' : undefined} />
        {err('subject').length > 0 && (
          <span className="field-error" id="subject-err" role="alert">
            {err('subject').map((e) => e.message).join('; ')}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor="description">What happened?</label>
        <textarea id="description" name="description" rows={3} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="kind">Kind</label>
          <select id="kind" name="kind" defaultValue="QUESTION">
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {label(k)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="priority">Priority</label>
          <select id="priority" name="priority" defaultValue="NORMAL">
            {PRIORITIES.map((k) => (
              <option key={k} value={k}>
                {label(k)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {errors
        .filter((e) => !['subject'].includes(e.field?.[e.field.length - 1] ?? ''))
        .map((e, i) => (
          <p key={i} className="field-error" role="alert">
            {e.message}
          </p>
        ))}
      <button type="submit" disabled={busy}>
        Open ticket
      </button>
    </form>
  );
}

export function MyTickets({ session }: { session: Session }) {
  const [value, reload] = useLoad(() => query(ConsoleMyTicketsDocument), [session.token]);
  const [live, setLive] = useState<LiveState>('connecting');
  const cursor = value.state === 'ready' ? value.data.eventCursor : null;
  const customer = session.role === 'CUSTOMER';

  // the customer's own ticket events (the hub sends a customer nothing else): reload on each
  useEffect(() => {
    if (!cursor || !customer) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const conn = new Live(reload);
    const unsub = conn.onState(setLive);
    conn.subscribe(ConsoleTicketEventsDocument, {}, cursor, () => {
      timer ??= setTimeout(() => {
        timer = null;
        reload();
      }, 300);
    });
    conn.connect();
    return () => {
      unsub();
      conn.close();
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cursor !== null, customer]);

  if (!customer) {
    return (
      <>
        <h1>My tickets</h1>
        <p>
          This view is for customers. Staff use the <Link to="/">board</Link>.
        </p>
      </>
    );
  }
  return (
    <>
      <div className="page-head">
        <h1>My tickets</h1>
        <LiveBadge state={live} />
      </div>
      <Status value={value}>
        {(d) => {
          const c = d.viewer.customer;
          if (!c) return <p className="error">No customer record for this sign-in.</p>;
          return (
            <div className="my-grid">
              <section className="panel" aria-labelledby="mine-h">
                <h2 id="mine-h">
                  {c.name}: {c.tickets.totalCount} tickets
                </h2>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Ticket</th>
                      <th scope="col">Status</th>
                      <th scope="col">Opened</th>
                      <th scope="col">Rating</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.tickets.nodes.map((t) => (
                      <tr key={t.id} data-ticket={t.number}>
                        <td>
                          <Link to={`/tickets/${t.number}`}>#{t.number}</Link> {t.subject} <span className="muted">({label(t.kind).toLowerCase()})</span>
                        </td>
                        <td>
                          <Badge tone={['RESOLVED', 'CLOSED'].includes(t.status) ? 'ok' : 'plain'}>{label(t.status)}</Badge>
                        </td>
                        <td>{when(t.createdAt)}</td>
                        <td>
                          {t.satisfaction ? `${t.satisfaction.score}/5` : ['RESOLVED', 'CLOSED'].includes(t.status) ? <Link to={`/tickets/${t.number}`}>Rate #{t.number}</Link> : '—'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <OpenTicket onCreated={(n) => navigate(`/tickets/${n}`)} />
            </div>
          );
        }}
      </Status>
    </>
  );
}
