-- ALTER TABLE by Iceberg schema evolution: rows written before a change are
-- read through it (added columns as NULL, widened values, renamed and
-- dropped columns), and later DML rewrites old files in the new schema.
CREATE TABLE t (id integer, r real, n numeric(6,2), s varchar(3), d date);
INSERT INTO t VALUES (1, 1.5, 1.25, 'ab', '2024-01-01'), (2, 2.5, 2.5, 'cd', '2024-01-02');
ALTER TABLE t ADD COLUMN note text;
SELECT * FROM t ORDER BY id;
INSERT INTO t VALUES (3, 3.5, 3.75, 'ef', '2024-01-03', 'x');
ALTER TABLE t ADD COLUMN IF NOT EXISTS note text;
ALTER TABLE t ADD k bigint, ADD COLUMN flag boolean;
SELECT id, note, k, flag FROM t ORDER BY id;
ALTER TABLE t ALTER COLUMN id TYPE bigint, ALTER COLUMN r TYPE double precision;
ALTER TABLE t ALTER n TYPE numeric(12,2), ALTER COLUMN s SET DATA TYPE varchar(10);
INSERT INTO t (id, r, n, s, d) VALUES (5000000000, 4.25, 1234567.89, 'longer', '2024-01-04');
SELECT id, r, n, s FROM t ORDER BY id;
SELECT sum(id), sum(n), max(s) FROM t;
ALTER TABLE t ALTER COLUMN s TYPE text;
ALTER TABLE t RENAME COLUMN note TO remark;
SELECT id, remark FROM t WHERE remark IS NOT NULL;
ALTER TABLE t DROP COLUMN r;
ALTER TABLE t DROP COLUMN IF EXISTS r;
SELECT * FROM t ORDER BY id;
-- A dropped name can come back as a new, empty column.
ALTER TABLE t ADD COLUMN r integer;
SELECT id, r FROM t ORDER BY id;
UPDATE t SET r = 7, remark = 'u' WHERE id < 3;
SELECT * FROM t ORDER BY id;
DELETE FROM t WHERE id = 2;
SELECT id, remark, r FROM t ORDER BY id;
ALTER TABLE t RENAME TO t2;
SELECT count(*) FROM t2;
-- @error
SELECT count(*) FROM t;
-- @error
ALTER TABLE t2 ADD COLUMN id integer;
-- @error
ALTER TABLE t2 DROP COLUMN nope;
-- @error
ALTER TABLE t2 ALTER COLUMN nope TYPE bigint;
-- @error
ALTER TABLE t2 RENAME COLUMN nope TO x;
-- @error
ALTER TABLE t2 RENAME COLUMN id TO remark;
-- @error
ALTER TABLE nope ADD COLUMN a integer;
ALTER TABLE IF EXISTS nope ADD COLUMN a integer;
-- @error
ALTER TABLE t2 ADD COLUMN a widget;
CREATE TABLE other (a integer);
-- @error
ALTER TABLE t2 RENAME TO other;
SELECT * FROM t2 ORDER BY id;
