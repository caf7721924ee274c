/**
 * Catalog functions (format_type, pg_get_*def, pg_table_is_visible, obj_description, privileges, sizes...).
 * Those that read Lumos's catalog are expanded at translate time (CASE lists or subqueries over the generated
 * pg_catalog relations, so the answer is that of the catalog version the statement was translated against).
 */
import { PgError, SQLSTATE } from '../../../protocol/errors.js';
import { OID, oidOfTypeName } from '../../../protocol/types/oids.js';
import { SEQUENCE_TABLE } from '../../catalog/catalog.js';
import type { Expr } from './coerce.js';
import { coerce, toTextSql } from './coerce.js';
import { hiddenUserTypes, userTypeNameSql } from './enum-core.js';
import type { ExprCtx } from './expr.js';
import { defineScalar, defineSqliteFunctions } from './fn-registry.js';
import { INFORMATION_SCHEMA_TYPES } from './pg-catalog/info-schema-types.js';
import {
  CLASS,
  DATABASE_OWNER_ROLE,
  formatType,
  INFORMATION_SCHEMA_NSP,
  model,
  POSTGRES_ROLE,
  quoteIdentIfNeeded,
} from './pg-catalog/model.js';
import { PG_CATALOG_RELATIONS } from './pg-catalog/pg-type-data.js';
import { procIndex } from './pg-catalog/procs.js';
import { isOidReg, sysRelname, textToReg } from './pg-catalog/regtypes.js';
import { relationSql } from './pg-catalog/relations.js';
import { recordTypeOid } from './record.js';
import { defineSetReturning, defineSqliteTable } from './srf.js';
import { quoteString } from './storage.js';
import type { Translator } from './translator.js';

const mk = (sql: string, type: number): Expr => ({ sql, type, typmod: -1 });

/** An argument as an oid (reg types, integers and literals). */
function oidArg(ctx: ExprCtx, e: Expr | undefined, reg: number = OID.oid): Expr | undefined {
  if (!e) return undefined;
  if (e.type === OID.unknown) return coerce(ctx.t, e, reg, -1, 'implicit');
  if (e.type === OID.oid || e.type === OID.int4 || e.type === OID.int8 || e.type === OID.int2 || isOidReg(e.type))
    return e;
  return undefined;
}

function textArg(ctx: ExprCtx, e: Expr | undefined): Expr | undefined {
  if (!e) return undefined;
  if (e.type === OID.unknown) return coerce(ctx.t, e, OID.text, -1, 'implicit');
  return { ...e, sql: toTextSql(ctx.t, e.sql, e.type), type: OID.text };
}

function caseOf(x: string, pairs: [number, string | null][], type: number, fallback = 'NULL'): Expr {
  if (pairs.length === 0) return mk(`CASE WHEN ${x} IS NULL THEN NULL ELSE ${fallback} END`, type);
  const whens = pairs.map(([k, v]) => `WHEN ${k} THEN ${v === null ? 'NULL' : quoteString(v)}`).join(' ');
  return mk(`CASE ${x} ${whens} ELSE ${fallback} END`, type);
}

function inList(x: string, oids: number[]): string {
  return `CASE WHEN ${x} IS NULL THEN NULL WHEN ${x} IN (${oids.join(', ') || 'NULL'}) THEN 1 ELSE 0 END`;
}

function sub(t: Translator, relation: string): string {
  const r = relationSql(t, relation);
  if (!r) throw new Error(`no catalog relation ${relation}`);
  return `(${r.sql})`;
}

defineScalar('format_type', (ctx, a) => {
  if (a.length !== 2) return undefined;
  const oid = oidArg(ctx, a[0]);
  const mod = a[1].nullConst ? mk('NULL', OID.int4) : coerce(ctx.t, a[1], OID.int4, -1, 'implicit');
  if (!oid) return undefined;
  return mk(userTypeNameSql(ctx.t, `(${oid.sql})`, `lumos_format_type(${oid.sql}, ${mod.sql})`), OID.text);
});

defineScalar('pg_get_userbyid', (ctx, a) => {
  const x = oidArg(ctx, a[0]);
  if (a.length !== 1 || !x) return undefined;
  return caseOf(
    `(${x.sql})`,
    [
      [POSTGRES_ROLE, 'postgres'],
      [DATABASE_OWNER_ROLE, 'pg_database_owner'],
    ],
    OID.name,
    `'unknown (OID=' || (${x.sql}) || ')'`,
  );
});

defineScalar('pg_table_is_visible', (ctx, a) => {
  const x = oidArg(ctx, a[0], OID.regclass);
  if (a.length !== 1 || !x) return undefined;
  const t = ctx.t;
  const visible: number[] = Object.values(PG_CATALOG_RELATIONS);
  for (const r of model(t.catalog).relations) {
    if (r.kind === 'i') {
      // An index is visible when no relation or index of an earlier schema on the path has its name.
      const first = t.opts.searchPath.find(
        (s) =>
          t.catalog.relationIn(s, r.name) ||
          model(t.catalog).indexes.some((i) => i.name === r.name && i.table.schema === s),
      );
      if (first === r.schema) visible.push(r.oid);
    } else if (t.catalog.lookupRelation(r.name, undefined, t.opts.searchPath)?.oid === r.oid) visible.push(r.oid);
  }
  return mk(inList(`(${x.sql})`, visible), OID.bool);
});

for (const name of [
  'pg_type_is_visible',
  'pg_function_is_visible',
  'pg_operator_is_visible',
  'pg_opclass_is_visible',
  'pg_opfamily_is_visible',
  'pg_collation_is_visible',
  'pg_conversion_is_visible',
  'pg_statistics_obj_is_visible',
  'pg_ts_parser_is_visible',
  'pg_ts_dict_is_visible',
  'pg_ts_template_is_visible',
  'pg_ts_config_is_visible',
]) {
  // Every such object Lumos knows is a built-in of pg_catalog, which is always on the search path, except user
  // types (enums) outside the search path or hidden by an earlier schema's type of the same name, and
  // information_schema's own types and functions, visible only with information_schema on the path.
  defineScalar(name, (ctx, a) => {
    const x = oidArg(ctx, a[0]);
    if (a.length !== 1 || !x) return undefined;
    const infoVisible = ctx.t.opts.searchPath.includes('information_schema');
    const hidden =
      name === 'pg_type_is_visible'
        ? [...hiddenUserTypes(ctx.t), ...(infoVisible ? [] : INFORMATION_SCHEMA_TYPES.map((r) => r[0] as number))]
        : name === 'pg_function_is_visible' && !infoVisible
          ? procIndex()
              .procs.filter((p) => p.nsp === INFORMATION_SCHEMA_NSP)
              .map((p) => p.oid)
          : [];
    const not = hidden.length ? ` WHEN ${x.sql} IN (${hidden.join(', ')}) THEN 0` : '';
    return mk(`CASE WHEN ${x.sql} IS NULL THEN NULL${not} ELSE 1 END`, OID.bool);
  });
}

defineScalar('pg_get_expr', (ctx, a) => {
  if (a.length < 2 || a.length > 3) return undefined;
  const e = textArg(ctx, a[0]);
  return e ? mk(e.sql, OID.text) : undefined;
});

defineScalar('pg_get_indexdef', (ctx, a) => {
  const x = oidArg(ctx, a[0]);
  if (!x || a.length === 2 || a.length > 3) return undefined;
  const t = ctx.t;
  const m = model(t.catalog);
  if (a.length === 3) {
    // pg_get_indexdef(index, column, pretty): column 0 is the whole definition, k the k-th key column.
    const k = coerce(t, a[1], OID.int4, -1, 'implicit');
    const pretty = coerce(t, a[2], OID.bool, -1, 'implicit').sql;
    // Pretty mode leaves out the schema of a table visible on the search path.
    const short = (i: (typeof m.indexes)[number]) =>
      t.catalog.lookupRelation(i.table.name, undefined, t.opts.searchPath)?.oid === i.table.oid
        ? i.def.replace(` ON ${quoteIdentIfNeeded(i.table.schema)}.`, ' ON ')
        : i.def;
    const full = caseOf(
      `(${x.sql})`,
      m.indexes.map((i) => [i.oid, i.def]),
      OID.text,
    ).sql;
    const brief = caseOf(
      `(${x.sql})`,
      m.indexes.map((i) => [i.oid, short(i)]),
      OID.text,
    ).sql;
    const whole = `CASE WHEN ${pretty} THEN ${brief} ELSE ${full} END`;
    const cols = m.indexes.flatMap((i) => i.columns.map((c, n): [string, string] => [`${i.oid}:${n + 1}`, c]));
    const col = cols.length
      ? `CASE (${x.sql}) || ':' || (${k.sql}) ${cols.map(([key, c]) => `WHEN '${key}' THEN ${quoteString(c)}`).join(' ')} END`
      : 'NULL';
    return mk(`CASE WHEN (${k.sql}) = 0 THEN ${whole} ELSE ${col} END`, OID.text);
  }
  return caseOf(
    `(${x.sql})`,
    m.indexes.map((i) => [i.oid, i.def]),
    OID.text,
  );
});

defineScalar('pg_get_constraintdef', (ctx, a) => {
  const x = oidArg(ctx, a[0]);
  if (!x || a.length > 2) return undefined;
  return caseOf(
    `(${x.sql})`,
    model(ctx.t.catalog).constraints.map((c) => [c.oid, c.def]),
    OID.text,
  );
});

defineScalar('pg_get_viewdef', (ctx, a) => {
  if (a.length < 1 || a.length > 2) return undefined;
  const t = ctx.t;
  let x = a[0];
  if (x.type === OID.unknown || x.type === OID.text) x = coerce(t, x, OID.regclass, -1, 'explicit');
  const o = oidArg(ctx, x);
  if (!o) return undefined;
  const defs = model(t.catalog).views.map((v): [number, string] => [v.oid, viewBody(v.query)]);
  return caseOf(`(${o.sql})`, defs, OID.text);
});

/** The SELECT of a CREATE VIEW (PG pretty-prints it; Lumos gives the text as written, with PG's leading space). */
function viewBody(query: string): string {
  const m = /^\s*create\s+(?:or\s+replace\s+)?(?:temp\w*\s+)?view\s+.+?\s+as\s+([\s\S]*)$/i.exec(query);
  let body = (m ? m[1] : query).trim().replace(/;\s*$/, '');
  body = body.replace(/\s+with\s+(?:local\s+|cascaded\s+)?check\s+option\s*$/i, '');
  return ` ${body};`;
}

function description(ctx: ExprCtx, objoid: Expr, classoid: string | undefined, subid: string): Expr {
  const t = ctx.t;
  const cls = classoid === undefined ? '' : ` AND d.classoid = ${classoid}`;
  // Built-in objects' descriptions (functions, operators...) are looked up directly, not scanned for.
  const own = relationSql(t, 'pg_description', false)?.sql;
  const sql = `(SELECT d.description FROM (${own}) AS d WHERE d.objoid = ${objoid.sql}${cls} AND d.objsubid = ${subid} LIMIT 1)`;
  // A catalog name that is none (obj_description(oid, 'nope')) finds nothing; no catalog given matches any.
  const builtin =
    classoid === undefined
      ? `lumos_builtin_description(${objoid.sql}, NULL)`
      : `CASE WHEN (${classoid}) IS NULL THEN NULL ELSE lumos_builtin_description(${objoid.sql}, ${classoid}) END`;
  return mk(subid === '0' ? `coalesce(${sql}, ${builtin})` : sql, OID.text);
}

function classOidSql(ctx: ExprCtx, e: Expr): string {
  const name = textArg(ctx, e);
  if (!name) return 'NULL';
  if (e.unknownText !== undefined) {
    const known = PG_CATALOG_RELATIONS[e.unknownText];
    return known === undefined ? 'NULL' : String(known);
  }
  const pairs = Object.entries(PG_CATALOG_RELATIONS)
    .map(([n, o]) => `WHEN ${quoteString(n)} THEN ${o}`)
    .join(' ');
  return `CASE ${name.sql} ${pairs} END`;
}

defineScalar('obj_description', (ctx, a) => {
  const x = oidArg(ctx, a[0]);
  if (!x || a.length > 2) return undefined;
  return description(ctx, x, a.length === 2 ? classOidSql(ctx, a[1]) : undefined, '0');
});

defineScalar('col_description', (ctx, a) => {
  const x = oidArg(ctx, a[0]);
  if (!x || a.length !== 2) return undefined;
  const n = coerce(ctx.t, a[1], OID.int4, -1, 'implicit');
  return description(ctx, x, String(CLASS.pg_class), n.sql);
});

defineScalar('shobj_description', (ctx, a) => {
  const x = oidArg(ctx, a[0]);
  if (!x || a.length !== 2) return undefined;
  const cls = classOidSql(ctx, a[1]);
  return mk(
    `(SELECT d.description FROM ${sub(ctx.t, 'pg_shdescription')} AS d WHERE d.objoid = ${x.sql} AND d.classoid = ${cls} LIMIT 1)`,
    OID.text,
  );
});

defineScalar('pg_encoding_to_char', (ctx, a) => {
  if (a.length !== 1) return undefined;
  const x = coerce(ctx.t, a[0], OID.int4, -1, 'implicit');
  return mk(`CASE ${x.sql} WHEN 6 THEN 'UTF8' WHEN 0 THEN 'SQL_ASCII' ELSE '' END`, OID.name);
});

defineScalar('pg_char_to_encoding', (ctx, a) => {
  const x = textArg(ctx, a[0]);
  if (a.length !== 1 || !x) return undefined;
  return mk(`CASE upper(${x.sql}) WHEN 'UTF8' THEN 6 WHEN 'SQL_ASCII' THEN 0 ELSE -1 END`, OID.int4);
});

const START_MICROS = Date.now() * 1000;
defineScalar('pg_postmaster_start_time', (_ctx, a) =>
  a.length ? undefined : mk(String(START_MICROS), OID.timestamptz),
);
defineScalar('pg_conf_load_time', (_ctx, a) => (a.length ? undefined : mk(String(START_MICROS), OID.timestamptz)));

for (const [name, reg] of [
  ['to_regclass', OID.regclass],
  ['to_regtype', OID.regtype],
  ['to_regnamespace', OID.regnamespace],
  ['to_regrole', OID.regrole],
  ['to_regproc', OID.regproc],
  ['to_regprocedure', OID.regprocedure],
  ['to_regoper', OID.regoper],
  ['to_regoperator', OID.regoperator],
] as const) {
  defineScalar(name, (ctx, a) => {
    const x = textArg(ctx, a[0]);
    if (a.length !== 1 || !x) return undefined;
    return mk(textToReg(ctx.t, x.sql, reg, true), reg);
  });
}

for (const name of ['pg_relation_size', 'pg_table_size', 'pg_total_relation_size', 'pg_indexes_size']) {
  // SQLite does not account storage per table: sizes are reported as 0 (callers only display them).
  defineScalar(name, (ctx, a) => {
    const x = oidArg(ctx, a[0], OID.regclass);
    if (!x || a.length > 2) return undefined;
    return mk(`CASE WHEN ${x.sql} IS NULL THEN NULL ELSE 0 END`, OID.int8);
  });
}
defineScalar('pg_database_size', (_ctx, a) => (a.length === 1 ? mk('0', OID.int8) : undefined));

defineScalar('pg_size_pretty', (ctx, a) => {
  if (a.length !== 1) return undefined;
  const x = a[0].type === OID.numeric ? a[0] : coerce(ctx.t, a[0], OID.int8, -1, 'implicit');
  return mk(`lumos_size_pretty(${x.sql})`, OID.text);
});

defineScalar('pg_typeof', (_ctx, a) => {
  if (a.length !== 1) return undefined;
  // A record is of its table's or view's row type when it has one (record.ts).
  const type = recordTypeOid(a[0].type, a[0].typmod);
  // The argument is still evaluated, as in PG: an aggregate keeps the query aggregating, and a call that fails
  // (encode(x, 'nope'), a division by zero) fails; columns and literals need no evaluation.
  const plain = /^(?:"[^"]*"\.)*"[^"]*"$|^-?[\d.]+$|^'(?:[^']|'')*'$|^NULL$|^\$\w+$/.test(a[0].sql);
  const sql = plain ? String(type) : `CASE WHEN ${a[0].sql} IS NULL THEN ${type} ELSE ${type} END`;
  return mk(sql, OID.regtype);
});

defineScalar('pg_sequence_last_value', (ctx, a) => {
  const x = oidArg(ctx, a[0], OID.regclass);
  if (!x || a.length !== 1) return undefined;
  return mk(`(SELECT CASE WHEN is_called THEN last_value END FROM ${SEQUENCE_TABLE} WHERE oid = ${x.sql})`, OID.int8);
});

defineScalar('pg_relation_is_publishable', (ctx, a) => {
  const x = oidArg(ctx, a[0], OID.regclass);
  if (!x || a.length !== 1) return undefined;
  return mk(
    inList(
      `(${x.sql})`,
      model(ctx.t.catalog)
        .tables.filter((t) => !t.temp)
        .map((t) => t.oid),
    ),
    OID.bool,
  );
});

for (const name of ['pg_get_triggerdef', 'pg_get_statisticsobjdef_columns', 'pg_get_ruledef']) {
  // Lumos has no triggers, statistics objects or rules: no OID names one.
  defineScalar(name, (ctx, a) => {
    const x = oidArg(ctx, a[0]);
    if (!x || a.length > 2) return undefined;
    return mk(`CASE WHEN ${x.sql} IS NULL THEN NULL ELSE NULL END`, OID.text);
  });
}

defineScalar('current_setting', (ctx, a) => {
  const x = textArg(ctx, a[0]);
  if (!x || a.length > 2) return undefined;
  const missingOk = a.length === 2 ? coerce(ctx.t, a[1], OID.bool, -1, 'implicit').sql : '0';
  return mk(`lumos_current_setting(${ctx.t.sessionParam('settings')}, ${x.sql}, ${missingOk})`, OID.text);
});

/** Whether a parse tree reads a column or a subquery (set_config arguments must be computable up front). */
function readsRows(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false;
  if (Array.isArray(node)) return node.some(readsRows);
  return Object.entries(node).some(([k, v]) => k === 'ColumnRef' || k === 'SubLink' || readsRows(v));
}

defineScalar('set_config', (ctx, a, n) => {
  if (a.length !== 3) return undefined;
  // The settings change before the statement runs (session/set-config.ts), so the arguments are evaluated once,
  // without rows; PG evaluates them per row, which only matters when they read columns.
  if (readsRows(n.args)) {
    throw ctx.t.error(
      SQLSTATE.FEATURE_NOT_SUPPORTED,
      'set_config() arguments that read columns or subqueries are not supported; use constants or parameters',
      n,
    );
  }
  const name = coerce(ctx.t, a[0], OID.text, -1, 'implicit');
  const value = coerce(ctx.t, a[1], OID.text, -1, 'implicit');
  const local = coerce(ctx.t, a[2], OID.bool, -1, 'implicit');
  ctx.t.setConfigs.push(`(${name.sql}), (${value.sql}), (${local.sql})`);
  // The new value as current_setting() reads it once applied (PG returns the setting's new value).
  return mk(`lumos_current_setting(${ctx.t.sessionParam('settings')}, ${name.sql}, 1)`, OID.text);
});

defineSqliteTable('lumos_partition_ancestors', {
  columns: ['relid'],
  parameters: ['rel'],
  safeIntegers: false,
  *rows(rel) {
    // Lumos has no partitioned tables: a relation's only ancestor is itself.
    if (rel !== null && rel !== undefined) yield [rel];
  },
});

defineSetReturning('pg_partition_ancestors', (ctx, args) => {
  const x = oidArg(ctx, args[0], OID.regclass);
  if (!x || args.length !== 1) return undefined;
  return {
    table: 'lumos_partition_ancestors',
    args: [x.sql],
    columns: [{ name: 'relid', type: OID.regclass, typmod: -1 }],
    scalar: true,
  };
});

/** PG's pg_size_pretty for bigint: units step at 10240, values half-rounded. */
function sizePretty(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  let s = typeof v === 'bigint' ? v : BigInt(String(v).split('.')[0]);
  const abs = (x: bigint) => (x < 0n ? -x : x);
  if (abs(s) < 10240n) return `${s} bytes`;
  const half = (x: bigint) => (x + (x < 0n ? -1n : 1n)) / 2n;
  s >>= 9n;
  for (const unit of ['kB', 'MB', 'GB', 'TB']) {
    if (abs(s) < 20479n) return `${half(s)} ${unit}`;
    s >>= 10n;
  }
  return `${half(s)} PB`;
}

/**
 * A possibly qualified, possibly quoted type name reduced for lookup: quotes removed, unquoted parts lowercased,
 * parts joined by '.', a trailing [] kept ('"Public"."Mood"[]' -> 'Public.Mood[]').
 */
function typeNameKey(text: string): string {
  let s = text.trim();
  const array = s.endsWith('[]');
  if (array) s = s.slice(0, -2).trim();
  const parts: string[] = [];
  for (const m of s.matchAll(/\s*(?:"((?:[^"]|"")*)"|([^."]+))\s*(?:\.|$)/g)) {
    parts.push(m[1] !== undefined ? m[1].replaceAll('""', '"') : (m[2] ?? '').trim().toLowerCase());
  }
  return `${parts.join('.')}${array ? '[]' : ''}`;
}

defineSqliteFunctions((db) => {
  db.function('lumos_format_type', { deterministic: true, safeIntegers: false }, (oid: unknown, mod: unknown) => {
    if (oid === null || oid === undefined) return null;
    return formatType(Number(oid), mod === null || mod === undefined ? null : Number(mod));
  });
  db.function('lumos_sys_relname', { deterministic: true }, (oid: unknown) =>
    oid === null ? null : sysRelname(Number(oid)),
  );
  db.function('lumos_regtype_in', { deterministic: true }, (s: unknown) => {
    if (s === null) return null;
    const text = String(s).trim();
    if (/^\d+$/.test(text)) return Number(text);
    return oidOfTypeName(text.replace(/^pg_catalog\./i, '').replaceAll('"', '')) ?? null;
  });
  db.function('lumos_type_name_key', { deterministic: true }, (s: unknown) =>
    s === null ? null : typeNameKey(String(s)),
  );
  // A relation/schema/role name as regclassin reads it; db.schema.name only names the current database.
  db.function('lumos_reg_key', { deterministic: true }, (s: unknown, database: unknown) => {
    if (s === null) return null;
    const parts = typeNameKey(String(s)).split('.');
    if (parts.length > 3)
      throw new PgError(SQLSTATE.SYNTAX_ERROR, `improper relation name (too many dotted names): ${parts.join('.')}`);
    if (parts.length === 3) {
      if (parts[0] !== String(database))
        throw new PgError(
          SQLSTATE.FEATURE_NOT_SUPPORTED,
          `cross-database references are not implemented: "${parts.join('.')}"`,
        );
      parts.shift();
    }
    return parts.join('.');
  });
  db.function('lumos_reg_missing', { deterministic: true }, (type: unknown, s: unknown) => {
    if (s === null) return null;
    // PG names the object as it parsed it: quotes removed, unquoted parts lowercased.
    const name = typeNameKey(String(s));
    if (Number(type) === OID.regnamespace) throw new PgError('3F000', `schema "${name}" does not exist`);
    if (Number(type) === OID.regrole) throw new PgError('42704', `role "${name}" does not exist`);
    throw new PgError(SQLSTATE.UNDEFINED_TABLE, `relation "${name}" does not exist`);
  });
  db.function('lumos_size_pretty', { deterministic: true, safeIntegers: true }, (v: unknown) => sizePretty(v));
  db.function('lumos_current_setting', { deterministic: true }, (json: unknown, name: unknown, missingOk: unknown) => {
    if (name === null) return null;
    const all = JSON.parse(String(json ?? '{}')) as Record<string, string>;
    const v = all[String(name).toLowerCase()];
    if (v === undefined) {
      if (missingOk) return null;
      throw new PgError('42704', `unrecognized configuration parameter "${String(name)}"`);
    }
    return v;
  });
});

/** information_schema's _pg_char_max_length and siblings (used by pg-catalog/views.ts), over (typid, typmod). */
const INFO_FNS: Record<string, (x: string, m: string) => string> = {
  lumos_info_char_max_length: (x, m) =>
    `CASE WHEN ${x} IN (1042, 1043) THEN CASE WHEN ${m} = -1 THEN NULL ELSE ${m} - 4 END WHEN ${x} IN (1560, 1562) THEN CASE WHEN ${m} = -1 THEN NULL ELSE ${m} END END`,
  lumos_info_char_octet_length: (x, m) =>
    `CASE WHEN ${x} IN (25, 1042, 1043) THEN CASE WHEN ${m} = -1 THEN 1073741824 ELSE (${m} - 4) * 4 END END`,
  lumos_info_numeric_precision: (x, m) =>
    `CASE ${x} WHEN 21 THEN 16 WHEN 23 THEN 32 WHEN 20 THEN 64 WHEN 700 THEN 24 WHEN 701 THEN 53 WHEN 1700 THEN CASE WHEN ${m} = -1 THEN NULL ELSE ((${m} - 4) >> 16) & 65535 END END`,
  lumos_info_numeric_scale: (x, m) =>
    `CASE WHEN ${x} IN (21, 23, 20) THEN 0 WHEN ${x} = 1700 THEN CASE WHEN ${m} = -1 THEN NULL ELSE (${m} - 4) & 65535 END END`,
  lumos_info_datetime_precision: (x, m) =>
    `CASE WHEN ${x} = 1082 THEN 0 WHEN ${x} IN (1083, 1114, 1184, 1266, 1186) THEN CASE WHEN ${m} < 0 THEN 6 ELSE ${m} END END`,
};
for (const [name, body] of Object.entries(INFO_FNS)) {
  defineScalar(name, (ctx, a) => {
    if (a.length !== 2) return undefined;
    const x = oidArg(ctx, a[0]);
    const m = coerce(ctx.t, a[1], OID.int4, -1, 'implicit');
    return x ? mk(`(${body(`(${x.sql})`, `(${m.sql})`)})`, OID.int4) : undefined;
  });
}
defineScalar('lumos_info_numeric_radix', (ctx, a) => {
  const x = oidArg(ctx, a[0]);
  if (a.length !== 1 || !x) return undefined;
  return mk(`(CASE WHEN (${x.sql}) IN (21, 23, 20, 700, 701) THEN 2 WHEN (${x.sql}) = 1700 THEN 10 END)`, OID.int4);
});
