/**
 * Pure unit tests for the SLA business-hours module.
 *
 * Every expected instant below is written out by hand, with the reasoning in a
 * comment. Offsets used:
 *   Europe/Berlin     CET  = UTC+1, CEST = UTC+2 (2026-03-29 02:00 CET -> 03:00 CEST;
 *                     2026-10-25 03:00 CEST -> 02:00 CET)
 *   America/New_York  EST  = UTC-5, EDT  = UTC-4 (2026-03-08 02:00 EST -> 03:00 EDT)
 *   Pacific/Auckland  NZDT = UTC+13, NZST = UTC+12 (2026-04-05 03:00 NZDT -> 02:00 NZST)
 *   Asia/Kolkata      IST  = UTC+5:30, no DST
 * Calendar 2026: Jan 1 is a Thursday; Jan 5, 12, 19, Feb 2, Mar 2, Mar 30 are Mondays;
 * Jan 16, Jan 23, Mar 6, Mar 27, Apr 3, Oct 23 are Fridays; Dec 23 is a Wednesday.
 */
import {
  addBusinessMinutes,
  businessMinutesBetween,
  validateBusinessHours,
  type BusinessHours,
} from '../src/modules/sla/business-hours';

const at = (iso: string): Date => new Date(iso);
const add = (iso: string, minutes: number, bh: BusinessHours | null | undefined): string =>
  addBusinessMinutes(at(iso), minutes, bh).toISOString();
const between = (from: string, to: string, bh: BusinessHours | null | undefined): number =>
  businessMinutesBetween(at(from), at(to), bh);
/** open at that instant: the millisecond from it counts as business time */
const within = (iso: string, bh: BusinessHours | null | undefined): boolean =>
  businessMinutesBetween(at(iso), new Date(at(iso).getTime() + 1), bh) > 0;

const weekdays = (opens: string, closes: string, ...extra: number[]) =>
  [1, 2, 3, 4, 5, ...extra].map((weekday) => ({ weekday, opens, closes }));

/** Mon–Fri 09:00–17:00 Berlin (480 business minutes per day). */
const BERLIN: BusinessHours = { timeZone: 'Europe/Berlin', days: weekdays('09:00', '17:00') };
const BERLIN_XMAS: BusinessHours = { ...BERLIN, holidays: ['2026-12-24', '2026-12-25', '2026-12-26'] };
/** Sundays only, 09:00–17:00 Berlin: lets us look at the DST days themselves. */
const BERLIN_SUNDAY: BusinessHours = { timeZone: 'Europe/Berlin', days: [{ weekday: 7, opens: '09:00', closes: '17:00' }] };
/** Sunday 01:00–04:00 Berlin: an interval that contains the DST jump. */
const BERLIN_SUNDAY_NIGHT: BusinessHours = { timeZone: 'Europe/Berlin', days: [{ weekday: 7, opens: '01:00', closes: '04:00' }] };
/** Every day 00:00–24:00 in Berlin: round the clock but in local days. */
const BERLIN_ALL_DAY: BusinessHours = {
  timeZone: 'Europe/Berlin',
  days: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' })),
};
/** Split days, deliberately listed out of order: 09:00–12:00 and 13:00–17:00 (420 min/day). */
const BERLIN_SPLIT: BusinessHours = {
  timeZone: 'Europe/Berlin',
  days: [...weekdays('13:00', '17:00'), ...weekdays('09:00', '12:00')],
};
const NEW_YORK: BusinessHours = { timeZone: 'America/New_York', days: weekdays('09:00', '17:00') };
const NEW_YORK_SUNDAY_ALL_DAY: BusinessHours = {
  timeZone: 'America/New_York',
  days: [{ weekday: 7, opens: '00:00', closes: '24:00' }],
};
/** Mon–Fri 08:30–17:00 Auckland, Auckland Anniversary Day (Mon 2026-01-26) off. */
const AUCKLAND: BusinessHours = { timeZone: 'Pacific/Auckland', days: weekdays('08:30', '17:00'), holidays: ['2026-01-26'] };
/** Mon–Fri 09:30–18:00 Kolkata: 510 minutes per day. */
const KOLKATA: BusinessHours = { timeZone: 'Asia/Kolkata', days: weekdays('09:30', '18:00') };

describe('validateBusinessHours', () => {
  it.each([
    ['BERLIN', BERLIN],
    ['BERLIN_XMAS', BERLIN_XMAS],
    ['BERLIN_SUNDAY', BERLIN_SUNDAY],
    ['BERLIN_ALL_DAY (closes 24:00)', BERLIN_ALL_DAY],
    ['BERLIN_SPLIT', BERLIN_SPLIT],
    ['NEW_YORK', NEW_YORK],
    ['AUCKLAND', AUCKLAND],
    ['KOLKATA', KOLKATA],
    ['UTC', { timeZone: 'UTC', days: weekdays('09:00', '17:00') }],
    [
      'touching intervals',
      { timeZone: 'UTC', days: [{ weekday: 1, opens: '09:00', closes: '12:00' }, { weekday: 1, opens: '12:00', closes: '17:00' }] },
    ],
    [
      'same interval on different weekdays',
      { timeZone: 'UTC', days: [{ weekday: 1, opens: '09:00', closes: '17:00' }, { weekday: 2, opens: '09:00', closes: '17:00' }] },
    ],
    ['empty holiday list', { timeZone: 'UTC', days: weekdays('09:00', '17:00'), holidays: [] }],
  ])('accepts %s', (_name, bh) => {
    expect(validateBusinessHours(bh as BusinessHours)).toBeNull();
  });

  const one = (opens: string, closes: string, weekday = 1) => ({ timeZone: 'Europe/Berlin', days: [{ weekday, opens, closes }] });

  it.each<[string, unknown, RegExp]>([
    ['unknown time zone', { timeZone: 'Mars/Olympus_Mons', days: weekdays('09:00', '17:00') }, /time zone "Mars\/Olympus_Mons".*IANA/],
    ['empty time zone', { timeZone: '', days: weekdays('09:00', '17:00') }, /time zone.*IANA/],
    ['fixed-offset string instead of IANA zone', { timeZone: '+05:30', days: weekdays('09:00', '17:00') }, /time zone/],
    ['no days at all', { timeZone: 'Europe/Berlin', days: [] }, /no opening days.*add at least one/],
    ['missing days', { timeZone: 'Europe/Berlin' }, /no opening days/],
    ['weekday 0', one('09:00', '17:00', 0), /weekday 0.*1 \(Monday\) to 7 \(Sunday\)/],
    ['weekday 8', one('09:00', '17:00', 8), /weekday 8.*1 \(Monday\) to 7 \(Sunday\)/],
    ['fractional weekday', one('09:00', '17:00', 1.5), /weekday 1\.5/],
    ['opens without leading zero', one('9:00', '17:00'), /opens "9:00".*"HH:MM"/],
    ['opens not a time', one('nine', '17:00'), /opens "nine"/],
    ['opens 24:00', one('24:00', '24:00'), /opens "24:00"/],
    ['closes hour 25', one('09:00', '25:00'), /closes "25:00".*"HH:MM"/],
    ['closes minute 60', one('09:00', '12:60'), /closes "12:60"/],
    ['closes 24:30', one('09:00', '24:30'), /closes "24:30"/],
    ['opens after closes', one('17:00', '09:00'), /opens "17:00" must be earlier than closes "09:00"/],
    ['opens equal to closes', one('09:00', '09:00'), /opens "09:00" must be earlier than closes "09:00"/],
    [
      'overlapping intervals on one weekday',
      { timeZone: 'Europe/Berlin', days: [{ weekday: 3, opens: '09:00', closes: '12:00' }, { weekday: 3, opens: '11:00', closes: '14:00' }] },
      /overlap on weekday 3/,
    ],
    [
      'duplicate interval',
      { timeZone: 'Europe/Berlin', days: [{ weekday: 2, opens: '09:00', closes: '17:00' }, { weekday: 2, opens: '09:00', closes: '17:00' }] },
      /overlap on weekday 2/,
    ],
    [
      'interval nested inside another',
      { timeZone: 'Europe/Berlin', days: [{ weekday: 5, opens: '13:00', closes: '14:00' }, { weekday: 5, opens: '08:00', closes: '18:00' }] },
      /overlap on weekday 5/,
    ],
    ['non-existent holiday date', { ...BERLIN, holidays: ['2026-02-30'] }, /holidays\[0\] "2026-02-30".*"YYYY-MM-DD"/],
    ['holiday with slashes', { ...BERLIN, holidays: ['2026-12-24', '2026/12/25'] }, /holidays\[1\] "2026\/12\/25"/],
    ['holiday with a time', { ...BERLIN, holidays: ['2026-12-25T00:00'] }, /holidays\[0\]/],
    ['holiday month 13', { ...BERLIN, holidays: ['2026-13-01'] }, /holidays\[0\]/],
  ])('rejects %s', (_name, bh, message) => {
    const result = validateBusinessHours(bh as BusinessHours);
    expect(result).not.toBeNull();
    expect(result).toMatch(message);
  });

  it('makes the calculation functions throw on an invalid schedule', () => {
    const bad = one('17:00', '09:00') as BusinessHours;
    expect(() => addBusinessMinutes(at('2026-01-12T08:00:00Z'), 10, bad)).toThrow(/Invalid business hours/);
    expect(() => businessMinutesBetween(at('2026-01-12T08:00:00Z'), at('2026-01-13T08:00:00Z'), bad)).toThrow(/Invalid business hours/);
  });
});

describe('round the clock (null / undefined)', () => {
  it('adds plain elapsed time, ignoring any DST', () => {
    // 00:30Z + 90 min = 02:00Z (this is the Berlin DST night, irrelevant for null)
    expect(add('2026-03-29T00:30:00.000Z', 90, null)).toBe('2026-03-29T02:00:00.000Z');
    // 23:59Z + 1 min = midnight next UTC day
    expect(add('2026-01-16T23:59:00.000Z', 1, undefined)).toBe('2026-01-17T00:00:00.000Z');
    // 30 days = 43200 minutes of wall time
    expect(add('2026-01-01T00:00:00.000Z', 43200, null)).toBe('2026-01-31T00:00:00.000Z');
  });

  it('measures plain elapsed time, including fractions', () => {
    // 23:00Z -> 22:00Z next day = 23 h = 1380 min (no local days involved)
    expect(between('2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', null)).toBe(1380);
    // 90 seconds = 1.5 min
    expect(between('2026-01-01T00:00:00.000Z', '2026-01-01T00:01:30.000Z', undefined)).toBe(1.5);
    // 1 ms = 1/60000 min
    expect(between('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.001Z', null)).toBe(1 / 60000);
  });

  it('is always within business hours', () => {
    expect(within('2026-01-17T03:00:00.000Z', null)).toBe(true); // Saturday night
    expect(within('2026-12-25T12:00:00.000Z', undefined)).toBe(true);
  });
});

describe('zero minutes and empty ranges', () => {
  it('returns start unchanged for 0 minutes, inside or outside hours', () => {
    // Tue 2026-01-13 11:00 CET, inside hours
    expect(add('2026-01-13T10:00:00.000Z', 0, BERLIN)).toBe('2026-01-13T10:00:00.000Z');
    // Sat 2026-01-17 10:00 CET, outside hours: still unchanged
    expect(add('2026-01-17T09:00:00.000Z', 0, BERLIN)).toBe('2026-01-17T09:00:00.000Z');
    expect(add('2026-01-17T09:00:00.123Z', 0, null)).toBe('2026-01-17T09:00:00.123Z');
  });

  it('counts 0 when to <= from', () => {
    expect(between('2026-01-13T10:00:00.000Z', '2026-01-13T10:00:00.000Z', BERLIN)).toBe(0);
    expect(between('2026-01-14T10:00:00.000Z', '2026-01-13T10:00:00.000Z', BERLIN)).toBe(0);
    expect(between('2026-01-14T10:00:00.000Z', '2026-01-13T10:00:00.000Z', null)).toBe(0);
  });

  it('rejects negative or non-finite minutes and invalid dates', () => {
    expect(() => addBusinessMinutes(at('2026-01-13T10:00:00Z'), -1, BERLIN)).toThrow(RangeError);
    expect(() => addBusinessMinutes(at('2026-01-13T10:00:00Z'), Number.NaN, null)).toThrow(RangeError);
    expect(() => addBusinessMinutes(at('2026-01-13T10:00:00Z'), Number.POSITIVE_INFINITY, BERLIN)).toThrow(RangeError);
    expect(() => addBusinessMinutes(new Date('nope'), 5, BERLIN)).toThrow(RangeError);
    expect(() => businessMinutesBetween(new Date('nope'), at('2026-01-13T10:00:00Z'), null)).toThrow(RangeError);
  });
});

describe('Berlin Mon–Fri 09:00–17:00 (winter, CET = UTC+1)', () => {
  it('adds within one day', () => {
    // Tue 10:00 CET (09:00Z) + 120 min = 12:00 CET = 11:00Z
    expect(add('2026-01-13T09:00:00.000Z', 120, BERLIN)).toBe('2026-01-13T11:00:00.000Z');
  });

  it('ends exactly at the closing instant, not the next morning', () => {
    // Tue 16:00 CET (15:00Z) + 60 = 17:00 CET = 16:00Z
    expect(add('2026-01-13T15:00:00.000Z', 60, BERLIN)).toBe('2026-01-13T16:00:00.000Z');
  });

  it('carries across a night', () => {
    // Tue 2026-01-13 16:00 CET (15:00Z) + 90: 60 until 17:00, 30 more from Wed 09:00 CET
    // -> Wed 2026-01-14 09:30 CET = 08:30Z
    expect(add('2026-01-13T15:00:00.000Z', 90, BERLIN)).toBe('2026-01-14T08:30:00.000Z');
    expect(between('2026-01-13T15:00:00.000Z', '2026-01-14T08:30:00.000Z', BERLIN)).toBe(90);
  });

  it('carries across a weekend', () => {
    // Fri 2026-01-16 16:30 CET (15:30Z) + 60: 30 until 17:00, Sat/Sun closed,
    // 30 more from Mon 2026-01-19 09:00 CET -> 09:30 CET = 08:30Z
    expect(add('2026-01-16T15:30:00.000Z', 60, BERLIN)).toBe('2026-01-19T08:30:00.000Z');
    // Fri 16:00 CET (15:00Z) -> Mon 10:00 CET (09:00Z): 60 on Friday + 60 on Monday
    expect(between('2026-01-16T15:00:00.000Z', '2026-01-19T09:00:00.000Z', BERLIN)).toBe(120);
  });

  it('starts counting at the next opening when started outside hours', () => {
    // Sat 2026-01-17 10:00 CET (09:00Z) + 30 -> Mon 2026-01-19 09:30 CET = 08:30Z
    expect(add('2026-01-17T09:00:00.000Z', 30, BERLIN)).toBe('2026-01-19T08:30:00.000Z');
    // Tue 06:00 CET (05:00Z) + 15 -> Tue 09:15 CET = 08:15Z
    expect(add('2026-01-13T05:00:00.000Z', 15, BERLIN)).toBe('2026-01-13T08:15:00.000Z');
    // Tue 17:00 CET (16:00Z) is closed (intervals are half-open) + 1 -> Wed 09:01 CET = 08:01Z
    expect(add('2026-01-13T16:00:00.000Z', 1, BERLIN)).toBe('2026-01-14T08:01:00.000Z');
    // Mon 2026-01-12 23:30Z is already Tue 00:30 CET locally; + 10 -> Tue 09:10 CET = 08:10Z
    expect(add('2026-01-12T23:30:00.000Z', 10, BERLIN)).toBe('2026-01-13T08:10:00.000Z');
    // Counting from outside hours: Sat 10:00 CET -> Mon 10:00 CET = 60 business minutes
    expect(between('2026-01-17T09:00:00.000Z', '2026-01-19T09:00:00.000Z', BERLIN)).toBe(60);
  });

  it('reports fractional minutes', () => {
    // Tue 09:00:00 CET -> 09:00:30 CET = 0.5 min
    expect(between('2026-01-13T08:00:00.000Z', '2026-01-13T08:00:30.000Z', BERLIN)).toBe(0.5);
    // 0.5 business minutes from Tue 16:59:45 CET: 15 s today, 15 s from Wed 09:00 CET -> 08:00:15Z
    expect(add('2026-01-13T15:59:45.000Z', 0.5, BERLIN)).toBe('2026-01-14T08:00:15.000Z');
  });

  it('knows when it is open (half-open intervals, local weekday)', () => {
    expect(within('2026-01-13T08:00:00.000Z', BERLIN)).toBe(true); // Tue 09:00 CET (opening)
    expect(within('2026-01-13T07:59:59.999Z', BERLIN)).toBe(false); // Tue 08:59:59.999 CET
    expect(within('2026-01-13T15:59:59.999Z', BERLIN)).toBe(true); // Tue 16:59:59.999 CET
    expect(within('2026-01-13T16:00:00.000Z', BERLIN)).toBe(false); // Tue 17:00 CET (closing)
    expect(within('2026-01-17T10:00:00.000Z', BERLIN)).toBe(false); // Sat 11:00 CET
  });
});

describe('holidays', () => {
  it('skips holidays (Christmas Thu 24, Fri 25, Sat 26 Dec 2026)', () => {
    // Wed 2026-12-23 16:00 CET (15:00Z) + 120: 60 on Wed, Thu/Fri holidays, Sat/Sun closed,
    // 60 more from Mon 2026-12-28 09:00 CET -> 10:00 CET = 09:00Z
    expect(add('2026-12-23T15:00:00.000Z', 120, BERLIN_XMAS)).toBe('2026-12-28T09:00:00.000Z');
    expect(between('2026-12-23T15:00:00.000Z', '2026-12-28T09:00:00.000Z', BERLIN_XMAS)).toBe(120);
    // Without the holidays: 60 on Wed + 60 from Thu 09:00 CET -> Thu 10:00 CET = 09:00Z
    expect(add('2026-12-23T15:00:00.000Z', 120, BERLIN)).toBe('2026-12-24T09:00:00.000Z');
  });

  it('is closed on a holiday', () => {
    expect(within('2026-12-24T10:00:00.000Z', BERLIN_XMAS)).toBe(false); // Thu 11:00 CET, holiday
    expect(within('2026-12-23T10:00:00.000Z', BERLIN_XMAS)).toBe(true); // Wed 11:00 CET
  });

  it('applies holidays to local dates (Auckland, UTC+13)', () => {
    // Fri 2026-01-23 16:00 NZDT = 03:00Z; + 90: 60 until 17:00 NZDT, weekend, Mon 26 holiday,
    // 30 more from Tue 2026-01-27 08:30 NZDT -> 09:00 NZDT = 2026-01-26T20:00Z
    // (the UTC date of the result is the holiday date; only the local date counts)
    expect(add('2026-01-23T03:00:00.000Z', 90, AUCKLAND)).toBe('2026-01-26T20:00:00.000Z');
    expect(between('2026-01-23T03:00:00.000Z', '2026-01-26T20:00:00.000Z', AUCKLAND)).toBe(90);
    // 2026-01-25T20:00Z = Mon 2026-01-26 09:00 NZDT: holiday
    expect(within('2026-01-25T20:00:00.000Z', AUCKLAND)).toBe(false);
  });

  it('throws when no open interval exists within two years', () => {
    // Only Mondays open, and every Monday for ~3 years is a holiday.
    const mondays: string[] = [];
    for (let i = 0; i < 160; i++) mondays.push(new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10));
    const bh: BusinessHours = { timeZone: 'Europe/Berlin', days: [{ weekday: 1, opens: '09:00', closes: '17:00' }], holidays: mondays };
    expect(() => addBusinessMinutes(at('2026-01-05T00:00:00Z'), 1, bh)).toThrow(/No business hours found within 732 days/);
  });
});

describe('split days (Berlin 09:00–12:00 and 13:00–17:00)', () => {
  it('skips the lunch break', () => {
    // Mon 2026-01-12 11:30 CET (10:30Z) + 60: 30 until 12:00, 30 from 13:00 -> 13:30 CET = 12:30Z
    expect(add('2026-01-12T10:30:00.000Z', 60, BERLIN_SPLIT)).toBe('2026-01-12T12:30:00.000Z');
    // Start during lunch: Mon 12:15 CET (11:15Z) + 10 -> 13:10 CET = 12:10Z
    expect(add('2026-01-12T11:15:00.000Z', 10, BERLIN_SPLIT)).toBe('2026-01-12T12:10:00.000Z');
    // Mon 16:30 CET (15:30Z) + 240: 30 Mon, Tue 09–12 = 180 (210 total), 30 from Tue 13:00
    // -> Tue 13:30 CET = 2026-01-13T12:30Z
    expect(add('2026-01-12T15:30:00.000Z', 240, BERLIN_SPLIT)).toBe('2026-01-13T12:30:00.000Z');
  });

  it('counts 420 minutes per day', () => {
    // Mon 09:00 CET -> Tue 09:00 CET = 3 h + 4 h
    expect(between('2026-01-12T08:00:00.000Z', '2026-01-13T08:00:00.000Z', BERLIN_SPLIT)).toBe(420);
    // Mon 11:00 CET -> Mon 14:00 CET = 60 (11–12) + 60 (13–14)
    expect(between('2026-01-12T10:00:00.000Z', '2026-01-12T13:00:00.000Z', BERLIN_SPLIT)).toBe(120);
  });

  it('is closed during lunch', () => {
    expect(within('2026-01-12T10:59:00.000Z', BERLIN_SPLIT)).toBe(true); // 11:59 CET
    expect(within('2026-01-12T11:00:00.000Z', BERLIN_SPLIT)).toBe(false); // 12:00 CET
    expect(within('2026-01-12T11:30:00.000Z', BERLIN_SPLIT)).toBe(false); // 12:30 CET
    expect(within('2026-01-12T12:00:00.000Z', BERLIN_SPLIT)).toBe(true); // 13:00 CET
  });

  it('treats touching intervals as continuous', () => {
    const touching: BusinessHours = {
      timeZone: 'Europe/Berlin',
      days: [{ weekday: 1, opens: '09:00', closes: '12:00' }, { weekday: 1, opens: '12:00', closes: '17:00' }],
    };
    // Mon 11:30 CET + 60 -> 12:30 CET = 11:30Z
    expect(add('2026-01-12T10:30:00.000Z', 60, touching)).toBe('2026-01-12T11:30:00.000Z');
    expect(within('2026-01-12T11:00:00.000Z', touching)).toBe(true); // 12:00 CET
  });
});

describe('daylight saving: Europe/Berlin', () => {
  it('carries across the spring-forward weekend (2026-03-29)', () => {
    // Fri 2026-03-27 16:00 CET (15:00Z) + 120: 60 until 17:00 CET,
    // 60 from Mon 2026-03-30 09:00 CEST (= 07:00Z) -> 10:00 CEST = 08:00Z
    expect(add('2026-03-27T15:00:00.000Z', 120, BERLIN)).toBe('2026-03-30T08:00:00.000Z');
    expect(between('2026-03-27T15:00:00.000Z', '2026-03-30T08:00:00.000Z', BERLIN)).toBe(120);
  });

  it('carries across the fall-back weekend (2026-10-25)', () => {
    // Fri 2026-10-23 16:00 CEST (14:00Z) + 120: 60 until 17:00 CEST,
    // 60 from Mon 2026-10-26 09:00 CET (= 08:00Z) -> 10:00 CET = 09:00Z
    expect(add('2026-10-23T14:00:00.000Z', 120, BERLIN)).toBe('2026-10-26T09:00:00.000Z');
    expect(between('2026-10-23T14:00:00.000Z', '2026-10-26T09:00:00.000Z', BERLIN)).toBe(120);
  });

  it('09:00–17:00 on the DST Sunday is 8 real hours', () => {
    // Sun 2026-03-29: 09:00 CEST = 07:00Z, 17:00 CEST = 15:00Z
    expect(add('2026-03-29T07:00:00.000Z', 480, BERLIN_SUNDAY)).toBe('2026-03-29T15:00:00.000Z');
    // Sun 01:00 CET (00:00Z) is before opening; + 60 -> 10:00 CEST = 08:00Z
    expect(add('2026-03-29T00:00:00.000Z', 60, BERLIN_SUNDAY)).toBe('2026-03-29T08:00:00.000Z');
    expect(between('2026-03-28T00:00:00.000Z', '2026-03-30T00:00:00.000Z', BERLIN_SUNDAY)).toBe(480);
    // Sun 2026-10-25: 09:00 CET = 08:00Z, 17:00 CET = 16:00Z; start 00:00Z = 02:00 CEST (before opening)
    expect(add('2026-10-25T00:00:00.000Z', 480, BERLIN_SUNDAY)).toBe('2026-10-25T16:00:00.000Z');
    expect(between('2026-10-24T00:00:00.000Z', '2026-10-26T00:00:00.000Z', BERLIN_SUNDAY)).toBe(480);
    expect(within('2026-03-29T07:00:00.000Z', BERLIN_SUNDAY)).toBe(true); // 09:00 CEST
    expect(within('2026-03-29T06:30:00.000Z', BERLIN_SUNDAY)).toBe(false); // 08:30 CEST
  });

  it('an interval containing the jump has its real length', () => {
    // 2026-03-29 01:00 CET = 00:00Z .. 04:00 CEST = 02:00Z -> 2 real hours (02:00–03:00 does not exist)
    expect(between('2026-03-28T00:00:00.000Z', '2026-03-30T00:00:00.000Z', BERLIN_SUNDAY_NIGHT)).toBe(120);
    // 2026-10-25 01:00 CEST = 2026-10-24T23:00Z .. 04:00 CET = 03:00Z -> 4 real hours (02:00–03:00 twice)
    expect(between('2026-10-24T00:00:00.000Z', '2026-10-26T00:00:00.000Z', BERLIN_SUNDAY_NIGHT)).toBe(240);
    // 2026-03-29 00:00Z (01:00 CET) + 90 -> 01:30Z = 03:30 CEST
    expect(add('2026-03-29T00:00:00.000Z', 90, BERLIN_SUNDAY_NIGHT)).toBe('2026-03-29T01:30:00.000Z');
  });

  it('00:00–24:00 is 23 h on the spring-forward day and 25 h on the fall-back day', () => {
    // Sun 2026-03-29 00:00 CET = 2026-03-28T23:00Z .. Mon 00:00 CEST = 2026-03-29T22:00Z: 23 h = 1380
    expect(between('2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', BERLIN_ALL_DAY)).toBe(1380);
    // Sun 2026-10-25 00:00 CEST = 2026-10-24T22:00Z .. Mon 00:00 CET = 2026-10-25T23:00Z: 25 h = 1500
    expect(between('2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', BERLIN_ALL_DAY)).toBe(1500);
    // Continuous across day boundaries: 1380 on Sunday + 60 on Monday from 22:00Z -> 23:00Z
    expect(add('2026-03-28T23:00:00.000Z', 1440, BERLIN_ALL_DAY)).toBe('2026-03-29T23:00:00.000Z');
    expect(within('2026-03-29T01:30:00.000Z', BERLIN_ALL_DAY)).toBe(true); // 03:30 CEST
  });
});

describe('daylight saving: America/New_York (2026-03-08)', () => {
  it('carries across the spring-forward weekend', () => {
    // Fri 2026-03-06 16:30 EST (21:30Z) + 60: 30 until 17:00 EST,
    // 30 from Mon 2026-03-09 09:00 EDT (= 13:00Z) -> 09:30 EDT = 13:30Z
    expect(add('2026-03-06T21:30:00.000Z', 60, NEW_YORK)).toBe('2026-03-09T13:30:00.000Z');
    expect(between('2026-03-06T21:30:00.000Z', '2026-03-09T13:30:00.000Z', NEW_YORK)).toBe(60);
  });

  it('uses the local weekday, not the UTC one', () => {
    // 2026-03-09T02:00Z is Sun 2026-03-08 22:00 EDT (local Sunday); + 30 -> Mon 09:30 EDT = 13:30Z
    expect(add('2026-03-09T02:00:00.000Z', 30, NEW_YORK)).toBe('2026-03-09T13:30:00.000Z');
    expect(within('2026-03-06T21:00:00.000Z', NEW_YORK)).toBe(true); // Fri 16:00 EST
    expect(within('2026-03-10T00:00:00.000Z', NEW_YORK)).toBe(false); // Mon 20:00 EDT
  });

  it('Sunday 00:00–24:00 is 23 real hours', () => {
    // Sun 00:00 EST = 2026-03-08T05:00Z .. Mon 00:00 EDT = 2026-03-09T04:00Z: 23 h
    expect(between('2026-03-07T00:00:00.000Z', '2026-03-10T00:00:00.000Z', NEW_YORK_SUNDAY_ALL_DAY)).toBe(1380);
  });
});

describe('time zones far from UTC', () => {
  it('Pacific/Auckland: local weekday differs from UTC weekday', () => {
    expect(within('2026-01-21T20:00:00.000Z', AUCKLAND)).toBe(true); // Thu 2026-01-22 09:00 NZDT (UTC: Wed 20:00)
    expect(within('2026-01-22T20:00:00.000Z', AUCKLAND)).toBe(true); // Fri 2026-01-23 09:00 NZDT
    expect(within('2026-01-23T20:00:00.000Z', AUCKLAND)).toBe(false); // Sat 2026-01-24 09:00 NZDT (UTC: Fri 20:00)
  });

  it('Pacific/Auckland: across the end of NZ daylight saving (2026-04-05)', () => {
    // Fri 2026-04-03 16:00 NZDT (03:00Z) + 90: 60 until 17:00 NZDT (04:00Z),
    // 30 from Mon 2026-04-06 08:30 NZST (= 2026-04-05T20:30Z) -> 09:00 NZST = 2026-04-05T21:00Z
    expect(add('2026-04-03T03:00:00.000Z', 90, AUCKLAND)).toBe('2026-04-05T21:00:00.000Z');
  });

  it('Asia/Kolkata: half-hour offset', () => {
    // Mon 2026-02-02 09:30 IST = 04:00Z + 1020 (= 2 × 510) -> Tue 18:00 IST = 2026-02-03T12:30Z
    expect(add('2026-02-02T04:00:00.000Z', 1020, KOLKATA)).toBe('2026-02-03T12:30:00.000Z');
    // one more minute -> Wed 09:31 IST = 2026-02-04T04:01Z
    expect(add('2026-02-02T04:00:00.000Z', 1021, KOLKATA)).toBe('2026-02-04T04:01:00.000Z');
    // Mon 05:30 IST (00:00Z) .. Sat 00:00 IST (Fri 18:30Z): 5 × 510
    expect(between('2026-02-02T00:00:00.000Z', '2026-02-06T18:30:00.000Z', KOLKATA)).toBe(2550);
    expect(within('2026-02-02T03:59:00.000Z', KOLKATA)).toBe(false); // 09:29 IST
    expect(within('2026-02-02T04:00:00.000Z', KOLKATA)).toBe(true); // 09:30 IST
    expect(within('2026-02-02T12:29:00.000Z', KOLKATA)).toBe(true); // 17:59 IST
    expect(within('2026-02-02T12:30:00.000Z', KOLKATA)).toBe(false); // 18:00 IST
  });
});

describe('long durations', () => {
  it('30 business days', () => {
    // Mon 2026-01-05 09:00 CET (08:00Z) + 30 × 480: six full weeks Jan 5 – Feb 13
    // -> Fri 2026-02-13 17:00 CET = 16:00Z
    expect(add('2026-01-05T08:00:00.000Z', 14400, BERLIN)).toBe('2026-02-13T16:00:00.000Z');
    // Mon 2026-03-02 09:00 CET (08:00Z) + 30 × 480: Mar 2 – Apr 10 (crosses DST on Mar 29)
    // -> Fri 2026-04-10 17:00 CEST = 15:00Z
    expect(add('2026-03-02T08:00:00.000Z', 14400, BERLIN)).toBe('2026-04-10T15:00:00.000Z');
  });

  it('a year of business days', () => {
    // Mon 2026-01-05 09:00 CET + 52 weeks × 5 × 480 = 124800 min -> Fri 2027-01-01 17:00 CET = 16:00Z
    expect(add('2026-01-05T08:00:00.000Z', 124800, BERLIN)).toBe('2027-01-01T16:00:00.000Z');
    expect(between('2026-01-05T08:00:00.000Z', '2027-01-01T16:00:00.000Z', BERLIN)).toBe(124800);
  });
});

describe('businessMinutesBetween is the inverse of addBusinessMinutes', () => {
  it.each<[string, string, number, BusinessHours | null | undefined]>([
    ['night', '2026-01-13T15:00:00.000Z', 90, BERLIN],
    ['weekend', '2026-01-16T15:30:00.000Z', 60, BERLIN],
    ['start outside hours', '2026-01-17T09:00:00.000Z', 30, BERLIN],
    ['holiday', '2026-12-23T15:00:00.000Z', 1000, BERLIN_XMAS],
    ['Berlin spring DST', '2026-03-27T15:00:00.000Z', 777, BERLIN],
    ['Berlin fall DST', '2026-10-23T14:00:00.000Z', 2500, BERLIN],
    ['Berlin all day across DST', '2026-03-28T12:34:00.000Z', 3000, BERLIN_ALL_DAY],
    ['Berlin DST night interval', '2026-10-20T00:00:00.000Z', 200, BERLIN_SUNDAY_NIGHT],
    ['New York DST', '2026-03-06T21:30:00.000Z', 1234, NEW_YORK],
    ['Auckland', '2026-01-23T03:00:00.000Z', 5000, AUCKLAND],
    ['Kolkata', '2026-02-02T01:17:00.000Z', 1021, KOLKATA],
    ['split day', '2026-01-12T11:15:00.000Z', 1500, BERLIN_SPLIT],
    ['fraction of a minute', '2026-01-13T15:59:45.000Z', 0.5, BERLIN],
    ['30 days', '2026-01-05T08:00:00.000Z', 14400, BERLIN],
    ['24x7 null', '2026-03-29T00:30:00.000Z', 4321, null],
    ['24x7 undefined', '2026-03-29T00:30:00.000Z', 0.25, undefined],
  ])('%s', (_name, start, minutes, bh) => {
    const end = addBusinessMinutes(at(start), minutes, bh);
    expect(businessMinutesBetween(at(start), end, bh)).toBeCloseTo(minutes, 9);
  });
});
