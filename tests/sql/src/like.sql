-- LIKE / ILIKE / NOT LIKE: % and _, escapes with backslash, anchoring,
-- case, NULL operands.
SELECT 'hello' LIKE 'hello', 'hello' LIKE 'hell', 'hello' LIKE 'hell%', 'hello' LIKE '%llo';
SELECT 'hello' LIKE '%', '' LIKE '%', '' LIKE '_', '' LIKE '';
SELECT 'hello' LIKE 'h_llo', 'hello' LIKE 'h__lo', 'hello' LIKE '_____', 'hello' LIKE '______';
SELECT 'hello' LIKE '%l%', 'hello' LIKE '%z%', 'hello' LIKE 'h%o', 'hello' LIKE 'h%l';
SELECT 'hello' LIKE '%%', 'hello' LIKE '%_%', 'hello' LIKE '_%_', 'h' LIKE '_%_';
SELECT 'Hello' LIKE 'hello', 'Hello' ILIKE 'hello', 'HELLO' ILIKE 'h%O', 'hello' ILIKE 'H_LLO';
SELECT 'hello' NOT LIKE 'h%', 'hello' NOT LIKE 'x%', 'Hello' NOT ILIKE 'h%';
SELECT '100%' LIKE '100\%', '100x' LIKE '100\%', 'a_b' LIKE 'a\_b', 'axb' LIKE 'a\_b';
SELECT 'a\b' LIKE 'a\\b', 'a%b' LIKE 'a%b', 'ab' LIKE 'a%b';
SELECT 'abcabc' LIKE '%abc', 'abcabc' LIKE 'abc%abc', 'abcab' LIKE '%abc%abc%';
SELECT 'aaa' LIKE 'a%a%a', 'aa' LIKE 'a%a%a', 'mississippi' LIKE '%iss%ipp%';
SELECT NULL LIKE 'a', 'a' LIKE NULL, NULL NOT LIKE 'a';
SELECT 'héllo' LIKE 'h_llo', 'HÉLLO' ILIKE 'h%', 'é' LIKE '_', 'é' LIKE '__', 'aé' LIKE '%_', 'éé' LIKE '%é', 'xéy' LIKE '%_y';
SELECT 'line' LIKE 'LINE', 'line' ILIKE 'LINE';
SELECT 'a.b' LIKE 'a.b', 'axb' LIKE 'a.b', 'a*' LIKE 'a*', 'aa' LIKE 'a*';
SELECT '[x]' LIKE '[x]', 'x' LIKE '[x]', '^a$' LIKE '^a$';
CREATE TABLE p (id integer, name text, code varchar(10));
INSERT INTO p VALUES
 (1, 'apple pie', 'AP-100'), (2, 'Apple Tart', 'AP_200'), (3, 'banana split', 'BN-300'),
 (4, 'cherry', 'CH%400'), (5, NULL, 'NL-500'), (6, 'pineapple', NULL), (7, '', 'EM-700'),
 (8, 'grape_fruit', 'GR-800'), (9, '50% off', 'SL-900'), (10, 'APPLE', 'ap-000');
SELECT id FROM p WHERE name LIKE 'apple%';
SELECT id FROM p WHERE name LIKE '%apple%';
SELECT id FROM p WHERE name ILIKE '%apple%';
SELECT id FROM p WHERE name ILIKE 'apple%';
SELECT id FROM p WHERE name NOT LIKE '%apple%';
SELECT id FROM p WHERE name NOT ILIKE '%apple%';
SELECT id FROM p WHERE name LIKE '%e';
SELECT id FROM p WHERE name LIKE '_____';
SELECT id FROM p WHERE name LIKE '%\_%';
SELECT id FROM p WHERE name LIKE '%_%';
SELECT id FROM p WHERE name LIKE '%\%%';
SELECT id FROM p WHERE name LIKE '';
SELECT id FROM p WHERE name LIKE '%';
SELECT id FROM p WHERE code LIKE 'AP%';
SELECT id FROM p WHERE code LIKE 'AP\_%';
SELECT id FROM p WHERE code LIKE '__-_00';
SELECT id FROM p WHERE code ILIKE 'ap%';
SELECT id FROM p WHERE code LIKE '%\%%';
SELECT id FROM p WHERE code NOT LIKE '%-%';
SELECT id FROM p WHERE name LIKE 'a%' OR code LIKE 'B%';
SELECT id FROM p WHERE name LIKE '%a%' AND name LIKE '%e%';
SELECT id FROM p WHERE upper(name) LIKE 'APPLE%';
SELECT id FROM p WHERE name LIKE code;
SELECT id FROM p WHERE 'apple pie' LIKE name;
SELECT id FROM p WHERE name LIKE substring(code, 1, 1) || '%';
SELECT id FROM p WHERE lower(name) LIKE lower(substring(code, 1, 1)) || '%';
SELECT id, name LIKE 'a%' FROM p;
SELECT id, name ILIKE '%A%', code NOT LIKE 'AP%' FROM p;
SELECT count(*) FROM p WHERE name LIKE '%p%';
SELECT count(*) FROM p WHERE name NOT LIKE '%p%';
SELECT CASE WHEN name LIKE '%apple%' THEN 'apple' WHEN name LIKE '%berry%' THEN 'berry' ELSE 'other' END, count(*) FROM p GROUP BY 1;
-- @error
SELECT 1 LIKE 1;
