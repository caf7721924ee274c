/**
 * Schemas (CREATE/DROP SCHEMA, where a new relation goes), COMMENT ON, SELECT INTO, and the dispatcher for
 * the DDL statements that live in the ddl-*.ts modules. A table in schema s is stored in SQLite as "s.name"
 * (public tables keep their plain name), so one SQLite file holds every schema.
 */
import { SQLSTATE } from '../../../protocol/errors.js';
import type { CatalogObject, SchemaDef, TableDef } from '../../catalog/types.js';
import type { Node } from '../parse.js';
import { createTableAs, type DdlResult, OidAllocator, persistSql } from './ddl.js';
import { dropRelationsSql } from './ddl-constraint.js';
import { setConstraints } from './ddl-foreign-key.js';
import { alterSequence, createSequence } from './ddl-sequence.js';
import { createView } from './ddl-view.js';
import type { CatalogChange } from './translation.js';
import { str, type Translator } from './translator.js';

/** The schema a new relation goes to: the explicit one (which must exist), else the first existing in the path. */
export function schemaFor(t: Translator, rv: Node): string {
  if (rv.relpersistence === 't') {
    const temp = t.opts.tempSchema;
    if (!temp) throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'temporary tables are not supported here', rv);
    if (rv.schemaname && rv.schemaname !== 'pg_temp' && rv.schemaname !== temp)
      throw t.error('42P16', 'cannot create temporary relation in non-temporary schema', rv);
    return temp;
  }
  if (rv.schemaname) {
    if (rv.schemaname === 'pg_temp' && t.opts.tempSchema) return t.opts.tempSchema;
    if (!t.catalog.hasSchema(rv.schemaname) || rv.schemaname === 'pg_catalog' || rv.schemaname === 'information_schema')
      throw t.error(SQLSTATE.INVALID_SCHEMA_NAME, `schema "${rv.schemaname}" does not exist`, rv);
    return rv.schemaname;
  }
  const s = t.opts.searchPath.find((x) => !x.startsWith('pg_') && t.catalog.hasSchema(x) && x !== 'information_schema');
  if (!s) throw t.error(SQLSTATE.INVALID_SCHEMA_NAME, 'no schema has been selected to create in', rv);
  return s;
}

export function storageNameFor(schema: string, name: string): string {
  return schema === 'public' ? name : `${schema}.${name}`;
}

/** DDL statements other than the ones translate.ts dispatches itself; undefined when not DDL we know. */
export function otherDdl(t: Translator, kind: string, n: Node, text?: string): DdlResult | undefined {
  switch (kind) {
    case 'CreateSeqStmt':
      return createSequence(t, n);
    case 'AlterSeqStmt':
      return alterSequence(t, n);
    case 'ViewStmt':
      return createView(t, n, text ?? '');
    case 'CreateSchemaStmt':
      return createSchema(t, n);
    case 'CommentStmt':
      return comment(t, n);
    case 'ConstraintsSetStmt':
      return setConstraints(t, n);
    case 'SelectInto': {
      const query = { SelectStmt: { ...n, intoClause: undefined } };
      const r = createTableAs(t, { objtype: 'OBJECT_TABLE', into: n.intoClause, query });
      return r;
    }
    default:
      return undefined;
  }
}

function createSchema(t: Translator, n: Node): DdlResult {
  const name: string = n.schemaname ?? n.authrole?.RoleSpec?.rolename;
  if (n.schemaElts?.length)
    throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, 'CREATE SCHEMA with schema elements is not supported yet', n);
  if (t.catalog.hasSchema(name)) {
    if (n.if_not_exists)
      return {
        sql: [],
        changes: [],
        tag: 'CREATE SCHEMA',
        notices: [{ code: '42P06', message: `schema "${name}" already exists, skipping` }],
      };
    throw t.error('42P06', `schema "${name}" already exists`);
  }
  if (name.startsWith('pg_'))
    throw t.error('42939', `unacceptable schema name "${name}"`, undefined, {
      detail: 'The prefix "pg_" is reserved for system schemas.',
    });
  const schema: SchemaDef = { kind: 'schema', oid: new OidAllocator(t).take(), name };
  return { sql: [persistSql(schema)], changes: [{ op: 'upsert', table: schema }], tag: 'CREATE SCHEMA' };
}

/** The relations in a schema, tables last-referenced first so foreign keys never block a drop. */
function schemaContents(t: Translator, name: string): CatalogObject[] {
  const rels: CatalogObject[] = [
    ...t.catalog.views(),
    ...t.catalog.all(),
    ...t.catalog.sequences().filter((s) => !s.ownedBy),
  ];
  return rels.filter((r) => r.kind !== 'schema' && r.schema === name);
}

const KIND_WORD: Record<string, string> = { table: 'table', view: 'view', sequence: 'sequence' };

export function dropSchemas(t: Translator, n: Node): DdlResult {
  const sql: string[] = [];
  const changes: CatalogChange[] = [];
  const notices: { code: string; message: string }[] = [];
  for (const obj of n.objects) {
    const name = str(obj);
    const schema = t.catalog.schema(name);
    if (!schema) {
      if (t.catalog.hasSchema(name))
        throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `dropping schema "${name}" is not supported`);
      if (n.missing_ok) {
        notices.push({ code: '00000', message: `schema "${name}" does not exist, skipping` });
        continue;
      }
      throw t.error(SQLSTATE.INVALID_SCHEMA_NAME, `schema "${name}" does not exist`);
    }
    const contents = schemaContents(t, name);
    const describe = (o: CatalogObject) => `${KIND_WORD[o.kind ?? 'table'] ?? 'table'} ${name}.${(o as TableDef).name}`;
    if (contents.length && n.behavior !== 'DROP_CASCADE') {
      throw t.error('2BP01', `cannot drop schema ${name} because other objects depend on it`, undefined, {
        detail: contents.map((o) => `${describe(o)} depends on schema ${name}`).join('\n'),
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      });
    }
    if (contents.length === 1) notices.push({ code: '00000', message: `drop cascades to ${describe(contents[0])}` });
    else if (contents.length > 1)
      notices.push({ code: '00000', message: `drop cascades to ${contents.length} other objects` });
    const r = dropRelationsSql(t, contents);
    sql.push(...r.sql, persistSql(schema, true));
    changes.push(...r.changes, { op: 'remove', table: schema });
  }
  return { sql, changes, tag: 'DROP SCHEMA', notices };
}

function comment(t: Translator, n: Node): DdlResult {
  const text: string | undefined = n.comment ?? undefined;
  const names: string[] = n.object?.List ? n.object.List.items.map(str) : [str(n.object)];
  const tag = 'COMMENT';
  let target: CatalogObject | undefined;
  const relation = (parts: string[]) => {
    const r = t.catalog.lookupRelation(
      parts[parts.length - 1],
      parts.length > 1 ? parts[0] : undefined,
      t.opts.searchPath,
    );
    if (!r) throw t.error(SQLSTATE.UNDEFINED_TABLE, `relation "${parts.join('.')}" does not exist`);
    return structuredClone(r);
  };
  switch (n.objtype) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_SEQUENCE': {
      const r = relation(names);
      const want = n.objtype.slice(7).toLowerCase();
      if ((r.kind ?? 'table') !== want) throw t.error('42809', `"${r.name}" is not a ${want}`);
      r.comment = text;
      target = r;
      break;
    }
    case 'OBJECT_COLUMN': {
      const r = relation(names.slice(0, -1));
      const colName = names[names.length - 1];
      const col = r.kind === 'sequence' ? undefined : r.columns.find((c) => c.name === colName);
      if (!col) throw t.error(SQLSTATE.UNDEFINED_COLUMN, `column "${colName}" of relation "${r.name}" does not exist`);
      col.comment = text;
      target = r;
      break;
    }
    case 'OBJECT_SCHEMA': {
      const s = t.catalog.schema(names[0]);
      if (!s) {
        if (t.catalog.hasSchema(names[0])) return { sql: [], changes: [], tag };
        throw t.error(SQLSTATE.INVALID_SCHEMA_NAME, `schema "${names[0]}" does not exist`);
      }
      target = { ...s, comment: text };
      break;
    }
    case 'OBJECT_TYPE': {
      const typeNames: string[] = (n.object.TypeName?.names ?? []).map(str);
      const def = t.catalog.lookupType(
        typeNames[typeNames.length - 1],
        typeNames.length > 1 ? typeNames[typeNames.length - 2] : undefined,
        t.opts.searchPath,
      );
      if (!def) throw t.error(SQLSTATE.UNDEFINED_OBJECT, `type "${typeNames.join('.')}" does not exist`, n.object);
      target = { ...def, comment: text };
      break;
    }
    default:
      throw t.error(SQLSTATE.FEATURE_NOT_SUPPORTED, `COMMENT ON ${n.objtype.slice(7)} is not supported yet`);
  }
  return { sql: [persistSql(target)], changes: [{ op: 'upsert', table: target }], tag };
}
