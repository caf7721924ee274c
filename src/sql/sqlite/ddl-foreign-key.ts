/**
 * FOREIGN KEY constraints added to an existing table (ALTER TABLE ADD [CONSTRAINT] FOREIGN KEY, ADD COLUMN ...
 * REFERENCES). SQLite only takes foreign keys in CREATE TABLE, and rebuilding the table inside a transaction
 * would fire SQLite's own foreign key actions of the tables referencing it (DROP TABLE deletes every row first),
 * so these constraints are enforced by SQLite triggers, the way SQLite itself emulated them before 3.6.19:
 * - on the referencing table, AFTER INSERT / AFTER UPDATE OF the key: the referenced row must exist (MATCH SIMPLE:
 *   a key with a NULL column is not checked);
 * - on the referenced table, AFTER DELETE / AFTER UPDATE OF the key: NO ACTION and RESTRICT fail while rows still
 *   reference the old key; CASCADE, SET NULL and SET DEFAULT change those rows.
 * The checks run per row (PG checks NO ACTION at the end of the statement); DEFERRABLE is refused with 0A000.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import type { ForeignKeyDef, TableDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import { lookupTable } from './from.js';
import { quoteIdent, quoteString, sqliteColumnType } from './storage.js';
import { str, type Translator } from './translator.js';

/** The trigger names of a trigger-enforced foreign key (`base` is stored as ForeignKeyDef.trigger). */
const triggers = (base: string) => ({
  childInsert: `${base}_ci`,
  childUpdate: `${base}_cu`,
  parentDelete: `${base}_pd`,
  parentUpdate: `${base}_pu`,
});

const matches = (cols: string[], refCols: string[], row: 'NEW' | 'OLD') =>
  cols.map((c, i) => `${quoteIdent(c)} = ${row}.${quoteIdent(refCols[i])}`).join(' AND ');

const keyValues = (row: 'NEW' | 'OLD', cols: string[]) =>
  `json_array(${cols.map((c) => `${row}.${quoteIdent(c)}`).join(', ')})`;

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
  if (c.deferrable || c.initdeferred)
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'DEFERRABLE foreign keys added by ALTER TABLE are not supported', c0);
  if (c.fk_matchtype === 'f' && cols.length > 1)
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'MATCH FULL foreign keys added by ALTER TABLE are not supported', c0);
  if (c.fk_del_set_cols?.length)
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'ON DELETE SET NULL/DEFAULT with a column list is not supported', c0);
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
  };
  const sql = triggerSql(t, table, parent, fk, c0);
  if (!c.skip_validation) sql.unshift(validationSql(table, parent, fk));
  table.foreignKeys = [...(table.foreignKeys ?? []), fk];
  return sql;
}

const triggerBase = (table: TableDef, name: string) => `_lumos_fk_${table.oid}_${name}`;

/**
 * A foreign key of CREATE TABLE: enforced by the same triggers (so it can be dropped later), unless DEFERRABLE
 * or on a temporary table, which SQLite's own foreign keys do. Returns whether the triggers enforce it.
 */
export function useTriggers(table: TableDef, ref: TableDef, c: Node, fk: ForeignKeyDef): boolean {
  if (c.deferrable || c.initdeferred || table.temp || ref.temp) return false;
  fk.trigger = triggerBase(table, fk.name);
  return true;
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

/** Existing rows must reference existing keys (PG validates when the constraint is added, unless NOT VALID). */
function validationSql(child: TableDef, parent: TableDef, fk: ForeignKeyDef): string {
  const cs = quoteIdent(child.storageName);
  const notNull = fk.columns.map((c) => `r.${quoteIdent(c)} IS NOT NULL`).join(' AND ');
  const found = fk.refColumns.map((rc, i) => `p.${quoteIdent(rc)} = r.${quoteIdent(fk.columns[i])}`).join(' AND ');
  const vals = `json_array(${fk.columns.map((c) => `r.${quoteIdent(c)}`).join(', ')})`;
  return `SELECT lumos_fk_missing(${quoteString(fk.name)}, ${quoteString(child.name)}, ${quoteString(parent.name)}, ${quoteString(fk.columns.join(', '))}, ${vals}) FROM ${cs} AS r WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${quoteIdent(parent.storageName)} AS p WHERE ${found}) LIMIT 1`;
}

function triggerSql(t: Translator, child: TableDef, parent: TableDef, fk: ForeignKeyDef, c0: Node): string[] {
  const names = triggers(fk.trigger as string);
  const cs = quoteIdent(child.storageName);
  const ps = quoteIdent(parent.storageName);
  const cols = fk.columns;
  const refCols = fk.refColumns;
  const missing = `SELECT lumos_fk_missing(${quoteString(fk.name)}, ${quoteString(child.name)}, ${quoteString(parent.name)}, ${quoteString(cols.join(', '))}, ${keyValues('NEW', cols)})`;
  const childCheck = `${cols.map((c) => `NEW.${quoteIdent(c)} IS NOT NULL`).join(' AND ')} AND NOT EXISTS (SELECT 1 FROM ${ps} WHERE ${matches(refCols, cols, 'NEW')})`;
  const referenced = `SELECT lumos_fk_referenced(${quoteString(fk.name)}, ${quoteString(parent.name)}, ${quoteString(child.name)}, ${quoteString(refCols.join(', '))}, ${keyValues('OLD', refCols)})`;
  const stillReferenced = `EXISTS (SELECT 1 FROM ${cs} WHERE ${matches(cols, refCols, 'OLD')})`;
  const keyChanged = refCols.map((c) => `OLD.${quoteIdent(c)} IS NOT NEW.${quoteIdent(c)}`).join(' OR ');
  const where = `WHERE ${matches(cols, refCols, 'OLD')}`;
  const setDefault = () =>
    cols
      .map((c) => {
        const d = child.columns.find((x) => x.name === c)?.defaultSql;
        if (d && (d.includes('$__') || /\bselect\b/i.test(d)))
          throw t.error(
            SQLSTATE.FEATURE_NOT_SUPPORTED,
            `ON DELETE/UPDATE SET DEFAULT needs a constant default for column "${c}"`,
            c0,
          );
        return `${quoteIdent(c)} = ${d ?? 'NULL'}`;
      })
      .join(', ');
  const onDelete: Record<string, string> = {
    c: `DELETE FROM ${cs} ${where};`,
    n: `UPDATE ${cs} SET ${cols.map((c) => `${quoteIdent(c)} = NULL`).join(', ')} ${where};`,
  };
  const onUpdate: Record<string, string> = {
    c: `UPDATE ${cs} SET ${cols.map((c, i) => `${quoteIdent(c)} = NEW.${quoteIdent(refCols[i])}`).join(', ')} ${where};`,
    n: onDelete.n,
  };
  const del = fk.onDelete === 'd' ? `UPDATE ${cs} SET ${setDefault()} ${where};` : onDelete[fk.onDelete ?? 'a'];
  const upd = fk.onUpdate === 'd' ? `UPDATE ${cs} SET ${setDefault()} ${where};` : onUpdate[fk.onUpdate ?? 'a'];
  const keyList = cols.map(quoteIdent).join(', ');
  const refList = refCols.map(quoteIdent).join(', ');
  return [
    `CREATE TRIGGER ${quoteIdent(names.childInsert)} AFTER INSERT ON ${cs} WHEN ${childCheck} BEGIN ${missing}; END`,
    `CREATE TRIGGER ${quoteIdent(names.childUpdate)} AFTER UPDATE OF ${keyList} ON ${cs} WHEN ${childCheck} BEGIN ${missing}; END`,
    del
      ? `CREATE TRIGGER ${quoteIdent(names.parentDelete)} AFTER DELETE ON ${ps} BEGIN ${del} END`
      : `CREATE TRIGGER ${quoteIdent(names.parentDelete)} AFTER DELETE ON ${ps} WHEN ${stillReferenced} BEGIN ${referenced}; END`,
    upd
      ? `CREATE TRIGGER ${quoteIdent(names.parentUpdate)} AFTER UPDATE OF ${refList} ON ${ps} WHEN ${keyChanged} BEGIN ${upd} END`
      : `CREATE TRIGGER ${quoteIdent(names.parentUpdate)} AFTER UPDATE OF ${refList} ON ${ps} WHEN (${keyChanged}) AND ${stillReferenced} BEGIN ${referenced}; END`,
  ];
}

/** SQL removing the triggers of a trigger-enforced foreign key (none for one SQLite enforces itself). */
export function dropForeignKeyTriggers(fk: ForeignKeyDef): string[] {
  if (!fk.trigger) return [];
  return Object.values(triggers(fk.trigger)).map((n) => `DROP TRIGGER IF EXISTS ${quoteIdent(n)}`);
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
