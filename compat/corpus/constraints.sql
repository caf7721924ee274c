-- NOT NULL, CHECK, UNIQUE, PRIMARY KEY, FOREIGN KEY with ON DELETE/UPDATE actions.
DROP TABLE IF EXISTS con_order_items;
DROP TABLE IF EXISTS con_orders;
DROP TABLE IF EXISTS con_customers;
DROP TABLE IF EXISTS con_products;
DROP TABLE IF EXISTS con_nullable;
DROP TABLE IF EXISTS con_child;
DROP TABLE IF EXISTS con_parent;
DROP TABLE IF EXISTS con_slots;
DROP TABLE IF EXISTS con_emp;

CREATE TABLE con_customers (id int PRIMARY KEY, email text UNIQUE NOT NULL, name text NOT NULL);
CREATE TABLE con_products (
  sku text PRIMARY KEY,
  price numeric(8,2) NOT NULL CHECK (price > 0),
  stock int DEFAULT 0 CONSTRAINT stock_nonneg CHECK (stock >= 0)
);
CREATE TABLE con_orders (
  id int PRIMARY KEY,
  customer_id int NOT NULL REFERENCES con_customers(id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'paid', 'shipped'))
);
CREATE TABLE con_order_items (
  order_id int REFERENCES con_orders ON DELETE CASCADE,
  sku text REFERENCES con_products(sku) ON UPDATE CASCADE ON DELETE RESTRICT,
  qty int NOT NULL CHECK (qty > 0),
  PRIMARY KEY (order_id, sku)
);
INSERT INTO con_customers VALUES (1, 'a@x.com', 'Ann'), (2, 'b@x.com', 'Ben'), (3, 'c@x.com', 'Cat');
INSERT INTO con_customers VALUES (4, 'a@x.com', 'Dup');
INSERT INTO con_customers VALUES (1, 'z@x.com', 'Dup id');
INSERT INTO con_customers (id, email) VALUES (5, 'e@x.com');
INSERT INTO con_customers VALUES (NULL, 'n@x.com', 'Null id');
SELECT count(*) FROM con_customers;
INSERT INTO con_products VALUES ('A1', 9.99, 10), ('B2', 19.5, 0), ('C3', 5, 3);
INSERT INTO con_products VALUES ('D4', 0, 1);
INSERT INTO con_products VALUES ('D4', 1, -1);
INSERT INTO con_products (sku, price) VALUES ('D4', 2.50);
UPDATE con_products SET stock = stock - 5 WHERE sku = 'C3';
SELECT sku, price, stock FROM con_products ORDER BY sku;
INSERT INTO con_orders (id, customer_id) VALUES (10, 1), (11, 1), (12, 2);
INSERT INTO con_orders (id, customer_id) VALUES (13, 99);
INSERT INTO con_orders (id, customer_id, status) VALUES (14, 3, 'lost');
INSERT INTO con_order_items VALUES (10, 'A1', 2), (10, 'B2', 1), (11, 'C3', 5), (12, 'A1', 1);
INSERT INTO con_order_items VALUES (10, 'A1', 1);
INSERT INTO con_order_items VALUES (12, 'ZZ', 1);
INSERT INTO con_order_items VALUES (12, 'C3', 0);
INSERT INTO con_order_items VALUES (NULL, 'C3', 1);
DELETE FROM con_products WHERE sku = 'B2';
UPDATE con_products SET sku = 'A1-NEW' WHERE sku = 'A1';
SELECT order_id, sku, qty FROM con_order_items ORDER BY order_id, sku;
DELETE FROM con_customers WHERE id = 1;
SELECT id, customer_id FROM con_orders ORDER BY id;
SELECT order_id, sku FROM con_order_items ORDER BY order_id, sku;
UPDATE con_orders SET customer_id = 42 WHERE id = 12;
UPDATE con_orders SET status = 'paid' WHERE id = 12;
DELETE FROM con_customers WHERE id = 3;
ALTER TABLE con_customers ADD CONSTRAINT con_name_len CHECK (length(name) >= 3);
INSERT INTO con_customers VALUES (6, 'f@x.com', 'Al');
ALTER TABLE con_customers ADD CONSTRAINT con_name_short CHECK (length(name) < 3);
ALTER TABLE con_customers DROP CONSTRAINT con_name_len;
INSERT INTO con_customers VALUES (6, 'f@x.com', 'Al');
ALTER TABLE con_customers DROP CONSTRAINT con_nonexistent;
ALTER TABLE con_products ADD CONSTRAINT con_price_unique UNIQUE (price);
INSERT INTO con_products VALUES ('E5', 5.00, 1);
INSERT INTO con_products VALUES ('E5', 5.01, 1);
CREATE TABLE con_nullable (a int UNIQUE, b text);
INSERT INTO con_nullable VALUES (NULL, 'x'), (NULL, 'y'), (1, 'z');
INSERT INTO con_nullable VALUES (1, 'again');
SELECT count(*) FROM con_nullable WHERE a IS NULL;
CREATE TABLE con_parent (id int PRIMARY KEY, name text);
CREATE TABLE con_child (
  id int PRIMARY KEY,
  parent_id int REFERENCES con_parent(id) ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO con_parent VALUES (1, 'p1'), (2, 'p2'), (3, 'p3');
INSERT INTO con_child VALUES (1, 1), (2, 2), (3, NULL), (4, 3);
DELETE FROM con_parent WHERE id = 1;
UPDATE con_parent SET id = 30 WHERE id = 3;
SELECT id, parent_id FROM con_child ORDER BY id;
INSERT INTO con_child VALUES (5, 3);
CREATE TABLE con_slots (room text, day date, slot int, UNIQUE (room, day, slot));
INSERT INTO con_slots VALUES ('A', '2024-03-01', 1), ('A', '2024-03-01', 2), ('B', '2024-03-01', 1);
INSERT INTO con_slots VALUES ('A', '2024-03-01', 1);
INSERT INTO con_slots VALUES ('A', '2024-03-02', 1);
CREATE TABLE con_emp (
  id int PRIMARY KEY,
  name text NOT NULL,
  manager_id int REFERENCES con_emp(id) ON DELETE CASCADE,
  salary numeric CHECK (salary > 0),
  bonus numeric,
  CONSTRAINT bonus_lt_salary CHECK (bonus < salary)
);
INSERT INTO con_emp VALUES (1, 'boss', NULL, 100, 10), (2, 'mid', 1, 50, NULL), (3, 'low', 2, 20, 5);
INSERT INTO con_emp VALUES (4, 'greedy', 1, 10, 20);
INSERT INTO con_emp VALUES (5, 'orphan', 77, 10, 1);
DELETE FROM con_emp WHERE id = 1;
SELECT count(*) FROM con_emp;
ALTER TABLE con_emp ADD COLUMN code text UNIQUE;
INSERT INTO con_emp (id, name, code) VALUES (6, 'coder', 'X'), (7, 'coder2', 'X');
-- TRUNCATE and foreign keys: refused while another table references it, CASCADE truncates the referencing tables
CREATE TABLE con_tr_parent (id int PRIMARY KEY);
CREATE TABLE con_tr_child (id int PRIMARY KEY, parent_id int REFERENCES con_tr_parent ON DELETE CASCADE);
CREATE TABLE con_tr_grandchild (child_id int REFERENCES con_tr_child ON DELETE SET NULL);
CREATE TABLE con_tr_other (id int PRIMARY KEY);
INSERT INTO con_tr_parent VALUES (1), (2);
INSERT INTO con_tr_child VALUES (10, 1), (20, 2);
INSERT INTO con_tr_grandchild VALUES (10), (20);
INSERT INTO con_tr_other VALUES (1);
TRUNCATE con_tr_parent;
SELECT count(*) FROM con_tr_child;
TRUNCATE con_tr_parent, con_tr_child;
TRUNCATE con_tr_grandchild, con_tr_child, con_tr_parent, con_tr_other;
SELECT (SELECT count(*) FROM con_tr_parent), (SELECT count(*) FROM con_tr_child), (SELECT count(*) FROM con_tr_grandchild), (SELECT count(*) FROM con_tr_other);
INSERT INTO con_tr_parent VALUES (1);
INSERT INTO con_tr_child VALUES (10, 1);
INSERT INTO con_tr_grandchild VALUES (10);
TRUNCATE con_tr_parent CASCADE;
SELECT (SELECT count(*) FROM con_tr_parent), (SELECT count(*) FROM con_tr_child), (SELECT count(*) FROM con_tr_grandchild);
TRUNCATE con_tr_child RESTRICT;
