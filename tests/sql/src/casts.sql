-- CAST and ::, between every pair of supported types: text formats,
-- rounding on narrowing, invalid input (22P02, 22007), out of range (22003).
SELECT CAST(1 AS text), 1::text, 1::varchar;
SELECT '42'::integer, '  42  '::integer, '-7'::integer, '+5'::integer;
SELECT '42'::bigint, '-9223372036854775808'::bigint;
SELECT '42'::smallint;
-- @known
SELECT '1.5'::numeric, '1.50'::numeric(5,2), '-0.001'::numeric(6,3);
SELECT '1.5'::double precision, '1e10'::float8, '-0.25'::real;
SELECT 'NaN'::float8, 'Infinity'::float8, '-Infinity'::float8;
SELECT 'true'::boolean, 'false'::boolean, 't'::boolean, 'f'::boolean;
SELECT 'yes'::boolean, 'no'::boolean, 'on'::boolean, 'off'::boolean, '1'::boolean, '0'::boolean;
SELECT 'TRUE'::boolean, ' true '::boolean;
SELECT '2024-02-29'::date, '1999-12-31'::date, '0001-01-01'::date;
SELECT '2024-02-29 13:45:00'::timestamp, '2024-02-29'::timestamp;
SELECT '2024-02-29 13:45:00.123456'::timestamp;
SELECT '2024-02-29 13:45:00'::timestamptz;
SELECT '2024-02-29 13:45:00+02'::timestamptz;
SELECT 1.5::integer, 2.5::integer, -1.5::integer, -2.5::integer, 1.49::integer;
SELECT 1.5::bigint, 2.5::smallint;
SELECT 1.5::float8::integer, 2.5::float8::integer, 3.5::float8::integer, -2.5::float8::integer;
SELECT 0.5::real::integer, 1.5::real::bigint;
-- @known
SELECT 7::numeric, 7::numeric(5,2), 7::double precision, 7::real;
SELECT 7::bigint, 7::smallint;
SELECT 1::boolean, 0::boolean, 5::boolean;
SELECT true::integer, false::integer;
SELECT true::text, false::text;
SELECT 1.25::text, 1.250::text, (-0.5)::text;
SELECT 1.5::float8::text, 0.1::float8::text, 1e20::float8::text, 1e-7::float8::text;
SELECT 100000000000000000000::float8, 1234567.0::float8, 0.000001::float8;
SELECT 1e15::float8, 1e16::float8, 123456789012345678::float8;
SELECT 3.14159::real, 1e-5::real, 16777217::real;
SELECT 2::float8 / 3, 2::real / 3::real;
SELECT DATE '2024-01-01'::timestamp, DATE '2024-01-01'::timestamptz;
SELECT TIMESTAMP '2024-01-01 23:59:59'::date;
SELECT TIMESTAMP '2024-01-01 23:59:59'::timestamptz;
SELECT TIMESTAMPTZ '2024-01-01 23:59:59+00'::date, TIMESTAMPTZ '2024-01-01 23:59:59+00'::timestamp;
SELECT DATE '2024-03-01'::text, TIMESTAMP '2024-03-01 01:02:03'::text;
SELECT 'abc'::varchar(2), 'abc'::varchar(5), 'abc'::text::varchar(1);
SELECT CAST('12' AS integer) + 1, CAST(12 AS text) || 'x';
SELECT '12'::integer::text::numeric(4,1);
SELECT CAST(NULL AS integer), NULL::text, NULL::date;
SELECT CAST(NULL AS integer) IS NULL;
SELECT 12345.678::numeric(10,2)::text;
SELECT 0.000001::numeric(10,6);
-- @known
SELECT '  1.5 '::numeric;
SELECT '1e3'::numeric(10,2);
-- @known
SELECT '-0'::integer, '-0.0'::numeric;
-- @known
SELECT 'Infinity'::float8 > 1e308::float8;
SELECT 32767::smallint::integer, (-32768)::smallint::bigint;
SELECT 2147483647::integer::float8, 2147483647::real;
SELECT 9007199254740993::float8;
SELECT 1.5::numeric(2,1)::float8;
SELECT '2024-02-29'::date + 1;
CREATE TABLE src (i integer, b bigint, s smallint, n numeric(8,3), f double precision, r real, t text, d date, ts timestamp, bo boolean);
INSERT INTO src VALUES
 (1, 10000000000, 3, 1.500, 2.5, 0.5, '17', '2024-01-31', '2024-01-31 08:00:00', true),
 (-2, -5, -4, -2.499, -3.5, 1.25, ' 8 ', '2023-06-15', '2023-06-15 23:59:59.999999', false),
 (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (2147483647, 9223372036854775807, 32767, 99999.999, '1e300', '3.4e38', '-0', '9999-12-31', '1970-01-01 00:00:00', true);
SELECT i::text, b::text, s::text, n::text, f::text, r::text, d::text, ts::text, bo::text FROM src;
SELECT i::bigint, s::integer, s::bigint FROM src;
-- @known
SELECT i::numeric, b::numeric, s::numeric(10,2) FROM src;
SELECT i::double precision, b::double precision, n::double precision, r::double precision FROM src;
SELECT n::integer, f::bigint FROM src WHERE f < 1e10;
SELECT n::numeric(7,1), n::numeric(10,0) FROM src;
SELECT t::integer FROM src;
-- @known
SELECT t::numeric FROM src;
SELECT d::timestamp, ts::date, ts::timestamptz FROM src;
SELECT bo::integer, i::boolean FROM src;
SELECT '[' || t::varchar(1) || ']' FROM src;
SELECT CAST(i AS text) || '/' || CAST(d AS text) FROM src;
SELECT i FROM src WHERE i::text = '1';
SELECT i FROM src WHERE t::integer > 10;
SELECT b::integer FROM src WHERE b < 100;
-- Every column type cast to every numeric and text type (rows that fit).
SELECT i::smallint FROM src WHERE abs(i) < 30000;
SELECT i::integer FROM src WHERE abs(i) < 30000;
SELECT i::bigint FROM src WHERE abs(i) < 30000;
SELECT i::numeric(12,4) FROM src WHERE abs(i) < 30000;
SELECT i::numeric(10,1) FROM src WHERE abs(i) < 30000;
SELECT i::double precision FROM src WHERE abs(i) < 30000;
SELECT i::real FROM src WHERE abs(i) < 30000;
SELECT i::text FROM src WHERE abs(i) < 30000;
SELECT i::varchar(3) FROM src WHERE abs(i) < 30000;
SELECT b::smallint FROM src WHERE abs(b) < 30000;
SELECT b::integer FROM src WHERE abs(b) < 30000;
SELECT b::bigint FROM src WHERE abs(b) < 30000;
SELECT b::numeric(12,4) FROM src WHERE abs(b) < 30000;
SELECT b::numeric(10,1) FROM src WHERE abs(b) < 30000;
SELECT b::double precision FROM src WHERE abs(b) < 30000;
SELECT b::real FROM src WHERE abs(b) < 30000;
SELECT b::text FROM src WHERE abs(b) < 30000;
SELECT b::varchar(3) FROM src WHERE abs(b) < 30000;
SELECT s::smallint FROM src WHERE abs(s) < 30000;
SELECT s::integer FROM src WHERE abs(s) < 30000;
SELECT s::bigint FROM src WHERE abs(s) < 30000;
SELECT s::numeric(12,4) FROM src WHERE abs(s) < 30000;
SELECT s::numeric(10,1) FROM src WHERE abs(s) < 30000;
SELECT s::double precision FROM src WHERE abs(s) < 30000;
SELECT s::real FROM src WHERE abs(s) < 30000;
SELECT s::text FROM src WHERE abs(s) < 30000;
SELECT s::varchar(3) FROM src WHERE abs(s) < 30000;
SELECT n::smallint FROM src WHERE abs(n) < 30000;
SELECT n::integer FROM src WHERE abs(n) < 30000;
SELECT n::bigint FROM src WHERE abs(n) < 30000;
SELECT n::numeric(12,4) FROM src WHERE abs(n) < 30000;
SELECT n::numeric(10,1) FROM src WHERE abs(n) < 30000;
SELECT n::double precision FROM src WHERE abs(n) < 30000;
SELECT n::real FROM src WHERE abs(n) < 30000;
SELECT n::text FROM src WHERE abs(n) < 30000;
SELECT n::varchar(3) FROM src WHERE abs(n) < 30000;
SELECT f::smallint FROM src WHERE abs(f) < 30000;
SELECT f::integer FROM src WHERE abs(f) < 30000;
SELECT f::bigint FROM src WHERE abs(f) < 30000;
SELECT f::numeric(12,4) FROM src WHERE abs(f) < 30000;
SELECT f::numeric(10,1) FROM src WHERE abs(f) < 30000;
SELECT f::double precision FROM src WHERE abs(f) < 30000;
SELECT f::real FROM src WHERE abs(f) < 30000;
SELECT f::text FROM src WHERE abs(f) < 30000;
SELECT f::varchar(3) FROM src WHERE abs(f) < 30000;
SELECT r::smallint FROM src WHERE abs(r) < 30000;
SELECT r::integer FROM src WHERE abs(r) < 30000;
SELECT r::bigint FROM src WHERE abs(r) < 30000;
SELECT r::numeric(12,4) FROM src WHERE abs(r) < 30000;
SELECT r::numeric(10,1) FROM src WHERE abs(r) < 30000;
SELECT r::double precision FROM src WHERE abs(r) < 30000;
SELECT r::real FROM src WHERE abs(r) < 30000;
SELECT r::text FROM src WHERE abs(r) < 30000;
SELECT r::varchar(3) FROM src WHERE abs(r) < 30000;
SELECT d::timestamp, d::timestamptz, d::text, ts::date, ts::text FROM src;
-- @error
SELECT 'abc'::integer;
-- @error
SELECT ''::integer;
-- @error
SELECT '1.5'::integer;
-- @error
SELECT '12abc'::bigint;
-- @error
SELECT 'x'::numeric;
-- @error
SELECT 'one'::float8;
-- @error
SELECT 'maybe'::boolean;
-- @error
SELECT '2024-02-30'::date;
-- @error
SELECT '2023-13-01'::date;
-- @error
SELECT 'yesterday-ish'::date;
-- @error
SELECT '2024-01-01 25:00:00'::timestamp;
-- @error
SELECT '99999'::smallint;
-- @error
SELECT '3000000000'::integer;
-- @error
SELECT 1e39::numeric(38,0);
-- @error
SELECT 1000::numeric(3,0);
-- @error
SELECT 'Infinity'::float8::integer;
-- @error
SELECT 'NaN'::float8::bigint;
-- @error
SELECT 1e300::float8::real;
-- @error
SELECT DATE '2024-01-01'::integer;
-- @error
SELECT 1::date;
-- @error
SELECT true::numeric;
-- @error
SELECT 1.5::boolean;
-- @error
SELECT f::integer FROM src;
-- @error
SELECT b::integer FROM src;
-- @error
SELECT n::numeric(4,2) FROM src;
