-- count, count(DISTINCT), sum, avg, min, max over every type: result types,
-- NULLs ignored, empty inputs (count 0, others NULL).
CREATE TABLE t (i integer, s smallint, b bigint, n numeric(10,3), f double precision, r real, x text, d date, ts timestamp, v boolean, g text);
INSERT INTO t VALUES
 (1, 1, 1000000000000, 1.125, 0.5, 1.5, 'pear', '2024-01-01', '2024-01-01 10:00:00', true, 'a'),
 (2, 2, 2000000000000, 2.250, 1.25, 2.5, 'apple', '2024-02-29', '2024-02-29 23:59:59', false, 'a'),
 (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'b'),
 (4, 4, -3000000000000, -0.375, -2.0, 0.25, 'zebra', '1999-12-31', '1999-12-31 00:00:01', true, 'b'),
 (NULL, 5, 5, 10.000, 100.0, -1.0, 'Mango', '2030-06-15', '2030-06-15 12:30:45.5', true, 'c'),
 (6, 6, 6, 0.001, 0.125, 8.0, '', '2024-01-01', '2024-01-01 10:00:00', false, 'c');
CREATE TABLE e (i integer, n numeric(5,2), x text);
SELECT count(*) FROM t;
SELECT count(i), count(s), count(b), count(n), count(f), count(x), count(d), count(v) FROM t;
SELECT count(1), count(NULL), count('a') FROM t;
SELECT sum(i), sum(s), sum(b) FROM t;
SELECT sum(n), sum(f), sum(r) FROM t;
SELECT min(i), max(i), min(s), max(s), min(b), max(b) FROM t;
SELECT min(n), max(n), min(f), max(f), min(r), max(r) FROM t;
SELECT min(x), max(x), min(d), max(d), min(ts), max(ts) FROM t;
-- @error
SELECT min(v), max(v) FROM t;
SELECT avg(i) FROM t;
SELECT avg(s) FROM t;
SELECT avg(f), avg(r) FROM t;
SELECT avg(b) FROM t;
SELECT avg(n) FROM t;
SELECT count(DISTINCT i), count(DISTINCT d), count(DISTINCT ts), count(DISTINCT v) FROM t;
SELECT count(*), sum(i), avg(i), min(i), max(i) FROM e;
SELECT count(n), sum(n), min(n), max(n), min(x), max(x) FROM e;
SELECT count(*), sum(i) FROM t WHERE i > 100;
SELECT g, count(*), count(i), sum(i), min(x), max(x) FROM t GROUP BY g;
SELECT g, sum(n), min(n), max(n) FROM t GROUP BY g;
SELECT g, sum(f), max(f) FROM t GROUP BY g;
SELECT g, min(d), max(ts) FROM t GROUP BY g;
SELECT sum(i) + sum(s), sum(i * 2), sum(i) * 2 FROM t;
SELECT sum(i) / count(i) FROM t;
SELECT max(i) - min(i), max(d) - min(d) FROM t;
SELECT sum(n * 2), sum(n) * 2, sum(n + i) FROM t;
SELECT sum(CASE WHEN v THEN 1 ELSE 0 END), count(CASE WHEN v THEN 1 END) FROM t;
SELECT sum(coalesce(i, 100)) FROM t;
SELECT min(length(x)), max(length(x)), sum(length(x)) FROM t;
SELECT max(upper(x)), min(lower(x)) FROM t;
SELECT sum(i)::numeric(10,1), max(n)::integer FROM t;
SELECT count(*) * 1.5 FROM t;
SELECT sum(s) FROM t WHERE s IS NULL;
SELECT max(x) FROM t WHERE x < 'b';
SELECT min(x) FROM t WHERE x <> '';
SELECT sum(b) FROM t WHERE b > 0;
SELECT sum(f) FROM t WHERE f > 0;
SELECT min(i), max(i) FROM t WHERE i BETWEEN 2 AND 4;
SELECT count(*) FROM t a, t b;
SELECT count(*), sum(a.i * b.i) FROM t a, t b;
SELECT a.g, count(*), sum(b.i) FROM t a, t b WHERE a.g = b.g GROUP BY a.g;
CREATE TABLE m (k integer, v integer);
INSERT INTO m SELECT a.i, a.i * 1000 + b.i * 10 + c.i FROM t a, t b, t c WHERE a.i IS NOT NULL AND b.i IS NOT NULL AND c.i IS NOT NULL;
SELECT count(*), sum(v), min(v), max(v), count(DISTINCT v) FROM m;
SELECT k, count(*), sum(v), min(v), max(v) FROM m GROUP BY k;
SELECT sum(v) FROM m WHERE v % 2 = 0;
CREATE TABLE w (i integer, bi bigint);
INSERT INTO w VALUES (2147483647, 9223372036854775807), (2147483647, 9223372036854775807), (1, 1);
SELECT sum(i), sum(bi), min(bi), max(i) FROM w;
SELECT sum(i::bigint), sum(i) * 2 FROM w;
-- @known
SELECT avg(i) FROM w WHERE i = 2147483647;
-- Each aggregate over each column, grouped and filtered.
SELECT g, count(i) FROM t GROUP BY g;
SELECT g, count(s) FROM t GROUP BY g;
SELECT g, count(b) FROM t GROUP BY g;
SELECT g, count(n) FROM t GROUP BY g;
SELECT g, count(f) FROM t GROUP BY g;
SELECT g, count(r) FROM t GROUP BY g;
SELECT g, count(x) FROM t GROUP BY g;
SELECT g, count(d) FROM t GROUP BY g;
SELECT g, count(ts) FROM t GROUP BY g;
SELECT g, count(v) FROM t GROUP BY g;
SELECT g, min(i) FROM t GROUP BY g;
SELECT min(i) FROM t WHERE i > 1;
SELECT g, min(s) FROM t GROUP BY g;
SELECT min(s) FROM t WHERE i > 1;
SELECT g, min(b) FROM t GROUP BY g;
SELECT min(b) FROM t WHERE i > 1;
SELECT g, min(n) FROM t GROUP BY g;
SELECT min(n) FROM t WHERE i > 1;
SELECT g, min(f) FROM t GROUP BY g;
SELECT min(f) FROM t WHERE i > 1;
SELECT g, min(r) FROM t GROUP BY g;
SELECT min(r) FROM t WHERE i > 1;
SELECT g, min(x) FROM t GROUP BY g;
SELECT min(x) FROM t WHERE i > 1;
SELECT g, min(d) FROM t GROUP BY g;
SELECT min(d) FROM t WHERE i > 1;
SELECT g, min(ts) FROM t GROUP BY g;
SELECT min(ts) FROM t WHERE i > 1;
SELECT g, max(i) FROM t GROUP BY g;
SELECT max(i) FROM t WHERE i > 1;
SELECT g, max(s) FROM t GROUP BY g;
SELECT max(s) FROM t WHERE i > 1;
SELECT g, max(b) FROM t GROUP BY g;
SELECT max(b) FROM t WHERE i > 1;
SELECT g, max(n) FROM t GROUP BY g;
SELECT max(n) FROM t WHERE i > 1;
SELECT g, max(f) FROM t GROUP BY g;
SELECT max(f) FROM t WHERE i > 1;
SELECT g, max(r) FROM t GROUP BY g;
SELECT max(r) FROM t WHERE i > 1;
SELECT g, max(x) FROM t GROUP BY g;
SELECT max(x) FROM t WHERE i > 1;
SELECT g, max(d) FROM t GROUP BY g;
SELECT max(d) FROM t WHERE i > 1;
SELECT g, max(ts) FROM t GROUP BY g;
SELECT max(ts) FROM t WHERE i > 1;
SELECT g, sum(i) FROM t GROUP BY g;
SELECT sum(i) FROM t WHERE i > 1;
SELECT g, sum(s) FROM t GROUP BY g;
SELECT sum(s) FROM t WHERE i > 1;
SELECT g, sum(b) FROM t GROUP BY g;
SELECT sum(b) FROM t WHERE i > 1;
SELECT g, sum(n) FROM t GROUP BY g;
SELECT sum(n) FROM t WHERE i > 1;
SELECT g, sum(f) FROM t GROUP BY g;
SELECT sum(f) FROM t WHERE i > 1;
SELECT g, sum(r) FROM t GROUP BY g;
SELECT sum(r) FROM t WHERE i > 1;
SELECT g, count(DISTINCT i) FROM t GROUP BY g;
SELECT g, count(DISTINCT x) FROM t GROUP BY g;
SELECT g, count(DISTINCT d) FROM t GROUP BY g;
SELECT g, count(DISTINCT g) FROM t GROUP BY g;
-- @error
SELECT sum(x) FROM t;
-- @error
SELECT avg(d) FROM t;
-- @error
SELECT sum(v) FROM t;
-- @error
SELECT nosuchagg(i) FROM t;
-- @error
SELECT i, count(*) FROM t;
-- @error
SELECT sum(count(*)) FROM t;
