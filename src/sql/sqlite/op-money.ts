/**
 * money arithmetic, as PG 15's cash.c: money +- money, money * and / by int2/int4/int8 and float4/float8
 * (a numeric operand converts to float8, the candidate PG picks), money / money as float8. Results outside
 * int64 are 22003 "money out of range"; float products and quotients round half to even (rint).
 * Comparison is SQLite's over the INTEGER cents.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { checkMoney, moneyOutOfRange } from '../../../protocol/types/money.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { castSql, coerce, type Expr, isFloat, isInt, isNumberType } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { defineSqliteFunctions } from './fn-registry.js';
import { isNull, type V } from './fn-util.js';

const INT64_LIMIT = 2 ** 63;

const divisionByZero = () => new PgError(SQLSTATE.DIVISION_BY_ZERO, 'division by zero');

/** rint(cents op f) back to cents; NaN and results outside int64 are out of range. */
export function cashFloatOp(cents: bigint, op: '*' | '/', f: number): bigint {
  if (op === '/' && f === 0) throw divisionByZero();
  const x = op === '*' ? Number(cents) * f : Number(cents) / f;
  if (Number.isNaN(x) || x < -INT64_LIMIT || x >= INT64_LIMIT) throw moneyOutOfRange();
  // rint: round half to even.
  let r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) r -= 1;
  return BigInt(r);
}

/** money + - money and money * / integer (division truncates toward zero, as C does). */
export function cashIntOp(a: bigint, op: string, b: bigint): bigint {
  if (op === '/' && b === 0n) throw divisionByZero();
  const r = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b;
  return checkMoney(r);
}

/** `l op r` when a side is money; undefined leaves other operators (comparisons included) to operators.ts. */
export function moneyOperator(ctx: ExprCtx, op: string, l0: Expr, r0: Expr, node: Node): Expr | undefined {
  if (l0.type !== OID.money && r0.type !== OID.money) return undefined;
  if (op !== '+' && op !== '-' && op !== '*' && op !== '/') return undefined;
  const t = ctx.t;
  // An untyped operand is money, like the other side (PG prefers the same type for unknown).
  const l = l0.type === OID.unknown ? coerce(t, l0, OID.money, -1, 'implicit', node) : l0;
  const r = r0.type === OID.unknown ? coerce(t, r0, OID.money, -1, 'implicit', node) : r0;
  const agg = l.agg || r.agg;
  const res = (sql: string, type: number = OID.money): Expr => ({ sql, type, typmod: -1, agg });
  if (l.type === OID.money && r.type === OID.money) {
    if (op === '/') return res(`lumos_cash_div_cash(${l.sql}, ${r.sql})`, OID.float8);
    if (op === '*') return undefined;
    return res(`lumos_cash_int('${op}', ${l.sql}, ${r.sql})`);
  }
  const [money, other] = l.type === OID.money ? [l, r] : [r, l];
  // int * money and float * money exist; int / money and float / money do not.
  if (!isNumberType(other.type) || other.type === OID.oid || (op !== '*' && money !== l)) return undefined;
  if (op !== '*' && op !== '/') return undefined;
  if (isInt(other.type)) return res(`lumos_cash_int('${op}', ${money.sql}, ${other.sql})`);
  const f = isFloat(other.type) ? other.sql : castSql(t, other.sql, other.type, OID.float8, -1, 'implicit', node);
  return res(`lumos_cash_float('${op}', ${money.sql}, ${f})`);
}

defineSqliteFunctions((db) => {
  const opts = { deterministic: true, safeIntegers: true };
  db.function('lumos_cash_int', opts, (op: V, a: V, b: V) =>
    isNull(a) || isNull(b) ? null : cashIntOp(BigInt(a as bigint), String(op), BigInt(b as bigint)),
  );
  db.function('lumos_cash_float', opts, (op: V, a: V, f: V) =>
    isNull(a) || isNull(f) ? null : cashFloatOp(BigInt(a as bigint), String(op) as '*' | '/', Number(f)),
  );
  db.function('lumos_cash_div_cash', opts, (a: V, b: V) => {
    if (isNull(a) || isNull(b)) return null;
    if (BigInt(b as bigint) === 0n) throw divisionByZero();
    return Number(a) / Number(b);
  });
});
