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
import { rowArrayTypeOid, rowTypeOid } from './pg-catalog/rowtypes.js';
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
  /** The type OID the record is reported as: record, or the row type of a table or view (pg-catalog/rowtypes.ts). */
  typeOid: number;
  /** The type OID arrays of it are reported as: record[], or the row type's array type. */
  arrayOid: number;
}

const shapes: RecordShape[] = [];
const shapeIndex = new Map<string, number>();

/**
 * The typmod of records with these fields (registered on first use); `relOid` for the row type of a table or
 * view (the row type's OIDs are derived from the relation's, so the same relation always gets the same shape).
 */
export function recordTypmod(fields: RecordField[], relOid?: number): number {
  const key = `${relOid ?? ''}|${fields.map((f) => `${f.name}:${f.type}:${f.typmod}`).join(',')}`;
  let id = shapeIndex.get(key);
  if (id === undefined) {
    id = shapes.length;
    const typeOid = relOid === undefined ? OID.record : rowTypeOid(relOid);
    const arrayOid = relOid === undefined ? OID._record : rowArrayTypeOid(relOid);
    shapes.push({ fields, typeOid, arrayOid });
    shapeIndex.set(key, id);
  }
  return id;
}

/** The fields of record values of this typmod, undefined when the shape is unknown (typmod -1). */
export function recordFields(typmod: number): RecordField[] | undefined {
  return typmod >= 0 ? shapes[typmod]?.fields : undefined;
}

/**
 * The OID a record (or record[]) value is reported as in RowDescription and pg_typeof: record, or the row type
 * of a table or view (their arrays likewise).
 */
export function recordTypeOid(type: number, typmod: number): number {
  const shape = typmod >= 0 ? shapes[typmod] : undefined;
  if (type === OID.record) return shape?.typeOid ?? OID.record;
  if (type === OID._record) return shape?.arrayOid ?? OID._record;
  return type;
}

/**
 * The typmod of a value chosen among record (or record[]) values (CASE, COALESCE, ARRAY[...], UNION...). PG
 * lets each anonymous record keep its own field types; a Lumos record Expr has one shape, so the inputs must
 * have the same field types (their names and row type may differ: the first input's are kept, as its row type
 * is PG's result type). `compares`: the values are compared (UNION, INTERSECT, EXCEPT), where PG's record
 * comparison rejects records of different column types.
 */
export function commonRecordTypmod(
  t: Translator,
  exprs: { type: number; typmod: number; nullConst?: boolean }[],
  context: string,
  node?: Node,
  compares = false,
): number {
  // A NULL constant (coerced to record) has no fields of its own.
  const typed = exprs.filter((e) => isRecordType(e.type) && !e.nullConst);
  if (!typed.length || typed.some((e) => e.typmod < 0)) return -1;
  const first = typed[0].typmod;
  const a = shapes[first].fields;
  // A NULL field (type unknown) takes the type of the other records' field.
  let merged: RecordField[] | undefined;
  for (const e of typed) {
    if (e.typmod === first) continue;
    const b = shapes[e.typmod].fields;
    if (a.length !== b.length) {
      if (compares)
        throw t.error(
          SQLSTATE.DATATYPE_MISMATCH,
          'cannot compare record types with different numbers of columns',
          node,
        );
      throw t.error(
        SQLSTATE.FEATURE_NOT_SUPPORTED,
        `records with different numbers of columns in ${context} are not supported`,
        node,
      );
    }
    const i = a.findIndex((f, j) => f.type !== b[j].type && f.type !== OID.unknown && b[j].type !== OID.unknown);
    if (i >= 0) {
      if (compares) {
        const msg = `cannot compare dissimilar column types ${t.typeName(a[i].type)} and ${t.typeName(b[i].type)} at record column ${i + 1}`;
        throw t.error(SQLSTATE.DATATYPE_MISMATCH, msg, node);
      }
      throw t.error(
        SQLSTATE.FEATURE_NOT_SUPPORTED,
        `records of different column types in ${context} are not supported`,
        node,
      );
    }
    b.forEach((f, j) => {
      if ((merged ?? a)[j].type === OID.unknown && f.type !== OID.unknown) {
        merged ??= [...a];
        merged[j] = { ...a[j], type: f.type, typmod: f.typmod };
      }
    });
  }
  return merged ? recordTypmod(merged) : first;
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

/** GREATEST/LEAST over records: the non-NULL argument first in record order (btrecordcmp), by sort key. */
export function recordMinMax(t: Translator, fn: 'greatest' | 'least', args: Expr[], node?: Node): Expr {
  const typmod = commonRecordTypmod(t, args, fn.toUpperCase(), node);
  const key = recordSortKeySql({ sql: '"lumos_v"', type: OID.record, typmod });
  const values = args.map((a) => `SELECT ${a.sql} AS "lumos_v"`).join(' UNION ALL ');
  const dir = fn === 'greatest' ? 'DESC' : 'ASC';
  const sql = `(SELECT "lumos_v" FROM (${values}) WHERE "lumos_v" IS NOT NULL ORDER BY ${key} ${dir} LIMIT 1)`;
  return { sql, type: OID.record, typmod, name: fn, agg: args.some((a) => a.agg) };
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
  const typmod = recordTypmod(fields, item.relOid);
  const sql = recordSql(
    fields,
    cols.map((c) => colSql(item, c)),
  );
  return { sql, type: OID.record, typmod, name: alias };
}
