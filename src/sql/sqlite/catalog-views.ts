/**
 * pg_catalog and information_schema relations, generated from Lumos's catalog at translate time as inline
 * subqueries (pg-catalog/relations.ts: base catalogs; pg-catalog/views.ts: views PG defines in SQL).
 */
import { INFORMATION_SCHEMA_NSP, PG_CATALOG_NSP, PUBLIC_NSP } from './pg-catalog/model.js';
import { relationSql } from './pg-catalog/relations.js';
import { systemRelation } from './pg-catalog/system-relations.js';
import { INFORMATION_SCHEMA, PG_VIEWS, type SqlView, viewNode } from './pg-catalog/views.js';
import type { ScopeColumn } from './scope.js';
import { translateSelect } from './select.js';
import type { Translator } from './translator.js';

export const PG_CATALOG_NAMESPACE = PG_CATALOG_NSP;
export const PUBLIC_NAMESPACE = PUBLIC_NSP;
export { INFORMATION_SCHEMA_NSP };

/**
 * Result columns of a system relation: like PG, a direct reference to one carries the relation's OID and the
 * column's attnum (RowDescription; pgjdbc's ResultSetMetaData looks nullability up with them) and its typmod.
 */
function systemColumns(nsp: number, name: string, columns: [string, number][]): ScopeColumn[] {
  const rel = systemRelation(nsp, name);
  return columns.map(([n, type]): ScopeColumn => {
    const att = rel?.columns.get(n);
    return att
      ? { name: n, type, typmod: att.typmod, tableOid: rel?.oid, attnum: att.attnum }
      : { name: n, type, typmod: -1 };
  });
}

function sqlView(t: Translator, nsp: number, name: string, v: SqlView): { sql: string; columns: ScopeColumn[] } {
  const columns = systemColumns(nsp, name, v.columns);
  const r = translateSelect(
    t,
    viewNode(`${nsp}.${name}`, v),
    undefined,
    v.columns.map(([n]) => n),
    columns.map((c) => ({ type: c.type, typmod: -1 })),
  );
  return { sql: r.sql, columns };
}

/** A pg_catalog relation by name, or undefined. */
export function catalogView(t: Translator, name: string): { sql: string; columns: ScopeColumn[] } | undefined {
  const base = relationSql(t, name);
  if (base) return { sql: base.sql, columns: systemColumns(PG_CATALOG_NSP, name, base.columns) };
  const v = PG_VIEWS[name];
  return v ? sqlView(t, PG_CATALOG_NSP, name, v) : undefined;
}

/** An information_schema view by name, or undefined. */
export function infoSchemaView(t: Translator, name: string): { sql: string; columns: ScopeColumn[] } | undefined {
  const v = INFORMATION_SCHEMA[name];
  return v ? sqlView(t, INFORMATION_SCHEMA_NSP, name, v) : undefined;
}
