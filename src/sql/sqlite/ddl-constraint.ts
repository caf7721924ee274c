/**
 * ALTER TABLE work SQLite cannot do in place, done without rebuilding the table (a rebuild would lose the
 * rowids and fight SQLite's foreign keys inside a transaction):
 * - CHECK constraints added later are a BEFORE INSERT/UPDATE trigger pair calling lumos_check_violation;
 * - ALTER COLUMN TYPE converts in place when the SQLite storage class stays, else recreates the column
 *   (add, copy converted, drop, rename: our catalog, not SQLite, fixes the column order);
 * - DROP NOT NULL on a column SQLite itself declares NOT NULL recreates the column the same way;
 * - DROP CONSTRAINT, CREATE TABLE (LIKE ...), and dropping a set of relations with their owned sequences.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import type { CatalogObject, ColumnDef, TableDef } from '../../catalog/types.js';
import { type Node, parseQuery } from '../parse.js';
import { checkExprText } from './check-text.js';
import { coerce } from './coerce.js';
import type { ColumnBuild, DdlResult } from './ddl.js';
import { checkColumns, persistSql } from './ddl.js';
import { dropForeignKeyTriggers, foreignKeysOfDropped } from './ddl-foreign-key.js';
import { dropOwnedSql, ownedSequences } from './ddl-sequence.js';
import { dependentViews } from './ddl-view.js';
import { boolArg, type ExprCtx, expr } from './expr.js';
import { tableColumns } from './from.js';
import { Scope } from './scope.js';
import { quoteIdent, quoteString, sqliteColumnType } from './storage.js';
import type { CatalogChange } from './translation.js';
import type { Translator } from './translator.js';

/** CREATE TABLE (LIKE src): the columns with types and NOT NULL (defaults only with INCLUDING DEFAULTS). */
export function likeColumns(t: Translator, like: Node, offset: number): ColumnBuild[] {
  const rv = like.relation;
  const src = t.catalog.lookupRelation(rv.relname, rv.schemaname, t.opts.searchPath);
  if (!src) throw t.error(SQLSTATE.UNDEFINED_TABLE, `relation "${rv.relname}" does not exist`, rv);
  if (src.kind === 'sequence') throw t.error('42809', `"${src.name}" is not a table`, rv);
  const opts: number = like.options ?? 0;
  const defaults = (opts & (1 << 3)) !== 0; // CREATE_TABLE_LIKE_DEFAULTS
  return src.columns.map((c, i) => {
    const def: ColumnDef = {
      name: c.name,
      typeOid: c.typeOid,
      typmod: c.typmod,
      notNull: c.notNull,
      attnum: offset + i + 1,
    };
    // Identity and serial sequences are not copied (PG copies identity only with INCLUDING IDENTITY).
    if (defaults && c.defaultSql && !c.serial) {
      def.defaultSql = c.defaultSql;
      def.defaultExpr = c.defaultExpr;
    }
    return { def, sqlType: sqliteColumnType(c.typeOid), constraints: [] };
  });
}

/** SQL and catalog changes dropping relations (views, tables with their owned sequences, sequences). */
export function dropRelationsSql(t: Translator, objs: CatalogObject[]): { sql: string[]; changes: CatalogChange[] } {
  const sql: string[] = [];
  const changes: CatalogChange[] = [];
  const tables = objs.filter((o): o is TableDef => !o.kind || o.kind === 'table');
  // Children (tables with foreign keys) first, so SQLite's implicit DELETE on the parents finds no references.
  tables.sort((a, b) => (b.foreignKeys?.length ?? 0) - (a.foreignKeys?.length ?? 0));
  for (const o of objs) {
    if (o.kind === 'view') {
      sql.push(persistSql(o, true));
      changes.push({ op: 'remove', table: o });
    } else if (o.kind === 'sequence') {
      sql.push(...dropOwnedSql(o));
      changes.push({ op: 'remove', table: o });
    }
  }
  const fks = foreignKeysOfDropped(t, tables);
  sql.push(...fks.sql);
  for (const table of fks.changed) {
    sql.push(persistSql(table));
    changes.push({ op: 'upsert', table });
  }
  for (const table of tables) {
    sql.push(`DROP TABLE ${quoteIdent(table.storageName)}`, persistSql(table, true));
    changes.push({ op: 'remove', table });
    for (const seq of ownedSequences(t, table)) {
      if (objs.some((o) => o.oid === seq.oid)) continue;
      sql.push(...dropOwnedSql(seq));
      changes.push({ op: 'remove', table: seq });
    }
  }
  return { sql, changes };
}

function triggerName(table: TableDef, name: string): string {
  return `_lumos_check_${table.storageName}_${name}`;
}

/** ALTER TABLE ADD CHECK: validate existing rows, then enforce with triggers. */
export function addCheck(t: Translator, table: TableDef, c0: Node, column?: string): string[] {
  const c = c0.Constraint;
  const name: string = c.conname ?? `${table.name}_${column ?? firstColumn(c.raw_expr) ?? ''}_check`.replace('__', '_');
  if (table.checks?.some((x) => x.name === name) || table.indexes.some((i) => i.name === name))
    throw t.error('42710', `constraint "${name}" for relation "${table.name}" already exists`, c0);
  const rowScope = new Scope();
  rowScope.add({ alias: table.name, columns: tableColumns(table), unqualified: true });
  const onRow = boolArg({ t, scope: rowScope, aggs: false, clause: 'check constraints' }, c.raw_expr, 'CHECK').sql;
  const newScope = new Scope();
  newScope.add({ alias: 'NEW', columns: tableColumns(table) });
  const onNew = boolArg({ t, scope: newScope, aggs: false, clause: 'check constraints' }, c.raw_expr, 'CHECK').sql;
  if (onNew.includes('$__'))
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'this CHECK expression cannot be added to an existing table', c0);
  const trig = triggerName(table, name);
  const store = quoteIdent(table.storageName);
  const call = `SELECT lumos_check_violation(${quoteString(name)}, ${quoteString(table.name)})`;
  const text = checkExprText({ t, scope: rowScope, aggs: false, clause: 'check constraints' }, c.raw_expr) ?? '';
  table.checks = [...(table.checks ?? []), { name, expr: text, columns: checkColumns(c.raw_expr), trigger: trig }];
  const sql: string[] = [];
  if (!c.skip_validation)
    sql.push(
      `SELECT lumos_check_existing(${quoteString(name)}, ${quoteString(table.name)}) FROM ${store} WHERE NOT (${onRow}) LIMIT 1`,
    );
  sql.push(
    `CREATE TRIGGER ${quoteIdent(`${trig}_i`)} BEFORE INSERT ON ${store} WHEN NOT (${onNew}) BEGIN ${call}; END`,
    `CREATE TRIGGER ${quoteIdent(`${trig}_u`)} BEFORE UPDATE ON ${store} WHEN NOT (${onNew}) BEGIN ${call}; END`,
  );
  return sql;
}

function firstColumn(n: Node): string | undefined {
  let out: string | undefined;
  const walk = (x: Node) => {
    if (out || !x || typeof x !== 'object') return;
    if (x.ColumnRef) {
      const f = x.ColumnRef.fields;
      out = f[f.length - 1]?.String?.sval;
      return;
    }
    for (const v of Object.values(x)) walk(v);
  };
  walk(n);
  return out;
}

/** ALTER TABLE DROP CONSTRAINT. Returns SQL, or notices when IF EXISTS skipped it. */
export function dropConstraint(t: Translator, table: TableDef, cmd: Node, notices: DdlResult['notices']): string[] {
  const name: string = cmd.name;
  const check = table.checks?.find((c) => c.name === name);
  if (check) {
    if (!check.trigger)
      throw t.error(
        SQLSTATE.FEATURE_NOT_SUPPORTED,
        `dropping constraint "${name}" defined in CREATE TABLE is not supported yet`,
      );
    table.checks = table.checks?.filter((c) => c !== check);
    return [`DROP TRIGGER ${quoteIdent(`${check.trigger}_i`)}`, `DROP TRIGGER ${quoteIdent(`${check.trigger}_u`)}`];
  }
  const idx = table.indexes.find((i) => i.constraint && i.name === name);
  if (idx) {
    if (idx.implicit)
      throw t.error(
        SQLSTATE.FEATURE_NOT_SUPPORTED,
        `dropping constraint "${name}" defined in CREATE TABLE is not supported yet`,
      );
    const referenced = t.catalog
      .all()
      .some((o) => o.foreignKeys?.some((fk) => fk.refTableOid === table.oid && sameCols(fk.refColumns, idx.columns)));
    if (referenced)
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `constraint "${name}" is referenced by a foreign key`);
    table.indexes = table.indexes.filter((i) => i !== idx);
    return [`DROP INDEX ${quoteIdent(idx.storageName ?? idx.name)}`];
  }
  const fk = table.foreignKeys?.find((f) => f.name === name);
  if (fk) {
    if (!fk.trigger)
      throw t.error(
        SQLSTATE.FEATURE_NOT_SUPPORTED,
        `dropping foreign key constraint "${name}" is not supported yet (DEFERRABLE or on a temporary table)`,
      );
    table.foreignKeys = table.foreignKeys?.filter((f) => f !== fk);
    return dropForeignKeyTriggers(fk);
  }
  if (cmd.missing_ok) {
    notices?.push({
      code: '00000',
      message: `constraint "${name}" of relation "${table.name}" does not exist, skipping`,
    });
    return [];
  }
  throw t.error(SQLSTATE.UNDEFINED_OBJECT, `constraint "${name}" of relation "${table.name}" does not exist`);
}

const sameCols = (a: string[], b: string[]) => [...a].sort().join(',') === [...b].sort().join(',');

/** Is the column part of something SQLite would refuse to drop it for? */
function columnPinned(table: TableDef, col: string): boolean {
  return (
    table.indexes.some((i) => i.columns.includes(col) || i.columns.includes('expr')) ||
    !!table.foreignKeys?.some((fk) => fk.columns.includes(col)) ||
    !!table.checks?.length ||
    table.rowidColumn === col
  );
}

/** Recreate a column with a new SQLite type / without SQLite's NOT NULL, copying `conv` into it. */
function recreateColumn(t: Translator, table: TableDef, col: ColumnDef, sqlType: string, conv: string): string[] {
  if (columnPinned(table, col.name))
    throw t.error(
      SQLSTATE.FEATURE_NOT_SUPPORTED,
      `changing column "${col.name}" of a table with indexes or constraints on it is not supported yet`,
    );
  const store = quoteIdent(table.storageName);
  const tmp = quoteIdent(`__lumos_new_${col.name}`);
  if (col.notNull) col.notNullUnenforced = true;
  return [
    `ALTER TABLE ${store} ADD COLUMN ${tmp} ${sqlType}`,
    `UPDATE ${store} SET ${tmp} = ${conv}`,
    `ALTER TABLE ${store} DROP COLUMN ${quoteIdent(col.name)}`,
    `ALTER TABLE ${store} RENAME COLUMN ${tmp} TO ${quoteIdent(col.name)}`,
  ];
}

/** ALTER COLUMN ... TYPE t [USING expr]. */
export function alterColumnType(t: Translator, table: TableDef, cmd: Node): string[] {
  const col = table.columns.find((c) => c.name === cmd.name);
  if (!col) throw t.error(SQLSTATE.UNDEFINED_COLUMN, `column "${cmd.name}" of relation "${table.name}" does not exist`);
  const cd = cmd.def.ColumnDef;
  const { oid, typmod } = t.typeOid(cd.typeName);
  // A view's stored column types would go stale: PG refuses too (0A000).
  const user = dependentViews(t, table.oid).find((v) => viewUsesColumn(v.query, col.name));
  if (user)
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'cannot alter type of a column used by a view or rule', undefined, {
      detail: `rule _RETURN on view ${user.name} depends on column "${col.name}"`,
    });
  const scope = new Scope();
  scope.add({ alias: table.name, columns: tableColumns(table), unqualified: true });
  const ctx: ExprCtx = { t, scope, aggs: false, clause: 'transform expressions' };
  const colExpr = { sql: quoteIdent(col.name), type: col.typeOid, typmod: col.typmod };
  let conv: string;
  try {
    conv = cd.raw_default
      ? coerce(t, expr(ctx, cd.raw_default), oid, typmod, 'assignment', cd.raw_default).sql
      : coerce(t, colExpr, oid, typmod, 'assignment', cmd).sql;
  } catch (e) {
    if (cd.raw_default) throw e;
    const tn = t.typeName(oid);
    throw t.error('42804', `column "${col.name}" cannot be cast automatically to type ${tn}`, undefined, {
      hint: `You might need to specify "USING ${col.name}::${tn}".`,
    });
  }
  const sameClass = sqliteColumnType(oid) === sqliteColumnType(col.typeOid);
  const sql: string[] = [];
  if (col.defaultSql && !col.serial) {
    col.defaultSql = coerce(
      t,
      { sql: col.defaultSql, type: col.typeOid, typmod: col.typmod },
      oid,
      typmod,
      'assignment',
      cmd,
    ).sql;
  }
  if (sameClass) {
    if (conv !== quoteIdent(col.name))
      sql.push(`UPDATE ${quoteIdent(table.storageName)} SET ${quoteIdent(col.name)} = ${conv}`);
  } else {
    sql.push(...recreateColumn(t, table, col, sqliteColumnType(oid), conv));
  }
  col.typeOid = oid;
  col.typmod = typmod;
  return sql;
}

/** Does a view's query name the column (or use `*`)? Conservative: any table's column of that name counts. */
function viewUsesColumn(query: string, col: string): boolean {
  let found = false;
  const walk = (x: Node) => {
    if (found || !x || typeof x !== 'object') return;
    if (x.ColumnRef) {
      const last = x.ColumnRef.fields[x.ColumnRef.fields.length - 1];
      if (last?.A_Star || last?.String?.sval === col) found = true;
      return;
    }
    for (const v of Object.values(x)) walk(v);
  };
  walk(parseQuery(query)[0]?.node);
  return found;
}

/** DROP NOT NULL on a column whose NOT NULL SQLite enforces itself. */
export function dropSqliteNotNull(t: Translator, table: TableDef, col: ColumnDef): string[] {
  if (table.indexes.some((i) => i.primary && i.columns.includes(col.name)))
    throw t.error('42P16', `column "${col.name}" is in a primary key`);
  const sql = recreateColumn(t, table, col, sqliteColumnType(col.typeOid), quoteIdent(col.name));
  col.notNull = false;
  col.notNullUnenforced = undefined;
  return sql;
}
