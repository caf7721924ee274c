-- DISTINCT, DISTINCT ON, aggregate DISTINCT.
DROP TABLE IF EXISTS dst_visits;

CREATE TABLE dst_visits (id int PRIMARY KEY, user_id int, page text, visited_at timestamp, duration int);
INSERT INTO dst_visits VALUES
  (1, 1, '/home', '2024-05-01 10:00:00', 30), (2, 1, '/pricing', '2024-05-01 10:05:00', 45),
  (3, 2, '/home', '2024-05-01 11:00:00', 10), (4, 1, '/home', '2024-05-02 09:00:00', 20),
  (5, 3, '/docs', '2024-05-02 12:00:00', NULL), (6, 2, '/docs', '2024-05-03 08:30:00', 60),
  (7, 3, '/docs', '2024-05-03 09:00:00', 15), (8, NULL, '/home', '2024-05-03 10:00:00', 5),
  (9, 2, '/Home', '2024-05-04 10:00:00', 30);
SELECT DISTINCT page FROM dst_visits ORDER BY page;
SELECT DISTINCT user_id FROM dst_visits ORDER BY user_id;
SELECT DISTINCT user_id, page FROM dst_visits ORDER BY user_id NULLS FIRST, page;
SELECT count(DISTINCT page), count(DISTINCT user_id), count(DISTINCT lower(page)) FROM dst_visits;
SELECT DISTINCT ON (user_id) user_id, page, visited_at FROM dst_visits ORDER BY user_id, visited_at DESC;
SELECT DISTINCT ON (page) page, user_id, duration FROM dst_visits ORDER BY page, duration DESC NULLS LAST;
SELECT DISTINCT ON (date_trunc('day', visited_at)) visited_at::date AS day, page FROM dst_visits ORDER BY date_trunc('day', visited_at), visited_at;
SELECT DISTINCT duration IS NULL AS missing FROM dst_visits ORDER BY 1;
SELECT DISTINCT lower(page) AS p FROM dst_visits ORDER BY p DESC;
SELECT page, count(DISTINCT user_id) AS visitors FROM dst_visits GROUP BY page ORDER BY visitors DESC, page;
SELECT DISTINCT page FROM dst_visits;
SELECT sum(DISTINCT duration), avg(DISTINCT user_id) FROM dst_visits;
SELECT DISTINCT ON (user_id) user_id, page FROM dst_visits ORDER BY page;
SELECT DISTINCT page FROM dst_visits ORDER BY visited_at;
SELECT array_agg(DISTINCT page ORDER BY page) FROM dst_visits;
SELECT DISTINCT * FROM (VALUES (1, 'a'), (1, 'a'), (2, 'b')) v(n, s) ORDER BY n;
SELECT count(*) FROM (SELECT DISTINCT user_id, page FROM dst_visits) t;
SELECT DISTINCT ON (user_id) * FROM dst_visits WHERE user_id IS NOT NULL ORDER BY user_id, id;
SELECT DISTINCT ON (user_id) user_id, duration FROM dst_visits ORDER BY user_id NULLS FIRST, duration NULLS FIRST;
SELECT DISTINCT visited_at::date FROM dst_visits ORDER BY 1;
SELECT DISTINCT ON (1) page, id FROM dst_visits ORDER BY 1, 2 DESC;
SELECT DISTINCT user_id % 2 AS parity FROM dst_visits ORDER BY parity;
SELECT DISTINCT NULL::int, 1 FROM dst_visits;
SELECT count(DISTINCT (user_id, page)) FROM dst_visits;
SELECT string_agg(DISTINCT page, ',' ORDER BY page) FROM dst_visits;
SELECT DISTINCT page, duration > 20 AS long_visit FROM dst_visits ORDER BY page, long_visit NULLS FIRST;
SELECT user_id FROM dst_visits GROUP BY user_id HAVING count(DISTINCT page) > 1 ORDER BY user_id;
SELECT DISTINCT x FROM (VALUES (1.0), (1.00), (1)) v(x);
SELECT DISTINCT x FROM (VALUES ('a'), ('a '), ('A')) v(x) ORDER BY x;
-- Values PG considers equal though their text differs: numeric scale, interval units, numeric arrays
SELECT DISTINCT x FROM (VALUES (ARRAY[1.0]), (ARRAY[1.00]), (ARRAY[2.5])) v(x) ORDER BY x;
SELECT DISTINCT x FROM (VALUES (interval '1 day'), (interval '2 days'), (interval '1 hour')) v(x) ORDER BY x;
SELECT count(*) FROM (VALUES (interval '1 day'), (interval '24 hours'), (interval '1 hour')) v(x) GROUP BY x ORDER BY 1;
SELECT count(DISTINCT x), count(DISTINCT ARRAY[x]) FROM (VALUES (1.0), (1.00), (1), (2)) v(x);
SELECT DISTINCT x, count(*) FROM (VALUES (1.0), (2.0), (1.0)) v(x) GROUP BY x ORDER BY x;
