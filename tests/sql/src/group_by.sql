-- GROUP BY: single and multiple keys, NULL keys form one group, expressions,
-- output positions and names, groups over every key type.
CREATE TABLE sales (id integer, region text, product text, qty integer, price numeric(8,2), sold date, rep text, big bigint, ratio double precision, flag boolean);
INSERT INTO sales VALUES
 (1, 'east', 'apple', 10, 1.50, '2024-01-01', 'ann', 100, 0.5, true),
 (2, 'east', 'pear', 5, 2.25, '2024-01-01', 'bo', 200, 0.25, false),
 (3, 'west', 'apple', 7, 1.50, '2024-01-02', 'cy', 300, 0.75, true),
 (4, 'west', 'apple', 3, 1.75, '2024-01-03', 'ann', NULL, NULL, NULL),
 (5, 'north', 'plum', 12, 3.00, '2024-02-01', 'bo', 500, 1.5, false),
 (6, NULL, 'apple', 4, 1.50, '2024-02-02', NULL, 600, 0.5, true),
 (7, 'east', NULL, NULL, NULL, '2024-02-03', 'cy', 700, 2.0, true),
 (8, 'west', 'pear', 9, 2.00, NULL, 'ann', 800, 0.125, false),
 (9, NULL, NULL, 1, 0.99, '2024-03-01', 'dee', 900, 3.0, NULL),
 (10, 'east', 'apple', 2, 1.60, '2024-03-02', 'ann', 1000, 0.5, true);
SELECT region, count(*) FROM sales GROUP BY region;
SELECT region, sum(qty) FROM sales GROUP BY region;
SELECT product, count(*), count(qty) FROM sales GROUP BY product;
SELECT region, product, count(*) FROM sales GROUP BY region, product;
SELECT region, product, sum(qty), min(price), max(price) FROM sales GROUP BY product, region;
SELECT region, count(*) FROM sales GROUP BY 1;
SELECT region AS r, count(*) AS n FROM sales GROUP BY r;
SELECT region, product, count(*) FROM sales GROUP BY 1, 2;
SELECT count(*) FROM sales GROUP BY region;
SELECT sum(qty) FROM sales GROUP BY product;
-- @known
SELECT rep, avg(qty) FROM sales GROUP BY rep;
SELECT rep, sum(price * qty) FROM sales GROUP BY rep;
SELECT sold, count(*) FROM sales GROUP BY sold;
SELECT flag, count(*), sum(qty) FROM sales GROUP BY flag;
SELECT ratio, count(*) FROM sales GROUP BY ratio;
SELECT price, count(*) FROM sales GROUP BY price;
SELECT big % 300, count(*) FROM sales GROUP BY big % 300;
SELECT qty % 2 AS parity, count(*) FROM sales GROUP BY parity;
SELECT qty > 5, count(*) FROM sales GROUP BY qty > 5;
SELECT upper(region), count(*) FROM sales GROUP BY upper(region);
SELECT coalesce(region, 'unknown'), sum(qty) FROM sales GROUP BY coalesce(region, 'unknown');
SELECT date_trunc('month', sold), count(*) FROM sales GROUP BY 1;
SELECT extract(month FROM sold) AS m, sum(qty) FROM sales GROUP BY m;
SELECT CASE WHEN qty >= 10 THEN 'big' WHEN qty >= 5 THEN 'mid' ELSE 'small' END AS size, count(*) FROM sales GROUP BY 1;
SELECT region, count(DISTINCT product) FROM sales GROUP BY region;
SELECT product, count(DISTINCT region), count(DISTINCT rep) FROM sales GROUP BY product;
SELECT region, min(sold), max(sold) FROM sales GROUP BY region;
SELECT region, min(rep), max(rep) FROM sales GROUP BY region;
SELECT region, sum(big), avg(big) FROM sales GROUP BY region;
SELECT region, sum(ratio), min(ratio), max(ratio) FROM sales GROUP BY region;
-- @known
SELECT region, avg(price) FROM sales GROUP BY region;
SELECT region, sum(qty) FROM sales WHERE qty > 3 GROUP BY region;
SELECT region, sum(qty) FROM sales WHERE qty > 100 GROUP BY region;
SELECT region, sum(qty) AS total FROM sales GROUP BY region ORDER BY total DESC NULLS LAST;
SELECT region, count(*) FROM sales GROUP BY region ORDER BY region NULLS FIRST;
SELECT region, product, sum(qty) FROM sales GROUP BY region, product ORDER BY 1, 2;
SELECT region, count(*) FROM sales GROUP BY region ORDER BY count(*) DESC, region LIMIT 2;
SELECT region FROM sales GROUP BY region;
SELECT region, product FROM sales GROUP BY region, product;
SELECT region, sum(qty) + 1, sum(qty) * 2 FROM sales GROUP BY region;
SELECT region, sum(qty) / count(*) FROM sales GROUP BY region;
SELECT region, max(qty) - min(qty) FROM sales GROUP BY region;
SELECT region || '-' || coalesce(product, '?') AS k, count(*) FROM sales GROUP BY region, product;
SELECT length(rep), count(*) FROM sales GROUP BY length(rep);
SELECT flag, region, count(*) FROM sales GROUP BY flag, region;
SELECT sold - DATE '2024-01-01' AS days, count(*) FROM sales GROUP BY 1;
SELECT id / 4, sum(qty) FROM sales GROUP BY id / 4;
SELECT region, sum(qty), count(*), avg(qty), min(qty), max(qty) FROM sales GROUP BY region;
SELECT count(*) FROM sales WHERE false GROUP BY region;
SELECT 1 FROM sales GROUP BY region;
SELECT region, 'x' FROM sales GROUP BY region;
-- @error
SELECT region, qty FROM sales GROUP BY region;
-- @error
SELECT region, count(*) FROM sales GROUP BY 3;
-- @error
SELECT product FROM sales GROUP BY region;
CREATE TABLE nums (g integer, v integer);
INSERT INTO nums SELECT a.id % 7, a.id * b.id FROM sales a, sales b;
SELECT count(*) FROM nums;
SELECT g, count(*), sum(v), min(v), max(v) FROM nums GROUP BY g;
SELECT g, avg(v) FROM nums GROUP BY g;
SELECT v % 10, count(*) FROM nums GROUP BY 1;
SELECT g, count(DISTINCT v) FROM nums GROUP BY g;
SELECT count(DISTINCT v) FROM nums;
