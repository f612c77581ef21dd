/**
 * Business-hours arithmetic for SLA clocks.
 *
 * Pure functions, no I/O. Wall-clock intervals ("09:00"–"17:00") are
 * interpreted in the schedule's IANA time zone and converted to real
 * instants with luxon, so daylight-saving changes are honoured: an
 * interval 09:00–17:00 is always 8 real hours, while a 00:00–24:00 interval
 * is 23 real hours on a spring-forward day and 25 on a fall-back day.
 *
 * `null` / `undefined` business hours mean round the clock (24x7): plain
 * elapsed time, independent of any time zone.
 *
 * All intervals are half-open: [opens, closes).
 */
import { DateTime, IANAZone } from 'luxon';

/** One opening interval on a weekday (1 = Monday … 7 = Sunday), local 24-hour times. */
export interface BusinessDay {
  weekday: number;
  /** "HH:MM", 00:00–23:59 */
  opens: string;
  /** "HH:MM", 00:01–23:59, or "24:00" meaning midnight at the end of the day */
  closes: string;
}

export interface BusinessHours {
  /** IANA time zone, e.g. "Europe/Berlin" */
  timeZone: string;
  /** Opening intervals; several per weekday are allowed if they do not overlap. */
  days: BusinessDay[];
  /** Local dates "YYYY-MM-DD" on which it is closed all day. */
  holidays?: string[];
}

const MS_PER_MINUTE = 60_000;
/** Give up when this many consecutive local days have no open interval. */
const MAX_CLOSED_DAYS = 366 * 2;
const TIME_RE = /^(\d{2}):(\d{2})$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Minutes since local midnight for "HH:MM" (00:00..24:00), or null if malformed. */
function parseTime(value: unknown, allowEndOfDay: boolean): number | null {
  if (typeof value !== 'string') return null;
  const m = TIME_RE.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59) return null;
  if (h === 24 && min === 0 && allowEndOfDay) return 24 * 60;
  if (h > 23) return null;
  return h * 60 + min;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/**
 * Checks a schedule. Returns null when it is valid, otherwise a message
 * saying what is wrong and how to fix it.
 */
export function validateBusinessHours(bh: BusinessHours): string | null {
  if (bh === null || typeof bh !== 'object') {
    return 'Business hours must be an object { timeZone, days, holidays? }; use null for round-the-clock (24x7) service.';
  }

  if (typeof bh.timeZone !== 'string' || bh.timeZone.trim() === '' || !IANAZone.isValidZone(bh.timeZone)) {
    return `Unknown time zone ${describe(bh.timeZone)}: use an IANA time zone name such as "Europe/Berlin", "America/New_York" or "UTC".`;
  }

  if (!Array.isArray(bh.days) || bh.days.length === 0) {
    return 'Business hours have no opening days: add at least one entry to "days" (e.g. { weekday: 1, opens: "09:00", closes: "17:00" }), or use null business hours for round-the-clock (24x7) service.';
  }

  const byWeekday = new Map<number, Array<{ index: number; opens: number; closes: number }>>();
  for (let i = 0; i < bh.days.length; i++) {
    const d = bh.days[i];
    if (d === null || typeof d !== 'object') {
      return `days[${i}] must be an object { weekday, opens, closes }.`;
    }
    if (typeof d.weekday !== 'number' || !Number.isInteger(d.weekday) || d.weekday < 1 || d.weekday > 7) {
      return `days[${i}].weekday ${describe(d.weekday)} is invalid: use an integer from 1 (Monday) to 7 (Sunday).`;
    }
    const opens = parseTime(d.opens, false);
    if (opens === null) {
      return `days[${i}].opens ${describe(d.opens)} is not a valid time: use 24-hour "HH:MM" from "00:00" to "23:59", e.g. "09:00".`;
    }
    const closes = parseTime(d.closes, true);
    if (closes === null) {
      return `days[${i}].closes ${describe(d.closes)} is not a valid time: use 24-hour "HH:MM" from "00:01" to "23:59", or "24:00" for midnight at the end of the day.`;
    }
    if (opens >= closes) {
      return `days[${i}]: opens "${d.opens}" must be earlier than closes "${d.closes}". For hours that run past midnight, split them into two entries (e.g. "22:00"–"24:00" and "00:00"–"06:00" on the next weekday).`;
    }
    let list = byWeekday.get(d.weekday);
    if (!list) byWeekday.set(d.weekday, (list = []));
    list.push({ index: i, opens, closes });
  }

  for (const [weekday, list] of byWeekday) {
    list.sort((a, b) => a.opens - b.opens || a.closes - b.closes);
    for (let k = 1; k < list.length; k++) {
      const prev = list[k - 1];
      const cur = list[k];
      if (cur.opens < prev.closes) {
        const p = bh.days[prev.index];
        const c = bh.days[cur.index];
        return `days[${prev.index}] (${p.opens}–${p.closes}) and days[${cur.index}] (${c.opens}–${c.closes}) overlap on weekday ${weekday}: make the intervals disjoint or merge them into one.`;
      }
    }
  }

  if (bh.holidays !== undefined && bh.holidays !== null) {
    if (!Array.isArray(bh.holidays)) {
      return 'holidays must be an array of local dates "YYYY-MM-DD".';
    }
    for (let i = 0; i < bh.holidays.length; i++) {
      const h: unknown = bh.holidays[i];
      if (typeof h !== 'string' || !DATE_RE.test(h) || !DateTime.fromISO(h, { zone: 'utc' }).isValid) {
        return `holidays[${i}] ${describe(h)} is not a valid date: use an existing calendar date in the form "YYYY-MM-DD", e.g. "2026-12-25".`;
      }
    }
  }

  return null;
}

// ---------------------------------------------------------------------------
// Compiled schedule
// ---------------------------------------------------------------------------

interface Compiled {
  zone: string;
  /** index 1..7 → sorted [opensMinute, closesMinute] pairs */
  byWeekday: Array<Array<[number, number]>>;
  holidays: Set<string>;
}

/** Compiled schedules by their JSON text: validation and zone lookups are costly on hot paths. */
const compiledCache = new Map<string, Compiled>();

function compile(bh: BusinessHours): Compiled {
  const key = JSON.stringify(bh);
  let c = compiledCache.get(key);
  if (!c) {
    c = compileUncached(bh);
    if (compiledCache.size > 1000) compiledCache.clear();
    compiledCache.set(key, c);
  }
  return c;
}

function compileUncached(bh: BusinessHours): Compiled {
  const error = validateBusinessHours(bh);
  if (error !== null) throw new Error(`Invalid business hours: ${error}`);
  const byWeekday: Array<Array<[number, number]>> = [[], [], [], [], [], [], [], []];
  for (const d of bh.days) {
    byWeekday[d.weekday].push([parseTime(d.opens, false)!, parseTime(d.closes, true)!]);
  }
  for (const list of byWeekday) list.sort((a, b) => a[0] - b[0]);
  return { zone: bh.timeZone, byWeekday, holidays: new Set(bh.holidays ?? []) };
}

/** A local calendar date, represented as a UTC-midnight DateTime (so "+1 day" never touches DST). */
type LocalDate = DateTime;

function localDateOf(ms: number, zone: string): LocalDate {
  const local = DateTime.fromMillis(ms, { zone });
  return DateTime.utc(local.year, local.month, local.day);
}

/** Instant (epoch ms) of local wall-clock time `minuteOfDay` on `date` in `zone`; 1440 = next midnight. */
function instantOf(date: LocalDate, minuteOfDay: number, zone: string): number {
  const d = minuteOfDay >= 24 * 60 ? date.plus({ days: 1 }) : date;
  const m = minuteOfDay % (24 * 60);
  return DateTime.fromObject(
    { year: d.year, month: d.month, day: d.day, hour: Math.floor(m / 60), minute: m % 60 },
    { zone },
  ).toMillis();
}

/** Open intervals [start, end) in epoch ms on a local date, sorted, disjoint, non-empty. */
function intervalsOn(date: LocalDate, c: Compiled): Array<[number, number]> {
  const spec = c.byWeekday[date.weekday];
  if (spec.length === 0 || c.holidays.has(date.toISODate()!)) return [];
  const out: Array<[number, number]> = [];
  let prevEnd = -Infinity;
  for (const [o, cl] of spec) {
    // Wall-clock times inside a spring-forward gap are shifted by luxon; clamp so
    // intervals stay disjoint and drop any that collapse to nothing.
    const start = Math.max(instantOf(date, o, c.zone), prevEnd);
    const end = instantOf(date, cl, c.zone);
    if (end > start) {
      out.push([start, end]);
      prevEnd = end;
    }
  }
  return out;
}

function toMillis(d: Date, name: string): number {
  const ms = d instanceof Date ? d.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * The instant at which `minutes` business minutes have elapsed, counting from
 * `start`. If `start` is outside business hours, counting starts at the next
 * opening. `minutes === 0` returns `start` unchanged. When the budget runs out
 * exactly at a closing time, that closing instant is returned (not the next opening).
 * Throws on negative/non-finite minutes, invalid schedules, or when no open
 * interval exists within two years.
 */
export function addBusinessMinutes(start: Date, minutes: number, bh: BusinessHours | null | undefined): Date {
  const t0 = toMillis(start, 'start');
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`minutes must be a finite number >= 0, got ${String(minutes)}`);
  }
  if (minutes === 0) return new Date(t0);
  if (bh === null || bh === undefined) return new Date(Math.round(t0 + minutes * MS_PER_MINUTE));

  const c = compile(bh);
  let remaining = minutes * MS_PER_MINUTE;
  let date = localDateOf(t0, c.zone);
  let closedDays = 0;
  for (;;) {
    const intervals = intervalsOn(date, c);
    let open = false;
    for (const [s, e] of intervals) {
      if (e <= t0) continue;
      open = true;
      const from = Math.max(s, t0);
      const available = e - from;
      if (remaining <= available) return new Date(Math.round(from + remaining));
      remaining -= available;
    }
    if (open) {
      closedDays = 0;
    } else if (++closedDays > MAX_CLOSED_DAYS) {
      throw new Error(
        `No business hours found within ${MAX_CLOSED_DAYS} days after ${new Date(t0).toISOString()}: check the schedule and holidays.`,
      );
    }
    date = date.plus({ days: 1 });
  }
}

/**
 * Business minutes elapsed in [from, to). 0 when `to <= from`. May be
 * fractional (millisecond precision).
 */
export function businessMinutesBetween(from: Date, to: Date, bh: BusinessHours | null | undefined): number {
  const a = toMillis(from, 'from');
  const b = toMillis(to, 'to');
  if (b <= a) return 0;
  if (bh === null || bh === undefined) return (b - a) / MS_PER_MINUTE;

  const c = compile(bh);
  const lastDate = localDateOf(b, c.zone).toMillis();
  let total = 0;
  for (let date = localDateOf(a, c.zone); date.toMillis() <= lastDate; date = date.plus({ days: 1 })) {
    for (const [s, e] of intervalsOn(date, c)) {
      const lo = Math.max(s, a);
      const hi = Math.min(e, b);
      if (hi > lo) total += hi - lo;
    }
  }
  return total / MS_PER_MINUTE;
}
