/**
 * Interval functions: make_interval (named arguments), justify_*, date_trunc/extract on intervals and times.
 * Storage: "months,days,micros".
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { adjustIntervalForTypmod } from '../../../protocol/types/interval.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { DAY, type Iv, ivIn, ivOut } from './fn-datetime.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { asStr, floatArg, intArg, mk, strict, type V } from './fn-util.js';

const HOUR = 3_600_000_000;
const ivArg = (ctx: ExprCtx, e: Expr, n: Node) =>
  e.type === OID.unknown ? coerce(ctx.t, e, OID.interval, -1, 'implicit', n) : e.type === OID.interval ? e : undefined;

const MAKE_INTERVAL = ['years', 'months', 'weeks', 'days', 'hours', 'mins', 'secs'];
defineScalar('make_interval', (ctx, a, n) => {
  if (a.length > 7) return undefined;
  const vals: string[] = MAKE_INTERVAL.map((_, i) => (i === 6 ? '0.0' : '0'));
  for (let i = 0; i < a.length; i++) {
    const name: string | undefined = n.args[i].NamedArgExpr?.name;
    const k = name === undefined ? i : MAKE_INTERVAL.indexOf(name);
    if (k < 0) return undefined;
    const e = k === 6 ? floatArg(ctx, a[i], n) : intArg(ctx, a[i], n);
    if (!e) return undefined;
    vals[k] = e.sql;
  }
  return mk(`lumos_make_interval(${vals.join(', ')})`, OID.interval);
});

for (const name of ['justify_days', 'justify_hours', 'justify_interval']) {
  defineScalar(name, (ctx, a, n) => {
    const x = a.length === 1 ? ivArg(ctx, a[0], n) : undefined;
    return x && mk(`lumos_${name}(${x.sql})`, OID.interval);
  });
}

const IV_UNITS: Record<string, string> = {
  year: 'year',
  years: 'year',
  y: 'year',
  yr: 'year',
  yrs: 'year',
  month: 'month',
  months: 'month',
  mon: 'month',
  mons: 'month',
  day: 'day',
  days: 'day',
  d: 'day',
  hour: 'hour',
  hours: 'hour',
  h: 'hour',
  hr: 'hour',
  hrs: 'hour',
  minute: 'minute',
  minutes: 'minute',
  min: 'minute',
  mins: 'minute',
  m: 'minute',
  second: 'second',
  seconds: 'second',
  sec: 'second',
  secs: 'second',
  s: 'second',
  millisecond: 'millisecond',
  milliseconds: 'millisecond',
  ms: 'millisecond',
  msec: 'millisecond',
  microsecond: 'microsecond',
  microseconds: 'microsecond',
  us: 'microsecond',
  usec: 'microsecond',
  epoch: 'epoch',
  quarter: 'quarter',
  decade: 'decade',
  century: 'century',
  millennium: 'millennium',
  week: 'week',
  weeks: 'week',
};
const unit = (f: V) => IV_UNITS[asStr(f).toLowerCase().trim()] ?? asStr(f).toLowerCase().trim();

/** A decimal string of micros / 10^6 scaled (exact), e.g. seconds with 6 decimals. */
function fixed6(micros: number): string {
  const neg = micros < 0;
  const a = Math.abs(micros);
  const s = `${Math.floor(a / 1e6)}.${String(a % 1e6).padStart(6, '0')}`;
  return neg ? `-${s}` : s;
}
function fixed3(micros: number): string {
  const neg = micros < 0;
  const a = Math.abs(micros);
  const s = `${Math.floor(a / 1000)}.${String(a % 1000).padStart(3, '0')}`;
  return neg ? `-${s}` : s;
}

function intervalPart(f: string, x: Iv, typeName = 'interval'): string {
  switch (f) {
    case 'year':
      return String(Math.trunc(x.months / 12));
    case 'month':
      return String(x.months % 12);
    case 'day':
      return String(x.days);
    case 'hour':
      return String(Math.trunc(x.micros / HOUR));
    case 'minute':
      return String(Math.trunc(x.micros / 60e6) % 60);
    case 'second':
      return fixed6(x.micros % 60e6);
    case 'millisecond':
      return fixed3(x.micros % 60e6);
    case 'microsecond':
      return String(x.micros % 60e6);
    case 'quarter':
      return String(Math.trunc((x.months % 12) / 3) + 1);
    case 'decade':
      return String(Math.trunc(x.months / 120));
    case 'century':
      return String(Math.trunc(x.months / 1200));
    case 'millennium':
      return String(Math.trunc(x.months / 12000));
    case 'epoch': {
      // PG: years as 365.25 days, months as 30 days.
      const yrs = Math.trunc(x.months / 12);
      const secs = yrs * 31557600 + (x.months % 12) * 2592000 + x.days * 86400;
      return fixed6(secs * 1e6 + x.micros);
    }
    default:
      throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `unit "${f}" not recognized for type ${typeName}`);
  }
}

function justifyHours(x: Iv): Iv {
  let days = x.days + Math.trunc(x.micros / DAY);
  let micros = x.micros % DAY;
  if (days > 0 && micros < 0) [micros, days] = [micros + DAY, days - 1];
  else if (days < 0 && micros > 0) [micros, days] = [micros - DAY, days + 1];
  return { months: x.months, days, micros };
}
function justifyDays(x: Iv): Iv {
  let months = x.months + Math.trunc(x.days / 30);
  let days = x.days % 30;
  if (months > 0 && days < 0) [days, months] = [days + 30, months - 1];
  else if (months < 0 && days > 0) [days, months] = [days - 30, months + 1];
  return { months, days, micros: x.micros };
}
function justifyInterval(x: Iv): Iv {
  let months = x.months + Math.trunc(x.days / 30);
  let days = x.days % 30;
  let micros = x.micros;
  days += Math.trunc(micros / DAY);
  micros %= DAY;
  if (months > 0 && (days < 0 || (days === 0 && micros < 0))) [days, months] = [days + 30, months - 1];
  else if (months < 0 && (days > 0 || (days === 0 && micros > 0))) [days, months] = [days - 30, months + 1];
  if (days > 0 && micros < 0) [micros, days] = [micros + DAY, days - 1];
  else if (days < 0 && micros > 0) [micros, days] = [micros - DAY, days + 1];
  return { months, days, micros };
}

function intervalTrunc(f: string, x: Iv): Iv {
  const y = Math.trunc(x.months / 12);
  const tr = (u: number) => Math.trunc(x.micros / u) * u;
  switch (f) {
    case 'millennium':
      return { months: Math.trunc(y / 1000) * 12000, days: 0, micros: 0 };
    case 'century':
      return { months: Math.trunc(y / 100) * 1200, days: 0, micros: 0 };
    case 'decade':
      return { months: Math.trunc(y / 10) * 120, days: 0, micros: 0 };
    case 'year':
      return { months: y * 12, days: 0, micros: 0 };
    case 'quarter':
      return { months: y * 12 + Math.trunc((x.months % 12) / 3) * 3, days: 0, micros: 0 };
    case 'month':
      return { months: x.months, days: 0, micros: 0 };
    case 'day':
      return { months: x.months, days: x.days, micros: 0 };
    case 'hour':
      return { ...x, micros: tr(HOUR) };
    case 'minute':
      return { ...x, micros: tr(60e6) };
    case 'second':
      return { ...x, micros: tr(1e6) };
    case 'millisecond':
      return { ...x, micros: tr(1000) };
    case 'microsecond':
      return x;
    case 'week':
      throw new PgError(
        SQLSTATE.FEATURE_NOT_SUPPORTED,
        'interval units "week" not supported because months usually have fractional weeks',
      );
    default:
      throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `interval units "${f}" not recognized`);
  }
}

defineSqliteFunctions((db) => {
  const det = { deterministic: true };
  const fn = (name: string, f: (...args: any[]) => unknown) => db.function(name, det, f as never);
  // interval -> interval(typmod): PG's interval_scale (fields below the range dropped, seconds rounded).
  fn(
    'lumos_interval_scale',
    strict((v: V, typmod: V) => ivOut(adjustIntervalForTypmod(ivIn(v), Number(typmod)))),
  );
  fn(
    'lumos_interval_trunc',
    strict((f: V, v: V) => ivOut(intervalTrunc(unit(f), ivIn(v)))),
  );
  fn(
    'lumos_interval_part',
    strict((f: V, v: V) => intervalPart(unit(f), ivIn(v))),
  );
  fn(
    'lumos_time_part',
    strict((f: V, v: V) => {
      const u = unit(f);
      if (!['hour', 'minute', 'second', 'millisecond', 'microsecond', 'epoch'].includes(u))
        throw new PgError(
          SQLSTATE.INVALID_PARAMETER_VALUE,
          `unit "${asStr(f)}" not recognized for type time without time zone`,
        );
      return intervalPart(u, { months: 0, days: 0, micros: Number(v) }, 'time without time zone');
    }),
  );
  fn(
    'lumos_make_interval',
    strict((y: V, mo: V, w: V, d: V, h: V, mi: V, s: V) => {
      const micros = Math.round((Number(h) * 3600 + Number(mi) * 60) * 1e6 + Number(s) * 1e6);
      return ivOut({ months: Number(y) * 12 + Number(mo), days: Number(w) * 7 + Number(d), micros });
    }),
  );
  fn(
    'lumos_justify_days',
    strict((v: V) => ivOut(justifyDays(ivIn(v)))),
  );
  fn(
    'lumos_justify_hours',
    strict((v: V) => ivOut(justifyHours(ivIn(v)))),
  );
  fn(
    'lumos_justify_interval',
    strict((v: V) => ivOut(justifyInterval(ivIn(v)))),
  );
});
