/**
 * Enum type DDL: CREATE TYPE ... AS ENUM, ALTER TYPE ... ADD VALUE / RENAME VALUE / RENAME TO, DROP TYPE.
 * Types live in the catalog (EnumTypeDef, persisted like tables so the DDL is transactional); values are stored
 * as labels (see enum-core.ts), so only RENAME VALUE touches rows.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import type { EnumLabel, EnumTypeDef, TableDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import { type DdlResult, OidAllocator, persistSql } from './ddl.js';
import { alterTable } from './ddl-alter.js';
import { schemaFor } from './ddl-schema.js';
import { enumTypeName } from './enum-core.js';
import { quoteIdent, quoteString } from './storage.js';
import type { CatalogChange } from './translation.js';
import { str, type Translator } from './translator.js';

/** PG's NAMEDATALEN - 1: the longest label and type name in bytes. */
const MAX_NAME_BYTES = 63;

type Notice = { code: string; message: string };

/** The enum named by a qualified name list, or a 42704 error (undefined when `missingOk`). */
export function lookupEnum(t: Translator, names: string[], missingOk = false, node?: Node): EnumTypeDef | undefined {
  const name = names[names.length - 1];
  const schema = names.length > 1 ? names[names.length - 2] : undefined;
  const def = t.catalog.lookupType(name, schema, t.opts.searchPath);
  if (def || missingOk) return def;
  throw t.error(SQLSTATE.UNDEFINED_OBJECT, `type "${names.join('.')}" does not exist`, node);
}

function checkLabel(t: Translator, label: string): void {
  if (Buffer.byteLength(label) > MAX_NAME_BYTES || label === '')
    throw t.error(SQLSTATE.INVALID_PARAMETER_VALUE, `invalid enum label "${label}"`, undefined, {
      detail: `Labels must be ${MAX_NAME_BYTES} bytes or less.`,
    });
}

export function createEnum(t: Translator, n: Node): DdlResult {
  const names: string[] = n.typeName.map(str);
  const name = names[names.length - 1];
  const schema = schemaFor(t, { schemaname: names.length > 1 ? names[names.length - 2] : undefined });
  // Tables and views have row types of their name: a type cannot take it either.
  if (t.catalog.lookupType(name, schema) || t.catalog.relationIn(schema, name))
    throw t.error(SQLSTATE.DUPLICATE_OBJECT, `type "${name}" already exists`);
  const oids = new OidAllocator(t);
  const oid = oids.take();
  const arrayOid = oids.take();
  const labels: EnumLabel[] = [];
  for (const v of n.vals ?? []) {
    const label = str(v);
    checkLabel(t, label);
    if (labels.some((l) => l.label === label))
      // PG finds it through pg_enum's unique index.
      throw t.error(
        SQLSTATE.UNIQUE_VIOLATION,
        'duplicate key value violates unique constraint "pg_enum_typid_label_index"',
        undefined,
        {
          detail: `Key (enumtypid, enumlabel)=(${oid}, ${label}) already exists.`,
        },
      );
    labels.push({ oid: oids.take(), label, sortOrder: labels.length + 1 });
  }
  const def: EnumTypeDef = { kind: 'enum', oid, arrayOid, schema, name, labels };
  return { sql: [persistSql(def)], changes: [{ op: 'upsert', table: def }], tag: 'CREATE TYPE' };
}

/** The stored form of an enum: labels without EnumLabel.uncommitted, which only the open transaction sees. */
function persistEnum(def: EnumTypeDef): string {
  return persistSql({ ...def, labels: def.labels.map(({ uncommitted: _, ...l }) => l) });
}

/** ALTER TYPE ... ADD VALUE [IF NOT EXISTS] 'x' [BEFORE|AFTER 'y'] and ALTER TYPE ... RENAME VALUE 'a' TO 'b'. */
export function alterEnum(t: Translator, n: Node): DdlResult {
  const def = structuredClone(lookupEnum(t, n.typeName.map(str)) as EnumTypeDef);
  const tag = 'ALTER TYPE';
  const newVal: string = n.newVal;
  const exists = (l: string) => def.labels.findIndex((x) => x.label === l);
  if (n.oldVal !== undefined) return renameValue(t, def, n.oldVal, newVal);
  if (exists(newVal) >= 0) {
    if (n.skipIfNewValExists)
      return {
        sql: [],
        changes: [],
        tag,
        notices: [{ code: '42710', message: `enum label "${newVal}" already exists, skipping` }],
      };
    throw t.error(SQLSTATE.DUPLICATE_OBJECT, `enum label "${newVal}" already exists`);
  }
  checkLabel(t, newVal);
  let at = def.labels.length;
  if (n.newValNeighbor !== undefined) {
    const i = exists(n.newValNeighbor);
    if (i < 0) throw t.error(SQLSTATE.INVALID_PARAMETER_VALUE, `"${n.newValNeighbor}" is not an existing enum label`);
    at = n.newValIsAfter ? i + 1 : i;
  }
  // Unusable until the transaction commits (PG: 55P04); autocommit reloads the catalog without the flag.
  const label: EnumLabel = { oid: new OidAllocator(t).take(), label: newVal, sortOrder: 0, uncommitted: true };
  def.labels.splice(at, 0, label);
  label.sortOrder = sortOrderBetween(def.labels[at - 1]?.sortOrder, def.labels[at + 1]?.sortOrder);
  // enumsortorder is a float4: when the midpoint is no longer distinct, PG renumbers the labels 1..n.
  if (def.labels.some((l, i) => i > 0 && l.sortOrder <= def.labels[i - 1].sortOrder))
    def.labels.forEach((l, i) => {
      l.sortOrder = i + 1;
    });
  return { sql: [persistEnum(def)], changes: [{ op: 'upsert', table: def }], tag };
}

/** PG's AddEnumLabel: after the last label +1, before the first -1, else the float4 midpoint. */
export function sortOrderBetween(before: number | undefined, after: number | undefined): number {
  if (before === undefined && after === undefined) return 1;
  if (after === undefined) return (before as number) + 1;
  if (before === undefined) return after - 1;
  return Math.fround((before + after) / 2);
}

/** Columns of tables (and views) whose type is the enum or its array type. */
function dependentColumns(t: Translator, def: EnumTypeDef): { table: TableDef; column: string; array: boolean }[] {
  const out: { table: TableDef; column: string; array: boolean }[] = [];
  for (const table of t.catalog.all())
    for (const c of table.columns)
      if (c.typeOid === def.oid || c.typeOid === def.arrayOid)
        out.push({ table, column: c.name, array: c.typeOid === def.arrayOid });
  return out;
}

function renameValue(t: Translator, def: EnumTypeDef, oldVal: string, newVal: string): DdlResult {
  const label = def.labels.find((l) => l.label === oldVal);
  if (!label) throw t.error(SQLSTATE.INVALID_PARAMETER_VALUE, `"${oldVal}" is not an existing enum label`);
  if (def.labels.some((l) => l.label === newVal))
    throw t.error(SQLSTATE.DUPLICATE_OBJECT, `enum label "${newVal}" already exists`);
  checkLabel(t, newVal);
  label.label = newVal;
  const sql = [persistEnum(def)];
  const changes: CatalogChange[] = [{ op: 'upsert', table: def }];
  // PG renames in pg_enum only (rows hold the label's OID); stored labels are rewritten here.
  const [o, nv] = [quoteString(oldVal), quoteString(newVal)];
  const byTable = new Map<TableDef, { column: string; array: boolean }[]>();
  for (const d of dependentColumns(t, def)) byTable.set(d.table, [...(byTable.get(d.table) ?? []), d]);
  for (const [table, cols] of byTable) {
    const store = quoteIdent(table.storageName);
    const copy = structuredClone(table);
    for (const { column, array } of cols) {
      const c = quoteIdent(column);
      sql.push(
        array
          ? `UPDATE ${store} SET ${c} = (SELECT json_group_array(CASE WHEN value = ${o} THEN ${nv} ELSE value END) FROM json_each(${c})) WHERE EXISTS (SELECT 1 FROM json_each(${c}) WHERE value = ${o})`
          : `UPDATE ${store} SET ${c} = ${nv} WHERE ${c} = ${o}`,
      );
      // A default of the old label means the renamed label (PG's default holds the label's OID).
      const col = copy.columns.find((x) => x.name === column);
      if (col && !array && col.defaultSql === o) {
        col.defaultSql = nv;
        col.defaultExpr = `${nv}::${enumTypeName(t, def)}`;
      }
    }
    sql.push(persistSql(copy));
    changes.push({ op: 'upsert', table: copy });
  }
  return { sql, changes, tag: 'ALTER TYPE' };
}

/** ALTER TYPE name RENAME TO new_name (RenameStmt with renameType OBJECT_TYPE). */
export function renameType(t: Translator, n: Node): DdlResult {
  const names: string[] = n.object.List.items.map(str);
  const def = structuredClone(lookupEnum(t, names) as EnumTypeDef);
  const name: string = n.newname;
  if (t.catalog.lookupType(name, def.schema) || t.catalog.relationIn(def.schema, name))
    throw t.error(SQLSTATE.DUPLICATE_OBJECT, `type "${name}" already exists in schema "${def.schema}"`);
  def.name = name;
  return { sql: [persistEnum(def)], changes: [{ op: 'upsert', table: def }], tag: 'ALTER TYPE' };
}

/** DROP TYPE [IF EXISTS] name [, ...] [CASCADE | RESTRICT]: CASCADE drops the columns of the type. */
export function dropTypes(t: Translator, n: Node): DdlResult {
  const sql: string[] = [];
  const changes: CatalogChange[] = [];
  const notices: Notice[] = [];
  for (const obj of n.objects) {
    const names: string[] = (obj.TypeName?.names ?? obj.List?.items ?? []).map(str);
    const def = lookupEnum(t, names, true);
    if (!def) {
      if (n.missing_ok) {
        notices.push({ code: '00000', message: `type "${names.join('.')}" does not exist, skipping` });
        continue;
      }
      lookupEnum(t, names, false, obj);
    }
    const d = def as EnumTypeDef;
    const name = enumTypeName(t, d);
    const deps = dependentColumns(t, d);
    const what = (x: (typeof deps)[number]) => `column ${x.column} of table ${x.table.name}`;
    const viewDeps = t.catalog
      .views()
      .filter((v) => v.columns.some((c) => c.typeOid === d.oid || c.typeOid === d.arrayOid));
    if ((deps.length || viewDeps.length) && n.behavior !== 'DROP_CASCADE') {
      const lines = [
        ...deps.map((x) => `${what(x)} depends on type ${name}${x.array ? '[]' : ''}`),
        ...viewDeps.map((v) => `view ${v.name} depends on type ${name}`),
      ];
      throw t.error('2BP01', `cannot drop type ${name} because other objects depend on it`, undefined, {
        detail: lines.join('\n'),
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      });
    }
    if (viewDeps.length)
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `DROP TYPE ... CASCADE of a type views use is not supported yet`);
    if (deps.length === 1) notices.push({ code: '00000', message: `drop cascades to ${what(deps[0])}` });
    else if (deps.length > 1) notices.push({ code: '00000', message: `drop cascades to ${deps.length} other objects` });
    const byTable = new Map<TableDef, string[]>();
    for (const x of deps) byTable.set(x.table, [...(byTable.get(x.table) ?? []), x.column]);
    for (const [table, cols] of byTable) {
      const r = alterTable(t, {
        objtype: 'OBJECT_TABLE',
        relation: { relname: table.name, schemaname: table.schema },
        cmds: cols.map((name) => ({ AlterTableCmd: { subtype: 'AT_DropColumn', name, behavior: 'DROP_CASCADE' } })),
      });
      sql.push(...r.sql);
      changes.push(...r.changes);
    }
    sql.push(persistSql(d, true));
    changes.push({ op: 'remove', table: d });
  }
  return { sql, changes, tag: 'DROP TYPE', notices };
}
