-- Foreign keys: checks at the end of the statement, RESTRICT vs NO ACTION, DEFERRABLE and SET CONSTRAINTS,
-- TRUNCATE of self-referencing and cyclic tables, MATCH FULL, ON DELETE SET NULL/DEFAULT (columns).
DROP TABLE IF EXISTS fk_tree, fk_tree_r, fk_sp_c, fk_sp, fk_cs, fk_dc, fk_dp, fk_rc, fk_rp, fk_uc, fk_ucr, fk_up;
DROP TABLE IF EXISTS fk_mc, fk_mp, fk_dfc, fk_dfp, fk_cb, fk_ca, fk_cn, fk_dc2, fk_di, fk_dp2, fk_ac, fk_ap;
DROP TABLE IF EXISTS fk_fc, fk_fp, fk_doc, fk_doc2, fk_tenant, fk_lt2, fk_lt;

-- NO ACTION is checked at the end of the statement: a whole self-referencing tree can be deleted
CREATE TABLE fk_tree (id int PRIMARY KEY, parent int REFERENCES fk_tree (id));
INSERT INTO fk_tree VALUES (1, NULL), (2, 1), (3, 2);
DELETE FROM fk_tree;
INSERT INTO fk_tree VALUES (1, NULL), (2, 1), (3, 2);
DELETE FROM fk_tree WHERE id >= 2;
DELETE FROM fk_tree WHERE id = 1 AND EXISTS (SELECT 1 FROM fk_tree t WHERE t.parent = 1);
-- a child row before its parent in the same INSERT
INSERT INTO fk_tree VALUES (5, 4), (4, NULL);
INSERT INTO fk_tree VALUES (7, 6), (8, NULL);
SELECT * FROM fk_tree ORDER BY id;
-- RESTRICT: also checked once the statement has run (the whole tree goes), but no other row stands in
CREATE TABLE fk_tree_r (id int PRIMARY KEY, parent int REFERENCES fk_tree_r (id) ON DELETE RESTRICT);
INSERT INTO fk_tree_r VALUES (1, NULL), (2, 1), (3, 2);
DELETE FROM fk_tree_r WHERE id = 1;
DELETE FROM fk_tree_r WHERE id IN (1, 2);
DELETE FROM fk_tree_r;
SELECT count(*) FROM fk_tree_r;

CREATE TABLE fk_sp (id int PRIMARY KEY);
CREATE TABLE fk_sp_c (p int REFERENCES fk_sp);
INSERT INTO fk_sp VALUES (1), (2);
INSERT INTO fk_sp_c VALUES (1), (2);
UPDATE fk_sp SET id = id + 10;
UPDATE fk_sp SET id = id + 1 WHERE id = 2;
SELECT * FROM fk_sp ORDER BY id;

-- ON UPDATE CASCADE on a self-referencing table: children follow in the same statement
CREATE TABLE fk_cs (id int PRIMARY KEY, parent int REFERENCES fk_cs (id) ON UPDATE CASCADE);
INSERT INTO fk_cs VALUES (1, NULL), (2, 1), (3, 2);
UPDATE fk_cs SET id = id + 10;
SELECT * FROM fk_cs ORDER BY id;
UPDATE fk_cs SET id = id * 10 WHERE id = 11;
SELECT * FROM fk_cs ORDER BY id;

-- a parent and its children deleted by one statement (data-modifying CTE), in either order
CREATE TABLE fk_dp (id int PRIMARY KEY);
CREATE TABLE fk_dc (id int, p int REFERENCES fk_dp);
INSERT INTO fk_dp VALUES (1), (2), (3);
INSERT INTO fk_dc VALUES (1, 1), (2, 2), (3, 3);
WITH d AS (DELETE FROM fk_dc WHERE p = 1) DELETE FROM fk_dp WHERE id = 1;
WITH d AS (DELETE FROM fk_dp WHERE id = 2) DELETE FROM fk_dc WHERE p = 2;
WITH d AS (DELETE FROM fk_dp WHERE id = 3) DELETE FROM fk_dc WHERE p = 2;
SELECT * FROM fk_dp ORDER BY id;
SELECT * FROM fk_dc ORDER BY id;
-- a child inserted before its parent by one statement
WITH x AS (INSERT INTO fk_dc VALUES (4, 4)) INSERT INTO fk_dp VALUES (4);
SELECT * FROM fk_dc ORDER BY id;
CREATE TABLE fk_rp (id int PRIMARY KEY);
CREATE TABLE fk_rc (id int, p int REFERENCES fk_rp ON DELETE RESTRICT);
INSERT INTO fk_rp VALUES (1);
INSERT INTO fk_rc VALUES (1, 1);
WITH d AS (DELETE FROM fk_rc WHERE p = 1) DELETE FROM fk_rp WHERE id = 1;
SELECT count(*) FROM fk_rp;

-- NO ACTION lets a row that takes over the key stand in; RESTRICT does not
CREATE TABLE fk_up (id int PRIMARY KEY, code text UNIQUE);
CREATE TABLE fk_uc (code text REFERENCES fk_up (code));
CREATE TABLE fk_ucr (code text REFERENCES fk_up (code) ON UPDATE RESTRICT ON DELETE RESTRICT);
INSERT INTO fk_up VALUES (1, 'a'), (2, 'c'), (3, 'e'), (4, 'g');
INSERT INTO fk_uc VALUES ('a');
INSERT INTO fk_ucr VALUES ('e');
UPDATE fk_up SET code = CASE WHEN code = 'a' THEN 'z' WHEN code = 'c' THEN 'a' END WHERE code IN ('a', 'c');
SELECT * FROM fk_up ORDER BY id;
UPDATE fk_up SET code = CASE WHEN code = 'e' THEN 'y' WHEN code = 'g' THEN 'e' END WHERE code IN ('e', 'g');
SELECT * FROM fk_up ORDER BY id;
DELETE FROM fk_up WHERE id <> 3;
SELECT count(*) FROM fk_up;

-- multi-column keys, exact bigint values, NULL columns (MATCH SIMPLE)
CREATE TABLE fk_mp (a bigint, b text, PRIMARY KEY (a, b));
CREATE TABLE fk_mc (a bigint, b text, FOREIGN KEY (a, b) REFERENCES fk_mp);
INSERT INTO fk_mp VALUES (9007199254740993, 'x');
INSERT INTO fk_mc VALUES (9007199254740993, 'x');
INSERT INTO fk_mc VALUES (9007199254740992, 'x');
INSERT INTO fk_mc VALUES (9007199254740993, NULL);
DELETE FROM fk_mp;
SELECT * FROM fk_mc ORDER BY 1, 2;
BEGIN;
INSERT INTO fk_mp VALUES (1, 'y');
SAVEPOINT s;
INSERT INTO fk_mc VALUES (2, 'y'), (1, 'y');
ROLLBACK TO s;
INSERT INTO fk_mc VALUES (1, 'y');
COMMIT;
SELECT * FROM fk_mc ORDER BY 1, 2;

-- ON DELETE SET DEFAULT to a key that does not exist fails
CREATE TABLE fk_dfp (id int PRIMARY KEY);
CREATE TABLE fk_dfc (p int DEFAULT 0 REFERENCES fk_dfp ON DELETE SET DEFAULT);
INSERT INTO fk_dfp VALUES (1);
INSERT INTO fk_dfc VALUES (1);
DELETE FROM fk_dfp WHERE id = 1;
INSERT INTO fk_dfp VALUES (0);
DELETE FROM fk_dfp WHERE id = 1;
SELECT * FROM fk_dfc;

-- TRUNCATE of a self-referencing table and of tables referencing each other
TRUNCATE fk_tree;
TRUNCATE fk_tree_r;
CREATE TABLE fk_ca (id int PRIMARY KEY, b int);
CREATE TABLE fk_cb (id int PRIMARY KEY, a int REFERENCES fk_ca);
ALTER TABLE fk_ca ADD FOREIGN KEY (b) REFERENCES fk_cb;
INSERT INTO fk_ca VALUES (1, NULL);
INSERT INTO fk_cb VALUES (1, 1);
UPDATE fk_ca SET b = 1;
TRUNCATE fk_ca;
TRUNCATE fk_ca, fk_cb;
SELECT count(*) FROM fk_ca;
INSERT INTO fk_ca VALUES (1, NULL);
INSERT INTO fk_cb VALUES (1, 1);
UPDATE fk_ca SET b = 1;
TRUNCATE fk_cb CASCADE;
SELECT (SELECT count(*) FROM fk_ca) AS a, (SELECT count(*) FROM fk_cb) AS b;
CREATE TABLE fk_cn (id int PRIMARY KEY, parent int REFERENCES fk_cn ON DELETE SET NULL);
INSERT INTO fk_cn VALUES (1, NULL), (2, 1), (3, 2);
TRUNCATE fk_cn;
SELECT count(*) FROM fk_cn;

-- DEFERRABLE INITIALLY DEFERRED: checked at COMMIT
CREATE TABLE fk_dp2 (id int PRIMARY KEY);
CREATE TABLE fk_dc2 (id int PRIMARY KEY, p int REFERENCES fk_dp2 DEFERRABLE INITIALLY DEFERRED);
BEGIN;
INSERT INTO fk_dc2 VALUES (1, 1);
INSERT INTO fk_dp2 VALUES (1);
COMMIT;
BEGIN;
INSERT INTO fk_dc2 VALUES (2, 2);
COMMIT;
SELECT * FROM fk_dc2 ORDER BY id;
INSERT INTO fk_dc2 VALUES (3, 3);
BEGIN;
SET CONSTRAINTS ALL IMMEDIATE;
INSERT INTO fk_dc2 VALUES (4, 4);
ROLLBACK;
BEGIN;
INSERT INTO fk_dc2 VALUES (4, 4);
SET CONSTRAINTS ALL IMMEDIATE;
ROLLBACK;
BEGIN;
DELETE FROM fk_dp2;
INSERT INTO fk_dp2 VALUES (1);
COMMIT;
BEGIN;
DELETE FROM fk_dp2;
SAVEPOINT s1;
INSERT INTO fk_dp2 VALUES (1);
ROLLBACK TO s1;
COMMIT;
SELECT * FROM fk_dp2;
ALTER TABLE fk_dc2 DROP CONSTRAINT fk_dc2_p_fkey;
INSERT INTO fk_dc2 VALUES (5, 5);
-- DEFERRABLE (initially immediate) and SET CONSTRAINTS by name
CREATE TABLE fk_di (id int PRIMARY KEY, p int REFERENCES fk_dp2 DEFERRABLE);
INSERT INTO fk_di VALUES (1, 7);
BEGIN;
SET CONSTRAINTS ALL DEFERRED;
INSERT INTO fk_di VALUES (2, 7);
INSERT INTO fk_dp2 VALUES (7);
COMMIT;
BEGIN;
SET CONSTRAINTS fk_di_p_fkey DEFERRED;
INSERT INTO fk_di VALUES (3, 8);
COMMIT;
BEGIN;
SET CONSTRAINTS no_such_constraint DEFERRED;
ROLLBACK;
BEGIN;
SET CONSTRAINTS fk_dp2_pkey DEFERRED;
ROLLBACK;
BEGIN;
SET CONSTRAINTS fk_di_p_fkey, fk_dc2_p_fkey DEFERRED;
ROLLBACK;
CREATE TABLE fk_ap (id int PRIMARY KEY);
CREATE TABLE fk_ac (id int PRIMARY KEY, p int);
ALTER TABLE fk_ac ADD CONSTRAINT fk_ac_p FOREIGN KEY (p) REFERENCES fk_ap DEFERRABLE INITIALLY DEFERRED;
BEGIN;
INSERT INTO fk_ac VALUES (1, 1);
SET CONSTRAINTS fk_ac_p IMMEDIATE;
ROLLBACK;
BEGIN;
INSERT INTO fk_ac VALUES (1, 1);
INSERT INTO fk_ap VALUES (1);
SET CONSTRAINTS ALL IMMEDIATE;
DELETE FROM fk_ap;
COMMIT;
ALTER TABLE fk_ac ADD COLUMN q int REFERENCES fk_ap DEFERRABLE INITIALLY DEFERRED;
CREATE TABLE fk_bad (x int REFERENCES fk_ap NOT DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE fk_bad (x int NOT NULL DEFERRABLE);
SELECT conname, condeferrable, condeferred, pg_get_constraintdef(oid)
FROM pg_constraint WHERE conrelid IN ('fk_ac'::regclass, 'fk_di'::regclass) AND contype = 'f' ORDER BY 1;

-- MATCH FULL
CREATE TABLE fk_fp (a int, b int, PRIMARY KEY (a, b));
CREATE TABLE fk_fc (a int, b int);
INSERT INTO fk_fp VALUES (1, 1);
INSERT INTO fk_fc VALUES (1, NULL);
ALTER TABLE fk_fc ADD FOREIGN KEY (a, b) REFERENCES fk_fp MATCH FULL;
DELETE FROM fk_fc;
INSERT INTO fk_fc VALUES (1, 1), (NULL, NULL);
ALTER TABLE fk_fc ADD FOREIGN KEY (a, b) REFERENCES fk_fp MATCH FULL ON DELETE SET NULL;
UPDATE fk_fc SET b = NULL WHERE a = 1;
INSERT INTO fk_fc VALUES (NULL, 1);
INSERT INTO fk_fc VALUES (2, 2);
DELETE FROM fk_fp;
SELECT * FROM fk_fc ORDER BY 1, 2;
SELECT pg_get_constraintdef(oid), confmatchtype FROM pg_constraint WHERE conrelid = 'fk_fc'::regclass;

-- ON DELETE SET NULL (columns) / SET DEFAULT (columns)
CREATE TABLE fk_tenant (tid int, id int, PRIMARY KEY (tid, id));
CREATE TABLE fk_doc (
  tid int NOT NULL, id int PRIMARY KEY, author int,
  FOREIGN KEY (tid, author) REFERENCES fk_tenant ON DELETE SET NULL (author)
);
CREATE TABLE fk_bad (x int, y int, z int, FOREIGN KEY (x, y) REFERENCES fk_tenant ON DELETE SET NULL (z));
INSERT INTO fk_tenant VALUES (1, 10), (1, 11), (1, 0);
INSERT INTO fk_doc VALUES (1, 100, 10), (1, 101, 11);
DELETE FROM fk_tenant WHERE id = 10;
SELECT * FROM fk_doc ORDER BY id;
CREATE TABLE fk_doc2 (tid int NOT NULL, id int PRIMARY KEY, author int DEFAULT 0);
ALTER TABLE fk_doc2 ADD FOREIGN KEY (tid, author) REFERENCES fk_tenant ON DELETE SET DEFAULT (author);
INSERT INTO fk_doc2 VALUES (1, 100, 11);
DELETE FROM fk_tenant WHERE id = 11;
SELECT * FROM fk_doc2 ORDER BY id;
SELECT conrelid::regclass, pg_get_constraintdef(oid), confdelsetcols FROM pg_constraint
WHERE conrelid IN ('fk_doc'::regclass, 'fk_doc2'::regclass) AND contype = 'f' ORDER BY 1;

-- UPDATE ... FROM / DELETE ... USING items cannot reference the target table, LATERAL or not
CREATE TABLE fk_lt (id int PRIMARY KEY, v int);
CREATE TABLE fk_lt2 (id int PRIMARY KEY, w int);
INSERT INTO fk_lt VALUES (1, 10), (2, 20);
INSERT INTO fk_lt2 VALUES (1, 5);
UPDATE fk_lt SET v = x.w FROM LATERAL (SELECT fk_lt.v + 1 AS w) x;
DELETE FROM fk_lt USING LATERAL (SELECT fk_lt.v AS w) x WHERE x.w = 10;
DELETE FROM fk_lt t USING LATERAL (SELECT t.v AS w) x WHERE x.w = 10;
UPDATE fk_lt SET v = x.w FROM (SELECT fk_lt.v + 1 AS w) x;
UPDATE fk_lt SET v = x.w FROM fk_lt o JOIN LATERAL (SELECT fk_lt.v AS w) x ON true;
UPDATE fk_lt SET v = x.s FROM LATERAL generate_series(1, fk_lt.v) x(s);
UPDATE fk_lt SET v = 1 FROM fk_lt2 o JOIN fk_lt2 p ON p.id = fk_lt.id;
UPDATE fk_lt SET v = x.w FROM fk_lt AS o, LATERAL (SELECT o.v + 1 AS w) x WHERE o.id = fk_lt.id;
SELECT * FROM fk_lt ORDER BY id;
DELETE FROM fk_lt USING fk_lt2 WHERE id = 1;
DELETE FROM fk_lt USING fk_lt;
DELETE FROM fk_lt USING fk_lt2 WHERE fk_lt2.id = fk_lt.id AND w = 5;
SELECT * FROM fk_lt ORDER BY id;
