/**
 * Views: CREATE [OR REPLACE] VIEW keeps the statement text in the catalog with the view's PG columns; every
 * use re-translates the query as a subquery in FROM (so SQLite never holds a view whose SQL could drift from
 * the catalog). Sequences used as relations (SELECT last_value FROM seq) are expanded here too.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import { SEQUENCE_TABLE } from '../../catalog/catalog.js';
import type { CatalogObject, ColumnDef, TableDef, ViewDef } from '../../catalog/types.js';
import { type Node, parseQuery } from '../parse.js';
import { type DdlResult, OidAllocator, persistSql } from './ddl.js';
import { dropRelationsSql } from './ddl-constraint.js';
import { schemaFor } from './ddl-schema.js';
import type { ExprCtx } from './expr.js';
import { checkNoRecordColumns } from './record.js';
import type { ScopeColumn } from './scope.js';
import { translateSelect } from './select.js';
import { quoteIdent } from './storage.js';
import type { CatalogChange } from './translation.js';
import { str, type Translator } from './translator.js';

/** The SELECT of a stored view (parse trees are cached by text). */
function viewQuery(v: ViewDef): Node {
  return parseQuery(v.query)[0].node.ViewStmt.query.SelectStmt;
}

/** Relations a query names (approximate: CTE names that shadow a relation also count). */
function referencedRelations(t: Translator, q: Node): number[] {
  const out = new Set<number>();
  const walk = (x: Node) => {
    if (!x || typeof x !== 'object') return;
    if (x.RangeVar) {
      const r = t.catalog.lookupRelation(x.RangeVar.relname, x.RangeVar.schemaname, t.opts.searchPath);
      if (r) out.add(r.oid);
    }
    for (const v of Object.values(x)) walk(v);
  };
  walk(q);
  return [...out];
}

export function createView(t: Translator, n: Node, text: string): DdlResult {
  const rv = n.view;
  if (n.withCheckOption && n.withCheckOption !== 'NO_CHECK_OPTION')
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'WITH CHECK OPTION is not supported yet', rv);
  if (rv.relpersistence === 't')
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'temporary views are not supported yet', rv);
  const schema = schemaFor(t, rv);
  const existing = t.catalog.relationIn(schema, rv.relname);
  if (existing && (!n.replace || existing.kind !== 'view')) {
    if (existing.kind !== 'view' && n.replace) throw t.error('42809', `"${rv.relname}" is not a view`, rv);
    throw t.error(SQLSTATE.DUPLICATE_TABLE, `relation "${rv.relname}" already exists`, rv);
  }
  const aliases: string[] = n.aliases?.map(str) ?? [];
  const r = translateSelect(t, n.query.SelectStmt);
  checkNoRecordColumns(t, r.columns, rv);
  if (aliases.length > r.columns.length)
    throw t.error(SQLSTATE.SYNTAX_ERROR, 'CREATE VIEW specifies more column names than columns', rv);
  const columns: ColumnDef[] = r.columns.map((c, i) => ({
    name: aliases[i] ?? c.name,
    typeOid: c.type === OID.unknown ? OID.text : c.type,
    typmod: c.typmod ?? -1,
    notNull: false,
    attnum: i + 1,
  }));
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) throw t.error(SQLSTATE.DUPLICATE_COLUMN, `column "${c.name}" specified more than once`, rv);
    seen.add(c.name);
  }
  if (existing?.kind === 'view') {
    if (columns.length < existing.columns.length) throw t.error('42P16', 'cannot drop columns from view');
    existing.columns.forEach((old, i) => {
      const c = columns[i];
      if (c.name !== old.name)
        throw t.error('42P16', `cannot change name of view column "${old.name}" to "${c.name}"`, undefined, {
          hint: 'Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.',
        });
      if (c.typeOid !== old.typeOid || c.typmod !== old.typmod)
        throw t.error(
          '42P16',
          `cannot change data type of view column "${c.name}" from ${t.typeName(old.typeOid)} to ${t.typeName(c.typeOid)}`,
        );
      c.comment = old.comment;
    });
  }
  const view: ViewDef = {
    kind: 'view',
    oid: existing?.oid ?? new OidAllocator(t).take(),
    schema,
    name: rv.relname,
    query: text,
    columns,
    dependsOn: referencedRelations(t, n.query),
    comment: existing?.comment,
  };
  return { sql: [persistSql(view)], changes: [{ op: 'upsert', table: view }], tag: 'CREATE VIEW' };
}

/** Objects that depend on `oid`: views reading it. */
export function dependentViews(t: Translator, oid: number): ViewDef[] {
  return t.catalog.views().filter((v) => v.dependsOn.includes(oid));
}

/** Every view depending (transitively) on one of `oids`, dependents after what they depend on. */
export function viewClosure(t: Translator, oids: number[]): ViewDef[] {
  const out: ViewDef[] = [];
  const seen = new Set(oids);
  const queue = [...oids];
  while (queue.length) {
    const o = queue.shift() as number;
    for (const v of dependentViews(t, o)) {
      if (seen.has(v.oid)) continue;
      seen.add(v.oid);
      out.push(v);
      queue.push(v.oid);
    }
  }
  return out;
}

const kindWord = (o: CatalogObject) => (o.kind === 'view' ? 'view' : o.kind === 'sequence' ? 'sequence' : 'table');

/** PG's 2BP01 for a RESTRICT drop with dependents. */
export function dependencyError(t: Translator, what: CatalogObject, deps: CatalogObject[]) {
  const name = (what as TableDef).name;
  return t.error('2BP01', `cannot drop ${kindWord(what)} ${name} because other objects depend on it`, undefined, {
    detail: deps.map((d) => `${kindWord(d)} ${(d as TableDef).name} depends on ${kindWord(what)} ${name}`).join('\n'),
    hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
  });
}

export function dropViews(t: Translator, n: Node): DdlResult {
  const targets: ViewDef[] = [];
  const notices: { code: string; message: string }[] = [];
  for (const obj of n.objects) {
    const names: string[] = obj.List.items.map(str);
    const r = t.catalog.lookupRelation(
      names[names.length - 1],
      names.length > 1 ? names[0] : undefined,
      t.opts.searchPath,
    );
    if (!r) {
      if (n.missing_ok) {
        notices.push({ code: '00000', message: `view "${names.join('.')}" does not exist, skipping` });
        continue;
      }
      throw t.error(SQLSTATE.UNDEFINED_TABLE, `view "${names.join('.')}" does not exist`);
    }
    if (r.kind !== 'view')
      throw t.error('42809', `"${r.name}" is not a view`, undefined, {
        hint: r.kind === 'sequence' ? 'Use DROP SEQUENCE to remove a sequence.' : 'Use DROP TABLE to remove a table.',
      });
    targets.push(r);
  }
  const closure = viewClosure(
    t,
    targets.map((v) => v.oid),
  ).filter((v) => !targets.some((x) => x.oid === v.oid));
  if (closure.length && n.behavior !== 'DROP_CASCADE') throw dependencyError(t, targets[0], closure);
  for (const v of closure) notices.push({ code: '00000', message: `drop cascades to view ${v.name}` });
  const r = dropRelationsSql(t, [...targets, ...closure]);
  return { sql: r.sql, changes: r.changes as CatalogChange[], tag: 'DROP VIEW', notices };
}

/**
 * A view or sequence named in FROM, as a subquery; undefined when `rv` names neither (from.ts then looks
 * for a table).
 */
export function relationFrom(
  ctx: ExprCtx,
  rv: Node,
  alias: string,
): { sql: string; columns: ScopeColumn[]; relOid?: number } | undefined {
  const t = ctx.t;
  const r = t.catalog.lookupRelation(rv.relname, rv.schemaname, t.opts.searchPath);
  if (!r?.kind || r.kind === 'table') return undefined;
  if (r.kind === 'sequence') {
    return {
      sql: `(SELECT last_value, 0 AS log_cnt, is_called FROM ${SEQUENCE_TABLE} WHERE oid = ${r.oid}) AS ${quoteIdent(alias)}`,
      columns: [
        { name: 'last_value', type: OID.int8, typmod: -1, tableOid: r.oid, attnum: 1 },
        { name: 'log_cnt', type: OID.int8, typmod: -1, tableOid: r.oid, attnum: 2 },
        { name: 'is_called', type: OID.bool, typmod: -1, tableOid: r.oid, attnum: 3 },
      ],
    };
  }
  const view = r as ViewDef;
  const q = translateSelect(
    t,
    viewQuery(view),
    undefined,
    view.columns.map((c) => c.name),
  );
  return {
    sql: `(${q.sql}) AS ${quoteIdent(alias)}`,
    // A whole-row reference to a view is of the view's row type (record.ts).
    relOid: r.oid,
    columns: r.columns.map((c) => ({
      name: c.name,
      type: c.typeOid,
      typmod: c.typmod,
      tableOid: r.oid,
      attnum: c.attnum,
    })),
  };
}
