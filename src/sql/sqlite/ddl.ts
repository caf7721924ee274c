/**
 * DDL: CREATE/DROP TABLE, CREATE TABLE AS, TRUNCATE, CREATE/DROP INDEX, ALTER TABLE, VACUUM/ANALYZE.
 * The session's catalog is never changed here: each statement returns its catalog changes plus SQL that
 * persists them into `_lumos_catalog`, so the DDL and its catalog entry commit atomically.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import { persistTable, unpersistTable } from '../../catalog/catalog.js';
import type { CatalogObject, ColumnDef, ForeignKeyDef, IndexDef, TableDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import { checkExprText } from './check-text.js';
import { coerce, isInt } from './coerce.js';
import { likeColumns } from './ddl-constraint.js';
import { createTableForeignKeySql, foldConstraintAttrs, useTriggers } from './ddl-foreign-key.js';
import { schemaFor, storageNameFor } from './ddl-schema.js';
import { columnSequence } from './ddl-sequence.js';
import { defaultText } from './default-text.js';
import { boolArg, type ExprCtx, expr } from './expr.js';
import { lookupTable, tableColumns } from './from.js';
import { checkNoRecordColumns } from './record.js';
import { Scope } from './scope.js';
import { translateSelect } from './select.js';
import { quoteIdent, quoteString, sqliteColumnType, sqlLiteral } from './storage.js';
import type { CatalogChange } from './translation.js';
import { str, type Translator } from './translator.js';

export interface DdlResult {
  sql: string[];
  changes: CatalogChange[];
  tag: string;
  countIndex?: number;
  tagHasCount?: boolean;
  notices?: { code: string; message: string }[];
}

const SERIALS: Record<string, number> = {
  serial: OID.int4,
  serial4: OID.int4,
  bigserial: OID.int8,
  serial8: OID.int8,
  smallserial: OID.int2,
  serial2: OID.int2,
};

/** Persist (or delete) a table definition as literal SQL, to run in the DDL's transaction. */
export function persistSql(table: CatalogObject, remove = false): string {
  const p = remove ? unpersistTable(table) : persistTable(table);
  const parts = p.sql.split('?');
  return parts.reduce((acc, part, i) => acc + sqlLiteral(p.params[i - 1] as never) + part);
}

/** OIDs for new objects: past everything the catalog knows. */
class OidAllocator {
  private next: number;
  constructor(t: Translator) {
    let max = t.catalog.peekOid();
    for (const tb of t.catalog.all()) max = Math.max(max, tb.oid + 1, ...tb.indexes.map((i) => i.oid + 1));
    this.next = max;
  }
  take(): number {
    return this.next++;
  }
}

/** A new table definition with no columns yet, and the allocator its indexes and sequences take OIDs from. */
function emptyTable(t: Translator, schema: string, name: string): { oids: OidAllocator; table: TableDef } {
  const oids = new OidAllocator(t);
  const table: TableDef = {
    oid: oids.take(),
    schema,
    name,
    columns: [],
    indexes: [],
    storageName: storageNameFor(schema, name),
  };
  return { oids, table };
}

function relationExists(t: Translator, schema: string, name: string): boolean {
  if (t.catalog.relationIn(schema, name)) return true;
  return t.catalog.all().some((tb) => tb.schema === schema && tb.indexes.some((i) => i.name === name));
}

/** A DEFAULT expression translated for the column type, and its display text. */
export function defaultFor(
  t: Translator,
  ctx: ExprCtx,
  oid: number,
  typmod: number,
  raw: Node,
): { sql: string; text: string | undefined } {
  const e = coerce(t, expr(ctx, raw), oid, typmod, 'assignment', raw);
  return { sql: e.sql, text: defaultText(t, raw, oid) };
}

interface ColumnBuild {
  def: ColumnDef;
  sqlType: string;
  constraints: string[];
  /** SERIAL/IDENTITY: options of the sequence to create for it (see ddl-sequence.ts). */
  seqOptions?: Node[];
}

function columnDef(t: Translator, table: TableDef, cd: Node, attnum: number, ctx: ExprCtx): ColumnBuild {
  const tn = cd.typeName;
  const last = str(tn.names[tn.names.length - 1]);
  const serialType = tn.names.length === 1 ? SERIALS[last] : undefined;
  const { oid, typmod } = serialType ? { oid: serialType, typmod: -1 } : t.typeOid(tn);
  const def: ColumnDef = { name: cd.colname, typeOid: oid, typmod, notNull: !!cd.is_not_null, attnum };
  const constraints: string[] = [];
  let seqOptions: Node[] | undefined;
  if (serialType) {
    def.serial = true;
    def.notNull = true;
    seqOptions = [];
  }
  for (const c0 of foldConstraintAttrs(t, cd)) {
    const c = c0.Constraint;
    switch (c.contype) {
      case 'CONSTR_NOTNULL':
        def.notNull = true;
        break;
      case 'CONSTR_NULL':
        break;
      case 'CONSTR_DEFAULT': {
        const d = defaultFor(t, ctx, oid, typmod, c.raw_expr);
        def.defaultSql = d.sql;
        def.defaultExpr = d.text;
        break;
      }
      case 'CONSTR_IDENTITY':
        if (!isInt(oid)) throw t.error('22023', 'identity column type must be smallint, integer, or bigint', c0);
        if (seqOptions)
          throw t.error(
            SQLSTATE.SYNTAX_ERROR,
            `multiple identity specifications for column "${cd.colname}" of table "${table.name}"`,
            c0,
          );
        def.serial = true;
        def.notNull = true;
        def.identity = c.generated_when === 'a' ? 'a' : 'd';
        seqOptions = c.options ?? [];
        break;
      case 'CONSTR_PRIMARY':
      case 'CONSTR_UNIQUE':
      case 'CONSTR_CHECK':
      case 'CONSTR_FOREIGN':
        // Handled as table constraints (same semantics, one code path).
        break;
      default:
        throw t.error(
          SQLSTATE.FEATURE_NOT_SUPPORTED,
          `column constraint ${c.contype.slice(7)} is not supported yet`,
          c0,
        );
    }
  }
  return { def, sqlType: sqliteColumnType(oid), constraints, seqOptions };
}

/** SQLite DEFAULT clause for a translated default (only constants; others are applied by our INSERTs). */
function sqliteDefault(def: ColumnDef): string {
  const s = def.defaultSql;
  if (!s || def.serial) return '';
  if (s === '$__now') return " DEFAULT (CAST((julianday('now') - 2440587.5) * 86400000000 AS INTEGER))";
  if (s.includes('$__') || /\bselect\b/i.test(s)) return '';
  return ` DEFAULT (${s})`;
}

const FK_ACTIONS: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

export function createTable(t: Translator, n: Node): DdlResult {
  const rv = n.relation;
  const schema = schemaFor(t, rv);
  if (relationExists(t, schema, rv.relname)) {
    if (n.if_not_exists) return { sql: [], changes: [], tag: 'CREATE TABLE' };
    throw t.error(SQLSTATE.DUPLICATE_TABLE, `relation "${rv.relname}" already exists`, rv);
  }
  if (n.inhRelations?.length || n.partspec || n.partbound || n.ofTypename) {
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'inheritance, partitioning and typed tables are not supported', rv);
  }
  const { oids, table } = emptyTable(t, schema, rv.relname);
  const ctx: ExprCtx = { t, scope: new Scope(), aggs: false, clause: 'DEFAULT expressions' };
  const builds: ColumnBuild[] = [];
  const tableConstraints: { c: Node; column?: string }[] = [];
  for (const el of n.tableElts ?? []) {
    if (el.ColumnDef) {
      const cd = el.ColumnDef;
      if (builds.some((b) => b.def.name === cd.colname)) {
        throw t.error(SQLSTATE.DUPLICATE_COLUMN, `column "${cd.colname}" specified more than once`, el);
      }
      const b = columnDef(t, table, cd, builds.length + 1, ctx);
      builds.push(b);
      table.columns.push(b.def);
      for (const c of cd.constraints ?? []) {
        if (['CONSTR_PRIMARY', 'CONSTR_UNIQUE', 'CONSTR_CHECK', 'CONSTR_FOREIGN'].includes(c.Constraint.contype)) {
          tableConstraints.push({ c, column: cd.colname });
        }
      }
    } else if (el.Constraint) tableConstraints.push({ c: el });
    else if (el.TableLikeClause) {
      for (const col of likeColumns(t, el.TableLikeClause, builds.length)) {
        if (builds.some((b) => b.def.name === col.def.name))
          throw t.error(SQLSTATE.DUPLICATE_COLUMN, `column "${col.def.name}" specified more than once`, el);
        builds.push(col);
        table.columns.push(col.def);
      }
    } else
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `${Object.keys(el)[0]} in CREATE TABLE is not supported yet`, el);
  }
  const parts: string[] = [];
  const checkScope = new Scope();
  checkScope.add({ alias: table.name, columns: tableColumns(table), unqualified: true });
  const constraintSql = tableConstraints.map(({ c: c0, column }) => constraint(t, table, c0, column, checkScope, oids));
  // A single-column integer serial primary key becomes SQLite's rowid alias (fast lookups, auto values).
  const pk = table.indexes.find((i) => i.primary);
  if (pk && pk.columns.length === 1) {
    const col = table.columns.find((c) => c.name === pk.columns[0]) as ColumnDef;
    if (isInt(col.typeOid) && col.serial) {
      table.rowidColumn = col.name;
      pk.implicit = true;
    }
  }
  const seqSql: string[] = [];
  const changes: CatalogChange[] = [];
  const taken = new Set<string>();
  for (const b of builds) {
    if (!b.seqOptions) continue;
    const r = columnSequence(t, table, b.def, b.seqOptions, oids, taken);
    seqSql.push(...r.sql);
    changes.push({ op: 'upsert', table: r.seq });
  }
  for (const b of builds) {
    const d = b.def;
    if (d.name === table.rowidColumn) {
      parts.push(`${quoteIdent(d.name)} INTEGER PRIMARY KEY`);
      continue;
    }
    const notNull = d.notNull || table.indexes.some((i) => i.primary && i.columns.includes(d.name));
    d.notNull = notNull;
    parts.push(`${quoteIdent(d.name)} ${b.sqlType}${notNull ? ' NOT NULL' : ''}${sqliteDefault(d)}`);
  }
  for (const s of constraintSql)
    if (s && !(table.rowidColumn && s.endsWith(`PRIMARY KEY (${quoteIdent(table.rowidColumn)})`))) parts.push(s);
  const sql = [
    `CREATE TABLE ${quoteIdent(table.storageName)} (${parts.join(', ')})`,
    ...createTableForeignKeySql(t, table, n),
    persistSql(table),
    ...seqSql,
  ];
  return { sql, changes: [{ op: 'upsert', table }, ...changes], tag: 'CREATE TABLE' };
}

function constraint(
  t: Translator,
  table: TableDef,
  c0: Node,
  column: string | undefined,
  scope: Scope,
  oids: OidAllocator,
): string {
  const c = c0.Constraint;
  const keys: string[] = c.keys?.map(str) ?? (column ? [column] : []);
  for (const k of keys) {
    if (!table.columns.some((col) => col.name === k)) {
      throw t.error(SQLSTATE.UNDEFINED_COLUMN, `column "${k}" named in key does not exist`, c0);
    }
  }
  switch (c.contype) {
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE': {
      const primary = c.contype === 'CONSTR_PRIMARY';
      if (primary && table.indexes.some((i) => i.primary)) {
        throw t.error('42P16', `multiple primary keys for table "${table.name}" are not allowed`, c0);
      }
      const name: string = c.conname ?? (primary ? `${table.name}_pkey` : `${table.name}_${keys.join('_')}_key`);
      table.indexes.push({
        name,
        oid: oids.take(),
        columns: keys,
        unique: true,
        primary,
        constraint: true,
        implicit: true,
      });
      return `CONSTRAINT ${quoteIdent(name)} ${primary ? 'PRIMARY KEY' : 'UNIQUE'} (${keys.map(quoteIdent).join(', ')})`;
    }
    case 'CONSTR_CHECK': {
      const name: string =
        c.conname ?? `${table.name}_${column ?? checkColumns(c.raw_expr)[0] ?? ''}_check`.replace('__check', '_check');
      const e = boolArg({ t, scope, aggs: false, clause: 'check constraints' }, c.raw_expr, 'CHECK');
      if (table.checks?.some((x) => x.name === name) || table.indexes.some((i) => i.name === name))
        throw t.error('42710', `constraint "${name}" for relation "${table.name}" already exists`, c0);
      const text = checkExprText({ t, scope, aggs: false, clause: 'check constraints' }, c.raw_expr) ?? '';
      table.checks = [...(table.checks ?? []), { name, expr: text, columns: checkColumns(c.raw_expr) }];
      return `CONSTRAINT ${quoteIdent(name)} CHECK (${e.sql})`;
    }
    case 'CONSTR_FOREIGN': {
      const fkCols: string[] = c.fk_attrs?.map(str) ?? keys;
      const ref = c.pktable.relname === table.name && !c.pktable.schemaname ? table : lookupTable(t, c.pktable);
      let refCols: string[] | undefined = c.pk_attrs?.map(str);
      if (!refCols) {
        const pk = ref.indexes.find((i) => i.primary);
        if (!pk) throw t.error('42830', `there is no primary key for referenced table "${ref.name}"`, c0);
        refCols = pk.columns;
      }
      const want = [...refCols].sort().join(',');
      if (!ref.indexes.some((i) => i.unique && [...i.columns].sort().join(',') === want)) {
        throw t.error(
          '42830',
          `there is no unique constraint matching given keys for referenced table "${ref.name}"`,
          c0,
        );
      }
      const name: string = c.conname ?? `${table.name}_${fkCols.join('_')}_fkey`;
      const fk: ForeignKeyDef = {
        name,
        columns: fkCols,
        refTableOid: ref.oid,
        refColumns: refCols,
        onDelete: c.fk_del_action ?? 'a',
        onUpdate: c.fk_upd_action ?? 'a',
      };
      table.foreignKeys = [...(table.foreignKeys ?? []), fk];
      if (useTriggers(t, table, ref, c0, fk)) return '';
      let sql = `CONSTRAINT ${quoteIdent(name)} FOREIGN KEY (${fkCols.map(quoteIdent).join(', ')}) REFERENCES ${quoteIdent(ref.storageName)} (${refCols.map(quoteIdent).join(', ')})`;
      if (c.fk_del_action && c.fk_del_action !== 'a') sql += ` ON DELETE ${FK_ACTIONS[c.fk_del_action]}`;
      if (c.fk_upd_action && c.fk_upd_action !== 'a') sql += ` ON UPDATE ${FK_ACTIONS[c.fk_upd_action]}`;
      if (c.initdeferred) sql += ' DEFERRABLE INITIALLY DEFERRED';
      return sql;
    }
    default:
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `constraint ${c.contype.slice(7)} is not supported yet`, c0);
  }
}

export function checkColumns(n: Node): string[] {
  const out: string[] = [];
  const walk = (x: Node) => {
    if (!x || typeof x !== 'object') return;
    if (x.ColumnRef) out.push(str(x.ColumnRef.fields[x.ColumnRef.fields.length - 1]));
    for (const v of Object.values(x)) walk(v);
  };
  walk(n);
  return out;
}

export function createTableAs(t: Translator, n: Node): DdlResult {
  if (n.objtype !== 'OBJECT_TABLE')
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'materialized views are not supported yet', n);
  const rv = n.into.rel;
  const schema = schemaFor(t, rv);
  if (relationExists(t, schema, rv.relname)) {
    if (n.if_not_exists) return { sql: [], changes: [], tag: 'CREATE TABLE AS' };
    throw t.error(SQLSTATE.DUPLICATE_TABLE, `relation "${rv.relname}" already exists`, rv);
  }
  const names: string[] | undefined = n.into.colNames?.map(str);
  const r = translateSelect(t, n.query.SelectStmt, undefined, names);
  checkNoRecordColumns(t, r.columns, rv);
  const { table } = emptyTable(t, schema, rv.relname);
  r.columns.forEach((c, i) => {
    table.columns.push({ name: c.name, typeOid: c.type, typmod: c.typmod, notNull: false, attnum: i + 1 });
  });
  const cols = table.columns.map((c) => `${quoteIdent(c.name)} ${sqliteColumnType(c.typeOid)}`).join(', ');
  const sql = [`CREATE TABLE ${quoteIdent(table.storageName)} (${cols})`, persistSql(table)];
  if (n.into.skipData) return { sql, changes: [{ op: 'upsert', table }], tag: 'CREATE TABLE AS' };
  sql.push(`INSERT INTO ${quoteIdent(table.storageName)} ${r.sql}`);
  return { sql, changes: [{ op: 'upsert', table }], tag: 'SELECT', tagHasCount: true, countIndex: 2 };
}

export type { ColumnBuild, IndexDef };
export { columnDef, OidAllocator, quoteString, relationExists, sqliteDefault };
