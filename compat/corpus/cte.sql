-- Common table expressions (non-recursive), including data-modifying CTEs and MATERIALIZED hints.
DROP TABLE IF EXISTS cte_sales;

CREATE TABLE cte_sales (id int PRIMARY KEY, region text, rep text, amount numeric(10,2), sold_on date);
INSERT INTO cte_sales VALUES
  (1, 'north', 'ann', 100, '2024-01-10'), (2, 'north', 'bob', 200, '2024-01-15'), (3, 'south', 'cat', 50, '2024-02-01'),
  (4, 'south', 'cat', 75, '2024-02-20'), (5, 'east', 'dan', 300, '2024-03-05'), (6, 'north', 'ann', 150, '2024-03-07'),
  (7, 'east', 'eve', NULL, '2024-03-09');
WITH totals AS (SELECT region, sum(amount) AS total FROM cte_sales GROUP BY region)
SELECT region, total FROM totals ORDER BY total DESC NULLS LAST;
WITH totals AS (SELECT region, sum(amount) AS total FROM cte_sales GROUP BY region),
     avg_total AS (SELECT avg(total) AS a FROM totals)
SELECT region FROM totals, avg_total WHERE total > a ORDER BY region;
WITH r(name, n) AS (SELECT rep, count(*) FROM cte_sales GROUP BY rep) SELECT * FROM r ORDER BY n DESC, name;
WITH big AS (SELECT * FROM cte_sales WHERE amount >= 150) SELECT count(*) FROM big;
WITH x AS (SELECT 1 AS a), y AS (SELECT a + 1 AS b FROM x) SELECT * FROM x, y;
WITH monthly AS (SELECT date_trunc('month', sold_on)::date AS month, sum(amount) AS total FROM cte_sales GROUP BY 1)
SELECT month, total FROM monthly ORDER BY month;
WITH ranked AS (
  SELECT region, rep, amount, row_number() OVER (PARTITION BY region ORDER BY amount DESC NULLS LAST, id) AS rn FROM cte_sales
)
SELECT region, rep, amount FROM ranked WHERE rn = 1 ORDER BY region;
WITH a AS (SELECT rep FROM cte_sales WHERE region = 'north'), b AS (SELECT rep FROM cte_sales WHERE amount > 100)
SELECT rep FROM a INTERSECT SELECT rep FROM b;
WITH dup AS MATERIALIZED (SELECT region FROM cte_sales) SELECT count(DISTINCT region) FROM dup;
WITH s AS NOT MATERIALIZED (SELECT * FROM cte_sales) SELECT max(id) FROM s;
WITH upd AS (UPDATE cte_sales SET amount = amount + 1 WHERE region = 'south' RETURNING id, amount) SELECT * FROM upd ORDER BY id;
WITH del AS (DELETE FROM cte_sales WHERE amount IS NULL RETURNING *) SELECT count(*) AS deleted FROM del;
WITH src AS (SELECT 8 AS id, 'west' AS region, 'fay' AS rep, 42.00 AS amount, DATE '2024-04-01' AS sold_on)
INSERT INTO cte_sales SELECT * FROM src RETURNING id;
SELECT count(*) FROM cte_sales;
WITH t AS (SELECT 1 AS x) SELECT * FROM t t1 JOIN t t2 ON t1.x = t2.x;
WITH t AS (SELECT region FROM cte_sales) SELECT * FROM t WHERE region = ANY (ARRAY['east', 'west']) ORDER BY 1;
WITH nested AS (WITH inner_cte AS (SELECT amount FROM cte_sales) SELECT max(amount) AS m FROM inner_cte) SELECT m FROM nested;
WITH x AS (SELECT 1) SELECT * FROM y;
WITH x(a, b) AS (SELECT 1) SELECT * FROM x;
WITH rep_totals AS (SELECT rep, sum(amount) AS total FROM cte_sales GROUP BY rep),
     ranked AS (SELECT rep, total, rank() OVER (ORDER BY total DESC) AS r FROM rep_totals)
SELECT rep, total, r FROM ranked WHERE r <= 3 ORDER BY r, rep;
WITH params AS (SELECT DATE '2024-02-01' AS since)
SELECT s.id FROM cte_sales s, params p WHERE s.sold_on >= p.since ORDER BY s.id;
WITH regions AS (SELECT DISTINCT region FROM cte_sales)
SELECT r.region, (SELECT count(*) FROM cte_sales s WHERE s.region = r.region) AS n FROM regions r ORDER BY r.region;
WITH a AS (SELECT 1 AS v UNION ALL SELECT 2) SELECT sum(v) FROM a;
WITH cfg(k, v) AS (VALUES ('a', 1), ('b', 2)) SELECT k, v FROM cfg ORDER BY k;
WITH t AS (SELECT 1 AS a), t AS (SELECT 2 AS a) SELECT * FROM t;
WITH totals AS (SELECT rep, sum(amount) AS total FROM cte_sales GROUP BY rep)
UPDATE cte_sales s SET amount = s.amount WHERE s.rep IN (SELECT rep FROM totals WHERE total > 250);
WITH gone AS (DELETE FROM cte_sales WHERE region = 'west' RETURNING id)
INSERT INTO cte_sales (id, region, rep, amount, sold_on) SELECT id + 100, 'archive', 'sys', 0, DATE '2024-05-01' FROM gone;
SELECT id, region FROM cte_sales WHERE id > 7 ORDER BY id;
WITH s AS (SELECT * FROM cte_sales WHERE region = 'north') SELECT rep, count(*), sum(amount) FROM s GROUP BY rep ORDER BY rep;
