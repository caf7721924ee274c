/**
 * The catalog: every user table, view, sequence and schema with PostgreSQL's view of it, persisted in SQLite's
 * `_lumos_catalog` (so DDL and its catalog change commit or roll back together) and mirrored in memory for
 * translation. Sequence *state* lives in `_lumos_sequences` (see fn-sequence.ts: nextval is not transactional).
 * `version` changes on every DDL so translation caches keyed by it never serve stale plans.
 */
import type Database from 'better-sqlite3';
import { syncUserTypes } from '../../protocol/types/oids.js';
import { dropTempLeftovers } from './temp.js';
import {
  type CatalogObject,
  type EnumTypeDef,
  type ExtensionDef,
  FIRST_NORMAL_OID,
  type SchemaDef,
  type SequenceDef,
  type TableDef,
  type ViewDef,
} from './types.js';

export const CATALOG_TABLE = '_lumos_catalog';
export const SEQUENCE_TABLE = '_lumos_sequences';

export const CATALOG_DDL = `CREATE TABLE IF NOT EXISTS ${CATALOG_TABLE} (
  oid INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  schema_name TEXT NOT NULL,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,
  UNIQUE (schema_name, name)
);
CREATE TABLE IF NOT EXISTS ${SEQUENCE_TABLE} (
  oid INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  params TEXT NOT NULL,
  last_value INTEGER NOT NULL,
  is_called INTEGER NOT NULL,
  epoch INTEGER NOT NULL
)`;

/** Schemas that always exist. */
export const BUILTIN_SCHEMAS = ['public', 'pg_catalog', 'information_schema'];

type Relation = TableDef | SequenceDef | ViewDef;

/** The catalog whose user types the global registry holds (Catalog.syncUserTypes), at which versions. */
let synced: { catalog?: Catalog; version?: number; baseVersion?: number } = {};

export class Catalog {
  /** The shared catalog this transaction's private copy was cloned from. */
  private base?: Catalog;
  private tables = new Map<string, TableDef>();
  private byOid = new Map<number, CatalogObject>();
  /** Relations of every kind by "schema.name" (they share PG's pg_class namespace). */
  private relations = new Map<string, Relation>();
  private schemaMap = new Map<string, SchemaDef>();
  /** User-defined types (enums) by "schema.name", and by the OID of their array type. */
  private typeMap = new Map<string, EnumTypeDef>();
  private arrayTypes = new Map<number, EnumTypeDef>();
  private extensionMap = new Map<string, ExtensionDef>();
  version = 0;
  private nextOidValue = FIRST_NORMAL_OID;

  static load(db: Database.Database): Catalog {
    // Temporary tables of sessions that ended with a crash (their process ids may be reused).
    dropTempLeftovers(db);
    const c = new Catalog();
    c.reload(db);
    return c;
  }

  reload(db: Database.Database): void {
    const rows = db.prepare(`SELECT oid, kind, definition FROM ${CATALOG_TABLE}`).all() as {
      oid: number;
      kind: string;
      definition: string;
    }[];
    this.tables.clear();
    this.byOid.clear();
    this.relations.clear();
    this.schemaMap.clear();
    this.typeMap.clear();
    this.arrayTypes.clear();
    this.extensionMap.clear();
    let max = FIRST_NORMAL_OID;
    for (const r of rows) {
      const o = JSON.parse(r.definition) as CatalogObject;
      if (r.kind === 'table') (o as TableDef).kind = undefined;
      this.put(o);
      max = Math.max(max, r.oid + 1, ...indexOids(o));
    }
    this.nextOidValue = max;
    this.version++;
  }

  private key(schema: string, name: string): string {
    return `${schema}.${name}`;
  }

  private put(o: CatalogObject): void {
    this.byOid.set(o.oid, o);
    if (o.kind === 'schema') {
      this.schemaMap.set(o.name, o);
      return;
    }
    if (o.kind === 'extension') {
      this.extensionMap.set(o.name, o);
      return;
    }
    if (o.kind === 'enum') {
      this.typeMap.set(this.key(o.schema, o.name), o);
      this.arrayTypes.set(o.arrayOid, o);
      // The process-global type registry follows the catalog translating (syncUserTypes below).
      return;
    }
    this.relations.set(this.key(o.schema, o.name), o);
    if (!o.kind || o.kind === 'table') this.tables.set(this.key(o.schema, o.name), o);
  }

  /** Resolve a possibly unqualified table name through the search path. */
  lookup(name: string, schema?: string, searchPath: readonly string[] = ['public']): TableDef | undefined {
    const r = this.lookupRelation(name, schema, searchPath);
    return r && (!r.kind || r.kind === 'table') ? r : undefined;
  }

  /** Any relation (table, view, sequence) through the search path: the first match wins, whatever its kind. */
  lookupRelation(name: string, schema?: string, searchPath: readonly string[] = ['public']): Relation | undefined {
    if (schema === 'pg_temp') schema = searchPath.find((s) => s.startsWith('pg_temp_')) ?? schema;
    if (schema) return this.relations.get(this.key(schema, name));
    for (const s of searchPath) {
      const t = this.relations.get(this.key(s, name));
      if (t) return t;
    }
    return undefined;
  }

  /** Some session has temporary objects (translations then depend on the session). */
  hasTempObjects(): boolean {
    for (const r of this.relations.values()) if (r.schema.startsWith('pg_temp_')) return true;
    return false;
  }

  /** A user-defined type through the search path (built-in types are resolved before this, see Translator). */
  lookupType(name: string, schema?: string, searchPath: readonly string[] = ['public']): EnumTypeDef | undefined {
    if (schema) return this.typeMap.get(this.key(schema, name));
    for (const s of searchPath) {
      const t = this.typeMap.get(this.key(s, name));
      if (t) return t;
    }
    return undefined;
  }

  /** The enum type with this OID (`array`: or whose array type has it). */
  enumType(oid: number, array = false): EnumTypeDef | undefined {
    if (array) return this.arrayTypes.get(oid);
    const o = this.byOid.get(oid);
    return o?.kind === 'enum' ? o : undefined;
  }

  enums(): EnumTypeDef[] {
    return [...this.typeMap.values()];
  }

  relationIn(schema: string, name: string): Relation | undefined {
    return this.relations.get(this.key(schema, name));
  }

  getByOid(oid: number): TableDef | undefined {
    const o = this.byOid.get(oid);
    return o && (!o.kind || o.kind === 'table') ? o : undefined;
  }

  object(oid: number): CatalogObject | undefined {
    return this.byOid.get(oid);
  }

  /** Tables only (views, sequences and schemas have their own accessors). */
  all(): TableDef[] {
    return [...this.tables.values()];
  }

  views(): ViewDef[] {
    return [...this.relations.values()].filter((r): r is ViewDef => r.kind === 'view');
  }

  sequences(): SequenceDef[] {
    return [...this.relations.values()].filter((r): r is SequenceDef => r.kind === 'sequence');
  }

  /** User-created schemas (public, pg_catalog and information_schema always exist besides). */
  schemas(): SchemaDef[] {
    return [...this.schemaMap.values()];
  }

  hasSchema(name: string): boolean {
    return BUILTIN_SCHEMAS.includes(name) || this.schemaMap.has(name) || name.startsWith('pg_temp');
  }

  schema(name: string): SchemaDef | undefined {
    return this.schemaMap.get(name);
  }

  /** Extensions created with CREATE EXTENSION (plpgsql, always there, is not one of them). */
  extensions(): ExtensionDef[] {
    return [...this.extensionMap.values()];
  }

  extension(name: string): ExtensionDef | undefined {
    return this.extensionMap.get(name);
  }

  /**
   * arrayOidOf/elementOidOf and the array codecs know user types from a process-global registry
   * (protocol/types/oids.ts): before translating against this catalog, make it hold this catalog's types, plus
   * those of the shared catalog a transaction's copy came from (other sessions' cached translations use them).
   * Re-registers only when a catalog version changed, so a rolled-back CREATE TYPE leaves nothing behind.
   */
  syncUserTypes(): void {
    const base = this.base;
    if (synced.catalog === this && synced.version === this.version && synced.baseVersion === base?.version) return;
    const types = new Map<number, EnumTypeDef>();
    for (const e of base?.enums() ?? []) types.set(e.oid, e);
    for (const e of this.enums()) types.set(e.oid, e);
    syncUserTypes([...types.values()]);
    synced = { catalog: this, version: this.version, baseVersion: base?.version };
  }

  /** A copy that a transaction may change privately until it commits. */
  clone(): Catalog {
    const c = new Catalog();
    c.base = this;
    for (const o of this.byOid.values()) c.put(structuredClone(o));
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

  /** Record an object in memory; the caller persists it with `persistTable`. */
  upsert(o: CatalogObject): void {
    const old = this.byOid.get(o.oid);
    if (old) this.drop(old);
    this.put(o);
    this.nextOidValue = Math.max(this.nextOidValue, o.oid + 1, ...indexOids(o));
    this.version++;
  }

  remove(o: CatalogObject): void {
    const old = this.byOid.get(o.oid) ?? o;
    this.drop(old);
    this.version++;
  }

  private drop(o: CatalogObject): void {
    this.byOid.delete(o.oid);
    if (o.kind === 'schema') {
      this.schemaMap.delete(o.name);
      return;
    }
    if (o.kind === 'extension') {
      if (this.extensionMap.get(o.name)?.oid === o.oid) this.extensionMap.delete(o.name);
      return;
    }
    if (o.kind === 'enum') {
      const k = this.key(o.schema, o.name);
      if (this.typeMap.get(k)?.oid === o.oid) this.typeMap.delete(k);
      this.arrayTypes.delete(o.arrayOid);
      return;
    }
    const k = this.key(o.schema, o.name);
    if (this.relations.get(k)?.oid === o.oid) this.relations.delete(k);
    if (this.tables.get(k)?.oid === o.oid) this.tables.delete(k);
  }
}

function indexOids(o: CatalogObject): number[] {
  if (o.kind === 'enum') return [o.arrayOid + 1, ...o.labels.map((l) => l.oid + 1)];
  return !o.kind || o.kind === 'table' ? o.indexes.map((i) => i.oid + 1) : [];
}

function kindOf(o: CatalogObject): string {
  return o.kind ?? 'table';
}

/** SQL statements (with parameters) that persist an object definition. */
export function persistTable(o: CatalogObject): { sql: string; params: unknown[] } {
  // The (schema_name, name) key must not collide: schemas use '', and extension names, database-wide, may equal
  // a relation's name in the schema holding the extension's objects.
  const schema = o.kind === 'schema' ? '' : o.kind === 'extension' ? '@extension' : o.schema;
  return {
    sql: `INSERT INTO ${CATALOG_TABLE} (oid, kind, schema_name, name, definition) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (oid) DO UPDATE SET schema_name = excluded.schema_name, name = excluded.name, definition = excluded.definition`,
    params: [o.oid, kindOf(o), schema, o.name, JSON.stringify(o)],
  };
}

export function unpersistTable(o: CatalogObject): { sql: string; params: unknown[] } {
  return { sql: `DELETE FROM ${CATALOG_TABLE} WHERE oid = ?`, params: [o.oid] };
}
