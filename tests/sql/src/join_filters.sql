-- Joins on one integer key looked up without hashing, and filters narrowed
-- conjunct by conjunct. A dimension with dense keys is read through an
-- array indexed by key offset; one with sparse keys in a moderate range
-- through a bitmap in front of the hash table; a key range too wide for
-- either falls back to hashing. Probe keys below, inside and above the
-- build range, NULL keys on both sides, duplicate build keys, smallint and
-- bigint keys at the ends of their ranges, and filters over NULLs and NaN.
CREATE TABLE digits (d integer);
INSERT INTO digits VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
CREATE TABLE dense (k integer, s smallint, label text);
INSERT INTO dense SELECT a.d * 10 + b.d + 1, CAST(a.d * 10 + b.d - 32768 AS smallint), 'd' || CAST(a.d * 10 + b.d + 1 AS text) FROM digits a, digits b WHERE a.d < 5;
INSERT INTO dense VALUES (7, 100, 'seven again'), (NULL, NULL, 'null key');
CREATE TABLE sparse (k integer, b bigint, label text);
INSERT INTO sparse SELECT (a.d * 100 + b.d * 10 + c.d) * 100 + 7, CAST(a.d * 100 + b.d * 10 + c.d AS bigint) * 1000 - 9223372036854775807, 's' || CAST(a.d * 100 + b.d * 10 + c.d AS text) FROM digits a, digits b, digits c;
CREATE TABLE wide (b bigint, label text);
INSERT INTO wide VALUES (-9223372036854775808, 'min'), (0, 'zero'), (9223372036854775807, 'max'), (123456789012, 'big');
CREATE TABLE fact (id integer, k integer, s smallint, b bigint, q integer, f double precision);
INSERT INTO fact SELECT a.d * 1000 + b.d * 100 + c.d * 10 + e.d, (a.d * 1000 + b.d * 100 + c.d * 10 + e.d) * 37 % 1100 - 20, CAST((a.d * 1000 + b.d * 100 + c.d * 10 + e.d) % 70 - 32768 AS smallint), CAST((a.d * 1000 + b.d * 100 + c.d * 10 + e.d) % 1200 AS bigint) * 1000 - 9223372036854775807, (a.d * 1000 + b.d * 100 + c.d * 10 + e.d) % 50, CAST((a.d * 1000 + b.d * 100 + c.d * 10 + e.d) % 7 AS double precision) / 2 FROM digits a, digits b, digits c, digits e;
INSERT INTO fact VALUES (10000, NULL, NULL, NULL, NULL, NULL), (10001, 7, -32768, -9223372036854775807, 3, 'NaN'), (10002, 107, 32767, 9223372036854775807, 60, '-Infinity');
SELECT count(*), sum(f.id) FROM fact f JOIN dense d ON f.k = d.k;
SELECT d.label, count(*), min(f.id), max(f.id) FROM fact f JOIN dense d ON f.k = d.k GROUP BY d.label;
SELECT f.id, d.label FROM fact f JOIN dense d ON f.k = d.k WHERE f.id < 200;
SELECT count(*), count(d.label), sum(f.id) FROM fact f LEFT JOIN dense d ON f.k = d.k;
SELECT f.id, d.label FROM fact f LEFT JOIN dense d ON f.k = d.k WHERE f.id >= 9990;
SELECT d.label, count(*) FROM fact f JOIN dense d ON f.s = d.s GROUP BY d.label;
SELECT count(*), sum(f.id) FROM fact f JOIN sparse s ON f.k * 100 + 7 = s.k;
SELECT s.label, count(*) FROM fact f JOIN sparse s ON f.k = s.k GROUP BY s.label;
SELECT count(*), sum(f.id), min(s.label), max(s.label) FROM fact f JOIN sparse s ON f.b = s.b;
SELECT f.id, s.label FROM fact f JOIN sparse s ON f.b = s.b WHERE f.id < 20 OR f.id > 10000;
SELECT f.id, w.label FROM fact f JOIN wide w ON f.b = w.b;
SELECT w.label, count(f.id) FROM wide w LEFT JOIN fact f ON f.b = w.b GROUP BY w.label;
SELECT count(*) FROM fact f JOIN dense d ON f.k = d.k JOIN sparse s ON f.b = s.b WHERE d.label <> 'd7' AND f.q < 25;
SELECT count(*), sum(id) FROM fact WHERE q > 5 AND q <= 30 AND k <> 7;
SELECT count(*), sum(id) FROM fact WHERE q >= 10 AND s < -32740 AND b > -9223372036854000000;
SELECT count(*), sum(id) FROM fact WHERE k = 107 AND q = 60;
SELECT count(*) FROM fact WHERE q < 0 AND k > 0;
SELECT id FROM fact WHERE f > 3 AND id > 9980;
SELECT id FROM fact WHERE f < 'NaN' AND id > 9995;
SELECT id FROM fact WHERE f = 'NaN';
SELECT id FROM fact WHERE f >= 'NaN';
SELECT count(*) FROM fact WHERE f <> 1.5 AND f > 0;
SELECT count(*) FROM fact WHERE NOT (q > 5) AND q IS NOT NULL;
SELECT count(*) FROM fact WHERE k > 100 AND (q < 3 OR q IS NULL);
