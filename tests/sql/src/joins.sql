-- Inner, left and cross joins: equality and expression conditions, multi-way
-- joins, NULL keys never match, duplicates multiply, filters in ON vs WHERE.
CREATE TABLE dept (id integer, name text, floor integer);
CREATE TABLE emp (id integer, name text, dept_id integer, boss integer, salary integer);
CREATE TABLE proj (id integer, title text, dept_id integer, lead integer);
INSERT INTO dept VALUES (1, 'eng', 3), (2, 'sales', 1), (3, 'ops', 2), (4, 'legal', NULL), (NULL, 'ghost', 9);
INSERT INTO emp VALUES
 (10, 'ann', 1, NULL, 200), (11, 'ben', 1, 10, 150), (12, 'cat', 2, 10, 120),
 (13, 'dan', 2, 12, 90), (14, 'eva', 3, 10, 110), (15, 'fay', NULL, 14, 80),
 (16, 'gus', 5, 14, 70), (17, 'hal', 1, 11, 130);
INSERT INTO proj VALUES (100, 'apollo', 1, 11), (101, 'borealis', 1, 17), (102, 'cygnus', 2, 12), (103, 'draco', NULL, 15), (104, 'eris', 3, NULL), (105, 'fornax', 1, 10);
SELECT e.name, d.name FROM emp e JOIN dept d ON e.dept_id = d.id;
SELECT e.name, d.name FROM emp e INNER JOIN dept d ON d.id = e.dept_id;
SELECT e.name, d.name FROM emp e, dept d WHERE e.dept_id = d.id;
SELECT e.name, d.name FROM emp e LEFT JOIN dept d ON e.dept_id = d.id;
SELECT e.name, d.name FROM emp e LEFT OUTER JOIN dept d ON e.dept_id = d.id;
SELECT d.name, e.name FROM dept d LEFT JOIN emp e ON e.dept_id = d.id;
SELECT d.name, count(e.id) FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.name;
SELECT d.name, count(*) FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.name;
SELECT d.name, sum(e.salary) FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.name;
SELECT d.name, e.name FROM dept d LEFT JOIN emp e ON e.dept_id = d.id WHERE e.id IS NULL;
SELECT d.name, e.name FROM dept d LEFT JOIN emp e ON e.dept_id = d.id AND e.salary > 100;
SELECT d.name, e.name FROM dept d LEFT JOIN emp e ON e.dept_id = d.id WHERE e.salary > 100;
SELECT d.name, e.name FROM dept d LEFT JOIN emp e ON e.dept_id = d.id AND d.floor > 1;
SELECT d.name, e.name FROM dept d JOIN emp e ON e.dept_id = d.id AND e.salary >= 120;
SELECT count(*) FROM emp CROSS JOIN dept;
SELECT count(*) FROM emp, dept;
SELECT e.name, d.name FROM emp e CROSS JOIN dept d WHERE e.salary > 150 AND d.floor = 1;
SELECT a.name, b.name FROM emp a JOIN emp b ON a.boss = b.id;
SELECT a.name, b.name FROM emp a LEFT JOIN emp b ON a.boss = b.id;
SELECT a.name, b.name, c.name FROM emp a JOIN emp b ON a.boss = b.id JOIN emp c ON b.boss = c.id;
SELECT b.name, count(*) FROM emp a JOIN emp b ON a.boss = b.id GROUP BY b.name;
SELECT e.name, d.name, p.title FROM emp e JOIN dept d ON e.dept_id = d.id JOIN proj p ON p.dept_id = d.id;
SELECT e.name, p.title FROM emp e JOIN proj p ON p.lead = e.id;
SELECT e.name, p.title FROM emp e LEFT JOIN proj p ON p.lead = e.id;
SELECT p.title, e.name, d.name FROM proj p LEFT JOIN emp e ON p.lead = e.id LEFT JOIN dept d ON e.dept_id = d.id;
SELECT p.title, e.name, d.name FROM proj p JOIN emp e ON p.lead = e.id LEFT JOIN dept d ON d.id = p.dept_id;
SELECT p.title, d.name FROM proj p LEFT JOIN dept d ON d.id = p.dept_id;
SELECT d.name, p.title FROM dept d JOIN proj p ON p.dept_id = d.id WHERE d.name <> 'eng';
SELECT p.title, e.name FROM proj p JOIN emp e ON p.lead = e.id AND p.dept_id = e.dept_id;
SELECT p.title, e.name FROM proj p JOIN emp e ON p.lead = e.id AND p.dept_id <> e.dept_id;
SELECT e.name, d.name FROM emp e JOIN dept d ON e.dept_id + 1 = d.id;
SELECT e.name, d.name FROM emp e JOIN dept d ON e.salary / 100 = d.id;
SELECT e.name, d.name FROM emp e JOIN dept d ON e.dept_id = d.id OR e.salary < 80;
SELECT e.name, d.name FROM emp e JOIN dept d ON e.dept_id < d.id WHERE e.salary > 140;
SELECT e.name, d.name FROM emp e JOIN dept d ON upper(d.name) = upper(substr(e.name, 1, 1) || 'ng') ;
SELECT e.name, d.name FROM emp e JOIN dept d ON length(e.name) = length(d.name);
SELECT e.name, d.name FROM emp e LEFT JOIN dept d ON e.dept_id = d.id AND d.name LIKE 's%';
SELECT e.name, d.floor FROM emp e JOIN dept d ON e.dept_id = d.id WHERE d.floor BETWEEN 2 AND 3;
SELECT e.name FROM emp e JOIN dept d ON e.dept_id = d.id WHERE d.name IN ('eng', 'ops') AND e.salary < 150;
SELECT d.name, max(e.salary), min(e.salary) FROM emp e JOIN dept d ON e.dept_id = d.id GROUP BY d.name;
SELECT d.name, avg(e.salary) FROM emp e JOIN dept d ON e.dept_id = d.id GROUP BY d.name HAVING count(*) > 1;
SELECT d.name, count(p.id) FROM dept d LEFT JOIN proj p ON p.dept_id = d.id GROUP BY d.name;
SELECT d.name, count(DISTINCT e.id), count(DISTINCT p.id) FROM dept d LEFT JOIN emp e ON e.dept_id = d.id LEFT JOIN proj p ON p.dept_id = d.id GROUP BY d.name;
SELECT e.name, d.name FROM emp e JOIN dept d ON e.dept_id = d.id ORDER BY d.name, e.name;
SELECT e.name, d.name FROM emp e LEFT JOIN dept d ON e.dept_id = d.id ORDER BY d.name NULLS FIRST, e.name;
SELECT e.name, d.name FROM emp e JOIN dept d ON e.dept_id = d.id ORDER BY e.salary DESC LIMIT 3;
SELECT * FROM dept d JOIN proj p ON p.dept_id = d.id WHERE d.id = 2;
SELECT d.*, p.title FROM dept d JOIN proj p ON p.dept_id = d.id WHERE p.id > 103;
SELECT dept.name, emp.name FROM dept JOIN emp ON emp.dept_id = dept.id WHERE emp.boss IS NULL;
SELECT d1.name, d2.name FROM dept d1 JOIN dept d2 ON d1.floor < d2.floor;
SELECT d1.name, d2.name FROM dept d1 CROSS JOIN dept d2 WHERE d1.id = d2.id;
SELECT d1.name, d2.name FROM dept d1 JOIN dept d2 ON d1.id IS NOT DISTINCT FROM d2.id;
SELECT count(*) FROM dept a, dept b, dept c;
SELECT count(*) FROM emp a JOIN emp b ON a.dept_id = b.dept_id;
SELECT count(*) FROM emp a LEFT JOIN emp b ON a.dept_id = b.dept_id AND a.id <> b.id;
SELECT a.name, b.name FROM emp a JOIN emp b ON a.dept_id = b.dept_id AND a.id < b.id;
SELECT e.name, coalesce(d.name, 'none') FROM emp e LEFT JOIN dept d ON e.dept_id = d.id;
SELECT e.name, d.floor IS NULL FROM emp e LEFT JOIN dept d ON e.dept_id = d.id;
SELECT e.name, CASE WHEN d.id IS NULL THEN 'orphan' ELSE d.name END FROM emp e LEFT JOIN dept d ON e.dept_id = d.id;
SELECT e.name, d.name, p.title FROM emp e, dept d, proj p WHERE e.dept_id = d.id AND p.lead = e.id;
SELECT e.name, d.name, p.title FROM proj p, emp e, dept d WHERE e.dept_id = d.id AND p.dept_id = d.id AND e.salary > 140;
SELECT e.name, p.title FROM emp e JOIN proj p ON p.dept_id = e.dept_id JOIN dept d ON d.id = e.dept_id AND d.floor = 3 WHERE e.name < 'c';
SELECT x.name, y.title FROM emp x LEFT JOIN proj y ON y.lead = x.id AND y.title > 'c' WHERE x.dept_id = 1;
SELECT e.name FROM emp e LEFT JOIN proj p ON p.lead = e.id WHERE p.id IS NULL;
SELECT e.name, count(p.id) FROM emp e LEFT JOIN proj p ON p.lead = e.id GROUP BY e.name HAVING count(p.id) = 0;
SELECT d.name, e.name, p.title FROM dept d LEFT JOIN emp e ON e.dept_id = d.id LEFT JOIN proj p ON p.lead = e.id;
SELECT d.name, sum(e.salary) FROM dept d JOIN emp e ON e.dept_id = d.id GROUP BY d.name;
-- @error
SELECT name FROM emp e JOIN dept d ON e.dept_id = d.id;
-- @error
SELECT e.name FROM emp e JOIN dept d ON e.dept_id = d.nope;
-- @error
SELECT e.name FROM emp e JOIN dept d ON e.name;
-- @error
SELECT e.name FROM emp e JOIN dept d ON e.dept_id = x.id;
-- @error
SELECT e.name FROM emp e JOIN dept d ON e.name = d.id;
