/** Operators: comparison, arithmetic, concatenation, regex, over storage forms with PG's result types. */
import { SQLSTATE } from '../../../protocol/errors.js';
import { isArrayOid, OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { castSql, coerce, DAY_US, type Expr, isFloat, isInt, isNumberType, isTextLike, toTextSql } from './coerce.js';
import { enumSortKeyOf } from './enum-core.js';
import { type ExprCtx, unify } from './expr.js';
import { regexMatchSql } from './fn-regex.js';
import { arrayOperator } from './op-array.js';
import { bitStringNot, bitStringOperator } from './op-bit.js';
import { bitwiseNot, bitwiseOperator } from './op-bitwise.js';
import { jsonOperator } from './op-json.js';
import { moneyOperator } from './op-money.js';

const CMP = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);
const REGEX_OPS = new Set(['~', '!~', '~*', '!~*', '~~', '!~~', '~~*', '!~~*']);

const bool = (sql: string, ...from: Expr[]): Expr => ({
  sql,
  type: OID.bool,
  typmod: -1,
  agg: from.some((e) => e.agg),
});

/** Comparison of two operands already of one type. */
export function compare(ctx: ExprCtx, op: string, l: Expr, r: Expr, _node?: Node): Expr {
  const o = op === '!=' ? '<>' : op;
  if (l.type === OID.numeric) return bool(`(lumos_num_cmp(${l.sql}, ${r.sql}) ${o} 0)`, l, r);
  if (l.type === OID.interval) return bool(`(lumos_interval_cmp(${l.sql}, ${r.sql}) ${o} 0)`, l, r);
  if (l.type === OID.jsonb && (o === '=' || o === '<>')) return bool(`(${l.sql} ${o} ${r.sql})`, l, r);
  if (o !== '=' && o !== '<>' && l.type >= 16384) {
    // Enums order by their declared sort order (enum-core.ts); equality is the label's.
    const lk = enumSortKeyOf(ctx.t, l);
    if (lk !== undefined) return bool(`(${lk} ${o} ${enumSortKeyOf(ctx.t, r)})`, l, r);
  }
  return bool(`(${l.sql} ${o} ${r.sql})`, l, r);
}

function noOperator(ctx: ExprCtx, op: string, l: Expr | undefined, r: Expr, node: Node): never {
  const lt = l ? `${ctx.t.typeName(l.type)} ` : '';
  throw ctx.t.error(
    SQLSTATE.UNDEFINED_FUNCTION,
    `operator does not exist: ${lt}${op} ${ctx.t.typeName(r.type)}`,
    node,
    {
      hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
    },
  );
}

export function unaryOp(ctx: ExprCtx, op: string, a0: Expr, node: Node): Expr {
  const not = op === '~' ? (bitwiseNot(ctx, a0, node) ?? bitStringNot(a0)) : undefined;
  if (not) return not;
  const a =
    a0.type === OID.unknown
      ? coerce(ctx.t, a0, a0.unknownText?.includes('.') ? OID.numeric : OID.int4, -1, 'implicit', node)
      : a0;
  if (op === '+' && isNumberType(a.type)) return { ...a, name: undefined };
  if (op === '-') {
    if (a.type === OID.numeric) return { sql: `lumos_num_neg(${a.sql})`, type: a.type, typmod: -1, agg: a.agg };
    if (isNumberType(a.type)) {
      // Fold negative literals so `-2147483648` and index lookups stay constants.
      const lit = /^\d+(\.\d+)?$/.test(a.sql) ? `-${a.sql}` : `(- ${a.sql})`;
      // -(-2147483648) overflows int4 (PG 22003).
      const bits = a.type === OID.int8 ? 64 : a.type === OID.int4 ? 32 : 16;
      // Floats: SQLite's unary minus turns 0.0 into 0.0, multiplying keeps PG's -0 (and lumos_fop reads NaN).
      const sql =
        isInt(a.type) && !lit.startsWith('-')
          ? `lumos_int_check(${lit}, ${bits})`
          : isFloat(a.type) && !lit.startsWith('-')
            ? `lumos_fop('*', ${a.sql}, -1.0, 0)`
            : lit;
      return { sql, type: a.type, typmod: -1, agg: a.agg };
    }
    if (a.type === OID.interval)
      return { sql: `lumos_interval_mul(${a.sql}, -1)`, type: a.type, typmod: -1, agg: a.agg };
  }
  if ((op === '|/' || op === '||/') && isNumberType(a.type)) {
    const f = castSql(ctx.t, a.sql, a.type, OID.float8, -1, 'implicit');
    return { sql: `lumos_f_math('${op === '|/' ? 'sqrt' : 'cbrt'}', ${f})`, type: OID.float8, typmod: -1, agg: a.agg };
  }
  if (op === '@' && isNumberType(a.type)) {
    return {
      sql:
        a.type === OID.numeric
          ? `lumos_num_abs(${a.sql})`
          : isFloat(a.type)
            ? `lumos_f_math('abs', ${a.sql})`
            : `abs(${a.sql})`,
      type: a.type,
      typmod: -1,
      agg: a.agg,
    };
  }
  return noOperator(ctx, op, undefined, a, node);
}

export function binaryOp(ctx: ExprCtx, op: string, l0: Expr, r0: Expr, node: Node): Expr {
  const t = ctx.t;
  const special =
    jsonOperator(ctx, op, l0, r0, node) ??
    arrayOperator(ctx, op, l0, r0, node) ??
    bitwiseOperator(ctx, op, l0, r0, node) ??
    bitStringOperator(ctx, op, l0, r0, node) ??
    moneyOperator(ctx, op, l0, r0, node);
  if (special) return special;
  if (CMP.has(op)) {
    const [l, r] = unify(ctx, l0, r0, node);
    return compare(ctx, op, l, r, node);
  }
  if (op === '||') return concat(ctx, l0, r0, node);
  if (REGEX_OPS.has(op)) {
    const l = coerce(t, l0, l0.type === OID.unknown ? OID.text : l0.type, -1, 'implicit', node);
    const r = coerce(t, r0, OID.text, -1, 'implicit', node);
    if (!isTextLike(l.type)) noOperator(ctx, op, l, r, node);
    const ls = toTextSql(t, l.sql, l.type);
    const ci = op.includes('*');
    // ~ family: PG regular expressions (fn-regex.ts); ~~ family: LIKE/ILIKE written as operators.
    const sql = !op.includes('~~')
      ? regexMatchSql(ls, r.sql, ci)
      : ci
        ? `(lumos_lower(${ls}) LIKE lumos_lower(${r.sql}) ESCAPE '\\')`
        : `(${ls} LIKE ${r.sql} ESCAPE '\\')`;
    return bool(op.startsWith('!') ? `(NOT ${sql})` : sql, l, r);
  }
  // Arithmetic. An untyped side takes the other side's type (PG resolves unknown to the known operand).
  let l = l0;
  let r = r0;
  if (l.type === OID.unknown && r.type === OID.unknown) {
    l = coerce(t, l, OID.int4, -1, 'implicit', node);
    r = coerce(t, r, OID.int4, -1, 'implicit', node);
  } else if (l.type === OID.unknown) l = coerce(t, l, guessOther(op, r.type, true), -1, 'implicit', node);
  else if (r.type === OID.unknown) r = coerce(t, r, guessOther(op, l.type, false), -1, 'implicit', node);
  const agg = l.agg || r.agg;
  const res = (sql: string, type: number): Expr => ({ sql, type, typmod: -1, agg });
  if (isNumberType(l.type) && isNumberType(r.type)) {
    const [a, b] = unify(ctx, l, r, node);
    const type = a.type;
    if (type === OID.numeric && op === '^') return res(`lumos_n_power(${a.sql}, ${b.sql})`, type);
    if (isFloat(type) && (op === '+' || op === '-' || op === '*' || op === '/')) {
      // PG checks float overflow/underflow and division by zero; real results are rounded to float32.
      return res(`lumos_fop('${op}', ${a.sql}, ${b.sql}, ${type === OID.float4 ? 1 : 0})`, type);
    }
    if (type === OID.numeric) {
      const fn = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod', '^': 'pow' }[op];
      if (!fn) noOperator(ctx, op, l, r, node);
      return res(`lumos_num_${fn}(${a.sql}, ${b.sql})`, type);
    }
    switch (op) {
      case '+':
      case '-':
      case '*':
        if (isInt(type))
          return res(
            `lumos_int_check((${a.sql} ${op} ${b.sql}), ${type === OID.int8 ? 64 : type === OID.int4 ? 32 : 16})`,
            type,
          );
        return res(`(${a.sql} ${op} ${b.sql})`, type);
      case '/':
        // int_min / -1 overflows (PG 22003).
        if (isInt(type))
          return res(
            `lumos_int_check((${a.sql} / lumos_nz(${b.sql})), ${type === OID.int8 ? 64 : type === OID.int4 ? 32 : 16})`,
            type,
          );
        return res(`(${a.sql} / lumos_nz(${b.sql}))`, type);
      case '%':
        if (isFloat(type)) noOperator(ctx, op, l, r, node);
        return res(`(${a.sql} % lumos_nz(${b.sql}))`, type);
      case '^':
        return res(
          `lumos_pow(${castSql(t, a.sql, type, OID.float8, -1, 'implicit')}, ${castSql(t, b.sql, type, OID.float8, -1, 'implicit')})`,
          OID.float8,
        );
    }
    noOperator(ctx, op, l, r, node);
  }
  // Dates and times.
  const L = l.type;
  const R = r.type;
  if (L === OID.date && isInt(R) && (op === '+' || op === '-')) return res(`(${l.sql} ${op} ${r.sql})`, OID.date);
  if (isInt(L) && R === OID.date && op === '+') return res(`(${l.sql} + ${r.sql})`, OID.date);
  if (L === OID.date && R === OID.date && op === '-') return res(`(${l.sql} - ${r.sql})`, OID.int4);
  if (L === OID.date && R === OID.time && op === '+') return res(`(${l.sql} * ${DAY_US} + ${r.sql})`, OID.timestamp);
  const isTs = (x: number) => x === OID.timestamp || x === OID.timestamptz || x === OID.date;
  if (isTs(L) && R === OID.interval && (op === '+' || op === '-')) {
    const type = L === OID.date ? OID.timestamp : L;
    const base = L === OID.date ? `(${l.sql} * ${DAY_US})` : l.sql;
    const tz = type === OID.timestamptz ? (t.timeZone() ?? 'UTC') : 'UTC';
    return res(`lumos_ts_add_interval(${base}, ${r.sql}, ${op === '-' ? -1 : 1}, '${tz}')`, type);
  }
  if (L === OID.interval && isTs(R) && op === '+') return binaryOp(ctx, op, r, l, node);
  if (isTs(L) && isTs(R) && op === '-' && L !== OID.date) {
    const [a, b] = unify(ctx, l, r, node);
    return res(`lumos_ts_diff(${a.sql}, ${b.sql})`, OID.interval);
  }
  if (L === OID.interval && R === OID.interval && (op === '+' || op === '-')) {
    return res(`lumos_interval_add(${l.sql}, ${r.sql}, ${op === '-' ? -1 : 1})`, OID.interval);
  }
  if (L === OID.interval && isNumberType(R) && (op === '*' || op === '/')) {
    const f = castSql(t, r.sql, R, OID.float8, -1, 'implicit');
    return res(
      op === '*' ? `lumos_interval_mul(${l.sql}, ${f})` : `lumos_interval_mul(${l.sql}, 1.0 / lumos_nz(${f}))`,
      OID.interval,
    );
  }
  if (isNumberType(L) && R === OID.interval && op === '*') return binaryOp(ctx, op, r, l, node);
  if (L === OID.time && R === OID.time && op === '-') return res(`('0,0,' || (${l.sql} - ${r.sql}))`, OID.interval);
  if (L === OID.time && R === OID.interval && (op === '+' || op === '-')) {
    return res(`lumos_floor_mod(${l.sql} ${op} lumos_interval_micros(${r.sql}), ${DAY_US})`, OID.time);
  }
  return noOperator(ctx, op, l, r, node);
}

/** The type an untyped operand of an arithmetic operator takes, given the other side. */
function guessOther(op: string, other: number, untypedIsLeft: boolean): number {
  if (other === OID.date) return op === '-' && !untypedIsLeft ? OID.int4 : op === '+' ? OID.int4 : OID.date;
  if (other === OID.timestamp || other === OID.timestamptz) return op === '-' ? OID.interval : OID.interval;
  if (other === OID.interval && (op === '*' || op === '/')) return OID.float8;
  return other;
}

function concat(ctx: ExprCtx, l0: Expr, r0: Expr, node: Node): Expr {
  const t = ctx.t;
  if (isArrayOid(l0.type) || isArrayOid(r0.type)) {
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'array concatenation is not supported yet', node);
  }
  const side = (e: Expr): Expr => {
    if (e.type === OID.unknown) return coerce(t, e, OID.text, -1, 'implicit', node);
    return { ...e, sql: toTextSql(t, e.sql, e.type, e.typmod), type: OID.text };
  };
  if (l0.type === OID.jsonb && r0.type === OID.jsonb) {
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'jsonb concatenation is not supported yet', node);
  }
  const by = (e: Expr) => e.type === OID.bytea || e.type === OID.unknown;
  if ((l0.type === OID.bytea || r0.type === OID.bytea) && by(l0) && by(r0)) {
    const b = (e: Expr) => coerce(t, e, OID.bytea, -1, 'implicit', node);
    const [lb, rb] = [b(l0), b(r0)];
    return { sql: `lumos_bytea_concat(${lb.sql}, ${rb.sql})`, type: OID.bytea, typmod: -1, agg: lb.agg || rb.agg };
  }
  const l = side(l0);
  const r = side(r0);
  return { sql: `(${l.sql} || ${r.sql})`, type: OID.text, typmod: -1, agg: l.agg || r.agg };
}
