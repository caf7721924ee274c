/**
 * How each PostgreSQL type is stored in SQLite, chosen so that equality and ordering in SQLite agree with PG:
 * integers, booleans (0/1), dates (days since 1970), times and timestamps (microseconds) as INTEGER;
 * floats as REAL; bytea as BLOB; everything else as TEXT (numeric in canonical text, uuid lowercase,
 * json text, intervals as "months,days,micros", arrays as JSON).
 * Canonical values (protocol/types) <-> storage values, used for parameters, literals and results.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { elementOidOf, isArrayOid, OID } from '../../../protocol/types/oids.js';

export type StorageValue = number | bigint | string | Buffer | null;

export interface Interval {
  months: number;
  days: number;
  micros: number;
}

/** SQLite declared type for a column of the given PG type (controls affinity). */
export function sqliteColumnType(oid: number): string {
  switch (oid) {
    case OID.int2:
    case OID.int4:
    case OID.int8:
    case OID.oid:
    case OID.bool:
    case OID.date:
    case OID.time:
    case OID.timestamp:
    case OID.timestamptz:
      // "INT", not "INTEGER": only an exact INTEGER PRIMARY KEY becomes a rowid alias, which we choose explicitly.
      return 'INT';
    case OID.float4:
    case OID.float8:
      return 'REAL';
    case OID.bytea:
      return 'BLOB';
    default:
      return 'TEXT';
  }
}

/** Does a value of this type need converting between canonical and storage form? */
export function needsConversion(oid: number): boolean {
  return oid === OID.interval || oid === OID.bool || isArrayOid(oid);
}

function intervalToStorage(v: Interval): string {
  return `${v.months},${v.days},${v.micros}`;
}

function intervalFromStorage(s: string): Interval {
  const a = s.indexOf(',');
  const b = s.indexOf(',', a + 1);
  return { months: Number(s.slice(0, a)), days: Number(s.slice(a + 1, b)), micros: Number(s.slice(b + 1)) };
}

/** Canonical -> storage. typmod applies char(n) padding and varchar(n)/char(n) length checks. */
export function toStorage(oid: number, value: unknown, typmod = -1): StorageValue {
  if (value === null || value === undefined) return null;
  switch (oid) {
    case OID.bool:
      return value ? 1 : 0;
    case OID.interval:
      return intervalToStorage(value as Interval);
    case OID.varchar:
      if (typmod >= 4) return checkLength(value as string, typmod - 4, 'character varying');
      return value as string;
    case OID.bpchar:
      if (typmod >= 4) return padChar(value as string, typmod - 4);
      return value as string;
    case OID.int8:
      if (typeof value === 'bigint' && value >= -9007199254740991n && value <= 9007199254740991n) return Number(value);
      return value as bigint;
    case OID.float4:
    case OID.float8:
      // SQLite stores NaN as NULL: refuse it rather than lose it silently.
      if (typeof value === 'number' && Number.isNaN(value))
        throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'NaN is not supported by Lumos');
      return value as number;
    default:
      if (isArrayOid(oid)) {
        const elem = elementOidOf(oid);
        return JSON.stringify((value as unknown[]).map((e) => jsonElement(elem, e)));
      }
      if (value instanceof Uint8Array && !Buffer.isBuffer(value)) return Buffer.from(value);
      return value as StorageValue;
  }
}

function jsonElement(elem: number, e: unknown): unknown {
  if (e === null || e === undefined) return null;
  const s = toStorage(elem, e);
  if (typeof s === 'bigint') return s.toString();
  if (Buffer.isBuffer(s)) return `\\x${s.toString('hex')}`;
  return s;
}

/** Storage -> canonical, for the types where the two differ (others pass through). */
export function fromStorageFn(oid: number): ((v: StorageValue) => unknown) | undefined {
  if (oid === OID.interval) return (v) => (typeof v === 'string' ? intervalFromStorage(v) : v);
  if (isArrayOid(oid)) {
    const elem = elementOidOf(oid);
    const conv = fromStorageFn(elem);
    const isBytea = elem === OID.bytea;
    const isInt8 = elem === OID.int8;
    return (v) => {
      if (typeof v !== 'string') return v;
      const arr = JSON.parse(v) as unknown[];
      return arr.map((e) => {
        if (e === null) return null;
        if (isBytea) return Buffer.from((e as string).slice(2), 'hex');
        if (isInt8 && typeof e === 'string') return BigInt(e);
        return conv ? conv(e as StorageValue) : e;
      });
    };
  }
  return undefined;
}

export function checkLength(s: string, max: number, typeName: string): string {
  if (s.length <= max) return s;
  // PG silently truncates trailing spaces that don't fit.
  if (/^ *$/.test(s.slice(max))) return s.slice(0, max);
  throw new PgError(SQLSTATE.STRING_DATA_RIGHT_TRUNCATION, `value too long for type ${typeName}(${max})`);
}

export function padChar(s: string, n: number): string {
  if (s.length > n) return checkLength(s, n, 'character');
  return s.length === n ? s : s + ' '.repeat(n - s.length);
}

/** Render a storage value as an SQLite literal. */
export function sqlLiteral(v: StorageValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return Number.isInteger(v) && Math.abs(v) > 2 ** 53 ? v.toFixed(0) : String(v);
    // SQLite has no Infinity literal; 9e999 overflows to it. NaN would become NULL in SQLite.
    if (Number.isNaN(v)) throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'NaN is not supported by Lumos');
    return v > 0 ? '9e999' : '-9e999';
  }
  if (typeof v === 'bigint') return v.toString();
  if (Buffer.isBuffer(v)) return `X'${v.toString('hex')}'`;
  return quoteString(v);
}

export function quoteString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

export function quoteIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}
