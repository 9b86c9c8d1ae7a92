-- Hash join and GROUP BY keys of every layout: packed integer keys (one
-- smallint/integer/bigint, two integers, booleans), byte-encoded keys
-- (bigint with NULL as a group, text, numeric, double, mixed), NULL keys
-- that never join but group together, duplicate build keys, negative and
-- extreme values, and joins whose dimension filter prunes the fact side.
CREATE TABLE k (a smallint, b integer, c bigint, d boolean, t text, n numeric(10,2), f double precision, v integer);
INSERT INTO k VALUES
 (1, 10, 100, true, 'x', 1.50, 0.5, 1),
 (1, 10, 100, true, 'x', 1.50, 0.5, 2),
 (-1, -10, -9223372036854775808, false, 'y', -1.50, -0.0, 3),
 (NULL, 10, NULL, NULL, NULL, NULL, NULL, 4),
 (2, NULL, 9223372036854775807, true, '', 0.00, 0.0, 5),
 (2, 20, 200, false, 'xx', 2.25, 1e30, 6),
 (-32768, 2147483647, 0, NULL, 'x', 1.50, -1e30, 7),
 (32767, -2147483648, -1, true, 'y', NULL, 0.5, 8),
 (NULL, NULL, NULL, NULL, NULL, NULL, NULL, 9);
CREATE TABLE dim (b integer, c bigint, t text, label text);
INSERT INTO dim VALUES
 (10, 100, 'x', 'ten'), (10, 100, 'x', 'ten again'), (-10, -9223372036854775808, 'y', 'minus ten'),
 (20, 200, 'xx', 'twenty'), (NULL, NULL, NULL, 'null'), (2147483647, 0, '', 'max'), (30, 300, 'z', 'thirty');
SELECT a, count(*), sum(v) FROM k GROUP BY a;
SELECT b, count(*), sum(v) FROM k GROUP BY b;
SELECT c, count(*), sum(v) FROM k GROUP BY c;
SELECT d, count(*), sum(v) FROM k GROUP BY d;
SELECT a, b, count(*), sum(v) FROM k GROUP BY a, b;
SELECT a, d, count(*) FROM k GROUP BY a, d;
SELECT b, c, count(*) FROM k GROUP BY b, c;
SELECT t, count(*), sum(v) FROM k GROUP BY t;
SELECT n, count(*) FROM k GROUP BY n;
SELECT f, count(*) FROM k GROUP BY f;
SELECT b, t, n, count(*) FROM k GROUP BY b, t, n;
SELECT DISTINCT a, b FROM k;
SELECT k.v, dim.label FROM k JOIN dim ON k.b = dim.b;
SELECT k.v, dim.label FROM k JOIN dim ON k.c = dim.c;
SELECT k.v, dim.label FROM k JOIN dim ON k.t = dim.t;
SELECT k.v, dim.label FROM k JOIN dim ON k.b = dim.b AND k.c = dim.c;
SELECT k.v, dim.label FROM k JOIN dim ON k.b = dim.b AND k.t = dim.t;
SELECT k.v, dim.label FROM k LEFT JOIN dim ON k.b = dim.b;
SELECT k.v, dim.label FROM k LEFT JOIN dim ON k.t = dim.t AND k.c = dim.c;
SELECT dim.label, count(k.v) FROM dim LEFT JOIN k ON k.b = dim.b GROUP BY dim.label;
SELECT k.v, dim.label FROM k JOIN dim ON k.b = dim.b WHERE dim.label = 'twenty';
SELECT k.v, dim.label FROM k JOIN dim ON k.b = dim.b WHERE dim.label LIKE 't%';
SELECT k.v, dim.label FROM k JOIN dim ON k.b = dim.b WHERE dim.label = 'nothing';
SELECT count(*) FROM k JOIN dim ON k.c = dim.c WHERE dim.b > 0;
SELECT sum(k.v), dim.label FROM k, dim WHERE k.b = dim.b AND dim.t = 'x' GROUP BY dim.label;
