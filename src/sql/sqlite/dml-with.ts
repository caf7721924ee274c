/** WITH on INSERT/UPDATE/DELETE, and UPDATE ... SET (a, b) = (SELECT ...). */
import { SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import { coerce, type Expr } from './coerce.js';
import { translateDelete, translateInsert, translateUpdate } from './dml.js';
import { type ExprCtx, expr } from './expr.js';
import { lookupTable, tableColumns } from './from.js';
import { Scope } from './scope.js';
import { translateSelect, withClause } from './select.js';
import { quoteIdent } from './storage.js';
import { str, type Translator } from './translator.js';

function dmlTarget(t: Translator, rv: Node) {
  const table = lookupTable(t, rv);
  return { table, alias: (rv.alias?.aliasname as string | undefined) ?? table.name };
}

/** The CTEs of a DML statement: a scope that sees them and the `WITH ...` prefix (SQLite accepts it on DML). */
export function dmlWith(t: Translator, w: Node | undefined): { scope?: Scope; sql: string } {
  if (!w) return { sql: '' };
  const scope = new Scope();
  return { scope, sql: withClause(t, w, scope) };
}

const COLS = Array.from({ length: 100 }, (_, i) => `__c${i + 1}`);

/**
 * `SET (a, b) = (SELECT x, y ...)` as one SQLite row-value assignment; `assign` applies each column's
 * assignment coercion. No row sets the columns to NULL, like PG.
 */
export function multiAssignSubquery(
  ctx: ExprCtx,
  targets: Node[],
  first: Node,
  assign: (column: string, e: Expr, node: Node) => string,
): string {
  const t = ctx.t;
  const m = first.ResTarget.val.MultiAssignRef;
  const start = targets.indexOf(first);
  const names: string[] = targets.slice(start, start + m.ncolumns).map((rt) => rt.ResTarget.name);
  const sub = translateSelect(t, m.source.SubLink.subselect.SelectStmt, ctx.scope, COLS);
  if (sub.columns.length !== names.length)
    throw t.error(SQLSTATE.SYNTAX_ERROR, 'number of columns does not match number of values', first);
  const vals = sub.columns.map((c, i) =>
    assign(names[i], { sql: quoteIdent(c.name), type: c.type, typmod: c.typmod }, first),
  );
  return `(${names.map(quoteIdent).join(', ')}) = (SELECT ${vals.join(', ')} FROM (${sub.sql}))`;
}

const pre = new WeakMap<Translator, string[]>();
const counters = new WeakMap<Translator, number>();

/** Statements that must run before the translated statement (data-modifying CTEs). */
export function preStatements(t: Translator): string[] {
  return pre.get(t) ?? [];
}

/** Adds a statement that runs before the translated statement. */
export function addPreStatement(t: Translator, sql: string): void {
  const list = pre.get(t) ?? [];
  pre.set(t, list);
  list.push(sql);
}

/**
 * `WITH x AS (INSERT/UPDATE/DELETE ... RETURNING ...)`. SQLite cannot use RETURNING rows as a table, so
 * the DML runs first (once, as in PG) with temporary triggers copying each affected row image into a temp
 * table, and the CTE becomes a SELECT of the RETURNING list over that table. Unlike PG, the main query
 * sees the effects of the CTE's statement.
 */
export function dataModifyingCte(t: Translator, cte: Node, scope: Scope): string {
  const kind = Object.keys(cte.ctequery)[0];
  const stmt = cte.ctequery[kind];
  const { table, alias } = dmlTarget(t, stmt.relation);
  const n = (counters.get(t) ?? 0) + 1;
  counters.set(t, n);
  const tmp = quoteIdent(`_lumos_dm_${n}`);
  const translated =
    kind === 'InsertStmt'
      ? translateInsert(t, { ...stmt, returningList: undefined, returningClause: undefined })
      : kind === 'UpdateStmt'
        ? translateUpdate(t, { ...stmt, returningList: undefined, returningClause: undefined })
        : translateDelete(t, { ...stmt, returningList: undefined, returningClause: undefined });
  const cols = table.columns.map((c) => quoteIdent(c.name));
  const events =
    kind === 'DeleteStmt'
      ? ['DELETE']
      : kind === 'UpdateStmt'
        ? ['UPDATE']
        : stmt.onConflictClause
          ? ['INSERT', 'UPDATE']
          : ['INSERT'];
  const rowRef = kind === 'DeleteStmt' ? 'OLD' : 'NEW';
  const trig = (e: string) => quoteIdent(`_lumos_dm_${n}_${e.toLowerCase()}`);
  const list = pre.get(t) ?? [];
  pre.set(t, list);
  list.push(
    ...events.map((e) => `DROP TRIGGER IF EXISTS temp.${trig(e)}`),
    `DROP TABLE IF EXISTS temp.${tmp}`,
    `CREATE TEMP TABLE ${tmp}(${cols.join(', ')})`,
    ...events.map(
      (e) =>
        `CREATE TEMP TRIGGER ${trig(e)} AFTER ${e} ON ${quoteIdent(table.storageName)} BEGIN INSERT INTO temp.${tmp} VALUES (${cols.map((c) => `${rowRef}.${c}`).join(', ')}); END`,
    ),
    translated.sql,
    ...events.map((e) => `DROP TRIGGER temp.${trig(e)}`),
  );
  // The RETURNING list over the captured row images.
  const rscope = new Scope(scope);
  rscope.add({ alias, columns: tableColumns(table) });
  const ctx: ExprCtx = { t, scope: rscope, aggs: false, clause: 'RETURNING' };
  const out: { name: string; e: Expr }[] = [];
  const returning: Node[] = stmt.returningClause?.exprs ?? stmt.returningList ?? [];
  for (const rt0 of returning) {
    const rt = rt0.ResTarget;
    if (rt.val.ColumnRef?.fields?.some((f: Node) => f.A_Star)) {
      for (const c of table.columns)
        out.push({ name: c.name, e: expr(ctx, { ColumnRef: { fields: [{ String: { sval: c.name } }] } }) });
      continue;
    }
    let e = expr(ctx, rt.val);
    if (e.type === OID.unknown) e = coerce(t, e, OID.text, -1, 'implicit', rt.val);
    out.push({ name: rt.name ?? e.name ?? '?column?', e });
  }
  const colnames: string[] = cte.aliascolnames?.map(str) ?? [];
  const names = out.map((o, i) => colnames[i] ?? o.name);
  scope.ctes.set(
    cte.ctename,
    out.map((o, i) => ({ name: names[i], type: o.e.type, typmod: o.e.typmod })),
  );
  if (!out.length) return `${quoteIdent(cte.ctename)}("?") AS (SELECT NULL WHERE 0)`;
  const sel = out.map((o, i) => `${o.e.sql} AS ${quoteIdent(names[i])}`).join(', ');
  return `${quoteIdent(cte.ctename)}(${names.map(quoteIdent).join(', ')}) AS (SELECT ${sel} FROM temp.${tmp} AS ${quoteIdent(alias)})`;
}
