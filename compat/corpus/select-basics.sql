-- Basic SELECT: projections, aliases, WHERE, ORDER BY, identifiers, VALUES, TABLE.
DROP TABLE IF EXISTS sb_employees;

CREATE TABLE sb_employees (
  id int PRIMARY KEY,
  name text NOT NULL,
  dept text,
  salary numeric(10,2),
  hired date,
  manager_id int
);
INSERT INTO sb_employees VALUES
  (1, 'Alice', 'Engineering', 120000, '2015-03-01', NULL),
  (2, 'Bob', 'Engineering', 95000, '2018-07-15', 1),
  (3, 'Carol', 'Sales', 70000, '2019-01-10', 1),
  (4, 'Dan', 'Sales', 65000.50, '2020-11-30', 3),
  (5, 'Eve', 'Marketing', 80000, '2017-05-22', 1),
  (6, 'Frank', NULL, 50000, '2022-02-14', NULL),
  (7, 'Grace', 'Engineering', 105000, '2016-09-09', 1);
SELECT 1;
SELECT 1 + 2 AS three, 'hello' AS greeting, NULL AS nothing;
SELECT * FROM sb_employees ORDER BY id;
SELECT name, salary FROM sb_employees WHERE dept = 'Engineering' ORDER BY salary DESC;
SELECT name AS "Employee Name", salary * 12 AS annual FROM sb_employees ORDER BY 1;
SELECT e.name FROM sb_employees e WHERE e.salary > 80000 ORDER BY e.name;
SELECT DISTINCT dept FROM sb_employees ORDER BY dept;
SELECT name, hired FROM sb_employees ORDER BY hired DESC LIMIT 3;
SELECT count(*) FROM sb_employees;
SELECT name FROM sb_employees WHERE manager_id IS NULL ORDER BY name;
SELECT name, dept FROM sb_employees WHERE dept IS DISTINCT FROM 'Sales' ORDER BY id;
SELECT name, dept FROM sb_employees WHERE dept <> 'Sales' ORDER BY id;
SELECT id, name FROM sb_employees WHERE id IN (1, 3, 5) ORDER BY id DESC;
SELECT upper(name), length(name) FROM sb_employees ORDER BY id LIMIT 2;
SELECT name || ' (' || coalesce(dept, 'none') || ')' AS label FROM sb_employees ORDER BY id;
SELECT sb_employees.* FROM sb_employees WHERE id = 4;
SELECT id, name FROM sb_employees ORDER BY dept NULLS FIRST, name;
SELECT id, name FROM sb_employees ORDER BY dept, salary DESC;
SELECT salary / 1000 AS k FROM sb_employees WHERE id = 4;
SELECT * FROM (SELECT name, salary FROM sb_employees WHERE salary < 90000) AS s ORDER BY salary;
SELECT count(*) AS n, 'x' FROM sb_employees WHERE false;
SELECT name FROM sb_employees WHERE name = 'alice';
SELECT "name" FROM sb_employees WHERE "id" = 2;
SELECT NAME FROM SB_EMPLOYEES WHERE ID = 3;
SELECT * FROM sb_employees WHERE hired BETWEEN '2018-01-01' AND '2020-12-31' ORDER BY hired;
SELECT name, CASE WHEN salary >= 100000 THEN 'high' WHEN salary >= 70000 THEN 'mid' ELSE 'low' END AS band
  FROM sb_employees ORDER BY id;
SELECT missing_col FROM sb_employees;
SELECT * FROM sb_missing;
VALUES (1, 'one'), (2, 'two');
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(num, letter) ORDER BY num DESC;
TABLE sb_employees;
SELECT name, salary, salary > 90000 AS senior FROM sb_employees ORDER BY salary DESC, name;
SELECT e.name, m.name AS manager FROM sb_employees e LEFT JOIN sb_employees m ON m.id = e.manager_id ORDER BY e.id;
SELECT id, name FROM sb_employees WHERE name >= 'D' AND name < 'G' ORDER BY name;
SELECT name FROM sb_employees ORDER BY length(name) DESC, name;
SELECT 'Total: ' || count(*) FROM sb_employees;
SELECT max(hired) - min(hired) AS span_days FROM sb_employees;
SELECT id, hired FROM sb_employees WHERE hired > DATE '2019-06-01' ORDER BY 2;
SELECT name FROM sb_employees WHERE dept = 'Engineering' AND salary BETWEEN 100000 AND 130000 ORDER BY name;
SELECT 2 + 2 AS four FROM sb_employees LIMIT 1;
SELECT * FROM sb_employees e WHERE e.id = (SELECT max(id) FROM sb_employees);
SELECT id, name FROM sb_employees ORDER BY 3;
SELECT name FROM sb_employees ORDER BY salary * -1 LIMIT 2;
SELECT ALL dept FROM sb_employees WHERE dept IS NOT NULL ORDER BY dept, 1;
SELECT sb_employees.name FROM sb_employees, (SELECT 1) AS one WHERE sb_employees.id = 1;
