/**
 * LATERAL subqueries in FROM. SQLite has no LATERAL. A lateral subquery that returns at most one row
 * (LIMIT 0/1, an aggregate without GROUP BY, no FROM) is inlined where the FROM item allows it: one
 * correlated scalar subquery per output column, and its row's existence a condition (CROSS/INNER JOIN drops
 * the outer rows without one; LEFT JOIN ... ON true keeps them, with NULL columns). Any other lateral
 * subquery becomes a table-valued function whose argument is the correlated subquery packed into one value
 * (lateral-rows.ts), so it joins like a table: LEFT JOIN keeps the outer rows without lateral rows.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import type { Node } from '../parse.js';
import type { ExprCtx } from './expr.js';
import { hasAggregate } from './grouping.js';
import { LATERAL_MAX_COLUMNS, LATERAL_PACK, lateralTable } from './lateral-rows.js';
import type { ScopeColumn } from './scope.js';
import { translateFromSubquery } from './select.js';
import { lookupSetReturning } from './srf.js';
import { quoteIdent } from './storage.js';
import { str } from './translator.js';

function callsSetReturning(node: Node): boolean {
  if (!node || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(callsSetReturning);
  if (node.SubLink) return false;
  const f = node.FuncCall;
  if (f && lookupSetReturning(str(f.funcname[f.funcname.length - 1]).toLowerCase())) return true;
  return Object.values(node).some((v) => callsSetReturning(v as Node));
}

/** Does the SELECT `q` return at most one row whatever the outer row? */
function atMostOneRow(q: Node): boolean {
  if (q.op && q.op !== 'SETOP_NONE') return false;
  if (q.valuesLists) return q.valuesLists.length <= 1;
  const count = q.limitCount?.A_Const;
  if (count && !count.isnull && (count.ival?.ival ?? 0) <= 1 && q.limitOption !== 'LIMIT_OPTION_WITH_TIES') return true;
  // Set-returning functions in the select list could still make several rows.
  if (callsSetReturning(q.targetList)) return false;
  if (!q.fromClause) return true;
  return !q.groupClause && hasAggregate(q.targetList);
}

/**
 * A FROM-less lateral subquery of plain expressions (`LATERAL (SELECT t.a + 1 AS b)`): from.ts inlines its
 * expressions where the FROM item allows it.
 */
export function expressionOnlyLateral(q: Node): boolean {
  const simple = !(q.fromClause || q.whereClause || q.groupClause || q.havingClause || q.valuesLists);
  return (
    simple &&
    !(q.op && q.op !== 'SETOP_NONE') &&
    !q.limitCount &&
    !q.withClause &&
    !q.distinctClause &&
    !callsSetReturning(q.targetList)
  );
}

/**
 * Translates the lateral subquery `rs` and adds its scope item. `inline`: the FROM item may be inlined (no
 * SQL of its own, its existence condition added to `where`; from.ts drops it again for LEFT JOIN ON true),
 * which is only done for subqueries returning at most one row. Returns the FROM item's SQL, or '' if inlined.
 */
export function lateralSubquery(ctx: ExprCtx, rs: Node, inline: boolean, where: string[], node: Node): string {
  const t = ctx.t;
  const q = rs.subquery.SelectStmt;
  const alias: string = rs.alias.aliasname;
  const names: string[] | undefined = rs.alias.colnames?.map(str);
  const r = translateFromSubquery(t, q, ctx.scope, names);
  if (names && names.length > r.columns.length)
    throw t.error(
      '42P10',
      `table "${alias}" has ${r.columns.length} columns available but ${names.length} columns specified`,
      node,
    );
  if (inline && atMostOneRow(q)) {
    const columns = r.columns.map(
      (c, i): ScopeColumn => ({
        name: c.name,
        type: c.type,
        typmod: c.typmod,
        sql: `(SELECT ${quoteIdent(r.internal[i])} FROM (${r.sql}))`,
      }),
    );
    ctx.scope.add({ alias, columns });
    where.push(`EXISTS (${r.sql})`);
    return '';
  }
  if (r.columns.length > LATERAL_MAX_COLUMNS)
    throw t.error(
      SQLSTATE.FEATURE_NOT_SUPPORTED,
      `LATERAL subqueries with more than ${LATERAL_MAX_COLUMNS} columns are not supported`,
      node,
    );
  const q0 = quoteIdent(alias);
  ctx.scope.add({
    alias,
    columns: r.columns.map(
      (c, i): ScopeColumn => ({ name: c.name, type: c.type, typmod: c.typmod, sql: `${q0}.c${i}` }),
    ),
  });
  // A subquery without columns still has rows: pack a NULL for each.
  const packed = r.internal.length ? r.internal.map(quoteIdent).join(', ') : 'NULL';
  return `${lateralTable(r.columns.length)}((SELECT ${LATERAL_PACK}(${packed}) FROM (${r.sql}))) AS ${q0}`;
}
