-- HAVING: filters on aggregates, on grouping keys, on aggregates not in the
-- select list, with and without GROUP BY.
CREATE TABLE orders (id integer, customer text, status text, amount numeric(10,2), items integer, placed date);
INSERT INTO orders VALUES
 (1, 'acme', 'open', 100.00, 3, '2024-01-05'),
 (2, 'acme', 'closed', 250.50, 5, '2024-01-06'),
 (3, 'acme', 'closed', 75.25, 1, '2024-02-01'),
 (4, 'bolt', 'open', 500.00, 10, '2024-02-02'),
 (5, 'bolt', 'open', NULL, 2, '2024-02-03'),
 (6, 'core', 'closed', 20.00, 1, '2024-03-01'),
 (7, 'dyne', 'open', 999.99, 20, '2024-03-02'),
 (8, 'dyne', 'closed', 0.01, 1, '2024-03-03'),
 (9, 'dyne', 'void', 10.00, NULL, '2024-03-04'),
 (10, NULL, 'open', 42.00, 4, '2024-03-05'),
 (11, NULL, 'closed', 58.00, 6, NULL);
SELECT customer, count(*) FROM orders GROUP BY customer HAVING count(*) > 1;
SELECT customer, count(*) FROM orders GROUP BY customer HAVING count(*) >= 3;
SELECT customer, count(*) FROM orders GROUP BY customer HAVING count(*) = 1;
SELECT customer, sum(amount) FROM orders GROUP BY customer HAVING sum(amount) > 400;
SELECT customer, sum(amount) FROM orders GROUP BY customer HAVING sum(amount) < 100;
SELECT customer, sum(amount) FROM orders GROUP BY customer HAVING sum(amount) IS NULL;
SELECT customer FROM orders GROUP BY customer HAVING max(amount) > 200;
SELECT customer FROM orders GROUP BY customer HAVING min(items) = 1;
SELECT customer FROM orders GROUP BY customer HAVING avg(items) > 4;
SELECT customer, count(*) FROM orders GROUP BY customer HAVING customer <> 'acme';
SELECT customer, count(*) FROM orders GROUP BY customer HAVING customer IS NULL;
SELECT customer, count(*) FROM orders GROUP BY customer HAVING customer LIKE '%e';
SELECT status, count(*) FROM orders GROUP BY status HAVING count(*) > 1 AND sum(amount) > 300;
SELECT status, count(*) FROM orders GROUP BY status HAVING count(*) > 5 OR max(amount) < 50;
SELECT status, count(*) FROM orders GROUP BY status HAVING NOT (count(*) > 1);
SELECT customer, status, sum(items) FROM orders GROUP BY customer, status HAVING sum(items) > 2;
SELECT customer, count(DISTINCT status) FROM orders GROUP BY customer HAVING count(DISTINCT status) > 1;
SELECT customer, sum(amount) FROM orders WHERE status <> 'void' GROUP BY customer HAVING sum(amount) > 50;
SELECT customer FROM orders GROUP BY customer HAVING count(amount) < count(*);
SELECT customer FROM orders GROUP BY customer HAVING sum(items) > 2 * count(*);
SELECT customer, max(placed) FROM orders GROUP BY customer HAVING max(placed) >= '2024-03-01';
SELECT customer, sum(amount) AS s FROM orders GROUP BY customer HAVING sum(amount) > 100 ORDER BY s DESC;
SELECT customer, sum(amount) FROM orders GROUP BY 1 HAVING sum(amount) BETWEEN 50 AND 500;
SELECT customer FROM orders GROUP BY customer HAVING sum(amount) IN (100.00, 425.75, 20.00);
SELECT count(*) FROM orders HAVING count(*) > 5;
SELECT count(*) FROM orders HAVING count(*) > 50;
SELECT sum(amount) FROM orders HAVING min(items) > 0;
SELECT customer, count(*) FROM orders GROUP BY customer HAVING true;
SELECT customer, count(*) FROM orders GROUP BY customer HAVING false;
SELECT customer, count(*) FROM orders GROUP BY customer HAVING coalesce(sum(items), 0) > 10;
SELECT customer, count(*) FROM orders GROUP BY customer HAVING max(status) = 'void';
SELECT customer, CASE WHEN sum(amount) > 300 THEN 'high' ELSE 'low' END FROM orders GROUP BY customer HAVING count(*) > 1;
SELECT extract(month FROM placed) AS m, count(*) FROM orders GROUP BY 1 HAVING count(*) >= 3;
SELECT status, sum(items) FROM orders GROUP BY status HAVING sum(items) > 10 ORDER BY 2;
SELECT customer, count(*) FROM orders GROUP BY customer HAVING count(*) > 1 ORDER BY customer NULLS FIRST LIMIT 2;
SELECT customer, max(amount) - min(amount) FROM orders GROUP BY customer HAVING max(amount) - min(amount) > 100;
-- @error
SELECT customer FROM orders GROUP BY customer HAVING items > 1;
-- @error
SELECT customer FROM orders GROUP BY customer HAVING sum(amount);
-- @error
SELECT customer FROM orders WHERE count(*) > 1 GROUP BY customer;
