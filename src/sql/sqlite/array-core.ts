/**
 * Array algorithms over the storage form (JSON text of nested arrays, elements in their storage form:
 * numbers, strings; int8 beyond 2^53 and numeric as strings, bytea as "\x.." strings). Lower bounds are
 * always 1 (storage.ts); anything that would need another lower bound is refused with 0A000.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import { decCmp, parseDec } from './numeric.js';
import { INTEGER_STORED } from './storage.js';

export type Arr = unknown[];

export function parseArr(v: unknown): Arr | null {
  if (v === null || v === undefined) return null;
  return JSON.parse(Buffer.isBuffer(v) ? v.toString() : String(v)) as Arr;
}

export function dims(a: Arr): number[] {
  const d: number[] = [];
  let cur: unknown = a;
  while (Array.isArray(cur) && cur.length) {
    d.push(cur.length);
    cur = cur[0];
  }
  return d;
}

export function flatten(a: Arr): unknown[] {
  return a.flat(Number.POSITIVE_INFINITY);
}

/** Element storage value (SQLite) -> JSON element value. */
export function toElem(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v.toString();
  if (Buffer.isBuffer(v)) return `\\x${v.toString('hex')}`;
  return v;
}

/** JSON element value -> SQLite value of the element type. */
export function fromElem(e: unknown, elemOid: number): unknown {
  if (e === null || e === undefined) return null;
  if (elemOid === OID.int8 && typeof e === 'string') return BigInt(e);
  if (elemOid === OID.bytea && typeof e === 'string') return Buffer.from(e.slice(2), 'hex');
  if (typeof e === 'number' && Number.isInteger(e) && INTEGER_STORED.has(elemOid)) return BigInt(e);
  return e;
}

/** Element comparison with the element type's semantics (NULLs excluded by the caller). */
export function elemCmp(a: unknown, b: unknown, elemOid: number): number {
  if (elemOid === OID.numeric) {
    const x = parseDec(a as never);
    const y = parseDec(b as never);
    if (x && y) return decCmp(x, y);
  }
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (INTEGER_STORED.has(elemOid)) {
    const x = BigInt(a as number);
    const y = BigInt(b as number);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = String(a);
  const y = String(b);
  if (x === y) return 0;
  return Buffer.compare(Buffer.from(x), Buffer.from(y));
}

export const elemEq = (a: unknown, b: unknown, elemOid: number) =>
  a !== null && b !== null && elemCmp(a, b, elemOid) === 0;

/** PG's array_cmp: element by element (NULL sorts after everything), then element count, then dimensions. */
export function arrCmp(a: Arr, b: Arr, elemOid: number): number {
  const fa = flatten(a);
  const fb = flatten(b);
  const n = Math.min(fa.length, fb.length);
  for (let i = 0; i < n; i++) {
    const x = fa[i];
    const y = fb[i];
    if (x === null && y === null) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    const c = elemCmp(x, y, elemOid);
    if (c) return c;
  }
  if (fa.length !== fb.length) return fa.length < fb.length ? -1 : 1;
  const da = dims(a);
  const db = dims(b);
  if (da.length !== db.length) return da.length < db.length ? -1 : 1;
  for (let i = 0; i < da.length; i++) if (da[i] !== db[i]) return da[i] < db[i] ? -1 : 1;
  return 0;
}

export function unsupportedBounds(): PgError {
  return new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'array lower bounds other than 1 are not supported');
}

function dimError(msg = 'multidimensional arrays must have array expressions with matching dimensions'): PgError {
  return new PgError('2202E', msg);
}

/** Validate a (possibly) multidimensional array built from sub-arrays: all at one depth must match. */
export function checkRect(a: Arr): Arr {
  const d = dims(a);
  const walk = (x: unknown, depth: number) => {
    if (depth >= d.length) {
      if (Array.isArray(x) && x.length) throw dimError();
      return;
    }
    if (!Array.isArray(x) || x.length !== d[depth]) throw dimError();
    for (const e of x) walk(e, depth + 1);
  };
  // ARRAY[ARRAY[]::int[], ...] of empty sub-arrays is an empty array in PG.
  if (a.length && a.every((x) => Array.isArray(x) && x.length === 0)) return [];
  walk(a, 0);
  return a;
}

/** array || array, array || element, element || array (PG's array_cat rules for N and N-1 dimensions). */
export function arrConcat(a: Arr | null, b: Arr | null): Arr | null {
  if (a === null) return b;
  if (b === null) return a;
  if (!a.length) return b;
  if (!b.length) return a;
  const da = dims(a);
  const db = dims(b);
  if (da.length === db.length) {
    if (da.length > 1 && da.slice(1).join() !== db.slice(1).join()) {
      throw new PgError('2202E', 'cannot concatenate incompatible arrays', {
        detail: 'Arrays with differing element dimensions are not compatible for concatenation.',
      });
    }
    return [...a, ...b];
  }
  if (da.length === db.length + 1 && da.slice(1).join() === db.join()) return [...a, b];
  if (db.length === da.length + 1 && db.slice(1).join() === da.join()) return [a, ...b];
  throw new PgError('2202E', 'cannot concatenate incompatible arrays', {
    detail: `Arrays of ${da.length} and ${db.length} dimensions are not compatible for concatenation.`,
  });
}

/** a[i][j]...: an element, or null when out of range or the subscripts don't reach the elements. */
export function getElem(a: Arr, subs: number[]): unknown {
  const d = dims(a);
  if (subs.length !== d.length) return null;
  let cur: unknown = a;
  for (const s of subs) {
    if (!Array.isArray(cur) || s < 1 || s > cur.length) return null;
    cur = cur[s - 1];
  }
  return Array.isArray(cur) ? null : cur;
}

/** a[lo:hi][...]: bounds are null when omitted; the result always has lower bounds 1. */
export function slice(a: Arr, bounds: [number | null, number | null][]): Arr {
  const d = dims(a);
  if (!d.length || bounds.length > d.length) return [];
  // undefined: the slice is empty in some dimension (then the whole result is empty, as in PG).
  const walk = (x: Arr, depth: number): Arr | undefined => {
    const [lo0, hi0] = bounds[depth];
    const lo = Math.max(lo0 ?? 1, 1);
    const hi = Math.min(hi0 ?? x.length, x.length);
    if (lo > hi) return undefined;
    const out: Arr = [];
    for (let i = lo; i <= hi; i++) {
      if (depth + 1 < bounds.length) {
        const sub = walk(x[i - 1] as Arr, depth + 1);
        if (sub === undefined) return undefined;
        out.push(sub);
      } else out.push(x[i - 1]);
    }
    return out;
  };
  return walk(a, 0) ?? [];
}

/** a[i] := v on a one-dimensional array (padding with NULLs, like PG, when i is past the end). */
export function setElem(a: Arr | null, subs: number[], v: unknown): Arr {
  const arr = a ?? [];
  if (subs.length !== 1 || (arr.length && dims(arr).length !== 1)) {
    if (subs.length === dims(arr).length) {
      const out = structuredClone(arr) as Arr;
      let cur = out;
      for (let k = 0; k < subs.length - 1; k++) {
        if (subs[k] < 1 || subs[k] > cur.length) throw unsupportedBounds();
        cur = cur[subs[k] - 1] as Arr;
      }
      const i = subs[subs.length - 1];
      if (i < 1 || i > cur.length) throw unsupportedBounds();
      cur[i - 1] = v;
      return out;
    }
    throw new PgError('2202E', 'wrong number of array subscripts');
  }
  const i = subs[0];
  if (i < 1 || (arr.length === 0 && i !== 1)) throw unsupportedBounds();
  const out = [...arr];
  while (out.length < i - 1) out.push(null);
  out[i - 1] = v;
  return out;
}

function u64(b: bigint): Buffer {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(BigInt.asUintN(64, b ^ (1n << 63n)));
  return buf;
}

function f64(x: number): Buffer {
  const buf = Buffer.alloc(8);
  if (Number.isNaN(x)) return Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  buf.writeDoubleBE(x === 0 ? 0 : x);
  if (x < 0) for (let i = 0; i < 8; i++) buf[i] = ~buf[i] & 0xff;
  else buf[0] |= 0x80;
  return buf;
}

/** A byte string whose memcmp order is PG's array order (see arrCmp). */
export function arrSortKey(a: Arr, elemOid: number, numKey: (s: string) => string): Buffer {
  const parts: Buffer[] = [];
  for (const e of flatten(a)) {
    if (e === null) {
      parts.push(Buffer.from([2]));
      continue;
    }
    parts.push(Buffer.from([1]));
    if (elemOid === OID.numeric) parts.push(Buffer.from(`${numKey(String(e))}\0`));
    else if (elemOid === OID.float4 || elemOid === OID.float8) parts.push(f64(Number(e)));
    else if (INTEGER_STORED.has(elemOid)) parts.push(u64(BigInt(e as number)));
    else parts.push(Buffer.from(`${String(e)}\0`));
  }
  parts.push(Buffer.from([0]));
  const d = dims(a);
  parts.push(Buffer.from([d.length]));
  for (const x of d) parts.push(u64(BigInt(x)));
  return Buffer.concat(parts);
}
