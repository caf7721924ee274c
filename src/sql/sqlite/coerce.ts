/**
 * Typed SQL fragments and the casts between PostgreSQL types, emitted over their SQLite storage forms
 * (see storage.ts): implicit/assignment coercion for operators and INSERT/UPDATE, explicit `::`/CAST.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { isArrayOid, OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { enumCastSql, enumLiteralSql, enumParamSql, enumTextSql } from './enum-core.js';
import { timetzCastSql } from './fn-timetz.js';
import { decApplyTypmod, decToString, parseDecText } from './numeric.js';
import { isRegType, regCastSql, regCommon, regLiteralSql } from './pg-catalog/regtypes.js';
import { RANGE_TYPES, rangeInput } from './range.js';
import { isRecordType, recordOutSql } from './record.js';
import { quoteString } from './storage.js';
import { findLocation, type Translator } from './translator.js';
import { bitCastSql, bitFromTextSql, bitLiteralText, bitTypmodSql, isBitString } from './type-bit.js';
import { moneyCastSql, moneyTextSql } from './type-money.js';

/** A translated expression. */
export interface Expr {
  sql: string;
  type: number;
  typmod: number;
  /** An untyped string literal ('...'): coerced to its context's type at translate time. */
  unknownText?: string;
  /** A shaped statement's string literal emitted as a parameter (src/sql/shape); `sql` is the parameter. */
  literalParam?: boolean;
  /** The NULL constant (type unknown until its context decides). */
  nullConst?: boolean;
  /** A bare `$n` whose type is not fixed yet. */
  param?: number;
  /** PostgreSQL's output column name for this expression (FigureColname), if it has one. */
  name?: string;
  tableOid?: number;
  attnum?: number;
  /** Contains an aggregate call. */
  agg?: boolean;
}

export type CastMode = 'implicit' | 'assignment' | 'explicit';

const INT_RANK: Record<number, number> = {
  [OID.int2]: 1,
  [OID.int4]: 2,
  [OID.int8]: 3,
  [OID.oid]: 3,
  [OID.numeric]: 4,
  [OID.float4]: 5,
  [OID.float8]: 6,
};

export const isInt = (t: number) => t === OID.int2 || t === OID.int4 || t === OID.int8 || t === OID.oid;
export const isFloat = (t: number) => t === OID.float4 || t === OID.float8;
export const isNumberType = (t: number) => INT_RANK[t] !== undefined;
export const isTextLike = (t: number) =>
  t === OID.text || t === OID.varchar || t === OID.bpchar || t === OID.name || t === OID.char;
export const isDateTime = (t: number) => t === OID.date || t === OID.timestamp || t === OID.timestamptz;
export const intBits = (t: number) => (t === OID.int2 ? 16 : t === OID.int4 ? 32 : 64);

export const DAY_US = 86400000000;

/** Is the expression's type still open (literal, NULL, untyped parameter)? */
export function isUntyped(e: Expr): boolean {
  return e.type === OID.unknown;
}

/** The type both sides of an operator are converted to, or undefined when there is none. */
export function commonType(a: number, b: number): number | undefined {
  if (a === b) return a;
  if (a === OID.unknown) return b;
  if (b === OID.unknown) return a;
  const reg = regCommon(a, b);
  if (reg !== undefined) return reg;
  if (isNumberType(a) && isNumberType(b)) {
    if (a === OID.oid || b === OID.oid) return OID.int8;
    // real meets another number type: PG picks the float8 operator (float8 is the preferred numeric type).
    if (a === OID.float4 || b === OID.float4) return OID.float8;
    return INT_RANK[a] >= INT_RANK[b] ? a : b;
  }
  if (isTextLike(a) && isTextLike(b)) return OID.text;
  if (isDateTime(a) && isDateTime(b)) {
    if (a === OID.timestamptz || b === OID.timestamptz) return OID.timestamptz;
    return OID.timestamp;
  }
  // bit meets bit varying as bit varying, the preferred type of the bit-string category.
  if (isBitString(a) && isBitString(b)) return OID.varbit;
  if ((a === OID.json || a === OID.jsonb) && isTextLike(b)) return a;
  if ((b === OID.json || b === OID.jsonb) && isTextLike(a)) return b;
  return undefined;
}

/**
 * PG's select_common_type step: the candidate type is kept unless it is not the preferred type of its
 * category and converts implicitly to the next one but not back (int UNION real is real, varchar UNION text
 * is varchar, text UNION varchar is text); operators (commonType) promote further.
 */
function selectCommonType(candidate: number, next: number): number | undefined {
  const plainNumber = (x: number) => isNumberType(x) && x !== OID.oid;
  if (plainNumber(candidate) && plainNumber(next)) return INT_RANK[candidate] >= INT_RANK[next] ? candidate : next;
  const str = (x: number) => isTextLike(x) && x !== OID.char;
  if (str(candidate) && str(next) && candidate !== OID.text)
    return next === OID.name && candidate !== OID.name ? OID.name : candidate;
  return commonType(candidate, next);
}

/** Common type of a list (CASE results, COALESCE, UNION columns, VALUES columns); unknown -> text. */
export function resolveCommon(t: Translator, exprs: Expr[], context: string, node?: Node): number {
  let type: number = OID.unknown;
  for (const e of exprs) {
    const c = selectCommonType(type, e.type);
    if (c === undefined) {
      throw t.error(
        SQLSTATE.DATATYPE_MISMATCH,
        `${context} types ${t.typeName(type)} and ${t.typeName(e.type)} cannot be matched`,
        node,
      );
    }
    type = c;
  }
  return type === OID.unknown ? OID.text : type;
}

/** Convert `e` to type `to` (typmod applies length checks, padding and numeric rounding). */
export function coerce(
  t: Translator,
  e: Expr,
  to: number,
  typmod = -1,
  mode: CastMode = 'implicit',
  node?: Node,
): Expr {
  if (to === OID.unknown) return e;
  const base = { name: e.name, agg: e.agg };
  // Unknown -> text keeps the string as it is: the parameter stays a parameter (no dependency on its value).
  if (
    e.literalParam &&
    e.type === OID.unknown &&
    e.sql.startsWith('$__l') &&
    (to === OID.text || (to === OID.varchar && typmod < 0))
  )
    return { ...base, sql: e.sql, type: to, typmod };
  if (e.unknownText !== undefined) {
    let text = e.unknownText;
    // An explicit cast to varchar(n)/char(n) truncates instead of failing.
    if (mode === 'explicit' && typmod >= 4 && (to === OID.varchar || to === OID.bpchar))
      text = [...text].slice(0, typmod - 4).join('');
    try {
      text = bitLiteralText(text, to, typmod, mode);
    } catch (err) {
      throw withPosition(err, node, t, to, text);
    }
    return { ...base, sql: literalSql(t, text, to, typmod, node), type: to, typmod };
  }
  if (e.nullConst) return { ...base, sql: 'NULL', type: to, typmod, nullConst: true };
  if (e.param !== undefined && e.type === OID.unknown) {
    const i = e.param - 1;
    while (t.paramTypes.length <= i) t.paramTypes.push(0);
    if (t.paramTypes[i] === 0) {
      t.paramTypes[i] = to;
      t.paramTypmods[i] = typmod;
    }
    const pt = t.paramTypes[i];
    return pt === to
      ? { ...base, sql: to >= 16384 ? enumParamSql(t, e.sql, to) : e.sql, type: to, typmod }
      : coerce(t, { ...e, param: undefined, type: pt }, to, typmod, mode, node);
  }
  if (e.type === OID.unknown) return { ...e, type: to, typmod };
  const sql = castSql(t, e.sql, e.type, to, typmod, mode, node, e.typmod);
  if (sql === e.sql && e.type === to) return { ...e, typmod: typmod >= 0 ? typmod : e.typmod };
  return { ...base, sql, type: to, typmod };
}

/** A literal's text converted at translate time to the storage literal of `type`. */
export function literalSql(t: Translator, text: string, type: number, typmod: number, node?: Node): string {
  try {
    if (isRegType(type)) return regLiteralSql(t, text, type, node);
    const en = type >= 16384 ? enumLiteralSql(t, text, type, node) : undefined;
    if (en !== undefined) return en;
    if (type === OID.numeric) {
      const d = decApplyTypmod(parseDecText(text), typmod);
      return quoteString(decToString(d));
    }
    if (type === OID.name || type === OID.char) return quoteString(type === OID.char ? text.slice(0, 1) : text);
    if (RANGE_TYPES.has(type)) return quoteString(rangeInput(type, text));
    if (type === OID.json || type === OID.jsonb) {
      JSON.parse(text);
      if (type === OID.json) return quoteString(text);
    }
    const lit = t.literal(text, type, typmod);
    return type === OID.timestamp || type === OID.timestamptz || type === OID.time
      ? typmodWrap(t, lit, type, typmod, 'explicit')
      : lit;
  } catch (err) {
    throw withPosition(err, node, t, type, text);
  }
}

function withPosition(err: unknown, node: Node, t: Translator, type: number, text: string): unknown {
  const pos = findLocation(node);
  if (err instanceof PgError) {
    if (err.position === undefined && pos !== undefined) err.position = pos + 1;
    return err;
  }
  if (err instanceof SyntaxError) {
    return new PgError(SQLSTATE.INVALID_TEXT_REPRESENTATION, `invalid input syntax for type ${t.typeName(type)}`, {
      position: pos !== undefined ? pos + 1 : undefined,
      detail: `Token "${text}" is invalid.`,
    });
  }
  return err;
}

function typmodWrap(t: Translator, sql: string, type: number, typmod: number, mode: CastMode): string {
  if (typmod < 0) return sql;
  if (type === OID.varchar) return `lumos_varchar(${sql}, ${typmod - 4}, ${mode === 'explicit' ? 1 : 0})`;
  if (type === OID.bpchar) return `lumos_bpchar(${sql}, ${typmod - 4}, ${mode === 'explicit' ? 1 : 0})`;
  if (type === OID.numeric) return `lumos_numeric(${sql}, ${typmod})`;
  // timestamp(p)/time(p): round the microseconds to p fractional digits (fn-datetime.ts).
  if ((type === OID.timestamp || type === OID.timestamptz || type === OID.time) && typmod < 6)
    return `lumos_time_round(${sql}, ${typmod})`;
  if (type === OID.interval) return `lumos_interval_scale(${sql}, ${typmod})`;
  if (isBitString(type)) return bitTypmodSql(sql, type, typmod, mode);
  void t;
  return sql;
}

const tsToTstz = (t: Translator, sql: string) => {
  const tz = t.timeZone();
  return tz ? `lumos_ts_to_tstz(${sql}, ${quoteString(tz)})` : sql;
};
const tstzToTs = (t: Translator, sql: string) => {
  const tz = t.timeZone();
  return tz ? `lumos_tstz_to_ts(${sql}, ${quoteString(tz)})` : sql;
};

/** The storage form of any value converted to its PostgreSQL text output. */
export function toTextSql(t: Translator, sql: string, from: number, typmod = -1): string {
  // A record's text is record_out's, which needs its field types (the typmod names them, record.ts).
  if (isRecordType(from)) return recordOutSql(t, { sql, type: from, typmod });
  const en = from >= 16384 ? enumTextSql(t, sql, from) : undefined;
  if (en !== undefined) return en;
  if (from === OID.text || from === OID.varchar || from === OID.name || from === OID.unknown) return sql;
  if (from === OID.bpchar) return `rtrim(${sql}, ' ')`;
  if (isInt(from) || from === OID.numeric) return `CAST(${sql} AS TEXT)`;
  if (from === OID.bool) return `CASE ${sql} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END`;
  if (from === OID.json || from === OID.uuid || from === OID.char || isBitString(from)) return sql;
  if (from === OID.money) return moneyTextSql(sql);
  return `lumos_to_text(${from}, ${sql}, ${t.codecSql()})`;
}

/** SQL converting a storage value of type `from` to the storage value of type `to`. */
export function castSql(
  t: Translator,
  sql: string,
  from: number,
  to: number,
  typmod: number,
  mode: CastMode,
  node?: Node,
  fromTypmod = -1,
): string {
  if (from === to) {
    if (typmod < 0 || typmod === fromTypmod) return sql;
    return typmodWrap(t, sql, to, typmod, mode);
  }
  if (from === OID.unknown) from = OID.text;
  const en = from >= 16384 || to >= 16384 ? enumCastSql(t, sql, from, to, mode, node) : undefined;
  if (en !== undefined) return en;
  const reg = regCastSql(t, sql, from, to);
  if (reg !== undefined) return reg;
  const own = bitCastSql(t, sql, from, to, typmod, mode, node) ?? moneyCastSql(t, sql, from, to, mode, node);
  if (own !== undefined) return own;
  if (isTextLike(to)) {
    // A record's text is record_out's (record.ts); its field types come with its typmod.
    if (isRecordType(from))
      return typmodWrap(t, recordOutSql(t, { sql, type: from, typmod: fromTypmod }, node), to, typmod, mode);
    let s = toTextSql(t, sql, from);
    if (to === OID.bpchar && from === OID.bpchar) s = sql;
    return typmodWrap(t, s, to, typmod, mode);
  }
  if (isTextLike(from)) {
    if (mode !== 'explicit' && to !== OID.json && to !== OID.jsonb) {
      // PG has no implicit text -> X casts; only literals and parameters are coerced.
      throw t.error(
        SQLSTATE.DATATYPE_MISMATCH,
        `expression is of type ${t.typeName(from)} but ${t.typeName(to)} is expected`,
        node,
        { hint: 'You will need to rewrite or cast the expression.' },
      );
    }
    // text -> bit(n) reads the bits, then applies the explicit length coercion (pads, truncates).
    if (isBitString(to)) return bitFromTextSql(sql, to, typmod);
    return `lumos_from_text(${to}, ${typmod}, ${sql}, ${t.codecSql()})`;
  }
  if (isNumberType(from) && isNumberType(to)) {
    if (isInt(from)) {
      if (isInt(to)) return intBits(to) < intBits(from) ? `lumos_int_range(${sql}, ${intBits(to)})` : sql;
      if (isFloat(to)) return to === OID.float4 ? `lumos_f4(CAST(${sql} AS REAL))` : `CAST(${sql} AS REAL)`;
      return typmodWrap(t, `CAST(${sql} AS TEXT)`, to, typmod, mode);
    }
    if (isFloat(from)) {
      if (isInt(to)) return `lumos_float_to_int(${sql}, ${intBits(to)})`;
      // real values are stored rounded to float32 (lumos_f4) so widening to float8 shows PG's digits.
      if (isFloat(to)) return to === OID.float4 ? `lumos_f4(${sql})` : sql;
      if (from === OID.float4) return `lumos_f4_to_numeric(${sql}, ${typmod})`;
      return `lumos_float_to_numeric(${sql}, ${typmod})`;
    }
    // numeric
    if (isInt(to)) return `lumos_num_to_int(${sql}, ${intBits(to)})`;
    return to === OID.float4 ? `lumos_f4(lumos_num_to_float(${sql}))` : `lumos_num_to_float(${sql})`;
  }
  // int <-> boolean casts exist only explicitly (an INSERT of 1 into a boolean column is 42804 in PG).
  if ((from === OID.bool && to === OID.int4) || (to === OID.bool && from === OID.int4)) {
    if (mode === 'explicit') return to === OID.bool ? `(${sql} <> 0)` : sql;
    throw t.error(
      SQLSTATE.DATATYPE_MISMATCH,
      `expression is of type ${t.typeName(from)} but ${t.typeName(to)} is expected`,
      node,
      { hint: 'You will need to rewrite or cast the expression.' },
    );
  }
  if (from === OID.date) {
    if (to === OID.timestamp) return `(${sql} * ${DAY_US})`;
    if (to === OID.timestamptz) return tsToTstz(t, `(${sql} * ${DAY_US})`);
  }
  if (from === OID.timestamp) {
    if (to === OID.timestamptz) return tsToTstz(t, sql);
    if (to === OID.date) return `lumos_floor_div(${sql}, ${DAY_US})`;
    if (to === OID.time) return `lumos_floor_mod(${sql}, ${DAY_US})`;
  }
  if (from === OID.timestamptz) {
    if (to === OID.timestamp) return tstzToTs(t, sql);
    if (to === OID.date) return `lumos_floor_div(${tstzToTs(t, sql)}, ${DAY_US})`;
    if (to === OID.time) return `lumos_floor_mod(${tstzToTs(t, sql)}, ${DAY_US})`;
  }
  if (from === OID.time && to === OID.interval) return `('0,0,' || ${sql})`;
  const timetz = timetzCastSql(t, sql, from, to);
  if (timetz !== undefined) return timetz;
  if ((from === OID.json || from === OID.jsonb) && (to === OID.json || to === OID.jsonb)) {
    return to === OID.json ? sql : `lumos_from_text(${to}, -1, ${sql}, ${t.codecSql()})`;
  }
  if (isArrayOid(from) && isArrayOid(to) && mode === 'explicit') {
    return `lumos_from_text(${to}, ${typmod}, lumos_to_text(${from}, ${sql}, ${t.codecSql()}), ${t.codecSql()})`;
  }
  throw t.error(SQLSTATE.CANNOT_COERCE, `cannot cast type ${t.typeName(from)} to ${t.typeName(to)}`, node);
}
