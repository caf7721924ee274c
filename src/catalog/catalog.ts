/**
 * The catalog: every user table with its PostgreSQL column types, persisted in SQLite's `_lumos_catalog`
 * (so DDL and its catalog change commit or roll back together) and mirrored in memory for translation.
 * `version` changes on every DDL so translation caches keyed by it never serve stale plans.
 */
import type Database from 'better-sqlite3';
import { FIRST_NORMAL_OID, type TableDef } from './types.js';

export const CATALOG_TABLE = '_lumos_catalog';

export const CATALOG_DDL = `CREATE TABLE IF NOT EXISTS ${CATALOG_TABLE} (
  oid INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  schema_name TEXT NOT NULL,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,
  UNIQUE (schema_name, name)
)`;

export class Catalog {
  private tables = new Map<string, TableDef>();
  private byOid = new Map<number, TableDef>();
  version = 0;
  private nextOidValue = FIRST_NORMAL_OID;

  static load(db: Database.Database): Catalog {
    const c = new Catalog();
    c.reload(db);
    return c;
  }

  reload(db: Database.Database): void {
    const rows = db.prepare(`SELECT oid, definition FROM ${CATALOG_TABLE} WHERE kind = 'table'`).all() as {
      oid: number;
      definition: string;
    }[];
    this.tables.clear();
    this.byOid.clear();
    let max = FIRST_NORMAL_OID;
    for (const r of rows) {
      const t = JSON.parse(r.definition) as TableDef;
      this.put(t);
      max = Math.max(max, r.oid + 1, ...t.indexes.map((i) => i.oid + 1));
    }
    this.nextOidValue = max;
    this.version++;
  }

  private key(schema: string, name: string): string {
    return `${schema}.${name}`;
  }

  private put(t: TableDef): void {
    this.tables.set(this.key(t.schema, t.name), t);
    this.byOid.set(t.oid, t);
  }

  /** Resolve a possibly unqualified name through the search path. */
  lookup(name: string, schema?: string, searchPath: readonly string[] = ['public']): TableDef | undefined {
    if (schema) return this.tables.get(this.key(schema, name));
    for (const s of ['pg_temp', ...searchPath]) {
      const t = this.tables.get(this.key(s, name));
      if (t) return t;
    }
    return undefined;
  }

  getByOid(oid: number): TableDef | undefined {
    return this.byOid.get(oid);
  }

  all(): TableDef[] {
    return [...this.tables.values()];
  }

  /** A copy that a transaction may change privately until it commits. */
  clone(): Catalog {
    const c = new Catalog();
    for (const t of this.tables.values()) c.put(structuredClone(t));
    c.nextOidValue = this.nextOidValue;
    c.version = this.version + 1;
    return c;
  }

  allocateOid(): number {
    return this.nextOidValue++;
  }

  /** The next free OID, without reserving it (DDL translation allocates from here; upsert moves it on). */
  peekOid(): number {
    return this.nextOidValue;
  }

  /** Record a table in memory; the caller persists it with `persistSql`. */
  upsert(t: TableDef): void {
    const old = this.byOid.get(t.oid);
    if (old) this.tables.delete(this.key(old.schema, old.name));
    this.put(t);
    this.nextOidValue = Math.max(this.nextOidValue, t.oid + 1, ...t.indexes.map((i) => i.oid + 1));
    this.version++;
  }

  remove(t: TableDef): void {
    this.tables.delete(this.key(t.schema, t.name));
    this.byOid.delete(t.oid);
    this.version++;
  }
}

/** SQL statements (with parameters) that persist a table definition. */
export function persistTable(t: TableDef): { sql: string; params: unknown[] } {
  return {
    sql: `INSERT INTO ${CATALOG_TABLE} (oid, kind, schema_name, name, definition) VALUES (?, 'table', ?, ?, ?)
          ON CONFLICT (oid) DO UPDATE SET schema_name = excluded.schema_name, name = excluded.name, definition = excluded.definition`,
    params: [t.oid, t.schema, t.name, JSON.stringify(t)],
  };
}

export function unpersistTable(t: TableDef): { sql: string; params: unknown[] } {
  return { sql: `DELETE FROM ${CATALOG_TABLE} WHERE oid = ?`, params: [t.oid] };
}
