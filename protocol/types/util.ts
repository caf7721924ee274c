/** Shared helpers for the PG type codecs: errors with PostgreSQL's SQLSTATEs and messages. */
import { PgError, SQLSTATE } from '../errors.js';

/** 22P02 `invalid input syntax for type X: "s"`. */
export function invalidSyntax(typeName: string, input: string, code: string = SQLSTATE.INVALID_TEXT_REPRESENTATION) {
  return new PgError(code, `invalid input syntax for type ${typeName}: "${input}"`);
}

/** 22003 `value "s" is out of range for type X` (integer types). */
export function outOfRange(typeName: string, input: string) {
  return new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, `value "${input}" is out of range for type ${typeName}`);
}

/** 22P03 for malformed binary input. */
export function badBinary(what = 'incorrect binary data format') {
  return new PgError(SQLSTATE.INVALID_BINARY_REPRESENTATION, what);
}

/** Trim the whitespace PG's scanners skip (isspace: space, \t, \n, \v, \f, \r). */
export function trimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpaceCode(s.charCodeAt(a))) a++;
  while (b > a && isSpaceCode(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

export function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Left-pad a non-negative integer with zeros to `width` digits. */
export function pad(n: number, width: number): string {
  const s = String(n);
  return s.length >= width ? s : '0000000000'.slice(0, width - s.length) + s;
}

/** 2 digits, the common case of pad(). */
export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Convert a JS number or bigint to a bigint, truncating non-integral numbers. */
export function toBigInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  if (typeof v === 'boolean') return v ? 1n : 0n;
  return BigInt(String(v));
}

/** One codec function per type OID, made on first use (codecs are looked up per column, used per value). */
/** Bumped when the user types change (oids.ts syncUserTypes): codecs memoized for user OIDs are stale. */
let userTypeGeneration = 0;

export function invalidateUserTypeCodecs(): void {
  userTypeGeneration++;
}

export function memoByOid<T>(make: (oid: number) => T): (oid: number) => T {
  const cache = new Map<number, T>();
  let generation = userTypeGeneration;
  return (oid) => {
    if (generation !== userTypeGeneration) {
      // An OID of a rolled-back or dropped type may now name another type (or none).
      for (const k of cache.keys()) if (k >= 16384) cache.delete(k);
      generation = userTypeGeneration;
    }
    let v = cache.get(oid);
    if (v === undefined) {
      v = make(oid);
      cache.set(oid, v);
    }
    return v;
  };
}
