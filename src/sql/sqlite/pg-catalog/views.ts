/**
 * Catalog views PostgreSQL defines in SQL (pg_tables, pg_indexes, information_schema...), written here in PG SQL
 * over the generated pg_catalog relations and translated like user views wherever they are used.
 */
import { OID } from '../../../../protocol/types/oids.js';
import { type Node, parseQuery } from '../../parse.js';
import { formatType, INFORMATION_SCHEMA_NSP } from './model.js';
import { systemRelation } from './system-relations.js';

const nm = OID.name;
const tx = OID.text;
const vc = OID.varchar;
const i4 = OID.int4;
const i8 = OID.int8;
const b = OID.bool;
const o = OID.oid;
const tstz = OID.timestamptz;

export interface SqlView {
  columns: [string, number][];
  query: string;
}

const REL = `FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace`;

const STATIO_TABLES: [string, number][] = [
  ['relid', o],
  ['schemaname', nm],
  ['relname', nm],
  ['heap_blks_read', i8],
  ['heap_blks_hit', i8],
  ['idx_blks_read', i8],
  ['idx_blks_hit', i8],
  ['toast_blks_read', i8],
  ['toast_blks_hit', i8],
  ['tidx_blks_read', i8],
  ['tidx_blks_hit', i8],
];

export const PG_VIEWS: Record<string, SqlView> = {
  pg_tables: {
    columns: [
      ['schemaname', nm],
      ['tablename', nm],
      ['tableowner', nm],
      ['tablespace', nm],
      ['hasindexes', b],
      ['hasrules', b],
      ['hastriggers', b],
      ['rowsecurity', b],
    ],
    query: `SELECT n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner), NULL::name, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity ${REL} WHERE c.relkind IN ('r', 'p')`,
  },
  pg_views: {
    columns: [
      ['schemaname', nm],
      ['viewname', nm],
      ['viewowner', nm],
      ['definition', tx],
    ],
    query: `SELECT n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner), pg_catalog.pg_get_viewdef(c.oid) ${REL} WHERE c.relkind = 'v'`,
  },
  pg_indexes: {
    columns: [
      ['schemaname', nm],
      ['tablename', nm],
      ['indexname', nm],
      ['tablespace', nm],
      ['indexdef', tx],
    ],
    query: `SELECT n.nspname, c.relname, i.relname, NULL::name, pg_catalog.pg_get_indexdef(i.oid)
      FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class c ON c.oid = x.indrelid JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
      LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm', 'p') AND i.relkind IN ('i', 'I')`,
  },
  pg_sequences: {
    columns: [
      ['schemaname', nm],
      ['sequencename', nm],
      ['sequenceowner', nm],
      ['data_type', OID.regtype],
      ['start_value', i8],
      ['min_value', i8],
      ['max_value', i8],
      ['increment_by', i8],
      ['cycle', b],
      ['cache_size', i8],
      ['last_value', i8],
    ],
    query: `SELECT n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner), s.seqtypid::regtype, s.seqstart, s.seqmin, s.seqmax, s.seqincrement, s.seqcycle, s.seqcache, pg_catalog.pg_sequence_last_value(c.oid)
      FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace`,
  },
  pg_matviews: {
    columns: [
      ['schemaname', nm],
      ['matviewname', nm],
      ['matviewowner', nm],
      ['tablespace', nm],
      ['hasindexes', b],
      ['ispopulated', b],
      ['definition', tx],
    ],
    query: `SELECT n.nspname, c.relname, pg_catalog.pg_get_userbyid(c.relowner), NULL::name, c.relhasindex, c.relispopulated, NULL::text ${REL} WHERE c.relkind = 'm'`,
  },
  pg_stat_user_tables: {
    columns: [
      ['relid', o],
      ['schemaname', nm],
      ['relname', nm],
      ['seq_scan', i8],
      ['seq_tup_read', i8],
      ['idx_scan', i8],
      ['idx_tup_fetch', i8],
      ['n_tup_ins', i8],
      ['n_tup_upd', i8],
      ['n_tup_del', i8],
      ['n_tup_hot_upd', i8],
      ['n_live_tup', i8],
      ['n_dead_tup', i8],
      ['n_mod_since_analyze', i8],
      ['n_ins_since_vacuum', i8],
      ['last_vacuum', tstz],
      ['last_autovacuum', tstz],
      ['last_analyze', tstz],
      ['last_autoanalyze', tstz],
      ['vacuum_count', i8],
      ['autovacuum_count', i8],
      ['analyze_count', i8],
      ['autoanalyze_count', i8],
    ],
    query: `SELECT c.oid, n.nspname, c.relname, 0::int8, 0::int8, CASE WHEN c.relhasindex THEN 0::int8 END, CASE WHEN c.relhasindex THEN 0::int8 END, 0::int8, 0::int8, 0::int8, 0::int8, 0::int8, 0::int8, 0::int8, 0::int8,
      NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, NULL::timestamptz, 0::int8, 0::int8, 0::int8, 0::int8 ${REL}
      WHERE c.relkind IN ('r', 't', 'm', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'`,
  },
  pg_statio_user_tables: {
    columns: STATIO_TABLES,
    query: `SELECT * FROM pg_catalog.pg_statio_all_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname !~ '^pg_toast'`,
  },
  // Sequelize's describeTable joins it to pg_description for column comments.
  pg_statio_all_tables: {
    columns: STATIO_TABLES,
    query: `SELECT c.oid, n.nspname, c.relname, 0::int8, 0::int8, CASE WHEN c.relhasindex THEN 0::int8 END, CASE WHEN c.relhasindex THEN 0::int8 END, NULL::int8, NULL::int8, NULL::int8, NULL::int8 ${REL}
      WHERE c.relkind IN ('r', 't', 'm', 'p')`,
  },
};

const USER_NSP = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`;
const sqlId = nm;
const yesNo = vc;

export const INFORMATION_SCHEMA: Record<string, SqlView> = {
  schemata: {
    columns: [
      ['catalog_name', sqlId],
      ['schema_name', sqlId],
      ['schema_owner', sqlId],
      ['default_character_set_catalog', sqlId],
      ['default_character_set_schema', sqlId],
      ['default_character_set_name', sqlId],
      ['sql_path', vc],
    ],
    query: `SELECT pg_catalog.current_database(), n.nspname, pg_catalog.pg_get_userbyid(n.nspowner), NULL::name, NULL::name, NULL::name, NULL::varchar FROM pg_catalog.pg_namespace n`,
  },
  tables: {
    columns: [
      ['table_catalog', sqlId],
      ['table_schema', sqlId],
      ['table_name', sqlId],
      ['table_type', vc],
      ['self_referencing_column_name', sqlId],
      ['reference_generation', vc],
      ['user_defined_type_catalog', sqlId],
      ['user_defined_type_schema', sqlId],
      ['user_defined_type_name', sqlId],
      ['is_insertable_into', yesNo],
      ['is_typed', yesNo],
      ['commit_action', vc],
    ],
    query: `SELECT pg_catalog.current_database(), n.nspname, c.relname,
      (CASE WHEN n.nspname ~ '^pg_temp_' THEN 'LOCAL TEMPORARY' WHEN c.relkind IN ('r', 'p') THEN 'BASE TABLE' WHEN c.relkind = 'v' THEN 'VIEW' WHEN c.relkind = 'f' THEN 'FOREIGN' ELSE NULL END)::varchar,
      NULL::name, NULL::varchar, NULL::name, NULL::name, NULL::name,
      (CASE WHEN c.relkind IN ('r', 'p') THEN 'YES' ELSE 'NO' END)::varchar, 'NO'::varchar, (CASE WHEN n.nspname ~ '^pg_temp_' THEN 'PRESERVE' END)::varchar
      ${REL} WHERE c.relkind IN ('r', 'v', 'f', 'p')`,
  },
  views: {
    columns: [
      ['table_catalog', sqlId],
      ['table_schema', sqlId],
      ['table_name', sqlId],
      ['view_definition', vc],
      ['check_option', vc],
      ['is_updatable', yesNo],
      ['is_insertable_into', yesNo],
      ['is_trigger_updatable', yesNo],
      ['is_trigger_deletable', yesNo],
      ['is_trigger_insertable_into', yesNo],
    ],
    query: `SELECT pg_catalog.current_database(), n.nspname, c.relname, pg_catalog.pg_get_viewdef(c.oid)::varchar, 'NONE'::varchar, 'NO'::varchar, 'NO'::varchar, 'NO'::varchar, 'NO'::varchar, 'NO'::varchar ${REL} WHERE c.relkind = 'v'`,
  },
  columns: {
    columns: [
      ['table_catalog', sqlId],
      ['table_schema', sqlId],
      ['table_name', sqlId],
      ['column_name', sqlId],
      ['ordinal_position', i4],
      ['column_default', vc],
      ['is_nullable', yesNo],
      ['data_type', vc],
      ['character_maximum_length', i4],
      ['character_octet_length', i4],
      ['numeric_precision', i4],
      ['numeric_precision_radix', i4],
      ['numeric_scale', i4],
      ['datetime_precision', i4],
      ['interval_type', vc],
      ['interval_precision', i4],
      ['character_set_catalog', sqlId],
      ['character_set_schema', sqlId],
      ['character_set_name', sqlId],
      ['collation_catalog', sqlId],
      ['collation_schema', sqlId],
      ['collation_name', sqlId],
      ['domain_catalog', sqlId],
      ['domain_schema', sqlId],
      ['domain_name', sqlId],
      ['udt_catalog', sqlId],
      ['udt_schema', sqlId],
      ['udt_name', sqlId],
      ['scope_catalog', sqlId],
      ['scope_schema', sqlId],
      ['scope_name', sqlId],
      ['maximum_cardinality', i4],
      ['dtd_identifier', sqlId],
      ['is_self_referencing', yesNo],
      ['is_identity', yesNo],
      ['identity_generation', vc],
      ['identity_start', vc],
      ['identity_increment', vc],
      ['identity_maximum', vc],
      ['identity_minimum', vc],
      ['identity_cycle', yesNo],
      ['is_generated', vc],
      ['generation_expression', vc],
      ['is_updatable', yesNo],
    ],
    // PG's plan for a fresh database yields tables in creation order and columns in attnum order, and ORMs
    // (TypeORM's getTable) list columns in the order returned; SQLite's automatic indexes would sort by name.
    // SQLite drops an ORDER BY of a FROM subquery (and flattens it into joins) unless it has a LIMIT.
    query: `SELECT pg_catalog.current_database(), n.nspname, c.relname, a.attname, a.attnum::int4,
      pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)::varchar,
      (CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END)::varchar,
      (CASE WHEN t.typcategory = 'A' THEN 'ARRAY' WHEN t.typnamespace <> 11 THEN 'USER-DEFINED' ELSE pg_catalog.format_type(a.atttypid, NULL) END)::varchar,
      pg_catalog.lumos_info_char_max_length(a.atttypid, a.atttypmod),
      pg_catalog.lumos_info_char_octet_length(a.atttypid, a.atttypmod),
      pg_catalog.lumos_info_numeric_precision(a.atttypid, a.atttypmod),
      pg_catalog.lumos_info_numeric_radix(a.atttypid),
      pg_catalog.lumos_info_numeric_scale(a.atttypid, a.atttypmod),
      pg_catalog.lumos_info_datetime_precision(a.atttypid, a.atttypmod),
      NULL::varchar, NULL::int4, NULL::name, NULL::name, NULL::name, NULL::name, NULL::name, NULL::name, NULL::name, NULL::name, NULL::name,
      pg_catalog.current_database(), coalesce(tn.nspname, 'pg_catalog')::name, t.typname, NULL::name, NULL::name, NULL::name, NULL::int4, a.attnum::text::name, 'NO'::varchar,
      (CASE WHEN a.attidentity IN ('a', 'd') THEN 'YES' ELSE 'NO' END)::varchar,
      (CASE a.attidentity WHEN 'a' THEN 'ALWAYS' WHEN 'd' THEN 'BY DEFAULT' END)::varchar,
      seq.seqstart::varchar, seq.seqincrement::varchar, seq.seqmax::varchar, seq.seqmin::varchar,
      (CASE WHEN seq.seqcycle THEN 'YES' ELSE 'NO' END)::varchar,
      'NEVER'::varchar, NULL::varchar, (CASE WHEN c.relkind IN ('r', 'p') THEN 'YES' ELSE 'NO' END)::varchar
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
      LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
      LEFT JOIN (pg_catalog.pg_depend dep JOIN pg_catalog.pg_sequence seq ON dep.objid = seq.seqrelid AND dep.deptype = 'i')
        ON dep.refobjid = c.oid AND dep.refobjsubid = a.attnum
      LEFT JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
      WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'v', 'f', 'p')
      ORDER BY c.oid, a.attnum LIMIT 9223372036854775807`,
  },
  table_constraints: {
    columns: [
      ['constraint_catalog', sqlId],
      ['constraint_schema', sqlId],
      ['constraint_name', sqlId],
      ['table_catalog', sqlId],
      ['table_schema', sqlId],
      ['table_name', sqlId],
      ['constraint_type', vc],
      ['is_deferrable', yesNo],
      ['initially_deferred', yesNo],
      ['enforced', yesNo],
      ['nulls_distinct', yesNo],
    ],
    query: `SELECT pg_catalog.current_database(), n.nspname, con.conname, pg_catalog.current_database(), n.nspname, c.relname,
      (CASE con.contype WHEN 'c' THEN 'CHECK' WHEN 'f' THEN 'FOREIGN KEY' WHEN 'p' THEN 'PRIMARY KEY' WHEN 'u' THEN 'UNIQUE' END)::varchar,
      'NO'::varchar, 'NO'::varchar, 'YES'::varchar, (CASE WHEN con.contype = 'u' THEN 'YES' END)::varchar
      FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      UNION ALL
      SELECT pg_catalog.current_database(), n.nspname, (n.oid::text || '_' || c.oid::text || '_' || a.attnum::text || '_not_null')::name, pg_catalog.current_database(), n.nspname, c.relname,
      'CHECK'::varchar, 'NO'::varchar, 'NO'::varchar, 'YES'::varchar, NULL::varchar
      FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE a.attnotnull AND a.attnum > 0 AND c.relkind IN ('r', 'p')`,
  },
  key_column_usage: {
    columns: [
      ['constraint_catalog', sqlId],
      ['constraint_schema', sqlId],
      ['constraint_name', sqlId],
      ['table_catalog', sqlId],
      ['table_schema', sqlId],
      ['table_name', sqlId],
      ['column_name', sqlId],
      ['ordinal_position', i4],
      ['position_in_unique_constraint', i4],
    ],
    query: `SELECT pg_catalog.current_database(), n.nspname, con.conname, pg_catalog.current_database(), n.nspname, c.relname, a.attname, k.n::int4,
      (CASE WHEN con.contype = 'f' THEN k.n END)::int4
      FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      CROSS JOIN pg_catalog.generate_series(1, 32) AS k(n)
      JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[k.n]
      WHERE con.contype IN ('p', 'u', 'f')`,
  },
  referential_constraints: {
    columns: [
      ['constraint_catalog', sqlId],
      ['constraint_schema', sqlId],
      ['constraint_name', sqlId],
      ['unique_constraint_catalog', sqlId],
      ['unique_constraint_schema', sqlId],
      ['unique_constraint_name', sqlId],
      ['match_option', vc],
      ['update_rule', vc],
      ['delete_rule', vc],
    ],
    query: `SELECT pg_catalog.current_database(), n.nspname, con.conname, pg_catalog.current_database(), pn.nspname, pk.conname, 'NONE'::varchar,
      (CASE con.confupdtype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END)::varchar,
      (CASE con.confdeltype WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' WHEN 'r' THEN 'RESTRICT' ELSE 'NO ACTION' END)::varchar
      FROM pg_catalog.pg_constraint con LEFT JOIN pg_catalog.pg_namespace n ON n.oid = con.connamespace
      LEFT JOIN pg_catalog.pg_constraint pk ON pk.conindid = con.conindid AND pk.contype IN ('p', 'u') AND pk.conrelid = con.confrelid
      LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pk.connamespace
      WHERE con.contype = 'f'`,
  },
  constraint_column_usage: {
    columns: [
      ['table_catalog', sqlId],
      ['table_schema', sqlId],
      ['table_name', sqlId],
      ['column_name', sqlId],
      ['constraint_catalog', sqlId],
      ['constraint_schema', sqlId],
      ['constraint_name', sqlId],
    ],
    query: `SELECT pg_catalog.current_database(), n.nspname, c.relname, a.attname, pg_catalog.current_database(), cn.nspname, con.conname
      FROM pg_catalog.pg_constraint con LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = con.connamespace
      CROSS JOIN pg_catalog.generate_series(1, 32) AS k(n)
      JOIN pg_catalog.pg_class c ON c.oid = (CASE WHEN con.contype = 'f' THEN con.confrelid ELSE con.conrelid END)
      LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = (CASE WHEN con.contype = 'f' THEN con.confkey[k.n] ELSE con.conkey[k.n] END)
      WHERE con.contype IN ('p', 'u', 'f')`,
  },
  sequences: {
    columns: [
      ['sequence_catalog', sqlId],
      ['sequence_schema', sqlId],
      ['sequence_name', sqlId],
      ['data_type', vc],
      ['numeric_precision', i4],
      ['numeric_precision_radix', i4],
      ['numeric_scale', i4],
      ['start_value', vc],
      ['minimum_value', vc],
      ['maximum_value', vc],
      ['increment', vc],
      ['cycle_option', yesNo],
    ],
    query: `SELECT pg_catalog.current_database(), n.nspname, c.relname, pg_catalog.format_type(s.seqtypid, NULL)::varchar,
      pg_catalog.lumos_info_numeric_precision(s.seqtypid, -1), 2, 0, s.seqstart::text::varchar, s.seqmin::text::varchar, s.seqmax::text::varchar, s.seqincrement::text::varchar,
      (CASE WHEN s.seqcycle THEN 'YES' ELSE 'NO' END)::varchar
      FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace`,
  },
  // No user-defined routines: PG's 82 columns (generated from PG 15) and no rows.
  routines: emptySystemView(INFORMATION_SCHEMA_NSP, 'routines'),
  character_sets: {
    columns: [
      ['character_set_catalog', sqlId],
      ['character_set_schema', sqlId],
      ['character_set_name', sqlId],
      ['character_repertoire', sqlId],
      ['form_of_use', sqlId],
      ['default_collate_catalog', sqlId],
      ['default_collate_schema', sqlId],
      ['default_collate_name', sqlId],
    ],
    query: `SELECT NULL::name, NULL::name, 'UTF8'::name, 'UCS'::name, 'UTF8'::name, pg_catalog.current_database(), 'pg_catalog'::name, 'C'::name`,
  },
};
void USER_NSP;

/** A view of PG's with no rows in Lumos, with the columns PG 15 gives it. */
function emptySystemView(nsp: number, name: string): SqlView {
  const cols = [...(systemRelation(nsp, name)?.columns.values() ?? [])];
  return {
    columns: cols.map((c) => [c.name, c.type]),
    query: `SELECT ${cols.map((c) => `NULL::${formatType(c.type, c.typmod)}`).join(', ')} WHERE false`,
  };
}

const parsed = new Map<string, Node>();

export function viewNode(key: string, v: SqlView): Node {
  let node = parsed.get(key);
  if (!node) {
    node = parseQuery(v.query)[0].node.SelectStmt;
    parsed.set(key, node);
  }
  return node;
}
