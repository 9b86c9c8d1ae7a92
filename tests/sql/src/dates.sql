-- Dates and timestamps: literals, comparison, date ± integer, date − date,
-- date_trunc, extract, casts between date/timestamp/timestamptz, leap years.
SELECT DATE '2024-01-01', TIMESTAMP '2024-01-01 12:34:56', TIMESTAMPTZ '2024-01-01 12:34:56+00';
SELECT DATE '2024-02-28' + 1, DATE '2024-02-28' + 2, DATE '2023-02-28' + 1;
SELECT DATE '2024-03-01' - 1, DATE '2023-03-01' - 1, DATE '2024-01-01' - 365;
SELECT 1 + DATE '2024-12-31', DATE '2024-12-31' + 1;
SELECT DATE '2024-03-01' - DATE '2024-02-01', DATE '2024-01-01' - DATE '2025-01-01', DATE '2024-01-01' - DATE '2024-01-01';
SELECT DATE '2000-01-01' - DATE '1970-01-01';
SELECT DATE '2024-01-01' < DATE '2024-01-02', DATE '2024-01-01' = '2024-01-01', DATE '2024-01-01' > '2023-12-31';
SELECT DATE '2024-01-01' = TIMESTAMP '2024-01-01 00:00:00', DATE '2024-01-01' < TIMESTAMP '2024-01-01 00:00:01';
SELECT TIMESTAMP '2024-01-01 10:00:00' < TIMESTAMP '2024-01-01 09:59:59.999999';
SELECT date_trunc('year', TIMESTAMP '2024-05-17 13:14:15'), date_trunc('month', TIMESTAMP '2024-05-17 13:14:15');
SELECT date_trunc('day', TIMESTAMP '2024-05-17 13:14:15'), date_trunc('hour', TIMESTAMP '2024-05-17 13:14:15');
SELECT date_trunc('minute', TIMESTAMP '2024-05-17 13:14:15.5'), date_trunc('second', TIMESTAMP '2024-05-17 13:14:15.5');
SELECT date_trunc('week', TIMESTAMP '2024-05-17 13:14:15'), date_trunc('quarter', TIMESTAMP '2024-05-17 13:14:15');
SELECT date_trunc('month', DATE '2024-02-29'), date_trunc('year', DATE '2024-02-29');
SELECT date_trunc('week', DATE '2024-01-01'), date_trunc('week', DATE '2023-12-31');
SELECT date_trunc('decade', TIMESTAMP '2024-05-17 00:00:00'), date_trunc('century', TIMESTAMP '2024-05-17 00:00:00');
SELECT date_trunc('day', TIMESTAMPTZ '2024-05-17 13:14:15+00');
SELECT extract(year FROM DATE '2024-05-17'), extract(month FROM DATE '2024-05-17'), extract(day FROM DATE '2024-05-17');
SELECT extract(dow FROM DATE '2024-05-17'), extract(isodow FROM DATE '2024-05-19'), extract(doy FROM DATE '2024-12-31');
SELECT extract(week FROM DATE '2024-01-01'), extract(week FROM DATE '2023-01-01'), extract(quarter FROM DATE '2024-05-17');
SELECT extract(quarter FROM DATE '2024-05-17'), extract(quarter FROM DATE '2024-01-01'), extract(quarter FROM DATE '2024-12-31');
SELECT extract(hour FROM TIMESTAMP '2024-05-17 13:14:15.25'), extract(minute FROM TIMESTAMP '2024-05-17 13:14:15.25');
SELECT extract(second FROM TIMESTAMP '2024-05-17 13:14:15.25'), extract(second FROM TIMESTAMP '2024-05-17 13:14:15');
SELECT extract(epoch FROM TIMESTAMP '2024-05-17 13:14:15'), extract(epoch FROM DATE '1970-01-02');
SELECT extract(epoch FROM TIMESTAMP '2024-05-17 13:14:15.5');
SELECT extract(year FROM TIMESTAMP '1999-12-31 23:59:59'), extract(decade FROM DATE '1999-12-31'), extract(century FROM DATE '2000-12-31');
SELECT extract(millennium FROM DATE '2001-01-01'), extract(isoyear FROM DATE '2021-01-01');
-- @known
SELECT extract(milliseconds FROM TIMESTAMP '2024-05-17 13:14:15.25'), extract(microseconds FROM TIMESTAMP '2024-05-17 13:14:15.25');
SELECT extract(day FROM TIMESTAMPTZ '2024-05-17 23:30:00+00'), extract(hour FROM TIMESTAMPTZ '2024-05-17 23:30:00+00');
SELECT EXTRACT(YEAR FROM DATE '0001-01-01'), EXTRACT(YEAR FROM DATE '9999-12-31');
SELECT DATE '2024-02-29'::timestamp, TIMESTAMP '2024-02-29 23:59:59.999999'::date;
SELECT TIMESTAMP '2024-01-01 00:00:00.5', TIMESTAMP '2024-01-01 00:00:00.123', TIMESTAMP '2024-01-01 00:00:00.000001';
SELECT TIMESTAMPTZ '2024-06-01 12:00:00+05:30', TIMESTAMPTZ '2024-06-01 12:00:00-08';
SELECT '2024-06-01T12:00:00'::timestamp;
SELECT DATE '1900-03-01' - DATE '1900-02-28', DATE '2000-03-01' - DATE '2000-02-28', DATE '2100-03-01' - DATE '2100-02-28';
SELECT DATE '1970-01-01' - 1, DATE '1969-12-31' + 1;
SELECT greatest(DATE '2024-01-01', DATE '2023-01-01'), least(DATE '2024-01-01', DATE '2023-01-01');
SELECT coalesce(NULL::date, DATE '2024-01-01');
SELECT DATE '2024-01-01' BETWEEN '2023-12-31' AND '2024-01-02';
SELECT DATE '2024-01-01' IN ('2024-01-01', '2024-01-02');
CREATE TABLE ev (id integer, d date, ts timestamp, tz timestamptz);
INSERT INTO ev VALUES
 (1, '2024-01-01', '2024-01-01 00:00:00', '2024-01-01 00:00:00+00'),
 (2, '2024-01-15', '2024-01-15 08:30:00', '2024-01-15 08:30:00+00'),
 (3, '2024-02-29', '2024-02-29 23:59:59', '2024-02-29 23:59:59+00'),
 (4, '2023-12-31', '2023-12-31 12:00:00.25', '2023-12-31 12:00:00.25+00'),
 (5, NULL, NULL, NULL),
 (6, '2024-07-04', '2024-07-04 17:45:00', '2024-07-04 17:45:00+00'),
 (7, '1999-12-31', '1999-12-31 23:59:59.999999', '1999-12-31 23:59:59.999999+00'),
 (8, '2024-01-15', '2024-01-15 00:00:00', '2024-01-15 00:00:00+00');
SELECT id, d + 30, d - 30 FROM ev;
SELECT id, d - DATE '2024-01-01' FROM ev;
SELECT a.id, b.id, a.d - b.d FROM ev a, ev b WHERE a.id = 1 AND b.id < 5;
SELECT id FROM ev WHERE d >= '2024-01-01' AND d < '2024-02-01';
SELECT id FROM ev WHERE d BETWEEN '2024-01-01' AND '2024-02-29';
SELECT id FROM ev WHERE d = '2024-01-15';
SELECT id FROM ev WHERE d IN ('2024-01-15', '1999-12-31');
SELECT id FROM ev WHERE ts > '2024-01-15 00:00:00';
SELECT id FROM ev WHERE ts >= DATE '2024-01-15';
SELECT id FROM ev WHERE tz < '2024-01-01 00:00:00+00';
SELECT id FROM ev WHERE d = ts;
SELECT id FROM ev WHERE d + 1 > ts;
SELECT id, date_trunc('month', d), date_trunc('year', ts) FROM ev;
SELECT id, date_trunc('hour', ts), date_trunc('day', tz) FROM ev;
SELECT id, extract(year FROM d), extract(month FROM d), extract(day FROM d) FROM ev;
SELECT id, extract(dow FROM d), extract(doy FROM d), extract(week FROM d) FROM ev;
SELECT id, extract(dow FROM d), extract(doy FROM d), extract(isodow FROM d) FROM ev;
SELECT id, extract(hour FROM ts), extract(minute FROM ts), extract(second FROM ts) FROM ev;
SELECT id, extract(epoch FROM ts) FROM ev;
SELECT id, extract(quarter FROM tz) FROM ev;
SELECT date_trunc('month', d) AS m, count(*) FROM ev GROUP BY 1;
SELECT extract(year FROM d) AS y, count(*) FROM ev GROUP BY y;
SELECT min(d), max(d), min(ts), max(ts), min(tz), max(tz) FROM ev;
SELECT count(DISTINCT d), count(DISTINCT date_trunc('month', ts)) FROM ev;
SELECT id, d FROM ev ORDER BY d NULLS FIRST, id;
SELECT id, ts FROM ev ORDER BY ts DESC, id;
SELECT id, d::timestamp, ts::date, tz::date, d::timestamptz FROM ev;
SELECT id, d::text, ts::text, tz::text FROM ev;
SELECT id, ts::timestamptz = tz FROM ev;
SELECT max(d) - min(d) FROM ev;
-- date ± integer and date − date across month, year and leap boundaries.
SELECT DATE '2024-01-31' + 1, DATE '2024-01-31' - 1, (DATE '2024-01-31' + 1) - DATE '2024-01-31';
SELECT DATE '2024-01-31' + 30, DATE '2024-01-31' - 30, (DATE '2024-01-31' + 30) - DATE '2024-01-31';
SELECT DATE '2024-01-31' + 366, DATE '2024-01-31' - 366, (DATE '2024-01-31' + 366) - DATE '2024-01-31';
SELECT DATE '2024-01-31' + -1, DATE '2024-01-31' - -1, (DATE '2024-01-31' + -1) - DATE '2024-01-31';
SELECT DATE '2024-01-31' + -365, DATE '2024-01-31' - -365, (DATE '2024-01-31' + -365) - DATE '2024-01-31';
SELECT DATE '2024-02-28' + 1, DATE '2024-02-28' - 1, (DATE '2024-02-28' + 1) - DATE '2024-02-28';
SELECT DATE '2024-02-28' + 30, DATE '2024-02-28' - 30, (DATE '2024-02-28' + 30) - DATE '2024-02-28';
SELECT DATE '2024-02-28' + 366, DATE '2024-02-28' - 366, (DATE '2024-02-28' + 366) - DATE '2024-02-28';
SELECT DATE '2024-02-28' + -1, DATE '2024-02-28' - -1, (DATE '2024-02-28' + -1) - DATE '2024-02-28';
SELECT DATE '2024-02-28' + -365, DATE '2024-02-28' - -365, (DATE '2024-02-28' + -365) - DATE '2024-02-28';
SELECT DATE '2023-02-28' + 1, DATE '2023-02-28' - 1, (DATE '2023-02-28' + 1) - DATE '2023-02-28';
SELECT DATE '2023-02-28' + 30, DATE '2023-02-28' - 30, (DATE '2023-02-28' + 30) - DATE '2023-02-28';
SELECT DATE '2023-02-28' + 366, DATE '2023-02-28' - 366, (DATE '2023-02-28' + 366) - DATE '2023-02-28';
SELECT DATE '2023-02-28' + -1, DATE '2023-02-28' - -1, (DATE '2023-02-28' + -1) - DATE '2023-02-28';
SELECT DATE '2023-02-28' + -365, DATE '2023-02-28' - -365, (DATE '2023-02-28' + -365) - DATE '2023-02-28';
SELECT DATE '2024-12-31' + 1, DATE '2024-12-31' - 1, (DATE '2024-12-31' + 1) - DATE '2024-12-31';
SELECT DATE '2024-12-31' + 30, DATE '2024-12-31' - 30, (DATE '2024-12-31' + 30) - DATE '2024-12-31';
SELECT DATE '2024-12-31' + 366, DATE '2024-12-31' - 366, (DATE '2024-12-31' + 366) - DATE '2024-12-31';
SELECT DATE '2024-12-31' + -1, DATE '2024-12-31' - -1, (DATE '2024-12-31' + -1) - DATE '2024-12-31';
SELECT DATE '2024-12-31' + -365, DATE '2024-12-31' - -365, (DATE '2024-12-31' + -365) - DATE '2024-12-31';
SELECT DATE '2000-02-29' + 1, DATE '2000-02-29' - 1, (DATE '2000-02-29' + 1) - DATE '2000-02-29';
SELECT DATE '2000-02-29' + 30, DATE '2000-02-29' - 30, (DATE '2000-02-29' + 30) - DATE '2000-02-29';
SELECT DATE '2000-02-29' + 366, DATE '2000-02-29' - 366, (DATE '2000-02-29' + 366) - DATE '2000-02-29';
SELECT DATE '2000-02-29' + -1, DATE '2000-02-29' - -1, (DATE '2000-02-29' + -1) - DATE '2000-02-29';
SELECT DATE '2000-02-29' + -365, DATE '2000-02-29' - -365, (DATE '2000-02-29' + -365) - DATE '2000-02-29';
SELECT DATE '1999-12-31' + 1, DATE '1999-12-31' - 1, (DATE '1999-12-31' + 1) - DATE '1999-12-31';
SELECT DATE '1999-12-31' + 30, DATE '1999-12-31' - 30, (DATE '1999-12-31' + 30) - DATE '1999-12-31';
SELECT DATE '1999-12-31' + 366, DATE '1999-12-31' - 366, (DATE '1999-12-31' + 366) - DATE '1999-12-31';
SELECT DATE '1999-12-31' + -1, DATE '1999-12-31' - -1, (DATE '1999-12-31' + -1) - DATE '1999-12-31';
SELECT DATE '1999-12-31' + -365, DATE '1999-12-31' - -365, (DATE '1999-12-31' + -365) - DATE '1999-12-31';
SELECT id, date_trunc('year', ts) FROM ev;
SELECT id, date_trunc('quarter', ts) FROM ev;
SELECT id, date_trunc('month', ts) FROM ev;
SELECT id, date_trunc('week', ts) FROM ev;
SELECT id, date_trunc('day', ts) FROM ev;
SELECT id, date_trunc('hour', ts) FROM ev;
SELECT id, date_trunc('minute', ts) FROM ev;
SELECT id, date_trunc('second', ts) FROM ev;
SELECT id, extract(year FROM ts) FROM ev;
SELECT id, extract(quarter FROM ts) FROM ev;
SELECT id, extract(month FROM ts) FROM ev;
SELECT id, extract(day FROM ts) FROM ev;
SELECT id, extract(dow FROM ts) FROM ev;
SELECT id, extract(isodow FROM ts) FROM ev;
SELECT id, extract(doy FROM ts) FROM ev;
SELECT id, extract(hour FROM ts) FROM ev;
SELECT id, extract(minute FROM ts) FROM ev;
SELECT id, extract(second FROM ts) FROM ev;
SELECT id, extract(epoch FROM ts) FROM ev;
SELECT extract(week FROM DATE '2024-12-30'), extract(isoyear FROM DATE '2024-12-30'), extract(week FROM DATE '2021-01-03'), extract(isoyear FROM DATE '2021-01-03');
SELECT extract(week FROM DATE '2020-12-31'), extract(week FROM DATE '2026-01-01'), extract(isoyear FROM DATE '2027-01-01'), extract(week FROM TIMESTAMP '2024-06-15 10:00:00');
SELECT extract(millennium FROM DATE '2000-12-31'), extract(millennium FROM TIMESTAMP '2024-01-01 10:00:00'), extract(century FROM DATE '2001-01-01');
SELECT date_trunc('century', TIMESTAMP '2000-05-01 00:00:00'), date_trunc('century', TIMESTAMP '2001-05-01 00:00:00'), date_trunc('millennium', TIMESTAMP '2000-05-01 00:00:00'), date_trunc('millennium', TIMESTAMP '2001-05-01 00:00:00');
SELECT id, extract(week FROM d), extract(isoyear FROM d), extract(millennium FROM ts) FROM ev;
-- @error
SELECT DATE '2024-01-01' + DATE '2024-01-02';
-- @error
SELECT DATE '2024-01-01' * 2;
-- @error
SELECT date_trunc('fortnight', TIMESTAMP '2024-01-01 00:00:00');
-- @known
-- @error
SELECT extract(nonsense FROM DATE '2024-01-01');
-- @error
SELECT DATE '2024-13-01';
-- @error
SELECT DATE 'not a date';
-- @error
SELECT d + 1.5 FROM ev;
-- @error
SELECT id FROM ev WHERE d > 5;
-- @error
INSERT INTO ev (id, d) VALUES (9, 'tomorrowish');
