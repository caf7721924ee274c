/**
 * FOREIGN KEY constraints. SQLite only takes foreign keys in CREATE TABLE, and rebuilding a table inside a
 * transaction would fire SQLite's own foreign key actions of the tables referencing it (DROP TABLE deletes every
 * row first), so foreign keys are enforced by SQLite triggers (fk-triggers.ts), from CREATE TABLE as from ALTER
 * TABLE ADD [CONSTRAINT] FOREIGN KEY / ADD COLUMN ... REFERENCES, and can be dropped. Their checks run at the end
 * of the statement, or at COMMIT when DEFERRABLE and deferred (fn-foreign-key.ts). Only foreign keys of
 * temporary tables (or referencing one) are SQLite's own, from CREATE TABLE: SQLite triggers cannot cross schemas.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import type { ForeignKeyDef, TableDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import type { DdlResult } from './ddl.js';
import { triggerNames, triggerSql, validationSql } from './fk-triggers.js';
import { lookupTable } from './from.js';
import { quoteIdent, quoteString, sqliteColumnType } from './storage.js';
import { str, type Translator } from './translator.js';

/**
 * ALTER TABLE ADD FOREIGN KEY on `table` (a copy being altered; the constraint is appended to it). `column` is set
 * for a column constraint (ADD COLUMN c int REFERENCES p). Returns the SQL validating existing rows and creating
 * the triggers.
 */
export function addForeignKey(t: Translator, table: TableDef, c0: Node, column?: string): string[] {
  const c = c0.Constraint;
  const cols: string[] = c.fk_attrs?.length ? c.fk_attrs.map(str) : column ? [column] : [];
  for (const k of cols)
    if (!table.columns.some((col) => col.name === k))
      throw t.error(SQLSTATE.UNDEFINED_COLUMN, `column "${k}" referenced in foreign key constraint does not exist`, c0);
  const parent: TableDef =
    c.pktable.relname === table.name && !c.pktable.schemaname ? table : lookupTable(t, c.pktable);
  let refCols: string[] | undefined = c.pk_attrs?.length ? c.pk_attrs.map(str) : undefined;
  if (!refCols) {
    const pk = parent.indexes.find((i) => i.primary);
    if (!pk) throw t.error('42830', `there is no primary key for referenced table "${parent.name}"`, c0);
    refCols = pk.columns;
  }
  if (refCols.length !== cols.length)
    throw t.error('42830', 'number of referencing and referenced columns for foreign key disagree', c0);
  const want = [...refCols].sort().join(',');
  if (!parent.indexes.some((i) => i.unique && [...i.columns].sort().join(',') === want))
    throw t.error(
      '42830',
      `there is no unique constraint matching given keys for referenced table "${parent.name}"`,
      c0,
    );
  let name: string = c.conname ?? `${table.name}_${cols.join('_')}_fkey`;
  // Without CONSTRAINT name, PG numbers its default name until it is free.
  for (let i = 1; !c.conname && table.foreignKeys?.some((f) => f.name === name); i++)
    name = `${table.name}_${cols.join('_')}_fkey${i}`;
  if (
    table.foreignKeys?.some((f) => f.name === name) ||
    table.checks?.some((x) => x.name === name) ||
    table.indexes.some((i) => i.constraint && i.name === name)
  )
    throw t.error('42710', `constraint "${name}" for relation "${table.name}" already exists`, c0);
  refCols.forEach((rc, i) => {
    const a = table.columns.find((x) => x.name === cols[i]);
    const b = parent.columns.find((x) => x.name === rc);
    if (a && b && sqliteColumnType(a.typeOid) !== sqliteColumnType(b.typeOid))
      throw t.error('42804', `foreign key constraint "${name}" cannot be implemented`, c0, {
        detail: `Key columns "${a.name}" and "${b.name}" are of incompatible types: ${t.typeName(a.typeOid)} and ${t.typeName(b.typeOid)}.`,
      });
  });
  if (table.temp || parent.temp)
    throw t.error(
      SQLSTATE.FEATURE_NOT_SUPPORTED,
      'foreign keys on temporary tables added by ALTER TABLE are not supported',
      c0,
    );
  const fk: ForeignKeyDef = {
    name,
    columns: cols,
    refTableOid: parent.oid,
    refColumns: refCols,
    onDelete: c.fk_del_action ?? 'a',
    onUpdate: c.fk_upd_action ?? 'a',
    trigger: triggerBase(table, name),
    ...foreignKeyOptions(t, c0, cols),
  };
  const sql = triggerSql(t, table, parent, fk, c0);
  if (!c.skip_validation) sql.unshift(validationSql(table, parent, fk));
  table.foreignKeys = [...(table.foreignKeys ?? []), fk];
  return sql;
}

const triggerBase = (table: TableDef, name: string) => `_lumos_fk_${table.oid}_${name}`;

/**
 * A foreign key of CREATE TABLE: enforced by the same triggers (so it can be dropped later), unless on a
 * temporary table, which SQLite's own foreign keys do. Returns whether the triggers enforce it.
 */
export function useTriggers(t: Translator, table: TableDef, ref: TableDef, c0: Node, fk: ForeignKeyDef): boolean {
  Object.assign(fk, foreignKeyOptions(t, c0, fk.columns));
  if (table.temp || ref.temp) {
    if (fk.deleteSetColumns || (fk.matchFull && fk.columns.length > 1))
      throw t.error(
        SQLSTATE.FEATURE_NOT_SUPPORTED,
        'MATCH FULL and ON DELETE SET NULL/DEFAULT (columns) are not supported for temporary tables',
        c0,
      );
    return false;
  }
  fk.trigger = triggerBase(table, fk.name);
  return true;
}

/** DEFERRABLE, MATCH and ON DELETE SET ... (columns) of a FOREIGN KEY constraint node, validated as PG does. */
function foreignKeyOptions(t: Translator, c0: Node, cols: string[]): Partial<ForeignKeyDef> {
  const c = c0.Constraint;
  const out: Partial<ForeignKeyDef> = {};
  if (c.deferrable || c.initdeferred) out.deferrable = true;
  if (c.initdeferred) out.initiallyDeferred = true;
  if (c.fk_matchtype === 'f') out.matchFull = true;
  else if (c.fk_matchtype === 'p')
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'MATCH PARTIAL not yet implemented', c0);
  if (c.fk_del_set_cols?.length) {
    const set: string[] = c.fk_del_set_cols.map(str);
    for (const k of set)
      if (!cols.includes(k))
        throw t.error('42P10', `column "${k}" referenced in ON DELETE SET action must be part of foreign key`, c0);
    out.deleteSetColumns = set;
  }
  return out;
}

/**
 * A column's constraint list with its DEFERRABLE / NOT DEFERRABLE / INITIALLY DEFERRED / INITIALLY IMMEDIATE
 * items applied to the constraint before them (PG's transformConstraintAttrs). The column definition is updated
 * in place, so translating the same cached tree again finds the result.
 */
export function foldConstraintAttrs(t: Translator, cd: Node): Node[] {
  const list: Node[] = cd.constraints ?? [];
  if (!list.some((x) => x.Constraint.contype.startsWith('CONSTR_ATTR_'))) return list;
  const out: Node[] = [];
  const seen = new Set<string>();
  for (const x of list) {
    const c = x.Constraint;
    if (!c.contype.startsWith('CONSTR_ATTR_')) {
      out.push({ Constraint: { ...c } });
      seen.clear();
      continue;
    }
    const prev = out[out.length - 1]?.Constraint;
    const clause: Record<string, string> = {
      CONSTR_ATTR_DEFERRABLE: 'DEFERRABLE',
      CONSTR_ATTR_NOT_DEFERRABLE: 'NOT DEFERRABLE',
      CONSTR_ATTR_DEFERRED: 'INITIALLY DEFERRED',
      CONSTR_ATTR_IMMEDIATE: 'INITIALLY IMMEDIATE',
    };
    if (!prev || !['CONSTR_FOREIGN', 'CONSTR_PRIMARY', 'CONSTR_UNIQUE', 'CONSTR_EXCLUSION'].includes(prev.contype))
      throw t.error(SQLSTATE.SYNTAX_ERROR, `misplaced ${clause[c.contype]} clause`, x);
    // SQLite checks uniqueness per row: a deferred unique check cannot be honoured.
    if (prev.contype !== 'CONSTR_FOREIGN' && ['CONSTR_ATTR_DEFERRABLE', 'CONSTR_ATTR_DEFERRED'].includes(c.contype))
      throw t.error(
        SQLSTATE.FEATURE_NOT_SUPPORTED,
        'DEFERRABLE unique and primary key constraints are not supported',
        x,
      );
    const group = c.contype.endsWith('DEFERRABLE') ? 'deferrability' : 'initially';
    if (seen.has(group))
      throw t.error(
        SQLSTATE.SYNTAX_ERROR,
        group === 'initially'
          ? 'multiple INITIALLY IMMEDIATE/DEFERRED clauses not allowed'
          : 'multiple DEFERRABLE/NOT DEFERRABLE clauses not allowed',
        x,
      );
    seen.add(group);
    if (c.contype === 'CONSTR_ATTR_DEFERRABLE') prev.deferrable = true;
    if (c.contype === 'CONSTR_ATTR_NOT_DEFERRABLE') {
      if (prev.initdeferred)
        throw t.error(SQLSTATE.SYNTAX_ERROR, 'constraint declared INITIALLY DEFERRED must be DEFERRABLE', x);
      prev.deferrable = false;
    }
    if (c.contype === 'CONSTR_ATTR_DEFERRED') {
      if (seen.has('deferrability') && !prev.deferrable)
        throw t.error(SQLSTATE.SYNTAX_ERROR, 'constraint declared INITIALLY DEFERRED must be DEFERRABLE', x);
      prev.initdeferred = true;
      prev.deferrable = true;
    }
  }
  cd.constraints = out;
  return out;
}

/** The triggers of CREATE TABLE's trigger-enforced foreign keys (run after the table exists). */
export function createTableForeignKeySql(t: Translator, table: TableDef, node: Node): string[] {
  return (table.foreignKeys ?? [])
    .filter((fk) => fk.trigger)
    .flatMap((fk) => {
      const parent = fk.refTableOid === table.oid ? table : (t.catalog.object(fk.refTableOid) as TableDef);
      return triggerSql(t, table, parent, fk, node);
    });
}

/** SQL removing the triggers of a trigger-enforced foreign key (none for one SQLite enforces itself). */
export function dropForeignKeyTriggers(fk: ForeignKeyDef): string[] {
  if (!fk.trigger) return [];
  return Object.values(triggerNames(fk.trigger)).map((n) => `DROP TRIGGER IF EXISTS ${quoteIdent(n)}`);
}

/**
 * Dropping relations: the triggers a dropped table's foreign keys put on the referenced tables go with it, and
 * (DROP ... CASCADE) trigger-enforced foreign keys of surviving tables that reference a dropped table are dropped:
 * returns those tables changed (to persist).
 */
export function foreignKeysOfDropped(
  t: Translator,
  dropped: TableDef[],
): { sql: string[]; changed: TableDef[]; notices: string[] } {
  const gone = new Set(dropped.map((o) => o.oid));
  const sql: string[] = [];
  const changed: TableDef[] = [];
  const notices: string[] = [];
  for (const o of dropped) for (const fk of o.foreignKeys ?? []) sql.push(...dropForeignKeyTriggers(fk));
  for (const o of t.catalog.all()) {
    if (gone.has(o.oid) || o.kind || !o.foreignKeys?.some((fk) => fk.trigger && gone.has(fk.refTableOid))) continue;
    const table = structuredClone(o) as TableDef;
    for (const fk of table.foreignKeys ?? []) {
      if (!fk.trigger || !gone.has(fk.refTableOid)) continue;
      sql.push(...dropForeignKeyTriggers(fk));
      notices.push(`drop cascades to constraint ${fk.name} on table ${table.name}`);
    }
    table.foreignKeys = table.foreignKeys?.filter((fk) => !fk.trigger || !gone.has(fk.refTableOid));
    changed.push(table);
  }
  return { sql, changed, notices };
}

/**
 * SET CONSTRAINTS ALL | name, ... DEFERRED | IMMEDIATE. Only foreign keys can be DEFERRABLE here. The setting
 * lives with the transaction on the writer connection (fn-foreign-key.ts).
 */
export function setConstraints(t: Translator, n: Node): DdlResult {
  const names: string[] = [];
  for (const rv of n.constraints ?? []) {
    const name: string = rv.RangeVar.relname;
    const schema: string | undefined = rv.RangeVar.schemaname;
    const tables = t.catalog.all().filter((o): o is TableDef => !o.kind && (!schema || o.schema === schema));
    const fks = tables.flatMap((o) => (o.foreignKeys ?? []).filter((f) => f.name === name));
    const other = tables.some(
      (o) => o.checks?.some((c) => c.name === name) || o.indexes.some((i) => i.constraint && i.name === name),
    );
    if (!fks.length && !other) throw t.error('42704', `constraint "${name}" does not exist`, rv);
    if (other || fks.some((f) => !f.deferrable)) throw t.error('42809', `constraint "${name}" is not deferrable`, rv);
    if (fks.some((f) => !f.trigger))
      throw t.error(
        SQLSTATE.FEATURE_NOT_SUPPORTED,
        `SET CONSTRAINTS of foreign key "${name}" of a temporary table is not supported`,
        rv,
      );
    names.push(name);
  }
  const list = n.constraints?.length ? quoteString(JSON.stringify(names)) : 'NULL';
  return { sql: [`SELECT lumos_set_constraints(${n.deferred ? 1 : 0}, ${list})`], changes: [], tag: 'SET CONSTRAINTS' };
}
