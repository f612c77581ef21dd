// A ticket: its timeline (interactions, status changes, SLA clocks), reserved parts, suggested
// articles and the actions the viewer's role allows; userErrors show next to their field.
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import {
  ConsoleAssignDocument,
  ConsoleChangeStatusDocument,
  ConsoleRateDocument,
  ConsoleReserveDocument,
  ConsoleResolveDocument,
  ConsoleTicketExtrasDocument,
  ConsoleTicketPageDocument,
  ConsoleTicketUpdatedDocument,
  type ConsoleTicketExtrasQuery,
  type ConsoleTicketPageQuery,
  type ConsoleUserErrorFragment,
  type RootCause,
  type TicketStatus,
} from '../../generated/operations';
import { Live, query, request, type LiveState, type Session } from '../api';
import { Badge, Countdown, Link, SlaBadge, Status, label, useLoad, useNow, when } from '../ui';
import { LiveBadge } from './Board';

type TicketData = NonNullable<ConsoleTicketPageQuery['ticket']>;
const WRITERS = ['ADMIN', 'MANAGER', 'AGENT'];
const STATUSES: TicketStatus[] = ['NEW', 'OPEN', 'PENDING', 'ON_HOLD', 'RESOLVED', 'CLOSED'];
const ROOT_CAUSES: RootCause[] = ['BILLING_ERROR', 'COMMUNICATION_GAP', 'CUSTOMER_EDUCATION', 'DELIVERY_FAILURE', 'NO_FAULT', 'PROCESS_ERROR', 'PRODUCT_DEFECT', 'THIRD_PARTY'];

/** "…the <b>printer</b> jams" (HTML-escaped by the hub) as text with bold parts, never as HTML. */
function Highlight({ html }: { html: string }) {
  const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#0?39;/g, "'").replace(/&amp;/g, '&');
  return <>{html.split(/<\/?b>/).map((part, i) => (i % 2 ? <b key={i}>{unescape(part)}</b> : <span key={i}>{unescape(part)}</span>))}</>;
}

// ---------------------------------------------------------------------------
// Forms with userErrors by field
// ---------------------------------------------------------------------------

type Errors = ConsoleUserErrorFragment[];
const fieldOf = (e: ConsoleUserErrorFragment) => e.field?.[e.field.length - 1] ?? null;

function FieldError({ errors, field, id }: { errors: Errors; field: string; id: string }) {
  const mine = errors.filter((e) => fieldOf(e) === field);
  if (!mine.length) return null;
  return (
    <span className="field-error" id={id} role="alert">
      {mine.map((e) => e.message).join('; ')}
    </span>
  );
}

function Field({ name, labelText, errors, children }: { name: string; labelText: string; errors: Errors; children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; name: string }) => ReactNode }) {
  const id = useId();
  const errId = `${id}-err`;
  const bad = errors.some((e) => fieldOf(e) === name);
  return (
    <div className="field">
      <label htmlFor={id}>{labelText}</label>
      {children({ id, name, 'aria-describedby': bad ? errId : undefined, 'aria-invalid': bad || undefined })}
      <FieldError errors={errors} field={name} id={errId} />
    </div>
  );
}

/** A form whose mutation answers userErrors: those with a field go next to it, others below. */
function ActionForm({ title, fields, submit, onDone, children }: { title: string; fields: string[]; submit: (form: FormData) => Promise<Errors>; onDone: () => void; children: (errors: Errors) => ReactNode }) {
  const [errors, setErrors] = useState<Errors>([]);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBusy(true);
    setFailed(null);
    setDone(false);
    try {
      const errs = await submit(new FormData(e.currentTarget));
      setErrors(errs);
      if (!errs.length) {
        setDone(true);
        onDone();
      }
    } catch (err) {
      setFailed((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const general = errors.filter((e) => !fieldOf(e) || !fields.includes(fieldOf(e)!));
  return (
    <form className="action" onSubmit={onSubmit} aria-label={title}>
      <h3>{title}</h3>
      {children(errors)}
      {general.map((e, i) => (
        <p className="field-error" role="alert" key={i}>
          {e.message} <span className="muted">({e.code})</span>
        </p>
      ))}
      {failed && (
        <p className="field-error" role="alert">
          {failed}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {title}
      </button>
      {done && (
        <span className="ok-note" role="status">
          Done
        </span>
      )}
    </form>
  );
}

function StaffActions({ t, extras, reload }: { t: TicketData; extras: ConsoleTicketExtrasQuery; reload: () => void }) {
  const agents = extras.agents?.nodes.filter((a) => a.active) ?? [];
  const levels = extras.stockLevels?.nodes ?? [];
  const base = { ticketId: t.id, expectedVersion: t.version };
  return (
    <section className="panel" aria-labelledby="actions-h">
      <h2 id="actions-h">Actions</h2>
      <div className="actions">
        <ActionForm
          title="Assign"
          fields={['agentId']}
          onDone={reload}
          submit={async (f) => {
            const agentId = String(f.get('agentId') || '') || null;
            const r = await request(ConsoleAssignDocument, { input: { ...base, agentId } });
            return r.data?.assignTicket.userErrors ?? [];
          }}
        >
          {(errors) => (
            <Field name="agentId" labelText="Agent" errors={errors}>
              {(p) => (
                <select {...p} defaultValue={t.assignee?.id ?? ''}>
                  <option value="">Unassigned</option>
                  {agents.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name} ({a.team})
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </ActionForm>

        <ActionForm
          title="Change status"
          fields={['status']}
          onDone={reload}
          submit={async (f) => {
            const r = await request(ConsoleChangeStatusDocument, { input: { ...base, status: f.get('status') as TicketStatus } });
            return r.data?.changeTicketStatus.userErrors ?? [];
          }}
        >
          {(errors) => (
            <Field name="status" labelText="New status" errors={errors}>
              {(p) => (
                <select {...p} defaultValue={t.status}>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {label(s)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </ActionForm>

        <ActionForm
          title="Resolve"
          fields={['resolution', 'rootCause']}
          onDone={reload}
          submit={async (f) => {
            const r = await request(ConsoleResolveDocument, {
              input: { ...base, resolution: String(f.get('resolution') ?? ''), rootCause: f.get('rootCause') as RootCause },
            });
            return r.data?.resolveTicket.userErrors ?? [];
          }}
        >
          {(errors) => (
            <>
              <Field name="resolution" labelText="Resolution" errors={errors}>
                {(p) => <textarea {...p} rows={2} />}
              </Field>
              <Field name="rootCause" labelText="Root cause" errors={errors}>
                {(p) => (
                  <select {...p} defaultValue="NO_FAULT">
                    {ROOT_CAUSES.map((c) => (
                      <option key={c} value={c}>
                        {label(c)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </>
          )}
        </ActionForm>

        <ActionForm
          title="Reserve a part"
          fields={['stockLevel', 'quantity']}
          onDone={reload}
          submit={async (f) => {
            const level = levels.find((l) => l.id === f.get('stockLevel'));
            if (!level) return [{ code: 'INVALID_INPUT', message: 'Pick a part and location', field: ['input', 'stockLevel'] }];
            const r = await request(ConsoleReserveDocument, {
              input: { ticketId: t.id, partId: level.part.id, locationId: level.location.id, quantity: Number(f.get('quantity')), idempotencyKey: crypto.randomUUID() },
            });
            // the hub names partId / locationId; both mean the picked stock level here
            return (r.data?.reservePart.userErrors ?? []).map((e) => (['partId', 'locationId'].includes(fieldOf(e) ?? '') ? { ...e, field: ['input', 'stockLevel'] } : e));
          }}
        >
          {(errors) => (
            <>
              <Field name="stockLevel" labelText="Part at location" errors={errors}>
                {(p) => (
                  <select {...p} defaultValue="">
                    <option value="">Pick a part…</option>
                    {levels.map((l) => (
                      <option key={l.id} value={l.id}>
                        {l.part.sku} {l.part.name} @ {l.location.code} ({l.available} available)
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field name="quantity" labelText="Quantity" errors={errors}>
                {(p) => <input {...p} type="number" defaultValue={1} />}
              </Field>
            </>
          )}
        </ActionForm>
      </div>
    </section>
  );
}

function RateForm({ t, reload }: { t: TicketData; reload: () => void }) {
  return (
    <section className="panel" aria-labelledby="rate-h">
      <h2 id="rate-h">Rate this ticket</h2>
      <ActionForm
        title="Send rating"
        fields={['score', 'comment']}
        onDone={reload}
        submit={async (f) => {
          const r = await request(ConsoleRateDocument, { input: { ticketId: t.id, score: Number(f.get('score')), comment: String(f.get('comment') || '') || null } });
          return r.data?.rateTicket.userErrors ?? [];
        }}
      >
        {(errors) => (
          <>
            <Field name="score" labelText="Score (1 = poor, 5 = excellent)" errors={errors}>
              {(p) => (
                <select {...p} defaultValue="5">
                  {[5, 4, 3, 2, 1].map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="comment" labelText="Comment (optional)" errors={errors}>
              {(p) => <textarea {...p} rows={2} />}
            </Field>
          </>
        )}
      </ActionForm>
    </section>
  );
}

// ---------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------

interface TimelineEntry {
  at: string;
  kind: 'interaction' | 'event' | 'sla';
  text: ReactNode;
}

function timeline(t: TicketData, now: number): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const i of t.interactions.nodes) {
    out.push({
      at: i.occurredAt,
      kind: 'interaction',
      text: (
        <>
          <Badge tone="info">{label(i.channel)}</Badge> {i.direction === 'INBOUND' ? 'from the customer' : `to the customer${i.agent ? ` (${i.agent.name})` : ''}`}: {i.summary}
        </>
      ),
    });
  }
  for (const e of t.history.nodes) {
    if (e.type === 'INTERACTION_LOGGED') continue; // shown as the interaction itself
    const what =
      e.type === 'STATUS_CHANGED'
        ? `Status → ${label(e.ticket.status).toLowerCase()}`
        : e.type === 'ASSIGNED'
          ? `Assigned → ${e.ticket.assignee?.name ?? 'nobody'}`
          : e.type === 'SLA_AT_RISK'
            ? 'SLA at risk'
            : e.type === 'SLA_BREACHED'
              ? 'SLA breached'
              : label(e.type);
    out.push({ at: e.occurredAt, kind: 'event', text: what });
  }
  const clock = (at: string | null | undefined, name: string, doneAt: string | null | undefined) => {
    if (!at) return;
    const missed = doneAt ? doneAt > at : new Date(at).getTime() < now;
    out.push({ at, kind: 'sla', text: `${name} due${doneAt ? (missed ? ' (missed)' : ' (met)') : missed ? ' (missed)' : ''}` });
  };
  clock(t.sla.firstResponseDueAt, 'First response', t.firstRespondedAt);
  clock(t.sla.resolutionDueAt, 'Resolution', t.resolvedAt);
  return out.sort((a, b) => a.at.localeCompare(b.at));
}

export function TicketPage({ number, session }: { number: number; session: Session }) {
  const [value, reload] = useLoad(() => query(ConsoleTicketPageDocument, { number }), [number]);
  const t = value.state === 'ready' ? value.data.ticket : null;
  const staff = WRITERS.includes(session.role);
  const [extras, reloadExtras] = useLoad(
    () => (t ? query(ConsoleTicketExtrasDocument, { ticketId: t.id, staff }) : Promise.resolve(null)),
    [t?.id, staff],
  );
  const [live, setLive] = useState<LiveState>('connecting');
  const now = useNow();
  const cursor = value.state === 'ready' ? value.data.eventCursor : null;

  // the page follows the ticket: every change reloads it
  useEffect(() => {
    if (!t || !cursor) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const conn = new Live(reload);
    const unsub = conn.onState(setLive);
    conn.subscribe(ConsoleTicketUpdatedDocument, { id: t.id }, cursor, () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        reload();
        reloadExtras();
      }, 300);
    });
    conn.connect();
    return () => {
      unsub();
      conn.close();
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [t?.id]);

  return (
    <Status value={value}>
      {(d) => {
        const t = d.ticket;
        if (!t) {
          return (
            <>
              <h1>Ticket #{number}</h1>
              <p className="error" role="alert">
                Ticket #{number} was not found, or is not yours to see.
              </p>
            </>
          );
        }
        const ex = extras.state === 'ready' ? extras.data : null;
        return (
          <>
            <div className="page-head">
              <h1>
                #{t.number} {t.subject}
              </h1>
              <LiveBadge state={live} />
            </div>
            <p className="facts">
              <Badge tone="plain">{label(t.kind)}</Badge> <Badge tone="plain">{label(t.status)}</Badge> <Badge tone={t.priority === 'URGENT' || t.priority === 'HIGH' ? 'warn' : 'plain'}>{label(t.priority)}</Badge>{' '}
              <SlaBadge state={t.sla.state} /> · {t.customer.name} ({label(t.customer.tier)}) · {t.assignee ? `assigned to ${t.assignee.name}` : 'unassigned'} · {t.serviceLevel?.name ?? 'no'} service level · via {label(t.channel).toLowerCase()}
            </p>
            {t.description && <p className="description">{t.description}</p>}
            <div className="ticket-grid">
              <section className="panel" aria-labelledby="sla-h">
                <h2 id="sla-h">SLA clocks</h2>
                <dl className="clocks">
                  <dt>First response</dt>
                  <dd>{t.firstRespondedAt ? `answered ${when(t.firstRespondedAt)}` : t.sla.firstResponseDueAt ? <>due {when(t.sla.firstResponseDueAt)} · <Countdown sla={{ ...t.sla, resolutionDueAt: null }} now={now} /></> : '—'}</dd>
                  <dt>Resolution</dt>
                  <dd>{t.resolvedAt ? `resolved ${when(t.resolvedAt)}` : t.sla.resolutionDueAt ? <>due {when(t.sla.resolutionDueAt)} · <Countdown sla={t.sla} responded now={now} /></> : '—'}</dd>
                  {t.resolution && (
                    <>
                      <dt>Resolution note</dt>
                      <dd>
                        {t.resolution} {t.rootCause && <span className="muted">(root cause: {label(t.rootCause).toLowerCase()})</span>}
                      </dd>
                    </>
                  )}
                  {t.satisfaction && (
                    <>
                      <dt>Satisfaction</dt>
                      <dd>
                        {t.satisfaction.score}/5 {t.satisfaction.comment && `“${t.satisfaction.comment}”`} <span className="muted">({t.satisfaction.source.toLowerCase()})</span>
                      </dd>
                    </>
                  )}
                </dl>
              </section>

              <section className="panel span-rows" aria-labelledby="timeline-h">
                <h2 id="timeline-h">Timeline</h2>
                <ol className="timeline">
                  {timeline(t, now).map((e, i) => (
                    <li key={i} className={`tl-${e.kind}`}>
                      <time dateTime={e.at}>{when(e.at)}</time> {e.text}
                    </li>
                  ))}
                </ol>
              </section>

              <section className="panel" aria-labelledby="parts-h">
                <h2 id="parts-h">Reserved parts</h2>
                {t.reservations.length ? (
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Part</th>
                        <th scope="col">Location</th>
                        <th scope="col">Qty</th>
                        <th scope="col">Status</th>
                      </tr>
                    </thead>
                    <tbody>
                      {t.reservations.map((r) => (
                        <tr key={r.id}>
                          <td>
                            {r.part.name} <span className="muted">{r.part.sku}</span>
                          </td>
                          <td>{r.location.code}</td>
                          <td>{r.quantity}</td>
                          <td>{label(r.status)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <p className="muted">No parts reserved.</p>
                )}
              </section>

              <section className="panel" aria-labelledby="kb-h">
                <h2 id="kb-h">Suggested articles</h2>
                {ex?.suggestedArticles.length ? (
                  <ul className="rows">
                    {ex.suggestedArticles.map((a) => (
                      <li key={a.id}>
                        <strong>{a.title}</strong> <span className="muted">({a.helpfulCount} found it helpful)</span>
                        {a.highlight && (
                          <div className="muted small">
                            <Highlight html={a.highlight} />
                          </div>
                        )}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted">{ex ? 'No suggestions.' : 'Loading…'}</p>
                )}
              </section>
            </div>
            {staff && ex && <StaffActions t={t} extras={ex} reload={reload} />}
            {session.role === 'CUSTOMER' && !t.satisfaction && ['RESOLVED', 'CLOSED'].includes(t.status) && <RateForm t={t} reload={reload} />}
            <p>
              <Link to={session.role === 'CUSTOMER' ? '/my' : '/'}>← Back</Link>
            </p>
          </>
        );
      }}
    </Status>
  );
}
