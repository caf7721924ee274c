/**
 * Aggregates beyond SQLite's own: statistics (stddev/variance/corr/regr_*, with PG's float8 Youngs-Cramer and
 * exact numeric algorithms), ordered-set aggregates (percentile_cont/disc, mode), bit_and/bit_or/bit_xor, and
 * PG-exact variants of sum/avg (float sums without compensation, int8 sums as numeric), string_agg on bytea
 * and with DISTINCT. builtins.ts asks lookupAggregate() before its own cases.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { arrayOidOf, OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr, isFloat, isInt, isNumberType, isTextLike, toTextSql } from './coerce.js';
import { enumFromSortKey, enumOf, enumSortKey } from './enum-core.js';
import { type ExprCtx, expr } from './expr.js';
import { type Iv, ivIn, ivOut } from './fn-datetime.js';
import { aggregateOverloads, defineSqliteFunctions } from './fn-registry.js';
import { isNull, mk, type V } from './fn-util.js';
import { defineFramedAggregate, isFramedAggregate, windowAggregateName } from './fn-window-agg.js';
import { type Dec, decAdd, decDiv, decMul, decRound, decSub, decToString, parseDec } from './numeric.js';

export interface AggParts {
  distinct: boolean;
  /** ' ORDER BY ...' of the call (as builtins.ts renders it), or ''. */
  order: string;
  /** ' FILTER (WHERE ...)' or '', and ' OVER (...)' for a window aggregate. */
  suffix: string;
  /** A window aggregate whose frame head moves (fn-window-agg.ts). */
  movingFrame?: boolean;
}
export type AggregateFn = (ctx: ExprCtx, args: Expr[], parts: AggParts, n: Node) => Expr | undefined;

const registry = new Map<string, AggregateFn>();
function defineAggregate(name: string, fn: AggregateFn): void {
  registry.set(name, fn);
}
export function lookupAggregate(name: string): AggregateFn | undefined {
  const base = registry.get(name);
  // A type's own variants (sum(money), bit_and(bit): fn-registry.ts) come first.
  const own = aggregateOverloads(name);
  if (!own) return base;
  return (ctx, a, p, n) => {
    for (const fn of own) {
      const r = fn(ctx, a, p, n);
      if (r) return r;
    }
    return base?.(ctx, a, p, n);
  };
}

const noFunction = (ctx: ExprCtx, name: string, args: Expr[], n: Node) =>
  ctx.t.error(
    SQLSTATE.UNDEFINED_FUNCTION,
    `function ${name}(${args.map((a) => ctx.t.typeName(a.type)).join(', ')}) does not exist`,
    n,
    { hint: 'No function matches the given name and argument types. You might need to add explicit type casts.' },
  );

const call = (fn: string, inside: string, p: AggParts, withOrder = true) =>
  `${windowAggregateName(fn, p.movingFrame)}(${p.distinct ? 'DISTINCT ' : ''}${inside}${withOrder ? p.order : ''})${p.suffix}`;

const numArg = (ctx: ExprCtx, e: Expr, n: Node) =>
  e.type === OID.unknown ? coerce(ctx.t, e, OID.numeric, -1, 'implicit', n) : e;

defineAggregate('sum', (_ctx, a, p, n) => {
  if (a.length !== 1) return undefined;
  const x = a[0];
  // PG adds floats without compensation (SQLite's sum() is Kahan-Babuska) and checks overflow.
  if (x.type === OID.float4) return mk(call('lumos_float_sum', `${x.sql}, 1`, p), OID.float4);
  if (x.type === OID.float8) return mk(call('lumos_float_sum', `${x.sql}, 0`, p), OID.float8);
  if (x.type === OID.int8) return mk(call('lumos_num_sum', x.sql, p), OID.numeric);
  void n;
  return undefined;
});

// count(DISTINCT numeric): 1.10 and 1.1 are one value (numeric is stored as text).
defineAggregate('count', (_ctx, a, p) => {
  if (!p.distinct || a.length !== 1) return undefined;
  const x = a[0];
  const key =
    x.type === OID.numeric
      ? `lumos_num_sortkey(${x.sql})`
      : x.type === OID.interval
        ? `lumos_interval_sortkey(${x.sql})`
        : undefined;
  return key ? mk(call('count', key, p, false), OID.int8) : undefined;
});

defineAggregate('avg', (ctx, a, p, n) => {
  if (a.length !== 1) return undefined;
  const x = a[0];
  if (isFloat(x.type)) return mk(call('lumos_float_stat', `${x.sql}, 'avg'`, p), OID.float8);
  if (x.type === OID.interval) return mk(call('lumos_interval_avg', x.sql, p), OID.interval);
  void ctx;
  void n;
  return undefined;
});

for (const name of ['min', 'max']) {
  defineAggregate(name, (ctx, a, p, n) => {
    if (a.length !== 1) return undefined;
    const x = a[0];
    if (x.type === OID.bytea) throw noFunction(ctx, name, a, n);
    if (x.type === OID.interval) return mk(call(`lumos_interval_${name}`, x.sql, p), OID.interval);
    // Enums: the extreme rank in the declared sort order, back to its label (enum-core.ts).
    const en = enumOf(ctx.t, x.type);
    if (en) return mk(enumFromSortKey(en, call(name, enumSortKey(en, x.sql), p)), x.type);
    return undefined;
  });
}

defineAggregate('string_agg', (ctx, a, p, n) => {
  if (a.length !== 2) return undefined;
  const [x, s] = a;
  if (x.type === OID.bytea) {
    const sep = coerce(ctx.t, s, OID.bytea, -1, 'implicit', n);
    return mk(call('lumos_bytea_agg', `${x.sql}, ${sep.sql}`, p), OID.bytea);
  }
  if (!p.distinct) return undefined;
  if (x.type !== OID.unknown && !isTextLike(x.type)) return undefined;
  // SQLite's DISTINCT takes one argument: pair value and separator (PG's DISTINCT covers both too).
  const v = x.type === OID.unknown ? coerce(ctx.t, x, OID.text, -1, 'implicit', n) : x;
  const sep = coerce(ctx.t, s, OID.text, -1, 'implicit', n);
  return mk(call('lumos_string_agg_pair', `json_array(${toTextSql(ctx.t, v.sql, v.type)}, ${sep.sql})`, p), OID.text);
});

for (const name of ['stddev', 'stddev_samp', 'stddev_pop', 'variance', 'var_samp', 'var_pop']) {
  const kind = name === 'stddev' ? 'stddev_samp' : name === 'variance' ? 'var_samp' : name;
  defineAggregate(name, (ctx, a, p, n) => {
    if (a.length !== 1) return undefined;
    const x = numArg(ctx, a[0], n);
    if (isFloat(x.type)) return mk(call('lumos_float_stat', `${x.sql}, '${kind}'`, p), OID.float8);
    if (isInt(x.type) || x.type === OID.numeric) {
      const v = x.type === OID.numeric ? x.sql : `CAST(${x.sql} AS TEXT)`;
      return mk(call('lumos_num_stat', `${v}, '${kind}'`, p), OID.numeric);
    }
    return undefined;
  });
}

const REGR = [
  'corr',
  'covar_pop',
  'covar_samp',
  'regr_count',
  'regr_avgx',
  'regr_avgy',
  'regr_slope',
  'regr_intercept',
  'regr_r2',
  'regr_sxx',
  'regr_syy',
  'regr_sxy',
];
for (const name of REGR) {
  defineAggregate(name, (ctx, a, p, n) => {
    if (a.length !== 2 || a.some((x) => x.type !== OID.unknown && !isNumberType(x.type))) return undefined;
    const [y, x] = a.map((e) => coerce(ctx.t, e, OID.float8, -1, 'implicit', n));
    return mk(call('lumos_regr', `${y.sql}, ${x.sql}, '${name}'`, p), name === 'regr_count' ? OID.int8 : OID.float8);
  });
}

for (const name of ['bit_and', 'bit_or', 'bit_xor']) {
  defineAggregate(name, (ctx, a, p, n) => {
    if (a.length !== 1) return undefined;
    const x = a[0].type === OID.unknown ? coerce(ctx.t, a[0], OID.int4, -1, 'implicit', n) : a[0];
    if (!isInt(x.type)) return undefined;
    return mk(call('lumos_bit_agg', `${x.sql}, '${name}'`, p), x.type);
  });
}

/** ORDER BY of WITHIN GROUP: the value to aggregate and an SQLite ordering that respects PG's type order. */
function withinGroup(ctx: ExprCtx, n: Node): { value: Expr; order: string } {
  const sb = n.agg_order?.[0]?.SortBy;
  if (!sb || n.agg_order.length !== 1)
    throw ctx.t.error(SQLSTATE.UNDEFINED_FUNCTION, 'ordered-set aggregate needs one ORDER BY', n);
  const value = expr(ctx, sb.node);
  const desc = sb.sortby_dir === 'SORTBY_DESC';
  const key =
    value.type === OID.numeric
      ? `lumos_num_sortkey(${value.sql})`
      : value.type === OID.interval
        ? `lumos_interval_sortkey(${value.sql})`
        : value.sql;
  return { value, order: ` ORDER BY ${key}${desc ? ' DESC' : ''}` };
}

for (const name of ['percentile_cont', 'percentile_disc']) {
  defineAggregate(name, (ctx, a, p, n) => {
    if (!n.agg_within_group || a.length !== 1) return undefined;
    const { value, order } = withinGroup(ctx, n);
    const arrayArg = a[0].type === OID._float8 || a[0].type === OID._numeric;
    // Array fractions are JSON arrays of numbers or numeric strings: the UDF reads both.
    const frac = arrayArg ? a[0] : coerce(ctx.t, a[0], OID.float8, -1, 'implicit', n);
    let v = value;
    let type = value.type;
    if (name === 'percentile_cont') {
      if (value.type === OID.interval) type = OID.interval;
      else {
        v = coerce(ctx.t, value, OID.float8, -1, 'implicit', n);
        type = OID.float8;
      }
    }
    const kind = name === 'percentile_cont' ? (type === OID.interval ? 'cont_iv' : 'cont') : 'disc';
    const sql = `lumos_percentile(${frac.sql}, ${v.sql}, '${kind}', ${arrayArg ? 1 : 0}${order})${p.suffix}`;
    const outType = arrayArg ? arrayOidOf(type) : type;
    if (!outType) return undefined;
    return { ...mk(sql, outType), typmod: name === 'percentile_disc' && !arrayArg ? value.typmod : -1 };
  });
}

defineAggregate('mode', (ctx, a, p, n) => {
  if (!n.agg_within_group || a.length !== 0) return undefined;
  const { value, order } = withinGroup(ctx, n);
  return { ...mk(`lumos_mode(${value.sql}${order})${p.suffix}`, value.type), typmod: value.typmod };
});

const overflow = () => new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: overflow');

function numStat(sum: Dec, sum2: Dec, n: number, kind: string): string | null {
  const sample = kind.endsWith('samp');
  if (n === 0 || (sample && n === 1)) return null;
  // PG numeric_stddev_internal: (N*sum(x^2) - sum(x)^2) / (N*(N-1) or N*N), sqrt for stddev.
  const N: Dec = { neg: false, digits: BigInt(n), scale: 0 };
  const num = decSub(decMul(N, sum2), decMul(sum, sum));
  // A zero (or, from roundoff, negative) numerator is PG's constant 0, without scale.
  if (num.neg || num.digits === 0n) return '0';
  const den = decMul(N, { neg: false, digits: BigInt(sample ? n - 1 : n), scale: 0 });
  const v = decDiv(num, den);
  if (!kind.startsWith('stddev')) return decToString(v);
  // Square root to the same scale, rounded.
  const scaled = v.digits * 10n ** BigInt(v.scale + 2);
  const r = isqrt(scaled);
  return decToString(decRound({ neg: false, digits: r, scale: v.scale + 1 }, v.scale));
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x && x * x <= n && (x + 1n) * (x + 1n) > n) return x;
    x = y;
  }
}

/** C's rint(): halves to even. */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const ivKey = (x: Iv) => (x.months * 30 + x.days) * 86_400_000_000 + x.micros;

defineSqliteFunctions((db) => {
  // Window-capable over any frame (fn-window-agg.ts), except those PG does not allow with OVER.
  const agg = (name: string, o: object) =>
    isFramedAggregate(name) ? defineFramedAggregate(db, name, o as never) : db.aggregate(name, o as never);
  agg('lumos_float_sum', {
    start: () => ({ s: null as number | null }),
    step: (acc: { s: number | null }, v: V, f4: V) => {
      if (isNull(v)) return acc;
      const x = Number(v);
      const s = acc.s === null ? x : acc.s + x;
      if (!Number.isFinite(s) && Number.isFinite(x) && (acc.s === null || Number.isFinite(acc.s))) throw overflow();
      acc.s = Number(f4) ? Math.fround(s) : s;
      return acc;
    },
    result: (acc: { s: number | null }) => acc.s,
  });
  type Yc = { n: number; sx: number; sxx: number };
  agg('lumos_float_stat', {
    start: () => ({ n: 0, sx: 0, sxx: 0, kind: '' }),
    step: (acc: Yc & { kind: string }, v: V, kind: V) => {
      acc.kind = String(kind);
      if (isNull(v)) return acc;
      const x = Number(v);
      const n0 = acc.n;
      const sx0 = acc.sx;
      acc.n += 1;
      acc.sx += x;
      if (n0 > 0) {
        const tmp = x * acc.n - acc.sx;
        acc.sxx += (tmp * tmp) / (acc.n * n0);
        // PG's float8_accum: finite inputs giving an infinite sum of squares is an overflow error.
        if (!Number.isFinite(acc.sx) || !Number.isFinite(acc.sxx)) {
          if (Number.isFinite(sx0) && Number.isFinite(x)) throw overflow();
          acc.sxx = Number.NaN;
        }
      } else if (!Number.isFinite(x)) acc.sxx = Number.NaN;
      return acc;
    },
    result: (acc: Yc & { kind: string }) => {
      if (acc.kind === 'avg') return acc.n ? acc.sx / acc.n : null;
      const sample = acc.kind.endsWith('samp');
      if (acc.n === 0 || (sample && acc.n === 1)) return null;
      const v = acc.sxx / (sample ? acc.n - 1 : acc.n);
      return acc.kind.startsWith('stddev') ? Math.sqrt(v) : v;
    },
  });
  type Ns = { sum: Dec; sum2: Dec; n: number; kind: string };
  agg('lumos_num_stat', {
    start: () => ({
      sum: { neg: false, digits: 0n, scale: 0 },
      sum2: { neg: false, digits: 0n, scale: 0 },
      n: 0,
      kind: '',
    }),
    step: (acc: Ns, v: V, kind: V) => {
      acc.kind = String(kind);
      const d = parseDec(v);
      if (!d) return acc;
      acc.sum = decAdd(acc.sum, d);
      acc.sum2 = decAdd(acc.sum2, decMul(d, d));
      acc.n++;
      return acc;
    },
    result: (acc: Ns) => numStat(acc.sum, acc.sum2, acc.n, acc.kind),
    safeIntegers: true,
  });
  type Rg = { n: number; sx: number; sxx: number; sy: number; syy: number; sxy: number; kind: string };
  agg('lumos_regr', {
    start: () => ({ n: 0, sx: 0, sxx: 0, sy: 0, syy: 0, sxy: 0, kind: '' }),
    step: (acc: Rg, yv: V, xv: V, kind: V) => {
      acc.kind = String(kind);
      if (isNull(yv) || isNull(xv)) return acc;
      const [y, x] = [Number(yv), Number(xv)];
      const n0 = acc.n;
      acc.n += 1;
      acc.sx += x;
      acc.sy += y;
      if (n0 > 0) {
        const tx = x * acc.n - acc.sx;
        const ty = y * acc.n - acc.sy;
        const scale = 1 / (acc.n * n0);
        acc.sxx += tx * tx * scale;
        acc.syy += ty * ty * scale;
        acc.sxy += tx * ty * scale;
      }
      return acc;
    },
    result: (a: Rg) => {
      if (a.kind === 'regr_count') return a.n;
      if (a.n < 1 || (a.kind === 'covar_samp' && a.n < 2)) return null;
      switch (a.kind) {
        case 'corr':
          return a.sxx === 0 || a.syy === 0 ? null : a.sxy / Math.sqrt(a.sxx * a.syy);
        case 'covar_pop':
          return a.sxy / a.n;
        case 'covar_samp':
          return a.sxy / (a.n - 1);
        case 'regr_avgx':
          return a.sx / a.n;
        case 'regr_avgy':
          return a.sy / a.n;
        case 'regr_slope':
          return a.sxx === 0 ? null : a.sxy / a.sxx;
        case 'regr_intercept':
          return a.sxx === 0 ? null : (a.sy - (a.sx * a.sxy) / a.sxx) / a.n;
        case 'regr_r2':
          return a.sxx === 0 ? null : a.syy === 0 ? 1 : (a.sxy * a.sxy) / (a.sxx * a.syy);
        case 'regr_sxx':
          return a.sxx;
        case 'regr_syy':
          return a.syy;
        default:
          return a.sxy;
      }
    },
  });
  agg('lumos_bit_agg', {
    start: () => ({ v: null as bigint | null, kind: '' }),
    step: (acc: { v: bigint | null; kind: string }, v: V, kind: V) => {
      if (isNull(v)) return acc;
      const x = BigInt(v as number);
      const k = String(kind);
      acc.v = acc.v === null ? x : k === 'bit_and' ? acc.v & x : k === 'bit_or' ? acc.v | x : acc.v ^ x;
      return acc;
    },
    result: (acc: { v: bigint | null }) => acc.v,
    safeIntegers: true,
  });
  agg('lumos_interval_avg', {
    start: () => ({ s: { months: 0, days: 0, micros: 0 } as Iv, n: 0 }),
    step: (acc: { s: Iv; n: number }, v: V) => {
      if (isNull(v)) return acc;
      const x = ivIn(v);
      acc.s = { months: acc.s.months + x.months, days: acc.s.days + x.days, micros: acc.s.micros + x.micros };
      acc.n++;
      return acc;
    },
    result: (acc: { s: Iv; n: number }) => {
      if (!acc.n) return null;
      // PG's interval_div: months and days divide separately; their fractions cascade (30-day months) into
      // seconds rounded to microseconds; whole days of those seconds carry back into days.
      const { months, days, micros } = acc.s;
      const n = acc.n;
      const tsRound = (x: number) => Math.round(x * 1e6) / 1e6;
      const m = Math.trunc(months / n);
      let d = Math.trunc(days / n);
      const monthDays = tsRound((months / n - m) * 30);
      let secs = tsRound((days / n - d + monthDays - Math.trunc(monthDays)) * 86_400);
      if (Math.abs(secs) >= 86_400) {
        d += Math.trunc(secs / 86_400);
        secs -= Math.trunc(secs / 86_400) * 86_400;
      }
      d += Math.trunc(monthDays);
      return ivOut({ months: m, days: d, micros: rint(micros / n + secs * 1e6) });
    },
  });
  for (const [name, sign] of [
    ['lumos_interval_min', -1],
    ['lumos_interval_max', 1],
  ] as const) {
    agg(name, {
      start: () => ({ best: null as Iv | null }),
      step: (acc: { best: Iv | null }, v: V) => {
        if (isNull(v)) return acc;
        const x = ivIn(v);
        // The last of equal extremes wins ('1 day' vs '24 hours'), as in PG's interval_smaller.
        if (!acc.best || Math.sign(ivKey(x) - ivKey(acc.best)) !== -sign) acc.best = x;
        return acc;
      },
      result: (acc: { best: Iv | null }) => (acc.best ? ivOut(acc.best) : null),
    });
  }
  agg('lumos_bytea_agg', {
    start: () => ({ parts: [] as Buffer[], seps: [] as Buffer[] }),
    step: (acc: { parts: Buffer[]; seps: Buffer[] }, v: V, sep: V) => {
      if (isNull(v)) return acc;
      if (acc.parts.length) acc.seps.push(isNull(sep) ? Buffer.alloc(0) : (sep as Buffer));
      acc.parts.push(v as Buffer);
      return acc;
    },
    result: (acc: { parts: Buffer[]; seps: Buffer[] }) => {
      if (!acc.parts.length) return null;
      const out: Buffer[] = [acc.parts[0]];
      for (let i = 1; i < acc.parts.length; i++) out.push(acc.seps[i - 1], acc.parts[i]);
      return Buffer.concat(out);
    },
  });
  agg('lumos_string_agg_pair', {
    start: () => ({ out: null as string | null }),
    step: (acc: { out: string | null }, pair: V) => {
      const [v, sep] = JSON.parse(String(pair)) as [string | null, string | null];
      if (v === null) return acc;
      acc.out = acc.out === null ? v : acc.out + (sep ?? '') + v;
      return acc;
    },
    result: (acc: { out: string | null }) => acc.out,
  });
  type Pc = { frac: V; vals: V[]; kind: string; arr: boolean };
  agg('lumos_percentile', {
    start: () => ({ frac: null, vals: [], kind: '', arr: false }),
    step: (acc: Pc, frac: V, v: V, kind: V, arr: V) => {
      acc.frac = frac;
      acc.kind = String(kind);
      acc.arr = Number(arr) === 1;
      if (!isNull(v)) acc.vals.push(v);
      return acc;
    },
    result: (acc: Pc) => {
      if (!acc.vals.length || isNull(acc.frac)) return null;
      const one = (f: number) => percentile(acc.vals, f, acc.kind);
      if (!acc.arr) return one(Number(acc.frac));
      const fs = JSON.parse(String(acc.frac)) as (number | string | null)[];
      return JSON.stringify(fs.map((f) => (f === null ? null : one(Number(f)))));
    },
    safeIntegers: true,
  });
  agg('lumos_mode', {
    start: () => ({ best: null as V, bestN: 0, cur: null as V, curN: 0 }),
    step: (acc: { best: V; bestN: number; cur: V; curN: number }, v: V) => {
      if (isNull(v)) return acc;
      // Values arrive sorted: count runs, the first longest run wins (PG's tie rule).
      if (acc.curN && (acc.cur === v || String(acc.cur) === String(v))) acc.curN++;
      else [acc.cur, acc.curN] = [v, 1];
      if (acc.curN > acc.bestN) [acc.best, acc.bestN] = [acc.cur, acc.curN];
      return acc;
    },
    result: (acc: { best: V }) => acc.best ?? null,
    safeIntegers: true,
  });
});

function percentile(vals: V[], f: number, kind: string): V {
  if (!(f >= 0 && f <= 1) || Number.isNaN(f))
    throw new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, `percentile value ${f} is not between 0 and 1`);
  const n = vals.length;
  if (kind === 'disc') {
    // First value whose cumulative position reaches f.
    const k = Math.max(Math.ceil(f * n) - 1, 0);
    return vals[k];
  }
  const pos = f * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  if (kind === 'cont_iv') {
    const a = ivIn(vals[lo]);
    const b = ivIn(vals[hi]);
    const t = pos - lo;
    if (lo === hi) return ivOut(a);
    const lerp = (x: number, y: number) => x + (y - x) * t;
    const months = lerp(a.months, b.months);
    const m = Math.trunc(months);
    const days = lerp(a.days, b.days) + (months - m) * 30;
    const d = Math.trunc(days);
    return ivOut({ months: m, days: d, micros: Math.round(lerp(a.micros, b.micros) + (days - d) * 86_400_000_000) });
  }
  const a = Number(vals[lo]);
  const b = Number(vals[hi]);
  return lo === hi ? a : a + (b - a) * (pos - lo);
}
