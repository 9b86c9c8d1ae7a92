-- Exact NUMERIC: literals keep their scale, + - * % result scales, division
-- of constants, round(), comparisons across scales, numeric columns.
SELECT 1.5 + 2.25;
SELECT 1.5 - 2.25;
SELECT 1.50 * 2.25;
SELECT 0.1 + 0.2;
SELECT 0.1 + 0.2 = 0.3;
SELECT 1.000 + 1;
SELECT 10 - 0.001;
SELECT 2.5 * 4;
SELECT 0.001 * 0.001;
SELECT 123456789.123 * 1000;
SELECT -1.5 * 2;
SELECT -(1.25);
SELECT 7.5 % 2;
SELECT 10.25 % 3.1;
SELECT -7.5 % 2;
SELECT 1.0 / 3;
SELECT 2.0 / 3;
SELECT 1 / 3.0;
SELECT 10.0 / 4;
SELECT 1.00 / 8;
SELECT 100.0 / 7;
SELECT 1.0 / 7000;
SELECT 22.0 / 7.0;
SELECT 5.5 / 0.5;
SELECT -1.0 / 3;
SELECT 1 + 1.0;
SELECT 3 * 1.10;
SELECT 1.10 = 1.1;
SELECT 1.10 > 1.09;
SELECT 1.5 < 2;
SELECT 2 >= 2.00;
SELECT 0.0 = -0.0;
-- @known
SELECT 1e3::numeric;
SELECT 12345678901234567890.5 + 1;
SELECT 99999999999999999999999999999999999.9 + 0.1;
SELECT 0.000000001 + 1;
SELECT round(2.5);
SELECT round(3.5);
SELECT round(-2.5);
SELECT round(-3.5);
SELECT round(2.45, 1);
SELECT round(2.449, 2);
SELECT round(1234.5678, 2);
SELECT round(1234.5678, 0);
SELECT round(1234.5678, -2);
SELECT round(1250, -2);
SELECT round(-1250, -2);
SELECT round(0.5);
SELECT round(0.005, 2);
SELECT round(9.995, 2);
SELECT round(1.23456789, 5);
SELECT round(2.5::double precision);
SELECT round(3.5::double precision);
SELECT round(-0.5::double precision);
SELECT round(1.5::real);
SELECT abs(-1.50);
SELECT abs(1.50);
SELECT abs(-0.001);
SELECT abs(-7);
SELECT abs(-7.5::double precision);
SELECT 1.5::numeric(5,2);
SELECT 1.555::numeric(5,2);
SELECT 1.554::numeric(5,2);
SELECT -1.555::numeric(5,2);
SELECT 123.456::numeric(6,1);
SELECT 0.5::numeric(3,0);
SELECT 1.5::numeric(3,0);
SELECT 2.5::numeric(3,0);
SELECT -2.5::numeric(3,0);
SELECT 12::numeric(4,2);
-- @known
SELECT 12.3::numeric;
SELECT 5::numeric / 2;
SELECT 5::numeric(10,2) / 2;
SELECT 1.5::float8 + 1;
SELECT 1.5 + 1::float8;
SELECT 0.1::float8 + 0.2::float8;
SELECT 1.0::float8 / 3;
-- @known
SELECT 1::real / 3;
-- @known
SELECT 100::numeric * 1.5 - 0.25;
SELECT (1.5 + 2.5) * 2;
SELECT 1.5 + 2.5 * 2;
SELECT 2 * 3 + 4 * 5;
SELECT 2 * (3 + 4) * 5;
SELECT 17 / 5, 17 % 5, -17 / 5, -17 % 5, 17 / -5, 17 % -5;
SELECT 7 / 2 * 2;
SELECT 7.0 / 2 * 2;
SELECT 1e-3::numeric(10,4);
CREATE TABLE money (id integer, amt numeric(12,2), rate numeric(6,4), qty integer);
INSERT INTO money VALUES (1, 100.00, 0.0500, 3), (2, 2500.75, 0.1250, 10), (3, 0.01, 1.0000, 1), (4, -45.50, 0.3333, 7), (5, NULL, 0.0001, NULL), (6, 999999.99, 0.9999, 2);
SELECT id, amt + 1 FROM money;
SELECT id, amt - rate FROM money;
SELECT id, amt * rate FROM money;
SELECT id, amt * qty FROM money;
SELECT id, amt * 2.5 FROM money;
SELECT id, -amt FROM money;
SELECT id, amt % 3 FROM money;
SELECT id, round(amt * rate, 2) FROM money;
SELECT id, round(amt, 0) FROM money;
SELECT id, round(amt, -1) FROM money;
SELECT id, round(amt) FROM money;
SELECT id, round(rate, 2) FROM money;
SELECT id, abs(amt) FROM money;
SELECT id, amt::numeric(12,1) FROM money;
SELECT id, amt::integer FROM money;
SELECT id, amt::bigint FROM money;
SELECT id, amt::double precision FROM money;
SELECT id, rate::real FROM money;
SELECT id, amt::text FROM money;
SELECT id, qty::numeric(5,2) FROM money;
SELECT id FROM money WHERE amt > 100;
SELECT id FROM money WHERE amt = 100;
SELECT id FROM money WHERE amt * rate > 100;
SELECT id FROM money WHERE rate < 0.1;
SELECT id FROM money WHERE amt BETWEEN 0 AND 100.00;
SELECT sum(amt), min(amt), max(amt), count(amt) FROM money;
SELECT sum(rate), sum(amt * rate) FROM money;
SELECT sum(qty * amt) FROM money;
-- @known
SELECT sum(amt) / 2 FROM money;
SELECT max(rate) - min(rate) FROM money;
-- @known
SELECT id, greatest(amt, 100), least(amt, 100) FROM money;
-- @known
SELECT id, coalesce(amt, 0) FROM money;
SELECT id, amt + qty FROM money;
-- @known
SELECT id, amt / 100 FROM money WHERE id = 1;
SELECT id, rate * rate FROM money;
SELECT id, amt * rate * qty FROM money;
CREATE TABLE n2 (a numeric(38,0), b numeric(20,10));
INSERT INTO n2 VALUES (12345678901234567890123456789012345678, 1234567890.0123456789), (-1, -0.0000000001);
SELECT a, b FROM n2;
SELECT a - 1, b * 10 FROM n2;
SELECT b + b FROM n2;
SELECT sum(b) FROM n2;
-- @error
SELECT 1.0 / 0;
-- @error
SELECT 1.5 % 0;
-- @error
SELECT 123.456::numeric(4,2);
-- @error
SELECT (99999999999999999999999999999999999999 * 10)::numeric(38,0);
-- @error
SELECT amt / 0 FROM money;
-- @error
INSERT INTO money VALUES (7, 10000000000.00, 0, 0);
