/**
 * The SQLite triggers enforcing a foreign key (see ddl-foreign-key.ts for when they are used), the way SQLite
 * itself emulated foreign keys before 3.6.19:
 * - on the referencing table, AFTER INSERT / AFTER UPDATE OF the key: the referenced row must exist (MATCH SIMPLE:
 *   a key with a NULL column is not checked; MATCH FULL: a key mixing NULL and non-NULL columns is refused);
 * - on the referenced table, AFTER DELETE / AFTER UPDATE OF the key: NO ACTION and RESTRICT fail while rows still
 *   reference the old key; CASCADE, SET NULL and SET DEFAULT change those rows at once (as PG's action triggers,
 *   which are never deferred).
 * A trigger that sees a violation does not raise: it hands the key to lumos_fk_defer, and the violation is
 * re-checked at the end of the statement, or at COMMIT for a deferred constraint (fn-foreign-key.ts), as PG does.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import type { ForeignKeyDef, TableDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import { DEFERRAL, type DeferredCheck } from './fn-foreign-key.js';
import { quoteIdent, quoteString } from './storage.js';
import type { Translator } from './translator.js';

/** The trigger names of a trigger-enforced foreign key (`base` is stored as ForeignKeyDef.trigger). */
export const triggerNames = (base: string) => ({
  childInsert: `${base}_ci`,
  childUpdate: `${base}_cu`,
  parentDelete: `${base}_pd`,
  parentUpdate: `${base}_pu`,
});

const matches = (cols: string[], refCols: string[], row: 'NEW' | 'OLD') =>
  cols.map((c, i) => `${quoteIdent(c)} = ${row}.${quoteIdent(refCols[i])}`).join(' AND ');

const desc = (check: DeferredCheck) => quoteString(JSON.stringify(check));
const keyOf = (row: 'NEW' | 'OLD', keyCols: string[]) => keyCols.map((c) => `${row}.${quoteIdent(c)}`).join(', ');
const byKey = (list: string[]) => list.map((c) => `${quoteIdent(c)} = ?`).join(' AND ');

/**
 * The check of a referencing row NEW: `when` it is violated, `call` hands it to lumos_fk_defer. `deferral` is
 * the constraint's own, or DEFERRAL.never when validating existing rows (PG validates at once).
 */
function childCheck(child: TableDef, parent: TableDef, fk: ForeignKeyDef, deferral: number) {
  const cs = quoteIdent(child.storageName);
  const ps = quoteIdent(parent.storageName);
  const cols = fk.columns;
  const refCols = fk.refColumns;
  const about = [fk.name, child.name, parent.name, cols.join(', ')];
  const orphanSql = `SELECT 1 FROM ${cs} WHERE ${byKey(cols)} AND NOT EXISTS (SELECT 1 FROM ${ps} WHERE ${byKey(refCols)}) LIMIT 1`;
  const missing = desc(['missing', orphanSql, 2, deferral, ...about]);
  const allSet = cols.map((c) => `NEW.${quoteIdent(c)} IS NOT NULL`).join(' AND ');
  const absent = `${allSet} AND NOT EXISTS (SELECT 1 FROM ${ps} WHERE ${matches(refCols, cols, 'NEW')})`;
  if (!fk.matchFull || cols.length < 2)
    return { when: absent, call: `lumos_fk_defer(${missing}, ${keyOf('NEW', cols)})` };
  const mixed = `(${cols.map((c) => `NEW.${quoteIdent(c)} IS NULL`).join(' OR ')}) AND NOT (${cols.map((c) => `NEW.${quoteIdent(c)} IS NULL`).join(' AND ')})`;
  const mixedSql = `SELECT 1 FROM ${cs} WHERE ${cols.map((c) => `${quoteIdent(c)} IS ?`).join(' AND ')} LIMIT 1`;
  const mixedDesc = desc(['mixed', mixedSql, 1, deferral, ...about]);
  return {
    when: `(${absent}) OR (${mixed})`,
    call: `lumos_fk_defer(CASE WHEN ${mixed} THEN ${mixedDesc} ELSE ${missing} END, ${keyOf('NEW', cols)})`,
  };
}

/** Existing rows must reference existing keys (PG validates when the constraint is added, unless NOT VALID). */
export function validationSql(child: TableDef, parent: TableDef, fk: ForeignKeyDef): string {
  const { when, call } = childCheck(child, parent, fk, DEFERRAL.never);
  return `SELECT ${call} FROM ${quoteIdent(child.storageName)} AS NEW WHERE ${when} LIMIT 1`;
}

export function triggerSql(t: Translator, child: TableDef, parent: TableDef, fk: ForeignKeyDef, c0: Node): string[] {
  const names = triggerNames(fk.trigger as string);
  const cs = quoteIdent(child.storageName);
  const ps = quoteIdent(parent.storageName);
  const cols = fk.columns;
  const refCols = fk.refColumns;
  const deferral = fk.initiallyDeferred ? DEFERRAL.deferred : fk.deferrable ? DEFERRAL.immediate : DEFERRAL.never;
  // Error details name the referencing columns for a missing key, the referenced ones for a referenced key.
  const about = (keyCols: string[]) => [fk.name, child.name, parent.name, keyCols.join(', ')];
  // A referencing key with no referenced row: the same test serves a new referencing row and, for NO ACTION,
  // a referenced key that went away (PG lets another row with the same key stand in for it).
  const orphanSql = `SELECT 1 FROM ${cs} WHERE ${byKey(cols)} AND NOT EXISTS (SELECT 1 FROM ${ps} WHERE ${byKey(refCols)}) LIMIT 1`;
  const check = childCheck(child, parent, fk, deferral);
  // RESTRICT is never deferred and no other row may stand in for the old key.
  const referenced = (action: string | undefined) =>
    `SELECT lumos_fk_defer(${desc(
      action === 'r'
        ? ['referenced', `SELECT 1 FROM ${cs} WHERE ${byKey(cols)} LIMIT 1`, 1, DEFERRAL.never, ...about(refCols)]
        : ['referenced', orphanSql, 2, deferral, ...about(refCols)],
    )}, ${keyOf('OLD', refCols)})`;
  const stillReferenced = `EXISTS (SELECT 1 FROM ${cs} WHERE ${matches(cols, refCols, 'OLD')})`;
  const keyChanged = refCols.map((c) => `OLD.${quoteIdent(c)} IS NOT NEW.${quoteIdent(c)}`).join(' OR ');
  const where = `WHERE ${matches(cols, refCols, 'OLD')}`;
  const setDefault = (list: string[]) =>
    list
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
  const setNull = (list: string[]) => list.map((c) => `${quoteIdent(c)} = NULL`).join(', ');
  // ON DELETE SET NULL/DEFAULT (columns) sets only those columns (PG 15); ON UPDATE always sets the whole key.
  const delCols = fk.deleteSetColumns?.length ? fk.deleteSetColumns : cols;
  const onDelete: Record<string, string> = {
    c: `DELETE FROM ${cs} ${where};`,
    n: `UPDATE ${cs} SET ${setNull(delCols)} ${where};`,
  };
  const onUpdate: Record<string, string> = {
    c: `UPDATE ${cs} SET ${cols.map((c, i) => `${quoteIdent(c)} = NEW.${quoteIdent(refCols[i])}`).join(', ')} ${where};`,
    n: `UPDATE ${cs} SET ${setNull(cols)} ${where};`,
  };
  const del = fk.onDelete === 'd' ? `UPDATE ${cs} SET ${setDefault(delCols)} ${where};` : onDelete[fk.onDelete ?? 'a'];
  const upd = fk.onUpdate === 'd' ? `UPDATE ${cs} SET ${setDefault(cols)} ${where};` : onUpdate[fk.onUpdate ?? 'a'];
  const keyList = cols.map(quoteIdent).join(', ');
  const refList = refCols.map(quoteIdent).join(', ');
  return [
    `CREATE TRIGGER ${quoteIdent(names.childInsert)} AFTER INSERT ON ${cs} WHEN ${check.when} BEGIN SELECT ${check.call}; END`,
    `CREATE TRIGGER ${quoteIdent(names.childUpdate)} AFTER UPDATE OF ${keyList} ON ${cs} WHEN ${check.when} BEGIN SELECT ${check.call}; END`,
    del
      ? `CREATE TRIGGER ${quoteIdent(names.parentDelete)} AFTER DELETE ON ${ps} BEGIN ${del} END`
      : `CREATE TRIGGER ${quoteIdent(names.parentDelete)} AFTER DELETE ON ${ps} WHEN ${stillReferenced} BEGIN ${referenced(fk.onDelete)}; END`,
    upd
      ? `CREATE TRIGGER ${quoteIdent(names.parentUpdate)} AFTER UPDATE OF ${refList} ON ${ps} WHEN ${keyChanged} BEGIN ${upd} END`
      : `CREATE TRIGGER ${quoteIdent(names.parentUpdate)} AFTER UPDATE OF ${refList} ON ${ps} WHEN (${keyChanged}) AND ${stillReferenced} BEGIN ${referenced(fk.onUpdate)}; END`,
  ];
}
