-- WITH RECURSIVE: counters, hierarchies, graphs with cycle protection, SEARCH/CYCLE clauses.
DROP TABLE IF EXISTS rc_employees;
DROP TABLE IF EXISTS rc_edges;
DROP TABLE IF EXISTS rc_categories;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) SELECT sum(i) FROM n;
WITH RECURSIVE n AS (SELECT 1 AS i UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i FROM n ORDER BY i;
WITH RECURSIVE fib(a, b, k) AS (SELECT 0::bigint, 1::bigint, 1 UNION ALL SELECT b, a + b, k + 1 FROM fib WHERE k < 50)
SELECT k, a FROM fib ORDER BY k DESC LIMIT 3;
WITH RECURSIVE fact(n, f) AS (SELECT 1, 1::numeric UNION ALL SELECT n + 1, f * (n + 1) FROM fact WHERE n < 30) SELECT f FROM fact WHERE n = 30;
CREATE TABLE rc_employees (id int PRIMARY KEY, name text, manager_id int);
INSERT INTO rc_employees VALUES (1, 'CEO', NULL), (2, 'CTO', 1), (3, 'CFO', 1), (4, 'Dev Lead', 2), (5, 'Dev', 4), (6, 'Dev2', 4), (7, 'Accountant', 3), (8, 'Intern', 5);
WITH RECURSIVE chain AS (
  SELECT id, name, manager_id, 0 AS depth FROM rc_employees WHERE id = 8
  UNION ALL
  SELECT e.id, e.name, e.manager_id, c.depth + 1 FROM rc_employees e JOIN chain c ON e.id = c.manager_id
)
SELECT name, depth FROM chain ORDER BY depth;
WITH RECURSIVE sub AS (
  SELECT id, name, 1 AS lvl, name::text AS path FROM rc_employees WHERE manager_id IS NULL
  UNION ALL
  SELECT e.id, e.name, s.lvl + 1, s.path || ' > ' || e.name FROM rc_employees e JOIN sub s ON e.manager_id = s.id
)
SELECT lvl, path FROM sub ORDER BY path;
WITH RECURSIVE sub AS (
  SELECT id FROM rc_employees WHERE id = 2
  UNION
  SELECT e.id FROM rc_employees e JOIN sub ON e.manager_id = sub.id
)
SELECT count(*) FROM sub;
WITH RECURSIVE reports(id, n) AS (
  SELECT id, 0 FROM rc_employees
  UNION ALL
  SELECT e.id, r.n + 1 FROM rc_employees e JOIN reports r ON e.manager_id = r.id
)
SELECT id, max(n) FROM reports GROUP BY id ORDER BY id;
WITH RECURSIVE under(id, root) AS (
  SELECT id, id FROM rc_employees
  UNION ALL
  SELECT e.id, u.root FROM rc_employees e JOIN under u ON e.manager_id = u.id
)
SELECT root, count(*) - 1 AS reports FROM under GROUP BY root ORDER BY reports DESC, root;
CREATE TABLE rc_edges (src text, dst text);
INSERT INTO rc_edges VALUES ('a', 'b'), ('b', 'c'), ('c', 'a'), ('c', 'd'), ('d', 'e');
WITH RECURSIVE reach(node) AS (
  SELECT 'a'::text
  UNION
  SELECT e.dst FROM rc_edges e JOIN reach r ON e.src = r.node
)
SELECT node FROM reach ORDER BY node;
WITH RECURSIVE paths(node, path, len) AS (
  SELECT 'a'::text, ARRAY['a'], 0
  UNION ALL
  SELECT e.dst, p.path || e.dst, p.len + 1 FROM rc_edges e JOIN paths p ON e.src = p.node WHERE NOT e.dst = ANY (p.path)
)
SELECT node, array_to_string(path, '->') AS route, len FROM paths ORDER BY len, node;
WITH RECURSIVE walk(node, depth) AS (
  SELECT 'a'::text, 0
  UNION ALL
  SELECT e.dst, w.depth + 1 FROM rc_edges e JOIN walk w ON e.src = w.node
) CYCLE node SET is_cycle USING route
SELECT node, depth, is_cycle FROM walk ORDER BY depth, node;
CREATE TABLE rc_categories (id int PRIMARY KEY, parent_id int, name text);
INSERT INTO rc_categories VALUES (1, NULL, 'root'), (2, 1, 'electronics'), (3, 2, 'phones'), (4, 2, 'laptops'), (5, 1, 'books'), (6, 5, 'fiction'), (7, 3, 'android');
WITH RECURSIVE tree AS (
  SELECT id, name, 0 AS depth, ARRAY[id] AS trail FROM rc_categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, c.name, t.depth + 1, t.trail || c.id FROM rc_categories c JOIN tree t ON c.parent_id = t.id
)
SELECT repeat('  ', depth) || name AS indented FROM tree ORDER BY trail;
WITH RECURSIVE tree AS (
  SELECT id, name, parent_id FROM rc_categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, c.name, c.parent_id FROM rc_categories c JOIN tree t ON c.parent_id = t.id
) SEARCH DEPTH FIRST BY id SET ordercol
SELECT name FROM tree ORDER BY ordercol;
WITH RECURSIVE tree AS (
  SELECT id, name FROM rc_categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, c.name FROM rc_categories c JOIN tree t ON c.parent_id = t.id
) SEARCH BREADTH FIRST BY id SET ordercol
SELECT name FROM tree ORDER BY ordercol;
WITH RECURSIVE ancestors AS (
  SELECT id, parent_id, name FROM rc_categories WHERE name = 'android'
  UNION ALL
  SELECT c.id, c.parent_id, c.name FROM rc_categories c JOIN ancestors a ON c.id = a.parent_id
)
SELECT string_agg(name, ' / ' ORDER BY id) FROM ancestors;
WITH RECURSIVE dates(d) AS (SELECT DATE '2024-02-26' UNION ALL SELECT d + 1 FROM dates WHERE d < DATE '2024-03-02') SELECT d FROM dates ORDER BY d;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n * 2 FROM t WHERE n < 1000) SELECT string_agg(n::text, ',' ORDER BY n) FROM t;
WITH RECURSIVE cnt(x) AS (VALUES (1) UNION ALL SELECT x + 1 FROM cnt WHERE x < 3) SELECT x FROM cnt ORDER BY x;
WITH RECURSIVE leaves AS (
  SELECT id, parent_id FROM rc_categories c WHERE NOT EXISTS (SELECT 1 FROM rc_categories k WHERE k.parent_id = c.id)
)
SELECT id FROM leaves ORDER BY id;
WITH RECURSIVE collatz(n, steps) AS (
  SELECT 27, 0
  UNION ALL
  SELECT CASE WHEN n % 2 = 0 THEN n / 2 ELSE 3 * n + 1 END, steps + 1 FROM collatz WHERE n <> 1
)
SELECT max(steps), max(n) FROM collatz;
WITH RECURSIVE s(str, i) AS (SELECT '', 0 UNION ALL SELECT str || chr(97 + i), i + 1 FROM s WHERE i < 5) SELECT str FROM s ORDER BY i;
WITH RECURSIVE bad(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM bad WHERE n < 'x') SELECT * FROM bad;
WITH RECURSIVE x(n) AS (SELECT n FROM x) SELECT * FROM x;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT count(*) FROM t a, t b;
-- SEARCH and CYCLE: the added columns can be selected, ordered by, and compared
WITH RECURSIVE tree AS (
  SELECT id, name FROM rc_categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, c.name FROM rc_categories c JOIN tree t ON c.parent_id = t.id
) SEARCH DEPTH FIRST BY name SET path_key
SELECT name, path_key FROM tree ORDER BY path_key;
WITH RECURSIVE tree AS (
  SELECT id, name, 0 AS depth FROM rc_categories WHERE parent_id IS NULL
  UNION ALL
  SELECT c.id, c.name, t.depth + 1 FROM rc_categories c JOIN tree t ON c.parent_id = t.id
) SEARCH BREADTH FIRST BY name, id SET ord
SELECT ord, depth, name FROM tree ORDER BY ord DESC;
WITH RECURSIVE walk(node, depth) AS (
  SELECT 'a'::text, 0
  UNION ALL
  SELECT e.dst, w.depth + 1 FROM rc_edges e JOIN walk w ON e.src = w.node
) CYCLE node SET looped TO 'Y' DEFAULT 'N' USING trail
SELECT node, depth, looped, trail FROM walk ORDER BY depth, node;
WITH RECURSIVE walk(node, depth) AS (
  SELECT 'a'::text, 0
  UNION ALL
  SELECT e.dst, w.depth + 1 FROM rc_edges e, walk w WHERE e.src = w.node
) SEARCH DEPTH FIRST BY node SET ord CYCLE node SET is_cycle USING route
SELECT * FROM walk WHERE NOT is_cycle ORDER BY ord;
WITH RECURSIVE walk(src, dst) AS (
  SELECT src, dst FROM rc_edges WHERE src = 'a'
  UNION ALL
  SELECT e.src, e.dst FROM rc_edges e JOIN walk w ON e.src = w.dst
) CYCLE src, dst SET is_cycle TO 1 DEFAULT 0 USING edges
SELECT count(*), sum(is_cycle), max(array_length(edges, 1)) FROM walk;
WITH t(n) AS (SELECT 1) SEARCH DEPTH FIRST BY n SET ord SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH BREADTH FIRST BY m SET ord SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) CYCLE n SET c USING c SELECT * FROM t;
-- the path and search columns are one-dimensional arrays of records
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) CYCLE n SET c USING p SELECT n, array_length(p, 1), array_length(p, 2), array_ndims(p), p, p[2] FROM t ORDER BY n;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SEARCH DEPTH FIRST BY n SET s SELECT n, array_ndims(s), cardinality(s), s FROM t ORDER BY s;
