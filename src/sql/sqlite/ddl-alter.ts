/** DROP TABLE/INDEX, TRUNCATE, CREATE INDEX, ALTER TABLE, RENAME, VACUUM/ANALYZE. */
import { SQLSTATE } from '../../../protocol/errors.js';
import type { IndexDef, TableDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import {
  columnDef,
  type DdlResult,
  defaultFor,
  OidAllocator,
  persistSql,
  relationExists,
  sqliteDefault,
} from './ddl.js';
import { addCheck, alterColumnType, dropConstraint, dropRelationsSql, dropSqliteNotNull } from './ddl-constraint.js';
import { addForeignKey, dropForeignKeyTriggers, foldConstraintAttrs } from './ddl-foreign-key.js';
import { dropSchemas } from './ddl-schema.js';
import { dropSequences, restartIdentitySql } from './ddl-sequence.js';
import { dependencyError, dropViews, viewClosure } from './ddl-view.js';
import { type ExprCtx, expr } from './expr.js';
import { lookupTable, tableColumns } from './from.js';
import { Scope } from './scope.js';
import { quoteIdent, quoteString } from './storage.js';
import type { CatalogChange } from './translation.js';
import { str, type Translator } from './translator.js';

const copy = (t: TableDef): TableDef => structuredClone(t);

function rangeVarOf(names: string[], location?: number): Node {
  const relname = names[names.length - 1];
  const schemaname = names.length > 1 ? names[names.length - 2] : undefined;
  return { relname, schemaname, location };
}

export function dropStmt(t: Translator, n: Node): DdlResult {
  if (n.removeType === 'OBJECT_INDEX') return dropIndex(t, n);
  if (n.removeType === 'OBJECT_SEQUENCE') return dropSequences(t, n);
  if (n.removeType === 'OBJECT_VIEW') return dropViews(t, n);
  if (n.removeType === 'OBJECT_SCHEMA') return dropSchemas(t, n);
  if (n.removeType !== 'OBJECT_TABLE') {
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `DROP ${n.removeType.slice(7)} is not supported yet`, n);
  }
  const tables: TableDef[] = [];
  const notices: { code: string; message: string }[] = [];
  for (const obj of n.objects) {
    const names: string[] = obj.List.items.map(str);
    const rv = rangeVarOf(names);
    const rel = t.catalog.lookupRelation(rv.relname, rv.schemaname, t.opts.searchPath);
    if (rel?.kind)
      throw t.error('42809', `"${rel.name}" is not a table`, undefined, {
        hint: `Use DROP ${rel.kind.toUpperCase()} to remove a ${rel.kind}.`,
      });
    const table = rel as TableDef | undefined;
    if (!table) {
      if (n.missing_ok) {
        notices.push({ code: '00000', message: `table "${names.join('.')}" does not exist, skipping` });
        continue;
      }
      throw t.error(SQLSTATE.UNDEFINED_TABLE, `table "${names.join('.')}" does not exist`);
    }
    tables.push(table);
  }
  const dropping = new Set(tables.map((x) => x.oid));
  for (const table of tables) {
    const dependents = t.catalog
      .all()
      .filter((o) => !dropping.has(o.oid) && o.foreignKeys?.some((fk) => fk.refTableOid === table.oid));
    if (dependents.length && n.behavior !== 'DROP_CASCADE') {
      const fk = dependents[0].foreignKeys?.find((f) => f.refTableOid === table.oid);
      throw t.error('2BP01', `cannot drop table ${table.name} because other objects depend on it`, undefined, {
        detail: `constraint ${fk?.name} on table ${dependents[0].name} depends on table ${table.name}`,
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      });
    }
  }
  const views = viewClosure(
    t,
    tables.map((x) => x.oid),
  );
  if (views.length && n.behavior !== 'DROP_CASCADE') throw dependencyError(t, tables[0], views);
  for (const v of views) notices.push({ code: '00000', message: `drop cascades to view ${v.name}` });
  const r = dropRelationsSql(t, [...views, ...tables]);
  return { sql: r.sql, changes: r.changes, tag: 'DROP TABLE', notices };
}

function findIndex(t: Translator, name: string, schema?: string): { table: TableDef; index: IndexDef } | undefined {
  for (const table of t.catalog.all()) {
    if (schema ? table.schema !== schema : !t.opts.searchPath.includes(table.schema)) continue;
    const index = table.indexes.find((i) => i.name === name);
    if (index) return { table, index };
  }
  return undefined;
}

function dropIndex(t: Translator, n: Node): DdlResult {
  const sql: string[] = [];
  const changed = new Map<number, TableDef>();
  for (const obj of n.objects) {
    const names: string[] = obj.List.items.map(str);
    const found = findIndex(t, names[names.length - 1], names.length > 1 ? names[names.length - 2] : undefined);
    if (!found) {
      if (n.missing_ok) continue;
      throw t.error(SQLSTATE.UNDEFINED_OBJECT, `index "${names.join('.')}" does not exist`);
    }
    const { table, index } = found;
    if (index.constraint) {
      throw t.error(
        '2BP01',
        `cannot drop index ${index.name} because constraint ${index.name} on table ${table.name} requires it`,
        undefined,
        {
          hint: `You can drop constraint ${index.name} on table ${table.name} instead.`,
        },
      );
    }
    const tb = changed.get(table.oid) ?? copy(table);
    tb.indexes = tb.indexes.filter((i) => i.name !== index.name);
    changed.set(tb.oid, tb);
    sql.push(`DROP INDEX ${quoteIdent(index.name)}`);
  }
  for (const tb of changed.values()) sql.push(persistSql(tb));
  return { sql, changes: [...changed.values()].map((table) => ({ op: 'upsert', table })), tag: 'DROP INDEX' };
}

/**
 * TRUNCATE as PG: a table referenced by a foreign key of a table not being truncated is refused (0A000) unless
 * CASCADE adds the referencing tables; rows are deleted referencing tables first, so actions only reach tables
 * being emptied (self-references, cycles) and foreign key checks, deferred to the end, find no row left.
 */
export function truncate(t: Translator, n: Node): DdlResult {
  const targets: TableDef[] = n.relations.map((r: Node) => lookupTable(t, r.RangeVar));
  const set = new Map<number, TableDef>(targets.map((tb) => [tb.oid, tb]));
  const all = t.catalog.all();
  const referencing = (oid: number) => all.filter((c) => c.foreignKeys?.some((fk) => fk.refTableOid === oid));
  const notices: { code: string; message: string }[] = [];
  if (n.behavior === 'DROP_CASCADE') {
    const queue = [...targets];
    for (let tb = queue.shift(); tb; tb = queue.shift()) {
      for (const c of referencing(tb.oid)) {
        if (set.has(c.oid)) continue;
        set.set(c.oid, c);
        queue.push(c);
        notices.push({ code: '00000', message: `truncate cascades to table "${c.name}"` });
      }
    }
  } else {
    for (const tb of set.values()) {
      const outside = referencing(tb.oid).find((c) => !set.has(c.oid));
      if (outside) {
        throw t.error(
          SQLSTATE.FEATURE_NOT_SUPPORTED,
          'cannot truncate a table referenced in a foreign key constraint',
          undefined,
          {
            detail: `Table "${outside.name}" references "${tb.name}".`,
            hint: `Truncate table "${outside.name}" at the same time, or use TRUNCATE ... CASCADE.`,
          },
        );
      }
    }
  }
  const sql = referencingFirst([...set.values()]).map((tb) => `DELETE FROM ${quoteIdent(tb.storageName)}`);
  if (n.restart_seqs) for (const tb of set.values()) sql.push(...restartIdentitySql(t, tb));
  return { sql, changes: [], tag: 'TRUNCATE TABLE', notices: notices.length ? notices : undefined };
}

/** Tables ordered so that a table comes before every other table it references (cycles keep their order). */
function referencingFirst(tables: TableDef[]): TableDef[] {
  const left = [...tables];
  const out: TableDef[] = [];
  while (left.length) {
    // Next: a table no other remaining table references.
    const i = left.findIndex((tb) =>
      left.every((o) => o === tb || !o.foreignKeys?.some((fk) => fk.refTableOid === tb.oid)),
    );
    out.push(...left.splice(Math.max(i, 0), 1));
  }
  return out;
}

function unqualifiedScope(table: TableDef): Scope {
  const s = new Scope();
  s.add({ alias: table.name, columns: tableColumns(table), unqualified: true });
  return s;
}

export function createIndex(t: Translator, n: Node): DdlResult {
  const table = copy(lookupTable(t, n.relation));
  const ctx: ExprCtx = { t, scope: unqualifiedScope(table), aggs: false, clause: 'index expressions' };
  const cols: string[] = [];
  const parts = n.indexParams.map((p: Node) => {
    const ie = p.IndexElem;
    let sql: string;
    if (ie.name) {
      if (!table.columns.some((c) => c.name === ie.name)) {
        throw t.error(SQLSTATE.UNDEFINED_COLUMN, `column "${ie.name}" does not exist`, n.relation);
      }
      sql = quoteIdent(ie.name);
      cols.push(ie.name);
    } else {
      const e = expr(ctx, ie.expr);
      sql = `(${e.sql})`;
      cols.push(e.name ?? 'expr');
    }
    const desc = ie.ordering === 'SORTBY_DESC';
    return `${sql}${desc ? ' DESC' : ''}`;
  });
  const name: string =
    n.idxname ?? uniqueIndexName(t, table, `${table.name}_${cols.join('_')}_${n.unique ? 'key' : 'idx'}`);
  if (relationExists(t, table.schema, name)) {
    if (n.if_not_exists) return { sql: [], changes: [], tag: 'CREATE INDEX' };
    throw t.error(SQLSTATE.DUPLICATE_TABLE, `relation "${name}" already exists`);
  }
  let where = '';
  if (n.whereClause) where = ` WHERE ${expr(ctx, n.whereClause).sql}`;
  const oids = new OidAllocator(t);
  table.indexes.push({ name, oid: oids.take(), columns: cols, unique: !!n.unique, primary: false });
  return {
    sql: [
      `CREATE ${n.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(name)} ON ${quoteIdent(table.storageName)} (${parts.join(', ')})${where}`,
      persistSql(table),
    ],
    changes: [{ op: 'upsert', table }],
    tag: 'CREATE INDEX',
  };
}

function uniqueIndexName(t: Translator, table: TableDef, base: string): string {
  let name = base;
  for (let i = 1; relationExists(t, table.schema, name); i++) name = `${base}${i}`;
  return name;
}

export function alterTable(t: Translator, n: Node): DdlResult {
  if (n.objtype !== 'OBJECT_TABLE')
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `ALTER ${n.objtype.slice(7)} is not supported yet`, n);
  const existing = t.catalog.lookup(n.relation.relname, n.relation.schemaname, t.opts.searchPath);
  if (!existing) {
    if (n.missing_ok) return { sql: [], changes: [], tag: 'ALTER TABLE' };
    lookupTable(t, n.relation);
  }
  const table = copy(existing as TableDef);
  const sql: string[] = [];
  const store = quoteIdent(table.storageName);
  const oids = new OidAllocator(t);
  const notices: { code: string; message: string }[] = [];
  for (const cmd0 of n.cmds) {
    const cmd = cmd0.AlterTableCmd;
    switch (cmd.subtype) {
      case 'AT_AddColumn': {
        const cd = cmd.def.ColumnDef;
        if (table.columns.some((c) => c.name === cd.colname)) {
          if (cmd.missing_ok) continue;
          throw t.error(
            SQLSTATE.DUPLICATE_COLUMN,
            `column "${cd.colname}" of relation "${table.name}" already exists`,
            cmd.def,
          );
        }
        const later: Node[] = foldConstraintAttrs(t, cd).filter((c: Node) =>
          ['CONSTR_UNIQUE', 'CONSTR_PRIMARY', 'CONSTR_CHECK', 'CONSTR_FOREIGN'].includes(c.Constraint.contype),
        );
        cd.constraints = cd.constraints?.filter((c: Node) => !later.includes(c));
        if (
          cd.constraints?.some(
            (c: Node) =>
              c.Constraint.contype !== 'CONSTR_NOTNULL' &&
              c.Constraint.contype !== 'CONSTR_DEFAULT' &&
              c.Constraint.contype !== 'CONSTR_NULL',
          )
        ) {
          throw t.error(
            SQLSTATE.FEATURE_NOT_SUPPORTED,
            'ADD COLUMN with constraints other than NOT NULL/DEFAULT is not supported yet',
            cmd.def,
          );
        }
        const attnum = Math.max(0, ...table.columns.map((c) => c.attnum)) + 1;
        const ctx: ExprCtx = { t, scope: new Scope(), aggs: false, clause: 'DEFAULT expressions' };
        const b = columnDef(t, table, cd, attnum, ctx);
        const constDefault = sqliteDefault(b.def);
        const d = b.def;
        if (d.serial)
          throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'ADD COLUMN of serial type is not supported yet', cmd.def);
        // SQLite refuses NOT NULL without a constant default: enforce it in our DML instead.
        const sqliteNotNull = d.notNull && !!constDefault && !constDefault.includes('julianday');
        if (d.notNull && !sqliteNotNull) d.notNullUnenforced = true;
        sql.push(
          `ALTER TABLE ${store} ADD COLUMN ${quoteIdent(d.name)} ${b.sqlType}${sqliteNotNull ? ' NOT NULL' : ''}${constDefault}`,
        );
        if (d.defaultSql && !constDefault) sql.push(`UPDATE ${store} SET ${quoteIdent(d.name)} = ${d.defaultSql}`);
        if (d.notNullUnenforced) sql.push(nullCheck(table, d.name));
        table.columns.push(d);
        for (const c of later) {
          if (c.Constraint.contype === 'CONSTR_CHECK') sql.push(...addCheck(t, table, c, d.name));
          else if (c.Constraint.contype === 'CONSTR_FOREIGN') sql.push(...addForeignKey(t, table, c, d.name));
          else sql.push(...addKey(t, table, { ...c.Constraint, keys: [{ String: { sval: d.name } }] }, c, oids));
        }
        break;
      }
      case 'AT_DropColumn': {
        const col = table.columns.find((c) => c.name === cmd.name);
        if (!col) {
          if (cmd.missing_ok) continue;
          throw t.error(SQLSTATE.UNDEFINED_COLUMN, `column "${cmd.name}" of relation "${table.name}" does not exist`);
        }
        for (const idx of table.indexes.filter((i) => i.columns.includes(col.name))) {
          if (idx.implicit)
            throw t.error(
              SQLSTATE.FEATURE_NOT_SUPPORTED,
              `dropping a column of constraint ${idx.name} is not supported yet`,
            );
          sql.push(`DROP INDEX ${quoteIdent(idx.name)}`);
        }
        table.indexes = table.indexes.filter((i) => !i.columns.includes(col.name));
        // PG drops the column's own foreign keys with it (SQLite would refuse: its triggers name the column).
        for (const fk of table.foreignKeys?.filter((f) => f.trigger && f.columns.includes(col.name)) ?? [])
          sql.push(...dropForeignKeyTriggers(fk));
        table.foreignKeys = table.foreignKeys?.filter((f) => !f.trigger || !f.columns.includes(col.name));
        sql.push(`ALTER TABLE ${store} DROP COLUMN ${quoteIdent(col.name)}`);
        table.columns = table.columns.filter((c) => c !== col);
        break;
      }
      case 'AT_ColumnDefault': {
        const col = table.columns.find((c) => c.name === cmd.name);
        if (!col)
          throw t.error(SQLSTATE.UNDEFINED_COLUMN, `column "${cmd.name}" of relation "${table.name}" does not exist`);
        if (cmd.def) {
          const ctx: ExprCtx = { t, scope: new Scope(), aggs: false, clause: 'DEFAULT expressions' };
          const d = defaultFor(t, ctx, col.typeOid, col.typmod, cmd.def);
          col.defaultSql = d.sql;
          col.defaultExpr = d.text;
        } else {
          // An explicit NULL: SQLite may still hold the column's original constant DEFAULT.
          col.defaultSql = col.name === table.rowidColumn ? undefined : 'NULL';
          col.defaultExpr = undefined;
        }
        break;
      }
      case 'AT_SetNotNull': {
        const col = table.columns.find((c) => c.name === cmd.name);
        if (!col)
          throw t.error(SQLSTATE.UNDEFINED_COLUMN, `column "${cmd.name}" of relation "${table.name}" does not exist`);
        if (!col.notNull) {
          col.notNull = true;
          col.notNullUnenforced = true;
          sql.push(nullCheck(table, col.name));
        }
        break;
      }
      case 'AT_DropNotNull': {
        const col = table.columns.find((c) => c.name === cmd.name);
        if (!col)
          throw t.error(SQLSTATE.UNDEFINED_COLUMN, `column "${cmd.name}" of relation "${table.name}" does not exist`);
        if (table.indexes.some((i) => i.primary && i.columns.includes(col.name)))
          throw t.error('42P16', `column "${col.name}" is in a primary key`);
        if (col.identity)
          throw t.error('42P16', `column "${col.name}" of relation "${table.name}" is an identity column`);
        if (col.notNull && !col.notNullUnenforced) {
          sql.push(...dropSqliteNotNull(t, table, col));
          break;
        }
        col.notNull = false;
        col.notNullUnenforced = undefined;
        break;
      }
      case 'AT_AlterColumnType':
        sql.push(...alterColumnType(t, table, cmd));
        break;
      case 'AT_DropConstraint':
        sql.push(...dropConstraint(t, table, cmd, notices));
        break;
      case 'AT_AddConstraint': {
        const c = cmd.def.Constraint;
        if (c.contype === 'CONSTR_CHECK') {
          sql.push(...addCheck(t, table, cmd.def));
          break;
        }
        if (c.contype === 'CONSTR_FOREIGN') {
          sql.push(...addForeignKey(t, table, cmd.def));
          break;
        }
        if (c.contype !== 'CONSTR_PRIMARY' && c.contype !== 'CONSTR_UNIQUE') {
          throw t.error(
            SQLSTATE.FEATURE_NOT_SUPPORTED,
            `ALTER TABLE ADD ${c.contype.slice(7)} is not supported yet`,
            cmd.def,
          );
        }
        const primary = c.contype === 'CONSTR_PRIMARY';
        const keys: string[] = c.keys.map(str);
        for (const k of keys) {
          if (!table.columns.some((col) => col.name === k))
            throw t.error(
              SQLSTATE.UNDEFINED_COLUMN,
              `column "${k}" of relation "${table.name}" does not exist`,
              cmd.def,
            );
        }
        if (primary && table.indexes.some((i) => i.primary)) {
          throw t.error('42P16', `multiple primary keys for table "${table.name}" are not allowed`, cmd.def);
        }
        const name = constraintIndexName(
          t,
          table,
          c,
          primary ? `${table.name}_pkey` : `${table.name}_${keys.join('_')}_key`,
        );
        if (relationExists(t, table.schema, name))
          throw t.error(SQLSTATE.DUPLICATE_TABLE, `relation "${name}" already exists`, cmd.def);
        if (primary) {
          for (const k of keys) {
            const col = table.columns.find((x) => x.name === k);
            if (col && !col.notNull) {
              col.notNull = true;
              col.notNullUnenforced = true;
              sql.push(nullCheck(table, k));
            }
          }
        }
        // A unique index (the table is not rebuilt, so change-capture triggers and rowids stay).
        sql.push(`CREATE UNIQUE INDEX ${quoteIdent(name)} ON ${store} (${keys.map(quoteIdent).join(', ')})`);
        table.indexes.push({ name, oid: oids.take(), columns: keys, unique: true, primary, constraint: true });
        break;
      }
      default:
        throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `ALTER TABLE ${cmd.subtype.slice(3)} is not supported yet`);
    }
  }
  sql.push(persistSql(table));
  return { sql, changes: [{ op: 'upsert', table }], tag: 'ALTER TABLE', notices };
}

/** ADD COLUMN ... UNIQUE / PRIMARY KEY: a unique index named like PG's constraint. */
function addKey(t: Translator, table: TableDef, c: Node, node: Node, oids: OidAllocator): string[] {
  const primary = c.contype === 'CONSTR_PRIMARY';
  const keys: string[] = c.keys.map(str);
  if (primary && table.indexes.some((i) => i.primary))
    throw t.error('42P16', `multiple primary keys for table "${table.name}" are not allowed`, node);
  const name = constraintIndexName(t, table, c, primary ? `${table.name}_pkey` : `${table.name}_${keys.join('_')}_key`);
  if (relationExists(t, table.schema, name))
    throw t.error(SQLSTATE.DUPLICATE_TABLE, `relation "${name}" already exists`, node);
  const sql: string[] = [];
  if (primary)
    for (const k of keys) {
      const col = table.columns.find((x) => x.name === k);
      if (col && !col.notNull) {
        col.notNull = true;
        col.notNullUnenforced = true;
        sql.push(nullCheck(table, k));
      }
    }
  sql.push(
    `CREATE UNIQUE INDEX ${quoteIdent(name)} ON ${quoteIdent(table.storageName)} (${keys.map(quoteIdent).join(', ')})`,
  );
  table.indexes.push({ name, oid: oids.take(), columns: keys, unique: true, primary, constraint: true });
  return sql;
}

/** The index name of a PRIMARY KEY/UNIQUE constraint: CONSTRAINT's, or PG's default made unique with a number. */
function constraintIndexName(t: Translator, table: TableDef, c: Node, base: string): string {
  if (c.conname) return c.conname;
  let name = base;
  for (let i = 1; relationExists(t, table.schema, name) || table.indexes.some((x) => x.name === name); i++)
    name = `${base}${i}`;
  return name;
}

/** A statement that fails with 23502 if the column holds NULLs (and changes nothing otherwise). */
function nullCheck(table: TableDef, col: string): string {
  const c = quoteIdent(col);
  return `UPDATE ${quoteIdent(table.storageName)} SET ${c} = lumos_notnull_existing(${c}, ${quoteString(col)}, ${quoteString(table.name)}) WHERE ${c} IS NULL`;
}

export function renameStmt(t: Translator, n: Node): DdlResult {
  const existing = t.catalog.lookup(n.relation?.relname, n.relation?.schemaname, t.opts.searchPath);
  if (!existing) {
    if (n.missing_ok) return { sql: [], changes: [], tag: 'ALTER TABLE' };
    lookupTable(t, n.relation);
  }
  const table = copy(existing as TableDef);
  const store = quoteIdent(table.storageName);
  const sql: string[] = [];
  if (n.renameType === 'OBJECT_TABLE') {
    if (relationExists(t, table.schema, n.newname))
      throw t.error(SQLSTATE.DUPLICATE_TABLE, `relation "${n.newname}" already exists`);
    table.name = n.newname;
    table.storageName = table.schema === 'public' ? n.newname : `${table.schema}.${n.newname}`;
    sql.push(`ALTER TABLE ${store} RENAME TO ${quoteIdent(table.storageName)}`);
  } else if (n.renameType === 'OBJECT_COLUMN') {
    const col = table.columns.find((c) => c.name === n.subname);
    if (!col) throw t.error(SQLSTATE.UNDEFINED_COLUMN, `column "${n.subname}" does not exist`);
    if (table.columns.some((c) => c.name === n.newname)) {
      throw t.error(SQLSTATE.DUPLICATE_COLUMN, `column "${n.newname}" of relation "${table.name}" already exists`);
    }
    sql.push(`ALTER TABLE ${store} RENAME COLUMN ${quoteIdent(col.name)} TO ${quoteIdent(n.newname)}`);
    for (const i of table.indexes) i.columns = i.columns.map((c) => (c === col.name ? n.newname : c));
    for (const fk of table.foreignKeys ?? []) fk.columns = fk.columns.map((c) => (c === col.name ? n.newname : c));
    if (table.rowidColumn === col.name) table.rowidColumn = n.newname;
    col.name = n.newname;
  } else {
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `ALTER ${n.renameType.slice(7)} RENAME is not supported yet`);
  }
  sql.push(persistSql(table));
  const changes: CatalogChange[] = [{ op: 'upsert', table }];
  // Foreign keys elsewhere name columns of this table by name.
  if (n.renameType === 'OBJECT_COLUMN') {
    for (const other of t.catalog.all()) {
      if (other.oid === table.oid || !other.foreignKeys?.some((fk) => fk.refTableOid === table.oid)) continue;
      const o = copy(other);
      for (const fk of o.foreignKeys ?? [])
        if (fk.refTableOid === table.oid) fk.refColumns = fk.refColumns.map((c) => (c === n.subname ? n.newname : c));
      sql.push(persistSql(o));
      changes.push({ op: 'upsert', table: o });
    }
  }
  return { sql, changes, tag: 'ALTER TABLE' };
}

export function vacuum(t: Translator, n: Node): DdlResult {
  const tag = n.is_vacuumcmd ? 'VACUUM' : 'ANALYZE';
  const analyze = !n.is_vacuumcmd || (n.options ?? []).some((o: Node) => o.DefElem?.defname === 'analyze');
  const sql: string[] = [];
  const rels: Node[] = n.rels ?? [];
  for (const r of rels) {
    const table = lookupTable(t, r.VacuumRelation.relation);
    if (analyze) sql.push(`ANALYZE ${quoteIdent(table.storageName)}`);
  }
  if (analyze && rels.length === 0) sql.push('ANALYZE');
  return { sql, changes: [], tag };
}
