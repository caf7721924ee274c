/** FROM items: tables, CTEs, pg_catalog views, subqueries, joins (ON/USING/NATURAL), simple LATERAL. */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import type { TableDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import { catalogView, infoSchemaView } from './catalog-views.js';
import { coerce } from './coerce.js';
import { relationFrom } from './ddl-view.js';
import { boolArg, type ExprCtx, expr, unify } from './expr.js';
import { expressionOnlyLateral, lateralSubquery } from './lateral.js';
import { compare } from './operators.js';
import { colSql, type ScopeColumn, type ScopeItem } from './scope.js';
import { translateFromSubquery } from './select.js';
import { rangeFunction } from './srf.js';
import { quoteIdent } from './storage.js';
import { str, type Translator } from './translator.js';

export interface FromResult {
  sql: string;
  /** Conditions that must go to WHERE (inlined LATERAL joins). */
  where: string[];
}

export function fromClause(ctx: ExprCtx, items: Node[]): FromResult {
  const where: string[] = [];
  const parts: string[] = [];
  for (const item of items) {
    const sql = fromItem(ctx, item, where);
    if (sql) parts.push(sql);
  }
  return { sql: parts.join(', '), where };
}

/** Resolve a table name as PG would: CTE, pg_catalog relation, then the search path. */
export function lookupTable(t: Translator, rv: Node): TableDef {
  const name: string = rv.relname;
  const schema: string | undefined = rv.schemaname;
  const table = t.catalog.lookup(name, schema, t.opts.searchPath);
  if (!table) {
    const other = t.catalog.lookupRelation(name, schema, t.opts.searchPath);
    if (other) throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `writing to ${other.kind} "${name}" is not supported`, rv);
    const full = schema ? `${schema}.${name}` : name;
    throw t.error(SQLSTATE.UNDEFINED_TABLE, `relation "${full}" does not exist`, rv);
  }
  return table;
}

export function tableColumns(table: TableDef): ScopeColumn[] {
  return table.columns.map((c) => ({
    name: c.name,
    type: c.typeOid,
    typmod: c.typmod,
    tableOid: table.oid,
    attnum: c.attnum,
    notNull: c.notNull,
  }));
}

function renameColumns(t: Translator, cols: ScopeColumn[], alias: Node, node: Node): ScopeColumn[] {
  const names: string[] = alias?.colnames?.map(str) ?? [];
  if (names.length > cols.length) {
    throw t.error(
      '42P10',
      `table "${alias.aliasname}" has ${cols.length} columns available but ${names.length} columns specified`,
      node,
    );
  }
  return cols.map((c, i) => (names[i] ? { ...c, name: names[i], sqlName: c.sqlName ?? c.name } : c));
}

function rangeVar(ctx: ExprCtx, rv: Node): string {
  const t = ctx.t;
  const alias: string = rv.alias?.aliasname ?? rv.relname;
  if (!rv.schemaname) {
    const cte = ctx.scope.findCte(rv.relname);
    if (cte) {
      ctx.scope.add({ alias, columns: renameColumns(t, cte, rv.alias, rv) });
      return `${quoteIdent(rv.relname)} AS ${quoteIdent(alias)}`;
    }
  }
  const inUserPath = !rv.schemaname && t.catalog.lookup(rv.relname, undefined, t.opts.searchPath);
  if (rv.schemaname === 'pg_catalog' || (!rv.schemaname && !inUserPath)) {
    const view = catalogView(t, rv.relname);
    if (view) {
      ctx.scope.add({ alias, columns: renameColumns(t, view.columns, rv.alias, rv) });
      return `(${view.sql}) AS ${quoteIdent(alias)}`;
    }
  }
  if (rv.schemaname === 'information_schema') {
    const view = infoSchemaView(t, rv.relname);
    if (!view)
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `information_schema.${rv.relname} is not supported yet`, rv);
    ctx.scope.add({ alias, columns: renameColumns(t, view.columns, rv.alias, rv) });
    return `(${view.sql}) AS ${quoteIdent(alias)}`;
  }
  const rel = relationFrom(ctx, rv, alias);
  if (rel) {
    ctx.scope.add({ alias, columns: renameColumns(t, rel.columns, rv.alias, rv), relOid: rel.relOid });
    return rel.sql;
  }
  const table = lookupTable(t, rv);
  t.tablesRead.add(table.storageName);
  ctx.scope.add({ alias, columns: renameColumns(t, tableColumns(table), rv.alias, rv), relOid: table.oid });
  return `${quoteIdent(table.storageName)} AS ${quoteIdent(alias)}`;
}

/**
 * `inline`: a LATERAL subquery returning at most one row may be inlined (lateral.ts): no SQL of its own, and
 * conditions added to `where`. Not on the left of a join, nor on the right of an outer join with conditions.
 */
function fromItem(ctx: ExprCtx, node: Node, where: string[], inline = true): string {
  const t = ctx.t;
  if (node.RangeVar) return rangeVar(ctx, node.RangeVar);
  if (node.RangeSubselect) {
    const rs = node.RangeSubselect;
    const alias = rs.alias?.aliasname;
    if (!alias) throw t.error(SQLSTATE.SYNTAX_ERROR, 'subquery in FROM must have an alias', node);
    const q = rs.subquery.SelectStmt;
    if (rs.lateral) {
      if (!inline || !expressionOnlyLateral(q)) return lateralSubquery(ctx, rs, inline, where, node);
      // No LATERAL in SQLite: a FROM-less single-row subquery is inlined as expressions.
      const colnames: string[] = rs.alias.colnames?.map(str) ?? [];
      const columns: ScopeColumn[] = q.targetList.map((rt0: Node, i: number) => {
        const rt = rt0.ResTarget;
        let e = expr({ ...ctx, aggs: false }, rt.val);
        if (e.type === 0 || e.type === 705) e = coerce(t, e, 25, -1, 'implicit', rt.val);
        return {
          name: colnames[i] ?? rt.name ?? e.name ?? '?column?',
          type: e.type,
          typmod: e.typmod,
          sql: `(${e.sql})`,
        };
      });
      ctx.scope.add({ alias, columns });
      return '';
    }
    const names: string[] | undefined = rs.alias.colnames?.map(str);
    const r = translateFromSubquery(t, q, ctx.scope.parent, names);
    if (names && names.length > r.columns.length)
      throw t.error(
        '42P10',
        `table "${alias}" has ${r.columns.length} columns available but ${names.length} columns specified`,
        node,
      );
    const columns = r.columns.map((c, i): ScopeColumn => {
      const col: ScopeColumn = { name: c.name, type: c.type, typmod: c.typmod };
      if (r.internal[i] !== c.name) col.sqlName = r.internal[i];
      return col;
    });
    ctx.scope.add({ alias, columns });
    return `(${r.sql}) AS ${quoteIdent(alias)}`;
  }
  if (node.JoinExpr) return joinExpr(ctx, node.JoinExpr, where, inline);
  if (node.RangeFunction) return rangeFunction(ctx, node.RangeFunction);
  throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `FROM item ${Object.keys(node)[0]} is not supported yet`, node);
}

/**
 * `(a JOIN b ...) AS ab`: the join's columns (as `*` lists them) become the columns of one item `ab`,
 * which hides the names of the joined items (the SQL keeps them).
 */
function joinExpr(ctx: ExprCtx, j: Node, where: string[], inline: boolean): string {
  if (!j.alias) return joinBody(ctx, j, where, inline);
  const first = ctx.scope.items.length;
  const sql = joinBody(ctx, j, where, inline);
  const items = ctx.scope.items.splice(first);
  const columns = items.flatMap((item) =>
    item.columns.filter((c) => !item.hiddenFromStar?.has(c.name)).map((c) => ({ ...c, sql: colSql(item, c) })),
  );
  ctx.scope.add({ alias: j.alias.aliasname, columns: renameColumns(ctx.t, columns, j.alias, j) });
  return sql;
}

function joinBody(ctx: ExprCtx, j: Node, where: string[], inline: boolean): string {
  const t = ctx.t;
  const firstLeft = ctx.scope.items.length;
  // Conditions of inlined LATERAL items may go to WHERE only where they filter the join's rows like a
  // condition of an inner join; the item on the left must have SQL.
  const inner = j.jointype === 'JOIN_INNER';
  const left = fromItem(ctx, j.larg, where, inline && !!j.larg.JoinExpr && (inner || j.jointype === 'JOIN_LEFT'));
  const firstRight = ctx.scope.items.length;
  const whereBefore = where.length;
  const onTrue = !j.usingClause && !j.isNatural && (!j.quals || j.quals.A_Const?.boolval?.boolval === true);
  const leftOnTrue = j.jointype === 'JOIN_LEFT' && onTrue && !j.rarg.JoinExpr;
  const right = outerRight(ctx, j, firstLeft, () => fromItem(ctx, j.rarg, where, inline && (inner || leftOnTrue)));
  const leftItems = ctx.scope.items.slice(firstLeft, firstRight);
  const rightItems = ctx.scope.items.slice(firstRight);
  const kind = { JOIN_INNER: 'JOIN', JOIN_LEFT: 'LEFT JOIN', JOIN_RIGHT: 'RIGHT JOIN', JOIN_FULL: 'FULL JOIN' }[
    j.jointype as string
  ];
  if (!kind) throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `join type ${j.jointype} is not supported`, j.larg);
  let using: string[] | undefined = j.usingClause?.map(str);
  if (j.isNatural) {
    const visible = (items: ScopeItem[]) =>
      items.flatMap((i) => i.columns.filter((c) => !i.hiddenFromStar?.has(c.name)).map((c) => c.name));
    const rightNames = new Set(visible(rightItems));
    using = visible(leftItems).filter((n) => rightNames.has(n));
  }
  const conds: string[] = [];
  if (using) {
    const merged: ScopeColumn[] = [];
    for (const name of using) {
      const l = findVisible(t, leftItems, name, j);
      const r = findVisible(t, rightItems, name, j);
      const [le, re] = unify(ctx, colExpr(l.sql, l.col), colExpr(r.sql, r.col), j);
      conds.push(compare(ctx, '=', le, re).sql);
      const sql =
        j.jointype === 'JOIN_RIGHT' ? re.sql : j.jointype === 'JOIN_FULL' ? `coalesce(${le.sql}, ${re.sql})` : le.sql;
      merged.push({
        name,
        type: le.type,
        typmod: le.typmod,
        sql,
        tableOid: j.jointype === 'JOIN_INNER' || j.jointype === 'JOIN_LEFT' ? l.col.tableOid : undefined,
        attnum: l.col.attnum,
      });
      l.item.hiddenFromStar = new Set([...(l.item.hiddenFromStar ?? []), name]);
      r.item.hiddenFromStar = new Set([...(r.item.hiddenFromStar ?? []), name]);
    }
    ctx.scope.items.splice(firstLeft, 0, {
      alias: `\u0000using${firstLeft}:${ctx.scope.items.length}`,
      columns: merged,
      pseudo: true,
    });
  } else if (j.quals) {
    const q = boolArg({ ...ctx, aggs: false, clause: 'JOIN conditions' }, j.quals, 'JOIN/ON');
    conds.push(q.sql);
  }
  if (!right) {
    // An inlined LATERAL item (lateral.ts): at most one row, whose existence condition LEFT JOIN drops;
    // then only the join condition remains.
    if (j.jointype === 'JOIN_LEFT') where.length = whereBefore;
    const real = conds.filter((c) => c !== '1');
    if (j.jointype !== 'JOIN_INNER' && real.length) {
      throw t.error(
        SQLSTATE.FEATURE_NOT_SUPPORTED,
        'outer joins to LATERAL subqueries with conditions are not supported yet',
        j.rarg,
      );
    }
    where.push(...conds);
    return left;
  }
  if (!left) throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'LATERAL must follow the items it references', j.larg);
  const rsql = j.rarg.JoinExpr ? `(${right})` : right;
  if (!conds.length) return j.jointype === 'JOIN_INNER' ? `${left} CROSS JOIN ${rsql}` : `${left} ${kind} ${rsql} ON 1`;
  return `${left} ${kind} ${rsql} ON ${conds.join(' AND ')}`;
}

/**
 * The right item of a RIGHT or FULL join is translated without the left items in scope: a LATERAL
 * reference to them is invalid (the left rows without partners come from the right side).
 */
function outerRight(ctx: ExprCtx, j: Node, firstLeft: number, translate: () => string): string {
  if (j.jointype !== 'JOIN_RIGHT' && j.jointype !== 'JOIN_FULL') return translate();
  const left = ctx.scope.items.splice(firstLeft);
  try {
    const sql = translate();
    const right = ctx.scope.items.slice(firstLeft);
    const twice = right.find((r) => !r.pseudo && left.some((l) => l.alias === r.alias && !l.pseudo));
    if (twice) throw ctx.t.error('42712', `table name "${twice.alias}" specified more than once`, j.rarg);
    return sql;
  } catch (e) {
    const qual = e instanceof PgError && e.code === SQLSTATE.UNDEFINED_TABLE && /"(.*)"$/.exec(e.message)?.[1];
    if (qual && left.some((i) => i.alias === qual && !i.pseudo)) {
      throw ctx.t.error('42P10', `invalid reference to FROM-clause entry for table "${qual}"`, j.rarg, {
        detail: 'The combining JOIN type must be INNER or LEFT for a LATERAL reference.',
      });
    }
    throw e;
  } finally {
    ctx.scope.items.splice(firstLeft, 0, ...left);
  }
}

function colExpr(sql: string, c: ScopeColumn) {
  return { sql, type: c.type, typmod: c.typmod };
}

function findVisible(
  t: Translator,
  items: ScopeItem[],
  name: string,
  node: Node,
): { item: ScopeItem; col: ScopeColumn; sql: string } {
  let found: { item: ScopeItem; col: ScopeColumn; sql: string } | undefined;
  for (const item of items) {
    if (item.hiddenFromStar?.has(name)) continue;
    const col = item.columns.find((c) => c.name === name);
    if (!col) continue;
    if (found)
      throw t.error(
        SQLSTATE.AMBIGUOUS_COLUMN,
        `common column name "${name}" appears more than once in left table`,
        node,
      );
    found = { item, col, sql: colSql(item, col) };
  }
  if (!found)
    throw t.error(
      SQLSTATE.UNDEFINED_COLUMN,
      `column "${name}" specified in USING clause does not exist in left table`,
      node,
    );
  return found;
}
