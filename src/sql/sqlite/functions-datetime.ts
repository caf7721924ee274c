/** SQLite functions for dates, timestamps, time zones and intervals (storage: micros / days / "m,d,us"). */
import type Database from 'better-sqlite3';
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { civilFromDays, daysFromCivil } from '../../../protocol/types/datetime.js';
import { OID } from '../../../protocol/types/oids.js';
import { localToUtcOffset, sessionZone } from '../../../protocol/types/timezone.js';
import { decToString, parseDecText } from './numeric.js';

const DAY = 86_400_000_000;
type V = number | bigint | string | Buffer | null | undefined;

interface Iv {
  months: number;
  days: number;
  micros: number;
}

function iv(v: V): Iv | null {
  if (v === null || v === undefined) return null;
  const s = String(v);
  const a = s.indexOf(',');
  const b = s.indexOf(',', a + 1);
  return { months: Number(s.slice(0, a)), days: Number(s.slice(a + 1, b)), micros: Number(s.slice(b + 1)) };
}
const ivOut = (x: Iv) => `${x.months},${x.days},${x.micros}`;
const ivKey = (x: Iv) => (x.months * 30 + x.days) * DAY + x.micros;

/** UTC micros -> local wall-clock micros in zone `tz`. */
export function utcToLocal(u: number, tz: string): number {
  const zone = sessionZone(tz);
  const off = zone.fixed ?? zone.offsetAt(Math.floor(u / 1e6));
  return u + off * 1e6;
}

/** Local wall-clock micros in zone `tz` -> UTC micros. */
export function localToUtc(l: number, tz: string): number {
  const zone = sessionZone(tz);
  return l - localToUtcOffset(zone, Math.floor(l / 1e6)) * 1e6;
}

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

function daysInMonth(y: number, m: number): number {
  return daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - daysFromCivil(y, m, 1);
}

/** timestamp (local micros) + interval, PG semantics: months (day clamped), then days, then micros. */
export function addInterval(local: number, x: Iv): number {
  let days = floorDiv(local, DAY);
  const tod = local - days * DAY;
  if (x.months) {
    const [y0, m0, d0] = civilFromDays(days);
    const total = y0 * 12 + (m0 - 1) + x.months;
    const y = Math.floor(total / 12);
    const m = total - y * 12 + 1;
    days = daysFromCivil(y, m, Math.min(d0, daysInMonth(y, m)));
  }
  return (days + x.days) * DAY + tod + x.micros;
}

function num(v: V): number | null {
  return v === null || v === undefined ? null : Number(v);
}

const FIELD_ALIASES: Record<string, string> = {
  years: 'year',
  months: 'month',
  mon: 'month',
  days: 'day',
  hours: 'hour',
  minutes: 'minute',
  min: 'minute',
  seconds: 'second',
  sec: 'second',
  milliseconds: 'millisecond',
  microseconds: 'microsecond',
};

function field(f: V): string {
  const s = String(f ?? '').toLowerCase();
  return FIELD_ALIASES[s] ?? s;
}

function isoWeek(days: number): [number, number] {
  const dow = (((days + 4) % 7) + 7) % 7 || 7; // 1970-01-01 was a Thursday; ISO Monday = 1
  const thursday = days - dow + 4;
  const [y] = civilFromDays(thursday);
  return [y, Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1];
}

function datePart(f: string, local: number, type: number, utc: number): string {
  const days = floorDiv(local, DAY);
  const tod = local - days * DAY;
  const [y, m, d] = civilFromDays(days);
  const sec = tod / 1e6;
  switch (f) {
    case 'year':
      return String(y > 0 ? y : y - 1);
    case 'month':
      return String(m);
    case 'day':
      return String(d);
    case 'hour':
      return String(Math.floor(tod / 3_600_000_000));
    case 'minute':
      return String(Math.floor(tod / 60_000_000) % 60);
    case 'second':
      return decToString({ digits: BigInt(tod % 60_000_000), scale: 6, neg: false });
    case 'millisecond':
      return decToString({ neg: false, digits: BigInt(tod % 60_000_000), scale: 3 });
    case 'microsecond':
      return String(tod % 60_000_000);
    case 'dow':
      return String((((days + 4) % 7) + 7) % 7);
    case 'isodow':
      return String(((((days + 3) % 7) + 7) % 7) + 1);
    case 'doy':
      return String(days - daysFromCivil(y, 1, 1) + 1);
    case 'week':
      return String(isoWeek(days)[1]);
    case 'isoyear':
      return String(isoWeek(days)[0]);
    case 'quarter':
      return String(Math.floor((m - 1) / 3) + 1);
    case 'decade':
      return String(Math.floor(y / 10));
    case 'century':
      return String(y > 0 ? Math.floor((y - 1) / 100) + 1 : -Math.floor(-y / 100) - 1);
    case 'millennium':
      return String(y > 0 ? Math.floor((y - 1) / 1000) + 1 : -Math.floor(-y / 1000) - 1);
    case 'epoch': {
      const e = type === OID.date ? days * 86400 : utc / 1e6;
      return decToString(parseDecText(type === OID.date ? String(e) : (utc / 1e6).toFixed(6)));
    }
    case 'julian':
      return String(days + 2440588 + sec / 86400);
    default:
      throw new PgError(
        SQLSTATE.INVALID_PARAMETER_VALUE,
        `unit "${f}" not recognized for type ${type === OID.date ? 'date' : 'timestamp'}`,
      );
  }
}

function trunc(f: string, local: number): number {
  let days = floorDiv(local, DAY);
  const tod = local - days * DAY;
  const [y, m] = civilFromDays(days);
  switch (f) {
    case 'microsecond':
      return local;
    case 'millisecond':
      return days * DAY + Math.floor(tod / 1000) * 1000;
    case 'second':
      return days * DAY + Math.floor(tod / 1e6) * 1e6;
    case 'minute':
      return days * DAY + Math.floor(tod / 6e7) * 6e7;
    case 'hour':
      return days * DAY + Math.floor(tod / 3.6e9) * 3.6e9;
    case 'day':
      return days * DAY;
    case 'week':
      days -= (((days + 3) % 7) + 7) % 7;
      return days * DAY;
    case 'month':
      return daysFromCivil(y, m, 1) * DAY;
    case 'quarter':
      return daysFromCivil(y, Math.floor((m - 1) / 3) * 3 + 1, 1) * DAY;
    case 'year':
      return daysFromCivil(y, 1, 1) * DAY;
    case 'decade':
      return daysFromCivil(Math.floor(y / 10) * 10, 1, 1) * DAY;
    case 'century':
      return daysFromCivil(Math.floor((y - 1) / 100) * 100 + 1, 1, 1) * DAY;
    case 'millennium':
      return daysFromCivil(Math.floor((y - 1) / 1000) * 1000 + 1, 1, 1) * DAY;
    default:
      throw new PgError(
        SQLSTATE.INVALID_PARAMETER_VALUE,
        `unit "${f}" not recognized for type timestamp without time zone`,
      );
  }
}

export function registerDateFunctions(db: Database.Database): void {
  const det = { deterministic: true };
  const fn = (name: string, f: (...args: any[]) => unknown) => db.function(name, det, f as never);
  fn('lumos_ts_to_tstz', (x: V, tz: V) => (x === null || x === undefined ? null : localToUtc(Number(x), String(tz))));
  fn('lumos_tstz_to_ts', (x: V, tz: V) => (x === null || x === undefined ? null : utcToLocal(Number(x), String(tz))));
  fn('lumos_ts_add_interval', (ts: V, i: V, sign: V, tz: V) => {
    const t = num(ts);
    const x = iv(i);
    if (t === null || !x) return null;
    const s = Number(sign);
    const signed = { months: x.months * s, days: x.days * s, micros: x.micros * s };
    const zone = String(tz);
    if (zone === 'UTC') return addInterval(t, signed);
    // timestamptz: months and days move the local wall clock; micros are absolute.
    const local = addInterval(utcToLocal(t, zone), { ...signed, micros: 0 });
    return localToUtc(local, zone) + signed.micros;
  });
  fn('lumos_ts_diff', (a: V, b: V) => {
    const x = num(a);
    const y = num(b);
    if (x === null || y === null) return null;
    const d = x - y;
    const days = Math.trunc(d / DAY);
    return ivOut({ months: 0, days, micros: d - days * DAY });
  });
  fn('lumos_interval_add', (a: V, b: V, sign: V) => {
    const x = iv(a);
    const y = iv(b);
    if (!x || !y) return null;
    const s = Number(sign);
    return ivOut({ months: x.months + s * y.months, days: x.days + s * y.days, micros: x.micros + s * y.micros });
  });
  fn('lumos_interval_mul', (a: V, f: V) => {
    const x = iv(a);
    if (!x || f === null || f === undefined) return null;
    const k = Number(f);
    // PG cascades fractional months to days (30 per month) and fractional days to time.
    const months = x.months * k;
    const m = Math.trunc(months);
    const days = x.days * k + (months - m) * 30;
    const d = Math.trunc(days);
    return ivOut({ months: m, days: d, micros: Math.round(x.micros * k + (days - d) * DAY) });
  });
  fn('lumos_interval_cmp', (a: V, b: V) => {
    const x = iv(a);
    const y = iv(b);
    if (!x || !y) return null;
    return Math.sign(ivKey(x) - ivKey(y));
  });
  fn('lumos_interval_sortkey', (a: V) => {
    const x = iv(a);
    return x ? ivKey(x) : null;
  });
  fn('lumos_interval_micros', (a: V) => {
    const x = iv(a);
    return x ? x.micros : null;
  });
  fn('lumos_date_part', (f: V, v: V, type: V, resultType: V, tz: V) => {
    if (v === null || v === undefined || f === null) return null;
    const t = Number(type);
    let local = Number(v);
    let utc = local;
    if (t === OID.date) local *= DAY;
    else if (t === OID.timestamptz) local = utcToLocal(utc, String(tz));
    else if (t === OID.time) utc = local;
    if (t === OID.timestamp) utc = local;
    const s = datePart(field(f), local, t, utc);
    return Number(resultType) === OID.float8 ? Number(s) : s;
  });
  fn('lumos_date_trunc', (f: V, v: V, tz: V) => {
    if (v === null || v === undefined || f === null) return null;
    const zone = String(tz);
    if (zone === 'UTC') return trunc(field(f), Number(v));
    return localToUtc(trunc(field(f), utcToLocal(Number(v), zone)), zone);
  });
  db.aggregate('lumos_interval_sum', {
    start: () => null as Iv | null,
    step: (acc: Iv | null, v: V) => {
      const x = iv(v);
      if (!x) return acc;
      return acc ? { months: acc.months + x.months, days: acc.days + x.days, micros: acc.micros + x.micros } : x;
    },
    inverse: (acc: Iv | null, v: V) => {
      const x = iv(v);
      return acc && x ? { months: acc.months - x.months, days: acc.days - x.days, micros: acc.micros - x.micros } : acc;
    },
    result: (acc: Iv | null) => (acc ? ivOut(acc) : null),
  } as never);
}
