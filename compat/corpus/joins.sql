-- Joins of every kind: inner, left/right/full outer, cross, self, USING, NATURAL, LATERAL, multi-way.
DROP TABLE IF EXISTS j_enrollments;
DROP TABLE IF EXISTS j_students;
DROP TABLE IF EXISTS j_courses;
DROP TABLE IF EXISTS j_departments;
DROP TABLE IF EXISTS j_a;
DROP TABLE IF EXISTS j_b;

CREATE TABLE j_departments (id int PRIMARY KEY, name text);
CREATE TABLE j_courses (id int PRIMARY KEY, title text, dept_id int REFERENCES j_departments(id), credits int);
CREATE TABLE j_students (id int PRIMARY KEY, name text, advisor_dept int);
CREATE TABLE j_enrollments (student_id int, course_id int, grade numeric(3,1), PRIMARY KEY (student_id, course_id));
INSERT INTO j_departments VALUES (1, 'Math'), (2, 'Physics'), (3, 'History'), (4, 'Art');
INSERT INTO j_courses VALUES (10, 'Algebra', 1, 3), (11, 'Calculus', 1, 4), (20, 'Mechanics', 2, 4), (30, 'Rome', 3, 2), (40, 'Untitled', NULL, 1);
INSERT INTO j_students VALUES (100, 'Ana', 1), (101, 'Ben', 2), (102, 'Cai', NULL), (103, 'Dia', 3), (104, 'Eli', 9);
INSERT INTO j_enrollments VALUES (100, 10, 3.5), (100, 11, 4.0), (101, 20, 2.7), (101, 10, 3.0), (103, 30, 3.9), (102, 11, NULL);
SELECT s.name, c.title FROM j_students s JOIN j_enrollments e ON e.student_id = s.id JOIN j_courses c ON c.id = e.course_id ORDER BY s.name, c.title;
SELECT s.name, e.course_id FROM j_students s LEFT JOIN j_enrollments e ON e.student_id = s.id ORDER BY s.name, e.course_id;
SELECT c.title, d.name FROM j_courses c LEFT OUTER JOIN j_departments d ON d.id = c.dept_id ORDER BY c.id;
SELECT c.title, d.name FROM j_courses c RIGHT JOIN j_departments d ON d.id = c.dept_id ORDER BY d.id, c.id;
SELECT c.title, d.name FROM j_courses c FULL OUTER JOIN j_departments d ON d.id = c.dept_id ORDER BY c.id NULLS LAST, d.id;
SELECT d.name, c.title FROM j_departments d CROSS JOIN j_courses c WHERE c.credits = 4 ORDER BY d.id, c.id;
SELECT count(*) FROM j_departments, j_courses;
SELECT s.name, d.name FROM j_students s, j_departments d WHERE s.advisor_dept = d.id ORDER BY s.id;
SELECT * FROM j_enrollments JOIN j_students ON j_students.id = j_enrollments.student_id WHERE grade > 3.4 ORDER BY grade;
SELECT student_id, course_id, name FROM j_enrollments e JOIN j_students s ON s.id = e.student_id ORDER BY 1, 2;
SELECT d.name AS dept, count(c.id) AS courses FROM j_departments d LEFT JOIN j_courses c ON c.dept_id = d.id GROUP BY d.name ORDER BY d.name;
SELECT d.name, sum(c.credits) FROM j_departments d JOIN j_courses c ON c.dept_id = d.id GROUP BY d.id, d.name HAVING sum(c.credits) > 3 ORDER BY d.name;
SELECT s.name FROM j_students s LEFT JOIN j_enrollments e ON e.student_id = s.id WHERE e.student_id IS NULL ORDER BY s.name;
SELECT s.name, d.name AS dept FROM j_students s LEFT JOIN j_departments d ON d.id = s.advisor_dept ORDER BY s.id;
SELECT a.name AS s1, b.name AS s2 FROM j_students a JOIN j_students b ON a.advisor_dept < b.advisor_dept ORDER BY 1, 2;
SELECT s.name, c.title, e.grade
  FROM j_students s
  JOIN j_enrollments e ON s.id = e.student_id
  JOIN j_courses c ON c.id = e.course_id
  JOIN j_departments d ON d.id = c.dept_id
  WHERE d.name = 'Math'
  ORDER BY e.grade DESC NULLS LAST, s.name;
SELECT s.name, avg(e.grade) AS gpa, sum(c.credits) AS credits
  FROM j_students s JOIN j_enrollments e ON e.student_id = s.id JOIN j_courses c ON c.id = e.course_id
  GROUP BY s.name ORDER BY s.name;
CREATE TABLE j_a (k int, va text);
CREATE TABLE j_b (k int, vb text);
INSERT INTO j_a VALUES (1, 'a1'), (2, 'a2'), (3, 'a3'), (NULL, 'anull');
INSERT INTO j_b VALUES (2, 'b2'), (3, 'b3'), (4, 'b4'), (NULL, 'bnull');
SELECT * FROM j_a JOIN j_b USING (k) ORDER BY k;
SELECT * FROM j_a FULL JOIN j_b USING (k) ORDER BY k, va, vb;
SELECT * FROM j_a NATURAL JOIN j_b;
SELECT k, va, vb FROM j_a LEFT JOIN j_b USING (k) ORDER BY k DESC;
SELECT j_a.k, j_b.k FROM j_a JOIN j_b ON j_a.k < j_b.k ORDER BY 1, 2;
SELECT * FROM j_a LEFT JOIN j_b ON j_a.k = j_b.k AND j_b.vb <> 'b2' ORDER BY j_a.va;
SELECT * FROM j_a LEFT JOIN j_b ON j_a.k = j_b.k WHERE j_b.vb <> 'b2' ORDER BY j_a.k;
SELECT * FROM j_a RIGHT JOIN j_b ON j_a.k = j_b.k ORDER BY j_b.vb;
SELECT * FROM j_a FULL JOIN j_b ON j_a.k = j_b.k ORDER BY j_a.va, j_b.vb;
SELECT * FROM j_a JOIN j_b ON j_a.k IS NOT DISTINCT FROM j_b.k ORDER BY j_a.va;
SELECT x.k FROM j_a x JOIN j_b y ON x.k = y.k JOIN (SELECT 3 AS k) z ON z.k = y.k;
SELECT s.name, latest.title FROM j_students s CROSS JOIN LATERAL (
  SELECT c.title FROM j_enrollments e JOIN j_courses c ON c.id = e.course_id WHERE e.student_id = s.id ORDER BY c.id DESC LIMIT 1
) latest ORDER BY s.name;
SELECT s.name, x.n FROM j_students s LEFT JOIN LATERAL (SELECT count(*) AS n FROM j_enrollments e WHERE e.student_id = s.id) x ON true ORDER BY s.id;
SELECT s.name, g.n FROM j_students s, LATERAL generate_series(1, 2) g(n) WHERE s.id < 102 ORDER BY s.name, g.n;
SELECT k FROM j_a JOIN j_b ON true;
SELECT * FROM j_a JOIN j_b;
SELECT * FROM j_a JOIN j_missing ON true;
SELECT j_a.va, j_b.vb FROM j_a, j_b WHERE j_a.k = j_b.k AND j_b.k > 2 ORDER BY 1;
SELECT d.name, c.title FROM j_departments d LEFT JOIN j_courses c ON c.dept_id = d.id AND c.credits > 3 ORDER BY d.id, c.title;
SELECT d.name FROM j_departments d WHERE NOT EXISTS (SELECT 1 FROM j_courses c WHERE c.dept_id = d.id) ORDER BY 1;
SELECT c1.title, c2.title FROM j_courses c1 JOIN j_courses c2 ON c1.dept_id = c2.dept_id AND c1.id < c2.id ORDER BY 1;
SELECT count(*) FROM j_enrollments e LEFT JOIN j_students s ON s.id = e.student_id LEFT JOIN j_departments d ON d.id = s.advisor_dept;
SELECT * FROM (j_a JOIN j_b USING (k)) AS ab ORDER BY k;
SELECT t1.va, t2.vb FROM j_a AS t1 INNER JOIN j_b AS t2 ON (t1.k = t2.k) WHERE t1.va LIKE 'a%' ORDER BY t1.k;
-- Join aliases hide the joined tables; LATERAL subqueries returning at most one row
SELECT ab.k, ab.vb FROM (j_a JOIN j_b USING (k)) AS ab ORDER BY 1;
SELECT j_a.va FROM (j_a JOIN j_b USING (k)) AS ab;
SELECT ab.k FROM (j_a JOIN j_b ON j_a.k = j_b.k) AS ab;
SELECT ab.x, ab.z FROM (j_a JOIN j_b USING (k)) AS ab(x, y, z) ORDER BY 1;
SELECT s.name, b.title, b.grade FROM j_students s LEFT JOIN LATERAL (SELECT c.title, e.grade FROM j_enrollments e JOIN j_courses c ON c.id = e.course_id WHERE e.student_id = s.id ORDER BY e.grade DESC NULLS LAST LIMIT 1) b ON true ORDER BY s.name;
SELECT s.name, t.total FROM j_students s, LATERAL (SELECT sum(e.grade) AS total FROM j_enrollments e WHERE e.student_id = s.id HAVING count(*) > 1) t ORDER BY 1;
SELECT s.name, c.title FROM j_students s JOIN LATERAL (SELECT * FROM j_courses c WHERE c.dept_id = s.advisor_dept ORDER BY c.id LIMIT 1) c ON c.title <> 'Rome' ORDER BY 1;
SELECT d.name, m.mx FROM j_departments d CROSS JOIN LATERAL (SELECT max(credits) AS mx FROM j_courses c WHERE c.dept_id = d.id) m ORDER BY 1;
SELECT d.name, x.title FROM j_departments d LEFT JOIN LATERAL (SELECT title FROM j_courses c WHERE c.dept_id = d.id ORDER BY credits DESC, id FETCH FIRST 1 ROW ONLY) x ON true ORDER BY d.id;
