-- Enum types as applications use them: status columns, ORM-created enums (Prisma/TypeORM/Sequelize style),
-- ordering by the declared order, ALTER TYPE migrations, casts and catalog lookups.
DROP TABLE IF EXISTS enum_tickets, enum_users, enum_win CASCADE;
DROP TYPE IF EXISTS enum_status, enum_priority, enum_role, enum_tmp, enum_txn CASCADE;
DROP SCHEMA IF EXISTS enum_app CASCADE;

CREATE TYPE enum_status AS ENUM ('open', 'in_progress', 'blocked', 'done');
CREATE TYPE "public"."enum_priority" AS ENUM ('low', 'medium', 'high', 'urgent');
-- duplicate type
CREATE TYPE enum_status AS ENUM ('x');
-- duplicate label
CREATE TYPE enum_tmp AS ENUM ('a', 'b', 'a');
CREATE TABLE enum_tickets (
  id serial PRIMARY KEY,
  title text NOT NULL,
  status enum_status NOT NULL DEFAULT 'open',
  priority enum_priority,
  tags enum_priority[]
);
INSERT INTO enum_tickets (title, status, priority) VALUES
  ('login broken', 'open', 'urgent'),
  ('typo on home page', 'done', 'low'),
  ('slow search', 'in_progress', 'high'),
  ('export csv', 'blocked', 'medium'),
  ('dark mode', 'open', 'low'),
  ('payment retries', 'in_progress', 'urgent');
INSERT INTO enum_tickets (title) VALUES ('default status') RETURNING id, status, priority;
-- invalid label
INSERT INTO enum_tickets (title, status) VALUES ('bad', 'closed');
SELECT id, title, status, priority FROM enum_tickets ORDER BY priority DESC NULLS LAST, id;
SELECT id, status FROM enum_tickets ORDER BY status, id;
SELECT title FROM enum_tickets WHERE status = 'open' ORDER BY id;
SELECT title FROM enum_tickets WHERE status <> 'done' AND priority >= 'high' ORDER BY id;
SELECT title FROM enum_tickets WHERE status IN ('blocked', 'in_progress') ORDER BY id;
-- window ORDER BY and DISTINCT ON sort by the declared order too
SELECT id, status, row_number() OVER (ORDER BY status, id) AS rn, first_value(title) OVER (PARTITION BY priority ORDER BY status DESC, id) FROM enum_tickets ORDER BY id;
SELECT DISTINCT ON (priority) priority, status, title FROM enum_tickets ORDER BY priority, status DESC, id;
SELECT id, rank() OVER (ORDER BY priority NULLS FIRST) FROM enum_tickets ORDER BY id;
SELECT title FROM enum_tickets WHERE priority BETWEEN 'medium' AND 'urgent' ORDER BY priority, id;
SELECT status, count(*) FROM enum_tickets GROUP BY status ORDER BY status;
SELECT DISTINCT priority FROM enum_tickets ORDER BY priority;
SELECT min(priority), max(priority), min(status), max(status) FROM enum_tickets;
SELECT status, max(priority) FROM enum_tickets GROUP BY status ORDER BY 1;
SELECT greatest('low'::enum_priority, 'high', 'medium'), least('urgent'::enum_priority, 'medium');
-- comparing with an invalid literal fails like the insert
SELECT count(*) FROM enum_tickets WHERE status = 'closed';
-- casts
SELECT 'done'::enum_status, 'done'::enum_status::text, CAST('high' AS enum_priority);
SELECT status::text || ' / ' || priority::text AS label FROM enum_tickets WHERE id = 1;
SELECT upper(status::text) FROM enum_tickets WHERE id = 2;
SELECT 'nope'::enum_status;
SELECT 'blocked'::text::enum_status;
SELECT t.title FROM enum_tickets t WHERE t.status = 'open'::text::enum_status ORDER BY t.id;
-- enum vs text without a cast is an error
SELECT count(*) FROM enum_tickets WHERE status = 'open'::text;
SELECT 'low'::enum_priority::enum_status;
-- support functions
SELECT enum_first(NULL::enum_status), enum_last(NULL::enum_status);
SELECT enum_range(NULL::enum_priority);
SELECT enum_range('medium'::enum_priority, 'urgent'::enum_priority), enum_range(NULL, 'medium'::enum_priority);
SELECT pg_typeof(status), pg_typeof(tags) FROM enum_tickets WHERE id = 1;
-- arrays of enums
UPDATE enum_tickets SET tags = ARRAY['low', 'high']::enum_priority[] WHERE id = 1;
UPDATE enum_tickets SET tags = '{urgent}' WHERE id = 2;
UPDATE enum_tickets SET tags = '{urgent,bogus}' WHERE id = 3;
SELECT id, tags FROM enum_tickets WHERE tags IS NOT NULL ORDER BY id;
SELECT id FROM enum_tickets WHERE 'high' = ANY (tags) ORDER BY id;
-- UNION typing
SELECT status FROM enum_tickets WHERE id = 1 UNION SELECT 'done' ORDER BY 1;
SELECT status FROM enum_tickets WHERE id = 1 UNION ALL SELECT 'done'::text;
SELECT CASE WHEN id = 1 THEN status ELSE 'blocked' END AS s FROM enum_tickets WHERE id <= 2 ORDER BY s;
SELECT coalesce(priority, 'low') FROM enum_tickets WHERE id = 7;
-- migrations: ADD VALUE keeps the declared order
ALTER TYPE enum_status ADD VALUE 'review' BEFORE 'done';
ALTER TYPE enum_status ADD VALUE IF NOT EXISTS 'review';
ALTER TYPE enum_status ADD VALUE 'review';
ALTER TYPE enum_status ADD VALUE 'archived';
ALTER TYPE enum_status ADD VALUE 'triage' AFTER 'open';
ALTER TYPE enum_status ADD VALUE 'x' BEFORE 'missing';
UPDATE enum_tickets SET status = 'review' WHERE id = 3;
SELECT id, status FROM enum_tickets ORDER BY status DESC, id;
SELECT enumlabel, enumsortorder FROM pg_enum WHERE enumtypid = 'enum_status'::regtype ORDER BY enumsortorder;
SELECT enum_range(NULL::enum_status);
SELECT count(*) FROM enum_tickets WHERE status > 'triage' AND status < 'done';
ALTER TYPE enum_priority RENAME VALUE 'urgent' TO 'critical';
ALTER TYPE enum_priority RENAME VALUE 'nothere' TO 'y';
ALTER TYPE enum_priority RENAME VALUE 'low' TO 'high';
SELECT id, priority, tags FROM enum_tickets ORDER BY id;
SELECT 'urgent'::enum_priority;
-- catalog lookups ORMs and tools make
SELECT t.typname, t.typtype, t.typcategory, t.typlen, t.typbyval, t.typinput::text, t.typoutput::text, a.typname AS array_name, a.typcategory AS array_category, a.typelem = t.oid AS elem_ok
  FROM pg_type t JOIN pg_type a ON a.oid = t.typarray WHERE t.typname IN ('enum_status', 'enum_priority') ORDER BY t.typname;
SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE n.nspname = 'public' AND t.typname LIKE 'enum\_%' ORDER BY t.typname, e.enumsortorder;
SELECT format_type('enum_status'::regtype, NULL), format_type('enum_priority[]'::regtype, -1), 'enum_priority'::regtype::text;
SELECT column_name, data_type, udt_schema, udt_name, column_default FROM information_schema.columns
  WHERE table_name = 'enum_tickets' ORDER BY ordinal_position;
SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = 'enum_tickets'::regclass AND a.attnum > 0 ORDER BY a.attnum;
COMMENT ON TYPE enum_priority IS 'how soon to act';
SELECT obj_description('enum_priority'::regtype, 'pg_type');
-- a type in another schema, and renaming types
CREATE SCHEMA enum_app;
CREATE TYPE enum_app.enum_role AS ENUM ('viewer', 'editor', 'admin');
CREATE TABLE enum_users (id int PRIMARY KEY, role enum_app.enum_role NOT NULL DEFAULT 'viewer');
INSERT INTO enum_users VALUES (1, 'admin'), (2, 'viewer'), (3, 'editor');
INSERT INTO enum_users (id) VALUES (4);
SELECT id, role FROM enum_users WHERE role > 'viewer' ORDER BY role DESC;
SELECT format_type('enum_app.enum_role'::regtype, NULL);
SELECT 'admin'::enum_role;
ALTER TYPE enum_app.enum_role RENAME TO enum_user_role;
SELECT id, role FROM enum_users ORDER BY id;
SELECT 'editor'::enum_app.enum_user_role;
-- transactional DDL
BEGIN;
CREATE TYPE enum_tmp AS ENUM ('one', 'two');
SELECT enum_range(NULL::enum_tmp);
ROLLBACK;
SELECT 'one'::enum_tmp;
-- dropping
DROP TYPE enum_status;
DROP TYPE IF EXISTS enum_nothing;
DROP TYPE enum_nothing;
DROP TYPE enum_priority CASCADE;
SELECT column_name FROM information_schema.columns WHERE table_name = 'enum_tickets' ORDER BY ordinal_position;
DROP TABLE enum_tickets;
DROP TYPE enum_status;
SELECT count(*) FROM pg_type WHERE typname LIKE '%enum_status';
-- a value added in the open transaction cannot be used before it commits
CREATE TYPE enum_txn AS ENUM ('a', 'b');
BEGIN;
ALTER TYPE enum_txn ADD VALUE 'c';
SELECT 'c'::enum_txn;
ROLLBACK;
BEGIN;
ALTER TYPE enum_txn ADD VALUE 'c' BEFORE 'b';
SELECT 'a'::enum_txn, 'b'::enum_txn < 'a'::enum_txn;
SELECT 'c'::text::enum_txn;
ROLLBACK;
BEGIN;
ALTER TYPE enum_txn ADD VALUE 'c';
SELECT enum_range(NULL::enum_txn);
ROLLBACK;
ALTER TYPE enum_txn ADD VALUE 'c';
SELECT 'c'::enum_txn, enum_range(NULL::enum_txn);
-- enum arrays and records with enums in window PARTITION BY / ORDER BY
CREATE TABLE enum_win (id int, tags enum_txn[], t enum_txn);
INSERT INTO enum_win VALUES (1, '{b,a}', 'b'), (2, '{a}', 'a'), (3, '{c}', 'c'), (4, '{a,b}', 'b'), (5, '{a}', 'c');
SELECT id, row_number() OVER (ORDER BY tags, id), rank() OVER (PARTITION BY tags ORDER BY t DESC) FROM enum_win ORDER BY id;
SELECT id, first_value(id) OVER (PARTITION BY ROW(t, tags) ORDER BY id DESC) FROM enum_win ORDER BY id;
SELECT DISTINCT ON (tags) tags, id FROM enum_win ORDER BY tags, id DESC;
SELECT array_agg(t ORDER BY t DESC, id) FROM enum_win;
DROP TABLE enum_win;
DROP TYPE enum_txn;
