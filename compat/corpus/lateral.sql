-- LATERAL subqueries returning any number of rows, and LATERAL set-returning functions with correlated arguments.
DROP TABLE IF EXISTS lat_orders;
DROP TABLE IF EXISTS lat_customers;
DROP TABLE IF EXISTS lat_regions;
DROP TABLE IF EXISTS lat_samples;

CREATE TABLE lat_regions (id int PRIMARY KEY, name text, min_total numeric(10,2));
CREATE TABLE lat_customers (id int PRIMARY KEY, name text, region_id int, tags text[], prefs jsonb);
CREATE TABLE lat_orders (id int PRIMARY KEY, customer_id int, total numeric(10,2), placed date, shipped boolean, weight float8);
INSERT INTO lat_regions VALUES (1, 'North', 10), (2, 'South', 100), (3, 'Empty', 0);
INSERT INTO lat_customers VALUES
  (1, 'Ada', 1, '{vip,early}', '{"lang": "en", "alerts": [1, 2]}'),
  (2, 'Bob', 1, '{}', '[]'),
  (3, 'Cy', 2, NULL, '{"lang": null}'),
  (4, 'Dee', 2, '{new}', '[{"k": 1}, {"k": 2}]'),
  (5, 'Eve', NULL, '{a,b,c}', 'null');
INSERT INTO lat_orders VALUES
  (10, 1, 25.50, '2024-01-05', true, 1.5),
  (11, 1, 99.99, '2024-02-11', false, 0.1),
  (12, 1, 12.00, '2024-03-01', true, 0.30000000000000004),
  (13, 2, 5.25, '2024-01-20', NULL, 2.0),
  (14, 3, 150.00, '2024-02-02', true, 1e-300),
  (15, 3, 150.00, '2024-02-03', false, 123456789.123456789),
  (16, 4, 0.99, '2023-12-31', true, -2.5);

-- Top-N per group: the two biggest orders of each customer
SELECT c.name, o.id, o.total FROM lat_customers c CROSS JOIN LATERAL (
  SELECT id, total FROM lat_orders WHERE customer_id = c.id ORDER BY total DESC, id LIMIT 2
) o ORDER BY c.name, o.total DESC, o.id;
SELECT c.name, o.id FROM lat_customers c, LATERAL (SELECT * FROM lat_orders WHERE customer_id = c.id ORDER BY placed DESC LIMIT 2) o ORDER BY 1, 2;
SELECT c.name, o.placed, o.shipped, o.weight FROM lat_customers c JOIN LATERAL (
  SELECT placed, shipped, weight FROM lat_orders WHERE customer_id = c.id ORDER BY placed LIMIT 3
) o ON true ORDER BY c.id, o.placed;
-- LEFT JOIN LATERAL keeps customers without orders
SELECT c.name, o.id, o.total FROM lat_customers c LEFT JOIN LATERAL (
  SELECT id, total FROM lat_orders WHERE customer_id = c.id ORDER BY id DESC LIMIT 2
) o ON true ORDER BY c.id, o.id;
SELECT c.name, o.id FROM lat_customers c LEFT JOIN LATERAL (SELECT id, total FROM lat_orders WHERE customer_id = c.id) o ON o.total > 20 ORDER BY c.id, o.id;
SELECT c.name, o.total FROM lat_customers c LEFT JOIN LATERAL (SELECT total FROM lat_orders WHERE customer_id = c.id ORDER BY total LIMIT 1) o ON o.total > 20 ORDER BY c.id;
SELECT c.name, x.doubled FROM lat_customers c LEFT JOIN LATERAL (SELECT c.id * 2 AS doubled) x ON x.doubled > 4 ORDER BY c.id;
-- INNER JOIN ... ON drops customers whose lateral rows all fail the condition
SELECT c.name, o.id FROM lat_customers c JOIN LATERAL (SELECT id, shipped FROM lat_orders WHERE customer_id = c.id) o ON o.shipped ORDER BY 1, 2;
-- Every column type comes back exactly as stored
SELECT c.id, o.* FROM lat_customers c, LATERAL (SELECT * FROM lat_orders WHERE customer_id = c.id ORDER BY id) o ORDER BY o.id;
SELECT c.name, t.tags, t.prefs, t.weight FROM lat_customers c, LATERAL (
  SELECT c.tags, c.prefs, o.weight FROM lat_orders o WHERE o.customer_id = c.id UNION ALL SELECT c.tags, c.prefs, NULL
) t ORDER BY c.id, t.weight NULLS FIRST;
SELECT r.name, s.* FROM lat_regions r CROSS JOIN LATERAL (
  SELECT 1::int2 AS small, 9007199254740993::int8 AS big, 0.1::float4 AS f4, 1e308::float8 AS f8, 'NaN'::float8 AS nan,
    '-Infinity'::float8 AS ninf, 123.4500::numeric AS num, '\x00ff10'::bytea AS bin, ''::bytea AS empty_bin,
    '2024-02-29 13:14:15.123456'::timestamp AS ts, '1 day 2 hours'::interval AS iv, true AS yes, '{"a": [1, 2.50]}'::jsonb AS doc,
    '{1,NULL,3}'::int[] AS arr, 'a''b'::text AS txt, NULL::text AS nothing
  FROM generate_series(1, r.id) g
) s WHERE r.id = 2 ORDER BY r.id;
-- Laterals referencing two outer tables, several laterals, nested laterals
SELECT r.name, c.name, o.id FROM lat_regions r JOIN lat_customers c ON c.region_id = r.id,
  LATERAL (SELECT id FROM lat_orders WHERE customer_id = c.id AND total >= r.min_total ORDER BY id) o ORDER BY 1, 2, 3;
SELECT r.name, c.name, x.n FROM lat_regions r, lat_customers c, LATERAL (SELECT g AS n FROM generate_series(1, r.id + c.id) g WHERE g % 3 = 0) x
WHERE c.region_id = r.id ORDER BY 1, 2, 3;
SELECT c.name, o.id, d.day FROM lat_customers c,
  LATERAL (SELECT id, placed FROM lat_orders WHERE customer_id = c.id ORDER BY id LIMIT 2) o,
  LATERAL (SELECT o.placed + k AS day FROM generate_series(0, 1) k) d ORDER BY 1, 2, 3;
SELECT c.name, best.id, best.rank_in_region FROM lat_customers c CROSS JOIN LATERAL (
  SELECT o.id, r.rn AS rank_in_region FROM lat_orders o CROSS JOIN LATERAL (
    SELECT count(*) AS rn FROM lat_orders o2 JOIN lat_customers c2 ON c2.id = o2.customer_id
    WHERE c2.region_id = c.region_id AND o2.total >= o.total
  ) r WHERE o.customer_id = c.id ORDER BY r.rn, o.id LIMIT 2
) best ORDER BY 1, 2;
-- Aggregates, DISTINCT, GROUP BY, set operations and VALUES inside the lateral subquery
SELECT c.name, m.month, m.n FROM lat_customers c, LATERAL (
  SELECT date_trunc('month', placed)::date AS month, count(*) AS n FROM lat_orders WHERE customer_id = c.id GROUP BY 1
) m ORDER BY 1, 2;
SELECT c.name, v.kind, v.val FROM lat_customers c CROSS JOIN LATERAL (VALUES ('id', c.id), ('region', c.region_id)) v(kind, val) ORDER BY c.name, v.kind;
SELECT c.name, s.flag FROM lat_customers c, LATERAL (SELECT DISTINCT shipped AS flag FROM lat_orders WHERE customer_id = c.id) s ORDER BY 1, 2;
SELECT c.name, u.x FROM lat_customers c, LATERAL (SELECT c.id AS x UNION SELECT customer_id * 10 FROM lat_orders WHERE customer_id = c.id) u ORDER BY 1, 2;
SELECT c.name, t.total, t.running FROM lat_customers c, LATERAL (
  SELECT total, sum(total) OVER (ORDER BY id) AS running FROM lat_orders WHERE customer_id = c.id
) t ORDER BY 1, 3;
-- The lateral subquery's row order survives when the outer query does not reorder
SELECT string_agg(x.id::text, ',') FROM lat_customers c, LATERAL (SELECT id FROM lat_orders WHERE customer_id = c.id ORDER BY id DESC) x WHERE c.id = 1;
SELECT x.id FROM (SELECT 1 AS cid) c, LATERAL (SELECT id FROM lat_orders WHERE customer_id = c.cid ORDER BY weight DESC LIMIT 2 OFFSET 1) x;
SELECT c.name, x.id FROM lat_customers c, LATERAL (SELECT id FROM lat_orders WHERE customer_id = c.id ORDER BY total DESC FETCH FIRST 1 ROW WITH TIES) x ORDER BY 1, 2;
-- Aggregating over the lateral rows, EXISTS and IN on them
SELECT c.name, count(o.id), max(o.total) FROM lat_customers c LEFT JOIN LATERAL (SELECT id, total FROM lat_orders WHERE customer_id = c.id LIMIT 5) o ON true GROUP BY c.name ORDER BY c.name;
SELECT name FROM lat_customers c WHERE EXISTS (SELECT 1 FROM lat_regions r, LATERAL (SELECT id FROM lat_orders o WHERE o.customer_id = c.id AND o.total > r.min_total) x WHERE r.id = c.region_id) ORDER BY 1;
-- LATERAL set-returning functions with arguments from earlier FROM items
SELECT c.name, t.tag FROM lat_customers c, LATERAL unnest(c.tags) t(tag) ORDER BY 1, 2;
SELECT c.name, t.tag, t.n FROM lat_customers c LEFT JOIN LATERAL unnest(c.tags) WITH ORDINALITY t(tag, n) ON true ORDER BY c.id, t.n;
SELECT c.name, e.value FROM lat_customers c CROSS JOIN LATERAL jsonb_array_elements(c.prefs) e WHERE jsonb_typeof(c.prefs) = 'array' ORDER BY 1, 2;
SELECT c.name, k.key, k.value FROM lat_customers c, LATERAL jsonb_each(c.prefs) k WHERE jsonb_typeof(c.prefs) = 'object' ORDER BY 1, 2;
SELECT r.name, g FROM lat_regions r, LATERAL generate_series(1, r.id) g ORDER BY 1, 2;
SELECT c.name, d::date FROM lat_customers c JOIN lat_orders o ON o.customer_id = c.id, LATERAL generate_series(o.placed, o.placed + 2, interval '1 day') d WHERE o.id = 16 ORDER BY 2;
-- Errors: references to later items, a LATERAL in a RIGHT JOIN, too many columns in the alias
SELECT * FROM LATERAL (SELECT c.id FROM lat_orders o WHERE o.customer_id = c.id) x, lat_customers c;
SELECT * FROM lat_customers c RIGHT JOIN LATERAL (SELECT id FROM lat_orders o WHERE o.customer_id = c.id) x ON true;
SELECT * FROM lat_customers c, LATERAL (SELECT id FROM lat_orders o WHERE o.customer_id = c.id) x(a, b);
