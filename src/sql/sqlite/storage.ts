/**
 * How each PostgreSQL type is stored in SQLite, chosen so that equality and ordering in SQLite agree with PG:
 * integers, booleans (0/1), dates (days since 1970), times and timestamps (microseconds), money (cents) as INTEGER;
 * floats as REAL; bytea as BLOB; everything else as TEXT (numeric in canonical text, uuid lowercase,
 * json text, intervals as "months,days,micros", arrays as JSON, bit strings as their '0'/'1' digits, which
 * compare like PG's bit_cmp: bitwise, a prefix first).
 * Canonical values (protocol/types) <-> storage values, used for parameters, literals and results.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { adjustIntervalForTypmod } from '../../../protocol/types/interval.js';
import { elementOidOf, isArrayOid, OID } from '../../../protocol/types/oids.js';

/** Types whose storage form is a SQLite INTEGER (a JS number must reach SQLite as a BigInt, else it is REAL). */
export const INTEGER_STORED = new Set<number>([
  OID.int2,
  OID.int4,
  OID.int8,
  OID.oid,
  OID.bool,
  OID.date,
  OID.time,
  OID.timestamp,
  OID.timestamptz,
]);

export type StorageValue = number | bigint | string | Buffer | null;

export interface Interval {
  months: number;
  days: number;
  micros: number;
}

/**
 * Float NaN is stored as the TEXT 'NaN' (SQLite turns a NaN REAL into NULL). REAL affinity leaves that text
 * alone, and SQLite orders every number before any text, so NaN sorts above all floats, equals itself and
 * groups together: PG's float semantics. Float UDFs read it back with Number() ('NaN' -> NaN).
 */
export const FLOAT_NAN = 'NaN';

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
    case OID.money:
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
  return oid === OID.interval || oid === OID.bool || oid === OID.timetz || isArrayOid(oid);
}

/** time with time zone: microseconds since midnight and UTC offset (seconds east), as protocol/types has it. */
export interface TimeTz {
  micros: number;
  offset: number;
}

/** Offsets are within +-15:59:59 in PG; shifting by 16 h keeps the key's fields non-negative. */
const TZ_SHIFT = 57600;

/**
 * timetz storage: a fixed-width text key that sorts like PG's timetz_cmp (first the UTC time, then the zone
 * west of Greenwich), so equality and ordering in SQLite agree with PG (12:00+02 <> 10:00+00).
 */
export function timetzToStorage(v: TimeTz): string {
  const utc = v.micros - v.offset * 1e6 + TZ_SHIFT * 1e6;
  return `${String(utc).padStart(12, '0')}${String(TZ_SHIFT - v.offset).padStart(6, '0')}`;
}

export function timetzFromStorage(s: string): TimeTz {
  const offset = TZ_SHIFT - Number(s.slice(12));
  return { micros: Number(s.slice(0, 12)) - TZ_SHIFT * 1e6 + offset * 1e6, offset };
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
      // interval(typmod): a column or cast with fields (DAY TO HOUR) or a seconds precision.
      return intervalToStorage(typmod >= 0 ? adjustIntervalForTypmod(value as Interval, typmod) : (value as Interval));
    case OID.timetz:
      return timetzToStorage(value as TimeTz);
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
      return typeof value === 'number' && Number.isNaN(value) ? FLOAT_NAN : (value as number);
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
  if (oid === OID.timetz) return (v) => (typeof v === 'string' ? timetzFromStorage(v) : v);
  if (oid === OID.float4 || oid === OID.float8) return (v) => (v === FLOAT_NAN ? Number.NaN : v);
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
    // String(-0) is "0": PG keeps the sign of float zero ('-0'::float8 prints -0), SQLite's -0.0 literal too.
    if (Object.is(v, -0)) return '-0.0';
    if (Number.isFinite(v)) return Number.isInteger(v) && Math.abs(v) > 2 ** 53 ? v.toFixed(0) : String(v);
    // SQLite has no Infinity literal; 9e999 overflows to it. NaN would become NULL in SQLite (see FLOAT_NAN).
    if (Number.isNaN(v)) return `'${FLOAT_NAN}'`;
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
