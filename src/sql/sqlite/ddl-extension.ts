/**
 * CREATE/DROP EXTENSION and COMMENT ON EXTENSION for the extensions Lumos provides (extension.ts). Installing
 * one records a pg_extension row in the catalog (transactional and persisted like other DDL), which makes its
 * functions callable through the schema it was created in; dropping it checks what uses those functions.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import type { ColumnDef, ExtensionDef, TableDef, ViewDef } from '../../catalog/types.js';
import { type Node, parseQuery } from '../parse.js';
import { type DdlResult, OidAllocator, persistSql } from './ddl.js';
import { dropRelationsSql } from './ddl-constraint.js';
import { availableExtension, extensionFunctionName, extensionFunctions } from './extension.js';
import type { CatalogChange } from './translation.js';
import { str, type Translator } from './translator.js';

type Notice = { code: string; message: string };

/** CREATE EXTENSION, DROP EXTENSION and COMMENT ON EXTENSION; undefined for other statements. */
export function extensionDdl(t: Translator, kind: string, n: Node): DdlResult | undefined {
  if (kind === 'CreateExtensionStmt') return createExtension(t, n);
  if (kind === 'DropStmt' && n.removeType === 'OBJECT_EXTENSION') return dropExtensions(t, n);
  if (kind === 'CommentStmt' && n.objtype === 'OBJECT_EXTENSION')
    return commentOnExtension(t, str(n.object), n.comment ?? undefined);
  return undefined;
}

function option(n: Node, name: string): Node | undefined {
  return (n.options ?? []).map((o: Node) => o.DefElem).find((d: Node) => d?.defname === name);
}

function createExtension(t: Translator, n: Node): DdlResult {
  const name: string = n.extname;
  const tag = 'CREATE EXTENSION';
  if (name === 'plpgsql' || t.catalog.extension(name)) {
    if (n.if_not_exists)
      return {
        sql: [],
        changes: [],
        tag,
        notices: [{ code: '42710', message: `extension "${name}" already exists, skipping` }],
      };
    throw t.error('42710', `extension "${name}" already exists`);
  }
  const available = availableExtension(name);
  if (!available)
    // PG's SQLSTATE for a missing control file; the detail says why.
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `extension "${name}" is not available`, undefined, {
      detail: `Lumos does not provide the extension "${name}" (it provides ${['plpgsql', 'uuid-ossp', 'pgcrypto'].join(', ')}).`,
    });
  const version = option(n, 'new_version');
  if (version && str(version.arg) !== available.version)
    throw t.error(
      SQLSTATE.INVALID_PARAMETER_VALUE,
      `extension "${name}" has no installation script nor update path for version "${str(version.arg)}"`,
    );
  const schemaOpt = option(n, 'schema');
  let schema: string;
  if (schemaOpt) {
    schema = str(schemaOpt.arg);
    if (!t.catalog.hasSchema(schema) || schema.startsWith('pg_temp'))
      throw t.error(SQLSTATE.INVALID_SCHEMA_NAME, `schema "${schema}" does not exist`);
  } else {
    // PG's creation namespace: the first existing schema of the search path.
    const first = t.opts.searchPath.find((s) => !s.startsWith('pg_') && t.catalog.hasSchema(s));
    if (!first) throw t.error(SQLSTATE.INVALID_SCHEMA_NAME, 'no schema has been selected to create in');
    schema = first;
  }
  // The control file's comment becomes the extension's (pg_description), as CREATE EXTENSION does.
  const ext: ExtensionDef = {
    kind: 'extension',
    oid: new OidAllocator(t).take(),
    schema,
    name,
    version: available.version,
    comment: available.comment,
  };
  return { sql: [persistSql(ext)], changes: [{ op: 'upsert', table: ext }], tag };
}

/** FuncCall names in a parse tree. */
function calledFunctions(node: Node, out: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const x of node) calledFunctions(x, out);
  else if (node && typeof node === 'object') {
    if (node.FuncCall) {
      const name = extensionFunctionName(node.FuncCall);
      if (name) out.add(name);
    }
    for (const v of Object.values(node)) calledFunctions(v, out);
  }
  return out;
}

function callsIn(sql: string): Set<string> {
  return calledFunctions(
    parseQuery(sql).map((s) => s.node),
    new Set(),
  );
}

interface Dependent {
  describe: string;
  table?: TableDef;
  column?: ColumnDef;
  view?: ViewDef;
}

/** Column defaults and views calling the extension's functions (what PG's pg_depend would list). */
function dependents(t: Translator, ext: ExtensionDef): Dependent[] {
  const own = new Map(extensionFunctions(ext.name).map((f) => [f.name, f.signature]));
  const uses = (calls: Set<string>) => [...calls].find((c) => own.has(c));
  const out: Dependent[] = [];
  for (const view of t.catalog.views()) {
    const f = uses(callsIn(view.query));
    if (f) out.push({ describe: `view ${view.name} depends on function ${own.get(f)}`, view });
  }
  for (const table of t.catalog.all())
    for (const column of table.columns) {
      const f = column.defaultExpr && uses(callsIn(`SELECT ${column.defaultExpr}`));
      if (f)
        out.push({
          describe: `default value for column ${column.name} of table ${table.name} depends on function ${own.get(f)}`,
          table,
          column,
        });
    }
  return out;
}

function dropExtensions(t: Translator, n: Node): DdlResult {
  const sql: string[] = [];
  const changes: CatalogChange[] = [];
  const notices: Notice[] = [];
  for (const obj of n.objects) {
    const name = str(obj);
    const ext = t.catalog.extension(name);
    if (!ext) {
      if (name === 'plpgsql')
        throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'Lumos cannot drop the extension "plpgsql" (DO blocks use it)');
      if (n.missing_ok) {
        notices.push({ code: '00000', message: `extension "${name}" does not exist, skipping` });
        continue;
      }
      throw t.error(SQLSTATE.UNDEFINED_OBJECT, `extension "${name}" does not exist`);
    }
    const deps = dependents(t, ext);
    if (deps.length && n.behavior !== 'DROP_CASCADE')
      throw t.error('2BP01', `cannot drop extension ${name} because other objects depend on it`, undefined, {
        detail: deps.map((d) => d.describe).join('\n'),
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      });
    if (deps.length === 1)
      notices.push({ code: '00000', message: `drop cascades to ${deps[0].describe.split(' depends on ')[0]}` });
    else if (deps.length > 1) notices.push({ code: '00000', message: `drop cascades to ${deps.length} other objects` });
    const views = deps.flatMap((d) => (d.view ? [d.view] : []));
    const dropped = dropRelationsSql(t, views);
    sql.push(...dropped.sql);
    changes.push(...dropped.changes);
    // Defaults are dropped from the catalog copy of each table (applied by Lumos's INSERTs, see ddl.ts).
    const tables = new Map<number, TableDef>();
    for (const d of deps) {
      if (!d.table || !d.column) continue;
      const table = tables.get(d.table.oid) ?? structuredClone(d.table);
      tables.set(table.oid, table);
      const col = table.columns.find((c) => c.name === d.column?.name);
      if (!col) continue;
      // SQLite may hold the column's original constant DEFAULT: an explicit NULL overrides it.
      col.defaultSql = col.name === table.rowidColumn ? undefined : 'NULL';
      col.defaultExpr = undefined;
    }
    for (const table of tables.values()) {
      sql.push(persistSql(table));
      changes.push({ op: 'upsert', table });
    }
    sql.push(persistSql(ext, true));
    changes.push({ op: 'remove', table: ext });
  }
  return { sql, changes, tag: 'DROP EXTENSION', notices };
}

function commentOnExtension(t: Translator, name: string, text: string | undefined): DdlResult {
  const ext = t.catalog.extension(name);
  if (!ext) {
    if (name === 'plpgsql')
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'Lumos cannot change the comment of the extension "plpgsql"');
    throw t.error(SQLSTATE.UNDEFINED_OBJECT, `extension "${name}" does not exist`);
  }
  const target: ExtensionDef = { ...ext, comment: text };
  return { sql: [persistSql(target)], changes: [{ op: 'upsert', table: target }], tag: 'COMMENT' };
}
