-- CREATE [OR REPLACE] VIEW / DROP VIEW (the view's query is bound again at
-- each use) and CREATE TABLE ... AS SELECT, with and without a layout.
CREATE TABLE t (id integer, region text, d date, amount numeric(8,2));
INSERT INTO t VALUES (1, 'a', '2024-01-01', 1.5), (2, 'b', '2024-02-01', 2.5), (3, 'a', '2024-03-05', 3.5), (4, NULL, '2024-03-06', NULL);
CREATE VIEW by_region AS SELECT region, count(*) AS n, sum(amount) AS total FROM t GROUP BY region;
SELECT * FROM by_region ORDER BY region NULLS FIRST;
CREATE VIEW big (r, cnt) AS SELECT region, n FROM by_region WHERE n > 1;
SELECT * FROM big;
SELECT b.r, t.id FROM big b JOIN t ON t.region = b.r ORDER BY t.id;
SELECT x.r FROM big AS x WHERE x.cnt = (SELECT max(n) FROM by_region);
WITH w AS (SELECT * FROM big) SELECT count(*) FROM w;
-- A view sees rows inserted after it was made.
INSERT INTO t VALUES (5, 'b', '2024-04-01', 10);
SELECT * FROM big ORDER BY r;
CREATE OR REPLACE VIEW by_region AS SELECT region, count(*) AS n, sum(amount) AS total FROM t WHERE id > 1 GROUP BY region;
SELECT * FROM big ORDER BY r;
CREATE SCHEMA s;
CREATE VIEW s.v AS SELECT 1 AS one;
SELECT * FROM s.v;
-- @error
CREATE VIEW by_region AS SELECT 1;
-- @error
CREATE VIEW t AS SELECT 1;
-- @error
CREATE VIEW bad AS SELECT nope FROM t;
-- @error
CREATE VIEW bad AS SELECT * FROM nope;
-- @error
CREATE VIEW bad (a, b, c) AS SELECT 1, 2;
-- @error
DROP TABLE big;
-- @error
DROP VIEW t;
-- @error
DROP VIEW nope;
DROP VIEW IF EXISTS nope;
DROP VIEW big;
-- @error
SELECT * FROM big;
-- CREATE TABLE AS.
CREATE TABLE copy1 AS SELECT id, region, amount * 2 AS doubled FROM t WHERE id < 4;
SELECT * FROM copy1 ORDER BY id;
CREATE TABLE copy2 (k, v) AS SELECT region, total FROM by_region;
SELECT * FROM copy2 ORDER BY k NULLS FIRST;
CREATE TABLE copy3 AS SELECT * FROM t WITH NO DATA;
SELECT count(*) FROM copy3;
INSERT INTO copy3 SELECT * FROM t WHERE id = 1;
SELECT * FROM copy3;
-- @tributary-only
CREATE TABLE laid WITH (partition_by = 'd', partition_granularity = 'month', cluster_by = 'region') AS SELECT * FROM t;
-- @pg-only
CREATE TABLE laid AS SELECT * FROM t;
SELECT * FROM laid WHERE d >= '2024-03-01' ORDER BY id;
CREATE TABLE IF NOT EXISTS copy1 AS SELECT 1;
-- @error
CREATE TABLE copy1 AS SELECT 1;
-- @error
CREATE TABLE by_region AS SELECT 1;
-- @error
CREATE TABLE bad AS SELECT 1 AS a, 2 AS a;
-- @error
CREATE TABLE bad (a, b, c) AS SELECT 1, 2;
-- A failing query leaves no table behind.
-- @error
CREATE TABLE bad AS SELECT 1 / (id - 3) FROM t;
-- @error
SELECT * FROM bad;
-- @error
DROP SCHEMA s;
DROP SCHEMA s CASCADE;
