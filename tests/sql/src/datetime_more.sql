-- now(), current_date and friends (compared, not printed: they change),
-- to_char for timestamps and numbers, make_date, date_part, date_trunc.
SELECT now() > TIMESTAMPTZ '2020-01-01 00:00:00+00', now() < TIMESTAMPTZ '2200-01-01 00:00:00+00';
SELECT current_date > DATE '2020-01-01', current_timestamp > TIMESTAMPTZ '2020-01-01 00:00:00+00', localtimestamp > TIMESTAMP '2020-01-01';
SELECT now() = current_timestamp, current_date = CAST(now() AS date), now() - now();
SELECT now() = statement_timestamp(), now() = transaction_timestamp();
SELECT current_date - DATE '2020-01-01' > 0, localtimestamp = CAST(now() AS timestamp);
SELECT pg_typeof_free FROM (SELECT 1 AS pg_typeof_free) t WHERE now() > TIMESTAMP '2021-06-01';
-- to_char of dates and timestamps.
SELECT to_char(TIMESTAMP '2024-05-07 03:04:05.123456', 'YYYY-MM-DD HH24:MI:SS');
SELECT to_char(TIMESTAMP '2024-05-07 03:04:05.123456', 'YYYY-MM-DD HH24:MI:SS.US'), to_char(TIMESTAMP '2024-05-07 03:04:05.123456', 'HH12:MI:SS.MS AM');
SELECT to_char(TIMESTAMP '2024-05-07 15:04:05', 'Mon Month Day Dy'), to_char(TIMESTAMP '2024-05-07 15:04:05', 'FMMonth FMDay FMDD FMHH12 pm');
SELECT to_char(DATE '2024-01-03', 'Month|Day|FMDay|MONTH|day|mon|DY|dy');
SELECT to_char(DATE '2024-12-31', 'Q WW IW IYYY DDD D ID J CC W'), to_char(DATE '2021-01-01', 'IYYY-IW YYYY-WW');
SELECT to_char(DATE '2024-05-01', 'DDth FMDDth Mon'), to_char(DATE '2024-05-02', 'FMDDth'), to_char(DATE '2024-05-03', 'FMDDTH'), to_char(DATE '2024-05-11', 'FMDDth');
SELECT to_char(TIMESTAMP '2024-12-31 23:00:00', '"Week" IW", "YYYY'), to_char(DATE '2024-02-29', 'yyyy/mm/dd');
SELECT to_char(TIMESTAMPTZ '2024-06-01 12:00:00+00', 'YYYY-MM-DD HH24:MI'), to_char(TIMESTAMP '2024-06-01 00:00:00', 'HH12 AM HH24');
SELECT to_char(DATE '0999-01-01', 'YYYY YYY YY Y'), to_char(TIMESTAMP '2024-06-01 12:34:56', 'SSSS');
-- to_char of numbers.
SELECT '[' || to_char(1234.5, '999,999.00') || ']', '[' || to_char(1234.5, 'FM9990.00') || ']', '[' || to_char(-5, '999') || ']';
SELECT '[' || to_char(0, '999') || ']', '[' || to_char(0.5, '999.99') || ']', '[' || to_char(-5, 'S999') || ']', '[' || to_char(5, '999MI') || ']';
SELECT '[' || to_char(-5, '999MI') || ']', '[' || to_char(1, 'FM9.99') || ']', '[' || to_char(12345, '999') || ']', '[' || to_char(-0.5, 'FM990.00') || ']';
SELECT '[' || to_char(1234567.891, 'FM999,999,999.99') || ']', '[' || to_char(-1234.5, '999,999.00') || ']', '[' || to_char(5, 'S000') || ']';
SELECT '[' || to_char(12, '9,999') || ']', '[' || to_char(1234.5, '9G999D99') || ']', '[' || to_char(-3.14159::float8, '990.999') || ']';
SELECT '[' || to_char(12, 'FM9999') || ']', '[' || to_char(1.5, '9') || ']', '[' || to_char(0, 'FM999') || ']', '[' || to_char(-12, 'FMS999') || ']';
SELECT '[' || to_char(7, '00.9') || ']', '[' || to_char(123456789012, '999999999999') || ']', '[' || to_char(0.125, '0.99') || ']';
SELECT '[' || to_char(2.5::float8, '9.9') || ']', '[' || to_char(1e6::float8, 'FM9,999,999') || ']', '[' || to_char(-0.004, 'FM0.00') || ']';
SELECT '[' || to_char(42, '"n="999') || ']', '[' || to_char(5, '999S') || ']', '[' || to_char(-5, '999S') || ']', '[' || to_char(3, 'SG99') || ']';
-- make_date.
SELECT make_date(2024, 2, 29), make_date(2023, 12, 31), make_date(1, 1, 1);
-- @error
SELECT make_date(2023, 2, 29);
-- @error
SELECT make_date(2024, 13, 1);
-- date_part returns double precision; extract numeric.
SELECT date_part('year', TIMESTAMP '2024-05-17 13:14:15'), date_part('dow', DATE '2024-05-17'), date_part('epoch', TIMESTAMP '2024-05-17 13:14:15.5');
SELECT date_part('doy', DATE '2024-12-31'), date_part('isodow', DATE '2024-05-19'), date_part('week', DATE '2024-01-01'), date_part('quarter', DATE '2024-05-17');
SELECT extract(epoch FROM TIMESTAMPTZ '2024-01-01 00:00:00+00'), extract(isoyear FROM DATE '2024-12-30');
SELECT date_trunc('week', TIMESTAMP '2024-05-19 10:00:00'), date_trunc('quarter', TIMESTAMP '2024-11-19 10:00:00');
-- Over a table.
CREATE TABLE events (id integer, at timestamp, amount numeric(10,2));
INSERT INTO events VALUES (1, '2024-01-15 09:30:00', 1234.50), (2, '2024-02-29 18:05:00', -20.00), (3, '2024-12-31 23:59:59', 0.75), (4, NULL, NULL);
SELECT id, to_char(at, 'YYYY-MM-DD Dy HH24:MI'), to_char(amount, 'FM999,990.00') FROM events ORDER BY id;
SELECT to_char(at, 'YYYY-MM') AS month, sum(amount) FROM events WHERE at IS NOT NULL GROUP BY to_char(at, 'YYYY-MM') ORDER BY 1;
SELECT id, make_date(CAST(extract(year FROM at) AS integer), 1, 1) FROM events WHERE at IS NOT NULL ORDER BY id;
SELECT id FROM events WHERE at < now() ORDER BY id;
