/**
 * Minimal pg_catalog relations generated from Lumos's catalog at translate time, as inline subqueries.
 * A later issue replaces this with the full pg_catalog; the shape (name -> SQL + typed columns) stays.
 */
import { OID } from '../../../protocol/types/oids.js';
import type { ScopeColumn } from './scope.js';
import { quoteIdent, sqlLiteral } from './storage.js';
import type { Translator } from './translator.js';

export const PG_CATALOG_NAMESPACE = 11;
export const PUBLIC_NAMESPACE = 2200;

type Value = string | number | null;

interface ViewDef {
  columns: [string, number][];
  rows: (t: Translator) => Value[][];
}

function namespaceOid(schema: string): number {
  if (schema === 'public') return PUBLIC_NAMESPACE;
  if (schema === 'pg_catalog') return PG_CATALOG_NAMESPACE;
  let h = 0;
  for (const ch of schema) h = (h * 31 + ch.charCodeAt(0)) % 10000;
  return 20000 + h;
}

const VIEWS: Record<string, ViewDef> = {
  pg_namespace: {
    columns: [
      ['oid', OID.oid],
      ['nspname', OID.name],
    ],
    rows: (t) => {
      const names = new Set(['pg_catalog', 'public', ...t.catalog.all().map((x) => x.schema)]);
      return [...names].map((n) => [namespaceOid(n), n]);
    },
  },
  pg_class: {
    columns: [
      ['oid', OID.oid],
      ['relname', OID.name],
      ['relnamespace', OID.oid],
      ['relkind', OID.char],
    ],
    rows: (t) =>
      t.catalog
        .all()
        .flatMap((x) => [
          [x.oid, x.name, namespaceOid(x.schema), 'r'],
          ...x.indexes.map((i): Value[] => [i.oid, i.name, namespaceOid(x.schema), 'i']),
        ]),
  },
  pg_partitioned_table: {
    columns: [
      ['partrelid', OID.oid],
      ['partstrat', OID.char],
    ],
    rows: () => [],
  },
  pg_inherits: {
    columns: [
      ['inhrelid', OID.oid],
      ['inhparent', OID.oid],
      ['inhseqno', OID.int4],
    ],
    rows: () => [],
  },
};

export function catalogView(t: Translator, name: string): { sql: string; columns: ScopeColumn[] } | undefined {
  const def = VIEWS[name];
  if (!def) return undefined;
  const columns = def.columns.map(([n, type]) => ({ name: n, type, typmod: -1 }));
  const rows = def.rows(t);
  const lit = (v: Value) => sqlLiteral(v);
  let sql: string;
  if (rows.length === 0) {
    sql = `SELECT ${def.columns.map(([n]) => `NULL AS ${quoteIdent(n)}`).join(', ')} WHERE 0`;
  } else {
    const values = rows.map((r) => `(${r.map(lit).join(', ')})`).join(', ');
    sql = `SELECT ${def.columns.map(([n], i) => `column${i + 1} AS ${quoteIdent(n)}`).join(', ')} FROM (VALUES ${values})`;
  }
  return { sql, columns };
}
