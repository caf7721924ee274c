/**
 * bit(n) / bit varying(n) casts. Values are stored as their '0'/'1' digits (storage.ts), so bit <-> varbit
 * and bit -> text are free; the length coercions, the integer casts and text -> bit run as UDFs over the
 * protocol/types/bitstring.ts rules. Imported by coerce.ts: type-only imports of the translator here.
 */
import { bitApplyLength, bitFromInt, bitFromText, bitToInt } from '../../../protocol/types/bitstring.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import type { CastMode } from './coerce.js';
import { defineSqliteFunctions } from './fn-registry.js';
import type { Translator } from './translator.js';
import { isStringType, mismatch } from './type-money.js';

export const isBitString = (t: number) => t === OID.bit || t === OID.varbit;

type V = number | bigint | string | Buffer | null | undefined;
const isNull = (v: V): v is null | undefined => v === null || v === undefined;

/** The length coercion of a cast to bit(n)/varbit(n) between bit strings (none without a length). */
export function bitTypmodSql(sql: string, to: number, typmod: number, mode: CastMode): string {
  if (typmod <= 0) return sql;
  return `lumos_bit_length(${sql}, ${typmod}, ${to === OID.varbit ? 1 : 0}, ${mode === 'explicit' ? 1 : 0})`;
}

/**
 * An untyped literal's text for an explicit cast to bit(n)/varbit(n): PG reads it without the length, then
 * pads or truncates ('101'::bit(4) is 1010); other casts check the length as the input function does.
 */
export function bitLiteralText(text: string, to: number, typmod: number, mode: CastMode): string {
  if (mode !== 'explicit' || typmod <= 0 || !isBitString(to)) return text;
  const varying = to === OID.varbit;
  return bitApplyLength(bitFromText(text, -1, varying), typmod, varying, true);
}

/** SQL of a cast from or to a bit string, or undefined when it is not one (text casts: coerce.ts). */
export function bitCastSql(
  t: Translator,
  sql: string,
  from: number,
  to: number,
  typmod: number,
  mode: CastMode,
  node?: Node,
): string | undefined {
  if (!isBitString(from) && !isBitString(to)) return undefined;
  // bit <-> varbit are binary-compatible implicit casts; only a length applies.
  if (isBitString(from) && isBitString(to)) return bitTypmodSql(sql, to, typmod, mode);
  // Text casts are coerce.ts's (I/O conversion); anything else but int4/int8 <-> bit has no cast: 42804 in
  // an assignment, 42846 when explicit (coerce.ts).
  if (isStringType(from) || isStringType(to)) return undefined;
  if (mode !== 'explicit') throw mismatch(t, from, to, node);
  const int = from === OID.int4 || from === OID.int8 || to === OID.int4 || to === OID.int8;
  if (!int || (to !== OID.bit && from !== OID.bit)) return undefined;
  if (to === OID.bit) return `lumos_bit_from_int(${sql}, ${typmod}, ${from === OID.int8 ? 64 : 32})`;
  return `lumos_bit_to_int(${sql}, ${to === OID.int8 ? 64 : 32})`;
}

/** text -> bit(n)/varbit(n) (explicit only): read without the length, then the explicit length coercion. */
export function bitFromTextSql(sql: string, to: number, typmod: number): string {
  return `lumos_bit_in(${sql}, ${typmod}, ${to === OID.varbit ? 1 : 0})`;
}

defineSqliteFunctions((db) => {
  db.function('lumos_bit_length', { deterministic: true }, (v: V, n: V, varying: V, explicit: V) =>
    isNull(v) ? null : bitApplyLength(String(v), Number(n), Boolean(varying), Boolean(explicit)),
  );
  db.function('lumos_bit_in', { deterministic: true }, (v: V, n: V, varying: V) => {
    if (isNull(v)) return null;
    const bits = bitFromText(String(v), -1, Boolean(varying));
    return bitApplyLength(bits, Number(n), Boolean(varying), true);
  });
  db.function('lumos_bit_from_int', { deterministic: true, safeIntegers: true }, (v: V, n: V, width: V) =>
    isNull(v) ? null : bitFromInt(BigInt(v as bigint), Number(n), Number(width) as 32 | 64),
  );
  db.function('lumos_bit_to_int', { deterministic: true, safeIntegers: true }, (v: V, width: V) =>
    isNull(v) ? null : bitToInt(String(v), Number(width) as 32 | 64),
  );
});
