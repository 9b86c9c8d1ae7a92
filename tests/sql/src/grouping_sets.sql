-- GROUP BY ROLLUP, CUBE, GROUPING SETS and (), mixed with plain GROUP BY
-- items, and GROUPING(...): columns outside a row's set are NULL.
CREATE TABLE s (region text, city text, year integer, qty integer, price numeric(8,2));
INSERT INTO s VALUES
 ('east', 'boston', 2023, 10, 1.50),
 ('east', 'boston', 2024, 5, 2.00),
 ('east', 'nyc', 2023, 7, 3.25),
 ('east', 'nyc', 2024, NULL, 1.00),
 ('west', 'la', 2023, 3, 4.00),
 ('west', 'sf', 2024, 8, NULL),
 ('west', NULL, 2024, 2, 0.50),
 (NULL, 'nowhere', 2023, 1, 1.00);
CREATE TABLE empty (region text, city text, qty integer);
SELECT region, sum(qty) FROM s GROUP BY ROLLUP (region) ORDER BY region NULLS LAST;
SELECT region, city, sum(qty), count(*) FROM s GROUP BY ROLLUP (region, city) ORDER BY region, city, 4;
SELECT region, city, sum(qty) FROM s GROUP BY CUBE (region, city) ORDER BY region, city, 3;
SELECT region, year, count(*) FROM s GROUP BY GROUPING SETS ((region), (year)) ORDER BY region, year;
SELECT region, year, count(*) FROM s GROUP BY GROUPING SETS ((region, year), ()) ORDER BY region, year;
SELECT region, city, year, sum(qty) FROM s GROUP BY region, ROLLUP (city, year) ORDER BY region, city, year, 4;
SELECT region, year, sum(qty) FROM s GROUP BY ROLLUP (region), CUBE (year) ORDER BY region, year, 3;
SELECT region, city, count(*) FROM s GROUP BY ROLLUP ((region, city)) ORDER BY region, city;
SELECT region, city, year, count(*) FROM s GROUP BY CUBE ((region, city), year) ORDER BY region, city, year;
SELECT region, year, count(*) FROM s GROUP BY GROUPING SETS (region, ROLLUP (year), ()) ORDER BY region, year, 3;
SELECT region, count(*) FROM s GROUP BY GROUPING SETS ((region), (region)) ORDER BY region;
SELECT region, count(*) FROM s GROUP BY DISTINCT GROUPING SETS ((region), (region)) ORDER BY region;
SELECT region, city, count(*) FROM s GROUP BY DISTINCT ROLLUP (region, city), region ORDER BY region, city, 3;
SELECT count(*), sum(qty) FROM s GROUP BY ();
SELECT count(*) FROM s GROUP BY GROUPING SETS ((), ());
SELECT region, count(*) FROM s GROUP BY GROUPING SETS (region, ()) ORDER BY region;
-- NULLs in the data group apart from the NULLs of rolled-up columns.
SELECT region, city, count(*), grouping(region, city) FROM s GROUP BY ROLLUP (region, city) ORDER BY region, city, 4;
SELECT city, grouping(city), count(*) FROM s GROUP BY ROLLUP (city) ORDER BY city, 2;
-- GROUPING: a bit per argument, set when the argument is not grouped.
SELECT region, year, grouping(region), grouping(year), grouping(region, year), grouping(year, region) FROM s GROUP BY CUBE (region, year) ORDER BY 5, region, year;
SELECT region, grouping(region) FROM s GROUP BY region ORDER BY region;
SELECT CASE WHEN grouping(region) = 1 THEN 'all' ELSE region END, sum(qty) FROM s GROUP BY ROLLUP (region) ORDER BY 1;
SELECT region, city, sum(qty) FROM s GROUP BY ROLLUP (region, city) HAVING grouping(city) = 1 ORDER BY region;
SELECT region, sum(qty) FROM s GROUP BY ROLLUP (region) HAVING sum(qty) > 10 ORDER BY region;
SELECT region, city, sum(qty) FROM s GROUP BY ROLLUP (region, city) ORDER BY grouping(region, city), region, city;
SELECT grouping(region) + grouping(city) AS level, count(*) FROM s GROUP BY CUBE (region, city) ORDER BY level, 2;
-- Aggregates of every kind over the sets.
SELECT region, min(price), max(price), sum(qty), count(DISTINCT year) FROM s GROUP BY ROLLUP (region) ORDER BY region, 4;
SELECT year, string_agg(city, ',' ORDER BY city), bool_or(qty > 5) FROM s GROUP BY ROLLUP (year) ORDER BY year;
SELECT region, sum(qty) FILTER (WHERE year = 2024), count(*) FILTER (WHERE price > 1) FROM s GROUP BY CUBE (region) ORDER BY region;
SELECT region, year, sum(price * qty) FROM s GROUP BY GROUPING SETS ((region), (year), (region, year)) ORDER BY region, year;
-- Expressions and positions as grouping columns.
SELECT upper(region), year % 2, count(*) FROM s GROUP BY ROLLUP (upper(region), year % 2) ORDER BY 1, 2;
SELECT region, year, count(*) FROM s GROUP BY ROLLUP (1, 2) ORDER BY 1, 2, 3;
SELECT region AS r, count(*) FROM s GROUP BY ROLLUP (r) ORDER BY r;
SELECT region || '!', count(*) FROM s GROUP BY ROLLUP (region) ORDER BY 1;
SELECT coalesce(region, '(all)'), sum(qty) FROM s GROUP BY ROLLUP (region) ORDER BY 1;
SELECT region, city, sum(qty) FROM s WHERE year = 2023 GROUP BY ROLLUP (region, city) ORDER BY region, city, 3;
SELECT region, city, grouping(region), grouping(city) FROM s GROUP BY GROUPING SETS ((region), (city), ()) ORDER BY 3, 4, region, city;
SELECT year, count(*), sum(qty) FROM s GROUP BY ROLLUP (year) HAVING grouping(year) = 0 ORDER BY year;
SELECT region, count(*) FROM s GROUP BY GROUPING SETS (ROLLUP (region), CUBE (region)) ORDER BY region, 2;
SELECT a.region, count(*) FROM s a JOIN s b ON a.city = b.city GROUP BY ROLLUP (a.region) ORDER BY 1, 2;
SELECT region, year, sum(qty) FROM s GROUP BY GROUPING SETS (region, year) HAVING grouping(region) = 0 OR sum(qty) > 10 ORDER BY region, year, 3;
SELECT region, city, count(*) FROM s GROUP BY GROUPING SETS ((region, city), (city, region)) ORDER BY region, city, 3;
-- Empty input: only the sets without columns give a row.
SELECT region, count(*), sum(qty) FROM empty GROUP BY ROLLUP (region);
SELECT region, city, count(*) FROM empty GROUP BY CUBE (region, city);
SELECT region, count(*) FROM empty GROUP BY GROUPING SETS ((region));
SELECT count(*) FROM empty GROUP BY ();
SELECT region, count(*) FROM empty GROUP BY GROUPING SETS ((), (region), ());
-- Subqueries, DISTINCT, LIMIT and window functions over grouped rows.
SELECT * FROM (SELECT region, sum(qty) AS total FROM s GROUP BY ROLLUP (region)) q WHERE total > 12 ORDER BY region;
SELECT DISTINCT grouping(region, city) FROM s GROUP BY CUBE (region, city) ORDER BY 1;
SELECT region, city, sum(qty) FROM s GROUP BY ROLLUP (region, city) ORDER BY region, city LIMIT 3;
SELECT region, sum(qty), rank() OVER (ORDER BY sum(qty) DESC) FROM s GROUP BY ROLLUP (region) ORDER BY 3, region;
SELECT region, city, sum(sum(qty)) OVER (PARTITION BY grouping(city) ORDER BY region, city) FROM s GROUP BY ROLLUP (region, city) ORDER BY grouping(city), region, city;
SELECT count(*) FROM (SELECT region, city FROM s GROUP BY CUBE (region, city, year)) q;
WITH c AS (SELECT region, year, sum(qty) AS q FROM s GROUP BY CUBE (region, year)) SELECT count(*), sum(q) FROM c WHERE region IS NULL;
-- Errors.
-- @error
SELECT region, city, count(*) FROM s GROUP BY ROLLUP (region);
-- @error
SELECT grouping(city) FROM s GROUP BY ROLLUP (region);
-- @error
SELECT region FROM s WHERE grouping(region) = 0 GROUP BY ROLLUP (region);
-- @error
SELECT grouping(region) FROM s;
-- @error
SELECT sum(grouping(region)) FROM s GROUP BY region;
-- @error
SELECT region FROM s GROUP BY ROLLUP (region, nothere);
-- @error
SELECT region FROM s GROUP BY ROLLUP (sum(qty));
-- @error
SELECT region FROM s GROUP BY ROLLUP (5);
-- @error
SELECT 1 FROM s GROUP BY CUBE (region, city, year, qty, price, region, city, year, qty, price, region, city, year);
-- Named windows: WINDOW w AS (...), OVER w, OVER (w ...).
SELECT city, qty, sum(qty) OVER w, rank() OVER w FROM s WHERE city IS NOT NULL WINDOW w AS (PARTITION BY region ORDER BY qty) ORDER BY region, qty, city;
SELECT city, qty, row_number() OVER w FROM s WINDOW w AS (ORDER BY city, qty) ORDER BY city, qty;
SELECT city, qty, sum(qty) OVER (w ORDER BY city) FROM s WINDOW w AS (PARTITION BY region) ORDER BY region, city;
SELECT city, qty, sum(qty) OVER (w ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM s WINDOW w AS (ORDER BY city, qty) ORDER BY city, qty;
SELECT city, qty, count(*) OVER w1, sum(qty) OVER w2 FROM s WINDOW w1 AS (PARTITION BY region), w2 AS (w1 ORDER BY city) ORDER BY region, city;
SELECT city, first_value(city) OVER w, last_value(city) OVER w FROM s WINDOW w AS (PARTITION BY region ORDER BY city ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) ORDER BY region, city;
SELECT region, sum(qty), rank() OVER w FROM s GROUP BY region WINDOW w AS (ORDER BY sum(qty) DESC) ORDER BY 3, region;
SELECT city FROM s WINDOW unused AS (ORDER BY city) ORDER BY city;
SELECT city, qty, sum(qty) OVER w3 FROM s WINDOW w1 AS (PARTITION BY region), w2 AS (w1 ORDER BY city, qty), w3 AS (w2 ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) ORDER BY region, city, qty;
SELECT city, qty, row_number() OVER (w2) FROM s WINDOW w1 AS (PARTITION BY region), w2 AS (w1 ORDER BY city, qty) ORDER BY region, city, qty;
SELECT city, qty FROM s WINDOW w AS (ORDER BY qty DESC NULLS LAST, city) ORDER BY row_number() OVER w;
SELECT region, city, string_agg(city, ',') OVER w, bool_or(qty > 6) OVER w FROM s WINDOW w AS (PARTITION BY region ORDER BY city ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) ORDER BY region, city;
-- @error
SELECT sum(qty) OVER w2 FROM s WINDOW w2 AS (w1 ORDER BY city), w1 AS (PARTITION BY region);
-- @error
SELECT sum(qty) OVER nowin FROM s;
-- @error
SELECT sum(qty) OVER (w PARTITION BY city) FROM s WINDOW w AS (PARTITION BY region);
-- @error
SELECT sum(qty) OVER (w ORDER BY qty) FROM s WINDOW w AS (ORDER BY city);
-- @error
SELECT sum(qty) OVER (w ORDER BY qty) FROM s WINDOW w AS (ORDER BY city ROWS 1 PRECEDING);
-- @error
SELECT sum(qty) OVER w FROM s WINDOW w AS (ORDER BY city), w AS (ORDER BY qty);
