-- generate_series in FROM: integer, bigint and timestamp series, steps up
-- and down, empty and NULL-bounded series, a series per row of the FROM
-- items to its left (LATERAL), per row of an enclosing query (a correlated
-- subquery), a calendar spine joined to facts, and bad arguments.
CREATE TABLE sales (day date, region text, amount integer);
INSERT INTO sales VALUES ('2024-01-01', 'EMEA', 10), ('2024-01-01', 'APAC', 5), ('2024-01-03', 'EMEA', 7), ('2024-01-06', 'AMER', 3), ('2024-01-06', 'EMEA', 1);
CREATE TABLE spans (id integer, lo integer, hi integer, step integer);
INSERT INTO spans VALUES (1, 1, 3, 1), (2, 5, 1, -2), (3, 4, 4, 1), (4, 3, 1, 1), (5, NULL, 3, 1), (6, 1, 10, 4);
SELECT * FROM generate_series(1, 5);
SELECT s FROM generate_series(10, 1, -3) s;
SELECT x FROM generate_series(1, 0) AS t(x);
SELECT count(*), sum(g), min(g), max(g) FROM generate_series(1, 100000) g;
SELECT g FROM generate_series(9223372036854775805, 9223372036854775807) g;
SELECT g FROM generate_series(2147483645, 2147483647, 2) g;
SELECT count(*) FROM generate_series(1, NULL) g;
SELECT g FROM pg_catalog.generate_series(CAST(3 AS bigint), 1, -1) g;
SELECT * FROM generate_series(TIMESTAMP '2024-01-30 00:00:00', TIMESTAMP '2024-05-01 00:00:00', INTERVAL '1 month');
SELECT * FROM generate_series(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-01 02:00:00', INTERVAL '45 minutes');
SELECT * FROM generate_series(TIMESTAMP '2024-01-03 00:00:00', TIMESTAMP '2024-01-01 00:00:00', INTERVAL '-1 day');
-- a series per row to its left
SELECT sp.id, g FROM spans sp, generate_series(sp.lo, sp.hi, sp.step) g ORDER BY sp.id, g;
SELECT sp.id, count(*) FROM spans sp, generate_series(1, sp.hi) g GROUP BY sp.id ORDER BY sp.id;
SELECT a, b FROM generate_series(1, 3) a, generate_series(a, 3) b ORDER BY a, b;
-- a series per row of an enclosing query
SELECT sp.id, (SELECT sum(g) FROM generate_series(sp.lo, sp.hi) g) FROM spans sp ORDER BY sp.id;
SELECT sp.id, (SELECT count(*) FROM generate_series(sp.lo, sp.hi) g, spans o WHERE o.id = g) FROM spans sp ORDER BY sp.id;
SELECT sp.id FROM spans sp WHERE EXISTS (SELECT 1 FROM generate_series(sp.lo, sp.hi) g WHERE g = 4) ORDER BY sp.id;
-- a calendar spine: every day, with or without sales
SELECT CAST(d AS date), coalesce(sum(s.amount), 0) FROM generate_series(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-07 00:00:00', INTERVAL '1 day') d LEFT JOIN sales s ON s.day = d GROUP BY d ORDER BY d;
-- bad arguments
-- @error
SELECT * FROM generate_series(1, 5, 0);
-- @error
SELECT * FROM generate_series(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-01-02 00:00:00', INTERVAL '0 days');
-- @error
SELECT * FROM generate_series('a', 'b', 'c');
-- @error
SELECT * FROM generate_series(1);
-- @error
SELECT * FROM generate_series(1, 3) AS t(a, b);
