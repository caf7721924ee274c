/**
 * Bit-string operators (& | # ~ << >> ||) on bit / bit varying, as PG 15's varbit.c has them. Comparison
 * needs nothing here: the stored '0'/'1' digits compare like bit_cmp (storage.ts), and bit meets varbit in
 * commonType. & | # take bit (varbit converts implicitly) and give bit; || gives bit varying.
 */
import { PgError } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { defineSqliteFunctions } from './fn-registry.js';
import { isNull, type V } from './fn-util.js';
import { isBitString } from './type-bit.js';

const LOGICAL: Record<string, string> = { '&': 'AND', '|': 'OR', '#': 'XOR' };

/** bitand / bitor / bitxor: both strings must have the same length (22026). */
export function bitLogical(op: string, a: string, b: string): string {
  if (a.length !== b.length) throw new PgError('22026', `cannot ${LOGICAL[op]} bit strings of different sizes`);
  let out = '';
  for (let i = 0; i < a.length; i++) {
    const x = a.charCodeAt(i) === 0x31;
    const y = b.charCodeAt(i) === 0x31;
    out += (op === '&' ? x && y : op === '|' ? x || y : x !== y) ? '1' : '0';
  }
  return out;
}

/** bitshiftleft (a negative count shifts right): the length stays, vacated bits are 0. */
export function bitShiftLeft(a: string, n: number): string {
  const len = a.length;
  if (n < 0) {
    const k = Math.min(-n, len);
    return '0'.repeat(k) + a.slice(0, len - k);
  }
  const k = Math.min(n, len);
  return a.slice(k) + '0'.repeat(k);
}

export const bitNot = (a: string): string => a.replace(/[01]/g, (c) => (c === '0' ? '1' : '0'));

const bitOrUnknown = (e: Expr) => isBitString(e.type) || e.type === OID.unknown;

/** `l op r` over bit strings; undefined when neither side is one (the other operator families decide). */
export function bitStringOperator(ctx: ExprCtx, op: string, l0: Expr, r0: Expr, node: Node): Expr | undefined {
  const t = ctx.t;
  const agg = l0.agg || r0.agg;
  if ((op === '<<' || op === '>>') && isBitString(l0.type)) {
    if (r0.type !== OID.unknown && r0.type !== OID.int4 && r0.type !== OID.int2) return undefined;
    const l = coerce(t, l0, OID.bit, -1, 'implicit', node);
    const r = coerce(t, r0, OID.int4, -1, 'implicit', node);
    const count = op === '<<' ? r.sql : `(- ${r.sql})`;
    return { sql: `lumos_bit_shift(${l.sql}, ${count})`, type: OID.bit, typmod: -1, agg };
  }
  if (!(isBitString(l0.type) || isBitString(r0.type)) || !bitOrUnknown(l0) || !bitOrUnknown(r0)) return undefined;
  if (op === '||') {
    // bitcat(varbit, varbit): the digits concatenate.
    const l = coerce(t, l0, OID.varbit, -1, 'implicit', node);
    const r = coerce(t, r0, OID.varbit, -1, 'implicit', node);
    return { sql: `(${l.sql} || ${r.sql})`, type: OID.varbit, typmod: -1, agg };
  }
  if (!LOGICAL[op]) return undefined;
  const l = coerce(t, l0, OID.bit, -1, 'implicit', node);
  const r = coerce(t, r0, OID.bit, -1, 'implicit', node);
  return { sql: `lumos_bit_logical('${op}', ${l.sql}, ${r.sql})`, type: OID.bit, typmod: -1, agg };
}

/** Prefix `~ a` on a bit string (bitnot); undefined for other types. */
export function bitStringNot(a: Expr): Expr | undefined {
  if (!isBitString(a.type)) return undefined;
  return { sql: `lumos_bit_not(${a.sql})`, type: OID.bit, typmod: -1, agg: a.agg };
}

defineSqliteFunctions((db) => {
  const det = { deterministic: true };
  db.function('lumos_bit_logical', det, (op: V, a: V, b: V) =>
    isNull(a) || isNull(b) ? null : bitLogical(String(op), String(a), String(b)),
  );
  db.function('lumos_bit_shift', det, (a: V, n: V) =>
    isNull(a) || isNull(n) ? null : bitShiftLeft(String(a), Number(n)),
  );
  db.function('lumos_bit_not', det, (a: V) => (isNull(a) ? null : bitNot(String(a))));
});
