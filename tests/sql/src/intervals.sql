-- INTERVAL: literals and casts, output in PostgreSQL's default style,
-- arithmetic with dates and timestamps, scaling, comparison and grouping.
SELECT INTERVAL '7 days', interval '1 month 2 hours', '1 day'::interval;
SELECT INTERVAL '1 year 2 months 3 days 04:05:06', INTERVAL '1.5 years', INTERVAL '1.7 mon';
SELECT INTERVAL '-1 day 2 hours', INTERVAL '1 year -1 mon', INTERVAL '25 hours', INTERVAL '-3 days ago';
SELECT INTERVAL '0 seconds', INTERVAL '90 minutes', INTERVAL '1.5 seconds', INTERVAL '10';
SELECT INTERVAL '2 weeks', INTERVAL '1 decade', INTERVAL '1 century', INTERVAL '1 day 02:30', INTERVAL '-01:30:00';
SELECT INTERVAL '1 mon -2 days', INTERVAL '-1 mon +2 days', INTERVAL '1 day -00:00:01', INTERVAL '3 days 1 hour ago';
SELECT INTERVAL '1 millisecond', INTERVAL '5 microseconds', INTERVAL '12 mins', INTERVAL '2 hrs';
SELECT CAST('1 day 3 hours' AS interval), '2 hours'::interval::text;
-- @error
SELECT INTERVAL 'banana';
-- @error
SELECT '1 fortnight'::interval;
-- Dates and timestamps plus and minus intervals.
SELECT DATE '2024-01-31' + INTERVAL '1 month', DATE '2024-03-31' - INTERVAL '1 month';
SELECT TIMESTAMP '2024-01-31 10:00:00' + INTERVAL '1 month 1 day 1 hour';
SELECT TIMESTAMP '2024-02-29 00:00:00' + INTERVAL '1 year', TIMESTAMP '2024-02-29 00:00:00' - INTERVAL '1 year';
SELECT INTERVAL '2 days' + DATE '2024-12-31', INTERVAL '1 hour' + TIMESTAMP '2024-12-31 23:30:00';
SELECT TIMESTAMPTZ '2024-06-01 12:00:00+00' + INTERVAL '36 hours', TIMESTAMPTZ '2024-06-01 12:00:00+00' - INTERVAL '1 mon';
SELECT TIMESTAMP '2024-01-01 00:00:00' + '1 day', TIMESTAMP '2024-03-10' - INTERVAL '10 days 12 hours';
SELECT DATE '2024-03-01' - DATE '2024-02-01', DATE '2024-01-01' + 30, DATE '2024-01-01' - 1;
SELECT TIMESTAMP '2024-01-02 01:00:00' - TIMESTAMP '2024-01-01 00:00:00';
SELECT TIMESTAMP '2024-01-01 00:00:00' - TIMESTAMP '2024-01-02 01:00:00';
SELECT TIMESTAMP '2024-03-01 12:00:00' - DATE '2024-01-01', TIMESTAMP '2024-01-01 00:00:00.5' - TIMESTAMP '2024-01-01 00:00:00';
SELECT TIMESTAMPTZ '2024-06-01 00:00:00+00' - TIMESTAMPTZ '2024-05-01 06:00:00+00';
-- Interval arithmetic.
SELECT INTERVAL '1 day' + INTERVAL '1 hour', INTERVAL '1 mon' - INTERVAL '1 day', INTERVAL '1 day' + '1 hour';
SELECT -INTERVAL '1 day 02:00:00', - INTERVAL '-1 mon';
SELECT INTERVAL '1 day' * 2.5, INTERVAL '1 mon' / 3, 3 * INTERVAL '2 hours', INTERVAL '1 hour' * 1.5;
SELECT INTERVAL '1 mon 1 day' * 0.5, INTERVAL '1 day' / 4, INTERVAL '1 year' / 5, INTERVAL '7 days' * 2;
SELECT INTERVAL '10 minutes' * 3::double precision, INTERVAL '1 hour' / 2::bigint;
-- @error
SELECT INTERVAL '1 day' / 0;
-- Comparisons: a month is 30 days, a day 24 hours.
SELECT INTERVAL '1 mon' = INTERVAL '30 days', INTERVAL '1 day' = INTERVAL '24 hours', INTERVAL '1 day' < INTERVAL '25 hours';
SELECT INTERVAL '1 year' > INTERVAL '360 days', INTERVAL '1 year' < INTERVAL '366 days', INTERVAL '2 hours' <> INTERVAL '120 minutes';
SELECT INTERVAL '1 day' BETWEEN INTERVAL '1 hour' AND INTERVAL '2 days', INTERVAL '1 day' IN (INTERVAL '24 hours', INTERVAL '1 hour');
SELECT greatest(INTERVAL '1 day', INTERVAL '23 hours'), least(INTERVAL '1 mon', INTERVAL '29 days');
SELECT TIMESTAMP '2024-01-02 00:00:00' - TIMESTAMP '2024-01-01 00:00:00' > INTERVAL '12 hours';
-- extract and date_part of intervals.
SELECT extract(day FROM INTERVAL '3 days 04:05:06.5'), extract(hour FROM INTERVAL '3 days 04:05:06.5'), extract(second FROM INTERVAL '3 days 04:05:06.5');
SELECT extract(year FROM INTERVAL '14 months'), extract(month FROM INTERVAL '14 months'), extract(epoch FROM INTERVAL '1 day 1 second');
SELECT extract(epoch FROM INTERVAL '1 year'), extract(minute FROM INTERVAL '-90 minutes'), date_part('hour', INTERVAL '26 hours');
-- age: the symbolic difference.
SELECT age(TIMESTAMP '2024-03-01', TIMESTAMP '2023-01-31'), age(TIMESTAMP '2023-01-31', TIMESTAMP '2024-03-01');
SELECT age(TIMESTAMP '2024-05-17 10:00:00', TIMESTAMP '2000-02-29 12:30:00'), age(DATE '2024-01-01', DATE '2024-01-01');
-- Intervals over a table: computed per row, grouped and ordered.
CREATE TABLE shipments (id integer, shipped timestamp, delivered timestamp, sale_date date);
INSERT INTO shipments VALUES (1, '2024-01-01 08:00:00', '2024-01-03 10:30:00', '2024-01-01'), (2, '2024-01-05 12:00:00', '2024-01-06 12:00:00', '2024-01-31'), (3, '2024-02-01 00:00:00', '2024-02-01 23:00:00', '2024-02-29'), (4, '2024-02-10 09:00:00', NULL, '2023-12-31'), (5, '2024-03-01 00:00:00', '2024-03-02 00:00:00', '2024-03-31');
SELECT id, delivered - shipped AS transit FROM shipments ORDER BY id;
SELECT id, sale_date + INTERVAL '1 month' AS due, shipped + INTERVAL '1 day 6 hours' AS eta FROM shipments ORDER BY id;
SELECT id FROM shipments WHERE delivered - shipped > INTERVAL '1 day' ORDER BY id;
SELECT id, delivered - shipped FROM shipments WHERE delivered IS NOT NULL ORDER BY delivered - shipped DESC, id;
SELECT delivered - shipped AS transit, count(*) FROM shipments GROUP BY delivered - shipped ORDER BY 1;
SELECT min(delivered - shipped), max(delivered - shipped) FROM shipments;
SELECT id, (delivered - shipped) * 2 FROM shipments WHERE id <= 2 ORDER BY id;
SELECT id, sale_date - INTERVAL '1 mon' FROM shipments ORDER BY id;
-- @error
SELECT DATE '2024-01-01' * INTERVAL '1 day';
-- @error
SELECT INTERVAL '1 day' + 1;
