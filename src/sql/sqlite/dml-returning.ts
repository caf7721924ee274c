/** The RETURNING list of INSERT / UPDATE / DELETE, with the FROM / USING items PG lets it see. */
import { SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { TableDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import { coerce } from './coerce.js';
import { type ExprCtx, expr } from './expr.js';
import { tableColumns } from './from.js';
import { isOidReg, type RegWrap, regToText } from './pg-catalog/regtypes.js';
import { isRecordType, recordOutSql, recordSendSql, recordTypeOid } from './record.js';
import { colSql, Scope, type ScopeItem } from './scope.js';
import type { OutColumn } from './select.js';
import { quoteIdent } from './storage.js';
import { str, type Translator } from './translator.js';

export interface DmlResult {
  sql: string;
  columns: OutColumn[] | null;
  /** RETURNING converts columns on output (records): its list for each result format (result-output.ts). */
  regWrap?: RegWrap;
}

export interface Returning {
  sql: string;
  columns: OutColumn[] | null;
  /** The RETURNING list's items in text and in binary format, when they differ (records). */
  formats?: { cols: string[]; binaryCols: string[] };
}

/** The statement `sql` with its RETURNING list. */
export function withReturning(sql: string, ret: Returning): DmlResult {
  const r: DmlResult = { sql: sql + ret.sql, columns: ret.columns };
  if (ret.formats) r.regWrap = { inner: '', returning: sql, ...ret.formats };
  return r;
}

/**
 * The RETURNING list; `extra` are the FROM items of UPDATE ... FROM / the USING items of DELETE ... USING, whose
 * columns carry their own SQL (dml-snapshot.ts).
 */
export function returning(t: Translator, n: Node, table: TableDef, alias: string, extra: ScopeItem[] = []): Returning {
  const list: Node[] | undefined = n.returningClause?.exprs ?? n.returningList;
  if (!list?.length) return { sql: '', columns: null };
  // SQLite's RETURNING only takes unqualified column names.
  const scope = new Scope();
  scope.add({ alias, columns: tableColumns(table), unqualified: true, relOid: table.oid });
  for (const item of extra) scope.add(item);
  const ctx: ExprCtx = { t, scope, aggs: false, clause: 'RETURNING' };
  const parts: string[] = [];
  // The same list for binary results; records are record_send there, record_out in text (record.ts).
  const binaryParts: string[] = [];
  const columns: OutColumn[] = [];
  for (const rt0 of list) {
    const rt = rt0.ResTarget;
    const fields: Node[] | undefined = rt.val.ColumnRef?.fields;
    if (fields?.some((f) => f.A_Star)) {
      // `*` is every item's columns, `t.*` only those of the item called t.
      const qualifier = fields.length > 1 ? str(fields[fields.length - 2]) : undefined;
      const items = qualifier === undefined ? undefined : extra.filter((i) => i.alias === qualifier);
      if (qualifier !== undefined && qualifier !== alias && !items?.length)
        throw t.error(SQLSTATE.UNDEFINED_TABLE, `missing FROM-clause entry for table "${qualifier}"`, rt.val);
      if (qualifier === undefined || qualifier === alias) {
        for (const c of table.columns) {
          parts.push(`${quoteIdent(c.name)} AS ${quoteIdent(c.name)}`);
          binaryParts.push(parts[parts.length - 1]);
          columns.push({ name: c.name, type: c.typeOid, typmod: c.typmod, tableOid: table.oid, attnum: c.attnum });
        }
      }
      for (const item of items ?? extra)
        for (const c of item.columns) {
          if (item.hiddenFromStar?.has(c.name)) continue;
          parts.push(`${colSql(item, c)} AS ${quoteIdent(c.name)}`);
          binaryParts.push(parts[parts.length - 1]);
          columns.push({ name: c.name, type: c.type, typmod: c.typmod, tableOid: c.tableOid, attnum: c.attnum });
        }
      continue;
    }
    let e = expr(ctx, rt.val);
    if (e.type === OID.unknown) e = coerce(t, e, OID.text, -1, 'implicit', rt.val);
    const name = rt.name ?? e.name ?? '?column?';
    const as = ` AS ${quoteIdent(name)}`;
    if (isRecordType(e.type)) {
      parts.push(recordOutSql(t, e, rt.val) + as);
      binaryParts.push(recordSendSql(t, e, rt.val) + as);
      const type = recordTypeOid(e.type, e.typmod);
      columns.push({ name, type, typmod: -1, codecOid: OID.record });
      continue;
    }
    // OID-valued reg types (pg_typeof) come out as their names, as in a top-level SELECT.
    parts.push(`${isOidReg(e.type) ? regToText(t, e.sql, e.type) : e.sql}${as}`);
    binaryParts.push(e.sql + as);
    columns.push({ name, type: e.type, typmod: e.typmod, tableOid: e.tableOid, attnum: e.attnum });
  }
  const formats = columns.some((c) => c.codecOid === OID.record) ? { cols: parts, binaryCols: binaryParts } : undefined;
  return { sql: ` RETURNING ${parts.join(', ')}`, columns, ...(formats && { formats }) };
}
