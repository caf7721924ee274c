/**
 * SQLite functions the translated SQL relies on (`lumos_*`), registered on every connection (main thread
 * and workers). Errors are thrown as PgError: better-sqlite3 propagates the original JS error.
 */
import { createHash, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import type { CodecContext } from '../../../protocol/types/context.js';
import { DEFAULT_CODEC_CONTEXT } from '../../../protocol/types/context.js';
import { getTextDecoder, getTextEncoder } from '../../../protocol/types/index.js';
import { OID } from '../../../protocol/types/oids.js';
import './fn-modules.js';
import { type FunctionEnv, installSqliteFunctions } from './fn-registry.js';
import { pgLower, pgUpper } from './fn-text.js';
import { defineFramedAggregate } from './fn-window-agg.js';
import { registerDateFunctions } from './functions-datetime.js';
import {
  checkIntRange,
  type Dec,
  decAdd,
  decApplyTypmod,
  decCmp,
  decDiv,
  decMod,
  decMul,
  decNeg,
  decRound,
  decSub,
  decToInt,
  decToString,
  decTrunc,
  parseDec,
} from './numeric.js';
import { RANGE_TYPES, rangeInput } from './range.js';
import {
  checkLength,
  FLOAT_NAN,
  fromStorageFn,
  INTEGER_STORED,
  padChar,
  type StorageValue,
  toStorage,
} from './storage.js';

export type { FunctionEnv } from './fn-registry.js';

type V = StorageValue | undefined;

const codecCache = new Map<string, CodecContext>();
export function codecFromJson(s: unknown): CodecContext {
  if (typeof s !== 'string') return DEFAULT_CODEC_CONTEXT;
  let c = codecCache.get(s);
  if (!c) {
    c = { ...DEFAULT_CODEC_CONTEXT, ...(JSON.parse(s) as Partial<CodecContext>) };
    if (codecCache.size > 100) codecCache.clear();
    codecCache.set(s, c);
  }
  return c;
}

const dec = (v: V): Dec | null => parseDec(v);
const decOut = (d: Dec) => decToString(d);

/** A binary numeric operation, NULL in -> NULL out. */
function num2(f: (a: Dec, b: Dec) => Dec) {
  return (a: V, b: V) => {
    const x = dec(a);
    const y = dec(b);
    return x && y ? decOut(f(x, y)) : null;
  };
}

function asBig(v: V): bigint | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : null;
  return null;
}

/** Text of a storage value of type `oid` (PG output function). */
export function storageToText(oid: number, v: V, ctx: CodecContext): string | null {
  if (v === null || v === undefined) return null;
  // Records need their field types (record.ts converts them at translate time); none are known here.
  if (oid === OID.record || oid === OID._record)
    throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'this use of a record value is not supported');
  const from = fromStorageFn(oid);
  let canonical: unknown = from ? from(v) : v;
  if (oid === OID.bool) canonical = v === 1 || v === 1n;
  const out = getTextEncoder(oid)(canonical as never, ctx) as unknown;
  return Buffer.isBuffer(out) ? out.toString() : String(out);
}

/** Storage value of type `oid` parsed from text (PG input function), with typmod applied. */
export function textToStorage(oid: number, typmod: number, text: string, ctx: CodecContext): StorageValue {
  if (RANGE_TYPES.has(oid)) return rangeInput(oid, text);
  if (oid === OID.numeric) {
    const d = parseDec(text.trim());
    return d ? decOut(decApplyTypmod(d, typmod)) : null;
  }
  if (oid === OID.text || oid === OID.name) return text;
  if (oid === OID.json) {
    try {
      JSON.parse(text);
    } catch {
      throw new PgError(SQLSTATE.INVALID_TEXT_REPRESENTATION, 'invalid input syntax for type json', {
        detail: `Token "${text}" is invalid.`,
      });
    }
    return text;
  }
  // Run-time text -> interval(typmod) parses without the range, then truncates (PG's CoerceViaIO + interval_scale).
  const canonical = getTextDecoder(oid)(text, ctx);
  return toStorage(oid, canonical, typmod);
}

function floatToNumericText(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'cannot convert infinity to numeric');
  // float8 -> numeric uses the shortest text that round-trips with 15 significant digits (PG's %.15g).
  const s = Number(x.toPrecision(15)).toString();
  return s.includes('e') ? decOut(parseDec(s) as Dec) : s;
}

/** SQLite's ordering of storage classes (numbers < text < blob). */
const sqliteRank = (v: V) => (typeof v === 'number' || typeof v === 'bigint' ? 0 : typeof v === 'string' ? 1 : 2);

function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Order-preserving text key for a numeric (SQLite compares text bytewise). */
export function numericSortKey(v: V): string | null {
  const d = dec(v);
  if (!d) return null;
  if (d.nan) return '3';
  if (d.digits === 0n) return '1';
  let digits = d.digits.toString();
  const exp = digits.length - d.scale; // position of the decimal point relative to the first digit
  digits = digits.replace(/0+$/, '');
  const e = String(exp + 50000).padStart(6, '0');
  if (!d.neg) return `2${e}${digits}`;
  // Negative: invert exponent and digits so larger magnitudes sort first; '~' terminates shorter ones last.
  const ie = String(999999 - Number(e)).padStart(6, '0');
  const id = [...digits].map((c) => String(9 - Number(c))).join('');
  return `0${ie}${id}~`;
}

/**
 * SQLite stores NaN as NULL: a UDF (or aggregate) producing NaN returns FLOAT_NAN ('NaN', the storage form
 * of float and numeric NaN, see storage.ts) instead of a silent NULL.
 */
function guardNaN(db: Database.Database): void {
  const register = db.function.bind(db) as (...args: unknown[]) => Database.Database;
  const wrap = (f: (...a: unknown[]) => unknown) => {
    const g = function (this: unknown, ...a: unknown[]) {
      const r = f.apply(this, a);
      return typeof r === 'number' && Number.isNaN(r) ? FLOAT_NAN : r;
    };
    // better-sqlite3 takes the SQL arity from the function's length.
    Object.defineProperty(g, 'length', { value: f.length });
    return g;
  };
  (db as { function: unknown }).function = (name: string, o: unknown, f?: unknown) =>
    typeof o === 'function'
      ? register(name, wrap(o as never))
      : register(name, o, wrap(f as (...a: unknown[]) => unknown));
  const aggregate = db.aggregate.bind(db) as (name: string, o: { result?: unknown }) => Database.Database;
  (db as { aggregate: unknown }).aggregate = (name: string, o: { result?: (...a: unknown[]) => unknown }) =>
    aggregate(name, o.result ? { ...o, result: wrap(o.result) } : o);
}

export function registerFunctions(db: Database.Database, env: FunctionEnv = {}): void {
  guardNaN(db);
  installSqliteFunctions(db, env);
  const det = { deterministic: true };
  const big = { deterministic: true, safeIntegers: true };
  const vol = { deterministic: false };
  const fn = (name: string, opts: Database.RegistrationOptions, f: (...args: any[]) => unknown) =>
    db.function(name, opts, f as never);

  // Integers: range checks and division by zero.
  fn('lumos_nz', big, (x: V) => {
    if (x === 0 || x === 0n) throw new PgError(SQLSTATE.DIVISION_BY_ZERO, 'division by zero');
    return x;
  });
  fn('lumos_int_check', big, (x: V, bits: V) => {
    if (x === null || x === undefined) return null;
    const b = Number(bits);
    let v: bigint;
    if (typeof x === 'number') {
      // Parameters bound as JS numbers arrive as REAL; an int64 overflow also turns into REAL.
      if (!Number.isInteger(x) || Math.abs(x) >= 2 ** 63)
        throw new PgError(
          SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE,
          `${b === 16 ? 'smallint' : b === 32 ? 'integer' : 'bigint'} out of range`,
        );
      v = BigInt(x);
    } else v = x as bigint;
    if (b < 64) checkIntRange(v, b);
    return v;
  });
  fn('lumos_int_range', big, (x: V, bits: V) => {
    const v = asBig(x);
    if (v === null) return x ?? null;
    checkIntRange(v, Number(bits));
    return x;
  });
  // INSERT ... ON CONFLICT DO UPDATE: a row cannot be affected twice by one command (dml.ts onConflict).
  let upsertMax: bigint | null = null;
  const upsertSeen = new Set<bigint>();
  fn('lumos_upsert_begin', { deterministic: false, safeIntegers: true }, (max: V) => {
    upsertMax = max === null || max === undefined ? null : BigInt(max as number | bigint);
    upsertSeen.clear();
    return null;
  });
  fn('lumos_upsert_guard', { deterministic: false, safeIntegers: true }, (rowid: V, cond: V) => {
    const r = BigInt(rowid as number | bigint);
    if (upsertMax === null || r > upsertMax || upsertSeen.has(r))
      throw new PgError('21000', 'ON CONFLICT DO UPDATE command cannot affect row a second time', {
        hint: 'Ensure that no rows proposed for insertion within the same command have duplicate constrained values.',
      });
    upsertSeen.add(r);
    return cond ?? null;
  });
  fn('lumos_limit_check', big, (x: V, clause: V) => {
    if (typeof x === 'number' || typeof x === 'bigint' ? x < 0 : false) {
      throw new PgError(clause === 'OFFSET' ? '2201X' : '2201W', `${clause} must not be negative`);
    }
    return x;
  });
  fn('lumos_floor_div', big, (a: V, b: V) => {
    const x = asBig(a);
    const y = asBig(b);
    if (x === null || y === null) return null;
    const q = x / y;
    return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
  });
  fn('lumos_floor_mod', big, (a: V, b: V) => {
    const x = asBig(a);
    const y = asBig(b);
    if (x === null || y === null) return null;
    return ((x % y) + y) % y;
  });
  fn('lumos_float_to_int', det, (x: V, bits: V) => {
    if (x === null || x === undefined) return null;
    const r = rint(Number(x));
    if (!Number.isFinite(r)) throw new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'integer out of range');
    checkIntRange(BigInt(r), Number(bits));
    // BigInt, so SQLite stores an INTEGER (a JS number would be REAL: '2024.0' as text, float division).
    return BigInt(r);
  });
  fn('lumos_float_round', det, (x: V) => (x === null || x === undefined ? null : rint(Number(x))));
  fn('lumos_float_trunc', det, (x: V) => (x === null || x === undefined ? null : Math.trunc(Number(x))));
  fn('lumos_pow', det, (a: V, b: V) => {
    if (a === null || b === null || a === undefined || b === undefined) return null;
    const x = Number(a);
    const y = Number(b);
    if (x === 0 && y < 0) throw new PgError('2201F', 'zero raised to a negative power is undefined');
    if (x < 0 && Number.isFinite(y) && !Number.isInteger(y))
      throw new PgError('2201F', 'a negative number raised to a non-integer power yields a complex result');
    const r = x ** y;
    if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y))
      throw new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: overflow');
    if (r === 0 && x !== 0 && Number.isFinite(x) && Number.isFinite(y))
      throw new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, 'value out of range: underflow');
    return r;
  });

  // Character types.
  fn('lumos_varchar', det, (x: V, n: V, explicit: V) => {
    if (x === null || x === undefined) return null;
    const s = String(x);
    return explicit ? s.slice(0, Number(n)) : checkLength(s, Number(n), 'character varying');
  });
  fn('lumos_bpchar', det, (x: V, n: V, explicit: V) => {
    if (x === null || x === undefined) return null;
    const s = String(x);
    return explicit ? padChar(s.slice(0, Number(n)), Number(n)) : padChar(s, Number(n));
  });
  fn('lumos_lower', det, (x: V) => (x === null || x === undefined ? null : pgLower(String(x))));
  fn('lumos_upper', det, (x: V) => (x === null || x === undefined ? null : pgUpper(String(x))));
  fn('lumos_substr', det, (s: V, from: V, len: V) => {
    if (s === null || from === null || len === null || s === undefined) return null;
    const f = Number(from);
    const l = Number(len);
    if (l < 0) throw new PgError('22011', 'negative substring length not allowed');
    const chars = [...String(s)];
    const start = Math.max(f, 1);
    const end = f + l;
    return end <= start ? '' : chars.slice(start - 1, end - 1).join('');
  });
  fn('lumos_left', det, (s: V, n: V) => {
    if (s === null || n === null || s === undefined) return null;
    const chars = [...String(s)];
    const k = Number(n);
    return (k >= 0 ? chars.slice(0, k) : chars.slice(0, Math.max(chars.length + k, 0))).join('');
  });
  fn('lumos_right', det, (s: V, n: V) => {
    if (s === null || n === null || s === undefined) return null;
    const chars = [...String(s)];
    const k = Number(n);
    return (k >= 0 ? chars.slice(Math.max(chars.length - k, 0)) : chars.slice(-k)).join('');
  });
  fn('lumos_repeat', det, (s: V, n: V) =>
    s === null || n === null || s === undefined ? null : String(s).repeat(Math.max(Number(n), 0)),
  );
  fn('lumos_concat_ws', { deterministic: true, varargs: true }, (sep: V, ...xs: V[]) => {
    if (sep === null || sep === undefined) return null;
    return xs.filter((x) => x !== null && x !== undefined).join(String(sep));
  });
  fn('lumos_md5', det, (s: V) =>
    s === null || s === undefined ? null : createHash('md5').update(String(s)).digest('hex'),
  );
  const regexCache = new Map<string, RegExp>();
  fn('lumos_regex_match', det, (s: V, p: V, flags: V) => {
    if (s === null || p === null || s === undefined || p === undefined) return null;
    const key = `${flags}/${p}`;
    let re = regexCache.get(key);
    if (!re) {
      try {
        re = new RegExp(String(p), `${flags ?? ''}u`);
      } catch (e) {
        throw new PgError('2201B', `invalid regular expression: ${(e as Error).message}`);
      }
      if (regexCache.size > 500) regexCache.clear();
      regexCache.set(key, re);
    }
    return re.test(String(s)) ? 1 : 0;
  });

  // Runtime casts through PG's text representation.
  fn('lumos_from_text', det, (oid: V, typmod: V, text: V, ctx: V) => {
    if (text === null || text === undefined) return null;
    const s = Buffer.isBuffer(text) ? text.toString() : String(text);
    const v = textToStorage(Number(oid), Number(typmod), s, codecFromJson(ctx));
    // A JS number reaches SQLite as REAL: integers must be INTEGER or '7'::text::int / 2 divides as floats.
    return typeof v === 'number' && INTEGER_STORED.has(Number(oid)) ? BigInt(v) : v;
  });
  fn('lumos_to_text', det, (oid: V, v: V, ctx: V) => storageToText(Number(oid), v, codecFromJson(ctx)));

  // NUMERIC.
  fn('lumos_numeric', det, (x: V, typmod: V) => {
    const d = dec(x);
    return d ? decOut(decApplyTypmod(d, Number(typmod))) : null;
  });
  fn('lumos_num_add', det, num2(decAdd));
  fn('lumos_num_sub', det, num2(decSub));
  fn('lumos_num_mul', det, num2(decMul));
  fn(
    'lumos_num_div',
    det,
    num2((a, b) => decDiv(a, b)),
  );
  fn('lumos_num_mod', det, num2(decMod));
  fn('lumos_num_pow', det, (a: V, b: V) =>
    a === null || b === null ? null : floatToNumericText(Number(a) ** Number(b)),
  );
  fn('lumos_num_neg', det, (a: V) => {
    const x = dec(a);
    return x ? decOut(decNeg(x)) : null;
  });
  fn('lumos_num_abs', det, (a: V) => {
    const x = dec(a);
    return x ? decOut({ ...x, neg: false }) : null;
  });
  fn('lumos_num_cmp', det, (a: V, b: V) => {
    const x = dec(a);
    const y = dec(b);
    return x && y ? decCmp(x, y) : null;
  });
  fn('lumos_num_round', det, (a: V, n: V) => {
    const x = dec(a);
    return x && n !== null ? decOut(decRound(x, Number(n))) : null;
  });
  fn('lumos_num_trunc', det, (a: V, n: V) => {
    const x = dec(a);
    return x && n !== null ? decOut(decTrunc(x, Number(n))) : null;
  });
  fn('lumos_num_floor', det, (a: V) => {
    const x = dec(a);
    if (!x) return null;
    const t = decTrunc(x, 0);
    return decOut(x.neg && decCmp(t, x) !== 0 ? decSub(t, { neg: false, digits: 1n, scale: 0 }) : t);
  });
  fn('lumos_num_ceil', det, (a: V) => {
    const x = dec(a);
    if (!x) return null;
    const t = decTrunc(x, 0);
    return decOut(!x.neg && decCmp(t, x) !== 0 ? decAdd(t, { neg: false, digits: 1n, scale: 0 }) : t);
  });
  fn('lumos_num_to_int', det, (a: V, bits: V) => {
    const x = dec(a);
    if (!x) return null;
    // BigInt, so SQLite stores an INTEGER (see lumos_float_to_int).
    return decToInt(x, Number(bits) as 16 | 32 | 64);
  });
  fn('lumos_float_to_numeric', det, (x: V, typmod: V) => {
    if (x === null || x === undefined) return null;
    const s = floatToNumericText(Number(x));
    return decOut(decApplyTypmod(dec(s) as Dec, Number(typmod)));
  });
  fn('lumos_num_sortkey', det, (x: V) => numericSortKey(x));
  for (const [name, numeric] of [
    ['lumos_greatest', 1],
    ['lumos_least', -1],
  ] as const) {
    fn(name, { deterministic: true, varargs: true, safeIntegers: true }, (isNum: V, ...xs: V[]) => {
      let best: V = null;
      for (const x of xs) {
        if (x === null || x === undefined) continue;
        if (best === null) {
          best = x;
          continue;
        }
        // SQLite's order puts numbers before text: float NaN (stored as 'NaN') is the greatest, like in PG.
        const c = isNum
          ? decCmp(dec(x) as Dec, dec(best) as Dec)
          : sqliteRank(x) - sqliteRank(best) || (x < best ? -1 : x > best ? 1 : 0);
        if (c * numeric > 0) best = x;
      }
      return best;
    });
  }

  // NUMERIC aggregates (exact sums; avg with PG's division scale).
  type Acc = { sum: Dec | null; n: number };
  // Window-capable over any frame (fn-window-agg.ts): a moving frame recomputes its sum, so the result has
  // the scale of the values in the frame like PG's (a subtracted 1.50 would leave 5.00 where PG says 5).
  defineFramedAggregate(db, 'lumos_num_sum', {
    start: () => ({ sum: null, n: 0 }) as Acc,
    step: (acc: Acc, v: V) => {
      const d = dec(v);
      if (d) acc.sum = acc.sum ? decAdd(acc.sum, d) : d;
      return acc;
    },
    result: (acc: Acc) => (acc.sum ? decOut(acc.sum) : null),
    safeIntegers: true,
  });
  defineFramedAggregate(db, 'lumos_num_avg', {
    start: () => ({ sum: null, n: 0 }) as Acc,
    step: (acc: Acc, v: V) => {
      const d = dec(v);
      if (d) {
        acc.sum = acc.sum ? decAdd(acc.sum, d) : d;
        acc.n++;
      }
      return acc;
    },
    result: (acc: Acc) =>
      acc.sum && acc.n > 0 ? decOut(decDiv(acc.sum, { neg: false, digits: BigInt(acc.n), scale: 0 })) : null,
    safeIntegers: true,
  });
  for (const [name, sign] of [
    ['lumos_num_min', -1],
    ['lumos_num_max', 1],
  ] as const) {
    // The last of equal extremes wins (1.0 vs 1.00), as in PG's numeric_smaller; moving frames recompute.
    defineFramedAggregate(db, name, {
      start: () => ({ best: null as Dec | null }),
      step: (acc: { best: Dec | null }, v: V) => {
        const d = dec(v);
        if (d && (acc.best === null || decCmp(d, acc.best) * sign >= 0)) acc.best = d;
        return acc;
      },
      result: (acc: { best: Dec | null }) => (acc.best ? decOut(acc.best) : null),
    });
  }

  // Misc.
  fn('lumos_random', vol, () => Math.random());
  fn('lumos_uuid', vol, () => randomUUID());
  fn('lumos_clock_timestamp', vol, () => Math.floor((performance.timeOrigin + performance.now()) * 1000));
  fn('lumos_pg_sleep', vol, (x: V) => {
    const secs = Number(x ?? 0);
    if (secs > 0) {
      if (env.sleep) env.sleep(secs);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, secs * 1000);
    }
    return '';
  });
  fn('lumos_notnull', det, (x: V, col: V, table: V) => {
    if (x === null || x === undefined) {
      throw new PgError(
        SQLSTATE.NOT_NULL_VIOLATION,
        `null value in column "${col}" of relation "${table}" violates not-null constraint`,
        {
          column: String(col),
          table: String(table),
        },
      );
    }
    return x;
  });
  fn('lumos_notnull_existing', det, (x: V, col: V, table: V) => {
    if (x === null || x === undefined) {
      throw new PgError(SQLSTATE.NOT_NULL_VIOLATION, `column "${col}" of relation "${table}" contains null values`, {
        column: String(col),
        table: String(table),
      });
    }
    return x;
  });
  fn('lumos_array_position', det, (arr: V, v: V) => {
    if (arr === null || arr === undefined) return null;
    const a = JSON.parse(String(arr)) as unknown[];
    for (let i = 0; i < a.length; i++) {
      const e = a[i];
      if (e === null || v === null) continue;
      if (e === v || String(e) === String(v)) return i + 1;
    }
    return null;
  });
  registerDateFunctions(db);
}
