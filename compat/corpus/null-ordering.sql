-- NULL handling in ORDER BY (NULLS LAST ascending by default), NULLS FIRST/LAST, aggregates over NULLs.
DROP TABLE IF EXISTS no_scores;

CREATE TABLE no_scores (id int PRIMARY KEY, player text, score int, bonus numeric, finished date, team text);
INSERT INTO no_scores VALUES
  (1, 'ann', 50, 1.5, '2024-01-03', 'red'),
  (2, 'bob', NULL, NULL, NULL, NULL),
  (3, 'cid', 70, 0, '2024-01-01', 'blue'),
  (4, 'dee', NULL, 2.25, '2024-01-02', 'red'),
  (5, 'eve', 10, NULL, NULL, 'blue'),
  (6, 'fay', 70, -1, '2024-01-04', NULL);
SELECT id, score FROM no_scores ORDER BY score, id;
SELECT id, score FROM no_scores ORDER BY score DESC, id;
SELECT id, score FROM no_scores ORDER BY score ASC NULLS FIRST, id;
SELECT id, score FROM no_scores ORDER BY score DESC NULLS LAST, id;
SELECT id, bonus FROM no_scores ORDER BY bonus NULLS FIRST, id DESC;
SELECT id, finished FROM no_scores ORDER BY finished DESC, id;
SELECT id, team FROM no_scores ORDER BY team, id;
SELECT id, team FROM no_scores ORDER BY team DESC, id DESC;
SELECT player FROM no_scores ORDER BY coalesce(score, -1), player;
SELECT id, score, bonus FROM no_scores ORDER BY score DESC NULLS LAST, bonus ASC NULLS FIRST, id;
SELECT id FROM no_scores ORDER BY score IS NULL, score, id;
SELECT max(score), min(score), count(score), count(*), sum(score), avg(score) FROM no_scores;
SELECT id, score FROM no_scores ORDER BY score, id LIMIT 3;
SELECT id, score FROM no_scores ORDER BY score DESC, id LIMIT 2;
SELECT score FROM no_scores GROUP BY score ORDER BY score;
SELECT team, count(*) FROM no_scores GROUP BY team ORDER BY team NULLS FIRST;
SELECT DISTINCT bonus FROM no_scores ORDER BY bonus DESC;
SELECT player, score FROM no_scores ORDER BY 2 NULLS FIRST, 1;
SELECT id, score FROM no_scores WHERE score IS NOT NULL ORDER BY -score, id;
SELECT id, greatest(score, 40), least(score, 40) FROM no_scores ORDER BY id;
SELECT player, CASE WHEN score IS NULL THEN 'dnf' ELSE score::text END AS result FROM no_scores ORDER BY result, player;
SELECT id FROM no_scores ORDER BY player DESC;
SELECT array_agg(score ORDER BY score NULLS FIRST) FROM no_scores;
SELECT array_agg(score ORDER BY score) FROM no_scores;
SELECT string_agg(player, ',' ORDER BY score DESC, player) FROM no_scores;
SELECT id, score + 1, score * NULL, score || 'x' FROM no_scores ORDER BY id;
SELECT NULL::int + 1, NULL::text || 'a', NULL::boolean AND false, length(NULL), upper(NULL);
SELECT count(NULL), sum(NULL::int), max(NULL::text), avg(NULL::numeric);
SELECT id, row_number() OVER (ORDER BY score NULLS FIRST, id) AS rn FROM no_scores ORDER BY id;
SELECT id, rank() OVER (ORDER BY score DESC) FROM no_scores ORDER BY id;
SELECT id, lag(score) OVER (ORDER BY id) FROM no_scores ORDER BY id;
SELECT team, max(score) FROM no_scores GROUP BY team ORDER BY max(score) DESC NULLS LAST, team;
SELECT id FROM no_scores WHERE score = NULL;
SELECT id FROM no_scores WHERE score <> 50 ORDER BY id;
SELECT id FROM no_scores WHERE NOT (score > 20) ORDER BY id;
SELECT id FROM no_scores WHERE score > 20 IS NOT TRUE ORDER BY id;
SELECT a.id, b.id FROM no_scores a JOIN no_scores b ON a.team = b.team AND a.id < b.id ORDER BY 1, 2;
SELECT id FROM no_scores ORDER BY finished NULLS FIRST, id LIMIT 4;
SELECT x FROM (VALUES (3), (NULL), (1), (NULL), (2)) v(x) ORDER BY x;
SELECT x FROM (VALUES ('b'), (NULL), ('a')) v(x) ORDER BY x DESC;
SELECT x FROM (VALUES (true), (NULL), (false)) v(x) ORDER BY x;
