-- LIMIT / OFFSET / FETCH FIRST (WITH TIES), paging.
DROP TABLE IF EXISTS lo_items;

CREATE TABLE lo_items (id int PRIMARY KEY, name text, price int);
INSERT INTO lo_items VALUES
  (1, 'item01', 37), (2, 'item02', 74), (3, 'item03', 11), (4, 'item04', 48), (5, 'item05', 85),
  (6, 'item06', 22), (7, 'item07', 59), (8, 'item08', 96), (9, 'item09', 33), (10, 'item10', 70),
  (11, 'item11', 7), (12, 'item12', 44), (13, 'item13', 81), (14, 'item14', 18), (15, 'item15', 55),
  (16, 'item16', 92), (17, 'item17', 29), (18, 'item18', 66), (19, 'item19', 3), (20, 'item20', 40),
  (21, 'item21', 77), (22, 'item22', 14), (23, 'item23', 51), (24, 'item24', 88), (25, 'item25', 25);
SELECT id, name FROM lo_items ORDER BY id LIMIT 5;
SELECT id FROM lo_items ORDER BY id LIMIT 5 OFFSET 5;
SELECT id FROM lo_items ORDER BY id OFFSET 22;
SELECT id FROM lo_items ORDER BY id DESC LIMIT 3;
SELECT id FROM lo_items ORDER BY price DESC, id LIMIT 4;
SELECT id FROM lo_items ORDER BY id LIMIT 0;
SELECT id FROM lo_items ORDER BY id LIMIT ALL OFFSET 23;
SELECT id FROM lo_items ORDER BY id LIMIT NULL OFFSET 24;
SELECT id FROM lo_items ORDER BY id OFFSET 100;
SELECT id FROM lo_items ORDER BY id FETCH FIRST 3 ROWS ONLY;
SELECT id FROM lo_items ORDER BY id OFFSET 2 ROWS FETCH NEXT 2 ROWS ONLY;
SELECT id FROM lo_items ORDER BY id FETCH FIRST ROW ONLY;
SELECT p, id FROM (SELECT price % 10 AS p, id FROM lo_items ORDER BY price % 10 FETCH FIRST 3 ROWS WITH TIES) t ORDER BY id;
SELECT id FROM lo_items ORDER BY id LIMIT 2 + 1;
SELECT id FROM lo_items ORDER BY id LIMIT (SELECT count(*) FROM lo_items WHERE price < 20);
SELECT count(*) FROM (SELECT id FROM lo_items ORDER BY id LIMIT 10) t;
SELECT max(id) FROM (SELECT id FROM lo_items ORDER BY id LIMIT 10 OFFSET 10) t;
SELECT id FROM lo_items ORDER BY id LIMIT -1;
SELECT id FROM lo_items ORDER BY id OFFSET -1;
SELECT id FROM lo_items ORDER BY id LIMIT 'abc';
SELECT name FROM lo_items WHERE price > 50 ORDER BY name DESC LIMIT 3 OFFSET 1;
SELECT id FROM lo_items ORDER BY id LIMIT '3';
SELECT * FROM lo_items ORDER BY id LIMIT 2;
SELECT id, price FROM lo_items ORDER BY price, id LIMIT 3 OFFSET 10;
SELECT id FROM lo_items ORDER BY id LIMIT 2.6;
SELECT id FROM lo_items ORDER BY id OFFSET 1 LIMIT 1;
SELECT id FROM lo_items WHERE id > 20 ORDER BY id LIMIT 10;
SELECT sum(price) FROM (SELECT price FROM lo_items ORDER BY price DESC LIMIT 5) top5;
SELECT id FROM lo_items ORDER BY id LIMIT 3 OFFSET 0;
SELECT id, name FROM lo_items ORDER BY name DESC FETCH FIRST 2 ROWS ONLY;
SELECT id FROM lo_items ORDER BY id LIMIT 1 FETCH FIRST 2 ROWS ONLY;
SELECT id FROM lo_items ORDER BY id FETCH FIRST 0 ROWS ONLY;
SELECT id FROM lo_items LIMIT 1 OFFSET 1 + 1 * 0 ORDER BY id;
SELECT * FROM (SELECT id FROM lo_items ORDER BY id DESC LIMIT 3) t ORDER BY id;
-- WITH TIES: ties of the last row are kept, after OFFSET too; on aggregates and set operations
SELECT * FROM (SELECT price / 10 AS d, id FROM lo_items ORDER BY d OFFSET 2 ROWS FETCH FIRST 2 ROWS WITH TIES) t ORDER BY d, id;
SELECT * FROM (SELECT price % 10 AS p, count(*) FROM lo_items WHERE id < 20 GROUP BY 1 ORDER BY count(*) DESC FETCH FIRST 1 ROW WITH TIES) t ORDER BY p;
SELECT price / 10 AS d FROM lo_items UNION ALL SELECT 0 ORDER BY d FETCH FIRST 2 ROWS WITH TIES;
SELECT id FROM lo_items ORDER BY price / 20 DESC, id / 5 FETCH FIRST 3 ROWS WITH TIES;
SELECT id FROM lo_items ORDER BY price / 20 FETCH FIRST 0 ROWS WITH TIES;
SELECT id FROM lo_items FETCH FIRST 2 ROWS WITH TIES;
