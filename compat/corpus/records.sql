-- Record values (composite rows): whole-row references in RETURNING, arrays of records, records in CASE,
-- COALESCE and set operations, text contexts, ordering, and the functions PG refuses on records.
DROP VIEW IF EXISTS rec_v;
DROP TABLE IF EXISTS rec_items, rec_misc CASCADE;
CREATE TABLE rec_items (id int PRIMARY KEY, name text, price numeric(8,2));
INSERT INTO rec_items VALUES (1, 'apple', 1.50), (2, 'pear', NULL), (3, 'a b', 3);
CREATE VIEW rec_v AS SELECT id, name FROM rec_items;
-- whole rows in RETURNING
INSERT INTO rec_items VALUES (4, 'fig', 4.25) RETURNING rec_items;
INSERT INTO rec_items AS r VALUES (5, 'kiwi', 5) RETURNING r, r.id;
UPDATE rec_items SET price = price + 1 WHERE id = 4 RETURNING rec_items;
UPDATE rec_items t SET name = 'Fig' WHERE id = 4 RETURNING t.*, t;
DELETE FROM rec_items WHERE id = 5 RETURNING rec_items.*, rec_items;
INSERT INTO rec_items VALUES (6, 'x', 1) RETURNING ROW(id, name), (rec_items).name;
DELETE FROM rec_items WHERE id = 6 RETURNING row_to_json(rec_items);
-- arrays of records
SELECT array_agg(t ORDER BY id) FROM rec_items t;
SELECT array_agg(ROW(id, name) ORDER BY id) FROM rec_items;
SELECT ARRAY[ROW(1, 'a'), ROW(2, 'b')];
SELECT ARRAY[ROW(1, 'a b'), NULL, ROW(NULL, '')];
SELECT ARRAY(SELECT ROW(id, name) FROM rec_items ORDER BY id);
SELECT ARRAY(SELECT t FROM rec_items t ORDER BY id);
SELECT pg_typeof(ARRAY[ROW(1, 'a')]), pg_typeof(array_agg(t)) FROM rec_items t;
SELECT (array_agg(t ORDER BY id))[1] FROM rec_items t;
SELECT cardinality(ARRAY[ROW(1, 'a'), ROW(2, 'b')]);
SELECT id, array_agg(ROW(name, price)) FROM rec_items GROUP BY id ORDER BY id;
-- CASE, COALESCE, NULLIF over records
SELECT CASE WHEN id = 1 THEN ROW(id, name) ELSE ROW(0, 'none') END FROM rec_items ORDER BY id;
SELECT COALESCE(NULL, ROW(1, 'a'));
SELECT COALESCE(CASE WHEN id > 1 THEN t END, NULL) FROM rec_items t ORDER BY id;
SELECT NULLIF(ROW(1, 'a'::text), ROW(1, 'a'::text)), NULLIF(ROW(1, 'a'::text), ROW(2, 'a'::text));
SELECT NULLIF(ROW(id, name), ROW(1, 'apple'::text)) FROM rec_items ORDER BY id;
SELECT CASE WHEN true THEN ROW(1, 'a') ELSE ROW(1, 2) END;
-- set operations over records
SELECT ROW(1, 'a') UNION SELECT ROW(2, 'b') ORDER BY 1;
SELECT ROW(1, 'a') UNION ALL SELECT ROW(1, 'a');
SELECT ROW(1, 'a'::text) INTERSECT SELECT ROW(1, 'a'::text);
SELECT ROW(1, 'a') EXCEPT SELECT ROW(2, 'a');
SELECT t FROM rec_items t WHERE id < 3 UNION SELECT t FROM rec_items t WHERE id > 1 ORDER BY 1;
SELECT ROW(1, 'a') UNION SELECT ROW(1, 2.5);
SELECT ROW(1, 'a'::text) UNION SELECT ROW(1, 'a'::text, 3);
SELECT ROW(1, 2::int8) UNION SELECT ROW(1, 2);
SELECT ROW(1, 2) UNION ALL SELECT ROW(3, 4) ORDER BY 1 DESC;
SELECT ROW(1, NULL) UNION ALL SELECT ROW(2, 'b') ORDER BY 1;
SELECT * FROM (VALUES (ROW(1, 'x')), (ROW(2, NULL))) v(r) ORDER BY r;
SELECT x.t FROM (SELECT t FROM rec_items t WHERE id = 1 UNION ALL SELECT t FROM rec_items t WHERE id = 2) x ORDER BY 1;
SELECT ROW(1, 2) UNION SELECT ROW(1.5, 2);
-- whole-row reference to a view
SELECT v FROM rec_v v ORDER BY id;
SELECT pg_typeof(v) FROM rec_v v WHERE id = 1;
-- functions PG does not have for records
SELECT max(t) FROM rec_items t;
SELECT min(ROW(id, name)) FROM rec_items;
SELECT sum(t) FROM rec_items t;
SELECT string_agg(t, ',') FROM rec_items t;
SELECT upper(ROW(1, 'a'));
SELECT length(ROW(1, 'a'));
SELECT ROW(1, 'a') + 1;
SELECT greatest(ROW(1, 'a'), ROW(2, 'b')), least(ROW(1, 'a'::text), NULL, ROW(1, 'b'::text));
SELECT greatest(t, NULL) FROM rec_items t ORDER BY id;
SELECT count(t), count(DISTINCT t) FROM rec_items t;
-- records in text contexts
SELECT 'x' || ROW(1, 'a b');
SELECT ROW(1, 'a') || 'y';
SELECT format('%s', ROW(1, 'a b')), format('%s|%s', t, t.id) FROM rec_items t WHERE id = 1;
SELECT ROW(1, 'a b')::text, t::text FROM rec_items t WHERE id = 2;
SELECT concat(ROW(1, 'a'), '-', t) FROM rec_items t WHERE id = 3;
SELECT concat_ws('/', ROW(1, NULL), 'z');
SELECT length(ROW(1, 'a')::text);
SELECT ROW(1, 'a')::text LIKE '(1,%';
-- ordering records with array, interval and jsonb fields
SELECT r FROM (VALUES (ROW(ARRAY[2, 1], 'x')), (ROW(ARRAY[1, 5], 'y')), (ROW(ARRAY[1], 'z'))) v(r) ORDER BY r;
SELECT r FROM (VALUES (ROW(interval '1 day', 1)), (ROW(interval '23 hours', 2)), (ROW(interval '1 mon', 3))) v(r) ORDER BY r DESC;
SELECT r FROM (VALUES (ROW('{"a":2}'::jsonb, 1)), (ROW('[1]'::jsonb, 2)), (ROW('3'::jsonb, 3))) v(r) ORDER BY r;
SELECT DISTINCT r FROM (VALUES (ROW(ARRAY[1], interval '1 hour')), (ROW(ARRAY[1], interval '60 minutes'))) v(r);
SELECT ROW(ARRAY[1, 2], 'a') < ROW(ARRAY[1, 3], 'a');
-- comparing records with other values
SELECT ROW(1, 2) = ROW(1, 2), ROW(1, 2) < ROW(1, 3);
SELECT id FROM rec_items t WHERE t = ROW(1, 'apple'::text, 1.50::numeric(8,2)) ORDER BY id;
SELECT a.id, b.id FROM rec_items a, rec_items b WHERE a < b AND a.id < 3 ORDER BY 1, 2;
SELECT ROW(1, 2) || ROW(3, 4);
-- arrays of records in JSON
SELECT to_json(array_agg(t ORDER BY id)) FROM rec_items t;
SELECT json_agg(ROW(id, name) ORDER BY id DESC) FROM rec_items;
SELECT row_to_json(ROW(1, ARRAY[ROW(2, 'x')]));
SELECT to_json(ARRAY[ROW(1, 'a'), ROW(2, 'b')]), to_jsonb(ARRAY[ROW(1, 'a')]);
SELECT ARRAY[ROW(1, 'a'::text)] = ARRAY[ROW(1, 'a'::text)], array_length(ARRAY[ROW(1, 'a'), ROW(2, 'b')], 1);
SELECT unnest(ARRAY[ROW(1, 'a'), ROW(2, 'b')]);
SELECT array_agg(DISTINCT t) FROM (VALUES (ROW(2, 'b'::text)), (ROW(1, 'a'::text)), (ROW(2, 'b'::text))) v(t);
SELECT array_agg(r ORDER BY r DESC) FROM (VALUES (ROW(2, 'b'::text)), (ROW(1, 'a'::text)), (ROW(10, 'c'::text))) v(r);
