/**
 * The OID alias types regclass, regtype, regnamespace, regrole, regproc, regprocedure, regoper and regoperator
 * (stored as the integer OID, shown as the name; the function and operator ones in reg-procs.ts). Casts in both
 * directions, literals resolved at translate time like PG, and the name conversion of result columns.
 */
import { PgError, SQLSTATE } from '../../../../protocol/errors.js';
import { OID, oidOfTypeName } from '../../../../protocol/types/oids.js';
import type { Node } from '../../parse.js';
import { userTypeNameSql, userTypeOidByName } from '../enum-core.js';
import { quoteString } from '../storage.js';
import { findLocation, type Translator } from '../translator.js';
import { DATABASE_OWNER_ROLE, INFORMATION_SCHEMA_NSP, model, POSTGRES_ROLE, quoteIdentIfNeeded } from './model.js';
import { PG_CATALOG_RELATIONS } from './pg-type-data.js';
import { regProcIn } from './reg-procs.js';
import { infoSchemaRelations, systemRelation } from './system-relations.js';

/** The reg types of functions and operators (pg_proc and pg_operator OIDs, reg-procs.ts). */
const PROC_REGS = new Set<number>([OID.regproc, OID.regprocedure, OID.regoper, OID.regoperator]);
const OID_REGS = new Set<number>([OID.regclass, OID.regtype, OID.regnamespace, OID.regrole, ...PROC_REGS]);
const PROC_REG_PAIRS: [number, number][] = [
  [OID.regproc, OID.regprocedure],
  [OID.regprocedure, OID.regproc],
  [OID.regoper, OID.regoperator],
  [OID.regoperator, OID.regoper],
];
const INTS = new Set<number>([OID.oid, OID.int2, OID.int4, OID.int8]);

export const isOidReg = (t: number) => OID_REGS.has(t);
export const isRegType = (t: number) => OID_REGS.has(t);

/** commonType for comparisons of a reg type with oid/integers (PG compares them as oid). */
export function regCommon(a: number, b: number): number | undefined {
  if ((isOidReg(a) && (INTS.has(b) || isOidReg(b))) || (isOidReg(b) && INTS.has(a))) return OID.oid;
  return undefined;
}

/** A dotted name as PG's parser splits it: quoted parts kept as written, unquoted parts lowercased. */
export function splitName(text: string): string[] {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([^".\s]+))\s*(\.|$)/gy;
  let pos = 0;
  while (pos < text.length) {
    const m = re.exec(text);
    if (!m) break;
    parts.push(m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2].toLowerCase());
    pos = re.lastIndex;
    if (!m[3]) break;
  }
  return parts;
}

/** System relations by OID, named as regclass prints them (information_schema is not on the search path). */
const SYS_REL_BY_OID = new Map<number, string>([
  ...Object.entries(PG_CATALOG_RELATIONS).map(([k, v]): [number, string] => [v, k]),
  ...infoSchemaRelations().map(([k, v]): [number, string] => [v, `information_schema.${k}`]),
]);

function relationOid(t: Translator, text: string): number | undefined {
  const parts = splitName(text);
  const name = parts[parts.length - 1];
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  if (!name) return undefined;
  if ((schema === undefined || schema === 'pg_catalog') && PG_CATALOG_RELATIONS[name] !== undefined) {
    if (schema === 'pg_catalog' || !t.catalog.lookupRelation(name, undefined, t.opts.searchPath))
      return PG_CATALOG_RELATIONS[name];
  }
  const r = t.catalog.lookupRelation(name, schema, t.opts.searchPath);
  if (r) return r.oid;
  if (schema === 'information_schema') return systemRelation(INFORMATION_SCHEMA_NSP, name)?.oid;
  const m = model(t.catalog);
  const path = schema ? [schema] : t.opts.searchPath;
  for (const s of path) {
    const idx = m.indexes.find((i) => i.name === name && i.table.schema === s);
    if (idx) return idx.oid;
  }
  return undefined;
}

function namespaceByName(t: Translator, name: string): number | undefined {
  return model(t.catalog).namespaces.find((n) => n.name === name)?.oid;
}

/** The storage literal of a reg-type literal ('t'::regclass), resolved now as PG does at parse time. */
export function regLiteralSql(t: Translator, text: string, type: number, node?: Node): string {
  const pos = findLocation(node);
  const position = pos !== undefined ? pos + 1 : undefined;
  const trimmed = text.trim();
  // An OID written as a number must fit (oidin).
  if (/^\d+$/.test(trimmed) && Number(trimmed) > 4294967295)
    throw new PgError(SQLSTATE.NUMERIC_VALUE_OUT_OF_RANGE, `value "${trimmed}" is out of range for type oid`, {
      position,
    });
  if (PROC_REGS.has(type)) {
    const oid = regProcIn(type, trimmed);
    if (typeof oid !== 'number') throw new PgError(oid.code, oid.message, { position });
    return String(oid);
  }
  if (/^\d+$/.test(trimmed)) return trimmed;
  // db.schema.name: only the current database, which is known when the statement runs.
  if (type === OID.regclass && splitName(trimmed).length > 2) return textToReg(t, quoteString(trimmed), type);
  let oid: number | undefined;
  switch (type) {
    case OID.regclass:
      oid = relationOid(t, trimmed);
      if (oid === undefined)
        throw new PgError(SQLSTATE.UNDEFINED_TABLE, `relation "${trimmed}" does not exist`, { position });
      return String(oid);
    case OID.regtype:
      oid = userTypeOidByName(t, trimmed) ?? oidOfTypeName(trimmed.replace(/^pg_catalog\./i, '').replaceAll('"', ''));
      if (oid === undefined)
        throw new PgError(SQLSTATE.UNDEFINED_OBJECT, `type "${trimmed}" does not exist`, { position });
      return String(oid);
    case OID.regnamespace:
      oid = namespaceByName(t, splitName(trimmed)[0] ?? trimmed);
      if (oid === undefined) throw new PgError('3F000', `schema "${trimmed}" does not exist`, { position });
      return String(oid);
    case OID.regrole: {
      const name = splitName(trimmed)[0];
      if (name === 'postgres') return String(POSTGRES_ROLE);
      if (name === 'pg_database_owner') return String(DATABASE_OWNER_ROLE);
      throw new PgError('42704', `role "${trimmed}" does not exist`, { position });
    }
  }
  throw new PgError(SQLSTATE.FEATURE_NOT_SUPPORTED, `type ${type} literals are not supported`, { position });
}

function relationNameCases(t: Translator): [number, string][] {
  const m = model(t.catalog);
  const out: [number, string][] = [];
  for (const r of m.relations) {
    const visible =
      t.catalog.lookupRelation(r.name, undefined, t.opts.searchPath)?.oid === r.oid ||
      (r.kind === 'i' && t.opts.searchPath.includes(r.schema));
    out.push([
      r.oid,
      visible ? quoteIdentIfNeeded(r.name) : `${quoteIdentIfNeeded(r.schema)}.${quoteIdentIfNeeded(r.name)}`,
    ]);
  }
  return out;
}

function caseSql(x: string, cases: [number | string, string][], fallback: string): string {
  if (cases.length === 0) return fallback;
  const whens = cases
    .map(([k, v]) => `WHEN ${typeof k === 'number' ? k : quoteString(k)} THEN ${quoteString(v)}`)
    .join(' ');
  return `CASE ${x} ${whens} ELSE ${fallback} END`;
}

/** SQL giving the text output of a reg value (its storage form in `sql`). */
export function regToText(t: Translator, sql: string, type: number): string {
  // regprocout & co. (InvalidOid prints as '-', or '0' for the operator types).
  if (PROC_REGS.has(type)) return `lumos_reg_proc_out(${type}, ${sql})`;
  // InvalidOid (0) prints as '-' for the other reg types (regclassout & co.).
  return `CASE WHEN (${sql}) = 0 THEN '-' ELSE ${regNameSql(t, sql, type)} END`;
}

function regNameSql(t: Translator, sql: string, type: number): string {
  const x = `(${sql})`;
  switch (type) {
    case OID.regclass:
      return caseSql(x, relationNameCases(t), `coalesce(lumos_sys_relname(${x}), CAST(${x} AS TEXT))`);
    case OID.regtype:
      // regtypeout prints an OID that is no type as the number (format_type says '???').
      return userTypeNameSql(t, x, `coalesce(NULLIF(lumos_format_type(${x}, NULL), '???'), CAST(${x} AS TEXT))`);
    case OID.regnamespace:
      return caseSql(
        x,
        model(t.catalog).namespaces.map((n) => [n.oid, quoteIdentIfNeeded(n.name)]),
        `CAST(${x} AS TEXT)`,
      );
    case OID.regrole:
      return caseSql(
        x,
        [
          [POSTGRES_ROLE, 'postgres'],
          [DATABASE_OWNER_ROLE, 'pg_database_owner'],
        ],
        `CAST(${x} AS TEXT)`,
      );
  }
  return `CAST(${x} AS TEXT)`;
}

/** SQL converting text at run time to a reg value (NULL when there is no such object, like to_regclass). */
/** Text to a reg type at run time; `missingOk` (to_regclass & co.) gives NULL for an unknown name instead of PG's error. */
export function textToReg(t: Translator, sql: string, type: number, missingOk = false): string {
  if (PROC_REGS.has(type)) return `lumos_reg_proc_in(${type}, ${sql})`;
  const x = `(${sql})`;
  const cases: [string, string][] = [];
  const add = (k: string, v: number) => cases.push([k, String(v)]);
  switch (type) {
    case OID.regclass:
      // Keys are names as lumos_reg_key reduces the text: quotes removed, unquoted parts lowercased.
      for (const r of model(t.catalog).relations) {
        add(`${r.schema}.${r.name}`, r.oid);
        const visible =
          t.catalog.lookupRelation(r.name, undefined, t.opts.searchPath)?.oid === r.oid ||
          (r.kind === 'i' && t.opts.searchPath.includes(r.schema));
        if (visible) add(r.name, r.oid);
      }
      for (const [name, oid] of Object.entries(PG_CATALOG_RELATIONS)) {
        add(name, oid);
        add(`pg_catalog.${name}`, oid);
      }
      for (const [name, oid] of infoSchemaRelations()) add(`information_schema.${name}`, oid);
      break;
    case OID.regnamespace:
      for (const n of model(t.catalog).namespaces) add(n.name, n.oid);
      break;
    case OID.regrole:
      add('postgres', POSTGRES_ROLE);
      break;
    case OID.regtype:
      return userTypeInSql(t, x);
  }
  const seen = new Set<string>();
  const whens = cases
    .filter(([k]) => {
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map(([k, v]) => `WHEN ${quoteString(k)} THEN ${v}`)
    .join(' ');
  // A name that is none of them fails as PG's regclassin & co. do (lumos_reg_missing), a NULL stays NULL.
  const key = `lumos_reg_key(${x}, ${t.sessionParam('database')})`;
  const known = whens ? `CASE ${key} ${whens} END` : 'NULL';
  const missing = missingOk ? 'NULL' : `lumos_reg_missing(${type}, ${x})`;
  return `CASE WHEN ${x} GLOB '[0-9]*' THEN CAST(${x} AS INTEGER) ELSE coalesce(${known}, ${missing}) END`;
}

/**
 * Text to regtype at run time (TypeORM casts '"schema"."udt_name"' built from information_schema.columns): the
 * user types by every name this session resolves them with, then the built-in types. The text is first reduced
 * to a key (quotes removed, unquoted parts lowercased) so `"public"."mood"`, `public.mood` and `mood` all match.
 */
function userTypeInSql(t: Translator, x: string): string {
  const cases: string[] = [];
  for (const e of t.catalog.enums()) {
    const visible = t.catalog.lookupType(e.name, undefined, t.opts.searchPath)?.oid === e.oid;
    const names: [string, number][] = [
      [e.name, e.oid],
      [`${e.name}[]`, e.arrayOid],
      [`_${e.name}`, e.arrayOid],
    ];
    for (const [name, oid] of names) {
      cases.push(`WHEN ${quoteString(`${e.schema}.${name}`)} THEN ${oid}`);
      if (visible) cases.push(`WHEN ${quoteString(name)} THEN ${oid}`);
    }
  }
  if (!cases.length) return `lumos_regtype_in(${x})`;
  return `coalesce(CASE lumos_type_name_key(${x}) ${cases.join(' ')} END, lumos_regtype_in(${x}))`;
}

/** castSql for reg types; undefined when neither side is one. */
export function regCastSql(t: Translator, sql: string, from: number, to: number): string | undefined {
  const fr = isRegType(from);
  const tr = isRegType(to);
  if (!fr && !tr) return undefined;
  const textLike = (x: number) =>
    x === OID.text || x === OID.varchar || x === OID.name || x === OID.bpchar || x === OID.unknown;
  if (fr && tr) {
    // Function and operator reg types cast only to their pair (pg_cast: regproc <-> regprocedure, regoper <->
    // regoperator), binary-coercibly.
    if (PROC_REGS.has(from) || PROC_REGS.has(to))
      return from === to || PROC_REG_PAIRS.some(([a, b]) => a === from && b === to) ? sql : undefined;
    if (isOidReg(from) === isOidReg(to)) return sql;
    return undefined;
  }
  if (fr) {
    if (textLike(to)) return regToText(t, sql, from);
    if (INTS.has(to) && isOidReg(from)) return sql;
    return undefined;
  }
  if (textLike(from)) return textToReg(t, sql, to);
  if (INTS.has(from) && isOidReg(to)) return sql;
  return undefined;
}

export function sysRelname(oid: number): string | null {
  const n = SYS_REL_BY_OID.get(oid);
  return n === undefined ? null : n;
}

/**
 * A result whose columns are converted on output (result-output.ts): the inner SELECT and each output column's SQL
 * over it, for text and for binary format.
 */
export interface RegWrap {
  inner: string;
  cols: string[];
  binaryCols: string[];
  /** INSERT/UPDATE/DELETE (which SQLite cannot wrap): the statement before its RETURNING list, made of `cols`. */
  returning?: string;
}

/**
 * The SQL of a statement with converted columns for these result formats: a reg column asked in binary stays the
 * OID (its binary form), in text it becomes the name; a record is record_send or record_out. Undefined when
 * every converted column is asked in text.
 */
export function regFormatSql(wrap: RegWrap, formats: readonly number[]): string | undefined {
  let binary = false;
  const cols = wrap.cols.map((c, i) => {
    if (formats[i] !== 1 || c === wrap.binaryCols[i]) return c;
    binary = true;
    return wrap.binaryCols[i];
  });
  if (!binary) return undefined;
  return wrap.returning !== undefined
    ? `${wrap.returning} RETURNING ${cols.join(', ')}`
    : `SELECT ${cols.join(', ')} FROM (${wrap.inner})`;
}
