-- Checked integer arithmetic: results at the edges of smallint, integer and
-- bigint, overflow fails with 22003, division by zero with 22012.
SELECT 2147483647;
SELECT -2147483648;
SELECT 2147483648;
SELECT 9223372036854775807;
SELECT -9223372036854775808;
SELECT 9223372036854775808;
SELECT 2147483646 + 1;
SELECT -2147483647 - 1;
SELECT 2147483647 + 1::bigint;
SELECT 2147483647::bigint * 2;
SELECT 9223372036854775806 + 1;
SELECT 32767::smallint;
SELECT 32766::smallint + 1::smallint;
SELECT 32767::smallint + 1;
SELECT (-32768)::smallint;
SELECT 46340 * 46340;
SELECT 3037000499 * 3037000499;
SELECT 7 / 2, -7 / 2, 7 % 3, -7 % 3, 7 % -3;
SELECT -2147483647 / -1;
SELECT 2147483647 / -1;
SELECT 0 / 5, 0 % 5;
SELECT abs(-2147483647);
SELECT 2147483647 % 2;
SELECT 1::smallint * 1::smallint;
SELECT 200::smallint * 100::smallint;
SELECT 2::smallint / 3::smallint;
SELECT 255::smallint + 2147483000;
-- @error
SELECT 2147483647 + 1;
-- @error
SELECT -2147483648 - 1;
-- @error
SELECT 2147483647 * 2;
-- @error
SELECT 65536 * 65536;
-- @error
SELECT 9223372036854775807 + 1;
-- @error
SELECT -9223372036854775807 - 2;
-- @error
SELECT 9223372036854775807 * 2;
-- @error
SELECT 4611686018427387904 * 2;
-- @error
SELECT 32767::smallint + 1::smallint;
-- @error
SELECT -32768::smallint - 1::smallint;
-- @error
SELECT 200::smallint * 200::smallint;
-- @error
SELECT (-2147483647 - 1) / -1;
-- @error
SELECT (-9223372036854775808) / -1;
-- @error
SELECT (-32768)::smallint / (-1)::smallint;
-- @error
SELECT abs(-2147483647 - 1);
-- @error
SELECT -(-2147483647 - 1);
-- @error
SELECT 1 / 0;
-- @error
SELECT 1 % 0;
-- @error
SELECT 1::bigint / 0;
-- @error
SELECT 1::smallint % 0::smallint;
-- @error
SELECT 2147483648::integer;
-- @error
SELECT 9223372036854775808::bigint;
-- @error
SELECT 32768::smallint;
-- @error
SELECT (-32769)::smallint;
-- @error
SELECT 1e10::integer;
-- @error
SELECT 3e9::float8::integer;
-- @error
SELECT 2147483647.5::integer;
CREATE TABLE t (i integer, b bigint, s smallint);
INSERT INTO t VALUES (2147483647, 9223372036854775807, 32767), (-2147483648, -9223372036854775808, -32768), (0, 0, 0), (1, 1, 1);
SELECT i, b, s FROM t;
SELECT i - 1 FROM t WHERE i > 0;
SELECT i + 1 FROM t WHERE i < 0;
SELECT b - 1 FROM t WHERE b > 0;
SELECT s::integer + 1 FROM t;
SELECT i::bigint + 1 FROM t;
SELECT i::bigint * 2 FROM t;
-- @known
SELECT b::numeric + 1 FROM t;
SELECT sum(i), sum(b), sum(s) FROM t;
SELECT i / 2, i % 2 FROM t;
SELECT -i FROM t WHERE i > -2147483648;
SELECT CASE WHEN i = 0 THEN NULL ELSE 100 / i END FROM t;
-- @error
SELECT i + 1 FROM t;
-- @error
SELECT i - 1 FROM t;
-- @error
SELECT b + 1 FROM t;
-- @error
SELECT s + 1::smallint FROM t;
-- @error
SELECT i * 2 FROM t;
-- @error
SELECT -i FROM t;
-- @error
SELECT 10 / i FROM t;
-- @error
SELECT b % i FROM t;
-- @error
SELECT (b / 2)::integer FROM t;
-- @error
INSERT INTO t VALUES (2147483648, 0, 0);
-- @error
INSERT INTO t VALUES (0, 0, 40000);
-- @error
INSERT INTO t (b) VALUES (9223372036854775808);
-- @error
INSERT INTO t (s) SELECT i FROM t;
