/**
 * money casts. Values are stored as INTEGER cents (storage.ts), so equality, ordering, DISTINCT and min/max
 * are SQLite's own. PG's casts: int4/int8/numeric -> money and money -> numeric (assignment), text both ways
 * (through protocol/types/money.ts). Imported by coerce.ts: type-only imports of the translator here.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import { moneyToNumericText, moneyToText } from '../../../protocol/types/money.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import type { CastMode } from './coerce.js';
import { defineSqliteFunctions } from './fn-registry.js';
import type { Translator } from './translator.js';

type V = number | bigint | string | Buffer | null | undefined;

/** The string types, whose casts go through text I/O (coerce.ts); coerce.ts's isTextLike would be a cycle. */
export const isStringType = (t: number) =>
  t === OID.text || t === OID.varchar || t === OID.bpchar || t === OID.name || t === OID.char;

/** 42804 for an assignment or implicit conversion PG has no cast for. */
export function mismatch(t: Translator, from: number, to: number, node?: Node) {
  return t.error(
    SQLSTATE.DATATYPE_MISMATCH,
    `expression is of type ${t.typeName(from)} but ${t.typeName(to)} is expected`,
    node,
    { hint: 'You will need to rewrite or cast the expression.' },
  );
}

/** money's text output, for casts to text types and concatenation. */
export const moneyTextSql = (sql: string) => `lumos_cash_out(${sql})`;

/** SQL of a cast between money and a number type, or undefined when it is not one. */
export function moneyCastSql(
  t: Translator,
  sql: string,
  from: number,
  to: number,
  mode: CastMode,
  node?: Node,
): string | undefined {
  const fromNumber = to === OID.money && (from === OID.int4 || from === OID.int8 || from === OID.numeric);
  const toNumeric = from === OID.money && to === OID.numeric;
  if (!fromNumber && !toNumeric) {
    // No cast (float8 -> money...): an assignment is 42804 in PG, an explicit cast 42846 (coerce.ts).
    const ours = (to === OID.money && !isStringType(from)) || (from === OID.money && !isStringType(to));
    if (!ours || mode === 'explicit') return undefined;
  }
  if (mode === 'implicit' || (!fromNumber && !toNumeric)) throw mismatch(t, from, to, node);
  if (toNumeric) return `lumos_cash_numeric(${sql})`;
  // int4_cash cannot overflow; int8_cash multiplies as int8 (PG: "bigint out of range").
  if (from === OID.int4) return `(${sql} * 100)`;
  if (from === OID.int8) return `lumos_int_check((${sql} * 100), 64)`;
  // numeric_cash: amount * 100 rounded half away from zero to an int8, with numeric_int8's errors.
  return `lumos_num_to_int(lumos_num_mul(${sql}, '100'), 64)`;
}

defineSqliteFunctions((db) => {
  const opts = { deterministic: true, safeIntegers: true };
  db.function('lumos_cash_out', opts, (v: V) => (v === null || v === undefined ? null : moneyToText(v)));
  db.function('lumos_cash_numeric', opts, (v: V) => (v === null || v === undefined ? null : moneyToNumericText(v)));
});
