-- INSERT VALUES and INSERT SELECT: column lists, omitted columns as NULL,
-- assignment casts (rounding, widening, text), multi-row, self inserts,
-- generated data, and errors.
CREATE TABLE t (a integer, b text, c numeric(6,2), d date, e bigint, f double precision, g boolean);
INSERT INTO t VALUES (1, 'one', 1.5, '2024-01-01', 10, 0.5, true);
INSERT INTO t (a, b) VALUES (2, 'two');
INSERT INTO t (b, a) VALUES ('three', 3);
INSERT INTO t (a) VALUES (4), (5), (6);
INSERT INTO t VALUES (7, NULL, NULL, NULL, NULL, NULL, NULL);
SELECT * FROM t;
SELECT count(*), count(b), count(c) FROM t;
INSERT INTO t (a, c) VALUES (8, 1.005), (9, 2.994), (10, -1.555), (11, 12);
SELECT a, c FROM t WHERE a >= 8;
INSERT INTO t (a, e, f) VALUES (12, 2147483648, 1), (13, 7, 3);
SELECT a, e, f FROM t WHERE a >= 12;
INSERT INTO t (a, b) VALUES (14, 42), (15, 1.5);
SELECT a, b FROM t WHERE a >= 14;
INSERT INTO t (a, d) VALUES (16, '2024-02-29'), (17, DATE '1999-12-31');
SELECT a, d FROM t WHERE a >= 16;
INSERT INTO t (a, g) VALUES (18, 'true'), (19, 'f'), (20, 't');
SELECT a, g FROM t WHERE a >= 18;
INSERT INTO t (a, c) VALUES (21, '3.14159');
SELECT a, c FROM t WHERE a = 21;
INSERT INTO t (a, f) VALUES (22, 1.25), (23, '2.5');
SELECT a, f FROM t WHERE a >= 22;
INSERT INTO t (a) VALUES (1 + 23), (5 * 5), (abs(-26));
SELECT a FROM t WHERE a > 23;
INSERT INTO t (a, b) VALUES (27, 'x' || 'y'), (28, upper('abc')), (29, NULL::text);
SELECT a, b FROM t WHERE a > 26;
SELECT count(*) FROM t;
CREATE TABLE copy_t (a integer, b text);
INSERT INTO copy_t SELECT a, b FROM t WHERE b IS NOT NULL;
SELECT a, b FROM copy_t;
INSERT INTO copy_t (b, a) SELECT upper(b), a + 100 FROM copy_t WHERE a < 3;
SELECT a, b FROM copy_t WHERE a > 100;
INSERT INTO copy_t SELECT a * 1000, b FROM copy_t;
SELECT count(*), min(a), max(a) FROM copy_t;
INSERT INTO copy_t (a) SELECT count(*) FROM t;
SELECT a, b FROM copy_t WHERE b IS NULL;
INSERT INTO copy_t SELECT 1, 'never' FROM t WHERE false;
SELECT count(*) FROM copy_t WHERE b = 'never';
CREATE TABLE agg_t (k text, total numeric(12,2), n bigint);
INSERT INTO agg_t SELECT b, sum(c), count(*) FROM t GROUP BY b;
SELECT k, total, n FROM agg_t;
CREATE TABLE wide (s smallint, i integer, b bigint, n numeric(8,1), r real, d double precision);
INSERT INTO wide SELECT a, a, a, a, a, a FROM t WHERE a < 5;
SELECT s, i, b, n, r, d FROM wide;
INSERT INTO wide (n, r, d) VALUES (1.25, 1.25, 1.25), (1.35, 0.1, 0.1);
SELECT n, r, d FROM wide WHERE n IS NOT NULL AND s IS NULL;
INSERT INTO wide (s, i) SELECT i, s FROM wide WHERE s IS NOT NULL;
SELECT count(*) FROM wide;
CREATE TABLE digits (d integer);
INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
CREATE TABLE gen (n integer, sq bigint, label text, half numeric(10,1), day date);
INSERT INTO gen SELECT a.d * 100 + b.d * 10 + c.d, (a.d * 100 + b.d * 10 + c.d) * (a.d * 100 + b.d * 10 + c.d), 'n' || (a.d * 100 + b.d * 10 + c.d), (a.d * 100 + b.d * 10 + c.d) / 2.0, DATE '2024-01-01' + (a.d * 100 + b.d * 10 + c.d) FROM digits a, digits b, digits c;
SELECT count(*), sum(n), sum(sq), min(label), max(label) FROM gen;
SELECT n, sq, label, half, day FROM gen WHERE n IN (0, 1, 499, 999);
SELECT sum(half), max(day), min(day) FROM gen;
SELECT n % 10, count(*), sum(n) FROM gen GROUP BY 1;
SELECT date_trunc('month', day), count(*) FROM gen GROUP BY 1;
SELECT count(*) FROM gen WHERE label LIKE 'n9%';
SELECT n FROM gen WHERE sq BETWEEN 250000 AND 252004 ORDER BY n;
INSERT INTO gen SELECT n + 1000, sq, label, half, day FROM gen;
SELECT count(*), max(n) FROM gen;
SELECT count(DISTINCT label), count(DISTINCT n) FROM gen;
-- @error
INSERT INTO t (a, nosuch) VALUES (1, 2);
-- @error
INSERT INTO nosuch VALUES (1);
-- @error
INSERT INTO t (a, b) VALUES (1);
-- @error
INSERT INTO t (a) VALUES (1, 2);
-- @error
INSERT INTO t (a) VALUES ('abc');
-- @error
INSERT INTO t (d) VALUES ('2024-02-30');
-- @error
INSERT INTO t (c) VALUES (12345.67);
-- @error
INSERT INTO t (g) VALUES (1.5);
-- @error
INSERT INTO t (g) VALUES ('maybe');
-- @error
INSERT INTO t (d) VALUES (5);
-- @error
INSERT INTO t (a) VALUES (3000000000);
-- @error
INSERT INTO t (a) SELECT b FROM t;
-- @error
INSERT INTO t (a, a) VALUES (1, 2);
-- @error
INSERT INTO copy_t SELECT a FROM t, copy_t;
CREATE TABLE vc (v varchar(3));
INSERT INTO vc VALUES ('abc'), ('ab'), ('');
INSERT INTO vc VALUES ('abc   ');
SELECT '[' || v || ']' FROM vc;
-- @error
INSERT INTO vc VALUES ('abcd');
INSERT INTO vc VALUES ('abcd'::varchar(3));
SELECT v, length(v) FROM vc;
SELECT count(*) FROM t;
