/** SELECT (with VALUES, set operations, WITH) -> SQLite, with PostgreSQL output names and types. */
import { SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr, resolveCommon } from './coerce.js';
import { searchCycleCte } from './cte-search.js';
import { distinctClause, renderDistinctOn } from './distinct.js';
import { dataModifyingCte } from './dml-with.js';
import { boolArg, type ExprCtx, expr } from './expr.js';
import { fromClause } from './from.js';
import { checkGrouping } from './grouping.js';
import {
  expandGroupingSets,
  type GroupingSetsPlan,
  groupingCtx,
  groupingLeaf,
  prepareGroupingSets,
} from './grouping-sets.js';
import { commonRecordTypmod, isRecordType } from './record.js';
import { colSql, Scope, type ScopeColumn } from './scope.js';
import { eqKey, needsEqKey, selectTail } from './select-tail.js';
import { prepareSetOp } from './set-operation.js';
import { notOrdinal } from './sort-key.js';
import { SrfCollector } from './srf.js';
import { quoteIdent } from './storage.js';
import { str, type Translator } from './translator.js';

export interface OutColumn {
  name: string;
  type: number;
  typmod: number;
  tableOid?: number;
  attnum?: number;
  /** The OID whose codecs send the value when not `type`'s (a table's row type is sent as a record). */
  codecOid?: number;
}

export interface SelectResult {
  sql: string;
  columns: OutColumn[];
}

/** A SELECT whose column types may still be unified with others (set operations, VALUES rows). */
export interface Prepared {
  /** The select list; render() renders it as it is then (cte-search.ts replaces added columns). */
  cols: Expr[];
  names: string[];
  /** Emit SQL with each column converted to its final type and named by `aliases`. */
  render(final: { type: number; typmod: number }[], aliases: string[]): string;
  /** Has ORDER BY/LIMIT of its own (must be wrapped when used as a set-operation arm). */
  hasTail: boolean;
}

/** Translate a SelectStmt node body; `names` overrides the output names (FROM alias column lists). */
export function translateSelect(
  t: Translator,
  s: Node,
  parent?: Scope,
  names?: string[],
  targets?: { type: number; typmod: number }[],
): SelectResult {
  const p = prepare(t, s, parent);
  const final = p.cols.map(
    (c, i) => targets?.[i] ?? { type: c.type === OID.unknown ? OID.text : c.type, typmod: c.typmod },
  );
  const aliases = p.names.map((n, i) => names?.[i] ?? n);
  return {
    sql: p.render(final, aliases),
    columns: p.cols.map((c, i) => ({
      name: aliases[i],
      type: final[i].type,
      typmod: final[i].typmod,
      tableOid: c.tableOid,
      attnum: c.attnum,
    })),
  };
}

/**
 * A FROM subquery: like translateSelect, but duplicate output names (`SELECT 1, 2` -> two `?column?`) get unique
 * SQL aliases; `internal[i]` is the SQL name of column i (the visible name stays PG's).
 */
export function translateFromSubquery(
  t: Translator,
  s: Node,
  parent: Scope | undefined,
  names: string[] | undefined,
): SelectResult & { internal: string[] } {
  const p = prepare(t, s, parent);
  const final = p.cols.map((c) => ({ type: c.type === OID.unknown ? OID.text : c.type, typmod: c.typmod }));
  const aliases = p.names.map((n, i) => names?.[i] ?? n);
  const seen = new Set<string>();
  const internal = aliases.map((a, i) => {
    const u = seen.has(a) ? `${a}\u0001${i}` : a;
    seen.add(a);
    return u;
  });
  return {
    sql: p.render(final, internal),
    internal,
    columns: p.cols.map((c, i) => ({
      name: aliases[i],
      type: final[i].type,
      typmod: final[i].typmod,
      tableOid: c.tableOid,
      attnum: c.attnum,
    })),
  };
}

/** A subquery in an expression (`{SelectStmt: ...}` node). */
export function translateSubquery(t: Translator, node: Node, scope: Scope, _expected?: number[]): SelectResult {
  return translateSelect(t, node.SelectStmt, scope);
}

function prepare(t: Translator, s: Node, parent?: Scope): Prepared {
  let scope = parent;
  let withSql = '';
  if (s.withClause) {
    scope = new Scope(parent);
    withSql = withClause(t, s.withClause, scope);
  }
  const p =
    s.op && s.op !== 'SETOP_NONE'
      ? prepareSetOp(t, s, scope, (arm, sc) => prepare(t, arm, sc))
      : s.valuesLists
        ? prepareValues(t, s, scope)
        : prepareSimple(t, s, scope);
  if (!withSql) return p;
  return { ...p, render: (final, aliases) => `${withSql}${p.render(final, aliases)}` };
}

export function withClause(t: Translator, w: Node, scope: Scope): string {
  const parts: string[] = [];
  for (const c of w.ctes) {
    const cte = c.CommonTableExpr;
    const q = cte.ctequery.SelectStmt;
    if (w.ctes.some((o: Node) => o !== c && o.CommonTableExpr.ctename === cte.ctename) && scope.ctes.has(cte.ctename))
      throw t.error('42712', `WITH query name "${cte.ctename}" specified more than once`, c);
    if (!q) {
      parts.push(dataModifyingCte(t, cte, scope));
      continue;
    }
    if (cte.search_clause || cte.cycle_clause) {
      parts.push(searchCycleCte(t, cte, scope, w.recursive, (arm, sc) => prepare(t, arm, sc)));
      continue;
    }
    const colnames: string[] | undefined = cte.aliascolnames?.map(str);
    if (w.recursive && q.op !== 'SETOP_UNION' && JSON.stringify(q).includes(`"relname":${JSON.stringify(cte.ctename)}`))
      throw t.error(
        '42P19',
        `recursive query "${cte.ctename}" does not have the form non-recursive-term UNION [ALL] recursive-term`,
        c,
      );
    if (w.recursive && q.op === 'SETOP_UNION') {
      // The non-recursive term fixes the column types before the recursive term can reference the CTE.
      const seed = prepare(t, q.larg, scope);
      scope.ctes.set(
        cte.ctename,
        seed.cols.map((e, i) => ({
          name: colnames?.[i] ?? seed.names[i],
          type: e.type === OID.unknown ? OID.text : e.type,
          typmod: e.typmod,
        })),
      );
    }
    const r = translateSelect(t, q, scope, colnames);
    if (colnames && colnames.length > r.columns.length) {
      throw t.error(
        '42P10',
        `WITH query "${cte.ctename}" has ${r.columns.length} columns available but ${colnames.length} columns specified`,
        c,
      );
    }
    // Duplicate output names (`SELECT 1, 2`) get unique SQL names in the CTE's column list.
    const seen = new Set<string>();
    const sqlNames = r.columns.map((col, i) => {
      const u = seen.has(col.name) ? `${col.name}\u0001${i}` : col.name;
      seen.add(col.name);
      return u;
    });
    scope.ctes.set(
      cte.ctename,
      r.columns.map((col, i) => ({
        name: col.name,
        type: col.type,
        typmod: col.typmod,
        ...(sqlNames[i] !== col.name ? { sqlName: sqlNames[i] } : {}),
      })),
    );
    const cols = sqlNames.map((n) => quoteIdent(n)).join(', ');
    parts.push(`${quoteIdent(cte.ctename)}(${cols}) AS (${r.sql})`);
  }
  return `WITH ${w.recursive ? 'RECURSIVE ' : ''}${parts.join(', ')} `;
}

function finalize(t: Translator, e: Expr, f: { type: number; typmod: number }, node?: Node): string {
  return coerce(t, e, f.type, f.typmod === e.typmod ? -1 : f.typmod, 'assignment', node).sql;
}

function prepareValues(t: Translator, s: Node, scope?: Scope): Prepared {
  const ctx: ExprCtx = { t, scope: new Scope(scope), aggs: false, clause: 'VALUES' };
  const rows: Expr[][] = s.valuesLists.map((l: Node) => l.List.items.map((i: Node) => expr(ctx, i)));
  const width = rows[0].length;
  if (rows.some((r) => r.length !== width))
    throw t.error(SQLSTATE.SYNTAX_ERROR, 'VALUES lists must all be the same length', s.valuesLists[1]);
  const cols = rows[0].map((_, i) => {
    const type = resolveCommon(
      t,
      rows.map((r) => r[i]),
      'VALUES',
      s,
    );
    const typmod = isRecordType(type)
      ? commonRecordTypmod(
          t,
          rows.map((r) => r[i]),
          'VALUES',
          s,
        )
      : -1;
    return { sql: '', type, typmod };
  });
  const names = cols.map((_, i) => `column${i + 1}`);
  const tail = selectTail(t, s, { t, scope: ctx.scope, aggs: false }, [], names);
  return {
    cols,
    names,
    hasTail: tail.has,
    render: (final, aliases) => {
      const values = rows.map((r) => r.map((e, i) => finalize(t, e, final[i], s)));
      let body = `VALUES ${values.map((r) => `(${r.join(', ')})`).join(', ')}`;
      // SQLite does not name the columns column1... of a VALUES that references an outer query (a LATERAL
      // or correlated subquery): the first row names them.
      if (scope) {
        const first = values[0].map((v, i) => `${v} AS ${quoteIdent(`column${i + 1}`)}`).join(', ');
        const rest = values.slice(1).map((r) => `(${r.join(', ')})`);
        body = `SELECT ${first}${rest.length ? ` UNION ALL VALUES ${rest.join(', ')}` : ''}`;
      }
      const plain = aliases.every((a, i) => a === `column${i + 1}`);
      if (plain && !tail.has) return body;
      const sel = aliases.map((a, i) => `${quoteIdent(`column${i + 1}`)} AS ${quoteIdent(a)}`).join(', ');
      return `SELECT ${sel} FROM (${body})${tail.render(final.map((f, i) => ({ sql: quoteIdent(`column${i + 1}`), ...f })))}`;
    },
  };
}

/** A SELECT without set operations; `set` is the grouping set to group by (grouping-sets.ts) in one of its arms. */
function prepareSimple(
  t: Translator,
  s: Node,
  parent?: Scope,
  set?: { plan: GroupingSetsPlan; set: number[] },
): Prepared {
  if (!set) {
    const plan = expandGroupingSets(t, s);
    if (plan) return prepareGroupingSets(t, s, parent, plan, (s2, g) => prepareSimple(t, s2, parent, { plan, set: g }));
  }
  const scope = new Scope(parent);
  const ctx: ExprCtx = { t, scope, aggs: false, clause: 'FROM' };
  const from = s.fromClause ? fromClause(ctx, s.fromClause) : { sql: '', where: [] as string[] };
  // The grouping expressions of an arm are known before the select list, which depends on them.
  const leaves = set?.plan.leaves.map((g) => groupingLeaf({ ...ctx, clause: 'GROUP BY' }, g, s.targetList ?? []));
  const sel: ExprCtx = { t, scope, aggs: true, srfs: new SrfCollector(t), windows: s.windowClause };
  if (set && leaves) sel.grouping = groupingCtx(leaves, set.set);
  const cols: Expr[] = [];
  const names: string[] = [];
  for (const rt of s.targetList ?? []) {
    const r = rt.ResTarget;
    const fields: Node[] | undefined = r.val.ColumnRef?.fields;
    if (fields?.some((f) => f.A_Star)) {
      const qual = fields.length > 1 ? str(fields[fields.length - 2]) : undefined;
      const items = scope.starItems(qual, r.val.ColumnRef.location + 1);
      if (!qual && items.length === 0)
        throw t.error(SQLSTATE.SYNTAX_ERROR, 'SELECT * with no tables specified is not valid', r.val);
      for (const item of items) {
        for (const c of item.columns) {
          if (item.hiddenFromStar?.has(c.name)) continue;
          // Columns with their own SQL (SRF columns may share a name) need no lookup by name.
          const ref = c.sql || !item.pseudo ? { sql: colSql(item, c) } : scope.resolve([c.name]);
          cols.push({
            sql: ref.sql,
            type: c.type,
            typmod: c.typmod,
            name: c.name,
            tableOid: c.tableOid,
            attnum: c.attnum,
          });
          names.push(c.name);
        }
      }
      continue;
    }
    const e = expr(sel, r.val);
    cols.push(e);
    names.push(r.name ?? e.name ?? '?column?');
  }
  const where: string[] = [...from.where];
  if (s.whereClause) where.push(boolArg({ ...ctx, aggs: false, clause: 'WHERE' }, s.whereClause, 'WHERE').sql);
  const group: string[] = [];
  const groupExprs: Expr[] =
    leaves ?? (s.groupClause ?? []).map((g: Node) => groupItem(t, { ...ctx, clause: 'GROUP BY' }, g, cols, names));
  for (const g of set ? set.set.map((i) => groupExprs[i]) : groupExprs) group.push(notOrdinal(eqKey(g)));
  const having = s.havingClause ? boolArg({ ...sel, clause: 'HAVING' }, s.havingClause, 'HAVING').sql : undefined;
  if (group.length || having || set || cols.some((c) => c.agg)) checkGrouping(t, scope, s, groupExprs, cols);
  const dplan = s.distinctClause ? distinctClause(sel, s, cols, names) : undefined;
  let distinct = dplan?.plain ? 'DISTINCT ' : '';
  // DISTINCT over numerics (1.0, 1.00, 1 are one value): GROUP BY equality keys, keeping the first row's text.
  const numDistinct = !!distinct && cols.some((c) => needsEqKey(c.type));
  const groupDistinct = numDistinct && !group.length && !having && !cols.some((c) => c.agg);
  if (numDistinct) distinct = '';
  if (s.limitOption === 'LIMIT_OPTION_WITH_TIES' && dplan)
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'FETCH ... WITH TIES with DISTINCT is not supported yet', s);
  // DISTINCT ON sorts outside (distinct.ts): only LIMIT/OFFSET is rendered here.
  const limitOnly = dplan?.on ? selectTail(t, { ...s, sortClause: undefined }, sel, cols, names) : undefined;
  if (s.intoClause) throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'SELECT INTO is not supported yet', s);
  const tail = selectTail(t, s, sel, cols, names);
  const srfs = sel.srfs as SrfCollector;
  if (srfs.calls.length && (group.length || having || set || cols.some((c) => c.agg)))
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'set-returning functions with aggregates are not supported yet', s);
  const fromSql = srfs.fromSql(t, from.sql, s);
  return {
    cols,
    names,
    hasTail: tail.has,
    render: (final, aliases) => {
      const items = cols.map((c, i) => ({ ...c, sql: finalize(t, c, final[i], s) }));
      // An arm always aggregates, even over the empty grouping set without aggregates (one row).
      const list =
        items.map((c, i) => `${c.sql} AS ${quoteIdent(aliases[i])}`).join(', ') +
        (set ? ', count(*) AS "?agg"' : '') +
        (tail.ties?.columns(items) ?? '');
      let sql = `SELECT ${distinct}${list}`;
      if (fromSql) sql += ` FROM ${fromSql}`;
      if (where.length) sql += ` WHERE ${where.join(' AND ')}`;
      if (group.length) sql += ` GROUP BY ${group.join(', ')}`;
      if (groupDistinct) {
        const keys = items.map((c, i) =>
          needsEqKey(final[i].type) ? eqKey({ sql: c.sql, type: final[i].type }) : i + 1,
        );
        sql += ` GROUP BY ${keys.join(', ')}`;
      }
      if (having) sql += ` HAVING ${having}`;
      if (numDistinct && !groupDistinct) {
        const outer = aliases.map((a) => quoteIdent(a));
        const keys = outer.map((a, i) => eqKey({ sql: a, type: final[i].type }));
        const byAlias = items.map((c, i) => ({ ...c, sql: outer[i] }));
        return `SELECT ${outer.join(', ')} FROM (${sql}) GROUP BY ${keys.join(', ')}${tail.render(byAlias)}`;
      }
      if (dplan?.on && limitOnly) return renderDistinctOn(dplan, sql, list, aliases, limitOnly.render(items));
      if (having && !group.length && !set && !cols.some((c) => c.agg)) {
        // SQLite only accepts HAVING without GROUP BY in an aggregate query: add an aggregate and wrap.
        const inner = sql.replace(`SELECT ${distinct}${list}`, `SELECT ${distinct}${list}, count(*) AS "?agg"`);
        const outer = aliases.map((a) => quoteIdent(a)).join(', ');
        return `SELECT ${outer} FROM (${inner})${tail.render(items.map((c, i) => ({ ...c, sql: quoteIdent(aliases[i]) })))}`;
      }
      if (tail.ties) return tail.ties.wrap(sql, aliases);
      return sql + tail.render(items);
    },
  };
}

function groupItem(t: Translator, ctx: ExprCtx, g: Node, cols: Expr[], names: string[]): Expr {
  const ival = g.A_Const?.ival;
  if (ival !== undefined) {
    const k = ival.ival ?? 0;
    if (k < 1 || k > cols.length) throw t.error('42P10', `GROUP BY position ${k} is not in select list`, g);
    return notAggregate(t, cols[k - 1]);
  }
  const f = g.ColumnRef?.fields;
  if (f?.length === 1 && f[0].String) {
    // PG: an input column wins over an output alias in GROUP BY.
    try {
      return expr(ctx, g);
    } catch (e) {
      const i = names.indexOf(str(f[0]));
      if (i < 0) throw e;
      return notAggregate(t, cols[i]);
    }
  }
  return expr(ctx, g);
}

/** GROUP BY 2 / GROUP BY total naming an aggregate output column: PG's 42803, not SQLite's own error. */
function notAggregate(t: Translator, e: Expr): Expr {
  if (e.agg) throw t.error(SQLSTATE.GROUPING_ERROR, 'aggregate functions are not allowed in GROUP BY');
  return e;
}

export type { ScopeColumn };
export { eqKey };
