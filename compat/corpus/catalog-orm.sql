-- Catalog, DDL and query statements knex 3 (migrations, schema builder, columnInfo) and Sequelize 6 (sync with
-- force/alter, describeTable, showIndex, getForeignKeyReferencesForTable) send, captured from the PostgreSQL
-- log and renamed with the orm_ prefix. Bind parameters are inlined; now()-valued columns are left out of the
-- results and the database name (which differs between the servers) is compared to current_database().
DROP VIEW IF EXISTS orm_author_stats;
DROP TABLE IF EXISTS orm_tags, orm_posts, orm_authors, orm_knex_migrations, orm_knex_migrations_lock, orm_s_posts, orm_s_authors, orm_defaults CASCADE;

-- knex: migrations bookkeeping
select * from information_schema.tables where table_name = 'orm_knex_migrations' and table_schema = current_schema();
create table "orm_knex_migrations" ("id" serial primary key, "name" varchar(255), "batch" integer, "migration_time" timestamptz);
create table "orm_knex_migrations_lock" ("index" serial primary key, "is_locked" integer);
select * from "orm_knex_migrations_lock";
insert into "orm_knex_migrations_lock" ("is_locked") values (0);
select "name" from "orm_knex_migrations" order by "id" asc;
BEGIN;
update "orm_knex_migrations_lock" set "is_locked" = 1 where "is_locked" = 0;
select max("batch") as "max_batch" from "orm_knex_migrations";

-- knex: createTable with increments, string(n), text, integer, decimal, boolean default, timestamps(true, true)
create table "orm_authors" ("id" serial primary key, "name" varchar(100) not null, "email" varchar(255), "bio" text, "age" integer, "balance" decimal(10, 2) default '0', "active" boolean default '1', "created_at" timestamptz not null default CURRENT_TIMESTAMP, "updated_at" timestamptz not null default CURRENT_TIMESTAMP);
alter table "orm_authors" add constraint "orm_authors_email_unique" unique ("email");
create table "orm_posts" ("id" serial primary key, "author_id" integer not null, "title" varchar(200) not null, "body" text, "views" integer not null default '0', "published_at" timestamptz default CURRENT_TIMESTAMP);
-- knex adds every foreign key with ALTER TABLE
alter table "orm_posts" add constraint "orm_posts_author_id_foreign" foreign key ("author_id") references "orm_authors" ("id") on delete CASCADE;
create index "orm_posts_author_id_published_at_index" on "orm_posts" ("author_id", "published_at");
alter table "orm_posts" add constraint "orm_posts_author_id_title_unique" unique ("author_id", "title");
insert into "orm_knex_migrations" ("batch", "migration_time", "name") values (1, '2024-01-01 00:00:00+00', '20240101000000_create_authors_posts.cjs');
alter table "orm_authors" add column "nickname" varchar(50);
alter table "orm_authors" rename "bio" to "biography";
alter table "orm_authors" drop column "age";
insert into "orm_knex_migrations" ("batch", "migration_time", "name") values (1, '2024-01-01 00:00:00+00', '20240102000000_alter_authors.cjs');
update "orm_knex_migrations_lock" set "is_locked" = 0;
COMMIT;
select * from "orm_knex_migrations";
CREATE TABLE orm_tags (id serial PRIMARY KEY, post_id integer NOT NULL REFERENCES orm_posts (id) ON DELETE CASCADE, label varchar(40) NOT NULL, CONSTRAINT orm_tags_label_not_blank CHECK (label <> ''));
CREATE INDEX orm_tags_label_idx ON orm_tags (label);
CREATE VIEW orm_author_stats AS SELECT a.id, a.name, count(p.id) AS posts FROM orm_authors a LEFT JOIN orm_posts p ON p.author_id = a.id GROUP BY a.id, a.name;
select * from "orm_knex_migrations" where "batch" = (select max("batch") from "orm_knex_migrations") order by "id" desc;
select "name", "batch" from "orm_knex_migrations" order by "id" asc;
select "is_locked" from "orm_knex_migrations_lock";

-- knex: hasTable, hasColumn, columnInfo
select table_catalog = current_database() as same_db, table_schema, table_name, table_type, self_referencing_column_name, reference_generation, user_defined_type_name, is_insertable_into, is_typed, commit_action from information_schema.tables where table_name = 'orm_authors' and table_schema = current_schema();
select table_catalog = current_database() as same_db, table_schema, table_name, table_type, self_referencing_column_name, reference_generation, user_defined_type_name, is_insertable_into, is_typed, commit_action from information_schema.tables where table_name = 'orm_nope' and table_schema = current_schema();
select column_name, ordinal_position, column_default, is_nullable, data_type, character_maximum_length, numeric_precision, numeric_scale, udt_name, is_updatable from information_schema.columns where table_name = 'orm_authors' and column_name = 'biography' and table_schema = current_schema();
select column_name, ordinal_position, column_default, is_nullable, data_type, character_maximum_length, numeric_precision, numeric_scale, udt_name from information_schema.columns where table_name = 'orm_authors' and table_catalog = current_database() and table_schema = current_schema() order by ordinal_position;
select column_name, column_default, is_nullable, data_type, character_maximum_length from information_schema.columns where table_name = 'orm_posts' and table_catalog = current_database() and table_schema = current_schema() order by ordinal_position;
select "table_name", "column_name", "ordinal_position", "data_type", "is_nullable", "column_default", "character_maximum_length", "numeric_precision", "numeric_scale", "udt_name" from "information_schema"."columns" where "table_name" in ('orm_authors', 'orm_posts', 'orm_tags', 'orm_author_stats') and "table_schema" = 'public' order by "table_name" asc, "ordinal_position" asc;
select "table_name", "constraint_name", "constraint_type" from "information_schema"."table_constraints" where "table_name" in ('orm_authors', 'orm_posts', 'orm_tags') and "constraint_type" <> 'CHECK' order by "table_name" asc, "constraint_name" asc;
select "r"."constraint_name", "k"."table_name", "k"."column_name", "r"."update_rule", "r"."delete_rule" from "information_schema"."referential_constraints" as "r" inner join "information_schema"."key_column_usage" as "k" on "k"."constraint_name" = "r"."constraint_name" where "r"."constraint_schema" = 'public' and "r"."constraint_name" like 'orm\_%' order by "r"."constraint_name" asc;
select "tablename", "indexname", "indexdef" from "pg_indexes" where "schemaname" = 'public' and "tablename" like 'orm\_%' order by "indexname" asc;
select conname, contype, pg_get_constraintdef(oid) from pg_constraint where conrelid = 'orm_posts'::regclass order by conname;

-- knex: query builder
insert into "orm_authors" ("active", "balance", "biography", "email", "name") values (DEFAULT, '10.50', DEFAULT, 'ada@example.com', 'Ada'), (false, DEFAULT, DEFAULT, 'brian@example.com', 'Brian'), (DEFAULT, DEFAULT, 'writes', 'cleo@example.com', 'Cleo') returning "id", "name", "email", "biography", "balance", "active", "nickname";
update "orm_authors" set "nickname" = 'bri', "balance" = 3.25 where "id" = 2 returning "id", "nickname", "balance";
BEGIN;
insert into "orm_posts" ("author_id", "body", "title", "views") values (1, 'hello', 'First', 5);
insert into "orm_posts" ("author_id", "title", "views") values (1, 'Second', 7);
COMMIT;
BEGIN;
insert into "orm_posts" ("author_id", "title") values (2, 'Lost');
ROLLBACK;
-- a foreign key added by ALTER TABLE is enforced
insert into "orm_posts" ("author_id", "title") values (99, 'Orphan');
insert into "orm_posts" ("author_id", "title", "views") values (3, 'Batch 0', 0), (3, 'Batch 1', 10) returning "id";
insert into "orm_posts" ("author_id", "title", "views") values (3, 'Batch 2', 20) returning "id";
insert into "orm_posts" ("author_id", "title", "views") values (1, 'First', 1);
select "a"."name", count("p"."id") as "posts", sum("p"."views") as "views" from "orm_authors" as "a" left join "orm_posts" as "p" on "p"."author_id" = "a"."id" group by "a"."id", "a"."name" order by "posts" desc, "a"."name" asc;
select "title" from "orm_posts" where "title" in ('First', 'Batch 1', 'Nope') order by "id" asc;
insert into "orm_authors" ("email", "name") values ('ada@example.com', 'Ada Lovelace'), ('dora@example.com', 'Dora') on conflict ("email") do update set "name" = excluded."name" returning "id", "name", "email";
insert into "orm_authors" ("email", "name") values ('dora@example.com', 'X') on conflict ("email") do nothing returning "id";
select 1::int + 2 as total, 'x'::text as label, "name" as col from orm_authors where id = 1;
delete from "orm_authors" where "id" = 3 returning "id", "name";
select count(*) as "n" from "orm_posts" limit 1;
select * from "orm_author_stats" order by "id" asc;
-- ON UPDATE NO ACTION / ON DELETE CASCADE of the foreign key knex added
update "orm_authors" set "id" = 100 where "id" = 1;
delete from "orm_knex_migrations" where "name" = '20240102000000_alter_authors.cjs';

-- knex: rollback
DROP VIEW orm_author_stats;
DROP TABLE orm_tags;
alter table "orm_authors" add column "age" integer;
alter table "orm_authors" drop column "nickname";
alter table "orm_authors" rename "biography" to "bio";
drop table "orm_posts";
drop table "orm_authors";

-- Sequelize: sync({ force: true })
DROP TABLE IF EXISTS "orm_s_posts" CASCADE;
DROP TABLE IF EXISTS "orm_s_authors" CASCADE;
CREATE TABLE IF NOT EXISTS "orm_s_authors" ("id"  SERIAL , "name" VARCHAR(100) NOT NULL, "bio" TEXT, "age" INTEGER, "followers" BIGINT DEFAULT 0, "balance" DECIMAL(10,2) DEFAULT 0, "active" BOOLEAN DEFAULT true, "born" DATE, "lastSeen" TIMESTAMP WITH TIME ZONE, "uid" UUID UNIQUE, "meta" JSONB, "scores" INTEGER[], "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, PRIMARY KEY ("id"));
SELECT i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique, ix.indkey AS indkey, array_agg(a.attnum ORDER BY a.attnum) as column_indexes, array_agg(a.attname ORDER BY a.attnum) AS column_names, pg_get_indexdef(ix.indexrelid) AS definition FROM pg_class t, pg_class i, pg_index ix, pg_attribute a WHERE t.oid = ix.indrelid AND i.oid = ix.indexrelid AND a.attrelid = t.oid AND t.relkind = 'r' and t.relname = 'orm_s_authors' GROUP BY i.relname, ix.indexrelid, ix.indisprimary, ix.indisunique, ix.indkey ORDER BY i.relname;
CREATE INDEX "orm_s_authors_name" ON "orm_s_authors" ("name");
CREATE INDEX "orm_s_authors_born_active" ON "orm_s_authors" ("born", "active");
CREATE TABLE IF NOT EXISTS "orm_s_posts" ("id"   SERIAL , "title" VARCHAR(255) NOT NULL, "views" INTEGER NOT NULL DEFAULT 0, "body" TEXT, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "authorId" INTEGER NOT NULL REFERENCES "orm_s_authors" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "orm_s_posts_author_id_title" ON "orm_s_posts" ("authorId", "title");
SELECT i.relname AS name, ix.indisprimary AS primary, ix.indisunique AS unique, ix.indkey AS indkey, pg_get_indexdef(ix.indexrelid) AS definition FROM pg_class t, pg_class i, pg_index ix WHERE t.oid = ix.indrelid AND i.oid = ix.indexrelid AND t.relkind = 'r' and t.relname = 'orm_s_posts' ORDER BY i.relname;

-- Sequelize: showAllTables, describeTable, getForeignKeyReferencesForTable
SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type LIKE '%TABLE' AND table_name != 'spatial_ref_sys' AND table_name LIKE 'orm\_s\_%' ORDER BY 1;
SELECT pk.constraint_type as "Constraint",c.column_name as "Field", c.column_default as "Default",c.is_nullable as "Null", (CASE WHEN c.udt_name = 'hstore' THEN c.udt_name ELSE c.data_type END) || (CASE WHEN c.character_maximum_length IS NOT NULL THEN '(' || c.character_maximum_length || ')' ELSE '' END) as "Type", (SELECT array_agg(e.enumlabel) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_enum e ON t.oid=e.enumtypid WHERE t.typname=c.udt_name) AS "special", (SELECT pgd.description FROM pg_catalog.pg_statio_all_tables AS st INNER JOIN pg_catalog.pg_description pgd on (pgd.objoid=st.relid) WHERE c.ordinal_position=pgd.objsubid AND c.table_name=st.relname) AS "Comment" FROM information_schema.columns c LEFT JOIN (SELECT tc.table_schema, tc.table_name, cu.column_name, tc.constraint_type FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.KEY_COLUMN_USAGE  cu ON tc.table_schema=cu.table_schema and tc.table_name=cu.table_name and tc.constraint_name=cu.constraint_name and tc.constraint_type='PRIMARY KEY') pk ON pk.table_schema=c.table_schema AND pk.table_name=c.table_name AND pk.column_name=c.column_name WHERE c.table_name = 'orm_s_authors' AND c.table_schema = 'public';
SELECT pk.constraint_type as "Constraint",c.column_name as "Field", c.column_default as "Default",c.is_nullable as "Null", (CASE WHEN c.udt_name = 'hstore' THEN c.udt_name ELSE c.data_type END) || (CASE WHEN c.character_maximum_length IS NOT NULL THEN '(' || c.character_maximum_length || ')' ELSE '' END) as "Type", (SELECT array_agg(e.enumlabel) FROM pg_catalog.pg_type t JOIN pg_catalog.pg_enum e ON t.oid=e.enumtypid WHERE t.typname=c.udt_name) AS "special", (SELECT pgd.description FROM pg_catalog.pg_statio_all_tables AS st INNER JOIN pg_catalog.pg_description pgd on (pgd.objoid=st.relid) WHERE c.ordinal_position=pgd.objsubid AND c.table_name=st.relname) AS "Comment" FROM information_schema.columns c LEFT JOIN (SELECT tc.table_schema, tc.table_name, cu.column_name, tc.constraint_type FROM information_schema.TABLE_CONSTRAINTS tc JOIN information_schema.KEY_COLUMN_USAGE  cu ON tc.table_schema=cu.table_schema and tc.table_name=cu.table_name and tc.constraint_name=cu.constraint_name and tc.constraint_type='PRIMARY KEY') pk ON pk.table_schema=c.table_schema AND pk.table_name=c.table_name AND pk.column_name=c.column_name WHERE c.table_name = 'orm_s_posts' AND c.table_schema = 'public';
SELECT DISTINCT tc.constraint_name as constraint_name, tc.constraint_schema as constraint_schema, tc.constraint_catalog = current_database() as constraint_catalog, tc.table_name as table_name,tc.table_schema as table_schema,tc.initially_deferred as initially_deferred,tc.is_deferrable as is_deferrable,kcu.column_name as column_name,ccu.table_schema  AS referenced_table_schema,ccu.table_name  AS referenced_table_name,ccu.column_name AS referenced_column_name FROM information_schema.table_constraints AS tc JOIN information_schema.key_column_usage AS kcu ON tc.constraint_name = kcu.constraint_name JOIN information_schema.constraint_column_usage AS ccu ON ccu.constraint_name = tc.constraint_name WHERE constraint_type = 'FOREIGN KEY' AND tc.table_name = 'orm_s_posts' AND tc.table_catalog = current_database();

-- Sequelize: CRUD
INSERT INTO "orm_s_authors" ("id","name","age","followers","balance","active","born","uid","meta","scores","createdAt","updatedAt","lastSeen") VALUES (DEFAULT,'Ada',36,0,0,true,'1815-12-10','09259bad-4827-494d-85b7-5820b9f9b965','{"langs":["en"]}',ARRAY[3,1]::INTEGER[],'2024-11-30 12:14:07.092 +00:00','2024-11-30 12:14:07.092 +00:00',NULL),(DEFAULT,'Brian',NULL,'9007199254740993','12.50',false,NULL,'06494a3c-1f7e-4b55-9d7a-3f0b8e8f2c11',NULL,NULL,'2024-11-30 12:14:07.092 +00:00','2024-11-30 12:14:07.092 +00:00',NULL),(DEFAULT,'Cleo',NULL,0,0,true,NULL,'7d1f0a4e-5b8c-4c1e-9a2b-0c3d4e5f6a7b',NULL,NULL,'2024-11-30 12:14:07.092 +00:00','2024-11-30 12:14:07.092 +00:00','2024-03-01 12:00:00.000 +00:00') RETURNING "id","name","bio","age","followers","balance","active","born","lastSeen","uid","meta","scores","createdAt","updatedAt";
INSERT INTO "orm_s_posts" ("id","title","views","createdAt","updatedAt","authorId") VALUES (DEFAULT,'One',5,'2024-11-30 12:14:07.100 +00:00','2024-11-30 12:14:07.100 +00:00',1),(DEFAULT,'Two',7,'2024-11-30 12:14:07.100 +00:00','2024-11-30 12:14:07.100 +00:00',1),(DEFAULT,'Three',0,'2024-11-30 12:14:07.100 +00:00','2024-11-30 12:14:07.100 +00:00',3) RETURNING "id","title","views","body","createdAt","updatedAt","authorId";
SELECT "Author"."id", "Author"."name", "Author"."bio", "Author"."age", "Author"."followers", "Author"."balance", "Author"."active", "Author"."born", "Author"."lastSeen", "Author"."uid", "Author"."meta", "Author"."scores", "Author"."createdAt", "Author"."updatedAt", "Posts"."id" AS "Posts.id", "Posts"."title" AS "Posts.title", "Posts"."views" AS "Posts.views", "Posts"."body" AS "Posts.body", "Posts"."createdAt" AS "Posts.createdAt", "Posts"."updatedAt" AS "Posts.updatedAt", "Posts"."authorId" AS "Posts.authorId" FROM "orm_s_authors" AS "Author" LEFT OUTER JOIN "orm_s_posts" AS "Posts" ON "Author"."id" = "Posts"."authorId" ORDER BY "Author"."id" ASC, "Posts"."id" ASC;
SELECT count(*) AS "count" FROM "orm_s_posts" AS "Post" WHERE "Post"."authorId" = 1;
SELECT "id", "title", "views", "body", "createdAt", "updatedAt", "authorId" FROM "orm_s_posts" AS "Post" WHERE "Post"."authorId" = 1 ORDER BY "Post"."id" ASC LIMIT 1 OFFSET 1;
START TRANSACTION;
INSERT INTO "orm_s_posts" ("id","title","views","createdAt","updatedAt","authorId") VALUES (DEFAULT,'Lost',0,'2024-11-30 12:14:07.120 +00:00','2024-11-30 12:14:07.120 +00:00',2) RETURNING "id","title","views","body","authorId";
ROLLBACK;
UPDATE "orm_s_authors" SET "bio"='has a post',"updatedAt"='2024-11-30 12:14:07.130 +00:00' WHERE "id" = 2;
INSERT INTO "orm_s_posts" ("id","title","views","authorId","createdAt","updatedAt") VALUES (1,'One (edited)',50,1,'2024-11-30 12:14:07.140 +00:00','2024-11-30 12:14:07.140 +00:00') ON CONFLICT ("id") DO UPDATE SET "id"=EXCLUDED."id","title"=EXCLUDED."title","authorId"=EXCLUDED."authorId","views"=EXCLUDED."views","updatedAt"=EXCLUDED."updatedAt" RETURNING "id","title","views","body","createdAt","updatedAt","authorId";
UPDATE "orm_s_posts" SET "views"="views"+ 3,"updatedAt"='2024-11-30 12:14:07.158 +00:00' WHERE "authorId" = 1 RETURNING *;
INSERT INTO "orm_s_posts" ("id","title","views","createdAt","updatedAt","authorId") VALUES (DEFAULT,'Orphan',0,'2024-11-30 12:14:07.160 +00:00','2024-11-30 12:14:07.160 +00:00',99) RETURNING "id";
-- ON UPDATE CASCADE of the CREATE TABLE foreign key
UPDATE "orm_s_authors" SET "id" = 30 WHERE "id" = 3;
SELECT "id", "views", "authorId" FROM "orm_s_posts" AS "Post" ORDER BY "Post"."id" ASC;
DELETE FROM "orm_s_authors" WHERE "id" = 1;
SELECT count(*) AS "count" FROM "orm_s_posts" AS "Post";

-- Sequelize: sync({ alter: true })
SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'orm_s_authors';
ALTER TABLE "public"."orm_s_authors" ADD COLUMN "nickname" VARCHAR(40) DEFAULT 'anon';
ALTER TABLE "orm_s_authors" ALTER COLUMN "name" SET NOT NULL;ALTER TABLE "orm_s_authors" ALTER COLUMN "name" DROP DEFAULT;ALTER TABLE "orm_s_authors" ALTER COLUMN "name" TYPE VARCHAR(100);
ALTER TABLE "orm_s_authors" ALTER COLUMN "followers" DROP NOT NULL;ALTER TABLE "orm_s_authors" ALTER COLUMN "followers" SET DEFAULT 0;ALTER TABLE "orm_s_authors" ALTER COLUMN "followers" TYPE BIGINT;
ALTER TABLE "orm_s_authors" ALTER COLUMN "balance" DROP NOT NULL;ALTER TABLE "orm_s_authors" ALTER COLUMN "balance" SET DEFAULT 0;ALTER TABLE "orm_s_authors" ALTER COLUMN "balance" TYPE DECIMAL(10,2);
ALTER TABLE "orm_s_authors" ALTER COLUMN "uid" DROP NOT NULL;ALTER TABLE "orm_s_authors" ALTER COLUMN "uid" DROP DEFAULT;ALTER TABLE "orm_s_authors"  ADD UNIQUE ("uid");ALTER TABLE "orm_s_authors" ALTER COLUMN "uid" TYPE UUID ;
ALTER TABLE "orm_s_authors" ALTER COLUMN "scores" DROP NOT NULL;ALTER TABLE "orm_s_authors" ALTER COLUMN "scores" DROP DEFAULT;ALTER TABLE "orm_s_authors" ALTER COLUMN "scores" TYPE INTEGER[];
ALTER TABLE "public"."orm_s_posts" ADD COLUMN "rating" DECIMAL(3,1);
ALTER TABLE "public"."orm_s_posts" DROP COLUMN "body";
ALTER TABLE "orm_s_posts" DROP CONSTRAINT "orm_s_posts_authorId_fkey";
ALTER TABLE "orm_s_posts" ALTER COLUMN "authorId" SET NOT NULL;ALTER TABLE "orm_s_posts"  ADD FOREIGN KEY ("authorId") REFERENCES "orm_s_authors" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'orm_s_authors'::regclass ORDER BY conname;
SELECT conname, confupdtype, confdeltype, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'orm_s_posts'::regclass ORDER BY conname;
SELECT "name", "nickname" FROM "orm_s_authors" AS "Author" ORDER BY "Author"."id";
DELETE FROM "orm_s_authors" WHERE "name" = 'Cleo';
SELECT count(*) AS "count" FROM "orm_s_posts" AS "Post";
-- dropping the referenced table needs CASCADE, which drops the foreign key
DROP TABLE "orm_s_authors";
DROP TABLE "orm_s_authors" CASCADE;
SELECT conname FROM pg_constraint WHERE conrelid = 'orm_s_posts'::regclass ORDER BY conname;
INSERT INTO "orm_s_posts" ("title","views","createdAt","updatedAt","authorId") VALUES ('Free',0,'2024-11-30 12:00:00+00','2024-11-30 12:00:00+00',12345) RETURNING "id", "authorId";
DROP TABLE "orm_s_posts";

-- Column defaults as ORMs read them back (PG shows the default coerced to the column type)
CREATE TABLE orm_defaults (a numeric DEFAULT 0, b numeric(10,2) DEFAULT '0', c boolean DEFAULT '1', d text DEFAULT 'x', e varchar(20) DEFAULT 'y', f int DEFAULT '5', g bigint DEFAULT 7, h timestamptz DEFAULT now(), i timestamptz DEFAULT CURRENT_TIMESTAMP, j date DEFAULT '2024-01-01', k int DEFAULT -1, l float8 DEFAULT 1.5, m jsonb DEFAULT '{}', n uuid DEFAULT gen_random_uuid(), o text[] DEFAULT '{}', p int DEFAULT (1 + 2), q char(2) DEFAULT 'ab', r timestamp DEFAULT LOCALTIMESTAMP, s varchar DEFAULT ''::character varying, t int8 DEFAULT '-3', u int DEFAULT NULL, v numeric DEFAULT -1.5, w bigint DEFAULT 9999999999, x text DEFAULT 'it''s');
SELECT column_name, column_default FROM information_schema.columns WHERE table_name = 'orm_defaults' ORDER BY ordinal_position;
SELECT a.attname, a.atthasdef, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = 'orm_defaults'::regclass AND a.attnum > 0 ORDER BY a.attnum;
SELECT attname, attnum, atttypid::regtype, attlen, attnotnull FROM pg_attribute WHERE attrelid = 'orm_defaults'::regclass AND attnum < 0 ORDER BY attnum;
-- int2vector/oidvector columns of pg_index
CREATE UNIQUE INDEX orm_defaults_fk ON orm_defaults (f, k);
SELECT x.indkey, x.indkey::text, x.indoption, pg_typeof(x.indkey), pg_typeof(x.indclass) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE i.relname = 'orm_defaults_fk';
SELECT '1 2 3'::int2vector, ' 4  5 '::int2vector, ''::int2vector;
SELECT '1 x'::int2vector;
DROP TABLE orm_defaults;
