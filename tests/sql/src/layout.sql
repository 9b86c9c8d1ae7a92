-- Tables with a layout (PARTITION BY RANGE/LIST with a granularity,
-- cluster_by) hold the same rows as a plain table: every query below runs on
-- a partitioned copy, a clustered copy and the plain table, and must give
-- the same answer (PostgreSQL runs them on plain tables).
CREATE TABLE digits (d integer);
INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
CREATE TABLE plain (id integer, region text, family text, sale_date date, amount numeric(12,2));
INSERT INTO plain SELECT a.d * 100 + b.d * 10 + c.d,
  CASE (a.d + b.d) % 4 WHEN 0 THEN 'EMEA' WHEN 1 THEN 'APAC' WHEN 2 THEN 'AMER' ELSE NULL END,
  CASE c.d % 3 WHEN 0 THEN 'widgets' WHEN 1 THEN 'gadgets' ELSE 'gizmos' END,
  DATE '2026-01-01' + (a.d * 100 + b.d * 10 + c.d) % 45,
  ((a.d * 100 + b.d * 10 + c.d) % 97) * 1.25
FROM digits a, digits b, digits c;
-- @tributary-only
CREATE TABLE by_day (id integer, region text, family text, sale_date date, amount numeric(12,2))
PARTITION BY RANGE (sale_date) WITH (partition_granularity = 'day', cluster_by = 'region, family');
-- @pg-only
CREATE TABLE by_day (id integer, region text, family text, sale_date date, amount numeric(12,2));
INSERT INTO by_day SELECT * FROM plain WHERE id < 500;
INSERT INTO by_day SELECT * FROM plain WHERE id >= 500;
-- @tributary-only
CREATE TABLE by_month (id integer, region text, family text, sale_date date, amount numeric(12,2))
PARTITION BY RANGE (sale_date) WITH (partition_granularity = 'month');
-- @pg-only
CREATE TABLE by_month (id integer, region text, family text, sale_date date, amount numeric(12,2));
INSERT INTO by_month SELECT * FROM plain WHERE id < 500;
INSERT INTO by_month SELECT * FROM plain WHERE id >= 500;
-- @tributary-only
CREATE TABLE by_region (id integer, region text, family text, sale_date date, amount numeric(12,2))
PARTITION BY LIST (region);
-- @pg-only
CREATE TABLE by_region (id integer, region text, family text, sale_date date, amount numeric(12,2));
INSERT INTO by_region SELECT * FROM plain WHERE id < 500;
INSERT INTO by_region SELECT * FROM plain WHERE id >= 500;
-- @tributary-only
CREATE TABLE clustered (id integer, region text, family text, sale_date date, amount numeric(12,2))
WITH (cluster_by = 'family, id');
-- @pg-only
CREATE TABLE clustered (id integer, region text, family text, sale_date date, amount numeric(12,2));
INSERT INTO clustered SELECT * FROM plain WHERE id < 500;
INSERT INTO clustered SELECT * FROM plain WHERE id >= 500;
-- The same queries on every table.
SELECT count(*), sum(amount), min(sale_date), max(sale_date) FROM plain;
SELECT count(*), sum(amount), min(sale_date), max(sale_date) FROM by_day;
SELECT count(*), sum(amount), min(sale_date), max(sale_date) FROM by_month;
SELECT count(*), sum(amount), min(sale_date), max(sale_date) FROM by_region;
SELECT count(*), sum(amount), min(sale_date), max(sale_date) FROM clustered;
SELECT region, count(*), sum(amount) FROM plain GROUP BY region;
SELECT region, count(*), sum(amount) FROM by_day GROUP BY region;
SELECT region, count(*), sum(amount) FROM by_month GROUP BY region;
SELECT region, count(*), sum(amount) FROM by_region GROUP BY region;
SELECT region, count(*), sum(amount) FROM clustered GROUP BY region;
SELECT family, sum(amount) FROM plain WHERE sale_date BETWEEN DATE '2026-01-05' AND DATE '2026-01-11' AND region = 'EMEA' GROUP BY 1;
SELECT family, sum(amount) FROM by_day WHERE sale_date BETWEEN DATE '2026-01-05' AND DATE '2026-01-11' AND region = 'EMEA' GROUP BY 1;
SELECT family, sum(amount) FROM by_month WHERE sale_date BETWEEN DATE '2026-01-05' AND DATE '2026-01-11' AND region = 'EMEA' GROUP BY 1;
SELECT family, sum(amount) FROM by_region WHERE sale_date BETWEEN DATE '2026-01-05' AND DATE '2026-01-11' AND region = 'EMEA' GROUP BY 1;
SELECT family, sum(amount) FROM clustered WHERE sale_date BETWEEN DATE '2026-01-05' AND DATE '2026-01-11' AND region = 'EMEA' GROUP BY 1;
SELECT count(*) FROM plain WHERE sale_date = '2026-01-10';
SELECT count(*) FROM by_day WHERE sale_date = '2026-01-10';
SELECT count(*) FROM by_month WHERE sale_date = '2026-01-10';
SELECT count(*) FROM by_region WHERE sale_date = '2026-01-10';
SELECT count(*) FROM clustered WHERE sale_date = '2026-01-10';
SELECT count(*), sum(amount) FROM plain WHERE sale_date >= '2026-02-01';
SELECT count(*), sum(amount) FROM by_day WHERE sale_date >= '2026-02-01';
SELECT count(*), sum(amount) FROM by_month WHERE sale_date >= '2026-02-01';
SELECT count(*), sum(amount) FROM by_region WHERE sale_date >= '2026-02-01';
SELECT count(*), sum(amount) FROM clustered WHERE sale_date >= '2026-02-01';
SELECT count(*) FROM plain WHERE sale_date < '2026-01-03' OR sale_date > '2026-02-12';
SELECT count(*) FROM by_day WHERE sale_date < '2026-01-03' OR sale_date > '2026-02-12';
SELECT count(*) FROM by_month WHERE sale_date < '2026-01-03' OR sale_date > '2026-02-12';
SELECT count(*) FROM by_region WHERE sale_date < '2026-01-03' OR sale_date > '2026-02-12';
SELECT count(*) FROM clustered WHERE sale_date < '2026-01-03' OR sale_date > '2026-02-12';
SELECT sale_date, count(*) FROM plain WHERE sale_date IN ('2026-01-01', '2026-01-31', '2026-02-14') GROUP BY sale_date;
SELECT sale_date, count(*) FROM by_day WHERE sale_date IN ('2026-01-01', '2026-01-31', '2026-02-14') GROUP BY sale_date;
SELECT sale_date, count(*) FROM by_month WHERE sale_date IN ('2026-01-01', '2026-01-31', '2026-02-14') GROUP BY sale_date;
SELECT sale_date, count(*) FROM by_region WHERE sale_date IN ('2026-01-01', '2026-01-31', '2026-02-14') GROUP BY sale_date;
SELECT sale_date, count(*) FROM clustered WHERE sale_date IN ('2026-01-01', '2026-01-31', '2026-02-14') GROUP BY sale_date;
SELECT count(*) FROM plain WHERE region IS NULL;
SELECT count(*) FROM by_day WHERE region IS NULL;
SELECT count(*) FROM by_month WHERE region IS NULL;
SELECT count(*) FROM by_region WHERE region IS NULL;
SELECT count(*) FROM clustered WHERE region IS NULL;
SELECT count(*) FROM plain WHERE region IS NOT NULL AND family = 'gizmos';
SELECT count(*) FROM by_day WHERE region IS NOT NULL AND family = 'gizmos';
SELECT count(*) FROM by_month WHERE region IS NOT NULL AND family = 'gizmos';
SELECT count(*) FROM by_region WHERE region IS NOT NULL AND family = 'gizmos';
SELECT count(*) FROM clustered WHERE region IS NOT NULL AND family = 'gizmos';
SELECT region, family, count(*), min(id), max(id) FROM plain WHERE region IN ('APAC', 'AMER') GROUP BY region, family;
SELECT region, family, count(*), min(id), max(id) FROM by_day WHERE region IN ('APAC', 'AMER') GROUP BY region, family;
SELECT region, family, count(*), min(id), max(id) FROM by_month WHERE region IN ('APAC', 'AMER') GROUP BY region, family;
SELECT region, family, count(*), min(id), max(id) FROM by_region WHERE region IN ('APAC', 'AMER') GROUP BY region, family;
SELECT region, family, count(*), min(id), max(id) FROM clustered WHERE region IN ('APAC', 'AMER') GROUP BY region, family;
SELECT id, region, family, sale_date, amount FROM plain WHERE id IN (0, 1, 42, 500, 999);
SELECT id, region, family, sale_date, amount FROM by_day WHERE id IN (0, 1, 42, 500, 999);
SELECT id, region, family, sale_date, amount FROM by_month WHERE id IN (0, 1, 42, 500, 999);
SELECT id, region, family, sale_date, amount FROM by_region WHERE id IN (0, 1, 42, 500, 999);
SELECT id, region, family, sale_date, amount FROM clustered WHERE id IN (0, 1, 42, 500, 999);
SELECT id, amount FROM plain ORDER BY amount DESC, id LIMIT 5;
SELECT id, amount FROM by_day ORDER BY amount DESC, id LIMIT 5;
SELECT id, amount FROM by_month ORDER BY amount DESC, id LIMIT 5;
SELECT id, amount FROM by_region ORDER BY amount DESC, id LIMIT 5;
SELECT id, amount FROM clustered ORDER BY amount DESC, id LIMIT 5;
SELECT id FROM plain WHERE region = 'EMEA' ORDER BY sale_date, id LIMIT 3 OFFSET 10;
SELECT id FROM by_day WHERE region = 'EMEA' ORDER BY sale_date, id LIMIT 3 OFFSET 10;
SELECT id FROM by_month WHERE region = 'EMEA' ORDER BY sale_date, id LIMIT 3 OFFSET 10;
SELECT id FROM by_region WHERE region = 'EMEA' ORDER BY sale_date, id LIMIT 3 OFFSET 10;
SELECT id FROM clustered WHERE region = 'EMEA' ORDER BY sale_date, id LIMIT 3 OFFSET 10;
SELECT date_trunc('month', sale_date), count(*), sum(amount) FROM plain GROUP BY 1;
SELECT date_trunc('month', sale_date), count(*), sum(amount) FROM by_day GROUP BY 1;
SELECT date_trunc('month', sale_date), count(*), sum(amount) FROM by_month GROUP BY 1;
SELECT date_trunc('month', sale_date), count(*), sum(amount) FROM by_region GROUP BY 1;
SELECT date_trunc('month', sale_date), count(*), sum(amount) FROM clustered GROUP BY 1;
SELECT extract(day FROM sale_date) AS dd, count(*) FROM plain WHERE sale_date < '2026-01-06' GROUP BY dd;
SELECT extract(day FROM sale_date) AS dd, count(*) FROM by_day WHERE sale_date < '2026-01-06' GROUP BY dd;
SELECT extract(day FROM sale_date) AS dd, count(*) FROM by_month WHERE sale_date < '2026-01-06' GROUP BY dd;
SELECT extract(day FROM sale_date) AS dd, count(*) FROM by_region WHERE sale_date < '2026-01-06' GROUP BY dd;
SELECT extract(day FROM sale_date) AS dd, count(*) FROM clustered WHERE sale_date < '2026-01-06' GROUP BY dd;
SELECT count(DISTINCT sale_date), count(DISTINCT region), count(DISTINCT family) FROM plain;
SELECT count(DISTINCT sale_date), count(DISTINCT region), count(DISTINCT family) FROM by_day;
SELECT count(DISTINCT sale_date), count(DISTINCT region), count(DISTINCT family) FROM by_month;
SELECT count(DISTINCT sale_date), count(DISTINCT region), count(DISTINCT family) FROM by_region;
SELECT count(DISTINCT sale_date), count(DISTINCT region), count(DISTINCT family) FROM clustered;
SELECT family, max(amount) FROM plain WHERE amount > 100 GROUP BY family HAVING count(*) > 10;
SELECT family, max(amount) FROM by_day WHERE amount > 100 GROUP BY family HAVING count(*) > 10;
SELECT family, max(amount) FROM by_month WHERE amount > 100 GROUP BY family HAVING count(*) > 10;
SELECT family, max(amount) FROM by_region WHERE amount > 100 GROUP BY family HAVING count(*) > 10;
SELECT family, max(amount) FROM clustered WHERE amount > 100 GROUP BY family HAVING count(*) > 10;
SELECT count(*) FROM plain WHERE sale_date BETWEEN '2026-01-15' AND '2026-01-20' AND family <> 'widgets';
SELECT count(*) FROM by_day WHERE sale_date BETWEEN '2026-01-15' AND '2026-01-20' AND family <> 'widgets';
SELECT count(*) FROM by_month WHERE sale_date BETWEEN '2026-01-15' AND '2026-01-20' AND family <> 'widgets';
SELECT count(*) FROM by_region WHERE sale_date BETWEEN '2026-01-15' AND '2026-01-20' AND family <> 'widgets';
SELECT count(*) FROM clustered WHERE sale_date BETWEEN '2026-01-15' AND '2026-01-20' AND family <> 'widgets';
SELECT count(*) FROM plain WHERE sale_date > '2030-01-01';
SELECT count(*) FROM by_day WHERE sale_date > '2030-01-01';
SELECT count(*) FROM by_month WHERE sale_date > '2030-01-01';
SELECT count(*) FROM by_region WHERE sale_date > '2030-01-01';
SELECT count(*) FROM clustered WHERE sale_date > '2030-01-01';
SELECT count(*) FROM plain WHERE region = 'NOWHERE';
SELECT count(*) FROM by_day WHERE region = 'NOWHERE';
SELECT count(*) FROM by_month WHERE region = 'NOWHERE';
SELECT count(*) FROM by_region WHERE region = 'NOWHERE';
SELECT count(*) FROM clustered WHERE region = 'NOWHERE';
SELECT x.region, count(*) FROM plain x JOIN plain p ON p.id = x.id AND p.region = x.region GROUP BY x.region;
SELECT x.region, count(*) FROM by_day x JOIN plain p ON p.id = x.id AND p.region = x.region GROUP BY x.region;
SELECT x.region, count(*) FROM by_month x JOIN plain p ON p.id = x.id AND p.region = x.region GROUP BY x.region;
SELECT x.region, count(*) FROM by_region x JOIN plain p ON p.id = x.id AND p.region = x.region GROUP BY x.region;
SELECT x.region, count(*) FROM clustered x JOIN plain p ON p.id = x.id AND p.region = x.region GROUP BY x.region;
SELECT count(*) FROM plain x LEFT JOIN plain p ON p.id = x.id + 1000 WHERE p.id IS NULL;
SELECT count(*) FROM by_day x LEFT JOIN plain p ON p.id = x.id + 1000 WHERE p.id IS NULL;
SELECT count(*) FROM by_month x LEFT JOIN plain p ON p.id = x.id + 1000 WHERE p.id IS NULL;
SELECT count(*) FROM by_region x LEFT JOIN plain p ON p.id = x.id + 1000 WHERE p.id IS NULL;
SELECT count(*) FROM clustered x LEFT JOIN plain p ON p.id = x.id + 1000 WHERE p.id IS NULL;
SELECT DISTINCT region FROM plain ORDER BY region NULLS FIRST;
SELECT DISTINCT region FROM by_day ORDER BY region NULLS FIRST;
SELECT DISTINCT region FROM by_month ORDER BY region NULLS FIRST;
SELECT DISTINCT region FROM by_region ORDER BY region NULLS FIRST;
SELECT DISTINCT region FROM clustered ORDER BY region NULLS FIRST;
SELECT sale_date, sum(amount) FROM plain WHERE region = 'APAC' GROUP BY sale_date ORDER BY sum(amount) DESC, sale_date LIMIT 3;
SELECT sale_date, sum(amount) FROM by_day WHERE region = 'APAC' GROUP BY sale_date ORDER BY sum(amount) DESC, sale_date LIMIT 3;
SELECT sale_date, sum(amount) FROM by_month WHERE region = 'APAC' GROUP BY sale_date ORDER BY sum(amount) DESC, sale_date LIMIT 3;
SELECT sale_date, sum(amount) FROM by_region WHERE region = 'APAC' GROUP BY sale_date ORDER BY sum(amount) DESC, sale_date LIMIT 3;
SELECT sale_date, sum(amount) FROM clustered WHERE region = 'APAC' GROUP BY sale_date ORDER BY sum(amount) DESC, sale_date LIMIT 3;
SELECT sum(CASE WHEN region = 'EMEA' THEN amount ELSE 0 END), sum(CASE WHEN region IS NULL THEN 1 ELSE 0 END) FROM plain;
SELECT sum(CASE WHEN region = 'EMEA' THEN amount ELSE 0 END), sum(CASE WHEN region IS NULL THEN 1 ELSE 0 END) FROM by_day;
SELECT sum(CASE WHEN region = 'EMEA' THEN amount ELSE 0 END), sum(CASE WHEN region IS NULL THEN 1 ELSE 0 END) FROM by_month;
SELECT sum(CASE WHEN region = 'EMEA' THEN amount ELSE 0 END), sum(CASE WHEN region IS NULL THEN 1 ELSE 0 END) FROM by_region;
SELECT sum(CASE WHEN region = 'EMEA' THEN amount ELSE 0 END), sum(CASE WHEN region IS NULL THEN 1 ELSE 0 END) FROM clustered;
SELECT count(*) FROM plain WHERE id % 7 = 3 AND sale_date <= '2026-01-22';
SELECT count(*) FROM by_day WHERE id % 7 = 3 AND sale_date <= '2026-01-22';
SELECT count(*) FROM by_month WHERE id % 7 = 3 AND sale_date <= '2026-01-22';
SELECT count(*) FROM by_region WHERE id % 7 = 3 AND sale_date <= '2026-01-22';
SELECT count(*) FROM clustered WHERE id % 7 = 3 AND sale_date <= '2026-01-22';
INSERT INTO by_day VALUES (5000, 'EMEA', 'widgets', '2026-03-01', 1.00), (5001, NULL, NULL, '2025-12-31', NULL);
INSERT INTO plain VALUES (5000, 'EMEA', 'widgets', '2026-03-01', 1.00), (5001, NULL, NULL, '2025-12-31', NULL);
SELECT count(*), min(sale_date), max(sale_date) FROM by_day;
SELECT count(*), min(sale_date), max(sale_date) FROM plain;
SELECT id, region, family, amount FROM by_day WHERE sale_date IN ('2026-03-01', '2025-12-31');
SELECT count(*) FROM by_day WHERE sale_date < '2026-01-01';
