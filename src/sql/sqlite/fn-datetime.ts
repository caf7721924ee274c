/**
 * Date/time functions: date_trunc, date_part/extract, age, make_date/_time/_timestamp/_timestamptz,
 * date_bin, AT TIME ZONE (timezone()), to_timestamp(epoch). Interval functions are in fn-interval.ts.
 * Storage: date = days, time/timestamp = micros (timestamptz in UTC), interval = "months,days,micros".
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { civilFromDays, daysFromCivil } from '../../../protocol/types/datetime.js';
import { OID } from '../../../protocol/types/oids.js';
import { argumentZoneName } from '../../../protocol/types/timezone.js';
import type { Node } from '../parse.js';
import { coerce, type Expr, isNumberType } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { asStr, floatArg, intArg, isNull, mk, strict, textArg, type V } from './fn-util.js';
import { localToUtc, utcToLocal } from './functions-datetime.js';
import { quoteString } from './storage.js';

export const DAY = 86_400_000_000;
const HOUR = 3_600_000_000;
export interface Iv {
  months: number;
  days: number;
  micros: number;
}
export function ivIn(v: V): Iv {
  const [m, d, u] = asStr(v).split(',').map(Number);
  return { months: m, days: d, micros: u };
}
export const ivOut = (x: Iv) => `${x.months},${x.days},${x.micros}`;

export const tzOf = (ctx: ExprCtx) => quoteString(ctx.t.timeZone() ?? 'UTC');

/** A timestamp-ish argument: untyped literals and dates become timestamptz, as PG's resolution prefers. */
function tsArg(ctx: ExprCtx, e: Expr, n: Node): Expr | undefined {
  if (e.type === OID.unknown || e.type === OID.date) return coerce(ctx.t, e, OID.timestamptz, -1, 'implicit', n);
  return e.type === OID.timestamp || e.type === OID.timestamptz ? e : undefined;
}
const ivArg = (ctx: ExprCtx, e: Expr, n: Node) =>
  e.type === OID.unknown ? coerce(ctx.t, e, OID.interval, -1, 'implicit', n) : e.type === OID.interval ? e : undefined;

defineScalar('date_trunc', (ctx, a, n) => {
  if (a.length !== 2 && a.length !== 3) return undefined;
  const f = textArg(ctx, a[0], n);
  if (!f) return undefined;
  if (a[1].type === OID.interval && a.length === 2)
    return mk(`lumos_interval_trunc(${f.sql}, ${a[1].sql})`, OID.interval);
  const v = tsArg(ctx, a[1], n);
  if (!v) return undefined;
  let tz = v.type === OID.timestamptz ? tzOf(ctx) : "'UTC'";
  if (a.length === 3) {
    const z = textArg(ctx, a[2], n);
    if (!z || v.type !== OID.timestamptz) return undefined;
    tz = `lumos_zone_arg(${z.sql})`;
  }
  return mk(`lumos_date_trunc(${f.sql}, ${v.sql}, ${tz})`, v.type);
});

for (const name of ['date_part', 'extract']) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length !== 2) return undefined;
    const f = textArg(ctx, a[0], n);
    let v = a[1];
    if (v.type === OID.unknown) v = coerce(ctx.t, v, OID.timestamptz, -1, 'implicit', n);
    if (!f || !([OID.date, OID.timestamp, OID.timestamptz, OID.time, OID.interval] as number[]).includes(v.type))
      return undefined;
    // date_part() is float8; EXTRACT is numeric (PG 14+).
    const type = name === 'extract' ? OID.numeric : OID.float8;
    const tzField = /^timezone(_hour|_minute)?$/i.test(a[0].unknownText ?? '');
    let sql: string;
    if (v.type === OID.interval || v.type === OID.time) {
      const fn = v.type === OID.interval ? 'lumos_interval_part' : 'lumos_time_part';
      sql = `${fn}(${f.sql}, ${v.sql})`;
    } else if (tzField) {
      if (v.type !== OID.timestamptz)
        throw ctx.t.error(
          SQLSTATE.FEATURE_NOT_SUPPORTED,
          `unit "${a[0].unknownText}" not supported for type ${ctx.t.typeName(v.type)}`,
          n,
        );
      sql = `lumos_tz_part(${f.sql}, ${v.sql}, ${tzOf(ctx)})`;
    } else {
      // functions-datetime.ts already answers the date/timestamp fields.
      return mk(`lumos_date_part(${f.sql}, ${v.sql}, ${v.type}, ${type}, ${tzOf(ctx)})`, type);
    }
    return mk(type === OID.float8 ? `CAST(${sql} AS REAL)` : sql, type);
  });
}

defineScalar('age', (ctx, a, n) => {
  if (a.length < 1 || a.length > 2) return undefined;
  const xs = a.map((e) => tsArg(ctx, e, n));
  if (xs.some((x) => !x)) return undefined;
  let [x, y] = xs as Expr[];
  if (!y) {
    // age(ts) is age(current_date at midnight, ts).
    const midnight = mk(`lumos_date_trunc('day', ${ctx.t.sessionParam('now')}, ${tzOf(ctx)})`, OID.timestamptz);
    [x, y] = [x.type === OID.timestamp ? coerce(ctx.t, midnight, OID.timestamp, -1, 'implicit', n) : midnight, x];
  }
  const type = x.type === OID.timestamptz || y.type === OID.timestamptz ? OID.timestamptz : OID.timestamp;
  const [p, q] = [x, y].map((e) => coerce(ctx.t, e, type, -1, 'implicit', n));
  return mk(`lumos_age(${p.sql}, ${q.sql}, ${type === OID.timestamptz ? tzOf(ctx) : "'UTC'"})`, OID.interval);
});

defineScalar('make_date', (ctx, a, n) => {
  const xs = a.length === 3 ? a.map((e) => intArg(ctx, e, n)) : [];
  if (xs.length !== 3 || xs.some((x) => !x)) return undefined;
  return mk(`lumos_make_date(${xs.map((x) => x?.sql).join(', ')})`, OID.date);
});
defineScalar('make_time', (ctx, a, n) => {
  if (a.length !== 3) return undefined;
  const h = intArg(ctx, a[0], n);
  const m = intArg(ctx, a[1], n);
  const s = floatArg(ctx, a[2], n);
  return h && m && s && mk(`lumos_make_time(${h.sql}, ${m.sql}, ${s.sql})`, OID.time);
});
for (const name of ['make_timestamp', 'make_timestamptz']) {
  defineScalar(name, (ctx, a, n) => {
    const tz = name === 'make_timestamptz';
    if (a.length !== 6 && !(tz && a.length === 7)) return undefined;
    const ints = a.slice(0, 5).map((e) => intArg(ctx, e, n));
    const s = floatArg(ctx, a[5], n);
    const z = a.length === 7 ? textArg(ctx, a[6], n) : mk(tz ? tzOf(ctx) : "'UTC'", OID.text);
    if (ints.some((x) => !x) || !s || !z) return undefined;
    const zone = a.length === 7 ? `lumos_zone_arg(${z.sql})` : z.sql;
    const sql = `lumos_make_timestamp(${ints.map((x) => x?.sql).join(', ')}, ${s.sql}, ${zone})`;
    return mk(sql, tz ? OID.timestamptz : OID.timestamp);
  });
}

defineScalar('date_bin', (ctx, a, n) => {
  if (a.length !== 3) return undefined;
  const stride = ivArg(ctx, a[0], n);
  const src = a[1].type === OID.timestamp ? a[1] : tsArg(ctx, a[1], n);
  if (!stride || !src) return undefined;
  const origin = coerce(ctx.t, a[2], src.type, -1, 'implicit', n);
  return mk(`lumos_date_bin(${stride.sql}, ${src.sql}, ${origin.sql})`, src.type);
});

// x AT TIME ZONE z is timezone(z, x): timestamp -> timestamptz and back; the zone may be an interval.
defineScalar('timezone', (ctx, a, n) => {
  if (a.length !== 2) return undefined;
  const z = a[0].type === OID.interval ? a[0] : textArg(ctx, a[0], n);
  if (!z) return undefined;
  const zone = a[0].type === OID.interval ? `lumos_interval_zone(${z.sql})` : `lumos_zone_arg(${z.sql})`;
  const v = a[1].type === OID.unknown ? coerce(ctx.t, a[1], OID.timestamptz, -1, 'implicit', n) : a[1];
  if (v.type === OID.timestamp) return mk(`lumos_at_zone(${v.sql}, ${zone}, 1)`, OID.timestamptz);
  if (v.type === OID.timestamptz) return mk(`lumos_at_zone(${v.sql}, ${zone}, 0)`, OID.timestamp);
  if (v.type === OID.date)
    return mk(`lumos_at_zone(${coerce(ctx.t, v, OID.timestamptz, -1, 'implicit', n).sql}, ${zone}, 0)`, OID.timestamp);
  return undefined;
});

defineScalar('isfinite', (_ctx, a) => {
  if (a.length !== 1 || !([OID.date, OID.timestamp, OID.timestamptz, OID.interval] as number[]).includes(a[0].type))
    return undefined;
  return mk(`(${a[0].sql} IS NULL OR abs(${a[0].type === OID.interval ? 0 : a[0].sql}) < 9e18) * 1`, OID.bool);
});

/** Shared by to_timestamp(text, text) in fn-tochar.ts: to_timestamp(double) is the epoch form. */
export function epochToTimestamp(ctx: ExprCtx, a: Expr[], n: Node): Expr | undefined {
  if (a.length !== 1 || (!isNumberType(a[0].type) && a[0].type !== OID.unknown)) return undefined;
  const x = floatArg(ctx, a[0], n);
  return x && mk(`lumos_epoch_ts(${x.sql})`, OID.timestamptz);
}

const fieldErr = (y: number, m: number, d: number) =>
  new PgError(
    SQLSTATE.DATETIME_FIELD_OVERFLOW,
    `date field value out of range: ${y < 0 ? `${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}${y < 0 ? ' BC' : ''}`,
  );

/** Days since epoch of a PG year (negative = BC, no year 0), validating the fields. */
export function makeDays(y: number, m: number, d: number): number {
  if (y === 0) throw fieldErr(y, m, d);
  const ay = y < 0 ? y + 1 : y;
  if (m < 1 || m > 12 || d < 1 || d > monthDays(ay, m)) throw fieldErr(y, m, d);
  return daysFromCivil(ay, m, d);
}

export function monthDays(y: number, m: number): number {
  return daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - daysFromCivil(y, m, 1);
}

function fields(micros: number): [number, number, number, number, number, number, number] {
  const days = Math.floor(micros / DAY);
  let tod = micros - days * DAY;
  const [y, m, d] = civilFromDays(days);
  const h = Math.floor(tod / HOUR);
  tod -= h * HOUR;
  const mi = Math.floor(tod / 60e6);
  tod -= mi * 60e6;
  const s = Math.floor(tod / 1e6);
  return [y, m, d, h, mi, s, tod - s * 1e6];
}

/** PG's timestamp_age: field-wise difference, borrowing from the earlier timestamp's month. */
function age(a: number, b: number): Iv {
  const t1 = fields(a);
  const t2 = fields(b);
  const neg = a < b;
  const diff = t1.map((v, i) => (neg ? -(v - t2[i]) : v - t2[i]));
  let [year, mon, mday, hour, min, sec, usec] = diff;
  while (usec < 0) [usec, sec] = [usec + 1e6, sec - 1];
  while (sec < 0) [sec, min] = [sec + 60, min - 1];
  while (min < 0) [min, hour] = [min + 60, hour - 1];
  while (hour < 0) [hour, mday] = [hour + 24, mday - 1];
  while (mday < 0) {
    const ref = neg ? t1 : t2;
    mday += monthDays(ref[0], ref[1]);
    mon--;
  }
  while (mon < 0) [mon, year] = [mon + 12, year - 1];
  const s = neg ? -1 : 1;
  return { months: s * (year * 12 + mon), days: s * mday, micros: s * (((hour * 60 + min) * 60 + sec) * 1e6 + usec) };
}

defineSqliteFunctions((db) => {
  const det = { deterministic: true };
  const fn = (name: string, f: (...args: any[]) => unknown) => db.function(name, det, f as never);
  fn('lumos_time_round', (v: V, p: V) => {
    if (isNull(v) || isNull(p)) return v ?? null;
    const x = Number(v);
    if (!Number.isFinite(x) || Math.abs(x) >= 9e18) return x;
    const scale = 10 ** (6 - Number(p));
    // Half away from zero, like PG's AdjustTimestampForTypmod.
    return x >= 0 ? Math.floor((x + scale / 2) / scale) * scale : -Math.floor((-x + scale / 2) / scale) * scale;
  });
  fn(
    'lumos_tz_part',
    strict((f: V, v: V, tz: V) => {
      const off = Math.round((utcToLocal(Number(v), asStr(tz)) - Number(v)) / 1e6);
      const u = asStr(f).toLowerCase();
      if (u === 'timezone') return off;
      return u === 'timezone_hour' ? Math.trunc(off / 3600) : Math.trunc((off % 3600) / 60);
    }),
  );
  fn(
    'lumos_age',
    strict((a: V, b: V, tz: V) => {
      const z = asStr(tz);
      const conv = (x: V) => (z === 'UTC' ? Number(x) : utcToLocal(Number(x), z));
      return ivOut(age(conv(a), conv(b)));
    }),
  );
  fn(
    'lumos_make_date',
    strict((y: V, m: V, d: V) => makeDays(Number(y), Number(m), Number(d))),
  );
  fn(
    'lumos_make_time',
    strict((h: V, m: V, s: V) => {
      const [hh, mm, ss] = [Number(h), Number(m), Number(s)];
      if (hh < 0 || hh > 24 || mm < 0 || mm > 59 || ss < 0 || ss > 60 || (hh === 24 && (mm > 0 || ss > 0)))
        throw new PgError(
          SQLSTATE.DATETIME_FIELD_OVERFLOW,
          `time field value out of range: ${hh}:${String(mm).padStart(2, '0')}:${ss < 10 ? '0' : ''}${ss}`,
        );
      return (hh * 3600 + mm * 60) * 1e6 + Math.round(ss * 1e6);
    }),
  );
  fn(
    'lumos_make_timestamp',
    strict((y: V, mo: V, d: V, h: V, mi: V, s: V, tz: V) => {
      const days = makeDays(Number(y), Number(mo), Number(d));
      const [hh, mm, ss] = [Number(h), Number(mi), Number(s)];
      if (hh < 0 || hh > 24 || mm < 0 || mm > 59 || ss < 0 || ss > 60)
        throw new PgError(
          SQLSTATE.DATETIME_FIELD_OVERFLOW,
          `time field value out of range: ${hh}:${String(mm).padStart(2, '0')}:${ss < 10 ? '0' : ''}${ss}`,
        );
      const local = days * DAY + (hh * 3600 + mm * 60) * 1e6 + Math.round(ss * 1e6);
      const z = asStr(tz);
      return z === 'UTC' ? local : localToUtc(local, z);
    }),
  );
  fn(
    'lumos_date_bin',
    strict((st: V, src: V, origin: V) => {
      const x = ivIn(st);
      if (x.months !== 0)
        throw new PgError(
          SQLSTATE.FEATURE_NOT_SUPPORTED,
          'timestamps cannot be binned into intervals containing months or years',
        );
      const stride = x.days * DAY + x.micros;
      if (stride <= 0) throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, 'stride must be greater than zero');
      const o = Number(origin);
      const delta = Number(src) - o;
      return o + Math.floor(delta / stride) * stride;
    }),
  );
  // A zone written by the user: abbreviation first, then zone name, else 22023 (argumentZoneName).
  fn(
    'lumos_zone_arg',
    strict((z: V) => argumentZoneName(asStr(z))),
  );
  fn(
    'lumos_at_zone',
    strict((v: V, zone: V, toUtc: V) => {
      const z = asStr(zone);
      return Number(toUtc) ? localToUtc(Number(v), z) : utcToLocal(Number(v), z);
    }),
  );
  fn(
    'lumos_interval_zone',
    strict((v: V) => {
      const x = ivIn(v);
      if (x.months || x.days)
        throw new PgError(
          SQLSTATE.INVALID_PARAMETER_VALUE,
          `interval time zone "${asStr(v)}" must not include months or days`,
        );
      const secs = Math.trunc(x.micros / 1e6);
      const a = Math.abs(secs);
      return `${secs < 0 ? '-' : '+'}${String(Math.floor(a / 3600)).padStart(2, '0')}:${String(Math.floor((a % 3600) / 60)).padStart(2, '0')}`;
    }),
  );
  fn(
    'lumos_epoch_ts',
    strict((x: V) => {
      const v = Number(x);
      if (!Number.isFinite(v)) return v > 0 ? 9e18 : -9e18;
      return Math.round(v * 1e6);
    }),
  );
});
