-- One (or more) statement per SQLSTATE that applications rely on. Only the SQLSTATE is compared.
DROP TABLE IF EXISTS err_child;
DROP TABLE IF EXISTS err_parent;
DROP TABLE IF EXISTS err_x;
DROP TABLE IF EXISTS err_y;

CREATE TABLE err_parent (id int PRIMARY KEY, code varchar(5) UNIQUE, qty int CHECK (qty >= 0), label char(3), big bigint);
CREATE TABLE err_child (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES err_parent(id));
INSERT INTO err_parent VALUES (1, 'A', 1, 'x', 1), (2, 'B', 2, 'y', 2);
INSERT INTO err_child VALUES (10, 1);
-- 23505 unique_violation
INSERT INTO err_parent VALUES (1, 'C', 0, 'z', 0);
UPDATE err_parent SET code = 'A' WHERE id = 2;
-- 23503 foreign_key_violation
INSERT INTO err_child VALUES (11, 42);
DELETE FROM err_parent WHERE id = 1;
UPDATE err_parent SET id = 100 WHERE id = 1;
-- 23502 not_null_violation
INSERT INTO err_child (id) VALUES (12);
UPDATE err_child SET parent_id = NULL;
INSERT INTO err_parent (code) VALUES ('Q');
-- 23514 check_violation
INSERT INTO err_parent VALUES (3, 'C', -1, 'z', 0);
UPDATE err_parent SET qty = qty - 10;
-- 22001 string_data_right_truncation
INSERT INTO err_parent VALUES (4, 'TOOLONG', 1, 'z', 0);
INSERT INTO err_parent VALUES (5, 'D', 1, 'abcd', 0);
UPDATE err_parent SET code = code || 'xxxxx' WHERE id = 1;
SELECT 'abcdef'::varchar(3);
INSERT INTO err_parent VALUES (5, 'ABCDE   ', 1, 'ab ', 0);
SELECT code, length(code), label FROM err_parent WHERE id = 5;
-- 22003 numeric_value_out_of_range
SELECT 2147483647 + 1;
INSERT INTO err_parent VALUES (6, 'E', 99999999999, 'z', 0);
SELECT 123.45::numeric(4,2);
SELECT big * 9223372036854775807 FROM err_parent WHERE id = 2;
SELECT 10::smallint * 10000::smallint;
-- 22012 division_by_zero
SELECT 1 / 0;
SELECT 1.5 / 0;
SELECT 5 % 0;
SELECT qty / (qty - qty) FROM err_parent;
-- 22P02 invalid_text_representation
SELECT 'x'::int;
SELECT '12abc'::numeric;
INSERT INTO err_parent VALUES ('seven', 'F', 1, 'z', 0);
SELECT * FROM err_parent WHERE id = 'one';
-- 22007 / 22008 datetime errors
SELECT 'soon'::timestamp;
SELECT DATE '2024-02-30';
-- 42P01 undefined_table
SELECT * FROM err_nowhere;
INSERT INTO err_nowhere VALUES (1);
DELETE FROM err_nowhere;
-- 42703 undefined_column
SELECT nope FROM err_parent;
SELECT err_parent.nope FROM err_parent;
UPDATE err_parent SET qty = 1 WHERE nope = 2;
SELECT id FROM err_parent ORDER BY nope;
-- 42601 syntax_error
SELEC 1;
SELECT * FROM;
SELECT 1 +;
CREATE TABLE (id int);
SELECT (1;
INSERT INTO err_parent VALUES (1,);
-- 42P07 duplicate_table
CREATE TABLE err_parent (id int);
CREATE INDEX err_idx ON err_parent (qty);
CREATE INDEX err_idx ON err_parent (code);
-- 42883 undefined_function
SELECT no_such_function(1);
SELECT length(1, 2, 3);
SELECT 'a'::text - 1;
SELECT now() + now();
SELECT upper(42);
-- 42804 datatype_mismatch
INSERT INTO err_child VALUES (13, true);
SELECT CASE WHEN true THEN 1 ELSE DATE '2024-01-01' END;
SELECT * FROM err_parent WHERE qty;
-- 42702 ambiguous_column
SELECT id FROM err_parent, err_child;
-- 42803 grouping_error
SELECT code, count(*) FROM err_parent;
SELECT count(count(*)) FROM err_parent;
-- 21000 cardinality_violation
SELECT (SELECT id FROM err_parent);
-- 42P10 invalid_column_reference
SELECT id FROM err_parent ORDER BY 5;
-- 2BP01 dependent_objects_still_exist
DROP TABLE err_parent;
-- 42704 undefined_object
DROP INDEX err_no_idx;
SELECT 1::nosuchtype;
-- 42846 cannot_coerce
SELECT true::date;
-- 42P16 invalid_table_definition / 42701 duplicate_column
CREATE TABLE err_x (a int PRIMARY KEY, b int PRIMARY KEY);
CREATE TABLE err_y (a int, a text);
ALTER TABLE err_parent ADD COLUMN qty int;
-- 2201E / 2201F invalid argument for logarithm / power
SELECT ln(0);
SELECT sqrt(-1);
SELECT 0 ^ -1;
-- 22023 invalid_parameter_value
SELECT * FROM generate_series(1, 10, 0);
SELECT repeat('x', 10) FROM err_parent WHERE split_part('a', 'b', 0) = '';
-- 2202E array_subscript_error
SELECT ARRAY[[1, 2], [3]];
-- 42883 again: array element types that cannot be compared
SELECT ARRAY[1, 2]::int[][] = ARRAY[NULL];
-- 25P02 in_failed_sql_transaction
BEGIN;
SELECT 1 / 0;
SELECT 1;
INSERT INTO err_parent VALUES (50, 'Z', 1, 'z', 0);
ROLLBACK;
-- 25006 read_only_sql_transaction
BEGIN READ ONLY;
DELETE FROM err_child;
ROLLBACK;
-- 40001 serialization_failure
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT qty FROM err_parent WHERE id = 2;
-- @session 2
UPDATE err_parent SET qty = qty + 1 WHERE id = 2;
UPDATE err_parent SET qty = qty + 1 WHERE id = 2;
ROLLBACK;
-- 3B001 invalid_savepoint_specification / 25P01 no_active_sql_transaction
BEGIN;
ROLLBACK TO SAVEPOINT never_made;
ROLLBACK;
SAVEPOINT outside;
-- 42P18 / 42725 ambiguity
SELECT greatest();
-- 22011 substring_error
SELECT substr('abc', 1, -1);
-- 2201W / 2201X invalid limit / offset
SELECT 1 LIMIT -1;
SELECT 1 OFFSET -1;
-- 22021 character_not_in_repertoire
SELECT E'\xff'::text;
-- 42601 unterminated string (must be last: it runs to the end of the file)
SELECT 'never closed;
