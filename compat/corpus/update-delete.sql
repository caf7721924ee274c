-- UPDATE (expressions, multi-column, FROM, subqueries) and DELETE (USING, subqueries).
DROP TABLE IF EXISTS ud_price_changes;
DROP TABLE IF EXISTS ud_items;
DROP TABLE IF EXISTS ud_blocked;

CREATE TABLE ud_items (
  id int PRIMARY KEY,
  name text NOT NULL,
  category text,
  price numeric(10,2),
  qty int DEFAULT 0,
  updated boolean DEFAULT false
);
INSERT INTO ud_items VALUES
  (1, 'pen', 'office', 1.20, 100, false),
  (2, 'pencil', 'office', 0.50, 250, false),
  (3, 'stapler', 'office', 7.99, 12, false),
  (4, 'apple', 'food', 0.30, 500, false),
  (5, 'bread', 'food', 2.49, 20, false),
  (6, 'lamp', 'home', 19.90, 5, false),
  (7, 'rug', 'home', 49.00, 0, false);
UPDATE ud_items SET price = price * 1.10 WHERE category = 'office';
SELECT id, price FROM ud_items ORDER BY id;
UPDATE ud_items SET qty = qty - 1, updated = true WHERE id = 3;
UPDATE ud_items SET qty = 0 WHERE id = 999;
UPDATE ud_items SET name = upper(name) WHERE name LIKE 'p%';
SELECT id, name FROM ud_items ORDER BY id;
UPDATE ud_items SET price = NULL WHERE qty = 0;
UPDATE ud_items SET price = DEFAULT WHERE id = 6;
UPDATE ud_items SET (price, qty) = (3.00, 30) WHERE id = 5;
UPDATE ud_items SET (price, qty) = (SELECT price * 2, qty * 2 FROM ud_items WHERE id = 1) WHERE id = 4;
UPDATE ud_items SET qty = qty + 10;
SELECT id, name, price, qty, updated FROM ud_items ORDER BY id;
UPDATE ud_items SET price = round(price / 3, 2) WHERE price IS NOT NULL;
SELECT id, price FROM ud_items ORDER BY id;
UPDATE ud_items SET qty = qty * 2, price = qty WHERE id = 2;
SELECT qty, price FROM ud_items WHERE id = 2;
CREATE TABLE ud_price_changes (item_id int, new_price numeric(10,2));
INSERT INTO ud_price_changes VALUES (1, 1.00), (2, 0.45), (4, 0.35);
UPDATE ud_items i SET price = c.new_price FROM ud_price_changes c WHERE c.item_id = i.id;
SELECT id, price FROM ud_items ORDER BY id;
UPDATE ud_items SET qty = (SELECT count(*) FROM ud_price_changes) WHERE id = 7;
UPDATE ud_items SET category = 'misc' WHERE id IN (SELECT item_id FROM ud_price_changes WHERE new_price < 0.5);
SELECT id, category, qty FROM ud_items ORDER BY id;
UPDATE ud_items AS t SET updated = true WHERE t.price > (SELECT avg(price) FROM ud_items);
SELECT id FROM ud_items WHERE updated ORDER BY id;
UPDATE ud_items SET name = NULL WHERE id = 1;
UPDATE ud_items SET nope = 1;
UPDATE ud_items SET qty = 'many' WHERE id = 1;
UPDATE ud_items SET qty = 2147483647 WHERE id = 1;
UPDATE ud_items SET qty = qty + 1 WHERE id = 1;
UPDATE ud_items SET qty = '7' WHERE id = 1;
UPDATE ud_nowhere SET x = 1;
UPDATE ud_items SET price = price + 1 WHERE category IS NULL;
DELETE FROM ud_items WHERE qty > 400;
DELETE FROM ud_items WHERE id = 12345;
CREATE TABLE ud_blocked (name text);
INSERT INTO ud_blocked VALUES ('lamp'), ('rug');
DELETE FROM ud_items USING ud_blocked WHERE ud_items.name = ud_blocked.name;
SELECT id, name FROM ud_items ORDER BY id;
DELETE FROM ud_items WHERE category = 'food' AND price > 1 OR name = 'PEN';
SELECT id, name, category FROM ud_items ORDER BY id;
DELETE FROM ud_items i WHERE NOT EXISTS (SELECT 1 FROM ud_price_changes c WHERE c.item_id = i.id);
SELECT id FROM ud_items ORDER BY id;
DELETE FROM ud_items WHERE nope = 1;
DELETE FROM ud_items;
SELECT count(*) FROM ud_items;
DELETE FROM ud_items;
