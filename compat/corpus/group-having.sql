-- GROUP BY / HAVING: expressions, ordinals, ROLLUP/CUBE/GROUPING SETS, functional dependencies.
DROP TABLE IF EXISTS gh_orders;

CREATE TABLE gh_orders (id int PRIMARY KEY, customer text, product text, qty int, unit_price numeric(8,2), order_date date, channel text);
INSERT INTO gh_orders VALUES
  (1, 'alice', 'keyboard', 1, 49.99, '2024-01-03', 'web'),
  (2, 'alice', 'mouse', 2, 19.99, '2024-01-03', 'web'),
  (3, 'bob', 'monitor', 1, 199.00, '2024-01-15', 'store'),
  (4, 'carol', 'mouse', 1, 19.99, '2024-02-01', 'web'),
  (5, 'bob', 'keyboard', 2, 49.99, '2024-02-11', 'web'),
  (6, 'dave', 'cable', 5, 4.50, '2024-02-12', NULL),
  (7, 'alice', 'monitor', 2, 189.00, '2024-03-02', 'store'),
  (8, 'carol', 'cable', 3, 4.50, '2024-03-09', 'web'),
  (9, 'erin', 'mouse', 1, 21.00, '2024-03-30', 'store'),
  (10, 'bob', 'cable', 10, 3.99, '2024-03-31', 'web');
SELECT customer, count(*) AS orders FROM gh_orders GROUP BY customer ORDER BY customer;
SELECT customer, sum(qty * unit_price) AS spent FROM gh_orders GROUP BY customer ORDER BY spent DESC;
SELECT product, sum(qty) FROM gh_orders GROUP BY product HAVING sum(qty) >= 5 ORDER BY product;
SELECT customer, count(*) FROM gh_orders GROUP BY customer HAVING count(*) > 1 ORDER BY 2 DESC, 1;
SELECT channel, count(*) FROM gh_orders GROUP BY channel ORDER BY channel;
SELECT extract(month FROM order_date) AS m, count(*) FROM gh_orders GROUP BY m ORDER BY m;
SELECT date_trunc('month', order_date) AS month, sum(qty) FROM gh_orders GROUP BY 1 ORDER BY 1;
SELECT customer, product, sum(qty) FROM gh_orders GROUP BY customer, product ORDER BY customer, product;
SELECT customer, max(unit_price) FROM gh_orders WHERE channel = 'web' GROUP BY customer HAVING max(unit_price) > 10 ORDER BY customer;
SELECT count(*) FROM gh_orders HAVING count(*) > 5;
SELECT count(*) FROM gh_orders HAVING count(*) > 50;
SELECT upper(customer) AS who, count(*) FROM gh_orders GROUP BY upper(customer) ORDER BY who;
SELECT customer, avg(unit_price) FROM gh_orders GROUP BY customer ORDER BY avg(unit_price) DESC;
SELECT CASE WHEN qty >= 5 THEN 'bulk' ELSE 'single' END AS kind, count(*) FROM gh_orders GROUP BY 1 ORDER BY 1;
SELECT channel, product, count(*) FROM gh_orders GROUP BY ROLLUP (channel, product) ORDER BY channel NULLS LAST, product NULLS LAST;
SELECT channel, count(*) FROM gh_orders GROUP BY CUBE (channel) ORDER BY 1 NULLS LAST, 2;
SELECT customer, product, sum(qty) FROM gh_orders GROUP BY GROUPING SETS ((customer), (product)) ORDER BY customer NULLS LAST, product NULLS LAST;
SELECT channel, grouping(channel) AS g, count(*) FROM gh_orders GROUP BY ROLLUP (channel) ORDER BY g, channel NULLS FIRST;
SELECT customer, count(DISTINCT product) FROM gh_orders GROUP BY customer ORDER BY customer;
SELECT customer, string_agg(product, ', ' ORDER BY product) FROM gh_orders GROUP BY customer ORDER BY customer;
SELECT customer FROM gh_orders GROUP BY customer HAVING bool_and(channel = 'web') ORDER BY customer;
SELECT id, customer FROM gh_orders GROUP BY id ORDER BY id LIMIT 3;
SELECT customer, product FROM gh_orders GROUP BY customer;
SELECT customer, sum(qty) FROM gh_orders GROUP BY customer HAVING product = 'mouse';
SELECT sum(qty) FILTER (WHERE channel = 'web') AS web_qty, sum(qty) FILTER (WHERE channel <> 'web') AS other_qty FROM gh_orders;
SELECT to_char(order_date, 'YYYY-MM') AS ym, round(sum(qty * unit_price), 1) FROM gh_orders GROUP BY ym ORDER BY ym;
SELECT count(*) AS n, customer FROM gh_orders GROUP BY 2 HAVING min(order_date) < '2024-02-01' ORDER BY n DESC, customer;
SELECT customer, sum(qty) AS total FROM gh_orders GROUP BY customer HAVING sum(qty) > (SELECT avg(qty) * 2 FROM gh_orders) ORDER BY customer;
SELECT product, min(unit_price), max(unit_price), max(unit_price) - min(unit_price) AS spread FROM gh_orders GROUP BY product ORDER BY spread DESC, product;
SELECT order_date, count(*) FROM gh_orders GROUP BY order_date HAVING count(*) > 1;
SELECT channel IS NULL AS no_channel, count(*) FROM gh_orders GROUP BY channel IS NULL ORDER BY 1;
SELECT customer, count(*) FILTER (WHERE qty > 1) AS multi FROM gh_orders GROUP BY customer ORDER BY customer;
SELECT customer, product, count(*) FROM gh_orders GROUP BY ROLLUP (customer, product) HAVING count(*) > 2 ORDER BY customer NULLS LAST, product NULLS LAST;
SELECT extract(year FROM order_date) AS y, extract(quarter FROM order_date) AS q, sum(qty) FROM gh_orders GROUP BY 1, 2 ORDER BY 1, 2;
SELECT customer, sum(qty) FROM gh_orders GROUP BY 1 ORDER BY sum(qty) DESC, customer LIMIT 2;
SELECT product, avg(qty)::numeric(10,2) AS avg_qty FROM gh_orders GROUP BY product ORDER BY product;
SELECT count(*) FROM (SELECT customer FROM gh_orders GROUP BY customer) c;
SELECT customer, count(*) FROM gh_orders GROUP BY 3;
SELECT 1 AS one, count(*) FROM gh_orders GROUP BY one;
SELECT customer AS c, count(*) FROM gh_orders GROUP BY c HAVING c > 'b' ORDER BY c;
-- Grouping numerics by value (1.0 = 1.00 = 1), and the 42803 rule with primary-key functional dependency
SELECT count(*) FROM (VALUES (1.0), (1.00), (1), (2)) v(x) GROUP BY x ORDER BY 1;
SELECT id, customer, count(*) FROM gh_orders GROUP BY id ORDER BY id LIMIT 2;
SELECT customer, qty FROM gh_orders GROUP BY customer ORDER BY customer;
SELECT customer, sum(qty), sum(sum(qty)) OVER (ORDER BY customer) FROM gh_orders GROUP BY customer ORDER BY customer;
SELECT qty, sum(qty) OVER () FROM gh_orders ORDER BY id LIMIT 2;
-- Grouping sets: CUBE over two columns with grouping(), nested sets with positions, grouping() on a plain GROUP BY
SELECT channel, customer, grouping(channel, customer) AS g, sum(unit_price) FROM gh_orders GROUP BY CUBE (channel, customer) ORDER BY g, channel, customer;
SELECT coalesce(channel, 'all') AS ch, sum(qty) AS total FROM gh_orders GROUP BY ROLLUP (channel) ORDER BY total DESC;
SELECT extract(month FROM order_date) AS m, channel, count(*) FROM gh_orders GROUP BY GROUPING SETS ((1, 2), 1, ()) ORDER BY m NULLS LAST, channel NULLS LAST;
SELECT channel, product, count(*) FROM gh_orders GROUP BY channel, ROLLUP (product) ORDER BY 1 NULLS LAST, 2 NULLS LAST;
SELECT product, sum(qty) FROM gh_orders GROUP BY ROLLUP (product) ORDER BY sum(qty) DESC, product LIMIT 3;
SELECT customer, grouping(customer) FROM gh_orders GROUP BY customer ORDER BY 1;
SELECT count(*) FROM gh_orders WHERE false GROUP BY ROLLUP (channel);
SELECT channel, avg(qty)::numeric(6,2) FROM gh_orders GROUP BY ROLLUP (channel) HAVING grouping(channel) = 1 OR channel = 'web';
SELECT customer, qty, count(*) FROM gh_orders GROUP BY ROLLUP (customer);
SELECT grouping(qty) FROM gh_orders GROUP BY ROLLUP (customer);
SELECT customer, sum(qty) FROM gh_orders WHERE grouping(customer) = 0 GROUP BY ROLLUP (customer);
-- GROUP BY naming an aggregate output column (by position or alias) is an error in PG
SELECT customer, sum(qty) FROM gh_orders GROUP BY 2;
SELECT customer, sum(qty) AS total FROM gh_orders GROUP BY total;
-- a constant in the select list is not a column position once GROUP BY / ORDER BY resolved it
SELECT customer, pg_typeof(qty), count(*) FROM gh_orders GROUP BY 1, 2 ORDER BY 1, 2;
SELECT customer, 7 AS seven FROM gh_orders GROUP BY customer, seven ORDER BY seven, 1;
