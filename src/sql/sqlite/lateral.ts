/**
 * LATERAL subqueries in FROM. SQLite has no LATERAL; a lateral subquery that returns at most one row
 * (LIMIT 0/1, an aggregate without GROUP BY, no FROM) becomes one correlated scalar subquery per output
 * column, and its row's existence a condition (CROSS/INNER JOIN drops the outer rows without one; LEFT JOIN
 * keeps them, with NULL columns). Lateral subqueries that may return several rows are not supported.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import type { Node } from '../parse.js';
import type { ExprCtx } from './expr.js';
import { hasAggregate } from './grouping.js';
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
 * Adds the lateral subquery `rs` to the scope as an item whose columns are correlated subqueries, and its
 * existence condition to `where` (joins.ts drops it again for LEFT JOIN).
 */
export function lateralSubquery(ctx: ExprCtx, rs: Node, node: Node, where: string[]): void {
  const t = ctx.t;
  const q = rs.subquery.SelectStmt;
  if (!atMostOneRow(q))
    throw t.error(
      SQLSTATE.FEATURE_NOT_SUPPORTED,
      'LATERAL subqueries that can return more than one row are not supported yet',
      node,
    );
  const r = translateFromSubquery(t, q, ctx.scope, rs.alias.colnames?.map(str));
  const columns = r.columns.map(
    (c, i): ScopeColumn => ({
      name: c.name,
      type: c.type,
      typmod: c.typmod,
      sql: `(SELECT ${quoteIdent(r.internal[i])} FROM (${r.sql}))`,
    }),
  );
  ctx.scope.add({ alias: rs.alias.aliasname, columns });
  where.push(`EXISTS (${r.sql})`);
}
