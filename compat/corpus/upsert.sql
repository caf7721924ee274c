-- INSERT ... ON CONFLICT DO NOTHING / DO UPDATE with EXCLUDED and WHERE.
DROP TABLE IF EXISTS ups_counters;
DROP TABLE IF EXISTS ups_inventory;
DROP TABLE IF EXISTS ups_users;
DROP TABLE IF EXISTS ups_kv;

CREATE TABLE ups_counters (name text PRIMARY KEY, hits int NOT NULL DEFAULT 0, last_seen date);
INSERT INTO ups_counters VALUES ('home', 1, '2024-01-01');
INSERT INTO ups_counters VALUES ('home', 1, '2024-01-02') ON CONFLICT DO NOTHING;
INSERT INTO ups_counters VALUES ('about', 1, '2024-01-02') ON CONFLICT DO NOTHING;
INSERT INTO ups_counters VALUES ('home', 1, '2024-01-03')
  ON CONFLICT (name) DO UPDATE SET hits = ups_counters.hits + EXCLUDED.hits, last_seen = EXCLUDED.last_seen;
SELECT * FROM ups_counters ORDER BY name;
INSERT INTO ups_counters AS c VALUES ('home', 5, '2024-01-04')
  ON CONFLICT (name) DO UPDATE SET hits = c.hits + excluded.hits RETURNING name, hits;
INSERT INTO ups_counters VALUES ('home', 1, '2023-12-31'), ('contact', 1, '2024-01-05')
  ON CONFLICT (name) DO UPDATE SET last_seen = EXCLUDED.last_seen
  WHERE ups_counters.last_seen < EXCLUDED.last_seen RETURNING *;
SELECT * FROM ups_counters ORDER BY name;
INSERT INTO ups_counters VALUES ('about', 1, NULL), ('about', 2, NULL) ON CONFLICT (name) DO UPDATE SET hits = EXCLUDED.hits;
INSERT INTO ups_counters VALUES ('about', 1, NULL) ON CONFLICT (hits) DO NOTHING;
INSERT INTO ups_counters VALUES ('about', 1, NULL) ON CONFLICT (name) DO UPDATE SET nope = 1;
INSERT INTO ups_counters (name) VALUES ('new') ON CONFLICT (name) DO UPDATE SET hits = 0 RETURNING hits, last_seen;
CREATE TABLE ups_inventory (warehouse text, sku text, qty int NOT NULL, PRIMARY KEY (warehouse, sku));
INSERT INTO ups_inventory VALUES ('east', 'A', 10), ('east', 'B', 5), ('west', 'A', 7);
INSERT INTO ups_inventory VALUES ('east', 'A', 3), ('west', 'B', 4), ('west', 'A', 1)
  ON CONFLICT (warehouse, sku) DO UPDATE SET qty = ups_inventory.qty + EXCLUDED.qty;
SELECT * FROM ups_inventory ORDER BY warehouse, sku;
INSERT INTO ups_inventory SELECT 'east', sku, 100 FROM (VALUES ('A'), ('C')) v(sku)
  ON CONFLICT ON CONSTRAINT ups_inventory_pkey DO NOTHING;
SELECT * FROM ups_inventory ORDER BY warehouse, sku;
INSERT INTO ups_inventory VALUES ('east', 'C', 1) ON CONFLICT (sku, warehouse) DO UPDATE SET qty = EXCLUDED.qty * 2 RETURNING qty;
INSERT INTO ups_inventory VALUES ('east', 'C', 1) ON CONFLICT (warehouse) DO NOTHING;
CREATE TABLE ups_users (id int PRIMARY KEY, email text UNIQUE, name text, updated_count int DEFAULT 0);
INSERT INTO ups_users VALUES (1, 'a@x', 'A', 0);
INSERT INTO ups_users (id, email, name) VALUES (2, 'a@x', 'A2') ON CONFLICT (id) DO NOTHING;
INSERT INTO ups_users (id, email, name) VALUES (2, 'a@x', 'A2') ON CONFLICT DO NOTHING;
INSERT INTO ups_users (id, email, name) VALUES (1, 'new@x', 'A-renamed')
  ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, updated_count = ups_users.updated_count + 1
  RETURNING id, email, name, updated_count;
INSERT INTO ups_users (id, email, name) VALUES (3, 'new@x', 'C')
  ON CONFLICT (email) DO UPDATE SET name = ups_users.name || '+' || EXCLUDED.name RETURNING *;
SELECT * FROM ups_users ORDER BY id;
INSERT INTO ups_users (id, email) VALUES (1, 'zzz')
  ON CONFLICT (id) DO UPDATE SET updated_count = 99 WHERE ups_users.name = 'nobody' RETURNING id;
INSERT INTO ups_users (id, email) VALUES (4, 'd@x'), (5, 'e@x'), (1, 'f@x') ON CONFLICT DO NOTHING RETURNING id;
SELECT count(*) FROM ups_users;
CREATE TABLE ups_kv (k text PRIMARY KEY, v jsonb, version int DEFAULT 1);
INSERT INTO ups_kv (k, v) VALUES ('cfg', '{"a": 1}') ON CONFLICT (k) DO UPDATE SET v = ups_kv.v || EXCLUDED.v, version = ups_kv.version + 1;
INSERT INTO ups_kv (k, v) VALUES ('cfg', '{"b": 2}') ON CONFLICT (k) DO UPDATE SET v = ups_kv.v || EXCLUDED.v, version = ups_kv.version + 1;
SELECT k, v, version FROM ups_kv;
INSERT INTO ups_kv (k, v) SELECT 'k' || g, to_jsonb(g) FROM generate_series(1, 3) g ON CONFLICT (k) DO NOTHING;
INSERT INTO ups_kv (k, v) SELECT 'k' || g, to_jsonb(g * 10) FROM generate_series(2, 4) g
  ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v RETURNING k, v;
SELECT k, v FROM ups_kv ORDER BY k;
-- A row cannot be affected twice by one ON CONFLICT DO UPDATE, even one that already existed
INSERT INTO ups_kv (k, v) VALUES ('k2', '1'), ('k2', '2') ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v;
INSERT INTO ups_kv (k, v) VALUES ('k9', '1'), ('k9', '2') ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v WHERE false;
INSERT INTO ups_kv (k, v) VALUES ('k2', '5'), ('k3', '6') ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v;
SELECT k, v FROM ups_kv ORDER BY k;
