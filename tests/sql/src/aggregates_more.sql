-- stddev/variance, string_agg, bool_and/bool_or/every, DISTINCT and ORDER BY
-- inside aggregate calls, FILTER (WHERE ...): result types, NULLs, empty input.
CREATE TABLE t (g text, i integer, s smallint, b bigint, n numeric(10,3), f double precision, r real, x text, v boolean);
INSERT INTO t VALUES
 ('a', 1, 1, 10, 1.125, 0.5, 1.5, 'pear', true),
 ('a', 2, 2, 20, 2.250, 1.25, 2.5, 'apple', false),
 ('a', 2, 2, 20, 2.250, 1.25, 2.5, 'apple', true),
 ('b', 3, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 ('b', 4, 4, -30, -0.375, -2.0, 0.25, 'zebra', true),
 ('c', NULL, 5, 5, 10.000, 100.0, -1.0, 'Mango', true),
 ('c', 6, 6, 6, 0.001, 0.125, 8.0, '', false),
 ('d', 7, 7, 7, 7.000, 7.0, 7.0, 'kiwi', NULL);
CREATE TABLE e (g text, i integer, f double precision, x text, v boolean);
-- Floating variances: double precision results.
SELECT stddev(f), stddev_samp(f), stddev_pop(f), variance(f), var_samp(f), var_pop(f) FROM t;
SELECT stddev(r), variance(r), var_pop(r), stddev_pop(r) FROM t;
SELECT g, var_samp(f), var_pop(f) FROM t GROUP BY g ORDER BY g;
SELECT g, stddev_samp(f), stddev_pop(f) FROM t GROUP BY g ORDER BY g;
-- Integer and numeric variances: numeric results.
SELECT var_samp(i), var_pop(i) FROM t;
SELECT stddev_samp(i), stddev_pop(i) FROM t;
SELECT variance(s), stddev(s) FROM t;
SELECT var_samp(b), stddev_samp(b) FROM t;
SELECT var_pop(n), stddev_pop(n) FROM t;
SELECT var_samp(n), stddev_samp(n) FROM t;
-- @known
SELECT g, var_samp(i), stddev_samp(i) FROM t GROUP BY g ORDER BY g;
SELECT var_samp(x) FROM (VALUES (1), (2), (3), (4)) v(x);
SELECT stddev_samp(x) FROM (VALUES (1), (2), (3), (4)) v(x);
SELECT var_pop(x), stddev_pop(x) FROM (VALUES (1), (2), (3), (4)) v(x);
SELECT var_samp(x), stddev_samp(x) FROM (VALUES (2), (4), (4), (4), (5), (5), (7), (9)) v(x);
SELECT var_pop(x), stddev_pop(x) FROM (VALUES (2), (4), (4), (4), (5), (5), (7), (9)) v(x);
SELECT stddev_samp(x) FROM (VALUES (1.5), (2.5), (4.0)) v(x);
SELECT var_samp(x) FROM (VALUES (10), (20), (30), (45)) v(x);
SELECT stddev(x) FROM (VALUES (10), (20), (30), (45)) v(x);
-- One row: the sample forms are NULL; no rows: all NULL.
SELECT var_samp(i), stddev_samp(i), var_samp(f), stddev(f) FROM t WHERE g = 'd';
SELECT var_pop(f), stddev_pop(f) FROM t WHERE g = 'd';
-- Youngs-Cramer accumulation in input order, as PostgreSQL: every digit matches.
SELECT var_samp(x), var_pop(x), stddev_samp(x) FROM (VALUES (0.5341131107826453::float8), (246941.42153014406::float8), (0.34175516814191664::float8)) v(x);
SELECT stddev(i), variance(i), stddev_pop(f), var_pop(f) FROM e;
SELECT g, stddev(f) FROM e GROUP BY g;
-- @error
SELECT stddev(x) FROM t;
-- @error
SELECT variance(v) FROM t;
-- string_agg: NULLs skipped, each later value preceded by its row's delimiter.
SELECT string_agg(x, ',' ORDER BY x) FROM t;
SELECT string_agg(x, ', ' ORDER BY x DESC) FROM t;
SELECT g, string_agg(x, '|' ORDER BY x) FROM t GROUP BY g ORDER BY g;
SELECT g, string_agg(x, '' ORDER BY i, x) FROM t GROUP BY g ORDER BY g;
SELECT string_agg(x, NULL ORDER BY x) FROM t;
SELECT string_agg(x, '-' ORDER BY i DESC NULLS LAST) FROM t;
SELECT string_agg(x, '-' ORDER BY i NULLS FIRST) FROM t;
SELECT string_agg(DISTINCT x, ',' ORDER BY x) FROM t;
SELECT string_agg(DISTINCT x, ',' ORDER BY x DESC) FROM t WHERE g = 'a';
SELECT string_agg(x, ',') FROM t WHERE g = 'b';
SELECT string_agg(x, ',') FROM e;
SELECT string_agg(i::text, '+' ORDER BY i) FROM t;
SELECT string_agg(upper(x), ';' ORDER BY lower(x)) FROM t WHERE x <> '';
SELECT length(string_agg(x, ',')) FROM t;
-- @error
SELECT string_agg(i, ',') FROM t;
-- @error
SELECT string_agg(x) FROM t;
-- @error
SELECT string_agg(DISTINCT x, ',' ORDER BY i) FROM t;
-- bool_and / bool_or / every.
SELECT bool_and(v), bool_or(v), every(v) FROM t;
SELECT g, bool_and(v), bool_or(v), every(v) FROM t GROUP BY g ORDER BY g;
SELECT bool_and(i > 0), bool_or(i > 5), every(i < 10) FROM t;
SELECT bool_and(v), bool_or(v) FROM e;
SELECT bool_and(v) FROM t WHERE g = 'b';
-- @error
SELECT bool_and(i) FROM t;
-- @error
SELECT bool_or(x) FROM t;
-- DISTINCT in sum, avg, count, min, max, stddev.
SELECT sum(DISTINCT i), sum(i), count(DISTINCT i), count(i) FROM t;
SELECT avg(DISTINCT i), avg(DISTINCT n) FROM t;
SELECT sum(DISTINCT f), avg(DISTINCT f) FROM t;
SELECT g, sum(DISTINCT i), avg(DISTINCT b) FROM t GROUP BY g ORDER BY g;
SELECT min(DISTINCT x), max(DISTINCT i) FROM t;
SELECT var_pop(DISTINCT f), stddev_samp(DISTINCT i) FROM t;
SELECT sum(DISTINCT i) FROM e;
-- ORDER BY inside other aggregates changes nothing.
SELECT sum(i ORDER BY i DESC), count(x ORDER BY x), max(x ORDER BY i) FROM t;
-- FILTER (WHERE ...) for every aggregate.
SELECT count(*) FILTER (WHERE i > 2), count(i) FILTER (WHERE v), sum(i) FILTER (WHERE g = 'a') FROM t;
SELECT avg(n) FILTER (WHERE n > 0), min(x) FILTER (WHERE x <> ''), max(f) FILTER (WHERE f < 50) FROM t;
SELECT g, count(*) FILTER (WHERE v), sum(b) FILTER (WHERE b > 0) FROM t GROUP BY g ORDER BY g;
SELECT string_agg(x, ',' ORDER BY x) FILTER (WHERE v) FROM t;
SELECT bool_or(v) FILTER (WHERE i > 3), bool_and(v) FILTER (WHERE i < 2) FROM t;
SELECT stddev(f) FILTER (WHERE g <> 'c'), var_pop(i) FILTER (WHERE i <= 4) FROM t;
SELECT count(DISTINCT i) FILTER (WHERE i > 1), sum(DISTINCT i) FILTER (WHERE g <> 'a') FROM t;
SELECT count(*) FILTER (WHERE false), sum(i) FILTER (WHERE NULL) FROM t;
SELECT count(*) FILTER (WHERE i > 2) FROM e;
SELECT g, count(*) FILTER (WHERE i > 100) FROM t GROUP BY g HAVING count(*) FILTER (WHERE v) > 0 ORDER BY g;
SELECT g FROM t GROUP BY g ORDER BY sum(i) FILTER (WHERE v) DESC NULLS LAST, g;
SELECT sum(i) FILTER (WHERE v) + count(*) FILTER (WHERE NOT v) FROM t;
-- @error
SELECT count(*) FILTER (WHERE i) FROM t;
-- @error
SELECT sum(i) FILTER (WHERE count(*) > 1) FROM t;
-- @error
SELECT lower(x) FILTER (WHERE v) FROM t;
-- @error
SELECT lower(x ORDER BY x) FROM t;
-- @error
SELECT i FROM t WHERE bool_and(v);
-- Window aggregates: the new aggregates and FILTER over frames.
SELECT g, i, string_agg(x, ',') OVER (PARTITION BY g ORDER BY i, x) FROM t ORDER BY g, i, x;
SELECT g, i, bool_and(v) OVER (PARTITION BY g ORDER BY i, x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) FROM t ORDER BY g, i, x;
SELECT i, stddev_samp(f) OVER (ORDER BY i, x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t ORDER BY i, x;
-- @known
SELECT i, var_pop(i) OVER (ORDER BY i, x ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t ORDER BY i, x;
SELECT i, count(*) FILTER (WHERE v) OVER (ORDER BY i, x), sum(i) FILTER (WHERE g <> 'a') OVER (ORDER BY i, x) FROM t ORDER BY i, x;
SELECT g, i, max(x) FILTER (WHERE v) OVER (PARTITION BY g) FROM t ORDER BY g, i, x;
-- @error
SELECT row_number() FILTER (WHERE v) OVER () FROM t;
-- @error
SELECT count(DISTINCT i) OVER () FROM t;
-- @error
SELECT string_agg(x, ',' ORDER BY x) OVER () FROM t;
