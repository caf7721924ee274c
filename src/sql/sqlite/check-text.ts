/**
 * The text PostgreSQL shows for a CHECK constraint (pg_get_constraintdef, information_schema.check_constraints),
 * rebuilt from the raw parse tree the way ruleutils prints the analysed expression: every operator and boolean
 * expression in parentheses, AND/OR chains flattened, IN lists as `= ANY (ARRAY[...])`, BETWEEN expanded, and the
 * implicit casts operator resolution adds made visible — a varchar column compared with text shows as
 * `(label)::text`, an integer constant compared with numeric as `(0)::numeric`. ORMs diff these strings against
 * their entity definitions (TypeORM's checks), so a wrong text shows up as a spurious migration.
 */
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { commonType } from './coerce.js';
import { defaultText } from './default-text.js';
import { type ExprCtx, expr } from './expr.js';
import { formatType, quoteIdentIfNeeded } from './pg-catalog/model.js';
import { str } from './translator.js';

const INTS = new Set<number>([OID.int2, OID.int4, OID.int8]);

/** Not printable here: the caller keeps no text rather than a wrong one. */
class Unprintable extends Error {}

/**
 * The expression of a CHECK as pg_get_constraintdef prints it inside `CHECK (...)`, or undefined for expressions
 * this printer does not know.
 */
export function checkExprText(ctx: ExprCtx, raw: Node): string | undefined {
  try {
    return print(ctx, raw);
  } catch (e) {
    if (e instanceof Unprintable) return undefined;
    throw e;
  }
}

/** The type a node has before operator resolution (an untyped string literal is unknown). */
function typeOf(ctx: ExprCtx, n: Node): number {
  if (n.A_Const) return constType(n.A_Const);
  return expr(ctx, n).type;
}

function constType(c: Node): number {
  if (c.ival !== undefined) return OID.int4;
  if (c.fval !== undefined) return /^-?\d+$/.test(c.fval.fval) ? OID.int8 : OID.numeric;
  if (c.boolval !== undefined) return OID.bool;
  return OID.unknown;
}

/** Operator input type for an operand of type `oid`: varchar has no operators of its own, it uses text's. */
const operatorType = (oid: number) => (oid === OID.varchar ? OID.text : oid);

/** The input types of a binary operator over operands typed `l` and `r` (PG's resolution, common cases). */
function operatorInputs(l: number, r: number): [number, number] {
  if (l === OID.unknown && r === OID.unknown) return [OID.text, OID.text];
  if (l === OID.unknown) return [operatorType(r), operatorType(r)];
  if (r === OID.unknown) return [operatorType(l), operatorType(l)];
  // int2/int4/int8 have cross-type comparison and arithmetic operators: no cast.
  if (INTS.has(l) && INTS.has(r)) return [l, r];
  if (operatorType(l) === operatorType(r)) return [operatorType(l), operatorType(r)];
  const c = commonType(l, r);
  if (c === undefined) throw new Unprintable();
  return [operatorType(c), operatorType(c)];
}

/** `n` printed as an operand of type `target` (showing the implicit cast when its own type differs). */
function operand(ctx: ExprCtx, n: Node, target: number): string {
  const own = typeOf(ctx, n);
  if (n.A_Const?.sval !== undefined) return defaultText(ctx.t, n, target) ?? 'NULL';
  const text = print(ctx, n);
  if (own === target || own === OID.unknown) return text;
  // A bare constant or column gets parentheses of its own before the cast: (0)::numeric, (label)::text.
  return `(${text})::${formatType(target, -1)}`;
}

function binary(ctx: ExprCtx, op: string, l: Node, r: Node): string {
  const [lt, rt] = operatorInputs(typeOf(ctx, l), typeOf(ctx, r));
  return `(${operand(ctx, l, lt)} ${op} ${operand(ctx, r, rt)})`;
}

function print(ctx: ExprCtx, n: Node): string {
  if (n.ColumnRef) {
    const fields: Node[] = n.ColumnRef.fields;
    const last = fields[fields.length - 1];
    if (last.A_Star) throw new Unprintable();
    return quoteIdentIfNeeded(str(last));
  }
  if (n.A_Const) {
    if (n.A_Const.isnull) return 'NULL';
    return defaultText(ctx.t, n, constType(n.A_Const) === OID.unknown ? OID.text : constType(n.A_Const)) ?? 'NULL';
  }
  if (n.BoolExpr) {
    const b = n.BoolExpr;
    if (b.boolop === 'NOT_EXPR') return `(NOT ${print(ctx, b.args[0])})`;
    const word = b.boolop === 'AND_EXPR' ? ' AND ' : ' OR ';
    // ruleutils flattens nested chains of the same operator (the parser already made them one BoolExpr).
    return `(${b.args.map((a: Node) => print(ctx, a)).join(word)})`;
  }
  if (n.NullTest) {
    const x = print(ctx, n.NullTest.arg);
    return `(${x} ${n.NullTest.nulltesttype === 'IS_NOT_NULL' ? 'IS NOT NULL' : 'IS NULL'})`;
  }
  if (n.A_Expr) return aExpr(ctx, n.A_Expr);
  if (n.FuncCall) {
    const f = n.FuncCall;
    if (f.agg_star || f.over || f.agg_filter || f.agg_order || f.func_variadic) throw new Unprintable();
    const name = (f.funcname as Node[])
      .map(str)
      .join('.')
      .replace(/^pg_catalog\./, '');
    return `${name}(${(f.args ?? []).map((a: Node) => print(ctx, a)).join(', ')})`;
  }
  if (n.TypeCast) {
    const { oid } = ctx.t.typeOid(n.TypeCast.typeName);
    if (n.TypeCast.arg.A_Const?.sval !== undefined) return defaultText(ctx.t, n.TypeCast.arg, oid) ?? 'NULL';
    return `(${print(ctx, n.TypeCast.arg)})::${formatType(oid, -1)}`;
  }
  throw new Unprintable();
}

function aExpr(ctx: ExprCtx, a: Node): string {
  const op = (a.name as Node[]).map(str).join('.');
  switch (a.kind) {
    case 'AEXPR_OP':
      if (!a.lexpr) throw new Unprintable();
      return binary(ctx, op, a.lexpr, a.rexpr);
    case 'AEXPR_LIKE':
    case 'AEXPR_ILIKE':
      return binary(ctx, op, a.lexpr, a.rexpr);
    case 'AEXPR_IN': {
      const items: Node[] = a.rexpr.List?.items ?? [];
      if (!items.length) throw new Unprintable();
      const lt = typeOf(ctx, a.lexpr);
      const types = items.map((i) => typeOf(ctx, i));
      const known = [lt, ...types].filter((x) => x !== OID.unknown);
      let target = known.length ? known[0] : OID.text;
      for (const x of known) target = x === target ? target : (commonType(target, x) ?? target);
      target = operatorType(target);
      const arr = items.map((i) => operand(ctx, i, target)).join(', ');
      // x IN (...) is x = ANY (ARRAY[...]); x NOT IN (...) is x <> ALL (ARRAY[...]).
      const quantifier = op === '=' ? 'ANY' : 'ALL';
      return `(${operand(ctx, a.lexpr, target)} ${op} ${quantifier} (ARRAY[${arr}]))`;
    }
    case 'AEXPR_BETWEEN':
    case 'AEXPR_NOT_BETWEEN': {
      const [lo, hi] = a.rexpr.List.items as Node[];
      if (a.kind === 'AEXPR_BETWEEN')
        return `(${binary(ctx, '>=', a.lexpr, lo)} AND ${binary(ctx, '<=', a.lexpr, hi)})`;
      return `(${binary(ctx, '<', a.lexpr, lo)} OR ${binary(ctx, '>', a.lexpr, hi)})`;
    }
    default:
      throw new Unprintable();
  }
}
