/**
 * pg_catalog relations generated from Lumos's catalog as inline subqueries (VALUES lists), with PostgreSQL 15's
 * column names and types. Rendered SQL is cached per catalog version; rows depending on the session (the current
 * database) read session parameters. Views PG defines in SQL over these (pg_tables, pg_indexes...) are written
 * in PG SQL here and translated like user views (see views.ts).
 */

import { OID } from '../../../../protocol/types/oids.js';
import type { Catalog } from '../../../catalog/catalog.js';
import { sqlLiteral } from '../storage.js';
import type { Translator } from '../translator.js';
import { attributeRow } from './attribute-row.js';
import { enumDescriptionRows, enumLabelRows, enumTypeRows } from './enum-types.js';
import { INFORMATION_SCHEMA_TYPES } from './info-schema-types.js';
import {
  BTREE_AM,
  CLASS,
  DATABASE_OWNER_ROLE,
  HEAP_AM,
  hashOid,
  type Model,
  model,
  PG_CATALOG_NSP,
  POSTGRES_ROLE,
  relationColumns,
  TYPE_BY_OID,
} from './model.js';
import { PG_TYPES } from './pg-type-data.js';
import { builtinDescriptionRows, builtinProcOid, PROC_RELATIONS } from './procs.js';
import { EXTENSION_RELATIONS, extensionDescriptionRows } from './relations-extensions.js';
import { TYPE_RELATIONS } from './relations-types.js';
import { rowTypeOid, rowTypeRows } from './rowtypes.js';
import { PG_SETTINGS } from './settings.js';
import { systemAttributeRows, systemClassRows } from './system-relations.js';

export type Value = string | number | boolean | null | number[] | string[];

const b = OID.bool;
const o = OID.oid;
const n = OID.name;
const c = OID.char;
const i2 = OID.int2;
const i4 = OID.int4;
const i8 = OID.int8;
const f4 = OID.float4;
const tx = OID.text;
const rp = OID.regproc;
const xid = OID.xid;
const tstz = OID.timestamptz;
const aclArr = OID._aclitem; // values: the aclitems' text forms
const txtArr = OID._text;
const oidArr = OID._oid;
const i2Arr = OID._int2;
// int2vector/oidvector: arrays with a space-separated text form (subscripts are 1-based here, 0-based in PG)
const i2Vec = OID.int2vector;
const oidVec = OID.oidvector;
const charArr = OID._char;
const nodeTree = OID.pg_node_tree; // values: the expression's PG text, which pg_get_expr returns as is

export interface RelationDef {
  columns: [string, number][];
  /** Rows at translate time (storage-ready JS values; booleans and arrays are converted). */
  rows?: (m: Model, catalog: Catalog) => Value[][];
  /** Rows known only at execution (session values): SQL selecting the columns in order. */
  sql?: (t: Translator) => string;
  /** The rows do not depend on the catalog (cache once). */
  fixed?: boolean;
  /** `sql` names its columns itself (a single SELECT with a FROM clause). */
  named?: boolean;
  /** Rows of PG's built-in objects besides `rows`: rendered once, not per catalog version. */
  builtin?: () => Value[][];
}

const empty = (): Value[][] => [];

const collatable = (typeOid: number) => TYPE_BY_OID.get(typeOid)?.[21] ?? 0;

/** initdb's grants on its schemas (PG 15); schemas created later keep the default privileges (NULL). */
const NAMESPACE_ACL: Record<string, string[]> = {
  pg_catalog: ['postgres=UC/postgres', '=U/postgres'],
  public: ['pg_database_owner=UC/pg_database_owner', '=U/pg_database_owner'],
  information_schema: ['postgres=UC/postgres', '=U/postgres'],
};

export const RELATIONS: Record<string, RelationDef> = {
  pg_settings: PG_SETTINGS,
  pg_namespace: {
    columns: [
      ['oid', o],
      ['nspname', n],
      ['nspowner', o],
      ['nspacl', aclArr],
    ],
    rows: (m) => m.namespaces.map((x) => [x.oid, x.name, x.owner, NAMESPACE_ACL[x.name] ?? null]),
  },
  pg_class: {
    columns: [
      ['oid', o],
      ['relname', n],
      ['relnamespace', o],
      ['reltype', o],
      ['reloftype', o],
      ['relowner', o],
      ['relam', o],
      ['relfilenode', o],
      ['reltablespace', o],
      ['relpages', i4],
      ['reltuples', f4],
      ['relallvisible', i4],
      ['reltoastrelid', o],
      ['relhasindex', b],
      ['relisshared', b],
      ['relpersistence', c],
      ['relkind', c],
      ['relnatts', i2],
      ['relchecks', i2],
      ['relhasrules', b],
      ['relhastriggers', b],
      ['relhassubclass', b],
      ['relrowsecurity', b],
      ['relforcerowsecurity', b],
      ['relispopulated', b],
      ['relreplident', c],
      ['relispartition', b],
      ['relrewrite', o],
      ['relfrozenxid', xid],
      ['relminmxid', xid],
      ['relacl', aclArr],
      ['reloptions', txtArr],
      ['relpartbound', nodeTree],
    ],
    rows: (m) => [
      ...m.relations.map((r) => [
        r.oid,
        r.name,
        r.nsp,
        r.kind === 'r' || r.kind === 'v' ? rowTypeOid(r.oid) : 0,
        0,
        POSTGRES_ROLE,
        r.kind === 'r' ? HEAP_AM : r.kind === 'i' ? BTREE_AM : 0,
        r.kind === 'v' ? 0 : r.oid,
        0,
        // relpages/reltuples before any VACUUM/ANALYZE: an index has its metapage, a sequence its one row.
        r.kind === 'i' || r.kind === 'S' ? 1 : 0,
        r.kind === 'i' ? 0 : r.kind === 'S' ? 1 : -1,
        0,
        0,
        r.hasIndex,
        false,
        r.temp ? 't' : 'p',
        r.kind,
        r.natts,
        r.checks,
        r.kind === 'v',
        r.hasTriggers,
        false,
        false,
        false,
        true,
        r.kind === 'r' ? 'd' : 'n',
        false,
        0,
        0,
        0,
        null,
        null,
        null,
      ]),
      ...systemClassRows(),
    ],
  },
  pg_attribute: {
    columns: [
      ['attrelid', o],
      ['attname', n],
      ['atttypid', o],
      ['attstattarget', i4],
      ['attlen', i2],
      ['attnum', i2],
      ['attndims', i4],
      ['attcacheoff', i4],
      ['atttypmod', i4],
      ['attbyval', b],
      ['attalign', c],
      ['attstorage', c],
      ['attcompression', c],
      ['attnotnull', b],
      ['atthasdef', b],
      ['atthasmissing', b],
      ['attidentity', c],
      ['attgenerated', c],
      ['attisdropped', b],
      ['attislocal', b],
      ['attinhcount', i4],
      ['attcollation', o],
      ['attacl', aclArr],
      ['attoptions', txtArr],
      ['attfdwoptions', txtArr],
      ['attmissingval', OID.anyarray],
    ],
    rows: (m, catalog) =>
      m.relations
        .flatMap((r) =>
          relationColumns(r, m, catalog)
            .map((col): Value[] => {
              const ty = TYPE_BY_OID.get(col.typeOid);
              return attributeRow({
                relid: r.oid,
                name: col.name,
                type: col.typeOid,
                statTarget: -1,
                len: (ty?.[2] as number | undefined) ?? -1,
                attnum: col.attnum,
                ndims: ty?.[9] === 'array_subscript_handler' ? 1 : 0,
                typmod: col.typmod,
                byval: (ty?.[3] as boolean | undefined) ?? false,
                align: (ty?.[19] as string | undefined) ?? 'i',
                storage: (ty?.[20] as string | undefined) ?? 'x',
                notNull: col.notNull,
                hasDefault: r.kind === 'r' && col.defaultExpr !== undefined && !col.identity,
                identity: col.identity,
                collation: r.kind === 'S' ? 0 : collatable(col.typeOid),
              });
            })
            .concat(r.kind === 'r' || r.kind === 'S' ? systemAttributes(r.oid) : []),
        )
        .concat(systemAttributeRows()),
  },
  pg_attrdef: {
    columns: [
      ['oid', o],
      ['adrelid', o],
      ['adnum', i2],
      ['adbin', nodeTree],
    ],
    rows: (m) =>
      m.tables.flatMap((t) =>
        t.columns
          .filter((col) => col.defaultExpr !== undefined && !col.identity)
          .map((col) => [hashOid(`def:${t.oid}:${col.attnum}`), t.oid, col.attnum, col.defaultExpr ?? null]),
      ),
  },
  pg_index: {
    columns: [
      ['indexrelid', o],
      ['indrelid', o],
      ['indnatts', i2],
      ['indnkeyatts', i2],
      ['indisunique', b],
      ['indnullsnotdistinct', b],
      ['indisprimary', b],
      ['indisexclusion', b],
      ['indimmediate', b],
      ['indisclustered', b],
      ['indisvalid', b],
      ['indcheckxmin', b],
      ['indisready', b],
      ['indislive', b],
      ['indisreplident', b],
      ['indkey', i2Vec],
      ['indcollation', oidVec],
      ['indclass', oidVec],
      ['indoption', i2Vec],
      ['indexprs', nodeTree],
      ['indpred', nodeTree],
    ],
    rows: (m) =>
      m.indexes.map((x) => [
        x.oid,
        x.table.oid,
        x.columns.length,
        x.columns.length,
        x.unique,
        false,
        x.primary,
        false,
        true,
        false,
        true,
        false,
        true,
        true,
        false,
        x.attnums,
        x.attnums.map(() => 0),
        x.attnums.map(() => 0),
        x.attnums.map(() => 0),
        null,
        null,
      ]),
  },
  pg_constraint: {
    columns: [
      ['oid', o],
      ['conname', n],
      ['connamespace', o],
      ['contype', c],
      ['condeferrable', b],
      ['condeferred', b],
      ['convalidated', b],
      ['conrelid', o],
      ['contypid', o],
      ['conindid', o],
      ['conparentid', o],
      ['confrelid', o],
      ['confupdtype', c],
      ['confdeltype', c],
      ['confmatchtype', c],
      ['conislocal', b],
      ['coninhcount', i4],
      ['connoinherit', b],
      ['conkey', i2Arr],
      ['confkey', i2Arr],
      ['conpfeqop', oidArr],
      ['conppeqop', oidArr],
      ['conffeqop', oidArr],
      ['confdelsetcols', i2Arr],
      ['conexclop', oidArr],
      ['conbin', nodeTree],
    ],
    rows: (m) =>
      m.constraints.map((x) => [
        x.oid,
        x.name,
        x.nsp,
        x.type,
        x.deferrable ?? false,
        x.deferred ?? false,
        true,
        x.relid,
        0,
        x.indid,
        0,
        x.frelid,
        x.updType,
        x.delType,
        x.type === 'f' ? (x.matchFull ? 'f' : 's') : ' ',
        true,
        0,
        false,
        x.key.length ? x.key : null,
        x.fkey,
        null,
        null,
        null,
        x.delSetCols ?? null,
        null,
        x.bin,
      ]),
  },
  pg_description: {
    columns: [
      ['objoid', o],
      ['classoid', o],
      ['objsubid', i4],
      ['description', tx],
    ],
    rows: (m, catalog) => {
      const out: Value[][] = [];
      for (const r of m.relations) {
        if (r.comment !== undefined) out.push([r.oid, CLASS.pg_class, 0, r.comment]);
        if (r.kind === 'r' || r.kind === 'v') {
          for (const col of relationColumns(r, m, catalog))
            if (col.comment !== undefined) out.push([r.oid, CLASS.pg_class, col.attnum, col.comment]);
        }
      }
      for (const s of m.namespaces) if (s.comment !== undefined) out.push([s.oid, CLASS.pg_namespace, 0, s.comment]);
      out.push(...(enumDescriptionRows(catalog) as Value[][]), ...extensionDescriptionRows(catalog));
      return out;
    },
    builtin: builtinDescriptionRows,
  },
  pg_shdescription: {
    columns: [
      ['objoid', o],
      ['classoid', o],
      ['description', tx],
    ],
    rows: () => [
      [5, 1262, 'default administrative connection database'],
      [1, 1262, 'default template for new databases'],
      [4, 1262, 'unmodifiable empty database'],
    ],
    fixed: true,
  },
  pg_type: {
    columns: [
      ['oid', o],
      ['typname', n],
      ['typnamespace', o],
      ['typowner', o],
      ['typlen', i2],
      ['typbyval', b],
      ['typtype', c],
      ['typcategory', c],
      ['typispreferred', b],
      ['typisdefined', b],
      ['typdelim', c],
      ['typrelid', o],
      ['typsubscript', rp],
      ['typelem', o],
      ['typarray', o],
      ['typinput', rp],
      ['typoutput', rp],
      ['typreceive', rp],
      ['typsend', rp],
      ['typmodin', rp],
      ['typmodout', rp],
      ['typanalyze', rp],
      ['typalign', c],
      ['typstorage', c],
      ['typnotnull', b],
      ['typbasetype', o],
      ['typtypmod', i4],
      ['typndims', i4],
      ['typcollation', o],
      ['typdefaultbin', nodeTree],
      ['typdefault', tx],
      ['typacl', aclArr],
    ],
    rows: (m, catalog) => [...builtinTypeRows(), ...rowTypeRows(m), ...enumTypeRows(catalog)],
  },
  pg_database: {
    columns: [
      ['oid', o],
      ['datname', n],
      ['datdba', o],
      ['encoding', i4],
      ['datlocprovider', c],
      ['datistemplate', b],
      ['datallowconn', b],
      ['datconnlimit', i4],
      ['datfrozenxid', xid],
      ['datminmxid', xid],
      ['dattablespace', o],
      ['datcollate', tx],
      ['datctype', tx],
      ['daticulocale', tx],
      ['datcollversion', tx],
      ['datacl', aclArr],
    ],
    sql: (t) => {
      const acl = sqlLiteral(JSON.stringify(['=c/postgres', 'postgres=CTc/postgres']));
      const row = (oid: string, name: string, tmpl: boolean, datacl: string) =>
        `SELECT ${oid}, ${name}, ${POSTGRES_ROLE}, 6, 'c', ${tmpl ? 1 : 0}, ${oid === '4' ? 0 : 1}, -1, 716, 1, 1663, 'C', 'C', NULL, NULL, ${datacl}`;
      const db = t.sessionParam('database');
      return [
        row('5', "'postgres'", false, 'NULL'),
        row('1', "'template1'", true, acl),
        row('4', "'template0'", true, acl),
        `${row('16384', db, false, 'NULL')} WHERE ${db} NOT IN ('postgres', 'template1', 'template0')`,
      ].join(' UNION ALL ');
    },
  },
  pg_roles: {
    columns: [
      ['rolname', n],
      ['rolsuper', b],
      ['rolinherit', b],
      ['rolcreaterole', b],
      ['rolcreatedb', b],
      ['rolcanlogin', b],
      ['rolreplication', b],
      ['rolconnlimit', i4],
      ['rolpassword', tx],
      ['rolvaliduntil', tstz],
      ['rolbypassrls', b],
      ['rolconfig', txtArr],
      ['oid', o],
    ],
    rows: () => [
      ['postgres', true, true, true, true, true, true, -1, '********', null, true, null, POSTGRES_ROLE],
      [
        'pg_database_owner',
        false,
        true,
        false,
        false,
        false,
        false,
        -1,
        '********',
        null,
        false,
        null,
        DATABASE_OWNER_ROLE,
      ],
    ],
    fixed: true,
  },
  pg_authid: {
    columns: [
      ['oid', o],
      ['rolname', n],
      ['rolsuper', b],
      ['rolinherit', b],
      ['rolcreaterole', b],
      ['rolcreatedb', b],
      ['rolcanlogin', b],
      ['rolreplication', b],
      ['rolbypassrls', b],
      ['rolconnlimit', i4],
      ['rolpassword', tx],
      ['rolvaliduntil', tstz],
    ],
    rows: () => [
      [POSTGRES_ROLE, 'postgres', true, true, true, true, true, true, true, -1, null, null],
      [DATABASE_OWNER_ROLE, 'pg_database_owner', false, true, false, false, false, false, false, -1, null, null],
    ],
    fixed: true,
  },
  pg_user: {
    columns: [
      ['usename', n],
      ['usesysid', o],
      ['usecreatedb', b],
      ['usesuper', b],
      ['userepl', b],
      ['usebypassrls', b],
      ['passwd', tx],
      ['valuntil', tstz],
      ['useconfig', txtArr],
    ],
    rows: () => [['postgres', POSTGRES_ROLE, true, true, true, true, '********', null, null]],
    fixed: true,
  },
  pg_auth_members: {
    columns: [
      ['roleid', o],
      ['member', o],
      ['grantor', o],
      ['admin_option', b],
    ],
    rows: empty,
    fixed: true,
  },
  pg_am: {
    columns: [
      ['oid', o],
      ['amname', n],
      ['amhandler', rp],
      ['amtype', c],
    ],
    rows: () => [
      [2, 'heap', 'heap_tableam_handler', 't'],
      [403, 'btree', 'bthandler', 'i'],
      [405, 'hash', 'hashhandler', 'i'],
      [783, 'gist', 'gisthandler', 'i'],
      [2742, 'gin', 'ginhandler', 'i'],
      [4000, 'spgist', 'spghandler', 'i'],
      [3580, 'brin', 'brinhandler', 'i'],
    ],
    fixed: true,
  },
  pg_collation: {
    columns: [
      ['oid', o],
      ['collname', n],
      ['collnamespace', o],
      ['collowner', o],
      ['collprovider', c],
      ['collisdeterministic', b],
      ['collencoding', i4],
      ['collcollate', tx],
      ['collctype', tx],
      ['colliculocale', tx],
      ['collversion', tx],
    ],
    rows: () => [
      [100, 'default', PG_CATALOG_NSP, POSTGRES_ROLE, 'd', true, -1, null, null, null, null],
      [950, 'C', PG_CATALOG_NSP, POSTGRES_ROLE, 'c', true, -1, 'C', 'C', null, null],
      [951, 'POSIX', PG_CATALOG_NSP, POSTGRES_ROLE, 'c', true, -1, 'POSIX', 'POSIX', null, null],
    ],
    fixed: true,
  },
  pg_tablespace: {
    columns: [
      ['oid', o],
      ['spcname', n],
      ['spcowner', o],
      ['spcacl', aclArr],
      ['spcoptions', txtArr],
    ],
    rows: () => [
      [1663, 'pg_default', POSTGRES_ROLE, null, null],
      [1664, 'pg_global', POSTGRES_ROLE, null, null],
    ],
    fixed: true,
  },
  pg_sequence: {
    columns: [
      ['seqrelid', o],
      ['seqtypid', o],
      ['seqstart', i8],
      ['seqincrement', i8],
      ['seqmax', i8],
      ['seqmin', i8],
      ['seqcache', i8],
      ['seqcycle', b],
    ],
    rows: (m) => m.sequences.map((s) => [s.oid, s.typeOid, s.start, s.increment, s.max, s.min, s.cache, s.cycle]),
  },
  pg_enum: {
    columns: [
      ['oid', o],
      ['enumtypid', o],
      ['enumsortorder', f4],
      ['enumlabel', n],
    ],
    rows: (_m, catalog) => enumLabelRows(catalog),
  },
  pg_trigger: {
    columns: [
      ['oid', o],
      ['tgrelid', o],
      ['tgparentid', o],
      ['tgname', n],
      ['tgfoid', o],
      ['tgtype', i2],
      ['tgenabled', c],
      ['tgisinternal', b],
      ['tgconstrrelid', o],
      ['tgconstrindid', o],
      ['tgconstraint', o],
      ['tgdeferrable', b],
      ['tginitdeferred', b],
      ['tgnargs', i2],
      ['tgattr', i2Vec],
      ['tgargs', OID.bytea],
      ['tgqual', nodeTree],
      ['tgoldtable', n],
      ['tgnewtable', n],
    ],
    rows: empty,
    fixed: true,
  },
  pg_policy: {
    columns: [
      ['oid', o],
      ['polname', n],
      ['polrelid', o],
      ['polcmd', c],
      ['polpermissive', b],
      ['polroles', oidArr],
      ['polqual', nodeTree],
      ['polwithcheck', nodeTree],
    ],
    rows: empty,
    fixed: true,
  },
  pg_inherits: {
    columns: [
      ['inhrelid', o],
      ['inhparent', o],
      ['inhseqno', i4],
      ['inhdetachpending', b],
    ],
    rows: empty,
    fixed: true,
  },
  pg_partitioned_table: {
    columns: [
      ['partrelid', o],
      ['partstrat', c],
      ['partnatts', i2],
      ['partdefid', o],
      ['partattrs', i2Vec],
      ['partclass', oidVec],
      ['partcollation', oidVec],
      ['partexprs', nodeTree],
    ],
    rows: empty,
    fixed: true,
  },
  pg_publication: {
    columns: [
      ['oid', o],
      ['pubname', n],
      ['pubowner', o],
      ['puballtables', b],
      ['pubinsert', b],
      ['pubupdate', b],
      ['pubdelete', b],
      ['pubtruncate', b],
      ['pubviaroot', b],
    ],
    rows: empty,
    fixed: true,
  },
  pg_publication_namespace: {
    columns: [
      ['oid', o],
      ['pnpubid', o],
      ['pnnspid', o],
    ],
    rows: empty,
    fixed: true,
  },
  pg_publication_rel: {
    columns: [
      ['oid', o],
      ['prpubid', o],
      ['prrelid', o],
      ['prqual', nodeTree],
      ['prattrs', i2Vec],
    ],
    rows: empty,
    fixed: true,
  },
  pg_statistic_ext: {
    columns: [
      ['oid', o],
      ['stxrelid', o],
      ['stxname', n],
      ['stxnamespace', o],
      ['stxowner', o],
      ['stxstattarget', i4],
      ['stxkeys', i2Vec],
      ['stxkind', charArr],
      ['stxexprs', nodeTree],
    ],
    rows: empty,
    fixed: true,
  },
  pg_foreign_table: {
    columns: [
      ['ftrelid', o],
      ['ftserver', o],
      ['ftoptions', txtArr],
    ],
    rows: empty,
    fixed: true,
  },
  pg_rewrite: {
    columns: [
      ['oid', o],
      ['rulename', n],
      ['ev_class', o],
      ['ev_type', c],
      ['ev_enabled', c],
      ['is_instead', b],
      ['ev_qual', nodeTree],
      ['ev_action', nodeTree],
    ],
    rows: empty,
    fixed: true,
  },
  pg_depend: {
    columns: [
      ['classid', o],
      ['objid', o],
      ['objsubid', i4],
      ['refclassid', o],
      ['refobjid', o],
      ['refobjsubid', i4],
      ['deptype', c],
    ],
    rows: (m) => {
      const out: Value[][] = [];
      for (const s of m.sequences) {
        if (!s.ownedBy) continue;
        const t = m.tables.find((x) => x.oid === s.ownedBy?.tableOid);
        const col = t?.columns.find((x) => x.name === s.ownedBy?.column);
        if (col)
          out.push([CLASS.pg_class, s.oid, 0, CLASS.pg_class, t?.oid ?? 0, col.attnum, col.identity ? 'i' : 'a']);
      }
      return out;
    },
  },
  pg_stat_activity: {
    columns: [
      ['datid', o],
      ['datname', n],
      ['pid', i4],
      ['leader_pid', i4],
      ['usesysid', o],
      ['usename', n],
      ['application_name', tx],
      ['client_addr', OID.inet],
      ['client_hostname', tx],
      ['client_port', i4],
      ['backend_start', tstz],
      ['xact_start', tstz],
      ['query_start', tstz],
      ['state_change', tstz],
      ['wait_event_type', tx],
      ['wait_event', tx],
      ['state', tx],
      ['backend_xid', xid],
      ['backend_xmin', xid],
      ['query_id', i8],
      ['query', tx],
      ['backend_type', tx],
    ],
    sql: (t) =>
      `SELECT 16384, ${t.sessionParam('database')}, ${t.sessionParam('pid')}, NULL, ${POSTGRES_ROLE}, ${t.sessionParam('user')}, '', NULL, NULL, NULL, ${t.sessionParam('now')}, ${t.sessionParam('now')}, ${t.sessionParam('now')}, ${t.sessionParam('now')}, NULL, NULL, 'active', NULL, NULL, NULL, '', 'client backend'`,
  },
  ...TYPE_RELATIONS,
  ...EXTENSION_RELATIONS,
  ...PROC_RELATIONS,
};

let builtinTypes: Value[][] | undefined;

/** pg_type rows of pg_catalog (pg-type-data.ts) and information_schema, built once. */
function builtinTypeRows(): Value[][] {
  builtinTypes ??= [
    ...PG_TYPES.map((r) => [
      r[0],
      r[1],
      PG_CATALOG_NSP,
      POSTGRES_ROLE,
      r[2],
      r[3],
      r[4],
      r[5],
      r[6],
      true,
      r[7],
      r[8],
      r[9],
      r[10],
      r[11],
      r[12],
      r[13],
      r[14],
      r[15],
      r[16],
      r[17],
      r[18],
      r[19],
      r[20],
      false,
      0,
      -1,
      0,
      r[21],
      null,
      null,
      null,
    ]),
    ...(INFORMATION_SCHEMA_TYPES as Value[][]),
  ];
  return builtinTypes;
}

/** The system columns every heap relation has (attnum < 0), which PG lists in pg_attribute too, in the order
 * heap_create_with_catalog inserts them (after the user columns): a seq scan returns them so. */
const SYSTEM_ATTRIBUTES: [string, number, number, number, boolean, string][] = [
  ['ctid', OID.tid, -1, 6, false, 's'],
  ['xmin', OID.xid, -2, 4, true, 'i'],
  ['cmin', OID.cid, -3, 4, true, 'i'],
  ['xmax', OID.xid, -4, 4, true, 'i'],
  ['cmax', OID.cid, -5, 4, true, 'i'],
  ['tableoid', OID.oid, -6, 4, true, 'i'],
];

function systemAttributes(relid: number): Value[][] {
  return SYSTEM_ATTRIBUTES.map(([name, type, attnum, len, byval, align]) =>
    attributeRow({
      relid,
      name,
      type,
      statTarget: 0,
      len,
      attnum,
      ndims: 0,
      typmod: -1,
      byval,
      align,
      storage: 'p',
      notNull: true,
      collation: 0,
    }),
  );
}

/** Storage literal of a JS value for a column of `type`. */
function literal(v: Value, type: number): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (Array.isArray(v)) return sqlLiteral(JSON.stringify(v));
  if (type === OID.float4 && typeof v === 'number') return Number.isInteger(v) ? `${v}.0` : String(v);
  if (type === OID.int8 && typeof v === 'string') return v;
  // Lumos's own rows name regproc values (pg_type.typinput...); the stored value is the function's OID.
  if (type === OID.regproc && typeof v === 'string') return String(builtinProcOid(v));
  return sqlLiteral(v);
}

export function renderRows(columns: [string, number][], rows: Value[][]): string {
  const names = columns.map(([name], k) => `column${k + 1} AS "${name}"`).join(', ');
  if (rows.length === 0) return `SELECT ${columns.map(([name]) => `NULL AS "${name}"`).join(', ')} WHERE 0`;
  const values = rows.map((r) => `(${r.map((v, k) => literal(v, columns[k][1])).join(', ')})`).join(', ');
  return `SELECT ${names} FROM (VALUES ${values})`;
}

const fixedCache = new Map<string, string>();
const versionCache = new WeakMap<Catalog, { version: number; sql: Map<string, string> }>();

/**
 * SQL of a generated pg_catalog relation, or undefined if `name` is none. Without `withBuiltin`, the rows of PG's
 * built-in objects are left out (obj_description looks those up directly).
 */
export function relationSql(
  t: Translator,
  name: string,
  withBuiltin = true,
): { sql: string; columns: [string, number][] } | undefined {
  const def = RELATIONS[name];
  if (!def) return undefined;
  if (def.sql) return { ...(def.named ? { sql: def.sql(t) } : namedSql(def, def.sql(t))), columns: def.columns };
  if (def.fixed) {
    let sql = fixedCache.get(name);
    if (!sql) {
      sql = renderRows(def.columns, def.rows?.(model(t.catalog), t.catalog) ?? []);
      fixedCache.set(name, sql);
    }
    return { sql, columns: def.columns };
  }
  let entry = versionCache.get(t.catalog);
  if (!entry || entry.version !== t.catalog.version) {
    entry = { version: t.catalog.version, sql: new Map() };
    versionCache.set(t.catalog, entry);
  }
  const key = def.builtin && !withBuiltin ? `${name}:own` : name;
  let sql = entry.sql.get(key);
  if (!sql) {
    sql = renderRows(def.columns, def.rows?.(model(t.catalog), t.catalog) ?? []);
    if (def.builtin && withBuiltin) sql = `${sql} UNION ALL ${builtinSql(name, def.columns, def.builtin)}`;
    entry.sql.set(key, sql);
  }
  return { sql, columns: def.columns };
}

function builtinSql(name: string, columns: [string, number][], rows: () => Value[][]): string {
  const key = `${name}:builtin`;
  let sql = fixedCache.get(key);
  if (!sql) {
    sql = renderRows(columns, rows());
    fixedCache.set(key, sql);
  }
  return sql;
}

/** Session-dependent relations: each SELECT of `inner` is rewritten to name its columns. */
function namedSql(def: RelationDef, inner: string): { sql: string } {
  const parts = inner.split(' UNION ALL ').map((part) => {
    const m = /^SELECT (.*?)( WHERE .*)?$/s.exec(part);
    if (!m) return part;
    const exprs = splitTop(m[1]);
    return `SELECT ${exprs.map((e, k) => `${e} AS "${def.columns[k][0]}"`).join(', ')}${m[2] ?? ''}`;
  });
  return { sql: parts.join(' UNION ALL ') };
}

function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let cur = '';
  for (const ch of s) {
    if (ch === "'") quote = !quote;
    if (!quote) {
      if (ch === '(') depth++;
      if (ch === ')') depth--;
      if (ch === ',' && depth === 0) {
        out.push(cur.trim());
        cur = '';
        continue;
      }
    }
    cur += ch;
  }
  out.push(cur.trim());
  return out;
}
