/** SELECT (with VALUES, set operations, WITH) -> SQLite, with PostgreSQL output names and types. */
import { SQLSTATE } from '../../../protocol/errors.js';
import { elementOidOf, OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr, resolveCommon } from './coerce.js';
import { distinctClause, renderDistinctOn } from './distinct.js';
import { dataModifyingCte } from './dml-with.js';
import { boolArg, type ExprCtx, expr } from './expr.js';
import { fromClause } from './from.js';
import { checkGrouping } from './grouping.js';
import { colSql, Scope, type ScopeColumn } from './scope.js';
import { SrfCollector } from './srf.js';
import { quoteIdent } from './storage.js';
import { str, type Translator } from './translator.js';

export interface OutColumn {
  name: string;
  type: number;
  typmod: number;
  tableOid?: number;
  attnum?: number;
}

export interface SelectResult {
  sql: string;
  columns: OutColumn[];
}

/** A SELECT whose column types may still be unified with others (set operations, VALUES rows). */
interface Prepared {
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
      ? prepareSetOp(t, s, scope)
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
    return { sql: '', type, typmod: -1 };
  });
  const names = cols.map((_, i) => `column${i + 1}`);
  const tail = selectTail(t, s, { t, scope: ctx.scope, aggs: false }, [], names);
  return {
    cols,
    names,
    hasTail: tail.has,
    render: (final, aliases) => {
      const body = `VALUES ${rows.map((r) => `(${r.map((e, i) => finalize(t, e, final[i], s)).join(', ')})`).join(', ')}`;
      const plain = aliases.every((a, i) => a === `column${i + 1}`);
      if (plain && !tail.has) return body;
      const sel = aliases.map((a, i) => `${quoteIdent(`column${i + 1}`)} AS ${quoteIdent(a)}`).join(', ');
      return `SELECT ${sel} FROM (${body})${tail.render(final.map((f, i) => ({ sql: quoteIdent(`column${i + 1}`), ...f })))}`;
    },
  };
}

function prepareSetOp(t: Translator, s: Node, scope?: Scope): Prepared {
  const l = prepare(t, s.larg, scope);
  const r = prepare(t, s.rarg, scope);
  if (l.cols.length !== r.cols.length) {
    throw t.error(SQLSTATE.SYNTAX_ERROR, `each ${s.op.slice(6)} query must have the same number of columns`, s.rarg);
  }
  const opName = s.op.slice(6); // UNION, INTERSECT, EXCEPT
  if (s.all && opName !== 'UNION')
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `${opName} ALL is not supported yet`, s);
  const cols = l.cols.map((c, i) => {
    const type = resolveCommon(t, [c, r.cols[i]], opName, s);
    return {
      sql: '',
      type,
      typmod: c.typmod === r.cols[i].typmod ? c.typmod : -1,
      tableOid: undefined,
      attnum: undefined,
    };
  });
  const names = l.names;
  const tail = selectTail(t, s, { t, scope: new Scope(scope), aggs: false }, [], names, true);
  const arm = (p: Prepared, final: { type: number; typmod: number }[], aliases: string[], isRight: boolean) => {
    const sql = p.render(final, aliases);
    return p.hasTail || (isRight && (s.rarg.op ?? 'SETOP_NONE') !== 'SETOP_NONE') ? `SELECT * FROM (${sql})` : sql;
  };
  return {
    cols,
    names,
    hasTail: tail.has,
    render: (final, aliases) => {
      // Numerics equal in value but not in text (1.0, 1) must be one row; ORDER BY numeric/array/... needs sort
      // keys, which a compound's ORDER BY cannot take: such set operations become a plain SELECT over the arms.
      const numeric = !s.all && final.some((f) => needsEqKey(f.type));
      if (!numeric && !tail.needsKeys(final)) {
        const body = `${arm(l, final, aliases, false)} ${opName}${s.all ? ' ALL' : ''} ${arm(r, final, aliases, true)}`;
        return `${body}${tail.render(final.map((f, i) => ({ sql: String(i + 1), ...f })))}`;
      }
      const inner = final.map((_, i) => `lumos_c${i}`);
      const ref = (q: string, i: number) => `${q}.${quoteIdent(inner[i])}`;
      const keys = (q: string) => final.map((f, i) => eqKey({ sql: ref(q, i), type: f.type }));
      const L = arm(l, final, inner, false);
      const R = arm(r, final, inner, true);
      let body: string;
      if (!numeric) body = `${L} ${opName}${s.all ? ' ALL' : ''} ${R}`;
      else if (opName === 'UNION')
        body = `SELECT * FROM (${L} UNION ALL ${R}) AS "lumos_u" GROUP BY ${keys('"lumos_u"').join(', ')}`;
      else {
        const lk = keys('"lumos_l"');
        const rk = keys('"lumos_r"');
        const match = lk.map((k, i) => `${k} IS ${rk[i]}`).join(' AND ');
        body =
          `SELECT * FROM (${L}) AS "lumos_l" WHERE ${opName === 'EXCEPT' ? 'NOT ' : ''}EXISTS ` +
          `(SELECT 1 FROM (${R}) AS "lumos_r" WHERE ${match}) GROUP BY ${lk.join(', ')}`;
      }
      const list = inner.map((c, i) => `${quoteIdent(c)} AS ${quoteIdent(aliases[i])}`).join(', ');
      const items = final.map((f, i) => ({ sql: quoteIdent(inner[i]), ...f }));
      return `SELECT ${list} FROM (${body})${tail.render(items, true)}`;
    },
  };
}

function prepareSimple(t: Translator, s: Node, parent?: Scope): Prepared {
  const scope = new Scope(parent);
  const ctx: ExprCtx = { t, scope, aggs: false, clause: 'FROM' };
  const from = s.fromClause ? fromClause(ctx, s.fromClause) : { sql: '', where: [] as string[] };
  const sel: ExprCtx = { t, scope, aggs: true, srfs: new SrfCollector(t), windows: s.windowClause };
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
  const groupExprs: Expr[] = (s.groupClause ?? []).map((g: Node) =>
    groupItem(t, { ...ctx, clause: 'GROUP BY' }, g, cols, names),
  );
  for (const g of groupExprs) group.push(eqKey(g));
  const having = s.havingClause ? boolArg({ ...sel, clause: 'HAVING' }, s.havingClause, 'HAVING').sql : undefined;
  if (group.length || having || cols.some((c) => c.agg)) checkGrouping(t, scope, s, groupExprs, cols);
  const dplan = s.distinctClause ? distinctClause(sel, s, cols, names) : undefined;
  let distinct = dplan?.plain ? 'DISTINCT ' : '';
  // DISTINCT over numerics (1.0, 1.00, 1 are one value): GROUP BY equality keys, keeping the first row's text.
  const numDistinct = !!distinct && cols.some((c) => needsEqKey(c.type));
  const groupDistinct = numDistinct && !group.length && !having && !cols.some((c) => c.agg);
  if (numDistinct) distinct = '';
  // DISTINCT ON sorts outside (distinct.ts): only LIMIT/OFFSET is rendered here.
  const limitOnly = dplan?.on ? selectTail(t, { ...s, sortClause: undefined }, sel, cols, names) : undefined;
  if (s.intoClause) throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'SELECT INTO is not supported yet', s);
  const tail = selectTail(t, s, sel, cols, names);
  const srfs = sel.srfs as SrfCollector;
  if (srfs.calls.length && (group.length || having || cols.some((c) => c.agg)))
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'set-returning functions with aggregates are not supported yet', s);
  const fromSql = srfs.fromSql(t, from.sql, s);
  return {
    cols,
    names,
    hasTail: tail.has,
    render: (final, aliases) => {
      const items = cols.map((c, i) => ({ ...c, sql: finalize(t, c, final[i], s) }));
      const list = items.map((c, i) => `${c.sql} AS ${quoteIdent(aliases[i])}`).join(', ');
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
      if (having && !group.length && !cols.some((c) => c.agg)) {
        // SQLite only accepts HAVING without GROUP BY in an aggregate query: add an aggregate and wrap.
        const inner = sql.replace(`SELECT ${distinct}${list}`, `SELECT ${distinct}${list}, count(*) AS "?agg"`);
        const outer = aliases.map((a) => quoteIdent(a)).join(', ');
        return `SELECT ${outer} FROM (${inner})${tail.render(items.map((c, i) => ({ ...c, sql: quoteIdent(aliases[i]) })))}`;
      }
      return sql + tail.render(items);
    },
  };
}

function groupItem(t: Translator, ctx: ExprCtx, g: Node, cols: Expr[], names: string[]): Expr {
  const ival = g.A_Const?.ival;
  if (ival !== undefined) {
    const k = ival.ival ?? 0;
    if (k < 1 || k > cols.length) throw t.error('42P10', `GROUP BY position ${k} is not in select list`, g);
    return cols[k - 1];
  }
  const f = g.ColumnRef?.fields;
  if (f?.length === 1 && f[0].String) {
    // PG: an input column wins over an output alias in GROUP BY.
    try {
      return expr(ctx, g);
    } catch (e) {
      const i = names.indexOf(str(f[0]));
      if (i < 0) throw e;
      return cols[i];
    }
  }
  if (g.GroupingSet) throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'GROUPING SETS are not supported yet', g);
  return expr(ctx, g);
}

/** ORDER BY / LIMIT / OFFSET; `byPosition` for set operations (only output columns can be named). */
function selectTail(
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
  if (s.limitOption === 'LIMIT_OPTION_WITH_TIES')
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'FETCH ... WITH TIES is not supported yet', s);
  return {
    has: keys.length > 0 || limit !== undefined || offset !== undefined,
    needsKeys: (final) =>
      keys.some((k) => k.index !== undefined && sortKey({ sql: '', typmod: -1, ...final[k.index] }) !== ''),
    render: (items, plain = false) => {
      let sql = '';
      if (keys.length) {
        const parts = keys.map((k) => {
          // An expression equal to an output column (DISTINCT) sorts by that column, as rendered.
          const same = k.e ? cols.findIndex((c) => c.sql === k.e?.sql) : -1;
          const e = k.index !== undefined ? items[k.index] : same >= 0 && items[same] ? items[same] : (k.e as Expr);
          const key = byPosition && !plain ? e.sql : sortKey(e);
          return `${key}${k.desc ? ' DESC' : ''} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`;
        });
        sql += ` ORDER BY ${parts.join(', ')}`;
      }
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
function needsEqKey(type: number): boolean {
  const elem = elementOidOf(type);
  return type === OID.numeric || type === OID.interval || elem === OID.numeric || elem === OID.interval;
}

function sortKey(e: Expr): string {
  if (e.type === OID.numeric) return `lumos_num_sortkey(${e.sql})`;
  if (e.type === OID.interval) return `lumos_interval_sortkey(${e.sql})`;
  if (e.type === OID.jsonb) return `lumos_jsonb_sortkey(${e.sql})`;
  const elem = elementOidOf(e.type);
  if (elem) return `lumos_array_sortkey(${e.sql}, ${elem})`;
  return e.sql;
}

function limitExpr(t: Translator, ctx: ExprCtx, node: Node, clause: string, dflt: number): string | undefined {
  if (!node || node.A_Const?.isnull) return undefined;
  const e = coerce(t, expr({ ...ctx, aggs: false, clause }, node), OID.int8, -1, 'implicit', node);
  if (/^\d+$/.test(e.sql)) return e.sql;
  return `coalesce(lumos_limit_check(${e.sql}, '${clause}'), ${dflt})`;
}

export type { ScopeColumn };
