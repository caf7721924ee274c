/**
 * Enum types (CREATE TYPE ... AS ENUM) in expressions: literals, casts, parameters, ordering and names.
 *
 * Storage: an enum value is stored as its label (TEXT), an enum[] as a JSON array of labels like every array.
 * The label is the value's text and binary form in PG, so output, JSON, concatenation, equality, GROUP BY,
 * DISTINCT, indexes and unique constraints need no translation at all, and RENAME VALUE is the only DDL that
 * rewrites rows. What labels cannot give is PG's order (pg_enum.enumsortorder, not alphabetical, and ADD VALUE
 * BEFORE/AFTER puts new labels between old ones): wherever values are ordered (< <= > >=, ORDER BY, min/max,
 * enum_range) the translator sorts by a sort key generated from the catalog at translate time,
 * `CASE x WHEN 'sad' THEN 0 WHEN 'ok' THEN 1 ... END` (the label's rank). Translations are cached per catalog
 * version, so after ADD VALUE or RENAME VALUE every statement is translated again with the new ranks. Storing
 * the sort order instead would make comparisons free but every output path (text, binary, JSON, arrays, COPY,
 * string functions) would need translating back to the label.
 *
 * Labels are checked where values enter: literals at translate time, parameters and text casts at run time
 * (lumos_enum_in, which carries the labels with it so reader workers need no catalog).
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { getTextDecoder } from '../../../protocol/types/index.js';
import { OID } from '../../../protocol/types/oids.js';
import type { Catalog } from '../../catalog/catalog.js';
import type { EnumTypeDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import { quoteIdentIfNeeded } from './pg-catalog/model.js';
import { rowArrayTypeOid, rowTypeOid } from './pg-catalog/rowtypes.js';
import { quoteString, sqlLiteral, toStorage } from './storage.js';
import type { Translator } from './translator.js';

/** OIDs below this are built in (FirstNormalObjectId): only larger ones can be user types. */
const FIRST_USER_OID = 16384;

export function enumOf(t: Translator, oid: number): EnumTypeDef | undefined {
  return oid >= FIRST_USER_OID ? t.catalog.enumType(oid) : undefined;
}

/** The enum whose array type is `oid`. */
export function enumArrayOf(t: Translator, oid: number): EnumTypeDef | undefined {
  return oid >= FIRST_USER_OID ? t.catalog.enumType(oid, true) : undefined;
}

/** format_type's name of an enum: unqualified when the search path finds it, else schema.name. */
export function enumTypeName(t: Translator, def: EnumTypeDef): string {
  const visible = t.catalog.lookupType(def.name, undefined, t.opts.searchPath)?.oid === def.oid;
  const name = quoteIdentIfNeeded(def.name);
  return visible ? name : `${quoteIdentIfNeeded(def.schema)}.${name}`;
}

/** Display name of a user type or its array type (undefined for other OIDs). */
export function userTypeName(t: Translator, oid: number): string | undefined {
  const e = enumOf(t, oid);
  if (e) return enumTypeName(t, e);
  const a = enumArrayOf(t, oid);
  return a ? `${enumTypeName(t, a)}[]` : undefined;
}

/** OIDs of user types (and their array types) the search path does not find by their unqualified name. */
export function hiddenUserTypes(t: Translator): number[] {
  return t.catalog
    .enums()
    .filter((e) => t.catalog.lookupType(e.name, undefined, t.opts.searchPath)?.oid !== e.oid)
    .flatMap((e) => [e.oid, e.arrayOid]);
}

/** (oid, name) of every user type and array type, for CASE-based regtype/format_type output. */
export function userTypeNameCases(t: Translator): [number, string][] {
  const out: [number, string][] = [];
  for (const e of t.catalog.enums()) {
    const name = enumTypeName(t, e);
    out.push([e.oid, name], [e.arrayOid, `${name}[]`]);
  }
  // Every table and view has a row type named after it (pg_class.reltype; format_type(reltype) is its name).
  for (const r of [...t.catalog.all(), ...t.catalog.views()]) {
    const visible = t.catalog.lookupRelation(r.name, undefined, t.opts.searchPath)?.oid === r.oid;
    const name = visible ? quoteIdentIfNeeded(r.name) : `${quoteIdentIfNeeded(r.schema)}.${quoteIdentIfNeeded(r.name)}`;
    out.push([rowTypeOid(r.oid), name], [rowArrayTypeOid(r.oid), `${name}[]`]);
  }
  return out;
}

export function invalidEnumValue(t: Translator, def: EnumTypeDef, text: string, node?: Node): PgError {
  return t.error(
    SQLSTATE.INVALID_TEXT_REPRESENTATION,
    `invalid input value for enum ${enumTypeName(t, def)}: "${text}"`,
    node,
  );
}

const labelsJson = (def: EnumTypeDef) => quoteString(JSON.stringify(def.labels.map((l) => l.label)));

/** PG's check_safe_enum_use: a label added in the open transaction cannot be used before it commits. */
export function unsafeNewValue(typeName: string, label: string, node?: Node, t?: Translator): PgError {
  const msg = `unsafe use of new value "${label}" of enum type ${typeName}`;
  const hint = 'New enum values must be committed before they can be used.';
  return t ? t.error('55P04', msg, node, { hint }) : new PgError('55P04', msg, { hint });
}

/** Fails with 55P04 when `label` is one the open transaction added (EnumLabel.uncommitted). */
export function checkSafeEnumUse(t: Translator, def: EnumTypeDef, label: string, node?: Node): void {
  if (def.labels.some((l) => l.uncommitted && l.label === label))
    throw unsafeNewValue(enumTypeName(t, def), label, node, t);
}

/** Run-time check of a text value against the labels (22P02 when it is none of them, 55P04 for a new one). */
export function enumCheckSql(t: Translator, def: EnumTypeDef, sql: string, array = false): string {
  const fn = array ? 'lumos_enum_array_in' : 'lumos_enum_in';
  const args = `${sql}, ${quoteString(enumTypeName(t, def))}, ${labelsJson(def)}`;
  const fresh = def.labels.filter((l) => l.uncommitted).map((l) => l.label);
  // Only inside a transaction that added labels: the check carries them (workers have no catalog).
  if (fresh.length) return `${fn}_txn(${args}, ${quoteString(JSON.stringify(fresh))})`;
  return `${fn}(${args})`;
}

/** COPY FROM: the `?` of a column of an enum or enum[] type, checked like a parameter (other types: `?`). */
export function copyEnumCheckSql(catalog: Catalog, searchPath: string[], type: number, sql: string): string {
  const t = { catalog, opts: { searchPath } } as Translator; // enumParamSql reads nothing else
  return type >= FIRST_USER_OID ? enumParamSql(t, sql, type) : sql;
}

/** A parameter typed as an enum or enum[] (by the client or by inference) is checked when it is bound. */
export function enumParamSql(t: Translator, sql: string, type: number): string {
  const e = enumOf(t, type);
  if (e) return enumCheckSql(t, e, sql);
  const a = enumArrayOf(t, type);
  return a ? enumCheckSql(t, a, sql, true) : sql;
}

/** A string literal of an enum or enum[] type as its storage literal; undefined for other types. */
export function enumLiteralSql(t: Translator, text: string, type: number, node?: Node): string | undefined {
  const e = enumOf(t, type);
  if (e) {
    if (!e.labels.some((l) => l.label === text)) throw invalidEnumValue(t, e, text, node);
    checkSafeEnumUse(t, e, text, node);
    return quoteString(text);
  }
  const a = enumArrayOf(t, type);
  if (!a) return undefined;
  const value = getTextDecoder(type)(text, t.opts.codec);
  const check = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(check);
    else if (v !== null && !a.labels.some((l) => l.label === v)) throw invalidEnumValue(t, a, String(v), node);
    else if (v !== null) checkSafeEnumUse(t, a, String(v), node);
  };
  check(value);
  return sqlLiteral(toStorage(type, value));
}

/** The label's rank in the enum's sort order (NULL stays NULL): what SQLite compares and sorts. */
export function enumSortKey(def: EnumTypeDef, sql: string): string {
  const whens = def.labels.map((l, i) => `WHEN ${quoteString(l.label)} THEN ${i}`).join(' ');
  return `CASE ${sql} ${whens} END`;
}

/** The label of a rank (min/max compute over ranks). */
export function enumFromSortKey(def: EnumTypeDef, sql: string): string {
  const whens = def.labels.map((l, i) => `WHEN ${i} THEN ${quoteString(l.label)}`).join(' ');
  return `CASE ${sql} ${whens} END`;
}

/** Sort key of an expression of any type: the rank for enums, the value itself otherwise. */
export function enumSortKeyOf(t: Translator, e: { sql: string; type: number }): string | undefined {
  const def = enumOf(t, e.type);
  return def ? enumSortKey(def, e.sql) : undefined;
}

const STRING_TYPES = new Set<number>([OID.text, OID.varchar, OID.bpchar, OID.name]);
const STRING_ARRAYS = new Set<number>([OID._text, OID._varchar, OID._bpchar, OID._name]);

/** Text output of an enum or enum[] value (the labels are the text); undefined for other types. */
export function enumTextSql(t: Translator, sql: string, from: number): string | undefined {
  if (enumOf(t, from)) return sql;
  if (enumArrayOf(t, from)) return `lumos_to_text(${OID._text}, ${sql}, ${t.codecSql()})`;
  return undefined;
}

/**
 * Casts from and to enum types (castSql's part for them); undefined when neither side is one. enum -> string
 * types is PG's I/O conversion (the label); string -> enum exists only explicitly and checks the label.
 */
export function enumCastSql(
  t: Translator,
  sql: string,
  from: number,
  to: number,
  mode: 'implicit' | 'assignment' | 'explicit',
  node?: Node,
): string | undefined {
  const fromE = enumOf(t, from);
  const fromA = fromE ? undefined : enumArrayOf(t, from);
  const toE = enumOf(t, to);
  const toA = toE ? undefined : enumArrayOf(t, to);
  if (!fromE && !fromA && !toE && !toA) return undefined;
  if (fromE && STRING_TYPES.has(to)) return sql;
  if (fromA && STRING_ARRAYS.has(to)) return sql;
  if ((toE && STRING_TYPES.has(from)) || (toA && STRING_ARRAYS.has(from))) {
    if (mode !== 'explicit') {
      throw t.error(
        SQLSTATE.DATATYPE_MISMATCH,
        `expression is of type ${t.typeName(from)} but ${t.typeName(to)} is expected`,
        node,
        { hint: 'You will need to rewrite or cast the expression.' },
      );
    }
    const def = (toE ?? toA) as EnumTypeDef;
    const text = from === OID.bpchar ? `rtrim(${sql}, ' ')` : sql;
    return enumCheckSql(t, def, text, !!toA);
  }
  throw t.error(SQLSTATE.CANNOT_COERCE, `cannot cast type ${t.typeName(from)} to ${t.typeName(to)}`, node);
}

/** The OID whose codecs encode a result column of this type (workers know no user types: enum is text). */
export function codecOid(t: Translator, oid: number): number | undefined {
  if (enumOf(t, oid)) return OID.text;
  if (enumArrayOf(t, oid)) return OID._text;
  return undefined;
}

/** Labels of enums checked at run time (lumos_enum_in), parsed once per distinct label list. */
const labelSets = new Map<string, Set<string>>();

function labelSet(json: string): Set<string> {
  let s = labelSets.get(json);
  if (!s) {
    if (labelSets.size > 1000) labelSets.clear();
    s = new Set(JSON.parse(json) as string[]);
    labelSets.set(json, s);
  }
  return s;
}

function checkLabel(v: unknown, typeName: string, set: Set<string>): void {
  if (v === null || v === undefined) return;
  if (Array.isArray(v)) {
    for (const x of v) checkLabel(x, typeName, set);
    return;
  }
  if (!set.has(String(v)))
    throw new PgError(SQLSTATE.INVALID_TEXT_REPRESENTATION, `invalid input value for enum ${typeName}: "${String(v)}"`);
}

/** The SQLite functions behind enumCheckSql (registered by fn-enum.ts). */
export function enumIn(v: unknown, typeName: unknown, labels: unknown): unknown {
  if (v === null) return null;
  checkLabel(String(v), String(typeName), labelSet(String(labels)));
  return v;
}

export function enumArrayIn(v: unknown, typeName: unknown, labels: unknown): unknown {
  if (v === null) return null;
  checkLabel(JSON.parse(String(v)), String(typeName), labelSet(String(labels)));
  return v;
}

/** enumIn/enumArrayIn in a transaction that added the labels `fresh` (JSON), which it may not use yet. */
export function enumInTxn(array: boolean) {
  return (v: unknown, typeName: unknown, labels: unknown, fresh: unknown): unknown => {
    if (v === null) return null;
    const value = array ? JSON.parse(String(v)) : String(v);
    checkLabel(value, String(typeName), labelSet(String(labels)));
    const unsafe = labelSet(String(fresh));
    const check = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(check);
      else if (x !== null && unsafe.has(String(x))) throw unsafeNewValue(String(typeName), String(x));
    };
    check(value);
    return v;
  };
}

/** OID of a user type (or its array type) written as regtype input: mood, public.mood, "Mood", mood[], _mood. */
export function userTypeOidByName(t: Translator, text: string): number | undefined {
  let s = text.trim();
  const array = s.endsWith('[]');
  if (array) s = s.slice(0, -2).trim();
  const parts = s.split('.').map((p) => (p.startsWith('"') ? p.slice(1, -1).replaceAll('""', '"') : p.toLowerCase()));
  if (parts.length > 2) return undefined;
  const name = parts[parts.length - 1];
  const schema = parts.length === 2 ? parts[0] : undefined;
  const def = t.catalog.lookupType(name, schema, t.opts.searchPath);
  if (def) return array ? def.arrayOid : def.oid;
  if (!array && name.startsWith('_')) return t.catalog.lookupType(name.slice(1), schema, t.opts.searchPath)?.arrayOid;
  return undefined;
}

/** `sql` (a type OID) through format_type's names of the user types, else `fallback`. */
export function userTypeNameSql(t: Translator, sql: string, fallback: string): string {
  const cases = userTypeNameCases(t);
  if (!cases.length) return fallback;
  return `CASE ${sql} ${cases.map(([oid, name]) => `WHEN ${oid} THEN ${quoteString(name)}`).join(' ')} ELSE ${fallback} END`;
}
