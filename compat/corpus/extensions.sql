-- CREATE EXTENSION for what applications' migrations install (TypeORM, Rails, Django, Prisma), the
-- extensions' functions, and the catalogs describing them.
DROP TABLE IF EXISTS ext_items;
DROP VIEW IF EXISTS ext_nil_view;
DROP EXTENSION IF EXISTS "uuid-ossp";
DROP EXTENSION IF EXISTS pgcrypto;
-- Before CREATE EXTENSION the functions do not exist.
SELECT uuid_generate_v4();
SELECT uuid_nil();
SELECT digest('abc', 'sha256');
-- plpgsql is installed by initdb.
CREATE EXTENSION plpgsql;
CREATE EXTENSION IF NOT EXISTS plpgsql;
CREATE EXTENSION nosuch_extension;
CREATE EXTENSION IF NOT EXISTS nosuch_extension;
CREATE EXTENSION "uuid-ossp" SCHEMA no_such_schema;
CREATE EXTENSION "uuid-ossp" VERSION '9.9';
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION IF NOT EXISTS "uuid-ossp";
CREATE EXTENSION "uuid-ossp";
SELECT uuid_nil(), uuid_ns_dns(), uuid_ns_url(), uuid_ns_oid(), uuid_ns_x500();
SELECT uuid_generate_v3(uuid_ns_dns(), 'www.example.com'), uuid_generate_v3(uuid_ns_url(), 'http://www.postgresql.org');
SELECT uuid_generate_v5(uuid_ns_dns(), 'www.example.com'), uuid_generate_v5(uuid_ns_url(), 'http://x'), uuid_generate_v5(uuid_nil(), '');
SELECT uuid_generate_v5('6ba7b812-9dad-11d1-80b4-00c04fd430c8', 'ünïcode');
SELECT uuid_generate_v3(uuid_ns_x500(), NULL), uuid_generate_v5(NULL, 'a');
SELECT public.uuid_generate_v3(public.uuid_ns_oid(), '1.3.6.1');
SELECT uuid_generate_v4() <> uuid_generate_v4(), length(uuid_generate_v4()::text);
SELECT substr(uuid_generate_v1()::text, 15, 1), substr(uuid_generate_v1mc()::text, 15, 1), substr(uuid_generate_v4()::text, 15, 1);
SELECT pg_typeof(uuid_generate_v1()), pg_typeof(uuid_nil());
SELECT uuid_generate_v4(1);
SELECT other_schema.uuid_nil();
CREATE TABLE ext_items (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(), name text NOT NULL);
INSERT INTO ext_items (name) VALUES ('a'), ('b');
SELECT count(DISTINCT id), count(*) FROM ext_items;
SELECT column_default FROM information_schema.columns WHERE table_name = 'ext_items' AND column_name = 'id';
-- pgcrypto
CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;
SELECT digest('abc', 'md5'), digest('abc', 'sha1'), digest('abc', 'sha224');
SELECT digest('abc', 'sha256'), digest('abc'::bytea, 'sha384');
SELECT digest('abc', 'sha512'), digest('', 'SHA256');
SELECT encode(digest('password', 'sha256'), 'hex');
SELECT digest('abc', 'nosuch');
SELECT digest(NULL::text, 'md5'), digest('abc', NULL);
SELECT hmac('what do ya want for nothing?', 'Jefe', 'md5'), hmac('abc'::bytea, 'key'::bytea, 'sha256');
SELECT encode(hmac('message', 'secret', 'sha1'), 'hex');
SELECT length(gen_random_bytes(16)), pg_typeof(gen_random_bytes(1)), gen_random_bytes(8) <> gen_random_bytes(8);
SELECT gen_random_bytes(0);
SELECT gen_random_bytes(1025);
SELECT public.gen_random_uuid() IS NOT NULL, gen_random_uuid() <> gen_random_uuid();
SELECT crypt('secret', '$1$saltsalt'), crypt('', '$1$'), crypt('a', '$1$abcdefghijk');
SELECT crypt('secret', '$2a$06$abcdefghijklmnopqrstuu'), crypt('', '$2a$04$abcdefghijklmnopqrstuu');
SELECT crypt('pässwörd', '$2a$05$abcdefghijklmnopqrstuu'), crypt('pässwörd', '$2x$05$abcdefghijklmnopqrstuu');
SELECT crypt(repeat('x', 80), '$2a$04$abcdefghijklmnopqrstuz');
SELECT crypt('a', '$2a$04$abc');
SELECT crypt('a', '$2a$03$abcdefghijklmnopqrstuu');
SELECT length(gen_salt('bf')), substr(gen_salt('bf', 8), 1, 7), substr(gen_salt('md5'), 1, 3), length(gen_salt('md5'));
SELECT crypt('pw', s) = crypt('pw', crypt('pw', s)) FROM (SELECT gen_salt('bf', 4) AS s) x;
SELECT crypt('pw', s) = crypt('pw', crypt('pw', s)) FROM (SELECT gen_salt('md5') AS s) x;
SELECT gen_salt('nosuch');
SELECT gen_salt('bf', 3);
SELECT gen_salt('bf', 32);
-- Catalogs
SELECT extname, extversion, extrelocatable, extnamespace::regnamespace, extowner::regrole FROM pg_extension ORDER BY extname;
SELECT name, default_version, installed_version, comment FROM pg_available_extensions WHERE name IN ('plpgsql', 'uuid-ossp', 'pgcrypto') ORDER BY name;
SELECT name, version, installed, superuser, trusted, relocatable, schema, requires, comment FROM pg_available_extension_versions WHERE name IN ('plpgsql', 'uuid-ossp', 'pgcrypto') ORDER BY name;
SELECT e.extname AS "Name", e.extversion AS "Version", n.nspname AS "Schema", c.description AS "Description"
FROM pg_catalog.pg_extension e LEFT JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace LEFT JOIN pg_catalog.pg_description c ON c.objoid = e.oid AND c.classoid = 'pg_catalog.pg_extension'::pg_catalog.regclass
ORDER BY 1;
COMMENT ON EXTENSION pgcrypto IS 'hashes and salts';
SELECT obj_description(oid, 'pg_extension') FROM pg_extension WHERE extname = 'pgcrypto';
COMMENT ON EXTENSION pgcrypto IS NULL;
SELECT obj_description(oid, 'pg_extension') FROM pg_extension WHERE extname = 'pgcrypto';
COMMENT ON EXTENSION nosuch_extension IS 'x';
-- search_path decides unqualified calls.
SET search_path = pg_catalog;
SELECT uuid_nil();
SELECT public.uuid_nil();
RESET search_path;
-- Transactional like other DDL.
BEGIN;
DROP EXTENSION pgcrypto;
SELECT count(*) FROM pg_extension WHERE extname = 'pgcrypto';
ROLLBACK;
SELECT count(*) FROM pg_extension WHERE extname = 'pgcrypto';
SELECT length(digest('x', 'md5'));
-- DROP EXTENSION: dependencies
CREATE VIEW ext_nil_view AS SELECT uuid_nil() AS nil;
DROP EXTENSION "uuid-ossp";
DROP EXTENSION "uuid-ossp" RESTRICT;
DROP EXTENSION "uuid-ossp" CASCADE;
SELECT column_default FROM information_schema.columns WHERE table_name = 'ext_items' AND column_name = 'id';
SELECT count(*) FROM pg_views WHERE viewname = 'ext_nil_view';
SELECT uuid_generate_v4();
DROP EXTENSION "uuid-ossp";
DROP EXTENSION IF EXISTS "uuid-ossp";
DROP EXTENSION pgcrypto;
SELECT digest('abc', 'md5');
SELECT extname FROM pg_extension ORDER BY extname;
CREATE EXTENSION "uuid-ossp";
SELECT uuid_ns_url();
DROP EXTENSION "uuid-ossp";
DROP TABLE ext_items;
