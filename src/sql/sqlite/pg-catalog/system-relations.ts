/**
 * The system relations themselves as catalog rows: pg_class and pg_attribute describe the pg_catalog relations and
 * information_schema views Lumos implements with PostgreSQL 15's OIDs and columns (system-relations-data.ts,
 * generated from a real PG 15), so tools browsing pg_catalog like any schema (psql's \dS, DBeaver, pgjdbc's
 * ResultSetMetaData on a catalog query) find them. Their result columns carry the same table OID and attnum PG
 * puts in RowDescription.
 */
import { attributeRow } from './attribute-row.js';
import { INFORMATION_SCHEMA_TYPES } from './info-schema-types.js';
import { INFORMATION_SCHEMA_NSP } from './model.js';
import { SYSTEM_ATTRIBUTE_ROWS, SYSTEM_CLASS_ROWS } from './system-relations-data.js';

type Value = string | number | boolean | null | number[] | string[];

/** A result column of a system relation as RowDescription describes it (domains replaced by their base type). */
export interface SystemColumn {
  name: string;
  type: number;
  typmod: number;
  attnum: number;
}

export interface SystemRelation {
  oid: number;
  kind: string;
  /** By name, in attnum order. */
  columns: Map<string, SystemColumn>;
}

/** information_schema's domains (sql_identifier, yes_or_no...): OID -> [base type, typmod]. */
const DOMAIN_BASE = new Map<number, [number, number]>(
  INFORMATION_SCHEMA_TYPES.filter((r) => r[6] === 'd').map((r) => [r[0] as number, [r[25] as number, r[26] as number]]),
);

let byName: Map<string, SystemRelation> | undefined;

function index(): Map<string, SystemRelation> {
  if (byName) return byName;
  const byOid = new Map<number, SystemRelation>();
  byName = new Map();
  for (const r of SYSTEM_CLASS_ROWS) {
    const rel: SystemRelation = { oid: r[0] as number, kind: r[16] as string, columns: new Map() };
    byOid.set(rel.oid, rel);
    byName.set(`${r[2]}.${r[1]}`, rel);
  }
  for (const [relid, name, type, , attnum, , typmod] of SYSTEM_ATTRIBUTE_ROWS) {
    if (attnum < 0) continue;
    const base = DOMAIN_BASE.get(type);
    byOid.get(relid)?.columns.set(name, {
      name,
      type: base ? base[0] : type,
      typmod: base && typmod < 0 ? base[1] : typmod,
      attnum,
    });
  }
  return byName;
}

/** A pg_catalog / information_schema relation PG 15 has and Lumos implements, by namespace OID and name. */
export function systemRelation(nsp: number, name: string): SystemRelation | undefined {
  return index().get(`${nsp}.${name}`);
}

/** information_schema's views Lumos implements: [name, oid]. */
export function infoSchemaRelations(): [string, number][] {
  return SYSTEM_CLASS_ROWS.filter((r) => r[2] === INFORMATION_SCHEMA_NSP).map((r) => [r[1] as string, r[0] as number]);
}

/** pg_class rows of the system relations (pg_class's 33 columns). */
export function systemClassRows(): Value[][] {
  return SYSTEM_CLASS_ROWS;
}

let attributeRows: Value[][] | undefined;

/** pg_attribute rows of the system relations (pg_attribute's 26 columns), built once. */
export function systemAttributeRows(): Value[][] {
  attributeRows ??= SYSTEM_ATTRIBUTE_ROWS.map(
    ([relid, name, type, len, attnum, ndims, typmod, byval, align, storage, notNull, collation]) =>
      attributeRow({
        relid,
        name,
        type,
        statTarget: attnum < 0 ? 0 : -1,
        len,
        attnum,
        ndims,
        typmod,
        byval,
        align,
        storage,
        notNull,
        collation,
      }),
  );
  return attributeRows;
}
