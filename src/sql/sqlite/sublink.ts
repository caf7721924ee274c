/**
 * Subqueries in expressions (EXISTS, scalar, IN / op ANY / op ALL; ARRAY(...) is op-array.ts)
 * and row constructors in comparisons. Quantified comparisons follow SQL's three-valued logic: ANY is
 * true when some comparison is true, NULL when none is but some is NULL; ALL is the dual.
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr, isTextLike, toTextSql } from './coerce.js';
import { type ExprCtx, expr, unify } from './expr.js';
import { defineSqliteFunctions } from './fn-registry.js';
import { binaryOp, compare } from './operators.js';
import { recordSql, recordTypmod } from './record.js';
import { translateSelect } from './select.js';
import { quoteIdent } from './storage.js';
import { str } from './translator.js';

defineSqliteFunctions((db) => {
  // Not deterministic: SQLite must not hoist it out of the CASE branch that guards it.
  db.function('lumos_subquery_rows', { deterministic: false }, (n: unknown) => {
    if (Number(n) > 1) throw new PgError('21000', 'more than one row returned by a subquery used as an expression');
    return null;
  });
});

const Q = '"__q"';
const COLS = Array.from({ length: 100 }, (_, i) => `__c${i + 1}`);
const bool = (sql: string, agg?: boolean): Expr => ({ sql, type: OID.bool, typmod: -1, agg });

function opName(names: Node[] | undefined, dflt = '='): string {
  return names ? str(names[names.length - 1]) : dflt;
}

/** Types that SQLite's IN compares like PG (no storage form needing a comparison function). */
function plainEquality(type: number): boolean {
  return type !== OID.numeric && type !== OID.interval && type !== OID.jsonb;
}

function quantified(any: boolean, source: string, cond: string): string {
  const ex = (where: string) => `EXISTS (SELECT 1 FROM ${source} WHERE ${where})`;
  if (any) return `(CASE WHEN ${ex(cond)} THEN 1 WHEN ${ex(`(${cond}) IS NULL`)} THEN NULL ELSE 0 END)`;
  return `(CASE WHEN ${ex(`NOT (${cond})`)} THEN 0 WHEN ${ex(`(${cond}) IS NULL`)} THEN NULL ELSE 1 END)`;
}

/** `l op r` for the operators allowed with ANY/ALL. */
function condition(ctx: ExprCtx, op: string, l: Expr, r: Expr, node: Node): string {
  const like: Record<string, [boolean, boolean]> = {
    '~~': [false, false],
    '!~~': [false, true],
    '~~*': [true, false],
    '!~~*': [true, true],
  };
  const lk = like[op];
  if (lk) {
    const text = (e: Expr) =>
      e.type === OID.unknown
        ? coerce(ctx.t, e, OID.text, -1, 'implicit', node).sql
        : isTextLike(e.type)
          ? toTextSql(ctx.t, e.sql, e.type)
          : undefined;
    const a = text(l);
    const b = text(r);
    if (a === undefined || b === undefined) return binaryOp(ctx, op, l, r, node).sql;
    const [ci, not] = lk;
    const m = ci ? `(lumos_lower(${a}) LIKE lumos_lower(${b}) ESCAPE '\\')` : `(${a} LIKE ${b} ESCAPE '\\')`;
    return not ? `(NOT ${m})` : m;
  }
  return binaryOp(ctx, op, l, r, node).sql;
}

function rowArgs(ctx: ExprCtx, node: Node): Expr[] | undefined {
  return node?.RowExpr ? node.RowExpr.args.map((a: Node) => expr(ctx, a)) : undefined;
}

/** Pairwise row comparison, PG semantics: = is AND, <> is OR, ordering is lexicographic. */
function rowCompareExprs(ctx: ExprCtx, op: string, ls: Expr[], rs: Expr[], node: Node): string {
  if (ls.length !== rs.length)
    throw ctx.t.error(SQLSTATE.SYNTAX_ERROR, 'unequal number of entries in row expressions', node);
  const pairs = ls.map((l, i) => unify(ctx, l, rs[i], node));
  const cmp = (o: string, i: number) => compare(ctx, o, pairs[i][0], pairs[i][1], node).sql;
  const o = op === '!=' ? '<>' : op;
  if (o === '=') return `(${pairs.map((_, i) => cmp('=', i)).join(' AND ')})`;
  if (o === '<>') return `(${pairs.map((_, i) => cmp('<>', i)).join(' OR ')})`;
  if (!['<', '<=', '>', '>='].includes(o)) {
    throw ctx.t.error(SQLSTATE.UNDEFINED_FUNCTION, `operator ${o} is not supported for row expressions`, node);
  }
  const strict = o.startsWith('<') ? '<' : '>';
  let acc = cmp(o, pairs.length - 1);
  for (let i = pairs.length - 2; i >= 0; i--) acc = `(${cmp(strict, i)} OR (${cmp('=', i)} AND ${acc}))`;
  return acc;
}

/** `(a, b) op (c, d)`; undefined when neither side is a row constructor. */
export function rowComparison(ctx: ExprCtx, op: string, n: Node): Expr | undefined {
  const ls = rowArgs(ctx, n.lexpr);
  const rs = rowArgs(ctx, n.rexpr);
  if (!ls && !rs) return undefined;
  if (!ls || !rs)
    throw ctx.t.error(
      SQLSTATE.FEATURE_NOT_SUPPORTED,
      'comparing a row constructor with a non-row value is not supported',
      n,
    );
  return bool(rowCompareExprs(ctx, op, ls, rs, n));
}

/** `(a, b) [NOT] IN ((1, 2), (3, 4))`; undefined when the left side is not a row constructor. */
export function rowIn(ctx: ExprCtx, n: Node, not: boolean): Expr | undefined {
  const ls = rowArgs(ctx, n.lexpr);
  if (!ls) return undefined;
  const ors = n.rexpr.List.items.map((item: Node) => {
    const rs = rowArgs(ctx, item);
    if (!rs) throw ctx.t.error(SQLSTATE.SYNTAX_ERROR, 'row constructor expected in IN list', item);
    return rowCompareExprs(ctx, '=', ls, rs, n);
  });
  const sql = `(${ors.join(' OR ')})`;
  return bool(not ? `(NOT ${sql})` : sql);
}

/** ROW(a, b) / (a, b) as a value: a record with PG's field names f1, f2, ... (record.ts). */
export function rowValue(ctx: ExprCtx, n: Node): Expr {
  const args: Expr[] = (n.args ?? []).map((a: Node) => {
    const e = expr(ctx, a);
    // A NULL field stays of type unknown, as in PG, so that ROW(NULL, 'x') can stand with ROW(1, 'y') (record.ts).
    if (e.nullConst) return e;
    return e.type === OID.unknown ? coerce(ctx.t, e, OID.text, -1, 'implicit', a) : e;
  });
  const fields = args.map((a, i) => ({ name: `f${i + 1}`, type: a.type, typmod: a.typmod }));
  const sql = recordSql(
    fields,
    args.map((a) => a.sql),
  );
  return { sql, type: OID.record, typmod: recordTypmod(fields), name: 'row', agg: args.some((a) => a.agg) };
}

function subquery(ctx: ExprCtx, node: Node) {
  return translateSelect(ctx.t, node.SelectStmt, ctx.scope, COLS);
}

export function subLinkExpr(ctx: ExprCtx, n: Node): Expr {
  const t = ctx.t;
  switch (n.subLinkType) {
    case 'EXISTS_SUBLINK': {
      const sub = translateSelect(t, n.subselect.SelectStmt, ctx.scope);
      return { sql: `(EXISTS (${sub.sql}))`, type: OID.bool, typmod: -1, name: 'exists' };
    }
    case 'EXPR_SUBLINK': {
      const sub = translateSelect(t, n.subselect.SelectStmt, ctx.scope);
      if (sub.columns.length !== 1) throw t.error(SQLSTATE.SYNTAX_ERROR, 'subquery must return only one column', n);
      const c = sub.columns[0];
      const col = quoteIdent(c.name);
      // SQLite takes the first row silently; PG raises 21000 when there is more than one.
      const sql = `(SELECT CASE WHEN count(*) > 1 THEN lumos_subquery_rows(count(*)) ELSE max(${col}) END FROM (SELECT * FROM (${sub.sql}) LIMIT 2))`;
      return { sql, type: c.type, typmod: c.typmod, name: c.name === '?column?' ? undefined : c.name };
    }
    case 'ANY_SUBLINK':
    case 'ALL_SUBLINK': {
      const op = opName(n.operName);
      const any = n.subLinkType === 'ANY_SUBLINK';
      const ls = rowArgs(ctx, n.testexpr) ?? [expr(ctx, n.testexpr)];
      const sub = subquery(ctx, n.subselect);
      if (sub.columns.length > ls.length) throw t.error(SQLSTATE.SYNTAX_ERROR, 'subquery has too many columns', n);
      if (sub.columns.length < ls.length) throw t.error(SQLSTATE.SYNTAX_ERROR, 'subquery has too few columns', n);
      const rs: Expr[] = sub.columns.map((c) => ({
        sql: `${Q}.${quoteIdent(c.name)}`,
        type: c.type,
        typmod: c.typmod,
      }));
      const agg = ls.some((l) => l.agg);
      if (ls.length === 1 && ((any && op === '=') || (!any && op === '<>'))) {
        const [l, r] = unify(ctx, ls[0], rs[0], n);
        if (r.sql === rs[0].sql && plainEquality(l.type)) {
          return bool(
            `(${l.sql} ${any ? 'IN' : 'NOT IN'} (SELECT ${quoteIdent(sub.columns[0].name)} FROM (${sub.sql})))`,
            agg,
          );
        }
      }
      const cond = ls.length === 1 ? condition(ctx, op, ls[0], rs[0], n) : rowCompareExprs(ctx, op, ls, rs, n);
      return bool(quantified(any, `(${sub.sql}) AS ${Q}`, cond), agg);
    }
    default:
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `${n.subLinkType} is not supported yet`, n);
  }
}
