-- INSERT: column lists, defaults, multi-row VALUES, INSERT ... SELECT, coercion of literals, errors.
DROP TABLE IF EXISTS ins_archive;
DROP TABLE IF EXISTS ins_people;
DROP TABLE IF EXISTS ins_log;

CREATE TABLE ins_people (
  id int PRIMARY KEY,
  first_name text,
  last_name text,
  age int,
  joined date DEFAULT '2020-01-01',
  score numeric(5,1) DEFAULT 0
);
INSERT INTO ins_people VALUES (1, 'Ada', 'Lovelace', 36, '2021-02-03', 99.5);
INSERT INTO ins_people (id, first_name, last_name) VALUES (2, 'Alan', 'Turing');
INSERT INTO ins_people (id, first_name, last_name, age) VALUES (3, 'Grace', 'Hopper', 85), (4, 'Edsger', 'Dijkstra', 72), (5, 'Barbara', 'Liskov', NULL);
INSERT INTO ins_people (last_name, id) VALUES ('Knuth', 6);
INSERT INTO ins_people (id, first_name, age, score) VALUES (7, 'Linus', '54', '12.25');
INSERT INTO ins_people DEFAULT VALUES;
INSERT INTO ins_people (id, first_name, joined) VALUES (8, 'Tim', DEFAULT);
INSERT INTO ins_people (id, first_name, age) VALUES (9, 'Ken', 40 + 2);
INSERT INTO ins_people (id, first_name, age) VALUES (10, 'Dennis', (SELECT max(age) FROM ins_people));
INSERT INTO ins_people (id, first_name, score) VALUES (11, 'Rounding', 12.35), (12, 'Neg', -0.05);
SELECT * FROM ins_people ORDER BY id;
CREATE TABLE ins_archive (person_id int, full_name text, archived_reason text);
INSERT INTO ins_archive (person_id, full_name, archived_reason)
  SELECT id, first_name || ' ' || last_name, 'old' FROM ins_people WHERE age > 70;
INSERT INTO ins_archive SELECT id, coalesce(first_name, '?'), 'no age' FROM ins_people WHERE age IS NULL ORDER BY id;
SELECT * FROM ins_archive ORDER BY person_id;
INSERT INTO ins_archive (person_id) SELECT id FROM ins_people WHERE false;
INSERT INTO ins_people (id, first_name) VALUES (13, 'A'), (13, 'B');
SELECT count(*) FROM ins_people;
INSERT INTO ins_people (id, age) VALUES (14, 'abc');
INSERT INTO ins_people (id, nope) VALUES (15, 1);
INSERT INTO ins_people (id, first_name) VALUES (16);
INSERT INTO ins_people (id) VALUES (17, 'extra');
INSERT INTO ins_people (id, age) VALUES (18, 3000000000);
INSERT INTO ins_people (id, score) VALUES (19, 12345.6);
INSERT INTO ins_people (id, first_name) VALUES (20, E'O\'Brien'), (21, 'multi
line'), (22, 'tab	here');
SELECT id, first_name FROM ins_people WHERE id >= 20 ORDER BY id;
INSERT INTO ins_people (id, first_name) VALUES (23, 'Ünïcødé ✓');
SELECT first_name, length(first_name) FROM ins_people WHERE id = 23;
INSERT INTO ins_people (id, first_name) SELECT g, 'gen' || g FROM generate_series(100, 104) g;
SELECT count(*), min(id), max(id) FROM ins_people WHERE first_name LIKE 'gen%';
WITH src AS (SELECT 200 AS id, 'cte' AS name) INSERT INTO ins_people (id, first_name) SELECT id, name FROM src;
INSERT INTO ins_people (id, first_name) VALUES (201, NULL), (202, '');
SELECT id, first_name IS NULL AS is_null, first_name = '' AS is_empty FROM ins_people WHERE id IN (201, 202) ORDER BY id;
INSERT INTO ins_people (id, age, joined) VALUES (203, 1.6, '2024-02-29');
INSERT INTO ins_people (id, joined) VALUES (204, '2023-02-29');
SELECT id, age, joined FROM ins_people WHERE id = 203;
INSERT INTO ins_people (id, first_name, age) VALUES (205, 1234, 3.5::float8);
SELECT first_name, age FROM ins_people WHERE id = 205;
INSERT INTO ins_people (id, first_name) SELECT id + 1000, upper(first_name) FROM ins_people WHERE id < 4 RETURNING id;
SELECT count(*) FROM ins_people WHERE id > 1000;
CREATE TABLE ins_log (id serial, msg varchar(10), at_day date DEFAULT '2024-01-01');
INSERT INTO ins_log (msg) VALUES ('short'), ('ok');
INSERT INTO ins_log (msg) VALUES ('this is far too long');
INSERT INTO ins_log (msg) VALUES ('padded    ');
INSERT INTO ins_log (msg) VALUES ('toolong    x');
SELECT id, msg, length(msg), at_day FROM ins_log ORDER BY id;
INSERT INTO ins_log VALUES (DEFAULT, 'explicit', DEFAULT);
INSERT INTO ins_log (msg, at_day) VALUES ('x', NULL);
SELECT id, msg, at_day FROM ins_log ORDER BY id;
INSERT INTO ins_log (msg) SELECT 'n' || n FROM (VALUES (1), (2), (3)) v(n);
SELECT count(*) FROM ins_log;
INSERT INTO ins_log (id, msg) VALUES ('1', 'str id');
INSERT INTO ins_log (msg) VALUES (42);
SELECT msg FROM ins_log WHERE msg = '42';
