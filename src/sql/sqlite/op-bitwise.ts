/**
 * Bitwise integer operators (& | # ~ << >>) for int2/int4/int8 with PG's operand resolution and result
 * types, over SQLite's 64-bit integer operators. Shifts reproduce what PG's C code does on this platform:
 * the count is taken modulo the width of C's int (int2/int4) or int64 (x86 shift semantics), and the result
 * is truncated to the operand's width (int2shl/int4shl cast back without a range check).
 */
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, commonType, type Expr } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { defineSqliteFunctions } from './fn-registry.js';

const BINARY = new Set(['&', '|', '#', '<<', '>>']);
const isBitInt = (t: number) => t === OID.int2 || t === OID.int4 || t === OID.int8;

function notUnique(ctx: ExprCtx, op: string, l: Expr | undefined, r: Expr, node: Node): never {
  const lt = l ? `${ctx.t.typeName(l.type)} ` : '';
  throw ctx.t.error('42725', `operator is not unique: ${lt}${op} ${ctx.t.typeName(r.type)}`, node, {
    hint: 'Could not choose a best candidate operator. You might need to add explicit type casts.',
  });
}

/** Sign-extend the low `bits` bits of an SQLite integer expression. */
const wrap = (sql: string, bits: number) => `(((${sql}) + ${2 ** (bits - 1)}) & ${2 ** bits - 1}) - ${2 ** (bits - 1)}`;

/** `l op r` when both sides are integers (or untyped); undefined leaves the operator to the other families. */
export function bitwiseOperator(ctx: ExprCtx, op: string, l0: Expr, r0: Expr, node: Node): Expr | undefined {
  if (!BINARY.has(op)) return undefined;
  const lu = l0.type === OID.unknown;
  const ru = r0.type === OID.unknown;
  if (!(isBitInt(l0.type) || lu) || !(isBitInt(r0.type) || ru)) return undefined;
  const t = ctx.t;
  const agg = l0.agg || r0.agg;
  if (op === '<<' || op === '>>') {
    // int2shl(int2, int4), int4shl(int4, int4), int8shl(int8, int4): the count is always int4.
    if (r0.type === OID.int8) return undefined;
    if (lu && (ru || r0.type !== OID.int4)) notUnique(ctx, op, l0, r0, node);
    const type = lu ? OID.int4 : l0.type;
    const l = coerce(t, l0, type, -1, 'implicit', node);
    const r = coerce(t, r0, OID.int4, -1, 'implicit', node);
    const mask = type === OID.int8 ? 63 : 31;
    const n = `(${r.sql} & ${mask})`;
    let sql: string;
    if (op === '>>') sql = `(${l.sql} >> ${n})`;
    else if (type === OID.int8) sql = `(${l.sql} << ${n})`;
    else sql = `(${wrap(`${l.sql} << ${n}`, type === OID.int2 ? 16 : 32)})`;
    return { sql, type, typmod: -1, agg };
  }
  if (lu && ru) notUnique(ctx, op, l0, r0, node);
  const type = commonType(l0.type, r0.type) as number;
  const l = coerce(t, l0, type, -1, 'implicit', node);
  const r = coerce(t, r0, type, -1, 'implicit', node);
  // SQLite has no XOR operator; a UDF evaluates each operand once (they may be volatile).
  const sql = op === '#' ? `lumos_int_xor(${l.sql}, ${r.sql})` : `(${l.sql} ${op} ${r.sql})`;
  return { sql, type, typmod: -1, agg };
}

/** Prefix `~ a` (bitwise NOT); undefined when `a` is not an integer. */
export function bitwiseNot(ctx: ExprCtx, a: Expr, node: Node): Expr | undefined {
  if (a.type === OID.unknown) notUnique(ctx, '~', undefined, a, node);
  if (!isBitInt(a.type)) return undefined;
  return { sql: `(~ ${a.sql})`, type: a.type, typmod: -1, agg: a.agg };
}

defineSqliteFunctions((db) => {
  db.function('lumos_int_xor', { deterministic: true, safeIntegers: true }, (a: unknown, b: unknown) =>
    a === null || b === null ? null : BigInt(a as bigint) ^ BigInt(b as bigint),
  );
});
