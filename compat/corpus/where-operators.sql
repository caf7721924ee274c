-- Comparison, logical, arithmetic operators and predicates (BETWEEN, IN, IS DISTINCT FROM, ANY/ALL, rows).
DROP TABLE IF EXISTS wo_products;

CREATE TABLE wo_products (id int PRIMARY KEY, name text, price numeric(8,2), qty int, tags text, discontinued boolean);
INSERT INTO wo_products VALUES
  (1, 'Widget', 9.99, 10, 'tools,metal', false),
  (2, 'Gadget', 24.50, 0, 'electronics', false),
  (3, 'Doohickey', 4.25, 100, NULL, true),
  (4, 'Thingamajig', NULL, 5, 'misc', NULL),
  (5, 'widget pro', 19.99, 3, 'tools', false),
  (6, 'Gizmo', 24.50, 7, 'electronics,tools', false);
SELECT id FROM wo_products WHERE price > 10 ORDER BY id;
SELECT id FROM wo_products WHERE price >= 24.5 AND qty > 0 ORDER BY id;
SELECT id FROM wo_products WHERE price < 5 OR qty = 0 ORDER BY id;
SELECT id FROM wo_products WHERE NOT discontinued ORDER BY id;
SELECT id FROM wo_products WHERE discontinued IS NOT TRUE ORDER BY id;
SELECT id FROM wo_products WHERE discontinued IS UNKNOWN ORDER BY id;
SELECT id FROM wo_products WHERE price <> 24.50 ORDER BY id;
SELECT id FROM wo_products WHERE price != 9.99 ORDER BY id;
SELECT id FROM wo_products WHERE price BETWEEN 5 AND 20 ORDER BY id;
SELECT id FROM wo_products WHERE price NOT BETWEEN 5 AND 20 ORDER BY id;
SELECT id FROM wo_products WHERE price BETWEEN SYMMETRIC 20 AND 5 ORDER BY id;
SELECT id FROM wo_products WHERE qty IN (0, 3, 5) ORDER BY id;
SELECT id FROM wo_products WHERE qty NOT IN (0, 3, 5) ORDER BY id;
SELECT id FROM wo_products WHERE qty NOT IN (0, NULL) ORDER BY id;
SELECT id FROM wo_products WHERE qty IN (0, NULL) ORDER BY id;
SELECT id FROM wo_products WHERE tags IS NULL OR price IS NULL ORDER BY id;
SELECT id FROM wo_products WHERE price = 24.5 ORDER BY id;
SELECT id FROM wo_products WHERE price = '24.50' ORDER BY id;
SELECT id FROM wo_products WHERE id = '3';
SELECT id FROM wo_products WHERE id = 3.0;
SELECT id FROM wo_products WHERE qty * price > 100 ORDER BY id;
SELECT id, qty % 3 AS r, qty / 3 AS q, -qty AS neg FROM wo_products ORDER BY id;
SELECT id FROM wo_products WHERE (price, qty) = (24.50, 7);
SELECT id FROM wo_products WHERE (qty, id) > (5, 1) ORDER BY id;
SELECT id FROM wo_products WHERE price IS DISTINCT FROM NULL ORDER BY id;
SELECT id FROM wo_products WHERE discontinued IS NOT DISTINCT FROM NULL;
SELECT id FROM wo_products WHERE name > 'G' ORDER BY name;
SELECT id FROM wo_products WHERE name BETWEEN 'A' AND 'Z' ORDER BY id;
SELECT id FROM wo_products WHERE qty = ANY (ARRAY[0, 7, 10]) ORDER BY id;
SELECT id FROM wo_products WHERE qty <> ALL (ARRAY[0, 7, 10]) ORDER BY id;
SELECT id FROM wo_products WHERE price > ALL (SELECT price FROM wo_products WHERE qty < 5 AND price IS NOT NULL) ORDER BY id;
SELECT id FROM wo_products WHERE price > ANY (SELECT price FROM wo_products WHERE discontinued) ORDER BY id;
SELECT id FROM wo_products WHERE price >= SOME (SELECT price FROM wo_products WHERE id IN (2, 5)) ORDER BY id;
SELECT NULL = NULL AS eq, NULL IS NULL AS isnull, 1 = 1 AND NULL AS andnull, 1 = 1 OR NULL AS ornull, NOT NULL::boolean AS notnull;
SELECT 2 + 3 * 4 AS prec, (2 + 3) * 4 AS paren, -2 ^ 2 AS neg_pow, 2 ^ 3 ^ 2 AS pow_assoc;
SELECT id FROM wo_products WHERE name = 'Widget' AND (qty > 5 OR price < 1) ORDER BY id;
SELECT id FROM wo_products WHERE NOT (qty > 5 AND price > 5) ORDER BY id;
SELECT 7 / 2 AS int_div, 7 % 2 AS int_mod, -7 / 2 AS neg_div, -7 % 2 AS neg_mod, 7.0 / 2 AS num_div;
SELECT id FROM wo_products WHERE qty > '5' ORDER BY id;
SELECT id FROM wo_products WHERE price > 'abc';
SELECT id FROM wo_products WHERE name = 5;
SELECT id FROM wo_products WHERE qty = 'five';
SELECT id FROM wo_products WHERE tags LIKE '%tools%' AND NOT discontinued ORDER BY price DESC NULLS LAST;
SELECT id FROM wo_products WHERE coalesce(price, 0) < 10 ORDER BY id;
SELECT id FROM wo_products WHERE price * 2 > 40 ORDER BY id;
SELECT id, price * qty AS stock_value FROM wo_products WHERE price * qty IS NOT NULL ORDER BY stock_value DESC;
SELECT 1 < 2, 2 <= 2, 3 > 4, 'b' >= 'a', 1 <> 1, 1.0 = 1, 1::float8 = 1.0;
SELECT 5 BETWEEN 1 AND 10, 5 NOT BETWEEN 6 AND 10, NULL BETWEEN 1 AND 2, 3 IN (1, 2, 3), 4 NOT IN (1, 2);
SELECT 'abc' = 'abc ', 'abc'::char(5) = 'abc', 'a' < 'B', 'B' < 'a';
SELECT abs(-3), @ -3, |/ 16.0, ||/ 27.0;
SELECT id FROM wo_products WHERE id = ANY ('{1,3,5}') ORDER BY id;
SELECT id FROM wo_products WHERE id IN (SELECT unnest(ARRAY[2, 4])) ORDER BY id;
SELECT id FROM wo_products WHERE (discontinued OR qty < 5) IS TRUE ORDER BY id;
SELECT count(*) FROM wo_products WHERE price IS NOT NULL AND qty IS NOT NULL;
