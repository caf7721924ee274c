/** INSERT / UPDATE / DELETE (with RETURNING, ON CONFLICT, UPDATE ... FROM, DELETE ... USING). */

import { SQLSTATE } from '../../../protocol/errors.js';
import type { ColumnDef, TableDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import { coerce, type Expr } from './coerce.js';
import { checkIdentityInsert, checkIdentityUpdate } from './ddl-sequence.js';
import { withoutTarget } from './dml-from.js';
import { type DmlResult, returning, withReturning } from './dml-returning.js';
import { fromSnapshot, SNAPSHOT } from './dml-snapshot.js';
import { addPreStatement, dmlWith, multiAssignSubquery } from './dml-with.js';
import { boolArg, type ExprCtx, expr } from './expr.js';
import { fromClause, lookupTable, tableColumns } from './from.js';
import { subscriptAssign } from './op-array.js';
import { Scope, type ScopeItem } from './scope.js';
import { translateSelect } from './select.js';
import { quoteIdent, quoteString } from './storage.js';
import { str, type Translator } from './translator.js';

function target(t: Translator, rv: Node): { table: TableDef; alias: string; item: ScopeItem } {
  const table = lookupTable(t, rv);
  const alias: string = rv.alias?.aliasname ?? table.name;
  return { table, alias, item: { alias, columns: tableColumns(table) } };
}

function column(t: Translator, table: TableDef, name: string, node: Node): ColumnDef {
  const c = table.columns.find((x) => x.name === name);
  if (!c) throw t.error(SQLSTATE.UNDEFINED_COLUMN, `column "${name}" of relation "${table.name}" does not exist`, node);
  return c;
}

/** Default value SQL for a column (NULL when none); registers the session values it reads. */
export function defaultSql(t: Translator, c: ColumnDef): string {
  const sql = c.defaultSql ?? 'NULL';
  for (const m of sql.matchAll(/\$__(\w+)/g)) t.sessionParam(m[1] as never);
  return sql;
}

/** A value assigned to a column: coerced with assignment rules, NOT NULL checked where SQLite cannot. */
function assign(t: Translator, table: TableDef, c: ColumnDef, e: Expr, node: Node): string {
  const v = coerce(t, e, c.typeOid, c.typmod, 'assignment', node);
  if (v.type !== c.typeOid) {
    throw t.error(
      SQLSTATE.DATATYPE_MISMATCH,
      `column "${c.name}" is of type ${t.typeName(c.typeOid)} but expression is of type ${t.typeName(v.type)}`,
      node,
      {
        hint: 'You will need to rewrite or cast the expression.',
      },
    );
  }
  if (c.notNullUnenforced || table.rowidColumn === c.name) {
    if (v.sql === 'NULL') {
      throw t.error(
        SQLSTATE.NOT_NULL_VIOLATION,
        `null value in column "${c.name}" of relation "${table.name}" violates not-null constraint`,
        node,
      );
    }
    // Literals (inline, or a shaped statement's $__l parameters) are never null.
    if (!/^-?\d+$/.test(v.sql) && !/^'.*'$/s.test(v.sql) && !/^\$__l\d+$/.test(v.sql)) {
      return `lumos_notnull(${v.sql}, ${quoteString(c.name)}, ${quoteString(table.name)})`;
    }
  }
  return v.sql;
}

export function translateInsert(t: Translator, n: Node): DmlResult {
  const { table, alias } = target(t, n.relation);
  const w = dmlWith(t, n.withClause);
  const cols: ColumnDef[] = n.cols
    ? n.cols.map((rt0: Node) => {
        const rt = rt0.ResTarget;
        if (rt.indirection)
          throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'INSERT into subscripts or fields is not supported yet', rt0);
        return column(t, table, rt.name, rt0);
      })
    : n.selectStmt
      ? [...table.columns]
      : []; // DEFAULT VALUES: every column gets its default (nextval included)
  const sel = n.selectStmt?.SelectStmt;
  if (!n.cols && sel) {
    // Without a column list, the expressions fill the leading columns; the rest get defaults.
    const width = sel.valuesLists ? sel.valuesLists[0].List.items.length : selectWidth(t, sel, w.scope);
    if (width > cols.length)
      throw t.error(SQLSTATE.SYNTAX_ERROR, 'INSERT has more expressions than target columns', n.selectStmt);
    cols.length = width;
  }
  const seen = new Set<string>();
  for (const [i, c] of cols.entries()) {
    if (seen.has(c.name))
      throw t.error(SQLSTATE.DUPLICATE_COLUMN, `column "${c.name}" specified more than once`, n.cols?.[i]);
    seen.add(c.name);
  }
  // Columns the statement omits get their defaults explicitly (the rowid alias is left to SQLite).
  checkIdentityInsert(t, n, cols);
  const omitted = table.columns.filter((c) => !seen.has(c.name) && c.defaultSql);
  const defaults = omitted.map((c) => defaultSql(t, c));
  const valueCtx: ExprCtx = { t, scope: new Scope(w.scope), aggs: false, clause: 'VALUES' };
  let body: string;
  let allCols = [...cols, ...omitted];
  if (!sel) {
    body = defaults.length ? `VALUES (${defaults.join(', ')})` : 'DEFAULT VALUES';
    if (!defaults.length) allCols = [];
  } else if (sel.valuesLists && !sel.sortClause && !sel.limitCount && !sel.withClause) {
    const rows = sel.valuesLists.map((l: Node) => {
      const items: Node[] = l.List.items;
      if (items.length > cols.length)
        throw t.error(SQLSTATE.SYNTAX_ERROR, 'INSERT has more expressions than target columns', items[cols.length]);
      if (items.length < cols.length)
        throw t.error(SQLSTATE.SYNTAX_ERROR, 'INSERT has more target columns than expressions', l);
      const vals = items.map((item, i) => {
        const c = cols[i];
        if (item.SetToDefault) return defaultSql(t, c);
        return assign(t, table, c, expr(valueCtx, item), item);
      });
      return `(${[...vals, ...defaults].join(', ')})`;
    });
    body = `VALUES ${rows.join(', ')}`;
  } else {
    const r = translateSelect(
      t,
      sel,
      w.scope,
      cols.map((_, i) => `__c${i + 1}`),
      cols.map((c) => ({ type: c.typeOid, typmod: c.typmod })),
    );
    if (r.columns.length > cols.length)
      throw t.error(SQLSTATE.SYNTAX_ERROR, 'INSERT has more expressions than target columns', n.selectStmt);
    if (r.columns.length < cols.length)
      throw t.error(SQLSTATE.SYNTAX_ERROR, 'INSERT has more target columns than expressions', n.selectStmt);
    const vals = r.columns.map((rc, i) =>
      assign(t, table, cols[i], { sql: quoteIdent(rc.name), type: rc.type, typmod: rc.typmod }, n.selectStmt),
    );
    body = `SELECT ${[...vals, ...defaults].join(', ')} FROM (${r.sql})${n.onConflictClause ? ' WHERE true' : ''}`;
  }
  const colList = allCols.length ? ` (${allCols.map((c) => quoteIdent(c.name)).join(', ')})` : '';
  let sql = `${w.sql}INSERT INTO ${quoteIdent(table.storageName)} AS ${quoteIdent(alias)}${colList} ${body}`;
  if (n.onConflictClause) sql += onConflict(t, n.onConflictClause, table, alias);
  return withReturning(sql, returning(t, n, table, alias));
}

/** Number of output columns of a SELECT (translated once on a scratch translator state). */
function selectWidth(t: Translator, sel: Node, scope?: Scope): number {
  const saved = [...t.paramTypes];
  const savedMods = [...t.paramTypmods];
  const n = translateSelect(t, sel, scope).columns.length;
  t.paramTypes.splice(0, t.paramTypes.length, ...saved);
  t.paramTypmods.splice(0, t.paramTypmods.length, ...savedMods);
  return n;
}

function onConflict(t: Translator, oc: Node, table: TableDef, alias: string): string {
  let cols: string[] | undefined;
  if (oc.infer?.conname) {
    const idx = table.indexes.find((i) => i.name === oc.infer.conname);
    if (!idx)
      throw t.error(
        SQLSTATE.UNDEFINED_OBJECT,
        `constraint "${oc.infer.conname}" for table "${table.name}" does not exist`,
        oc,
      );
    cols = idx.columns;
  } else if (oc.infer?.indexElems) {
    cols = oc.infer.indexElems.map((e: Node) => {
      const name = e.IndexElem.name;
      if (!name) throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'ON CONFLICT on expressions is not supported yet', e);
      return column(t, table, name, e).name;
    });
  }
  if (cols) {
    const want = [...cols].sort().join(',');
    const ok = table.indexes.some((i) => i.unique && [...i.columns].sort().join(',') === want);
    if (!ok)
      throw t.error('42P10', 'there is no unique or exclusion constraint matching the ON CONFLICT specification', oc);
  }
  const targetSql = cols ? ` (${cols.map(quoteIdent).join(', ')})` : '';
  if (oc.action === 'ONCONFLICT_NOTHING') return ` ON CONFLICT${targetSql} DO NOTHING`;
  if (!cols)
    throw t.error(
      SQLSTATE.SYNTAX_ERROR,
      'ON CONFLICT DO UPDATE requires inference specification or constraint name',
      oc,
      { hint: 'For example, ON CONFLICT (column_name).' },
    );
  const scope = new Scope();
  scope.add({ alias, columns: tableColumns(table) });
  scope.add({ alias: 'excluded', columns: tableColumns(table) });
  const ctx: ExprCtx = { t, scope, aggs: false, clause: 'ON CONFLICT' };
  const sets = setList(t, ctx, table, oc.targetList);
  // PG: a row inserted or updated by this command cannot be updated again (21000). Rows inserted by the
  // statement have a rowid above the table's maximum before it; updated rows are remembered by the guard.
  addPreStatement(t, `SELECT lumos_upsert_begin(max(rowid)) FROM ${quoteIdent(table.storageName)}`);
  // The guard passes the WHERE value through, so it runs even when SQLite could skip a false condition.
  const where = oc.whereClause ? boolArg(ctx, oc.whereClause, 'WHERE').sql : '1';
  return ` ON CONFLICT${targetSql} DO UPDATE SET ${sets} WHERE lumos_upsert_guard(${quoteIdent(alias)}.rowid, ${where})`;
}

function setList(t: Translator, ctx: ExprCtx, table: TableDef, targets: Node[]): string {
  const parts: string[] = [];
  for (const rt0 of targets) {
    const rt = rt0.ResTarget;
    const c = column(t, table, rt.name, rt0);
    if (rt.indirection) {
      // col[i] = v (op-array.ts): the whole new array is assigned.
      const v = subscriptAssign(ctx, quoteIdent(c.name), c.typeOid, rt.indirection, expr(ctx, rt.val), rt0);
      parts.push(`${quoteIdent(c.name)} = ${assign(t, table, c, { sql: v, type: c.typeOid, typmod: -1 }, rt0)}`);
      continue;
    }
    let val: Node = rt.val;
    if (val.MultiAssignRef) {
      const src = val.MultiAssignRef.source;
      if (src.SubLink) {
        // SET (a, b) = (SELECT ...): one SQLite row-value assignment, emitted at the first column.
        const set = (col: string, e: Expr, node: Node) => assign(t, table, column(t, table, col, node), e, node);
        if (val.MultiAssignRef.colno === 1) parts.push(multiAssignSubquery(ctx, targets, rt0, set));
        continue;
      }
      if (!src.RowExpr)
        throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'SET (...) = (subquery) is not supported yet', rt0);
      val = src.RowExpr.args[val.MultiAssignRef.colno - 1];
    }
    checkIdentityUpdate(t, c, val, rt0);
    const sql = val.SetToDefault ? defaultSql(t, c) : assign(t, table, c, expr(ctx, val), val);
    parts.push(`${quoteIdent(c.name)} = ${sql}`);
  }
  return parts.join(', ');
}

export function translateUpdate(t: Translator, n: Node): DmlResult {
  const { table, alias, item } = target(t, n.relation);
  const w = dmlWith(t, n.withClause);
  const scope = new Scope(w.scope);
  const ctx: ExprCtx = { t, scope, aggs: false, clause: 'UPDATE' };
  const from = n.fromClause
    ? withoutTarget(n.fromClause, { table, alias }, () => fromClause(ctx, n.fromClause))
    : { sql: '', where: [] as string[] };
  scope.add(item);
  const where = [...from.where];
  if (n.whereClause) {
    if (n.whereClause.CurrentOfExpr)
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'WHERE CURRENT OF is not supported', n.whereClause);
    where.push(boolArg({ ...ctx, clause: 'WHERE' }, n.whereClause, 'WHERE').sql);
  }
  if (from.sql && (n.returningClause?.exprs ?? n.returningList)?.length)
    return updateFromReturning(t, n, { table, alias, item }, w, scope, from.sql, where);
  const sets = setList(t, ctx, table, n.targetList);
  let sql = `${w.sql}UPDATE ${quoteIdent(table.storageName)} AS ${quoteIdent(alias)} SET ${sets}`;
  if (from.sql) sql += ` FROM ${from.sql}`;
  if (where.length) sql += ` WHERE ${where.join(' AND ')}`;
  return withReturning(sql, returning(t, n, table, alias));
}

/** UPDATE ... FROM ... RETURNING: the FROM values come from a snapshot RETURNING can read (dml-snapshot.ts). */
function updateFromReturning(
  t: Translator,
  n: Node,
  tgt: { table: TableDef; alias: string; item: ScopeItem },
  w: { sql: string; scope?: Scope },
  scope: Scope,
  fromSql: string,
  where: string[],
): DmlResult {
  const { table, alias } = tgt;
  const snap = fromSnapshot(t, tgt, w.sql, scope, fromSql, where);
  const setScope = new Scope(w.scope);
  setScope.add(tgt.item);
  for (const i of snap.inStatement) setScope.add(i);
  const sets = setList(t, { t, scope: setScope, aggs: false, clause: 'UPDATE' }, table, n.targetList);
  const a = quoteIdent(alias);
  const sql = `${w.sql}UPDATE ${quoteIdent(table.storageName)} AS ${a} SET ${sets} FROM ${SNAPSHOT} AS "lumos_uf" WHERE ${a}.rowid = "lumos_uf"."rid"`;
  return withReturning(sql, returning(t, n, table, alias, snap.inReturning));
}

export function translateDelete(t: Translator, n: Node): DmlResult {
  const { table, alias, item } = target(t, n.relation);
  const w = dmlWith(t, n.withClause);
  const scope = new Scope(w.scope);
  scope.add(item);
  let where = '';
  if (n.usingClause) {
    // SQLite has no DELETE ... USING: the joined rows become an EXISTS condition (the target is the outer row).
    const inner = new Scope(w.scope);
    const ctx: ExprCtx = { t, scope: inner, aggs: false, clause: 'WHERE' };
    const from = withoutTarget(n.usingClause, { table, alias }, () => fromClause(ctx, n.usingClause));
    inner.add(item);
    const conds = [...from.where];
    if (n.whereClause) conds.push(boolArg(ctx, n.whereClause, 'WHERE').sql);
    if ((n.returningClause?.exprs ?? n.returningList)?.length) {
      // RETURNING may name the USING items: delete the snapshotted rows and read their values back from it.
      const snap = fromSnapshot(t, { table, alias, item }, w.sql, inner, from.sql, conds);
      const a = quoteIdent(alias);
      const sql = `${w.sql}DELETE FROM ${quoteIdent(table.storageName)} AS ${a} WHERE ${a}.rowid IN (SELECT "rid" FROM ${SNAPSHOT})`;
      return withReturning(sql, returning(t, n, table, alias, snap.inReturning));
    }
    where = ` WHERE EXISTS (SELECT 1 FROM ${from.sql}${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''})`;
  } else if (n.whereClause) {
    if (n.whereClause.CurrentOfExpr)
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'WHERE CURRENT OF is not supported', n.whereClause);
    where = ` WHERE ${boolArg({ t, scope, aggs: false, clause: 'WHERE' }, n.whereClause, 'WHERE').sql}`;
  }
  const sql = `${w.sql}DELETE FROM ${quoteIdent(table.storageName)} AS ${quoteIdent(alias)}${where}`;
  return withReturning(sql, returning(t, n, table, alias));
}

export { str };
