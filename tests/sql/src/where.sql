-- WHERE: comparisons on every column type, AND/OR/NOT, constants folded,
-- predicates on NULLs, quoted literals taking the column's type.
CREATE TABLE emp (id integer, name text, dept text, salary numeric(10,2), hired date, active boolean, score double precision, age smallint, badge bigint);
INSERT INTO emp VALUES
 (1, 'alice', 'eng', 120000.00, '2019-03-01', true, 8.5, 34, 10001),
 (2, 'bob', 'eng', 95000.50, '2021-07-15', true, 7.25, 28, 10002),
 (3, 'carol', 'sales', 70000.00, '2018-01-20', false, 6.0, 45, 10003),
 (4, 'dave', 'sales', NULL, '2022-11-30', true, NULL, 23, 10004),
 (5, 'eve', NULL, 88000.00, '2020-05-05', NULL, 9.75, 39, NULL),
 (6, 'frank', 'ops', 64000.25, NULL, false, 5.5, NULL, 10006),
 (7, 'grace', 'ops', 101000.00, '2017-09-09', true, 8.0, 51, 10007),
 (8, 'heidi', 'eng', 150000.00, '2016-02-29', true, 9.9, 47, 10008);
SELECT id FROM emp WHERE id = 3;
SELECT id FROM emp WHERE id <> 3;
SELECT id FROM emp WHERE id != 3;
SELECT id FROM emp WHERE id < 3;
SELECT id FROM emp WHERE id <= 3;
SELECT id FROM emp WHERE id > 6;
SELECT id FROM emp WHERE id >= 6;
SELECT id FROM emp WHERE 3 < id;
SELECT id FROM emp WHERE id + 1 = 4;
SELECT id FROM emp WHERE id * 2 > 10;
SELECT id FROM emp WHERE id % 2 = 0;
SELECT id FROM emp WHERE -id < -5;
SELECT id FROM emp WHERE name = 'carol';
SELECT id FROM emp WHERE name < 'c';
SELECT id FROM emp WHERE name >= 'eve';
SELECT id FROM emp WHERE name <> 'bob' AND dept = 'eng';
SELECT id FROM emp WHERE dept = 'eng' OR dept = 'ops';
SELECT id FROM emp WHERE NOT (dept = 'eng');
SELECT id FROM emp WHERE dept <> 'eng';
SELECT id FROM emp WHERE salary > 90000;
SELECT id FROM emp WHERE salary > 90000.25;
SELECT id FROM emp WHERE salary = 95000.5;
SELECT id FROM emp WHERE salary <= 70000;
SELECT id FROM emp WHERE salary BETWEEN 64000.25 AND 95000.50;
SELECT id FROM emp WHERE hired > '2020-01-01';
SELECT id FROM emp WHERE hired >= DATE '2019-03-01';
SELECT id FROM emp WHERE hired < '2018-01-20';
SELECT id FROM emp WHERE hired = '2016-02-29';
SELECT id FROM emp WHERE active;
SELECT id FROM emp WHERE NOT active;
SELECT id FROM emp WHERE active = true;
SELECT id FROM emp WHERE active = false;
SELECT id FROM emp WHERE active IS TRUE;
SELECT id FROM emp WHERE active IS NOT TRUE;
SELECT id FROM emp WHERE active IS FALSE;
SELECT id FROM emp WHERE active IS NOT FALSE;
SELECT id FROM emp WHERE score > 8;
SELECT id FROM emp WHERE score < 7.25;
SELECT id FROM emp WHERE score = 9.75;
SELECT id FROM emp WHERE score >= 8.5 AND score < 9.9;
SELECT id FROM emp WHERE age > 40;
SELECT id FROM emp WHERE age = 23;
SELECT id FROM emp WHERE age < 30 OR age > 50;
SELECT id FROM emp WHERE badge > 10004;
SELECT id FROM emp WHERE badge = 10001 OR badge = 10008;
SELECT id FROM emp WHERE age * 1000 < salary / 2;
SELECT id FROM emp WHERE true;
SELECT id FROM emp WHERE false;
SELECT id FROM emp WHERE 1 = 1;
SELECT id FROM emp WHERE 1 = 0;
SELECT id FROM emp WHERE NULL;
SELECT id FROM emp WHERE NOT NULL::boolean;
SELECT id FROM emp WHERE id = NULL;
SELECT id FROM emp WHERE salary IS NULL;
SELECT id FROM emp WHERE salary IS NOT NULL;
SELECT id FROM emp WHERE dept IS NULL OR active IS NULL;
SELECT id FROM emp WHERE (dept = 'eng' AND salary > 100000) OR (dept = 'ops' AND salary < 100000);
SELECT id FROM emp WHERE dept = 'eng' AND (salary > 100000 OR age < 30);
SELECT id FROM emp WHERE NOT (dept = 'eng' OR dept = 'sales');
SELECT id FROM emp WHERE NOT (salary > 80000 AND active);
SELECT id FROM emp WHERE salary > 80000 AND NOT active;
SELECT id FROM emp WHERE salary > 80000 OR active;
SELECT id FROM emp WHERE id > 2 AND id < 7 AND dept <> 'sales';
SELECT id FROM emp WHERE id IN (1, 3, 5, 99);
SELECT id FROM emp WHERE name LIKE '%a%';
SELECT id FROM emp WHERE length(name) = 5;
SELECT id FROM emp WHERE upper(dept) = 'ENG';
SELECT id FROM emp WHERE name || dept = 'aliceeng';
SELECT id FROM emp WHERE coalesce(dept, 'none') = 'none';
SELECT id FROM emp WHERE coalesce(salary, 0) < 65000;
SELECT id FROM emp WHERE CASE WHEN dept = 'eng' THEN salary > 100000 ELSE age > 40 END;
SELECT id FROM emp WHERE hired + 365 > '2022-01-01';
SELECT id FROM emp WHERE extract(year FROM hired) = 2019;
SELECT name, salary FROM emp WHERE salary > 90000 ORDER BY salary;
SELECT name FROM emp WHERE dept = 'eng' ORDER BY name DESC;
SELECT count(*) FROM emp WHERE active;
SELECT count(*) FROM emp WHERE score IS NULL OR score < 6;
SELECT e.id FROM emp e WHERE e.age > 30 AND e.dept = 'eng';
SELECT id FROM emp WHERE name = 'Alice';
SELECT id FROM emp WHERE name > 'Zed';
SELECT id FROM emp WHERE id BETWEEN 3 AND 5 AND name NOT LIKE 'c%';
SELECT id FROM emp WHERE abs(age - 40) < 6;
SELECT id FROM emp WHERE round(score) = 8;
SELECT id FROM emp WHERE salary::integer % 1000 = 0;
SELECT id FROM emp WHERE 100000 < salary;
SELECT id FROM emp WHERE id >= 2 AND id <= 2;
SELECT 1 WHERE 1 < 2;
SELECT 1 WHERE 1 > 2;
