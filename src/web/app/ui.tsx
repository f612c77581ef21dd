// Small shared pieces: routing, data loading, time formatting, badges, the SLA countdown.
import { useEffect, useState, useSyncExternalStore, type ReactNode, type MouseEvent } from 'react';
import { hubNow } from './api';

// ---------------------------------------------------------------------------
// Routing: the History API; paths only (the token never goes in a URL)
// ---------------------------------------------------------------------------

const routeListeners = new Set<() => void>();
window.addEventListener('popstate', () => routeListeners.forEach((f) => f()));

export function navigate(path: string): void {
  if (path === location.pathname) return;
  history.pushState(null, '', path);
  routeListeners.forEach((f) => f());
  window.scrollTo(0, 0);
}

export function usePath(): string {
  return useSyncExternalStore(
    (f) => {
      routeListeners.add(f);
      return () => routeListeners.delete(f);
    },
    () => location.pathname,
  );
}

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  const current = usePath() === to;
  const onClick = (e: MouseEvent) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}

// ---------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------

export type Loaded<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; data: T };

/** Runs `load` when the deps change; `reload()` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [value, setValue] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setValue({ state: 'ready', data }),
      (err: Error) => live && setValue({ state: 'error', message: err.message }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  return [value, () => setTick((t) => t + 1)];
}

export function Status<T>({ value, children }: { value: Loaded<T>; children: (data: T) => ReactNode }) {
  if (value.state === 'loading') return <p className="muted" role="status">Loading…</p>;
  if (value.state === 'error') return <p className="error" role="alert">{value.message}</p>;
  return <>{children(value.data)}</>;
}

// ---------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------

/** The hub's current time, re-rendering every second (countdowns tick). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(hubNow());
  useEffect(() => {
    const t = setInterval(() => setNow(hubNow()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export function duration(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d ${h}h ${two(m)}m`;
  if (h > 0) return `${h}h ${two(m)}m ${two(sec)}s`;
  return `${m}m ${two(sec)}s`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const when = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—');
export const ago = (iso: string, now = hubNow()) => `${duration(now - new Date(iso).getTime())} ago`;

export const label = (s: string | null | undefined) => (s ? s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, ' ') : '—');

// ---------------------------------------------------------------------------
// Badges and the SLA countdown
// ---------------------------------------------------------------------------

export function Badge({ tone, children }: { tone: 'ok' | 'warn' | 'bad' | 'info' | 'plain'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const SLA_TONE: Record<string, 'ok' | 'warn' | 'bad' | 'info' | 'plain'> = {
  ON_TRACK: 'ok',
  MET: 'ok',
  AT_RISK: 'warn',
  BREACHED: 'bad',
  PAUSED: 'info',
  NONE: 'plain',
};
export const SlaBadge = ({ state }: { state: string }) => <Badge tone={SLA_TONE[state] ?? 'plain'}>{label(state)}</Badge>;

type Sla = { state: string; firstResponseDueAt: string | null; resolutionDueAt: string | null };

/** Time left to the next due instant (first response while unanswered, else resolution), ticking. */
export function Countdown({ sla, responded, now }: { sla: Sla; responded?: boolean; now: number }) {
  if (sla.state === 'PAUSED') return <span className="muted">paused</span>;
  const due = !responded && sla.firstResponseDueAt && new Date(sla.firstResponseDueAt).getTime() > now ? sla.firstResponseDueAt : sla.resolutionDueAt;
  if (!due) return <span className="muted">no SLA</span>;
  const left = new Date(due).getTime() - now;
  return left >= 0 ? (
    <span className={`countdown ${left < 3600_000 ? 'countdown-soon' : ''}`} title={`due ${when(due)}`}>
      {duration(left)}
    </span>
  ) : (
    <span className="countdown countdown-late" title={`was due ${when(due)}`}>
      {duration(left)} late
    </span>
  );
}

/** Numbers behind a chart as a CSV file (RFC 4180 quoting). */
export function downloadCsv(filename: string, header: string[], rows: (string | number | null)[][]): void {
  const cell = (v: string | number | null) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const text = [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
