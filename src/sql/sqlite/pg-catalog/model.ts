/**
 * What pg_catalog reports about Lumos's own objects, derived from the catalog once per catalog version:
 * namespaces, relations (tables, views, sequences, indexes), constraints with synthetic stable OIDs, and
 * the text PG's pg_get_*def functions give for them.
 */
import { OID } from '../../../../protocol/types/oids.js';
import type { Catalog } from '../../../catalog/catalog.js';
import type { ColumnDef, SequenceDef, TableDef, ViewDef } from '../../../catalog/types.js';
import { PG_TYPES, type PgTypeRow } from './pg-type-data.js';

export { formatType } from './format-type.js';

export const PG_CATALOG_NSP = 11;
export const PUBLIC_NSP = 2200;
export const PG_TOAST_NSP = 99;
export const INFORMATION_SCHEMA_NSP = 13207;
export const POSTGRES_ROLE = 10;
export const DATABASE_OWNER_ROLE = 6171;
export const HEAP_AM = 2;
export const BTREE_AM = 403;
/** pg_class OIDs of the catalogs objects belong to (pg_description.classoid, obj_description). */
export const CLASS = { pg_class: 1259, pg_namespace: 2615, pg_constraint: 2606, pg_type: 1247, pg_proc: 1255 };

export const TYPE_BY_OID = new Map<number, PgTypeRow>(PG_TYPES.map((r) => [r[0], r]));

export function hashOid(key: string, base = 1_000_000_000): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return base + (h % 1_000_000_000);
}

export function namespaceOid(catalog: Catalog, schema: string): number {
  if (schema === 'public') return PUBLIC_NSP;
  if (schema === 'pg_catalog') return PG_CATALOG_NSP;
  if (schema === 'information_schema') return INFORMATION_SCHEMA_NSP;
  if (schema === 'pg_toast') return PG_TOAST_NSP;
  return catalog.schema(schema)?.oid ?? hashOid(`nsp:${schema}`, 3_000_000_000);
}

/** PG's quote_ident: quote unless a lower-case identifier that is no keyword. */
export function quoteIdentIfNeeded(s: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(s) && !RESERVED.has(s)) return s;
  return `"${s.replaceAll('"', '""')}"`;
}

const RESERVED = new Set(
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create ' +
    'current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc ' +
    'distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral ' +
    'leading limit localtime localtimestamp not null offset on only or order placing primary references returning ' +
    'select session_user some symmetric table then to trailing true union unique user using variadic when where ' +
    'window with authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull ' +
    'join left like natural notnull outer overlaps right similar tablesample verbose'
  ).split(' '),
);

export interface ConstraintRow {
  oid: number;
  name: string;
  nsp: number;
  type: 'p' | 'u' | 'f' | 'c';
  relid: number;
  indid: number;
  frelid: number;
  updType: string;
  delType: string;
  key: number[];
  fkey: number[] | null;
  def: string;
  bin: string | null;
  /** Foreign keys: condeferrable, condeferred, MATCH FULL, ON DELETE SET ... (columns) as attnums. */
  deferrable?: boolean;
  deferred?: boolean;
  matchFull?: boolean;
  delSetCols?: number[];
}

export interface IndexRow {
  oid: number;
  name: string;
  nsp: number;
  table: TableDef;
  columns: string[];
  attnums: number[];
  unique: boolean;
  primary: boolean;
  constraint: boolean;
  def: string;
}

export type RelKind = 'r' | 'v' | 'S' | 'i';

export interface RelRow {
  oid: number;
  name: string;
  schema: string;
  nsp: number;
  kind: RelKind;
  natts: number;
  checks: number;
  hasIndex: boolean;
  hasTriggers: boolean;
  temp: boolean;
  comment?: string;
}

export interface Model {
  relations: RelRow[];
  indexes: IndexRow[];
  constraints: ConstraintRow[];
  namespaces: { oid: number; name: string; owner: number; comment?: string }[];
  tables: TableDef[];
  views: ViewDef[];
  sequences: SequenceDef[];
}

const cache = new WeakMap<Catalog, { version: number; model: Model }>();

export function model(catalog: Catalog): Model {
  const hit = cache.get(catalog);
  if (hit && hit.version === catalog.version) return hit.model;
  const m = build(catalog);
  cache.set(catalog, { version: catalog.version, model: m });
  return m;
}

function qualified(schema: string, name: string): string {
  return `${quoteIdentIfNeeded(schema)}.${quoteIdentIfNeeded(name)}`;
}

function build(catalog: Catalog): Model {
  const tables = catalog.all().sort((a, b) => a.oid - b.oid);
  const views = catalog.views().sort((a, b) => a.oid - b.oid);
  const sequences = catalog.sequences().sort((a, b) => a.oid - b.oid);
  const nsp = (s: string) => namespaceOid(catalog, s);
  const referenced = new Set<number>();
  for (const t of tables) for (const fk of t.foreignKeys ?? []) referenced.add(fk.refTableOid);
  const relations: RelRow[] = [];
  const indexes: IndexRow[] = [];
  const constraints: ConstraintRow[] = [];
  for (const t of tables) {
    const attnum = (c: string) => t.columns.find((x) => x.name === c)?.attnum ?? 0;
    relations.push({
      oid: t.oid,
      name: t.name,
      schema: t.schema,
      nsp: nsp(t.schema),
      kind: 'r',
      natts: t.columns.length,
      checks: t.checks?.length ?? 0,
      hasIndex: t.indexes.length > 0,
      hasTriggers: (t.foreignKeys?.length ?? 0) > 0 || referenced.has(t.oid),
      temp: !!t.temp || t.schema.startsWith('pg_temp'),
      comment: t.comment,
    });
    for (const i of t.indexes) {
      const cols = i.columns.map(quoteIdentIfNeeded).join(', ');
      const def = `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdentIfNeeded(i.name)} ON ${qualified(t.schema, t.name)} USING btree (${cols})`;
      const row: IndexRow = {
        oid: i.oid,
        name: i.name,
        nsp: nsp(t.schema),
        table: t,
        columns: i.columns,
        attnums: i.columns.map(attnum),
        unique: i.unique || i.primary,
        primary: i.primary,
        constraint: i.primary || !!i.constraint,
        def,
      };
      indexes.push(row);
      relations.push({
        oid: i.oid,
        name: i.name,
        schema: t.schema,
        nsp: nsp(t.schema),
        kind: 'i',
        natts: i.columns.length,
        checks: 0,
        hasIndex: false,
        hasTriggers: false,
        temp: !!t.temp,
      });
      if (row.constraint) {
        constraints.push({
          oid: hashOid(`con:${t.oid}:${i.name}`),
          name: i.name,
          nsp: nsp(t.schema),
          type: i.primary ? 'p' : 'u',
          relid: t.oid,
          indid: i.oid,
          frelid: 0,
          updType: ' ',
          delType: ' ',
          key: row.attnums,
          fkey: null,
          def: `${i.primary ? 'PRIMARY KEY' : 'UNIQUE'} (${cols})`,
          bin: null,
        });
      }
    }
    for (const fk of t.foreignKeys ?? []) {
      const ref = catalog.getByOid(fk.refTableOid);
      const refAttnum = (c: string) => ref?.columns.find((x) => x.name === c)?.attnum ?? 0;
      const refIndex = ref?.indexes.find(
        (i) =>
          i.unique && i.columns.length === fk.refColumns.length && i.columns.every((c, k) => c === fk.refColumns[k]),
      );
      const refName = ref ? quoteIdentIfNeeded(ref.name) : `${fk.refTableOid}`;
      const action = (letter: string | undefined, what: string) => {
        const words: Record<string, string> = { r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
        return letter && words[letter] ? ` ON ${what} ${words[letter]}` : '';
      };
      constraints.push({
        oid: hashOid(`con:${t.oid}:${fk.name}`),
        name: fk.name,
        nsp: nsp(t.schema),
        type: 'f',
        relid: t.oid,
        indid: refIndex?.oid ?? 0,
        frelid: fk.refTableOid,
        updType: fk.onUpdate ?? 'a',
        delType: fk.onDelete ?? 'a',
        key: fk.columns.map(attnum),
        fkey: fk.refColumns.map(refAttnum),
        def:
          `FOREIGN KEY (${fk.columns.map(quoteIdentIfNeeded).join(', ')}) REFERENCES ${refName}(${fk.refColumns.map(quoteIdentIfNeeded).join(', ')})` +
          (fk.matchFull ? ' MATCH FULL' : '') +
          action(fk.onUpdate, 'UPDATE') +
          action(fk.onDelete, 'DELETE') +
          (fk.deleteSetColumns ? ` (${fk.deleteSetColumns.map(quoteIdentIfNeeded).join(', ')})` : '') +
          (fk.deferrable ? ' DEFERRABLE' : '') +
          (fk.initiallyDeferred ? ' INITIALLY DEFERRED' : ''),
        bin: null,
        deferrable: fk.deferrable,
        deferred: fk.initiallyDeferred,
        matchFull: fk.matchFull,
        delSetCols: fk.deleteSetColumns?.map(attnum),
      });
    }
    for (const c of t.checks ?? []) {
      const expr = c.expr.startsWith('(') ? c.expr : `(${c.expr})`;
      constraints.push({
        oid: hashOid(`con:${t.oid}:${c.name}`),
        name: c.name,
        nsp: nsp(t.schema),
        type: 'c',
        relid: t.oid,
        indid: 0,
        frelid: 0,
        updType: ' ',
        delType: ' ',
        // pull_var_clause: each column the expression reads, once, in order of first appearance.
        key: [...new Set((c.columns ?? []).map((n) => t.columns.find((x) => x.name === n)?.attnum ?? 0))].filter(
          (a) => a > 0,
        ),
        fkey: null,
        def: `CHECK (${expr})`,
        bin: expr,
      });
    }
  }
  for (const v of views) {
    relations.push({
      oid: v.oid,
      name: v.name,
      schema: v.schema,
      nsp: nsp(v.schema),
      kind: 'v',
      natts: v.columns.length,
      checks: 0,
      hasIndex: false,
      hasTriggers: false,
      temp: v.schema.startsWith('pg_temp'),
      comment: v.comment,
    });
  }
  for (const s of sequences) {
    relations.push({
      oid: s.oid,
      name: s.name,
      schema: s.schema,
      nsp: nsp(s.schema),
      kind: 'S',
      natts: 3,
      checks: 0,
      hasIndex: false,
      hasTriggers: false,
      temp: s.schema.startsWith('pg_temp'),
      comment: s.comment,
    });
  }
  relations.sort((a, b) => a.oid - b.oid);
  const schemaNames = new Set<string>();
  for (const r of relations) schemaNames.add(r.schema);
  const namespaces: Model['namespaces'] = [
    { oid: PG_TOAST_NSP, name: 'pg_toast', owner: POSTGRES_ROLE },
    { oid: PG_CATALOG_NSP, name: 'pg_catalog', owner: POSTGRES_ROLE, comment: 'system catalog schema' },
    { oid: PUBLIC_NSP, name: 'public', owner: DATABASE_OWNER_ROLE, comment: 'standard public schema' },
    { oid: INFORMATION_SCHEMA_NSP, name: 'information_schema', owner: POSTGRES_ROLE },
  ];
  for (const s of catalog.schemas())
    namespaces.push({ oid: s.oid, name: s.name, owner: POSTGRES_ROLE, comment: s.comment });
  for (const s of schemaNames) {
    if (!namespaces.some((n) => n.name === s)) namespaces.push({ oid: nsp(s), name: s, owner: POSTGRES_ROLE });
  }
  return { relations, indexes, constraints, namespaces, tables, views, sequences };
}

/** Columns of a relation as pg_attribute reports them (tables and views: their columns; sequences: 3). */
export function relationColumns(rel: RelRow, m: Model, catalog: Catalog): ColumnDef[] {
  if (rel.kind === 'S') {
    return [
      { name: 'last_value', typeOid: OID.int8, typmod: -1, notNull: true, attnum: 1 },
      { name: 'log_cnt', typeOid: OID.int8, typmod: -1, notNull: true, attnum: 2 },
      { name: 'is_called', typeOid: OID.bool, typmod: -1, notNull: true, attnum: 3 },
    ];
  }
  if (rel.kind === 'i') {
    const idx = m.indexes.find((i) => i.oid === rel.oid);
    if (!idx) return [];
    return idx.columns.map((c, k) => {
      const col = idx.table.columns.find((x) => x.name === c);
      return { name: c, typeOid: col?.typeOid ?? OID.text, typmod: col?.typmod ?? -1, notNull: false, attnum: k + 1 };
    });
  }
  const o = catalog.object(rel.oid);
  return o && 'columns' in o ? o.columns : [];
}
