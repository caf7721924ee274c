/** Range types: input validation and canonical text (ranges are stored as text). */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import { decCmp, parseDec } from './numeric.js';

export const RANGE_TYPES = new Set<number>([
  OID.int4range,
  OID.int8range,
  OID.numrange,
  OID.tsrange,
  OID.tstzrange,
  OID.daterange,
]);

/**
 * Range input (ranges are stored as their text): PG's syntax check, and the canonical form of the discrete
 * int4range/int8range/daterange ('[1,5]' -> '[1,6)'). Quoted bounds are not supported (0A000).
 */
export function rangeInput(oid: number, text: string): string {
  const malformed = () => new PgError(SQLSTATE.INVALID_TEXT_REPRESENTATION, `malformed range literal: "${text}"`);
  if (/^\s*empty\s*$/i.test(text)) return 'empty';
  if (text.includes('"') || text.includes('\\'))
    throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, 'quoted range bounds are not supported by Lumos');
  const m = /^\s*([[(])([^,]*),([^,]*)([\])])\s*$/.exec(text);
  if (!m) throw malformed();
  const [lo, hi] = [m[2].trim(), m[3].trim()];
  let [lb, ub] = [m[1], m[4]];
  if (!lo) lb = '(';
  if (!hi) ub = ')';
  const isInt = oid === OID.int4range || oid === OID.int8range;
  if (isInt || oid === OID.daterange) {
    const typeName = oid === OID.int4range ? 'integer' : oid === OID.int8range ? 'bigint' : 'date';
    const parse = (s: string): number => {
      if (isInt) {
        if (!/^[+-]?\d+$/.test(s))
          throw new PgError(SQLSTATE.INVALID_TEXT_REPRESENTATION, `invalid input syntax for type ${typeName}: "${s}"`);
        return Number(s);
      }
      const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      if (!d) throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, `daterange bound "${s}" is not supported by Lumos`);
      return Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])) / 86400000;
    };
    const fmt = (n: number): string => (isInt ? String(n) : new Date(n * 86400000).toISOString().slice(0, 10));
    let l = lo ? parse(lo) : undefined;
    let h = hi ? parse(hi) : undefined;
    if (l !== undefined && h !== undefined && l > h)
      throw new PgError('22000', 'range lower bound must be less than or equal to range upper bound');
    if (l !== undefined && lb === '(') l += 1;
    if (h !== undefined && ub === ']') h += 1;
    if (l !== undefined && h !== undefined && l >= h) return 'empty';
    return `${l === undefined ? '(' : '['}${l === undefined ? '' : fmt(l)},${h === undefined ? '' : fmt(h)})`;
  }
  if (oid === OID.numrange) {
    const [dl, dh] = [lo ? parseDec(lo) : null, hi ? parseDec(hi) : null];
    if (dl && dh && decCmp(dl, dh) > 0)
      throw new PgError('22000', 'range lower bound must be less than or equal to range upper bound');
    return `${lb}${lo},${hi}${ub}`;
  }
  throw new PgError(
    SQLSTATE.FEATURE_NOT_SUPPORTED,
    `type ${oid === OID.tsrange ? 'tsrange' : 'tstzrange'} is not supported by Lumos`,
  );
}
