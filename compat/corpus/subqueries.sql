-- Subqueries: scalar, IN / NOT IN (with NULLs), EXISTS, correlated, derived tables, row comparisons.
DROP TABLE IF EXISTS sq_orders;
DROP TABLE IF EXISTS sq_customers;

CREATE TABLE sq_customers (id int PRIMARY KEY, name text, city text);
CREATE TABLE sq_orders (id int PRIMARY KEY, customer_id int, amount numeric(10,2), ordered_on date);
INSERT INTO sq_customers VALUES (1, 'Acme', 'Berlin'), (2, 'Globex', 'Paris'), (3, 'Initech', 'Berlin'), (4, 'Umbrella', 'Rome'), (5, 'Hooli', NULL);
INSERT INTO sq_orders VALUES
  (1, 1, 100.00, '2024-01-05'), (2, 1, 250.50, '2024-02-10'), (3, 2, 75.25, '2024-01-20'),
  (4, 3, 300.00, '2024-03-01'), (5, 3, 20.00, '2024-03-15'), (6, 3, 55.55, '2024-04-01'), (7, NULL, 10.00, '2024-04-02');
SELECT name FROM sq_customers WHERE id IN (SELECT customer_id FROM sq_orders) ORDER BY name;
SELECT name FROM sq_customers WHERE id NOT IN (SELECT customer_id FROM sq_orders) ORDER BY name;
SELECT name FROM sq_customers WHERE id NOT IN (SELECT customer_id FROM sq_orders WHERE customer_id IS NOT NULL) ORDER BY name;
SELECT name FROM sq_customers c WHERE EXISTS (SELECT 1 FROM sq_orders o WHERE o.customer_id = c.id AND o.amount > 200) ORDER BY name;
SELECT name FROM sq_customers c WHERE NOT EXISTS (SELECT * FROM sq_orders o WHERE o.customer_id = c.id) ORDER BY name;
SELECT name, (SELECT count(*) FROM sq_orders o WHERE o.customer_id = c.id) AS order_count FROM sq_customers c ORDER BY id;
SELECT name, (SELECT sum(amount) FROM sq_orders o WHERE o.customer_id = c.id) AS total FROM sq_customers c ORDER BY id;
SELECT name, (SELECT max(ordered_on) FROM sq_orders o WHERE o.customer_id = c.id) AS last_order FROM sq_customers c ORDER BY id;
SELECT id, amount FROM sq_orders WHERE amount > (SELECT avg(amount) FROM sq_orders) ORDER BY id;
SELECT (SELECT name FROM sq_customers WHERE id = 1) AS first_customer;
SELECT (SELECT name FROM sq_customers WHERE id = 99) AS nobody;
SELECT (SELECT id FROM sq_customers);
SELECT o.id, o.amount FROM sq_orders o
  WHERE o.amount = (SELECT max(amount) FROM sq_orders o2 WHERE o2.customer_id = o.customer_id) ORDER BY o.id;
SELECT city, n FROM (SELECT city, count(*) AS n FROM sq_customers GROUP BY city) t WHERE n > 1;
SELECT * FROM (SELECT customer_id, sum(amount) AS total FROM sq_orders GROUP BY customer_id) totals WHERE total > 100 ORDER BY total DESC;
SELECT name FROM sq_customers WHERE city = (SELECT city FROM sq_customers WHERE name = 'Acme') AND name <> 'Acme';
SELECT id FROM sq_orders WHERE customer_id IN (SELECT id FROM sq_customers WHERE city IN ('Berlin', 'Rome')) ORDER BY id;
SELECT c.name, t.total FROM sq_customers c
  JOIN (SELECT customer_id, sum(amount) total FROM sq_orders GROUP BY customer_id) t ON t.customer_id = c.id
  ORDER BY t.total DESC;
SELECT EXISTS (SELECT 1 FROM sq_orders WHERE amount > 1000) AS big, EXISTS (SELECT 1 FROM sq_orders) AS any_orders;
SELECT id FROM sq_orders WHERE (customer_id, amount) IN (SELECT customer_id, max(amount) FROM sq_orders GROUP BY customer_id) ORDER BY id;
SELECT name FROM sq_customers WHERE id = ANY (SELECT customer_id FROM sq_orders WHERE ordered_on >= '2024-03-01') ORDER BY name;
SELECT max(total) FROM (SELECT sum(amount) AS total FROM sq_orders GROUP BY customer_id) s;
SELECT count(*) FROM (SELECT DISTINCT customer_id FROM sq_orders) d;
SELECT name, (SELECT amount FROM sq_orders o WHERE o.customer_id = c.id ORDER BY amount DESC LIMIT 1) AS biggest FROM sq_customers c ORDER BY name;
SELECT * FROM sq_orders WHERE amount > (SELECT amount FROM sq_orders);
SELECT id FROM sq_orders WHERE customer_id IN (SELECT id, name FROM sq_customers);
SELECT * FROM (SELECT 1);
SELECT name, (SELECT count(*) FROM sq_orders o WHERE o.customer_id = c.id AND o.amount > 50) > 0 AS has_big FROM sq_customers c ORDER BY id;
SELECT c.name FROM sq_customers c WHERE (SELECT sum(amount) FROM sq_orders o WHERE o.customer_id = c.id) > 300 ORDER BY 1;
SELECT o.id, (SELECT c.name FROM sq_customers c WHERE c.id = o.customer_id) AS customer FROM sq_orders o ORDER BY o.id;
SELECT city, (SELECT count(*) FROM sq_orders o JOIN sq_customers c2 ON c2.id = o.customer_id WHERE c2.city = c.city) AS orders
  FROM (SELECT DISTINCT city FROM sq_customers) c ORDER BY city NULLS LAST;
SELECT name FROM sq_customers WHERE id IN (SELECT customer_id FROM sq_orders GROUP BY customer_id HAVING count(*) >= 2) ORDER BY name;
SELECT * FROM sq_orders WHERE ordered_on = (SELECT min(ordered_on) FROM sq_orders);
SELECT avg(cnt) FROM (SELECT customer_id, count(*) AS cnt FROM sq_orders WHERE customer_id IS NOT NULL GROUP BY customer_id) per_customer;
UPDATE sq_orders SET amount = amount * 2 WHERE customer_id = (SELECT id FROM sq_customers WHERE name = 'Globex');
SELECT amount FROM sq_orders WHERE id = 3;
DELETE FROM sq_orders WHERE customer_id NOT IN (SELECT id FROM sq_customers);
SELECT count(*) FROM sq_orders;
DELETE FROM sq_orders WHERE customer_id IS NULL;
SELECT count(*) FROM sq_orders;
-- Row values: comparisons, ordering by a row, rows as values of a derived table, DISTINCT rows
SELECT id FROM sq_orders WHERE (customer_id, ordered_on) > (1, DATE '2024-02-01') AND ROW(id, amount) <> ROW(4, 300.00) ORDER BY id;
SELECT id, customer_id, amount FROM sq_orders WHERE customer_id IS NOT NULL ORDER BY (customer_id, amount) DESC;
SELECT r, count(*) FROM (SELECT ROW(customer_id, date_trunc('month', ordered_on)::date) AS r FROM sq_orders) s GROUP BY r ORDER BY r;
SELECT DISTINCT ROW(city, length(name) > 5) FROM sq_customers;
SELECT c FROM sq_customers c WHERE c.city = 'Paris';
