-- DELETE, UPDATE, MERGE and TRUNCATE on plain and partitioned, clustered
-- tables (copy-on-write: whole files dropped, partly matching files
-- rewritten, others untouched), with subqueries, FROM/USING joins,
-- assignment casts, and errors that leave the table unchanged.
CREATE TABLE digits (d integer);
INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
-- @tributary-only
CREATE TABLE deals (id integer NOT NULL, region text, family text, sale_date date, amount numeric(12,2))
PARTITION BY RANGE (sale_date) WITH (partition_granularity = 'month', cluster_by = 'region');
-- @pg-only
CREATE TABLE deals (id integer NOT NULL, region text, family text, sale_date date, amount numeric(12,2));
INSERT INTO deals SELECT a.d * 100 + b.d * 10 + c.d,
  CASE (a.d + b.d) % 4 WHEN 0 THEN 'EMEA' WHEN 1 THEN 'APAC' WHEN 2 THEN 'AMER' ELSE NULL END,
  CASE c.d % 3 WHEN 0 THEN 'widgets' WHEN 1 THEN 'gadgets' ELSE 'gizmos' END,
  DATE '2026-01-01' + (a.d * 100 + b.d * 10 + c.d) % 90,
  ((a.d * 100 + b.d * 10 + c.d) % 97) * 1.25
FROM digits a, digits b, digits c;
SELECT count(*), sum(amount) FROM deals;
-- DELETE in one month: only that partition's files change.
DELETE FROM deals WHERE sale_date >= '2026-03-01' AND region = 'EMEA';
SELECT count(*), sum(amount) FROM deals;
SELECT region, count(*) FROM deals WHERE sale_date >= '2026-03-01' GROUP BY region ORDER BY region NULLS FIRST;
DELETE FROM deals WHERE id % 7 = 0;
SELECT count(*), sum(amount), min(id), max(id) FROM deals;
DELETE FROM deals WHERE region IS NULL AND family = 'gizmos';
SELECT count(*) FROM deals WHERE region IS NULL;
-- Nothing matches: nothing changes.
DELETE FROM deals WHERE id < 0;
DELETE FROM deals WHERE false;
SELECT count(*) FROM deals;
-- A whole partition.
DELETE FROM deals WHERE sale_date < '2026-02-01';
SELECT count(*), min(sale_date) FROM deals;
-- Subqueries in WHERE.
DELETE FROM deals WHERE id IN (SELECT d * 111 FROM digits);
SELECT count(*) FROM deals WHERE id % 111 = 0;
DELETE FROM deals WHERE amount > (SELECT avg(amount) * 1.8 FROM deals);
SELECT count(*), max(amount) FROM deals;
DELETE FROM deals d WHERE EXISTS (SELECT 1 FROM digits WHERE digits.d = d.id % 10 AND digits.d = 9);
SELECT count(*) FROM deals WHERE id % 10 = 9;
-- UPDATE: expressions over the old row, assignment casts, several columns.
UPDATE deals SET amount = amount * 2 WHERE family = 'widgets' AND sale_date < '2026-03-01';
SELECT family, count(*), sum(amount) FROM deals GROUP BY family ORDER BY family;
UPDATE deals SET region = lower(region), family = family || '!' WHERE region = 'APAC';
SELECT region, family, count(*) FROM deals GROUP BY region, family ORDER BY region NULLS FIRST, family;
UPDATE deals SET amount = 1.005 WHERE id = 131;
SELECT id, amount FROM deals WHERE id = 131;
UPDATE deals SET amount = '7.5', region = 42 WHERE id = 132;
SELECT id, region, amount FROM deals WHERE id = 132;
-- Moving rows to another partition.
UPDATE deals SET sale_date = sale_date + 31 WHERE sale_date >= '2026-03-25';
SELECT date_trunc('month', sale_date) AS m, count(*) FROM deals GROUP BY 1 ORDER BY 1;
-- SET to NULL and DEFAULT (no column defaults: NULL).
UPDATE deals SET amount = NULL WHERE id = 134;
UPDATE deals SET family = DEFAULT WHERE id = 135;
SELECT id, family, amount FROM deals WHERE id IN (134, 135) ORDER BY id;
-- Every row.
UPDATE deals SET amount = amount + 0;
SELECT count(*), sum(amount) FROM deals;
-- Subqueries in SET.
UPDATE deals SET amount = (SELECT max(d) FROM digits) WHERE id = 136;
SELECT amount FROM deals WHERE id = 136;
-- UPDATE ... FROM and DELETE ... USING.
CREATE TABLE price (family text, factor numeric(4,2));
INSERT INTO price VALUES ('widgets', 1.10), ('gizmos', 0.50);
UPDATE deals SET amount = deals.amount * p.factor FROM price p WHERE p.family = deals.family AND deals.id < 300;
SELECT family, count(*), sum(amount) FROM deals WHERE id < 300 GROUP BY family ORDER BY family;
DELETE FROM deals USING price WHERE price.family = deals.family AND price.factor < 1 AND deals.id >= 800;
SELECT count(*) FROM deals WHERE id >= 800 AND family = 'gizmos';
-- Errors change nothing.
SELECT count(*), sum(amount) FROM deals;
-- @error
UPDATE deals SET id = NULL WHERE id > 500;
-- @error
UPDATE deals SET amount = amount / 0 WHERE id > 500;
-- @error
UPDATE deals SET nope = 1;
-- @error
UPDATE deals SET amount = 1, amount = 2;
-- @error
UPDATE deals SET amount = 'abc';
-- @error
UPDATE deals SET amount = true;
-- @error
UPDATE deals SET amount = sum(amount);
-- @error
DELETE FROM deals WHERE count(*) > 1;
-- @error
DELETE FROM deals WHERE amount;
-- @error
DELETE FROM nope;
-- @error
DELETE FROM deals WHERE nope = 1;
-- @error
UPDATE deals SET amount = 1 WHERE id = (SELECT id FROM deals);
SELECT count(*), sum(amount) FROM deals;
-- MERGE.
CREATE TABLE target (id integer NOT NULL, v integer, note text);
INSERT INTO target VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c'), (4, 40, 'd');
CREATE TABLE src (id integer, v integer);
INSERT INTO src VALUES (2, 200), (3, 300), (5, 500), (6, NULL);
MERGE INTO target t USING src s ON t.id = s.id
WHEN MATCHED AND s.v > 250 THEN DELETE
WHEN MATCHED THEN UPDATE SET v = t.v + s.v, note = 'updated'
WHEN NOT MATCHED AND s.v IS NOT NULL THEN INSERT VALUES (s.id, s.v, 'inserted')
WHEN NOT MATCHED THEN INSERT (id) VALUES (s.id * 10);
SELECT * FROM target ORDER BY id;
MERGE INTO target USING (SELECT 1 AS k UNION ALL SELECT 7) AS q ON target.id = q.k
WHEN MATCHED THEN DO NOTHING
WHEN NOT MATCHED THEN INSERT (note, id) VALUES ('q', q.k);
SELECT * FROM target ORDER BY id;
MERGE INTO target t USING src s ON t.id = s.id + 3
WHEN MATCHED THEN UPDATE SET v = DEFAULT;
SELECT * FROM target ORDER BY id;
-- Only matched clauses: unmatched source rows do nothing.
MERGE INTO target t USING src s ON t.id = s.id WHEN MATCHED THEN UPDATE SET note = 'again';
SELECT * FROM target ORDER BY id;
-- A target row matched twice fails, and nothing changes.
INSERT INTO src VALUES (1, 1), (1, 2);
-- @error
MERGE INTO target t USING src s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v;
-- @error
MERGE INTO target t USING src s ON t.id = s.id WHEN MATCHED THEN DELETE;
SELECT * FROM target ORDER BY id;
-- A second match that does nothing is no error.
MERGE INTO target t USING src s ON t.id = s.id WHEN MATCHED AND s.v = 2 THEN UPDATE SET v = 99;
SELECT * FROM target ORDER BY id;
-- @error
MERGE INTO target t USING src s ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (NULL, 1, 'x');
-- @error
MERGE INTO target t USING src s ON t.id = s.id WHEN NOT MATCHED THEN INSERT VALUES (1, 2, 'x', 4);
-- @error
MERGE INTO target t USING src s ON t.id = s.id WHEN MATCHED THEN UPDATE SET nope = 1;
-- @error
MERGE INTO target t USING nope s ON t.id = s.id WHEN MATCHED THEN DELETE;
SELECT * FROM target ORDER BY id;
-- TRUNCATE.
TRUNCATE target;
SELECT count(*) FROM target;
TRUNCATE TABLE price, src;
SELECT (SELECT count(*) FROM price), (SELECT count(*) FROM src);
-- @error
TRUNCATE nope;
DELETE FROM deals;
SELECT count(*) FROM deals;
INSERT INTO deals (id, amount) VALUES (1, 1);
SELECT id, amount FROM deals;
