-- Errors carry PostgreSQL's SQLSTATE: syntax (42601), undefined table
-- (42P01) and column (42703), ambiguous column (42702), type mismatches
-- (42804, 42883), grouping (42803), division by zero (22012), overflow
-- (22003), invalid text (22P02), too long (22001), NULL into NOT NULL (23502).
CREATE TABLE a (id integer NOT NULL, name text, v numeric(5,2), d date);
CREATE TABLE b (id integer, name text, a_id integer);
INSERT INTO a VALUES (1, 'x', 1.00, '2024-01-01'), (2, 'y', 0.00, NULL);
INSERT INTO b VALUES (1, 'p', 1), (2, 'q', 2);
-- @error
SELEC 1;
-- @error
SELECT 1 +;
-- @error
SELECT * FROM;
-- @error
SELECT id FROM a WHERE;
-- @error
SELECT id FROM a GROUP id;
-- @error
SELECT (1;
-- @error
CREATE TABLE (a integer);
-- @error
INSERT INTO a VALUES (1,;
-- @error
SELECT id FROM a ORDER BY;
-- @error
SELECT id, FROM a;
-- @error
SELECT * FROM nosuch;
-- @error
SELECT * FROM public.nosuch;
-- @error
SELECT * FROM nosuchschema.a;
-- @error
SELECT nosuch.id FROM a;
-- @error
SELECT b.id FROM a;
-- @error
SELECT * FROM a JOIN nosuch ON true;
-- @error
INSERT INTO nosuch VALUES (1);
-- @error
DROP TABLE nosuch;
-- @error
SELECT nosuch FROM a;
-- @error
SELECT a.nosuch FROM a;
-- @error
SELECT id FROM a WHERE nosuch = 1;
-- @error
SELECT id FROM a ORDER BY nosuch;
-- @error
SELECT id FROM a GROUP BY nosuch;
-- @error
SELECT nme FROM a;
-- @error
SELECT x.id FROM a x WHERE x.nme = 'x';
-- @error
SELECT id FROM a, b;
-- @error
SELECT name FROM a JOIN b ON a.id = b.a_id;
-- @error
SELECT id FROM a JOIN b ON a.id = b.a_id WHERE name = 'x';
-- @error
SELECT a.id FROM a JOIN b ON id = a_id;
-- @error
SELECT id FROM a WHERE name;
-- @error
SELECT id FROM a WHERE 1;
-- @error
SELECT id FROM a WHERE v;
-- @error
SELECT id FROM a JOIN b ON a.id;
-- @error
SELECT CASE WHEN id = 1 THEN 'x' ELSE 1 END FROM a;
-- @error
SELECT id FROM a WHERE name = 1;
-- @error
SELECT id FROM a WHERE d = 1;
-- @error
SELECT name + 1 FROM a;
-- @error
SELECT d * 2 FROM a;
-- @error
SELECT -name FROM a;
-- @error
SELECT NOT id FROM a;
-- @error
SELECT id AND true FROM a;
-- @error
SELECT lower(id) FROM a;
-- @error
SELECT nosuchfunc(id) FROM a;
-- @error
SELECT abs(name) FROM a;
-- @error
SELECT round(name) FROM a;
-- @error
SELECT sum(name) FROM a;
-- @error
SELECT avg(d) FROM a;
-- @error
SELECT length(d) FROM a;
-- @known
-- @error
SELECT d - 'x' FROM a;
-- @error
SELECT coalesce(id, name) FROM a;
-- @error
SELECT greatest(id, 'x') FROM a;
-- @error
SELECT id, name FROM a GROUP BY id;
-- @error
SELECT name, count(*) FROM a;
-- @error
SELECT id FROM a WHERE sum(id) > 1;
-- @error
SELECT id FROM a GROUP BY sum(id);
-- @error
SELECT sum(sum(id)) FROM a;
-- @error
SELECT id FROM a HAVING id > 1;
-- @error
SELECT id / 0 FROM a;
-- @error
SELECT id % 0 FROM a;
-- @error
SELECT v / 0 FROM a;
-- @error
SELECT 1 / (id - id) FROM a;
-- @error
SELECT id FROM a WHERE 10 / (id - 1) > 0;
-- @error
SELECT 1.0 / 0.0;
-- @error
SELECT 2147483647 + id FROM a;
-- @error
SELECT id * 2000000000 FROM a;
-- @error
SELECT (v * 1000)::numeric(5,2) FROM a;
-- @error
SELECT 'abc'::integer;
-- @error
SELECT 'x1'::bigint;
-- @error
SELECT name::integer FROM a;
-- @error
SELECT '1.2.3'::numeric;
-- @error
SELECT 'nope'::boolean;
-- @error
SELECT '12:00'::date;
-- @error
SELECT 'abc'::varchar(2)::integer;
-- @error
INSERT INTO a (id, name) VALUES ('one', 'x');
-- @error
INSERT INTO a VALUES (NULL, 'x', 1, NULL);
-- @error
INSERT INTO a (name) VALUES ('no id');
-- @known
-- @error
INSERT INTO a SELECT NULL, name, NULL, NULL FROM b;
-- @error
INSERT INTO a (id, v) VALUES (3, 1000);
-- @error
INSERT INTO a (id, d) VALUES (3, 'not a date');
CREATE TABLE c (x varchar(2));
-- @error
INSERT INTO c VALUES ('abc');
INSERT INTO a (id) VALUES (3);
SELECT count(*) FROM a;
SELECT id, name FROM a WHERE id = 3;
