-- RETURNING on INSERT / UPDATE / DELETE, including data-modifying CTEs.
DROP TABLE IF EXISTS ret_tasks;
DROP TABLE IF EXISTS ret_prices;
DROP TABLE IF EXISTS ret_changes;

CREATE TABLE ret_tasks (
  id serial PRIMARY KEY,
  title text NOT NULL,
  done boolean NOT NULL DEFAULT false,
  priority int DEFAULT 3,
  created date DEFAULT '2024-06-01'
);
INSERT INTO ret_tasks (title) VALUES ('write spec') RETURNING *;
INSERT INTO ret_tasks (title, priority) VALUES ('review', 1), ('deploy', 2) RETURNING id, title, priority;
INSERT INTO ret_tasks (title) VALUES ('test') RETURNING id AS task_id, upper(title) AS shout, priority * 10;
INSERT INTO ret_tasks (title) VALUES ('x') RETURNING ret_tasks.id, title || '!';
INSERT INTO ret_tasks AS t (title) VALUES ('aliased') RETURNING t.id, t.done;
UPDATE ret_tasks SET done = true WHERE priority < 3 RETURNING id, done;
UPDATE ret_tasks SET priority = priority + 1 WHERE id = 1 RETURNING priority AS new_priority;
UPDATE ret_tasks SET title = 'nothing' WHERE id = 99 RETURNING *;
DELETE FROM ret_tasks WHERE title = 'x' RETURNING *;
DELETE FROM ret_tasks WHERE done RETURNING id, title;
SELECT * FROM ret_tasks ORDER BY id;
INSERT INTO ret_tasks (title, created) VALUES ('dated', '2024-12-31') RETURNING created, created + 1 AS next_day;
INSERT INTO ret_tasks (title) SELECT 'copy of ' || title FROM ret_tasks WHERE id <= 4 RETURNING id, title;
UPDATE ret_tasks t SET priority = 5 FROM (SELECT 1 AS id) s WHERE t.id = s.id RETURNING t.id, t.priority, s.id AS sid;
WITH moved AS (DELETE FROM ret_tasks WHERE priority = 5 RETURNING id, title) SELECT count(*) AS moved FROM moved;
WITH ins AS (INSERT INTO ret_tasks (title) VALUES ('cte insert') RETURNING id) SELECT id > 0 AS ok FROM ins;
WITH upd AS (UPDATE ret_tasks SET priority = 0 WHERE title LIKE 'copy%' RETURNING id) SELECT count(*) FROM upd;
INSERT INTO ret_tasks (title) VALUES (NULL) RETURNING id;
SELECT count(*) FROM ret_tasks;
INSERT INTO ret_tasks (title, done) VALUES ('bool', 'yes') RETURNING done, NOT done AS not_done;
INSERT INTO ret_tasks (title) VALUES ('typed') RETURNING pg_typeof(id), pg_typeof(created), created::text;
UPDATE ret_tasks SET created = created + 30 WHERE title = 'typed' RETURNING created, extract(month FROM created) AS m;
UPDATE ret_tasks SET title = title WHERE false RETURNING id;
DELETE FROM ret_tasks WHERE id IN (SELECT id FROM ret_tasks WHERE priority = 0) RETURNING title;
DELETE FROM ret_tasks RETURNING count(*);
DELETE FROM ret_tasks RETURNING nope;
UPDATE ret_tasks SET priority = 9 WHERE title = 'bool' RETURNING (SELECT count(*) FROM ret_tasks) AS total, priority;
DELETE FROM ret_tasks WHERE priority IS NOT NULL RETURNING id, title, done, priority, created;
SELECT count(*) FROM ret_tasks;
-- UPDATE ... FROM ... RETURNING the FROM items' columns (values after the update for the target)
CREATE TABLE ret_prices (sku text PRIMARY KEY, price numeric(8,2), stock int);
CREATE TABLE ret_changes (sku text, new_price numeric(8,2), note text);
INSERT INTO ret_prices VALUES ('a', 10, 5), ('b', 20, 0), ('c', 30, 2);
INSERT INTO ret_changes VALUES ('a', 11.50, 'raise'), ('c', 27, 'cut'), ('z', 1, 'unknown');
UPDATE ret_prices p SET price = c.new_price, stock = p.stock + 1 FROM ret_changes c WHERE c.sku = p.sku RETURNING p.sku, p.price, p.stock, c.note, c.new_price - 1 AS less;
UPDATE ret_prices p SET stock = 0 FROM ret_changes c WHERE c.sku = p.sku AND c.note = 'cut' RETURNING *;
UPDATE ret_prices AS p SET price = p.price * 2 FROM (VALUES ('a'), ('b')) AS v(s) JOIN ret_changes c ON c.sku = v.s WHERE p.sku = v.s RETURNING p.sku, v.s, c.note, p.price;
WITH ch AS (SELECT sku, note FROM ret_changes) UPDATE ret_prices p SET stock = stock + 10 FROM ch WHERE ch.sku = p.sku RETURNING p.sku, ch.note, p.stock;
SELECT * FROM ret_prices ORDER BY sku;
-- RETURNING sees the FROM / USING items: t.* is only t's columns, * is all of them
CREATE TABLE ret_rt (id int PRIMARY KEY, v text);
CREATE TABLE ret_ru (id int PRIMARY KEY, w text);
INSERT INTO ret_rt VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd');
INSERT INTO ret_ru VALUES (1, 'x'), (2, 'y'), (3, 'z');
UPDATE ret_rt SET v = v || '!' FROM ret_ru WHERE ret_ru.id = ret_rt.id AND ret_rt.id = 1 RETURNING ret_rt.*, ret_ru.*;
UPDATE ret_rt r SET v = u.w FROM ret_ru u WHERE u.id = r.id AND r.id > 1 RETURNING u.*, r.v, *;
UPDATE ret_rt SET v = 'q' FROM ret_ru WHERE ret_ru.id = ret_rt.id RETURNING nosuch.*;
DELETE FROM ret_rt USING ret_ru WHERE ret_ru.id = ret_rt.id AND ret_rt.id = 2 RETURNING *;
DELETE FROM ret_rt r USING ret_ru u WHERE u.id = r.id RETURNING u.w, r.*, u;
SELECT * FROM ret_rt ORDER BY id;
