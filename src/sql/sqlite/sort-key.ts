/**
 * The SQL SQLite sorts by to get PostgreSQL's order: stored forms that do not sort like PG's values (numeric
 * text, intervals, jsonb, arrays, records, enums in declaration order) go through an order-preserving key.
 * ORDER BY, window ORDER BY and DISTINCT ON all sort with it.
 */
import { elementOidOf, OID } from '../../../protocol/types/oids.js';
import type { Expr } from './coerce.js';
import { enumSortKeyOf } from './enum-core.js';
import { isRecordType, recordSortKeySql } from './record.js';
import type { Translator } from './translator.js';

export function sortKey(e: Expr, t?: Translator): string {
  const en = t && e.type >= 16384 ? enumSortKeyOf(t, e) : undefined;
  if (en !== undefined) return en;
  if (e.type === OID.numeric) return `lumos_num_sortkey(${e.sql})`;
  if (isRecordType(e.type)) return recordSortKeySql(e);
  if (e.type === OID.interval) return `lumos_interval_sortkey(${e.sql})`;
  if (e.type === OID.jsonb) return `lumos_jsonb_sortkey(${e.sql})`;
  const elem = elementOidOf(e.type);
  if (elem) return `lumos_array_sortkey(${e.sql}, ${elem})`;
  return notOrdinal(e.sql);
}

/**
 * SQLite reads an integer constant in ORDER BY / GROUP BY as a column position; PG's positions were resolved
 * already, so a constant that reaches here (pg_typeof(x) is an OID constant) must stay a value.
 */
export function notOrdinal(sql: string): string {
  return /^[\s(+-]*\d+[\s)]*$/.test(sql) ? `CAST(${sql} AS INTEGER)` : sql;
}
