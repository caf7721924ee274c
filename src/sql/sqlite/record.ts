/**
 * Composite values (PG type record, and the row types of tables): ROW(a, b), whole-row references (`t` for FROM
 * item t), rows of record-returning set functions, and the SEARCH/CYCLE columns of recursive CTEs.
 *
 * One representation everywhere: a record is the SQLite JSON array of its fields' storage values (storage.ts),
 * so SQLite compares, groups and DISTINCTs records by value. Two field kinds are re-encoded for JSON: bytea as
 * its '\x...' hex text (JSON cannot hold a BLOB; the form array storage uses too), and arrays/records nested as
 * JSON (so a value nests the same way whether or not SQLite still knows it is JSON).
 *
 * Like PG's "blessed" anonymous record types, a record Expr's field list is registered once and its typmod names
 * it, so field types are known at translate time: `(expr).field` extracts with the field's type, and output
 * (record_out text, record_send binary, row_to_json) runs the registered SQLite functions of record-io.ts with a
 * type descriptor literal built from the fields (worker threads need no registry).
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { isArrayOid, OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import type { Expr } from './coerce.js';
import type { ExprCtx } from './expr.js';
import { rowTypeOid } from './pg-catalog/rowtypes.js';
import { colSql, type ScopeItem } from './scope.js';
import { quoteString } from './storage.js';
import { str, type Translator } from './translator.js';

export interface RecordField {
  name: string;
  type: number;
  typmod: number;
}

interface RecordShape {
  fields: RecordField[];
  /** The type OID the record is reported as: record, or the row type of a table (pg-catalog/rowtypes.ts). */
  typeOid: number;
}

const shapes: RecordShape[] = [];
const shapeIndex = new Map<string, number>();

/** The typmod of records with these fields (registered on first use); `typeOid` for a table's row type. */
export function recordTypmod(fields: RecordField[], typeOid: number = OID.record): number {
  const key = `${typeOid}|${fields.map((f) => `${f.name}:${f.type}:${f.typmod}`).join(',')}`;
  let id = shapeIndex.get(key);
  if (id === undefined) {
    id = shapes.length;
    shapes.push({ fields, typeOid });
    shapeIndex.set(key, id);
  }
  return id;
}

/** The fields of record values of this typmod, undefined when the shape is unknown (typmod -1). */
export function recordFields(typmod: number): RecordField[] | undefined {
  return typmod >= 0 ? shapes[typmod]?.fields : undefined;
}

/** The OID a record-typed column is reported as in RowDescription (record, or a table's row type). */
export function recordTypeOid(type: number, typmod: number): number {
  if (type !== OID.record) return type;
  return (typmod >= 0 ? shapes[typmod]?.typeOid : undefined) ?? OID.record;
}

export const isRecordType = (type: number) => type === OID.record || type === OID._record;

const nested = (type: number) => type === OID.record || isArrayOid(type);

/** SQL of one field as stored inside a record (see the module comment). */
function fieldStorageSql(type: number, sql: string): string {
  if (type === OID.bytea) return `('\\x' || hex(${sql}))`; // NULL stays NULL, '' stays '\x'
  if (nested(type)) return `json(${sql})`;
  return sql;
}

/** SQL building a record value from the SQL of its fields. */
export function recordSql(fields: RecordField[], values: string[]): string {
  return `json_array(${fields.map((f, i) => fieldStorageSql(f.type, values[i])).join(', ')})`;
}

/** SQL of field `i` of a record value, back in its storage form. */
export function recordFieldSql(record: string, i: number, type: number): string {
  const v = `json_extract(${record}, '$[${i}]')`;
  if (type === OID.bytea) return `unhex(substr(${v}, 3))`;
  return v;
}

/**
 * A record's type descriptor for the SQLite functions of record-io.ts (JSON): a base type is its OID, a record
 * `{o: type OID, f: [[name, descriptor]...]}`, an array of records `{a: descriptor of the element}`.
 */
export type TypeDescriptor = number | { o: number; f: [string, TypeDescriptor][] } | { a: TypeDescriptor };

function descriptor(type: number, typmod: number): TypeDescriptor | undefined {
  if (type === OID._record) {
    const e = descriptor(OID.record, typmod);
    return e === undefined ? undefined : { a: e };
  }
  if (type !== OID.record) return type;
  const shape = typmod >= 0 ? shapes[typmod] : undefined;
  if (!shape) return undefined;
  const f: [string, TypeDescriptor][] = [];
  for (const x of shape.fields) {
    const d = descriptor(x.type, x.typmod);
    if (d === undefined) return undefined;
    f.push([x.name, d]);
  }
  return { o: shape.typeOid, f };
}

/** The descriptor literal of a record (or record[]) Expr; 0A000 when its fields are not known. */
function descriptorSql(t: Translator | undefined, e: { type: number; typmod: number }, node?: Node): string {
  const d = descriptor(e.type, e.typmod);
  if (d === undefined) {
    const msg = 'a record value whose column types are not known at this point is not supported';
    throw t ? t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, msg, node) : new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, msg);
  }
  return quoteString(JSON.stringify(d));
}

/** record_out: the PG text of a record (or record[]) value. */
export function recordOutSql(t: Translator, e: Expr | { sql: string; type: number; typmod: number }, node?: Node) {
  return `lumos_record_out(${descriptorSql(t, e, node)}, ${e.sql}, ${t.codecSql()})`;
}

/** record_send: the binary form of a record (or record[]) value. */
export function recordSendSql(t: Translator, e: { sql: string; type: number; typmod: number }, node?: Node) {
  return `lumos_record_send(${descriptorSql(t, e, node)}, ${e.sql}, ${t.codecSql()})`;
}

/** The JSON of a record (row_to_json: an object by field name) or record[] (an array of them). */
export function recordJsonSql(t: Translator, e: Expr, node?: Node): string {
  return `lumos_record_json(${descriptorSql(t, e, node)}, ${e.sql}, ${t.codecSql()})`;
}

/** A key whose bytewise order is PG's order of records (btrecordcmp) and arrays of records. */
export function recordSortKeySql(e: { sql: string; type: number; typmod: number }) {
  return `lumos_record_sortkey(${descriptorSql(undefined, e)}, ${e.sql})`;
}

/** Tables and views cannot store anonymous records (PG: 42P16, record is a pseudo-type). */
export function checkNoRecordColumns(t: Translator, cols: { name: string; type: number }[], node?: Node): void {
  const c = cols.find((x) => isRecordType(x.type));
  if (c) {
    const type = c.type === OID.record ? 'record' : 'record[]';
    throw t.error('42P16', `column "${c.name}" has pseudo-type ${type}`, node);
  }
}

/** `record IS [NOT] NULL`, PG's row test: every field is NULL (or, with NOT, none is). */
export function recordNullTestSql(sql: string, not: boolean): string {
  if (!not) return `(NOT EXISTS (SELECT 1 FROM json_each(${sql}) WHERE type <> 'null'))`;
  return `(${sql} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM json_each(${sql}) WHERE type = 'null'))`;
}

/** `(base).field`: undefined when the indirection is no field selection. */
export function fieldSelection(t: Translator, base: Expr, indirection: Node[], node: Node): Expr | undefined {
  if (!indirection[0]?.String) return undefined;
  if (indirection.length > 1)
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'nested field selection is not supported', node);
  const name = str(indirection[0]);
  const fields = base.type === OID.record ? recordFields(base.typmod) : undefined;
  if (!fields) {
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'field selection from a composite value is not supported', node);
  }
  const i = fields.findIndex((x) => x.name === name);
  if (i < 0) throw t.error(SQLSTATE.UNDEFINED_COLUMN, `could not identify column "${name}" in record data type`, node);
  const f = fields[i];
  return { sql: recordFieldSql(base.sql, i, f.type), type: f.type, typmod: f.typmod, name };
}

/**
 * A bare FROM-item name used as a value (`t` for FROM item t): PG's whole-row reference, a record of the item's
 * columns (of the table's row type for a table); for a function returning a base type, the function's value.
 * Undefined when no FROM item has that name.
 */
export function wholeRowRef(ctx: ExprCtx, alias: string): Expr | undefined {
  let item: ScopeItem;
  try {
    [item] = ctx.scope.starItems(alias);
  } catch {
    return undefined;
  }
  const cols = item.columns.filter((c) => !item.hiddenFromStar?.has(c.name));
  if (item.scalarFunction)
    return { sql: colSql(item, cols[0]), type: cols[0].type, typmod: cols[0].typmod, name: alias };
  const fields = cols.map((c) => ({ name: c.name, type: c.type, typmod: c.typmod }));
  const typmod = recordTypmod(fields, item.relOid === undefined ? OID.record : rowTypeOid(item.relOid));
  const sql = recordSql(
    fields,
    cols.map((c) => colSql(item, c)),
  );
  return { sql, type: OID.record, typmod, name: alias };
}
