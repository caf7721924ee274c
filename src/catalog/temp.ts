/**
 * Temporary tables: PG keeps them per session. Lumos stores them in the one SQLite file under schema
 * pg_temp_<pid> (storage name "pg_temp_<pid>.name", visible only through that session's search path, see
 * Translator) and drops them when the session ends, or at startup if the server stopped without doing so.
 */
import type Database from 'better-sqlite3';
import { DEFAULT_CODEC_CONTEXT } from '../../protocol/types/context.js';
import type { SqliteEngine } from '../engines/sqlite/engine.js';
import type { CatalogObject } from './types.js';

const CATALOG_TABLE = '_lumos_catalog';
const SEQUENCE_TABLE = '_lumos_sequences';

const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** SQL dropping every object of the given temporary schemas. */
function dropSql(objects: { kind: string; oid: number; definition: CatalogObject }[], schemas: string[]): string[] {
  const sql: string[] = [];
  for (const o of objects) {
    if (o.kind === 'table' && 'storageName' in o.definition)
      sql.push(`DROP TABLE IF EXISTS ${q(o.definition.storageName)}`);
    if (o.kind === 'sequence') sql.push(`DELETE FROM ${SEQUENCE_TABLE} WHERE oid = ${o.oid}`);
  }
  if (schemas.length) sql.push(`DELETE FROM ${CATALOG_TABLE} WHERE schema_name IN (${schemas.map(lit).join(', ')})`);
  return sql;
}

export function dropTempLeftovers(db: Database.Database): void {
  let rows: { kind: string; oid: number; schema_name: string; definition: string }[];
  try {
    rows = db
      .prepare(
        `SELECT kind, oid, schema_name, definition FROM ${CATALOG_TABLE} WHERE schema_name LIKE 'pg\\_temp\\_%' ESCAPE '\\'`,
      )
      .all() as typeof rows;
  } catch {
    return; // no catalog yet
  }
  if (!rows.length) return;
  const objs = rows.map((r) => ({ kind: r.kind, oid: r.oid, definition: JSON.parse(r.definition) as CatalogObject }));
  const schemas = [...new Set(rows.map((r) => r.schema_name))];
  db.transaction(() => {
    for (const s of dropSql(objs, schemas)) db.exec(s);
  })();
}

/** Session end: drop its temporary objects on the writer, behind the write lock. */
export async function dropSessionTemp(engine: SqliteEngine, pid: number): Promise<void> {
  const schema = `pg_temp_${pid}`;
  const objs = [...engine.catalog.all(), ...engine.catalog.sequences()].filter((o) => o.schema === schema);
  if (!objs.length) return;
  const owner = {};
  const req = engine.lock.acquire(owner);
  try {
    await req.promise;
    await engine.write({
      sql: dropSql(
        objs.map((o) => ({ kind: o.kind ?? 'table', oid: o.oid, definition: o })),
        [schema],
      ),
      params: {},
      columns: null,
      formats: [],
      codec: DEFAULT_CODEC_CONTEXT,
      offsets: false,
      autocommit: true,
      safeIntegers: false,
    });
    engine.reloadCatalog();
  } catch {
    // The engine is closing; leftovers are dropped at the next start.
  } finally {
    engine.lock.release(owner);
  }
}
