-- More string and math functions: split_part, concat/concat_ws, left/right,
-- lpad/rpad, repeat, reverse, initcap, starts_with, ascii/chr; ceil/floor,
-- trunc, sign, sqrt/cbrt, power, exp/ln/log, mod, pi, degrees/radians;
-- NULLs, UTF-8 and PostgreSQL's domain errors.
CREATE TABLE people (id integer, name text, email text, score numeric(8,3), ratio double precision);
INSERT INTO people VALUES (1, 'ada lovelace', 'ada@example.com', 91.625, 0.5),
  (2, 'ALAN turing', 'alan@cam.ac.uk', -12.5, 2.25), (3, 'grace', NULL, 0, -1.5),
  (4, NULL, 'x@y', NULL, NULL), (5, 'éclair', 'e@é.fr', 7.001, 100);
SELECT split_part('a,b,c', ',', 1), split_part('a,b,c', ',', 2), split_part('a,b,c', ',', 3), split_part('a,b,c', ',', 4);
SELECT split_part('a,b,c', ',', -1), split_part('a,b,c', ',', -3), split_part('a,b,c', ',', -4);
SELECT split_part('abc', '', 1), split_part('abc', '', 2), split_part('', ',', 1), split_part('a::b::c', '::', 2);
SELECT split_part(NULL, ',', 1), split_part('a', NULL, 1), split_part('a', ',', NULL);
SELECT id, split_part(email, '@', 1), split_part(email, '@', 2) FROM people ORDER BY id;
SELECT id, split_part(name, ' ', 2) FROM people ORDER BY id;
SELECT concat('a', 'b', 'c'), concat('a'), concat('a', NULL, 'b'), concat(NULL, NULL);
SELECT concat('n=', 1, ', d=', DATE '2024-01-02', ', b=', true, ', x=', 2.50);
SELECT id, concat(name, ' <', email, '>') FROM people ORDER BY id;
SELECT concat_ws(', ', 'a', 'b', 'c'), concat_ws('-', 'a', NULL, 'c'), concat_ws(NULL, 'a', 'b'), concat_ws('|', 1, 2.5, false);
SELECT id, concat_ws(' / ', name, email, score) FROM people ORDER BY id;
SELECT left('hello', 2), left('hello', 0), left('hello', -2), left('hello', 10), left('hello', -10);
SELECT right('hello', 2), right('hello', 0), right('hello', -2), right('hello', 10), right('hello', -10);
SELECT left('éclair', 2), right('éclair', 3), left(NULL, 1), right('x', NULL);
SELECT lpad('7', 3, '0'), lpad('hello', 3), lpad('hi', 6, 'xy'), lpad('hi', 5), lpad('hi', 0), lpad('hi', -1);
SELECT rpad('7', 3, '0'), rpad('hello', 3), rpad('hi', 7, 'xy'), rpad('hi', 5) || '|', rpad('hi', 4, '');
SELECT lpad('é', 3, 'ü'), rpad('ab', 4, 'é'), lpad(NULL, 3), rpad('a', NULL, 'b');
SELECT id, lpad(id::text, 4, '0'), rpad(coalesce(name, '?'), 8, '.') FROM people ORDER BY id;
SELECT repeat('ab', 3), repeat('x', 0), repeat('x', -1), repeat('', 5), repeat('é', 2), repeat(NULL, 2);
SELECT reverse('hello'), reverse(''), reverse('héllo'), reverse(NULL), reverse('ab c');
SELECT initcap('hello world'), initcap('HELLO wORLD'), initcap('o''neil mc-donald'), initcap('a1b c_d'), initcap('');
SELECT id, initcap(name) FROM people ORDER BY id;
SELECT starts_with('alphabet', 'alph'), starts_with('alphabet', 'beta'), starts_with('a', ''), starts_with('', 'a'), starts_with(NULL, 'a');
SELECT id FROM people WHERE starts_with(email, 'a') ORDER BY id;
SELECT ascii('A'), ascii('abc'), ascii(''), ascii('é'), ascii(NULL);
SELECT chr(65), chr(97), chr(233), chr(8364), chr(NULL);
SELECT ceil(4.2), ceil(-4.2), ceil(4.0), ceiling(0.001), floor(4.8), floor(-4.2), floor(-4.0);
SELECT ceil(4.2::float8), floor(-4.5::float8), ceil(-0.5::float8), floor(7::float8);
SELECT id, ceil(score), floor(score), trunc(score), trunc(score, 1), sign(score) FROM people ORDER BY id;
SELECT trunc(4.567, 2), trunc(-4.567, 2), trunc(4.567, 0), trunc(4.567), trunc(-0.5), trunc(123.456, 5);
SELECT trunc(4.7::float8), trunc(-4.7::float8);
SELECT sign(-3.5), sign(0.0), sign(2.25), sign(-2::float8), sign(0::float8);
SELECT sqrt(16::float8), sqrt(2::float8), sqrt(0::float8), cbrt(27::float8), cbrt(-8::float8);
SELECT power(2::float8, 10::float8), power(2.0::float8, -1::float8), power(-2::float8, 3::float8), pow(9::float8, 0.5::float8), power(0::float8, 0::float8);
SELECT exp(0::float8), exp(1::float8), ln(1::float8), ln(exp(2::float8)), log(1000::float8), log10(0.01::float8);
SELECT mod(17, 5), mod(-17, 5), mod(17, -5), mod(0, 3), mod(10::bigint, 4::bigint), mod(7::smallint, 2::smallint);
SELECT mod(-2147483648, -1), mod(NULL::integer, 2);
SELECT pi(), degrees(pi()), radians(180::float8), degrees(1::float8);
SELECT id, sqrt(ratio), ln(ratio) FROM people WHERE ratio > 0 ORDER BY id;
SELECT id, power(ratio, 2::float8), exp(ratio) FROM people WHERE ratio IS NOT NULL ORDER BY id;
SELECT id, mod(id, 2), mod(id * 7, 3) FROM people ORDER BY id;
SELECT round(ratio) + ceil(ratio) + floor(ratio) FROM people WHERE id = 2;
-- @error
SELECT split_part('a,b', ',', 0);
-- @error
SELECT sqrt(-1::float8);
-- @error
SELECT ln(0::float8);
-- @error
SELECT ln(-1::float8);
-- @error
SELECT log(-10::float8);
-- @error
SELECT power(0::float8, -1::float8);
-- @error
SELECT power(-8::float8, 0.5::float8);
-- @error
SELECT mod(5, 0);
-- @error
SELECT exp(1000::float8);
-- @error
SELECT chr(0);
-- @error
SELECT left('abc');
-- @error
SELECT repeat(1, 2);
