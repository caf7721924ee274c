/** generate_series and unnest (see srf.ts for how set-returning functions run in SQLite). */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { elementOidOf, isArrayOid, OID } from '../../../protocol/types/oids.js';
import { coerce, type Expr, isInt } from './coerce.js';
import { addInterval, localToUtc, utcToLocal } from './functions-datetime.js';
import { type Dec, decAdd, decCmp, decToString, parseDec } from './numeric.js';
import { defineSetReturning, defineSqliteTable } from './srf.js';
import { quoteString, type StorageValue } from './storage.js';

type V = StorageValue | undefined;

const stepZero = () => new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, 'step size cannot equal zero');

defineSqliteTable('lumos_gs_int', {
  columns: ['value'],
  parameters: ['start', 'stop', 'step'],
  safeIntegers: true,
  *rows(a: V, b: V, c: V) {
    if (a === null || b === null || c === null) return;
    const step = c === undefined ? 1n : BigInt(c as bigint);
    if (step === 0n) throw stepZero();
    const stop = BigInt(b as bigint);
    for (let i = BigInt(a as bigint); step > 0n ? i <= stop : i >= stop; i += step) yield [i];
  },
});

defineSqliteTable('lumos_gs_num', {
  columns: ['value'],
  parameters: ['start', 'stop', 'step'],
  safeIntegers: true,
  *rows(a: V, b: V, c: V) {
    if (a === null || b === null || c === null) return;
    const start = parseDec(a) as Dec;
    const stop = parseDec(b) as Dec;
    const step = c === undefined ? ({ neg: false, digits: 1n, scale: 0 } as Dec) : (parseDec(c) as Dec);
    for (const [d, what] of [
      [start, 'start'],
      [stop, 'stop'],
      [step, 'step size'],
    ] as const) {
      if (d.nan) throw new PgError(SQLSTATE.INVALID_PARAMETER_VALUE, `${what} value cannot be NaN`);
    }
    if (step.digits === 0n) throw stepZero();
    const dir = step.neg ? -1 : 1;
    for (let i = start; decCmp(i, stop) * dir <= 0; i = decAdd(i, step)) yield [decToString(i)];
  },
});

defineSqliteTable('lumos_gs_ts', {
  columns: ['value'],
  parameters: ['start', 'stop', 'step', 'tz'],
  safeIntegers: false,
  *rows(a: V, b: V, c: V, tz: V) {
    if (a === null || b === null || c === null || a === undefined || b === undefined || c === undefined) return;
    const [months, days, micros] = String(c).split(',').map(Number);
    const key = (months * 30 + days) * 86_400_000_000 + micros;
    if (key === 0) throw stepZero();
    const step = { months, days, micros };
    const zone = tz ? String(tz) : undefined;
    const stop = Number(b);
    for (let i = Number(a); key > 0 ? i <= stop : i >= stop; ) {
      yield [i];
      // timestamptz: months and days move the local wall clock; micros are absolute (like timestamptz + interval).
      i = zone
        ? localToUtc(addInterval(utcToLocal(i, zone), { ...step, micros: 0 }), zone) + micros
        : addInterval(i, step);
    }
  },
});

const isNumeric = (t: number) => isInt(t) || t === OID.numeric || t === OID.unknown;
const isTime = (t: number) =>
  t === OID.timestamp || t === OID.timestamptz || t === OID.date || t === OID.unknown || t === OID.interval;

defineSetReturning('generate_series', (ctx, args) => {
  const t = ctx.t;
  if (args.length < 2 || args.length > 3) return undefined;
  if (args.every((a) => isNumeric(a.type))) {
    const known = args.filter((a) => a.type !== OID.unknown).map((a) => a.type);
    const type = known.includes(OID.numeric) ? OID.numeric : known.includes(OID.int8) ? OID.int8 : OID.int4;
    const sql = args.map((a) => coerce(t, a, type, -1, 'implicit').sql);
    return {
      table: type === OID.numeric ? 'lumos_gs_num' : 'lumos_gs_int',
      args: sql,
      columns: [{ name: 'generate_series', type, typmod: -1 }],
      scalar: true,
    };
  }
  if (args.length !== 3 || !args.every((a) => isTime(a.type))) return undefined;
  const [a, b, step] = args;
  if (step.type !== OID.interval && step.type !== OID.unknown) return undefined;
  if (a.type === OID.interval || b.type === OID.interval) return undefined;
  // (timestamp, timestamp) keeps timestamp; date and timestamptz resolve to timestamptz (the preferred type).
  const type = a.type === OID.timestamp || b.type === OID.timestamp ? OID.timestamp : OID.timestamptz;
  if (type === OID.timestamp && (a.type === OID.timestamptz || b.type === OID.timestamptz)) return undefined;
  const tz = type === OID.timestamptz ? ctx.t.timeZone() : undefined;
  return {
    table: 'lumos_gs_ts',
    args: [
      coerce(t, a, type, -1, 'implicit').sql,
      coerce(t, b, type, -1, 'implicit').sql,
      coerce(t, step, OID.interval, -1, 'implicit').sql,
      tz ? quoteString(tz) : 'NULL',
    ],
    columns: [{ name: 'generate_series', type, typmod: -1 }],
    scalar: true,
  };
});

/** JSON array element -> storage value (arrays are stored as JSON, see storage.ts). */
function elementFn(kind: string): (e: unknown) => unknown {
  if (kind === 'int8') return (e) => (typeof e === 'string' ? BigInt(e) : e);
  if (kind === 'bytea') return (e) => (typeof e === 'string' ? Buffer.from(e.slice(2), 'hex') : e);
  // json[] elements are stored as their JSON text already (see storage.ts).
  if (kind === 'json') return (e) => (e === null ? null : typeof e === 'string' ? e : JSON.stringify(e));
  return (e) => (typeof e === 'boolean' ? (e ? 1 : 0) : e);
}

function* flatten(a: unknown[]): Generator<unknown> {
  for (const e of a) {
    if (Array.isArray(e)) yield* flatten(e);
    else yield e;
  }
}

defineSqliteTable('lumos_unnest', {
  columns: ['value'],
  parameters: ['arr', 'kind'],
  safeIntegers: false,
  *rows(arr: V, kind: V) {
    if (arr === null || arr === undefined) return;
    const conv = elementFn(String(kind ?? ''));
    for (const e of flatten(JSON.parse(String(arr)) as unknown[])) yield [conv(e)];
  },
});

defineSetReturning('unnest', (_ctx, args: Expr[]) => {
  if (args.length !== 1 || !isArrayOid(args[0].type)) return undefined;
  const elem = elementOidOf(args[0].type);
  const kind =
    elem === OID.int8 ? 'int8' : elem === OID.bytea ? 'bytea' : elem === OID.jsonb || elem === OID.json ? 'json' : '';
  return {
    table: 'lumos_unnest',
    args: [args[0].sql, quoteString(kind)],
    columns: [{ name: 'unnest', type: elem, typmod: args[0].typmod }],
    scalar: true,
  };
});
