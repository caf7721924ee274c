/**
 * Array functions: SQLite UDFs (lumos_array_*) over the JSON storage form (array-core.ts) and the PG
 * functions translated onto them (array_length, array_append, array_to_string, string_to_array...).
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { arrayOidOf, elementOidOf, isArrayOid, OID } from '../../../protocol/types/oids.js';
import {
  type Arr,
  arrCmp,
  arrConcat,
  arrSortKey,
  checkRect,
  dims,
  elemEq,
  flatten,
  fromElem,
  getElem,
  parseArr,
  setElem,
  slice,
  toElem,
} from './array-core.js';
import { coerce, type Expr, toTextSql } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { codecFromJson, numericSortKey, storageToText } from './functions.js';
import { defineSetReturning, defineSqliteTable } from './srf.js';
import type { StorageValue } from './storage.js';

type V = StorageValue | undefined;
const isNull = (v: V) => v === null || v === undefined;
const J = (a: Arr) => JSON.stringify(a);
const num = (v: V) => (isNull(v) ? null : Number(v));

defineSqliteFunctions((db) => {
  const fn = (name: string, f: (...args: any[]) => unknown, varargs = false) =>
    db.function(name, { deterministic: true, safeIntegers: true, varargs }, f as never);
  fn(
    'lumos_array_get',
    (arr: V, elem: V, ...subs: V[]) => {
      const a = parseArr(arr);
      if (!a || subs.some(isNull)) return null;
      return fromElem(getElem(a, subs.map(Number)), Number(elem));
    },
    true,
  );
  fn(
    'lumos_array_slice',
    (arr: V, ...b: V[]) => {
      const a = parseArr(arr);
      if (!a) return null;
      const bounds: [number | null, number | null][] = [];
      for (let i = 0; i < b.length; i += 2) bounds.push([num(b[i]), num(b[i + 1])]);
      return J(slice(a, bounds));
    },
    true,
  );
  fn(
    'lumos_array_set',
    (arr: V, v: V, ...subs: V[]) => {
      if (subs.some(isNull)) throw new PgError('22004', 'array subscript in assignment must not be null');
      return J(setElem(parseArr(arr), subs.map(Number), toElem(v)));
    },
    true,
  );
  // Multidimensional constructor / aggregate: sub-arrays must be rectangular.
  fn('lumos_array_md', (arr: V, agg: V) => {
    const a = parseArr(arr);
    if (!a) return null;
    if (Number(agg)) {
      if (a.some((x) => x === null)) throw new PgError('22004', 'cannot accumulate null arrays');
      if (a.some((x) => Array.isArray(x) && x.length === 0))
        throw new PgError('2202E', 'cannot accumulate empty arrays');
      const d = dims(a[0] as Arr).join();
      if (a.some((x) => dims(x as Arr).join() !== d))
        throw new PgError('2202E', 'cannot accumulate arrays of different dimensionality');
    }
    return J(checkRect(a.map((x) => x ?? [])));
  });
  fn('lumos_array_cat', (a: V, b: V) => {
    const r = arrConcat(parseArr(a), parseArr(b));
    return r && J(r);
  });
  fn('lumos_array_append', (a: V, e: V) => J([...(parseArr(a) ?? []), toElem(e)]));
  fn('lumos_array_prepend', (e: V, a: V) => J([toElem(e), ...(parseArr(a) ?? [])]));
  fn('lumos_array_cmp', (a: V, b: V, elem: V) => {
    const x = parseArr(a);
    const y = parseArr(b);
    return x && y ? arrCmp(x, y, Number(elem)) : null;
  });
  fn('lumos_array_sortkey', (a: V, elem: V) => {
    const x = parseArr(a);
    return x && arrSortKey(x, Number(elem), (s) => numericSortKey(s) ?? '');
  });
  fn('lumos_array_contains', (a: V, b: V, elem: V, mode: V) => {
    // mode 0: a @> b, 1: a && b
    const x = parseArr(a);
    const y = parseArr(b);
    if (!x || !y) return null;
    const fx = flatten(x);
    const fy = flatten(y);
    const o = Number(elem);
    const has = (e: unknown) => fx.some((z) => elemEq(z, e, o));
    return (Number(mode) === 0 ? fy.every(has) : fy.some(has)) ? 1 : 0;
  });
  fn('lumos_array_dim', (a: V, what: V, dim: V) => {
    const x = parseArr(a);
    if (!x) return null;
    const d = dims(x);
    const w = String(what);
    if (w === 'ndims') return d.length || null;
    if (w === 'cardinality') return d.length ? d.reduce((p, c) => p * c, 1) : 0;
    if (w === 'dims') return d.length ? d.map((n) => `[1:${n}]`).join('') : null;
    const k = Number(dim);
    if (isNull(dim) || k < 1 || k > d.length) return null;
    return w === 'lower' ? 1 : d[k - 1];
  });
  fn('lumos_array_remove', (a: V, e: V, elem: V) => {
    const x = parseArr(a);
    if (!x) return null;
    if (dims(x).length > 1)
      throw new PgError(
        SQLSTATE.FEATURE_NOT_SUPPORTED,
        'removing elements from multidimensional arrays is not supported',
      );
    const v = toElem(e);
    return J(x.filter((z) => !(v === null ? z === null : elemEq(z, v, Number(elem)))));
  });
  fn('lumos_array_replace', (a: V, e: V, r: V, elem: V) => {
    const x = parseArr(a);
    if (!x) return null;
    const v = toElem(e);
    const rep = (z: unknown): unknown =>
      Array.isArray(z) ? z.map(rep) : (v === null ? z === null : elemEq(z, v, Number(elem))) ? toElem(r) : z;
    return J(x.map(rep));
  });
  fn('lumos_array_positions', (a: V, e: V, elem: V, start: V, all: V) => {
    const x = parseArr(a);
    if (!x) return null;
    if (dims(x).length > 1)
      throw new PgError(
        SQLSTATE.FEATURE_NOT_SUPPORTED,
        'searching for elements in multidimensional arrays is not supported',
      );
    const v = toElem(e);
    const out: number[] = [];
    for (let i = isNull(start) ? 0 : Number(start) - 1; i < x.length; i++) {
      if (i < 0) continue;
      if (v === null ? x[i] === null : elemEq(x[i], v, Number(elem))) {
        if (!Number(all)) return i + 1;
        out.push(i + 1);
      }
    }
    return Number(all) ? J(out) : null;
  });
  fn('lumos_array_to_string', (a: V, sep: V, nul: V, elem: V, ctx: V) => {
    const x = parseArr(a);
    if (!x || isNull(sep)) return null;
    const c = codecFromJson(ctx);
    const o = Number(elem);
    const parts: string[] = [];
    for (const e of flatten(x)) {
      if (e === null) {
        if (!isNull(nul)) parts.push(String(nul));
      } else parts.push(storageToText(o, fromElem(e, o) as V, c) ?? '');
    }
    return parts.join(String(sep));
  });
  fn('lumos_array_fill', (v: V, d: V, lb: V) => {
    const ds = parseArr(d) as number[] | null;
    if (!ds) throw new PgError('22004', 'dimension array or low bound array cannot be null');
    if (!isNull(lb) && (parseArr(lb) as number[]).some((x) => x !== 1))
      throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'array lower bounds other than 1 are not supported');
    const e = toElem(v);
    const build = (k: number): Arr => Array.from({ length: ds[k] }, () => (k + 1 < ds.length ? build(k + 1) : e));
    return ds.length && ds.every((x) => x > 0) ? J(build(0)) : '[]';
  });
});

// ---- translation ----

const mk = (sql: string, type: number): Expr => ({ sql, type, typmod: -1 });
const int = (ctx: ExprCtx, e: Expr, n: unknown) => coerce(ctx.t, e, OID.int4, -1, 'implicit', n as never);

/** The array argument (an untyped literal can't be resolved without the other arguments). */
const isArr = (e: Expr) => isArrayOid(e.type);

/** Element argument coerced to the array's element type. */
function elemArg(ctx: ExprCtx, arr: Expr, e: Expr, n: unknown): Expr | undefined {
  const elem = elementOidOf(arr.type);
  if (e.type === elem || e.type === OID.unknown) return coerce(ctx.t, e, elem, -1, 'implicit', n as never);
  try {
    return coerce(ctx.t, e, elem, -1, 'implicit', n as never);
  } catch {
    return undefined;
  }
}

function dimFn(what: string, withDim: boolean, type: number) {
  return (ctx: ExprCtx, a: Expr[], n: unknown) => {
    if (a.length !== (withDim ? 2 : 1) || !isArr(a[0])) return undefined;
    const d = withDim ? int(ctx, a[1], n).sql : 'NULL';
    return mk(`lumos_array_dim(${a[0].sql}, '${what}', ${d})`, type);
  };
}
defineScalar('array_length', dimFn('length', true, OID.int4));
defineScalar('array_upper', dimFn('upper', true, OID.int4));
defineScalar('array_lower', dimFn('lower', true, OID.int4));
defineScalar('array_ndims', dimFn('ndims', false, OID.int4));
defineScalar('array_dims', dimFn('dims', false, OID.text));
defineScalar('cardinality', dimFn('cardinality', false, OID.int4));

defineScalar('array_append', (ctx, a, n) => {
  if (a.length !== 2 || !isArr(a[0])) return;
  const e = elemArg(ctx, a[0], a[1], n);
  return e && mk(`lumos_array_append(${a[0].sql}, ${e.sql})`, a[0].type);
});
defineScalar('array_prepend', (ctx, a, n) => {
  if (a.length !== 2 || !isArr(a[1])) return;
  const e = elemArg(ctx, a[1], a[0], n);
  return e && mk(`lumos_array_prepend(${e.sql}, ${a[1].sql})`, a[1].type);
});
defineScalar('array_cat', (ctx, a, n) => {
  if (a.length !== 2) return;
  const type = isArr(a[0]) ? a[0].type : a[1].type;
  if (!isArrayOid(type)) return;
  const [x, y] = a.map((e) => coerce(ctx.t, e, type, -1, 'implicit', n));
  return mk(`lumos_array_cat(${x.sql}, ${y.sql})`, type);
});
defineScalar('array_remove', (ctx, a, n) => {
  if (a.length !== 2 || !isArr(a[0])) return;
  const e = elemArg(ctx, a[0], a[1], n);
  return e && mk(`lumos_array_remove(${a[0].sql}, ${e.sql}, ${elementOidOf(a[0].type)})`, a[0].type);
});
defineScalar('array_replace', (ctx, a, n) => {
  if (a.length !== 3 || !isArr(a[0])) return;
  const e = elemArg(ctx, a[0], a[1], n);
  const r = elemArg(ctx, a[0], a[2], n);
  return e && r && mk(`lumos_array_replace(${a[0].sql}, ${e.sql}, ${r.sql}, ${elementOidOf(a[0].type)})`, a[0].type);
});
for (const [name, all] of [
  ['array_position', 0],
  ['array_positions', 1],
] as const) {
  defineScalar(name, (ctx, a, n) => {
    if (a.length < 2 || a.length > 2 + (1 - all) || !isArr(a[0])) return;
    const e = elemArg(ctx, a[0], a[1], n);
    const start = a[2] ? int(ctx, a[2], n).sql : 'NULL';
    const elem = elementOidOf(a[0].type);
    return (
      e && mk(`lumos_array_positions(${a[0].sql}, ${e.sql}, ${elem}, ${start}, ${all})`, all ? OID._int4 : OID.int4)
    );
  });
}
defineScalar('array_to_string', (ctx, a, n) => {
  if (a.length < 2 || a.length > 3 || !isArr(a[0])) return;
  const t = (e: Expr) =>
    e.type === OID.unknown
      ? coerce(ctx.t, e, OID.text, -1, 'implicit', n)
      : { ...e, sql: toTextSql(ctx.t, e.sql, e.type) };
  const nul = a[2] ? t(a[2]).sql : 'NULL';
  return mk(
    `lumos_array_to_string(${a[0].sql}, ${t(a[1]).sql}, ${nul}, ${elementOidOf(a[0].type)}, ${ctx.t.codecSql()})`,
    OID.text,
  );
});
defineScalar('array_fill', (ctx, a, n) => {
  if (a.length < 2 || a.length > 3) return;
  const v = a[0].type === OID.unknown ? coerce(ctx.t, a[0], OID.text, -1, 'implicit', n) : a[0];
  const arr = arrayOidOf(v.type);
  if (!arr) return;
  const d = coerce(ctx.t, a[1], OID._int4, -1, 'implicit', n);
  const lb = a[2] ? coerce(ctx.t, a[2], OID._int4, -1, 'implicit', n).sql : 'NULL';
  return mk(`lumos_array_fill(${v.sql}, ${d.sql}, ${lb})`, arr);
});

// generate_subscripts(arr, dim [, reverse]): 1..length of that dimension (lower bounds are always 1).
defineSqliteTable('lumos_generate_subscripts', {
  columns: ['value'],
  parameters: ['arr', 'dim', 'rev'],
  *rows(arr: V, dim: V, rev: V) {
    const a = parseArr(arr);
    if (!a || isNull(dim)) return;
    const n = dims(a)[Number(dim) - 1] ?? 0;
    for (let i = 1; i <= n; i++) yield [Number(rev) ? n - i + 1 : i];
  },
});
defineSetReturning('generate_subscripts', (ctx, a, n) => {
  if (a.length < 2 || a.length > 3 || !isArr(a[0])) return undefined;
  const rev = a[2] ? coerce(ctx.t, a[2], OID.bool, -1, 'implicit', n).sql : '0';
  return {
    table: 'lumos_generate_subscripts',
    args: [a[0].sql, int(ctx, a[1], n).sql, rev],
    columns: [{ name: 'generate_subscripts', type: OID.int4, typmod: -1 }],
    scalar: true,
  };
});
