-- NULL semantics: three-valued AND/OR/NOT, comparisons with NULL, IS [NOT]
-- NULL, IS [NOT] DISTINCT FROM, IS [NOT] TRUE/FALSE, NULL in arithmetic,
-- aggregates, GROUP BY, ORDER BY and joins.
SELECT NULL IS NULL, NULL IS NOT NULL, 1 IS NULL, 1 IS NOT NULL;
SELECT NULL = NULL, NULL <> NULL, NULL < 1, 1 = NULL;
SELECT NULL::integer + 1, NULL::integer * 0, NULL::numeric - 1.5, NULL::text || 'a';
SELECT true AND NULL, false AND NULL, NULL AND NULL, NULL AND true, NULL AND false;
SELECT true OR NULL, false OR NULL, NULL OR NULL, NULL OR true, NULL OR false;
SELECT NOT NULL::boolean, NOT true, NOT false;
SELECT NULL IS DISTINCT FROM NULL, NULL IS NOT DISTINCT FROM NULL;
SELECT 1 IS DISTINCT FROM NULL, 1 IS NOT DISTINCT FROM NULL, 1 IS DISTINCT FROM 1, 1 IS DISTINCT FROM 2;
SELECT 'a' IS DISTINCT FROM 'a', 'a' IS NOT DISTINCT FROM 'b', 1.0 IS NOT DISTINCT FROM 1;
SELECT NULL::boolean IS TRUE, NULL::boolean IS NOT TRUE, NULL::boolean IS FALSE, NULL::boolean IS NOT FALSE;
SELECT true IS TRUE, false IS TRUE, true IS NOT FALSE, false IS NOT TRUE;
SELECT coalesce(NULL, NULL, 3), coalesce(1, NULL), coalesce(NULL::integer, NULL);
SELECT nullif(1, 1), nullif(1, 2), nullif(NULL::integer, 1), nullif(1, NULL);
SELECT NULL IN (1, 2), 1 IN (1, NULL), 3 IN (1, NULL), 3 NOT IN (1, NULL), 1 NOT IN (2, 3);
SELECT NULL BETWEEN 1 AND 2, 1 BETWEEN NULL AND 2, 1 BETWEEN 2 AND NULL, 3 BETWEEN 1 AND NULL;
SELECT NULL LIKE 'a', CASE WHEN NULL THEN 1 ELSE 2 END;
SELECT greatest(NULL::integer, NULL), least(1, NULL, 0);
CREATE TABLE t (id integer, a integer, b integer, p boolean, q boolean, s text);
INSERT INTO t VALUES
 (1, 1, 1, true, true, 'x'), (2, 1, NULL, true, false, NULL), (3, NULL, 1, true, NULL, 'y'),
 (4, NULL, NULL, false, true, NULL), (5, 2, 3, false, false, 'x'), (6, 3, 3, false, NULL, ''),
 (7, NULL, 2, NULL, true, 'z'), (8, 4, NULL, NULL, false, 'x'), (9, NULL, NULL, NULL, NULL, NULL);
SELECT id, p AND q, p OR q, NOT p FROM t;
SELECT id FROM t WHERE p AND q;
SELECT id FROM t WHERE p OR q;
SELECT id FROM t WHERE NOT (p AND q);
SELECT id FROM t WHERE NOT (p OR q);
SELECT id FROM t WHERE NOT p;
SELECT id FROM t WHERE (p AND q) IS NULL;
SELECT id FROM t WHERE (p OR q) IS NULL;
SELECT id FROM t WHERE p IS NOT TRUE;
SELECT id FROM t WHERE q IS NOT FALSE;
SELECT id, a = b, a <> b, a < b FROM t;
SELECT id, a IS DISTINCT FROM b, a IS NOT DISTINCT FROM b FROM t;
SELECT id FROM t WHERE a = b;
SELECT id FROM t WHERE a <> b;
SELECT id FROM t WHERE a IS DISTINCT FROM b;
SELECT id FROM t WHERE a IS NOT DISTINCT FROM b;
SELECT id FROM t WHERE a IS NOT DISTINCT FROM NULL;
SELECT id FROM t WHERE a IS DISTINCT FROM 1;
SELECT id FROM t WHERE s IS NOT DISTINCT FROM 'x';
SELECT id FROM t WHERE s IS DISTINCT FROM '';
SELECT id, a + b, a * b, a - b FROM t;
SELECT id, coalesce(a, b, -1), coalesce(b, a) FROM t;
SELECT id, nullif(a, b), nullif(s, '') FROM t;
SELECT id, a IN (1, 2), a NOT IN (1, 2), a IN (1, NULL), a NOT IN (3, NULL) FROM t;
SELECT id FROM t WHERE a NOT IN (1, 2);
SELECT id FROM t WHERE a NOT IN (1, NULL);
SELECT id FROM t WHERE a IN (b, 4);
SELECT id, a BETWEEN 1 AND b FROM t;
SELECT count(*), count(a), count(b), count(s), count(p) FROM t;
SELECT sum(a), sum(b), min(a), max(b), avg(b) FROM t;
SELECT sum(a + b), count(a + b) FROM t;
SELECT a, count(*) FROM t GROUP BY a;
SELECT a, b, count(*) FROM t GROUP BY a, b;
SELECT p, q, count(*) FROM t GROUP BY p, q;
SELECT s, count(*) FROM t GROUP BY s;
SELECT count(DISTINCT a), count(DISTINCT s) FROM t;
SELECT DISTINCT a FROM t;
SELECT DISTINCT p, q FROM t;
SELECT id, a FROM t ORDER BY a, id;
SELECT id, a FROM t ORDER BY a NULLS FIRST, id;
SELECT id, a FROM t ORDER BY a DESC, id;
SELECT id, a FROM t ORDER BY a DESC NULLS LAST, id;
SELECT id, p FROM t ORDER BY p, id;
SELECT x.id, y.id FROM t x JOIN t y ON x.a = y.b WHERE x.id < y.id;
SELECT x.id, y.id FROM t x JOIN t y ON x.a IS NOT DISTINCT FROM y.b WHERE x.id < y.id;
SELECT x.id, y.id FROM t x LEFT JOIN t y ON x.a = y.a AND x.id <> y.id;
SELECT sum(a) FROM t WHERE a IS NULL;
SELECT max(s) FROM t WHERE s IS NULL;
SELECT count(*) FROM t WHERE NULL;
SELECT id, CASE WHEN a IS NULL THEN 'none' WHEN a > 2 THEN 'big' ELSE 'small' END FROM t;
SELECT id, CASE a WHEN NULL THEN 'never' WHEN 1 THEN 'one' ELSE 'other' END FROM t;
SELECT id, CASE WHEN p THEN 'p' WHEN q THEN 'q' END FROM t;
SELECT id, length(s), upper(s), s || '!' FROM t;
SELECT id, s LIKE 'x%', s NOT LIKE 'x%' FROM t;
SELECT id FROM t WHERE s = '';
SELECT id FROM t WHERE s IS NULL;
SELECT id FROM t WHERE coalesce(s, '') = '';
CREATE TABLE nn (id integer NOT NULL, v text);
INSERT INTO nn VALUES (1, NULL);
-- @error
INSERT INTO nn VALUES (NULL, 'a');
-- @error
INSERT INTO nn (v) VALUES ('b');
-- @error
INSERT INTO nn SELECT a, s FROM t;
SELECT id, v FROM nn;
