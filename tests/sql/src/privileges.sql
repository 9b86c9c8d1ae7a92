-- GRANT/REVOKE on tables and schemas, ownership, and the checks on reads and
-- writes, run as plain roles with @as. Roles are global to a PostgreSQL
-- cluster: every name starts with rp_ and the file drops what it made.
DROP ROLE IF EXISTS rp_alice, rp_bob, rp_readers;
CREATE SCHEMA sales;
CREATE TABLE sales.deals (id integer, region text, amount integer);
INSERT INTO sales.deals VALUES (1, 'emea', 10), (2, 'apac', 20);
CREATE TABLE sales.targets (region text, goal integer);
INSERT INTO sales.targets VALUES ('emea', 15);
CREATE TABLE notes (id integer, body text);
INSERT INTO notes VALUES (1, 'a');
CREATE ROLE rp_alice;
CREATE ROLE rp_bob;
CREATE ROLE rp_readers;
GRANT rp_readers TO rp_bob;
-- USAGE on the schema comes first, then the right on the table.
-- @error @as rp_alice
SELECT * FROM sales.deals;
GRANT USAGE ON SCHEMA sales TO rp_alice;
-- @error @as rp_alice
SELECT * FROM sales.deals;
GRANT SELECT ON TABLE sales.deals TO rp_alice;
-- @as rp_alice
SELECT sum(amount) FROM sales.deals;
-- @error @as rp_alice
SELECT * FROM sales.deals d JOIN sales.targets t ON d.region = t.region;
-- @error @as rp_alice
SELECT * FROM sales.deals WHERE region IN (SELECT region FROM sales.targets);
-- @error @as rp_alice
WITH t AS (SELECT * FROM sales.targets) SELECT * FROM t;
-- @error @as rp_alice
INSERT INTO sales.deals VALUES (3, 'amer', 30);
-- @error @as rp_alice
UPDATE sales.deals SET amount = 0;
-- @error @as rp_alice
DELETE FROM sales.deals;
-- @error @as rp_alice
TRUNCATE sales.deals;
-- Writes need their own right, and SELECT when they read the table.
GRANT INSERT, UPDATE, DELETE ON sales.targets TO rp_alice;
-- @as rp_alice
INSERT INTO sales.targets VALUES ('apac', 25);
-- @as rp_alice
UPDATE sales.targets SET goal = 0;
-- @error @as rp_alice
UPDATE sales.targets SET goal = goal + 1;
-- @error @as rp_alice
DELETE FROM sales.targets WHERE region = 'apac';
-- @as rp_alice
DELETE FROM sales.targets;
GRANT ALL ON sales.targets TO rp_alice;
-- @as rp_alice
INSERT INTO sales.targets VALUES ('emea', 15), ('apac', 25);
-- @as rp_alice
DELETE FROM sales.targets WHERE region = 'apac';
-- @as rp_alice
SELECT d.id, t.goal FROM sales.deals d JOIN sales.targets t ON d.region = t.region;
-- @as rp_alice
MERGE INTO sales.targets t USING sales.deals d ON t.region = d.region WHEN MATCHED THEN UPDATE SET goal = d.amount;
REVOKE ALL ON sales.targets FROM rp_alice;
-- @error @as rp_alice
SELECT * FROM sales.targets;
-- Rights through a role, through PUBLIC, and for every table of a schema.
GRANT USAGE ON SCHEMA sales TO rp_readers;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO rp_readers;
-- @as rp_bob
SELECT goal FROM sales.targets;
-- @error @as rp_alice
SELECT * FROM notes;
GRANT SELECT ON notes TO PUBLIC;
-- @as rp_alice
SELECT body FROM notes;
REVOKE SELECT ON notes FROM PUBLIC;
-- @error @as rp_alice
SELECT * FROM notes;
-- Creating needs CREATE on the schema (not even public has it, PostgreSQL 15).
-- @error @as rp_alice
CREATE TABLE mine (x integer);
-- @error @as rp_alice
CREATE SCHEMA mine;
GRANT CREATE ON SCHEMA sales TO rp_alice;
-- @as rp_alice
CREATE TABLE sales.mine (x integer);
-- @as rp_alice
INSERT INTO sales.mine VALUES (1);
-- Only the owner grants, alters and drops.
-- @error @as rp_bob
SELECT * FROM sales.mine;
-- @error @as rp_bob
DROP TABLE sales.mine;
-- @error @as rp_alice
DROP TABLE sales.deals;
-- @error @as rp_alice
ALTER TABLE sales.deals ADD COLUMN note text;
-- @error @as rp_alice
DROP SCHEMA sales CASCADE;
-- @as rp_alice
GRANT SELECT ON sales.mine TO rp_bob;
-- @as rp_bob
SELECT x FROM sales.mine;
-- A view reads its tables with its owner's rights.
-- @as rp_alice
CREATE VIEW sales.emea AS SELECT id, amount FROM sales.deals WHERE region = 'emea';
-- @error @as rp_bob
SELECT * FROM sales.emea;
-- @as rp_alice
GRANT SELECT ON sales.emea TO rp_bob;
REVOKE SELECT ON ALL TABLES IN SCHEMA sales FROM rp_readers;
-- @as rp_bob
SELECT amount FROM sales.emea;
-- @error @as rp_bob
SELECT * FROM sales.deals;
REVOKE SELECT ON sales.deals FROM rp_alice;
-- @error @as rp_bob
SELECT * FROM sales.emea;
-- @error
SELECT * FROM sales.emea;
-- Errors name what is wrong.
-- @error
GRANT SELECT ON nope TO rp_alice;
-- @error
GRANT SELECT ON notes TO rp_nobody;
-- @error
GRANT USAGE ON notes TO rp_alice;
-- @error
GRANT SELECT ON SCHEMA sales TO rp_alice;
-- @error
GRANT SELECT ON ALL TABLES IN SCHEMA nope TO rp_alice;
-- Ownership moves; a role that owns objects cannot be dropped.
-- @error
DROP ROLE rp_alice;
ALTER TABLE sales.mine OWNER TO rp_bob;
ALTER VIEW sales.emea OWNER TO rp_bob;
-- @as rp_bob
DROP TABLE sales.mine;
-- @as rp_bob
DROP VIEW sales.emea;
DROP SCHEMA sales CASCADE;
DROP ROLE rp_alice, rp_bob, rp_readers;
