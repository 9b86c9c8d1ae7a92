-- String functions and operators: ||, lower/upper, length, substring,
-- replace, strpos/position, trim family, comparisons, NULL propagation.
SELECT 'abc' || 'def', 'a' || 1, 1 || 'a', 'x' || NULL;
SELECT 'a' || 'b' || 'c' || 'd';
SELECT 'n=' || 1.50, 'd=' || DATE '2024-01-02', 'b=' || true;
SELECT lower('HeLLo'), upper('HeLLo'), lower(''), upper('123abc');
SELECT length('hello'), length(''), char_length('abc'), length('  x  ');
SELECT length('héllo'), upper('héllo'), lower('ÀB');
SELECT substring('hello world' FROM 1 FOR 5), substring('hello world' FROM 7);
SELECT substring('hello', 2, 3), substr('hello', 2, 3), substr('hello', 3);
SELECT substring('hello', 0, 3), substring('hello', -1, 3), substring('hello', 4, 10);
SELECT substring('hello', 10), substring('hello', 1, 0), substring('', 1, 1);
SELECT substring('héllo', 2, 2);
SELECT replace('hello world', 'o', '0'), replace('aaa', 'a', 'bb'), replace('abc', '', 'x'), replace('abc', 'z', 'y');
SELECT replace('abcabc', 'bc', ''), replace('', 'a', 'b');
SELECT strpos('hello', 'l'), strpos('hello', 'z'), strpos('hello', ''), strpos('', 'a');
SELECT position('lo' IN 'hello'), position('x' IN 'hello'), position('' IN 'abc');
SELECT strpos('héllo', 'l');
SELECT trim('  abc  '), ltrim('  abc  '), rtrim('  abc  '), btrim('  abc  ');
SELECT '[' || trim('  a b  ') || ']', '[' || ltrim('   ') || ']';
SELECT trim(BOTH FROM '  x  '), trim(LEADING FROM '  x  '), trim(TRAILING FROM '  x  ');
-- @known
SELECT trim(BOTH 'x' FROM 'xxabcxx'), trim(LEADING 'x' FROM 'xxabcxx'), trim(TRAILING 'x' FROM 'xxabcxx');
-- @known
SELECT btrim('xyabcyx', 'xy'), ltrim('xyabc', 'yx'), rtrim('abcxy', 'xy');
SELECT 'abc' = 'abc', 'abc' < 'abd', 'abc' < 'ab', 'B' < 'a', 'a' < 'B';
SELECT 'abc' <> 'ABC', 'abc' > '', '' = '';
SELECT 'Z' < 'a', 'z' > 'Z', '10' < '9', 'a ' > 'a';
SELECT lower(NULL), upper(NULL), length(NULL), substring(NULL, 1, 2), replace(NULL, 'a', 'b');
SELECT replace('abc', NULL, 'b'), strpos(NULL, 'a'), trim(NULL);
SELECT upper(lower('MiXeD')), length(upper('abc') || lower('DEF'));
SELECT substring(upper('hello') FROM 2 FOR 3) || '!';
SELECT replace(upper('a-b-c'), '-', '') || length('xyz');
SELECT 'it''s', length('it''s');
SELECT '%' || '_' || '\';
SELECT greatest('apple', 'banana', 'cherry'), least('apple', 'banana', 'cherry');
SELECT greatest('a', NULL, 'b'), least(NULL, 'z');
SELECT coalesce(NULL, 'x', 'y'), nullif('a', 'a'), nullif('a', 'b');
SELECT 'abc'::varchar(10) || 'def';
CREATE TABLE s (id integer, v text, w varchar(8));
INSERT INTO s VALUES (1, 'Hello', 'World'), (2, '', 'x'), (3, NULL, 'y'), (4, '  padded  ', NULL), (5, 'a,b,c', 'a'), (6, 'ÄÖÜ äöü', 'ß'), (7, 'MiXeD CaSe', 'Case'), (8, 'tabs-free', 'z');
SELECT id, v || '-' || w FROM s;
SELECT id, lower(v), upper(v) FROM s;
SELECT id, length(v), length(w) FROM s;
SELECT id, substring(v, 2, 3) FROM s;
SELECT id, substring(v FROM 3) FROM s;
SELECT id, replace(v, 'a', 'A') FROM s;
SELECT id, strpos(v, 'e') FROM s;
SELECT id, position(w IN v) FROM s;
SELECT id, '[' || trim(v) || ']' FROM s;
SELECT id, '[' || ltrim(v) || ']', '[' || rtrim(v) || ']' FROM s;
SELECT id FROM s WHERE v = '';
SELECT id FROM s WHERE length(v) > 5;
SELECT id FROM s WHERE upper(v) = 'HELLO';
SELECT id FROM s WHERE v < w;
SELECT id FROM s WHERE v || w = 'Helloworld';
SELECT id FROM s WHERE strpos(lower(v), 'case') > 0;
SELECT id, v FROM s ORDER BY v NULLS FIRST, id;
SELECT id, w FROM s ORDER BY w DESC NULLS LAST, id;
SELECT min(v), max(v), min(w), max(w) FROM s;
SELECT count(DISTINCT lower(w)) FROM s;
SELECT lower(w), count(*) FROM s GROUP BY lower(w);
SELECT id, coalesce(v, w, 'none') FROM s;
SELECT id, greatest(v, w), least(v, w) FROM s;
SELECT id, v = w, v <> w FROM s;
SELECT id, length(v || w) FROM s;
SELECT id, substring(v, length(v) - 1) FROM s;
SELECT id, upper(substring(v, 1, 1)) || lower(substring(v, 2)) FROM s;
-- String functions over both text columns.
SELECT id, lower(v) FROM s;
SELECT id, lower(w) FROM s;
SELECT id, upper(v) FROM s;
SELECT id, upper(w) FROM s;
SELECT id, length(v) FROM s;
SELECT id, length(w) FROM s;
SELECT id, substring(v, 2) FROM s;
SELECT id, substring(w, 2) FROM s;
SELECT id, substring(v, 1, 2) FROM s;
SELECT id, substring(w, 1, 2) FROM s;
SELECT id, substr(v, 3, 1) FROM s;
SELECT id, substr(w, 3, 1) FROM s;
SELECT id, replace(v, 'a', 'xy') FROM s;
SELECT id, replace(w, 'a', 'xy') FROM s;
SELECT id, strpos(v, 'a') FROM s;
SELECT id, strpos(w, 'a') FROM s;
SELECT id, position('l' IN v) FROM s;
SELECT id, position('l' IN w) FROM s;
SELECT id, v || v FROM s;
SELECT id, w || w FROM s;
SELECT id, '<' || trim(v) || '>' FROM s;
SELECT id, '<' || trim(w) || '>' FROM s;
SELECT id, '<' || rtrim(v) || '>' FROM s;
SELECT id, '<' || rtrim(w) || '>' FROM s;
SELECT id, '<' || ltrim(v) || '>' FROM s;
SELECT id, '<' || ltrim(w) || '>' FROM s;
SELECT id, v = 'Hello' FROM s;
SELECT id, w = 'Hello' FROM s;
SELECT id, v < 'b' FROM s;
SELECT id, w < 'b' FROM s;
SELECT id, v LIKE '%a%' FROM s;
SELECT id, w LIKE '%a%' FROM s;
SELECT id, v ILIKE 'h%' FROM s;
SELECT id, w ILIKE 'h%' FROM s;
SELECT id, coalesce(v, '-') FROM s;
SELECT id, coalesce(w, '-') FROM s;
SELECT id, nullif(v, '') FROM s;
SELECT id, nullif(w, '') FROM s;
SELECT id, upper(substring(v, 1, 1)) FROM s;
SELECT id, upper(substring(w, 1, 1)) FROM s;
-- @error
SELECT length(1);
-- @error
SELECT upper(1);
-- @error
SELECT substring('abc', true);
-- @error
SELECT 'abc' + 1;
-- @error
SELECT nosuchfunction('abc');
-- @error
SELECT 'abc' < 1;
-- @error
SELECT substring('hello', 1, -1);
-- @error
INSERT INTO s (id, w) VALUES (9, 'toolongvalue');
