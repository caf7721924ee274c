/**
 * width_bucket: the numeric form (exact), the float8 form (PG 15's double arithmetic, including its
 * truncation to int4) and the thresholds-array form (PG's binary search over a sorted array).
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { elementOidOf, isArrayOid, OID } from '../../../protocol/types/oids.js';
import { coerce, commonType, isFloat, isInt, isNumberType, isTextLike } from './coerce.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { isNull, mk, strict, type V } from './fn-util.js';
import { type Dec, decCmp, parseDec } from './numeric.js';
import { quoteString } from './storage.js';

const bucketError = (msg: string) => new PgError('2201G', msg);
const intOutOfRange = () => new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'integer out of range');

/** count + 1 for an operand beyond the upper bound (int4 overflow is an error in PG). */
function pastEnd(count: number): number {
  if (count === 2147483647) throw intOutOfRange();
  return count + 1;
}

function checkCount(count: number): void {
  if (count <= 0) throw bucketError('count must be greater than zero');
}

/** C's double -> int32 conversion on x86 (out of range and NaN give INT_MIN). */
const toInt32 = (x: number) => (Number.isNaN(x) || x >= 2 ** 31 || x < -(2 ** 31) ? -(2 ** 31) : Math.trunc(x));

/** PG 15's width_bucket_float8. */
export function widthBucketFloat(operand: number, b1: number, b2: number, count: number): number {
  checkCount(count);
  if (Number.isNaN(operand) || Number.isNaN(b1) || Number.isNaN(b2))
    throw bucketError('operand, lower bound, and upper bound cannot be NaN');
  if (!Number.isFinite(b1) || !Number.isFinite(b2)) throw bucketError('lower and upper bounds must be finite');
  if (b1 < b2) {
    if (operand < b1) return 0;
    if (operand >= b2) return pastEnd(count);
    return toInt32((count * (operand - b1)) / (b2 - b1) + 1);
  }
  if (b1 > b2) {
    if (operand > b1) return 0;
    if (operand <= b2) return pastEnd(count);
    return toInt32((count * (b1 - operand)) / (b1 - b2) + 1);
  }
  throw bucketError('lower bound cannot equal upper bound');
}

/** Scaled integer of a decimal at scale `s` (s >= its scale). */
const scaled = (d: Dec, s: number) => (d.neg ? -d.digits : d.digits) * 10n ** BigInt(s - d.scale);

/** PG's width_bucket_numeric: floor((operand - b1) * count / (b2 - b1)) + 1, exactly. */
export function widthBucketNumeric(operand: Dec, b1: Dec, b2: Dec, count: number): number {
  checkCount(count);
  if (operand.nan || b1.nan || b2.nan) throw bucketError('operand, lower bound, and upper bound cannot be NaN');
  const cmp = decCmp(b1, b2);
  if (cmp === 0) throw bucketError('lower bound cannot equal upper bound');
  const reversed = cmp > 0;
  const below = decCmp(operand, b1);
  if (reversed ? below > 0 : below < 0) return 0;
  const above = decCmp(operand, b2);
  if (reversed ? above <= 0 : above >= 0) return pastEnd(count);
  const s = Math.max(operand.scale, b1.scale, b2.scale);
  const [o, lo, hi] = [scaled(operand, s), scaled(b1, s), scaled(b2, s)];
  // Both differences are positive here, so BigInt's truncating division is the floor.
  const q = reversed ? ((lo - o) * BigInt(count)) / (lo - hi) : ((o - lo) * BigInt(count)) / (hi - lo);
  return Number(q) + 1;
}

type Kind = 'int' | 'float' | 'numeric' | 'text';

/** Element comparison for the array form, over storage values (JSON array elements). */
function comparator(kind: Kind): (a: unknown, b: unknown) => number {
  if (kind === 'numeric') return (a, b) => decCmp(parseDec(a) as Dec, parseDec(b) as Dec);
  if (kind === 'int') {
    return (a, b) => {
      const [x, y] = [BigInt(a as number), BigInt(b as number)];
      return x < y ? -1 : x > y ? 1 : 0;
    };
  }
  if (kind === 'float') return (a, b) => Number(a) - Number(b);
  // The C.UTF-8 collation orders by code point, as UTF-8 bytes do.
  return (a, b) => Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)));
}

/** PG's width_bucket_array: binary search for the first threshold above the operand. */
export function widthBucketArray(operand: unknown, thresholds: unknown[], kind: Kind): number {
  if (thresholds.some(Array.isArray)) throw new PgError('2202E', 'thresholds must be one-dimensional array');
  if (thresholds.some((x) => x === null)) throw new PgError('22004', 'thresholds array must not contain NULLs');
  const cmp = comparator(kind);
  let left = 0;
  let right = thresholds.length;
  while (left < right) {
    const mid = (left + right) >> 1;
    if (cmp(operand, thresholds[mid]) < 0) right = mid;
    else left = mid + 1;
  }
  return left;
}

function kindOf(type: number): Kind | undefined {
  if (isInt(type) || type === OID.date || type === OID.time || type === OID.timestamp || type === OID.timestamptz)
    return 'int';
  if (isFloat(type)) return 'float';
  if (type === OID.numeric) return 'numeric';
  if (isTextLike(type)) return 'text';
  return undefined;
}

defineScalar('width_bucket', (ctx, a, n) => {
  const t = ctx.t;
  if (a.length === 2) {
    if (!isArrayOid(a[1].type)) return undefined;
    const type = commonType(a[0].type, elementOidOf(a[1].type));
    if (type === undefined) return undefined;
    const elem = elementOidOf(a[1].type);
    const kind = kindOf(type);
    // Thresholds are compared in their storage form, which only number types share across types.
    if (!kind || (type !== elem && !(isNumberType(type) && isNumberType(elem))))
      throw t.error(
        SQLSTATE.FEATURE_NOT_SUPPORTED,
        `width_bucket over ${t.typeName(type)} thresholds is not supported`,
        n,
      );
    const operand = coerce(t, a[0], type, -1, 'implicit', n);
    return mk(`lumos_width_bucket_array(${operand.sql}, ${a[1].sql}, ${quoteString(kind)})`, OID.int4);
  }
  if (a.length !== 4) return undefined;
  const bounds = a.slice(0, 3);
  if (bounds.some((e) => e.type !== OID.unknown && !isNumberType(e.type))) return undefined;
  const count = a[3];
  if (count.type !== OID.unknown && count.type !== OID.int4 && count.type !== OID.int2) return undefined;
  // The numeric form when a numeric is given and no float; otherwise float8 (PG's preferred numeric type).
  const numeric = bounds.some((e) => e.type === OID.numeric) && !bounds.some((e) => isFloat(e.type));
  const type = numeric ? OID.numeric : OID.float8;
  const xs = bounds.map((e) => coerce(t, e, type, -1, 'implicit', n).sql);
  const c = coerce(t, count, OID.int4, -1, 'implicit', n);
  return mk(`lumos_width_bucket_${numeric ? 'numeric' : 'float'}(${xs.join(', ')}, ${c.sql})`, OID.int4);
});

defineSqliteFunctions((db) => {
  const det = { deterministic: true };
  db.function(
    'lumos_width_bucket_float',
    det,
    strict((o: V, b1: V, b2: V, c: V) => widthBucketFloat(Number(o), Number(b1), Number(b2), Number(c))),
  );
  db.function(
    'lumos_width_bucket_numeric',
    det,
    strict((o: V, b1: V, b2: V, c: V) =>
      widthBucketNumeric(parseDec(o) as Dec, parseDec(b1) as Dec, parseDec(b2) as Dec, Number(c)),
    ),
  );
  db.function('lumos_width_bucket_array', { deterministic: true, safeIntegers: true }, (o: V, arr: V, kind: V) =>
    isNull(o) || isNull(arr) ? null : widthBucketArray(o, JSON.parse(String(arr)), String(kind) as Kind),
  );
});
