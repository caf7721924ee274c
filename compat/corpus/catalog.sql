-- Catalog queries as psql 15 (\d family, captured with psql -E), node-pg/postgres.js and ORMs send them; OIDs are
-- replaced by 'name'::regclass lookups and listings restricted to this file's objects (cat_*).
DROP VIEW IF EXISTS cat_v;
DROP TABLE IF EXISTS cat_t;
DROP TABLE IF EXISTS cat_parent;
DROP SEQUENCE IF EXISTS cat_s;
CREATE TABLE cat_parent (id serial PRIMARY KEY, code varchar(10) NOT NULL UNIQUE);
CREATE TABLE cat_t (id integer PRIMARY KEY, name text NOT NULL DEFAULT 'x', price numeric(10,2), parent_id int REFERENCES cat_parent(id) ON DELETE CASCADE, created timestamp DEFAULT now(), flag boolean, tags text[], c char(3));
CREATE INDEX cat_t_name_idx ON cat_t (name);
CREATE UNIQUE INDEX cat_t_price_idx ON cat_t (price);
CREATE VIEW cat_v AS SELECT id, name FROM cat_t;
CREATE SEQUENCE cat_s;
COMMENT ON TABLE cat_t IS 'the t table';
COMMENT ON COLUMN cat_t.name IS 'a name';
-- \dt
SELECT n.nspname as "Schema", c.relname as "Name", CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type", pg_catalog.pg_get_userbyid(c.relowner) as "Owner" FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam WHERE c.relkind IN ('r','p','') AND n.nspname <> 'pg_catalog' AND n.nspname !~ '^pg_toast' AND n.nspname <> 'information_schema' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relname LIKE 'cat\_%' ORDER BY 1,2;
-- \di
SELECT n.nspname as "Schema", c.relname as "Name", CASE c.relkind WHEN 'r' THEN 'table' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' END as "Type", pg_catalog.pg_get_userbyid(c.relowner) as "Owner", c2.relname as "Table" FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid WHERE c.relkind IN ('i','I','') AND n.nspname <> 'pg_catalog' AND n.nspname !~ '^pg_toast' AND n.nspname <> 'information_schema' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relname LIKE 'cat\_%' ORDER BY 1,2;
-- \dv, \ds
SELECT n.nspname as "Schema", c.relname as "Name", c.relkind FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v','S','') AND n.nspname <> 'pg_catalog' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relname LIKE 'cat\_%' ORDER BY 1,2;
-- \d cat_t
SELECT n.nspname, c.relname FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname OPERATOR(pg_catalog.~) '^(cat_t)$' COLLATE pg_catalog.default AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 1, 2;
SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, '', c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END, c.relpersistence, c.relreplident, am.amname FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_class tc ON (c.reltoastrelid = tc.oid) LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid) WHERE c.oid = 'cat_t'::regclass;
SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) FROM pg_catalog.pg_attrdef d WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef), a.attnotnull, (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation) AS attcollation, a.attidentity, a.attgenerated, a.attstorage, a.attcompression AS attcompression, CASE WHEN a.attstattarget=-1 THEN NULL ELSE a.attstattarget END AS attstattarget, pg_catalog.col_description(a.attrelid, a.attnum) FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'cat_t'::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum;
SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true), pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred, i.indisreplident, c2.reltablespace FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid AND contype IN ('p','u','x')) WHERE c.oid = 'cat_t'::regclass AND c.oid = i.indrelid AND i.indexrelid = c2.oid ORDER BY i.indisprimary DESC, c2.relname;
SELECT true as sametable, conname, pg_catalog.pg_get_constraintdef(r.oid, true) as condef, conrelid::pg_catalog.regclass AS ontable FROM pg_catalog.pg_constraint r WHERE r.conrelid = 'cat_t'::regclass AND r.contype = 'f' AND conparentid = 0 ORDER BY conname;
SELECT conname, conrelid::pg_catalog.regclass AS ontable, pg_catalog.pg_get_constraintdef(oid, true) AS condef FROM pg_catalog.pg_constraint c WHERE confrelid IN (SELECT pg_catalog.pg_partition_ancestors('cat_parent'::regclass) UNION ALL VALUES ('cat_parent'::pg_catalog.regclass)) AND contype = 'f' AND conparentid = 0 ORDER BY conname;
SELECT pol.polname, pol.polpermissive, CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where oid = any (pol.polroles) order by 1),',') END, pg_catalog.pg_get_expr(pol.polqual, pol.polrelid), pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid), CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' END AS cmd FROM pg_catalog.pg_policy pol WHERE pol.polrelid = 'cat_t'::regclass ORDER BY 1;
SELECT oid, stxrelid::pg_catalog.regclass, stxnamespace::pg_catalog.regnamespace::pg_catalog.text AS nsp, stxname, pg_catalog.pg_get_statisticsobjdef_columns(oid) AS columns, 'd' = any(stxkind) AS ndist_enabled, 'f' = any(stxkind) AS deps_enabled, 'm' = any(stxkind) AS mcv_enabled, stxstattarget FROM pg_catalog.pg_statistic_ext WHERE stxrelid = 'cat_t'::regclass ORDER BY nsp, stxname;
SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), t.tgenabled, t.tgisinternal FROM pg_catalog.pg_trigger t WHERE t.tgrelid = 'cat_t'::regclass AND (NOT t.tgisinternal OR (t.tgisinternal AND t.tgenabled = 'D')) ORDER BY 1;
SELECT c.oid::pg_catalog.regclass FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i WHERE c.oid = i.inhparent AND i.inhrelid = 'cat_t'::regclass AND c.relkind != 'p' AND c.relkind != 'I' ORDER BY inhseqno;
SELECT c.oid::pg_catalog.regclass, c.relkind, inhdetachpending, pg_catalog.pg_get_expr(c.relpartbound, c.oid) FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i WHERE c.oid = i.inhrelid AND i.inhparent = 'cat_t'::regclass ORDER BY pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', c.oid::pg_catalog.regclass::pg_catalog.text;
-- \dt+ (sizes left out)
SELECT n.nspname as "Schema", c.relname as "Name", CASE c.relpersistence WHEN 'p' THEN 'permanent' WHEN 't' THEN 'temporary' WHEN 'u' THEN 'unlogged' END as "Persistence", am.amname as "Access method", pg_catalog.obj_description(c.oid, 'pg_class') as "Description" FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam WHERE c.relkind IN ('r','p','') AND pg_catalog.pg_table_is_visible(c.oid) AND c.relname LIKE 'cat\_%' ORDER BY 1,2;
-- \dn, \du, \df, \dT
SELECT n.nspname AS "Name", pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner" FROM pg_catalog.pg_namespace n WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' ORDER BY 1;
SELECT r.rolname, r.rolsuper, r.rolinherit, r.rolcreaterole, r.rolcreatedb, r.rolcanlogin, r.rolconnlimit, r.rolvaliduntil, ARRAY(SELECT b.rolname FROM pg_catalog.pg_auth_members m JOIN pg_catalog.pg_roles b ON (m.roleid = b.oid) WHERE m.member = r.oid) as memberof, r.rolreplication, r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname = 'postgres' ORDER BY 1;
SELECT n.nspname as "Schema", p.proname as "Name", pg_catalog.pg_get_function_result(p.oid) as "Result data type", pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types" FROM pg_catalog.pg_proc p LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE pg_catalog.pg_function_is_visible(p.oid) AND n.nspname <> 'pg_catalog' AND n.nspname <> 'information_schema' ORDER BY 1, 2, 4;
SELECT n.nspname as "Schema", pg_catalog.format_type(t.oid, NULL) AS "Name", pg_catalog.obj_description(t.oid, 'pg_type') as "Description" FROM pg_catalog.pg_type t LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE (t.typrelid = 0 OR (SELECT c.relkind = 'c' FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid)) AND NOT EXISTS(SELECT 1 FROM pg_catalog.pg_type el WHERE el.oid = t.typelem AND el.typarray = t.oid) AND n.nspname <> 'pg_catalog' AND n.nspname <> 'information_schema' AND pg_catalog.pg_type_is_visible(t.oid) ORDER BY 1, 2;
SELECT pg_catalog.pg_encoding_to_char(d.encoding), d.datlocprovider, d.datistemplate FROM pg_catalog.pg_database d WHERE d.datname = 'template1';
-- postgres.js type discovery (arrays)
SELECT b.oid, b.typarray FROM pg_catalog.pg_type a LEFT JOIN pg_catalog.pg_type b ON b.oid = a.typelem WHERE a.typcategory = 'A' AND a.typnamespace = 11 GROUP BY b.oid, b.typarray ORDER BY b.oid;
-- node-pg / drivers: types by name and OID
SELECT oid, typname, typlen, typbyval, typtype, typcategory, typdelim, typelem, typarray, typinput, typoutput, typreceive, typsend, typalign, typstorage FROM pg_catalog.pg_type WHERE typname IN ('int4', '_int4', 'text', 'numeric', 'timestamptz', 'jsonb', 'uuid', 'bool') ORDER BY oid;
SELECT typinput = 'pg_catalog.array_in'::regproc AS is_array, typtype, typname FROM pg_catalog.pg_type WHERE oid IN (23, 1007, 25) ORDER BY oid;
SELECT pg_catalog.format_type(t.oid, NULL), t.typname FROM pg_catalog.pg_type t WHERE t.oid IN (16, 20, 21, 23, 25, 700, 701, 1042, 1043, 1082, 1083, 1114, 1184, 1186, 1700, 2950, 3802, 1007, 1009) ORDER BY t.oid;
SELECT pg_catalog.format_type(1043, 14), pg_catalog.format_type(1700, 655366), pg_catalog.format_type(1042, 7), pg_catalog.format_type(1114, 3), pg_catalog.format_type(1015, 14);
-- reg casts
SELECT 'cat_t'::regclass, 'cat_t'::regclass::text, 'integer'::regtype, 'pg_class'::regclass, 'public'::regnamespace::text, pg_typeof(1), pg_typeof('a'::text)::text;
SELECT 'int4'::regtype::oid, 'text'::regtype = 25, 'pg_catalog.pg_type'::regclass::oid;
SELECT to_regclass('cat_t')::text, to_regclass('cat_nope'), to_regtype('integer');
SELECT 'cat_nope'::regclass;
SELECT 'nosuchtype'::regtype;
-- functions tools call
SELECT pg_catalog.pg_get_userbyid(10), has_table_privilege('cat_t', 'SELECT'), has_schema_privilege('public', 'USAGE'), pg_size_pretty(0::bigint), pg_size_pretty(123456789::bigint), pg_size_pretty(10240::bigint);
SELECT quote_ident('cat_t'), quote_ident('Cat T'), current_schemas(false), current_setting('search_path'), current_setting('nope', true);
SELECT current_setting('no_such_setting');
SELECT obj_description('cat_t'::regclass, 'pg_class'), col_description('cat_t'::regclass, 2), col_description('cat_t'::regclass, 3);
SELECT pg_get_indexdef('cat_t_name_idx'::regclass), pg_get_indexdef('cat_t_price_idx'::regclass);
SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid IN ('cat_t'::regclass, 'cat_parent'::regclass) ORDER BY conname;
-- pg_catalog views
SELECT schemaname, tablename, tableowner, hasindexes FROM pg_tables WHERE tablename LIKE 'cat\_%' ORDER BY tablename;
SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'cat\_%' ORDER BY indexname;
SELECT schemaname, viewname, viewowner FROM pg_views WHERE viewname LIKE 'cat\_%';
SELECT schemaname, sequencename, data_type, start_value, min_value, max_value, increment_by, cycle, cache_size FROM pg_sequences WHERE sequencename LIKE 'cat\_%' ORDER BY 2;
SELECT relname, n_live_tup >= 0 FROM pg_stat_user_tables WHERE relname LIKE 'cat\_%' ORDER BY relname;
-- information_schema
SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_name LIKE 'cat\_%' ORDER BY table_name;
SELECT column_name, ordinal_position, column_default, is_nullable, data_type, character_maximum_length, character_octet_length, numeric_precision, numeric_precision_radix, numeric_scale, datetime_precision, udt_name, is_identity, is_generated, is_updatable FROM information_schema.columns WHERE table_name = 'cat_t' ORDER BY ordinal_position;
SELECT constraint_name, table_name, constraint_type, is_deferrable, initially_deferred FROM information_schema.table_constraints WHERE table_name LIKE 'cat\_%' AND constraint_type <> 'CHECK' ORDER BY constraint_name;
SELECT constraint_name, table_name, column_name, ordinal_position, position_in_unique_constraint FROM information_schema.key_column_usage WHERE table_name LIKE 'cat\_%' ORDER BY constraint_name, ordinal_position;
SELECT constraint_name, unique_constraint_name, match_option, update_rule, delete_rule FROM information_schema.referential_constraints WHERE constraint_name LIKE 'cat\_%';
SELECT table_name, column_name, constraint_name FROM information_schema.constraint_column_usage WHERE table_name LIKE 'cat\_%' ORDER BY constraint_name, column_name;
SELECT sequence_name, data_type, numeric_precision, start_value, minimum_value, maximum_value, increment, cycle_option FROM information_schema.sequences WHERE sequence_name LIKE 'cat\_%' ORDER BY 1;
SELECT schema_name FROM information_schema.schemata WHERE schema_name IN ('public', 'pg_catalog', 'information_schema') ORDER BY 1;
SELECT table_name FROM information_schema.views WHERE table_name LIKE 'cat\_%';
-- the row type of every table and view is named after it
CREATE SCHEMA cat_rt;
CREATE TABLE cat_rt.cat_rt_t (a int);
CREATE VIEW cat_rt_v AS SELECT 1 AS x;
SELECT c.relname, format_type(c.reltype, NULL), c.reltype::regtype, format_type(t.typarray, NULL), t.typtype FROM pg_class c JOIN pg_type t ON t.oid = c.reltype WHERE c.relname IN ('cat_rt_t', 'cat_rt_v') ORDER BY 1;
DROP VIEW cat_rt_v;
DROP SCHEMA cat_rt CASCADE;
-- reg* casts of text computed at run time: names as regclassin reads them, PG's errors for unknown names
CREATE TABLE "CatMixed" (a int);
SELECT ('cat_' || 'mixed')::regclass;
SELECT ('"Cat' || 'Mixed"')::regclass::text, ('public.' || '"CatMixed"')::regclass::text, (NULL::text)::regclass, ('pg_catalog.' || 'pg_class')::regclass;
SELECT ('"' || current_database() || '"."public"."CatMixed"')::regclass::text;
SELECT ('nope.public.' || 'x')::regclass;
SELECT '"nope"."public"."CatMixed"'::regclass;
SELECT ('a.b.' || 'c.d')::regclass;
SELECT ('no_such_' || 'schema')::regnamespace;
SELECT ('no_such_' || 'role')::regrole;
DROP TABLE "CatMixed";
-- privilege functions check their arguments as PG does
SELECT has_table_privilege('cat_t', 'select, insert with grant option'), has_table_privilege('postgres', 'public.cat_t', 'SELECT'), has_schema_privilege('public', 'USAGE'), has_column_privilege('cat_t', 'id', 'select');
SELECT has_table_privilege('cat_t', 'foo');
SELECT has_table_privilege('nobody', 'cat_t', 'select');
SELECT has_table_privilege('cat_nope', 'select');
SELECT has_schema_privilege('no_such_schema', 'usage');
SELECT has_column_privilege('cat_t', 'no_such_column', 'select');
-- information_schema's functions and types are not visible unless it is on the search path
SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'information_schema' AND pg_function_is_visible(p.oid);
SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'information_schema' AND pg_type_is_visible(t.oid);
SET search_path = public, information_schema;
SELECT count(*) > 0 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'information_schema' AND pg_function_is_visible(p.oid);
RESET search_path;
SELECT obj_description(16, 'pg_type'), obj_description(16, 'pg_no_such_catalog'), obj_description(16);
SELECT has_table_privilege('cat_nope', 'no_such_privilege');
-- OPERATOR(schema.op): only pg_catalog has operators; has_sequence_privilege wants a sequence
SELECT 'a' OPERATOR(pg_catalog.||) 'b', 1 OPERATOR(pg_catalog.+) 2;
SELECT 'a' OPERATOR(no_such_schema.||) 'b';
SELECT 'a' OPERATOR(public.||) 'b';
CREATE SEQUENCE cat_priv_seq;
SELECT has_sequence_privilege('cat_priv_seq', 'usage'), has_sequence_privilege('public.cat_priv_seq', 'select');
SELECT has_sequence_privilege('pg_class', 'usage');
DROP SEQUENCE cat_priv_seq;
