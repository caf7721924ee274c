/**
 * UPDATE ... FROM / DELETE ... USING with RETURNING: SQLite's RETURNING cannot see the FROM / USING items. The
 * joined rows are first snapshotted into a temp table, one FROM row per target row (PG, too, uses only one) keyed
 * by the target's rowid; the statement reads the FROM values from the snapshot, and RETURNING reads them back with
 * correlated subqueries on the rowid.
 */
import type { TableDef } from '../../catalog/types.js';
import { addPreStatement } from './dml-with.js';
import { colSql, type Scope, type ScopeItem } from './scope.js';
import { quoteIdent } from './storage.js';
import type { Translator } from './translator.js';

export const SNAPSHOT = 'temp."_lumos_dml_from"';

export interface Snapshot {
  /** The FROM items as columns of the snapshot joined as "lumos_uf" (for UPDATE's SET list). */
  inStatement: ScopeItem[];
  /** The FROM items as correlated reads of the snapshot by the modified row's rowid (for RETURNING). */
  inReturning: ScopeItem[];
}

export function fromSnapshot(
  t: Translator,
  tgt: { table: TableDef; alias: string; item: ScopeItem },
  withSql: string,
  scope: Scope,
  fromSql: string,
  where: string[],
): Snapshot {
  const storage = quoteIdent(tgt.table.storageName);
  const values: string[] = [];
  const snapshotItem = (item: ScopeItem, sql: (k: number) => string): ScopeItem => ({
    ...item,
    columns: item.columns.map((c) => {
      const k = values.push(colSql(item, c)) - 1;
      return { ...c, sql: sql(k) };
    }),
  });
  const fromItems = scope.items.filter((i) => i !== tgt.item);
  const inStatement = fromItems.map((i) => snapshotItem(i, (k) => `"lumos_uf"."c${k}"`));
  values.length = 0;
  const inReturning = fromItems.map((i) =>
    snapshotItem(i, (k) => `(SELECT "c${k}" FROM ${SNAPSHOT} WHERE "rid" = ${storage}.rowid)`),
  );
  const a = quoteIdent(tgt.alias);
  const cols = values.map((v, k) => `, ${v} AS "c${k}"`).join('');
  addPreStatement(t, `DROP TABLE IF EXISTS ${SNAPSHOT}`);
  addPreStatement(
    t,
    `CREATE TEMP TABLE "_lumos_dml_from" AS ${withSql}SELECT ${a}.rowid AS "rid"${cols} FROM ${storage} AS ${a}, ${fromSql}` +
      `${where.length ? ` WHERE ${where.join(' AND ')}` : ''} GROUP BY ${a}.rowid`,
  );
  return { inStatement, inReturning };
}
