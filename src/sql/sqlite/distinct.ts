/**
 * SELECT DISTINCT checks and SELECT DISTINCT ON. SQLite has no DISTINCT ON: the query keeps the first row
 * of each group in ORDER BY order via row_number() OVER (PARTITION BY <keys> ORDER BY <order>) = 1,
 * then sorts the survivors by the same ORDER BY.
 */
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr } from './coerce.js';
import { type ExprCtx, expr } from './expr.js';
import { sortKey } from './sort-key.js';
import { quoteIdent } from './storage.js';
import { str } from './translator.js';
import { windowSortKey } from './window.js';

interface OrderKey {
  e: Expr;
  /** What SQLite sorts by to get PG's order (sort-key.ts). */
  key: string;
  desc: boolean;
  nullsFirst: boolean;
}

export interface DistinctPlan {
  /** SELECT DISTINCT (not ON). */
  plain: boolean;
  /** DISTINCT ON: wraps the query (see renderDistinctOn). */
  on?: { keys: Expr[]; order: OrderKey[] };
}

/** An ORDER BY / DISTINCT ON item: output position, output column name, or an expression. */
function resolveItem(ctx: ExprCtx, node: Node, cols: Expr[], names: string[], what: string): Expr {
  const ival = node.A_Const?.ival;
  if (ival !== undefined) {
    const k = ival.ival ?? 0;
    if (k < 1 || k > cols.length) throw ctx.t.error('42P10', `${what} position ${k} is not in select list`, node);
    return cols[k - 1];
  }
  const f = node.ColumnRef?.fields;
  if (f?.length === 1 && f[0].String) {
    const i = names.indexOf(str(f[0]));
    if (i >= 0 && names.indexOf(str(f[0]), i + 1) < 0) return cols[i];
  }
  const e = expr({ ...ctx, clause: what }, node);
  return e.type === OID.unknown ? coerce(ctx.t, e, OID.text, -1, 'implicit', node) : e;
}

function orderKeys(ctx: ExprCtx, s: Node, cols: Expr[], names: string[]): OrderKey[] {
  return (s.sortClause ?? []).map((sb0: Node) => {
    const sb = sb0.SortBy;
    const desc = sb.sortby_dir === 'SORTBY_DESC';
    const nullsFirst =
      sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : desc;
    const e = resolveItem(ctx, sb.node, cols, names, 'ORDER BY');
    return { e, key: sortKey(e, ctx.t), desc, nullsFirst };
  });
}

export function distinctClause(ctx: ExprCtx, s: Node, cols: Expr[], names: string[]): DistinctPlan {
  const t = ctx.t;
  const plain = s.distinctClause.length === 1 && Object.keys(s.distinctClause[0]).length === 0;
  const order = orderKeys(ctx, s, cols, names);
  if (plain) {
    // The sort happens after duplicates are removed: only output columns can be sort keys.
    for (const [i, k] of order.entries()) {
      if (!cols.some((c) => c.sql === k.e.sql)) {
        throw t.error(
          '42P10',
          'for SELECT DISTINCT, ORDER BY expressions must appear in select list',
          s.sortClause[i].SortBy.node,
        );
      }
    }
    return { plain };
  }
  const keys: Expr[] = s.distinctClause.map((n: Node) => resolveItem(ctx, n, cols, names, 'DISTINCT ON'));
  if (order.length) {
    const leading = order.slice(0, keys.length).map((k) => k.e.sql);
    const ok = keys.every((k) => leading.includes(k.sql)) && leading.every((l) => keys.some((k) => k.sql === l));
    if (!ok || order.length < keys.length) {
      throw t.error(
        '42P10',
        'SELECT DISTINCT ON expressions must match initial ORDER BY expressions',
        s.distinctClause[0],
      );
    }
  }
  return { plain: false, on: { keys, order } };
}

const term = (k: OrderKey, sql: string) => `${sql}${k.desc ? ' DESC' : ''} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`;

/**
 * `select` is the query without ORDER BY/LIMIT whose select list is exactly `list`; `limit` is its
 * LIMIT/OFFSET clause.
 */
export function renderDistinctOn(
  plan: DistinctPlan,
  select: string,
  list: string,
  aliases: string[],
  limit: string,
): string {
  const on = plan.on;
  if (!on) throw new Error('not a DISTINCT ON plan');
  const partition = on.keys.map((k) => windowSortKey(k)).join(', ');
  const order = on.order.map((k) => term(k, k.key));
  const rn = `row_number() OVER (PARTITION BY ${partition}${order.length ? ` ORDER BY ${order.join(', ')}` : ''})`;
  const hidden = on.order.map((k, i) => `, ${k.key} AS "?o${i}"`).join('');
  const inner = select.replace(`SELECT ${list}`, `SELECT ${list}, ${rn} AS "?rn"${hidden}`);
  const outer = aliases.map((a) => quoteIdent(a)).join(', ');
  const sort = on.order.map((k, i) => term(k, `"?o${i}"`));
  return `SELECT ${outer} FROM (${inner}) WHERE "?rn" = 1${sort.length ? ` ORDER BY ${sort.join(', ')}` : ''}${limit}`;
}
