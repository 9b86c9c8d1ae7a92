-- ORDER BY: ASC/DESC, NULLS FIRST/LAST (PostgreSQL's default: NULLs are
-- larger than every value), several keys, expressions, positions, aliases.
CREATE TABLE t (id integer, name text, grp text, val integer, amt numeric(6,2), d date, f double precision, b boolean);
INSERT INTO t VALUES
 (1, 'kiwi', 'a', 30, 1.50, '2024-05-01', 2.5, true),
 (2, 'apple', 'b', NULL, 9.99, '2023-12-31', -1.0, false),
 (3, 'Banana', 'a', 10, NULL, NULL, 0.0, NULL),
 (4, 'cherry', NULL, 20, 3.25, '2024-01-15', NULL, true),
 (5, 'date', 'b', 10, 0.00, '2024-05-01', 100.5, false),
 (6, 'Elder', 'c', 40, -2.75, '2022-07-04', -50.25, true),
 (7, 'fig', NULL, NULL, 5.00, '2025-02-28', 3.0, NULL),
 (8, 'grape', 'c', 25, 1.50, '2024-01-15', 2.5, false);
SELECT id FROM t ORDER BY id;
SELECT id FROM t ORDER BY id DESC;
SELECT id FROM t ORDER BY id ASC;
SELECT name FROM t ORDER BY name;
SELECT name FROM t ORDER BY name DESC;
SELECT id, val FROM t ORDER BY val, id;
SELECT id, val FROM t ORDER BY val DESC, id;
SELECT id, val FROM t ORDER BY val NULLS FIRST, id;
SELECT id, val FROM t ORDER BY val NULLS LAST, id;
SELECT id, val FROM t ORDER BY val DESC NULLS LAST, id;
SELECT id, val FROM t ORDER BY val DESC NULLS FIRST, id;
SELECT id, val FROM t ORDER BY val ASC NULLS FIRST, id DESC;
SELECT id, grp FROM t ORDER BY grp, id;
SELECT id, grp FROM t ORDER BY grp DESC, id DESC;
SELECT id, grp FROM t ORDER BY grp NULLS FIRST, id;
SELECT id, grp FROM t ORDER BY grp DESC NULLS LAST, id;
SELECT id, amt FROM t ORDER BY amt, id;
SELECT id, amt FROM t ORDER BY amt DESC NULLS LAST, id;
SELECT id, d FROM t ORDER BY d, id;
SELECT id, d FROM t ORDER BY d DESC, id;
SELECT id, d FROM t ORDER BY d NULLS FIRST, id DESC;
SELECT id, f FROM t ORDER BY f, id;
SELECT id, f FROM t ORDER BY f DESC NULLS LAST, id;
SELECT id, b FROM t ORDER BY b, id;
SELECT id, b FROM t ORDER BY b DESC, id;
SELECT id, b FROM t ORDER BY b NULLS FIRST, id;
SELECT grp, val, id FROM t ORDER BY grp, val, id;
SELECT grp, val, id FROM t ORDER BY grp DESC, val DESC, id DESC;
SELECT grp, val, id FROM t ORDER BY grp NULLS FIRST, val DESC NULLS LAST, id;
SELECT id, val FROM t ORDER BY 2, 1;
SELECT id, val FROM t ORDER BY 2 DESC NULLS LAST, 1 DESC;
SELECT id AS k, name AS n FROM t ORDER BY n;
SELECT id AS k FROM t ORDER BY k DESC;
SELECT id FROM t ORDER BY val * -1, id;
SELECT id FROM t ORDER BY id % 3, id;
SELECT id FROM t ORDER BY id % 3 DESC, id DESC;
SELECT name FROM t ORDER BY lower(name);
SELECT name FROM t ORDER BY upper(name) DESC;
SELECT name FROM t ORDER BY length(name), name;
SELECT id FROM t ORDER BY coalesce(val, 0), id;
SELECT id FROM t ORDER BY CASE WHEN grp = 'c' THEN 0 ELSE 1 END, id;
SELECT id, name FROM t ORDER BY name, id LIMIT 3;
SELECT id FROM t ORDER BY f NULLS FIRST, id;
SELECT id FROM t WHERE val > 10 ORDER BY val;
SELECT name FROM t ORDER BY id DESC LIMIT 1;
SELECT id + 100 AS x FROM t ORDER BY x;
SELECT id, name FROM t ORDER BY substring(name FROM 2 FOR 2), id;
SELECT id FROM t ORDER BY d - DATE '2024-01-01' NULLS FIRST, id;
SELECT id FROM t ORDER BY amt * 2 DESC NULLS FIRST, id;
SELECT val FROM t ORDER BY val;
SELECT val FROM t ORDER BY val DESC;
SELECT DISTINCT grp FROM t ORDER BY grp;
SELECT DISTINCT grp FROM t ORDER BY grp DESC NULLS LAST;
SELECT grp, count(*) FROM t GROUP BY grp ORDER BY grp;
SELECT grp, sum(val) FROM t GROUP BY grp ORDER BY sum(val) DESC NULLS LAST, grp;
SELECT grp, max(id) m FROM t GROUP BY grp ORDER BY m;
SELECT name FROM t ORDER BY name || grp NULLS FIRST, name;
SELECT 1 AS one ORDER BY 1;
-- @error
SELECT id FROM t ORDER BY 9;
-- @error
SELECT id FROM t ORDER BY nope;
