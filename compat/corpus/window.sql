-- Window functions: ranking, offsets, running aggregates, frames (ROWS/RANGE/GROUPS), named windows.
DROP TABLE IF EXISTS win_sales;

CREATE TABLE win_sales (id int PRIMARY KEY, rep text, region text, month int, amount numeric(10,2));
INSERT INTO win_sales VALUES
  (1, 'ann', 'north', 1, 100), (2, 'ann', 'north', 2, 150), (3, 'ann', 'north', 3, 120),
  (4, 'bob', 'north', 1, 80), (5, 'bob', 'north', 2, 80), (6, 'bob', 'north', 3, 200),
  (7, 'cat', 'south', 1, 300), (8, 'cat', 'south', 2, NULL), (9, 'cat', 'south', 3, 250), (10, 'dan', 'south', 1, 90);
SELECT id, rep, row_number() OVER (ORDER BY id) FROM win_sales ORDER BY id;
SELECT rep, month, amount, sum(amount) OVER (PARTITION BY rep ORDER BY month) AS running FROM win_sales ORDER BY rep, month;
SELECT rep, month, amount, rank() OVER (PARTITION BY month ORDER BY amount DESC NULLS LAST) AS r FROM win_sales ORDER BY month, r, rep;
SELECT rep, amount, dense_rank() OVER (ORDER BY amount) AS dr FROM win_sales WHERE amount IS NOT NULL ORDER BY dr, rep, id;
SELECT id, amount, lag(amount) OVER (ORDER BY id) AS prev, lead(amount, 2, 0) OVER (ORDER BY id) AS next2 FROM win_sales ORDER BY id;
SELECT rep, month, first_value(amount) OVER w AS first, last_value(amount) OVER w AS last
  FROM win_sales WINDOW w AS (PARTITION BY rep ORDER BY month ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  ORDER BY rep, month;
SELECT rep, month, last_value(amount) OVER (PARTITION BY rep ORDER BY month) AS lv FROM win_sales ORDER BY rep, month;
SELECT id, avg(amount) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS moving FROM win_sales ORDER BY id;
SELECT id, sum(amount) OVER (ORDER BY id ROWS 2 PRECEDING) FROM win_sales ORDER BY id;
SELECT id, amount, sum(amount) OVER (ORDER BY amount RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM win_sales ORDER BY id;
SELECT id, count(*) OVER () AS total, count(amount) OVER (PARTITION BY region) FROM win_sales ORDER BY id;
SELECT rep, amount, ntile(3) OVER (ORDER BY id) FROM win_sales ORDER BY id;
SELECT id, percent_rank() OVER (ORDER BY id), cume_dist() OVER (ORDER BY id) FROM win_sales ORDER BY id;
SELECT id, percent_rank() OVER (ORDER BY amount), cume_dist() OVER (PARTITION BY region ORDER BY amount) FROM win_sales ORDER BY id;
SELECT id, nth_value(amount, 2) OVER (PARTITION BY rep ORDER BY month ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM win_sales ORDER BY id;
SELECT rep, sum(amount) AS total, rank() OVER (ORDER BY sum(amount) DESC NULLS LAST) FROM win_sales GROUP BY rep ORDER BY 3, rep;
SELECT * FROM (
  SELECT id, rep, amount, row_number() OVER (PARTITION BY rep ORDER BY amount DESC NULLS LAST, id) AS rn FROM win_sales
) t WHERE rn = 1 ORDER BY rep;
SELECT id, amount, round(100.0 * amount / sum(amount) OVER (PARTITION BY region), 2) AS pct FROM win_sales ORDER BY id;
SELECT id, amount - lag(amount) OVER (PARTITION BY rep ORDER BY month) AS delta FROM win_sales ORDER BY id;
SELECT id, max(amount) OVER (PARTITION BY region ORDER BY month RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM win_sales ORDER BY id;
SELECT id, sum(amount) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM win_sales ORDER BY id;
SELECT id, sum(amount) OVER (ORDER BY month GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM win_sales ORDER BY id;
SELECT id, row_number() OVER (PARTITION BY region ORDER BY id DESC) FROM win_sales ORDER BY id;
SELECT DISTINCT region, sum(amount) OVER (PARTITION BY region) FROM win_sales ORDER BY region;
SELECT id, count(*) FILTER (WHERE amount > 100) OVER (ORDER BY id) FROM win_sales ORDER BY id;
SELECT id, rank() OVER w, sum(amount) OVER (w ROWS UNBOUNDED PRECEDING) FROM win_sales WINDOW w AS (PARTITION BY rep ORDER BY month) ORDER BY id;
SELECT id, sum(amount) OVER (PARTITION BY month) AS month_total, amount FROM win_sales ORDER BY id;
SELECT id, first_value(rep) OVER (PARTITION BY region ORDER BY amount DESC NULLS LAST, id) AS top_rep FROM win_sales ORDER BY id;
SELECT id, lag(id, 1, -1) OVER (PARTITION BY rep ORDER BY month), lead(month) OVER (PARTITION BY rep ORDER BY month) FROM win_sales ORDER BY id;
SELECT id, avg(amount) OVER (PARTITION BY rep) FROM win_sales ORDER BY id;
SELECT id, min(amount) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM win_sales ORDER BY id;
SELECT rep, month, sum(amount) OVER (PARTITION BY rep ORDER BY month ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum FROM win_sales ORDER BY rep, month;
SELECT id, row_number() OVER () > 0 FROM win_sales ORDER BY id;
SELECT region, month, sum(sum(amount)) OVER (PARTITION BY region ORDER BY month) FROM win_sales GROUP BY region, month ORDER BY region, month;
SELECT id, dense_rank() OVER (PARTITION BY region ORDER BY amount DESC) FROM win_sales ORDER BY id;
SELECT id FROM win_sales WHERE row_number() OVER (ORDER BY id) = 1;
SELECT rep, lag(amount, 1, 'x') OVER (ORDER BY id) FROM win_sales;
SELECT id, sum(amount) OVER w2 FROM win_sales WINDOW w AS (ORDER BY id);
SELECT id, ntile(0) OVER (ORDER BY id) FROM win_sales;
