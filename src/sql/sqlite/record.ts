/**
 * Anonymous records (type record) whose fields are known at translate time, such as the (x, n) rows of a
 * record-returning set function in a select list. Like PG's "blessed" record types, the field list is registered
 * once and the record's typmod names it, so `(expr).field` resolves the field's type after the record has gone
 * through subqueries. The value itself is a JSON object (the form whole-row references use, fn-json.ts).
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Node } from '../parse.js';
import type { Expr } from './coerce.js';
import { quoteString } from './storage.js';
import { str, type Translator } from './translator.js';

export interface RecordField {
  name: string;
  type: number;
  typmod: number;
}

const shapes: RecordField[][] = [];
const shapeIndex = new Map<string, number>();

/** The typmod of records with these fields (registered on first use). */
export function recordTypmod(fields: RecordField[]): number {
  const key = fields.map((f) => `${f.name}:${f.type}:${f.typmod}`).join(',');
  let id = shapeIndex.get(key);
  if (id === undefined) {
    id = shapes.length;
    shapes.push(fields);
    shapeIndex.set(key, id);
  }
  return id;
}

/** SQL building a record value from the SQL of its fields. */
export function recordSql(fields: RecordField[], values: string[]): string {
  return `json_object(${fields.map((f, i) => `${quoteString(f.name)}, ${values[i]}`).join(', ')})`;
}

/** `(base).field`: undefined when the indirection is no field selection. */
export function fieldSelection(t: Translator, base: Expr, indirection: Node[], node: Node): Expr | undefined {
  if (!indirection[0]?.String) return undefined;
  if (indirection.length > 1)
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'nested field selection is not supported', node);
  const name = str(indirection[0]);
  const fields = base.typmod >= 0 ? shapes[base.typmod] : undefined;
  if (!fields || base.type !== OID.record) {
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'field selection from a composite value is not supported', node);
  }
  const f = fields.find((x) => x.name === name);
  if (!f) throw t.error(SQLSTATE.UNDEFINED_COLUMN, `could not identify column "${name}" in record data type`, node);
  return { sql: `json_extract(${base.sql}, ${quoteString(`$."${name}"`)})`, type: f.type, typmod: f.typmod, name };
}
