-- CREATE/DROP SCHEMA and TABLE: IF [NOT] EXISTS, CASCADE, qualified names,
-- column types and aliases, NOT NULL / PRIMARY KEY, errors for duplicates and
-- missing objects.
CREATE SCHEMA sales;
CREATE SCHEMA IF NOT EXISTS sales;
-- @error
CREATE SCHEMA sales;
CREATE TABLE sales.deals (deal_id bigint PRIMARY KEY, region text NOT NULL, amount numeric(12,2), closed date);
CREATE TABLE IF NOT EXISTS sales.deals (x integer);
-- @error
CREATE TABLE sales.deals (x integer);
INSERT INTO sales.deals VALUES (1, 'EMEA', 100.50, '2024-01-01'), (2, 'APAC', NULL, NULL);
SELECT deal_id, region, amount, closed FROM sales.deals;
SELECT count(*) FROM sales.deals;
SELECT d.region FROM sales.deals d WHERE d.deal_id = 2;
SELECT sales.deals.region FROM sales.deals WHERE sales.deals.deal_id = 1;
CREATE TABLE public.p1 (a integer);
INSERT INTO p1 VALUES (1);
SELECT a FROM public.p1;
SELECT a FROM p1;
CREATE TABLE sales.p1 (a integer);
INSERT INTO sales.p1 VALUES (2);
SELECT a FROM sales.p1;
SELECT x.a, y.a FROM public.p1 x, sales.p1 y;
CREATE TABLE types (
  c_bool boolean, c_small smallint, c_int integer, c_big bigint, c_real real, c_double double precision,
  c_num numeric(10,3), c_text text, c_varchar varchar(5), c_date date, c_ts timestamp, c_tstz timestamptz);
INSERT INTO types VALUES (true, 1, 2, 3, 4.5, 6.25, 7.125, 'eight', 'nine', '2024-10-10', '2024-11-11 11:11:11', '2024-12-12 12:12:12+00');
SELECT * FROM types;
CREATE TABLE aliases (a int4, b int8, c int2, d float8, e float4, f decimal(8,2), g int, h bool, i character varying(3), j numeric);
INSERT INTO aliases VALUES (1, 2, 3, 4.5, 5.5, 6.75, 7, false, 'abc', 8);
SELECT a, b, c, d, e, f, g, h, i FROM aliases;
SELECT a + b + c, d * e, f * 2 FROM aliases;
CREATE TABLE pk2 (a integer, b text, PRIMARY KEY (a, b));
INSERT INTO pk2 VALUES (1, 'x'), (2, 'y');
SELECT a, b FROM pk2;
-- @error
INSERT INTO pk2 VALUES (NULL, 'z');
-- @error
INSERT INTO pk2 VALUES (3, NULL);
-- @error
INSERT INTO sales.deals VALUES (3, NULL, 1, NULL);
-- @error
INSERT INTO sales.deals (region) VALUES ('x');
DROP TABLE p1;
-- @error
SELECT a FROM p1;
SELECT a FROM sales.p1;
DROP TABLE IF EXISTS p1;
-- @error
DROP TABLE p1;
DROP TABLE IF EXISTS nosuch.tbl;
CREATE TABLE p1 (a text);
INSERT INTO p1 VALUES ('recreated');
SELECT a FROM p1;
-- @error
DROP SCHEMA sales;
DROP SCHEMA sales CASCADE;
-- @error
SELECT * FROM sales.deals;
-- @error
DROP SCHEMA sales;
DROP SCHEMA IF EXISTS sales;
CREATE SCHEMA sales;
CREATE TABLE sales.deals (id integer);
SELECT count(*) FROM sales.deals;
CREATE SCHEMA s2;
CREATE TABLE s2.t (a integer);
DROP TABLE s2.t;
DROP SCHEMA s2;
-- @error
CREATE TABLE nosuchschema.t (a integer);
-- @error
CREATE TABLE bad (a integer, a text);
-- @error
CREATE TABLE bad (a nosuchtype);
-- @error
CREATE TABLE bad (a integer,);
-- @known
-- @error
CREATE TABLE bad (a varchar(0));
CREATE TABLE "Quoted" ("MixedCase" integer, lower integer);
INSERT INTO "Quoted" VALUES (1, 2);
SELECT "MixedCase", lower FROM "Quoted";
-- @error
SELECT mixedcase FROM "Quoted";
-- @error
SELECT * FROM quoted;
CREATE TABLE Upper_Name (Col_A integer);
INSERT INTO upper_name VALUES (5);
SELECT col_a FROM UPPER_NAME;
SELECT COL_A FROM upper_name;
CREATE TABLE empty_t (a integer, b text);
SELECT * FROM empty_t;
SELECT count(*), sum(a), max(b) FROM empty_t;
SELECT a, count(*) FROM empty_t GROUP BY a;
