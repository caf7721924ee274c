/** ORDER BY / LIMIT / OFFSET / FETCH of a SELECT, and the equality and sort keys of PostgreSQL types in SQLite. */
import { SQLSTATE } from '../../../protocol/errors.js';
import { elementOidOf, OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr } from './coerce.js';
import { type ExprCtx, expr } from './expr.js';
import { sortKey } from './sort-key.js';
import { quoteIdent } from './storage.js';
import { str, type Translator } from './translator.js';

/** ORDER BY / LIMIT / OFFSET; `byPosition` for set operations (only output columns can be named). */
export function selectTail(
  t: Translator,
  s: Node,
  ctx: ExprCtx,
  cols: Expr[],
  names: string[],
  byPosition = false,
): {
  has: boolean;
  render: (items: Expr[], plain?: boolean) => string;
  needsKeys: (final: { type: number }[]) => boolean;
  /** FETCH ... WITH TIES: `columns` go at the end of the select list, `wrap` filters and sorts the query. */
  ties?: { columns: (items: Expr[]) => string; wrap: (sql: string, aliases: string[]) => string };
} {
  type Key = { index?: number; e?: Expr; desc: boolean; nullsFirst: boolean };
  const keys: Key[] = [];
  for (const sb0 of s.sortClause ?? []) {
    const sb = sb0.SortBy;
    const desc = sb.sortby_dir === 'SORTBY_DESC';
    if (sb.sortby_dir === 'SORTBY_USING')
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'ORDER BY USING is not supported', sb0);
    const nullsFirst =
      sb.sortby_nulls === 'SORTBY_NULLS_FIRST' ? true : sb.sortby_nulls === 'SORTBY_NULLS_LAST' ? false : desc;
    const node = sb.node;
    const ival = node.A_Const?.ival;
    if (ival !== undefined) {
      const k = ival.ival ?? 0;
      if (k < 1 || k > names.length) throw t.error('42P10', `ORDER BY position ${k} is not in select list`, node);
      keys.push({ index: k - 1, desc, nullsFirst });
      continue;
    }
    const f = node.ColumnRef?.fields;
    if (f?.length === 1 && f[0].String) {
      const i = names.indexOf(str(f[0]));
      if (i >= 0 && names.indexOf(str(f[0]), i + 1) < 0) {
        keys.push({ index: i, desc, nullsFirst });
        continue;
      }
    }
    if (byPosition) {
      if (f?.length === 1 && f[0].String)
        throw t.error(SQLSTATE.UNDEFINED_COLUMN, `column "${str(f[0])}" does not exist`, node);
      throw t.error(
        SQLSTATE.FEATURE_NOT_SUPPORTED,
        'ORDER BY on a UNION/INTERSECT/EXCEPT result must be on one of the result columns',
        node,
      );
    }
    let e = expr({ ...ctx, clause: 'ORDER BY' }, node);
    if (e.type === OID.unknown) e = coerce(t, e, OID.text, -1, 'implicit', node);
    keys.push({ e, desc, nullsFirst });
  }
  const limit = limitExpr(t, ctx, s.limitCount, 'LIMIT', -1);
  const offset = limitExpr(t, ctx, s.limitOffset, 'OFFSET', 0);
  const withTies = s.limitOption === 'LIMIT_OPTION_WITH_TIES';
  if (withTies && !keys.length)
    throw t.error(SQLSTATE.SYNTAX_ERROR, 'WITH TIES cannot be specified without ORDER BY clause', s);
  if (withTies && s.limitCount?.A_Const?.isnull)
    throw t.error('2201W', 'row count cannot be null in FETCH FIRST ... WITH TIES clause', s.limitCount);
  const order = (items: Expr[], plain: boolean) =>
    keys.map((k) => {
      // An expression equal to an output column (DISTINCT) sorts by that column, as rendered.
      const same = k.e ? cols.findIndex((c) => c.sql === k.e?.sql) : -1;
      const e = k.index !== undefined ? items[k.index] : same >= 0 && items[same] ? items[same] : (k.e as Expr);
      const key = byPosition && !plain ? e.sql : sortKey(e, t);
      return `${key}${k.desc ? ' DESC' : ''} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`;
    });
  return {
    has: keys.length > 0 || limit !== undefined || offset !== undefined,
    needsKeys: (final) =>
      keys.some((k) => k.index !== undefined && sortKey({ sql: '', typmod: -1, ...final[k.index] }, t) !== ''),
    // FETCH FIRST n ROWS WITH TIES: the rows after OFFSET m whose rank (1 + the number of rows sorting
    // strictly before them) is at most m + n: the first n rows and the rows tied with the last of them.
    ties: withTies
      ? {
          columns: (items) => {
            const by = `(ORDER BY ${order(items, true).join(', ')})`;
            return `, rank() OVER ${by} AS "?rank", row_number() OVER ${by} AS "?rn"`;
          },
          wrap: (sql, aliases) => {
            const within = `"?rank" <= ${offset ? `${offset} + ` : ''}${limit ?? -1}`;
            const list = aliases.map((a) => quoteIdent(a)).join(', ');
            return `SELECT ${list} FROM (${sql}) WHERE ${within}${offset ? ` AND "?rn" > ${offset}` : ''} ORDER BY "?rn"`;
          },
        }
      : undefined,
    render: (items, plain = false) => {
      if (withTies)
        throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'FETCH ... WITH TIES is not supported in this query yet', s);
      let sql = '';
      if (keys.length) sql += ` ORDER BY ${order(items, plain).join(', ')}`;
      if (limit !== undefined || offset !== undefined) sql += ` LIMIT ${limit ?? '-1'}`;
      if (offset !== undefined) sql += ` OFFSET ${offset}`;
      return sql;
    },
  };
}

/** SQL whose equality is PG's equality for DISTINCT/GROUP BY/set operations: numerics 1.0 = 1.00 = 1. */
export function eqKey(e: { sql: string; type: number }): string {
  if (e.type === OID.interval) return `lumos_interval_sortkey(${e.sql})`; // '1 day' = '24 hours'
  const elem = elementOidOf(e.type);
  if (elem === OID.numeric || elem === OID.interval) return `lumos_array_sortkey(${e.sql}, ${elem})`;
  if (e.type !== OID.numeric) return e.sql;
  // Canonical decimal text without trailing fraction zeros (a column is cheap to repeat; else one UDF call).
  if (/^(?:"[^"]*"\.)?"[^"]*"$/.test(e.sql))
    return `CASE WHEN instr(${e.sql}, '.') THEN rtrim(rtrim(${e.sql}, '0'), '.') ELSE ${e.sql} END`;
  return `lumos_num_sortkey(${e.sql})`;
}

/** Types whose stored text differs between values PG considers equal. */
export function needsEqKey(type: number): boolean {
  const elem = elementOidOf(type);
  return type === OID.numeric || type === OID.interval || elem === OID.numeric || elem === OID.interval;
}

function limitExpr(t: Translator, ctx: ExprCtx, node: Node, clause: string, dflt: number): string | undefined {
  if (!node || node.A_Const?.isnull) return undefined;
  const e = coerce(t, expr({ ...ctx, aggs: false, clause }, node), OID.int8, -1, 'implicit', node);
  if (/^\d+$/.test(e.sql)) return e.sql;
  return `coalesce(lumos_limit_check(${e.sql}, '${clause}'), ${dflt})`;
}
