-- Row-level security on the sales scenario: sales.deals in four regions,
-- read and written as emea_rep, apac_rep, finance and others, on every path
-- a query can take. Roles are global to a PostgreSQL cluster: the file drops
-- what it made first.
DROP ROLE IF EXISTS emea_rep, apac_rep, finance, territory_rep, rls_tom, rls_dana, rls_intern, rls_auditor, rls_owner;
CREATE SCHEMA sales;
CREATE TABLE sales.deals (deal_id integer, region text, product text, amount numeric(12,2), closed date, is_test boolean);
INSERT INTO sales.deals VALUES
  (1, 'EMEA', 'Cloud', 1200.00, DATE '2026-01-05', false),
  (2, 'EMEA', 'Support', 300.50, DATE '2026-01-06', false),
  (3, 'EMEA', 'Cloud', 99.99, DATE '2026-01-07', true),
  (4, 'EMEA', 'Hardware', 5000.00, DATE '2026-02-01', false),
  (5, 'APAC', 'Cloud', 800.00, DATE '2026-01-05', false),
  (6, 'APAC', 'Hardware', 2500.00, DATE '2026-01-09', false),
  (7, 'APAC', 'Support', 150.00, DATE '2026-02-03', false),
  (8, 'AMER', 'Cloud', 4100.00, DATE '2026-01-05', false),
  (9, 'AMER', 'Support', 0.00, DATE '2026-01-08', false),
  (10, 'AMER', 'Hardware', 7300.00, DATE '2026-02-10', true),
  (11, 'LATAM', 'Cloud', 640.00, DATE '2026-01-12', false),
  (12, 'LATAM', 'Support', 90.00, DATE '2026-02-14', false);
CREATE TABLE sales.regions (region text, manager text);
INSERT INTO sales.regions VALUES ('EMEA', 'Ines'), ('APAC', 'Kenji'), ('AMER', 'Maya'), ('LATAM', 'Luis');
CREATE TABLE sales.territories (rep text, region text);
INSERT INTO sales.territories VALUES ('rls_tom', 'AMER'), ('rls_tom', 'LATAM');
CREATE TABLE sales.adjustments (deal_id integer, delta numeric(12,2));
INSERT INTO sales.adjustments VALUES (1, 10.00), (5, 20.00), (8, 30.00);
CREATE TABLE sales.archive (deal_id integer, region text, product text, amount numeric(12,2), closed date, is_test boolean);
CREATE ROLE emea_rep;
CREATE ROLE apac_rep;
CREATE ROLE finance;
CREATE ROLE territory_rep;
CREATE ROLE rls_tom;
CREATE ROLE rls_dana;
CREATE ROLE rls_intern;
CREATE ROLE rls_auditor BYPASSRLS;
CREATE ROLE rls_owner;
GRANT territory_rep TO rls_tom;
GRANT finance TO rls_dana;
GRANT USAGE, CREATE ON SCHEMA sales TO emea_rep, apac_rep, finance, territory_rep, rls_intern, rls_auditor, rls_owner;
GRANT SELECT ON ALL TABLES IN SCHEMA sales TO emea_rep, apac_rep, finance, territory_rep, rls_intern, rls_auditor, rls_owner;
GRANT INSERT, UPDATE, DELETE ON sales.deals TO emea_rep, apac_rep;
GRANT INSERT ON sales.archive TO emea_rep;
-- Regional reps read and write their region; finance reads everything;
-- territory reps read the regions a mapping table gives them; test deals
-- are hidden from everyone (a restrictive policy).
ALTER TABLE sales.deals ENABLE ROW LEVEL SECURITY;
CREATE POLICY emea_only ON sales.deals FOR ALL TO emea_rep USING (region = 'EMEA') WITH CHECK (region = 'EMEA');
CREATE POLICY apac_only ON sales.deals TO apac_rep USING (region = 'APAC');
CREATE POLICY finance_reads_all ON sales.deals FOR SELECT TO finance USING (true);
CREATE POLICY territory ON sales.deals FOR SELECT TO territory_rep
  USING (region IN (SELECT t.region FROM sales.territories t WHERE t.rep = current_user));
CREATE POLICY no_test_deals ON sales.deals AS RESTRICTIVE FOR SELECT USING (NOT is_test);
-- Each role sees exactly its rows.
-- @as emea_rep
SELECT deal_id, region, amount FROM sales.deals ORDER BY deal_id;
-- @as apac_rep
SELECT deal_id, region, amount FROM sales.deals ORDER BY deal_id;
-- @as finance
SELECT deal_id, region, amount FROM sales.deals ORDER BY deal_id;
-- @as rls_tom
SELECT deal_id, region, amount FROM sales.deals ORDER BY deal_id;
-- Owners (a superuser here) and BYPASSRLS roles are not subject to policies.
SELECT count(*) FROM sales.deals;
-- @as rls_auditor
SELECT count(*) FROM sales.deals;
-- No policy for the role: no rows (fail closed), not an error.
-- @as rls_intern
SELECT count(*) FROM sales.deals;
-- The same question as two roles, one after the other.
-- @as emea_rep
SELECT region, count(*), sum(amount) FROM sales.deals GROUP BY region ORDER BY region;
-- @as apac_rep
SELECT region, count(*), sum(amount) FROM sales.deals GROUP BY region ORDER BY region;
-- Aggregates over the whole table count only visible rows.
-- @as emea_rep
SELECT count(*), min(amount), max(amount), sum(amount) FROM sales.deals;
-- @as emea_rep
SELECT count(*), min(closed), max(closed) FROM sales.deals WHERE closed >= DATE '2026-01-01';
-- A predicate that would fail on a hidden row never sees one.
-- @as emea_rep
SELECT count(*) FROM sales.deals WHERE 1/(CASE WHEN region <> 'EMEA' THEN 0 ELSE 1 END) = 1;
-- @as apac_rep
SELECT deal_id FROM sales.deals WHERE amount / (CASE WHEN region = 'APAC' THEN 1 ELSE 0 END) > 100 ORDER BY deal_id;
-- A filter that names other regions finds nothing.
-- @as emea_rep
SELECT count(*) FROM sales.deals WHERE region = 'APAC';
-- @as emea_rep
SELECT count(*) FROM sales.deals WHERE region <> 'EMEA' OR region IS NULL;
-- Joins, subqueries, CTEs, set operations, windows.
-- @as emea_rep
SELECT d.deal_id, r.manager FROM sales.deals d JOIN sales.regions r ON r.region = d.region ORDER BY d.deal_id;
-- @as apac_rep
SELECT r.region, count(d.deal_id) FROM sales.regions r LEFT JOIN sales.deals d ON d.region = r.region GROUP BY r.region ORDER BY r.region;
-- @as emea_rep
SELECT count(*) FROM (SELECT * FROM sales.deals WHERE amount > 100) s;
-- @as emea_rep
SELECT region FROM sales.regions WHERE region IN (SELECT region FROM sales.deals) ORDER BY region;
-- @as apac_rep
SELECT region FROM sales.regions r WHERE EXISTS (SELECT 1 FROM sales.deals d WHERE d.region = r.region) ORDER BY region;
-- @as emea_rep
SELECT (SELECT max(amount) FROM sales.deals) AS top;
-- @as emea_rep
WITH big AS (SELECT * FROM sales.deals WHERE amount > 200) SELECT deal_id, product FROM big ORDER BY deal_id;
-- @as finance
WITH per_region AS (SELECT region, sum(amount) AS total FROM sales.deals GROUP BY region) SELECT region, total FROM per_region ORDER BY region;
-- @as emea_rep
SELECT region FROM sales.deals UNION SELECT region FROM sales.regions ORDER BY region;
-- @as emea_rep
SELECT deal_id, sum(amount) OVER (ORDER BY deal_id), rank() OVER (ORDER BY amount DESC) FROM sales.deals ORDER BY deal_id;
-- @as rls_tom
SELECT region, count(*) FROM sales.deals GROUP BY region ORDER BY region;
-- Self-join: both sides are filtered.
-- @as emea_rep
SELECT count(*) FROM sales.deals a JOIN sales.deals b ON a.product = b.product;
-- Views are read with the querying user's policies (a security_invoker
-- view in PostgreSQL).
-- @tributary-only
CREATE VIEW sales.deal_totals AS SELECT region, count(*) AS deals, sum(amount) AS total FROM sales.deals GROUP BY region;
-- @pg-only
CREATE VIEW sales.deal_totals WITH (security_invoker = true) AS SELECT region, count(*) AS deals, sum(amount) AS total FROM sales.deals GROUP BY region;
GRANT SELECT ON sales.deal_totals TO emea_rep, apac_rep, finance;
-- @as emea_rep
SELECT * FROM sales.deal_totals ORDER BY region;
-- @as apac_rep
SELECT * FROM sales.deal_totals ORDER BY region;
-- @as finance
SELECT * FROM sales.deal_totals ORDER BY region;
-- Moving a user from finance to a regional role changes what they see at
-- their next query, with nothing else changed.
-- @as rls_dana
SELECT count(*) FROM sales.deals;
REVOKE finance FROM rls_dana;
GRANT apac_rep TO rls_dana;
-- @as rls_dana
SELECT count(*) FROM sales.deals;
-- @as rls_dana
SELECT deal_id FROM sales.deals ORDER BY deal_id;
-- Writes: INSERT ... SELECT and CREATE TABLE AS copy only visible rows.
-- @as emea_rep
INSERT INTO sales.archive SELECT * FROM sales.deals;
SELECT deal_id, region FROM sales.archive ORDER BY deal_id;
-- @as apac_rep
CREATE TABLE sales.apac_copy AS SELECT * FROM sales.deals;
SELECT deal_id, region FROM sales.apac_copy ORDER BY deal_id;
-- UPDATE and DELETE touch only rows the policy gives the role.
-- @as emea_rep
UPDATE sales.deals SET amount = amount + 1;
SELECT deal_id, amount FROM sales.deals ORDER BY deal_id;
-- @as apac_rep
DELETE FROM sales.deals WHERE amount < 1000;
-- @as emea_rep
DELETE FROM sales.deals WHERE deal_id = 9;
SELECT deal_id FROM sales.deals ORDER BY deal_id;
-- New rows must pass WITH CHECK.
-- @as emea_rep
INSERT INTO sales.deals VALUES (20, 'EMEA', 'Cloud', 10.00, DATE '2026-03-01', false);
-- @error @as emea_rep
INSERT INTO sales.deals VALUES (21, 'APAC', 'Cloud', 10.00, DATE '2026-03-01', false);
-- @error @as emea_rep
UPDATE sales.deals SET region = 'APAC' WHERE deal_id = 20;
-- @error @as apac_rep
INSERT INTO sales.deals VALUES (22, 'EMEA', 'Cloud', 10.00, DATE '2026-03-01', false);
-- @as apac_rep
INSERT INTO sales.deals VALUES (23, 'APAC', 'Cloud', 10.00, DATE '2026-03-01', false);
-- finance may read but has no write policy: nothing to update.
GRANT UPDATE ON sales.deals TO finance;
-- @as finance
UPDATE sales.deals SET amount = 0;
-- MERGE sees only the target rows the policy gives it.
GRANT UPDATE ON sales.adjustments TO emea_rep;
-- @as emea_rep
MERGE INTO sales.deals d USING sales.adjustments a ON d.deal_id = a.deal_id WHEN MATCHED THEN UPDATE SET amount = d.amount + a.delta;
SELECT deal_id, amount FROM sales.deals ORDER BY deal_id;
-- The owner is exempt unless FORCE ROW LEVEL SECURITY.
ALTER TABLE sales.deals OWNER TO rls_owner;
-- @as rls_owner
SELECT count(*) FROM sales.deals;
ALTER TABLE sales.deals FORCE ROW LEVEL SECURITY;
-- @as rls_owner
SELECT count(*) FROM sales.deals;
ALTER TABLE sales.deals NO FORCE ROW LEVEL SECURITY;
-- ALTER POLICY and DROP POLICY take effect at the next query.
ALTER POLICY apac_only ON sales.deals USING (region IN ('APAC', 'LATAM'));
-- @as apac_rep
SELECT deal_id, region FROM sales.deals ORDER BY deal_id;
DROP POLICY apac_only ON sales.deals;
-- @as apac_rep
SELECT count(*) FROM sales.deals;
-- Disabling row security shows everything again.
ALTER TABLE sales.deals DISABLE ROW LEVEL SECURITY;
-- @as apac_rep
SELECT count(*) FROM sales.deals;
-- Policy statements: errors name what was wrong.
-- @error
CREATE POLICY emea_only ON sales.deals USING (true);
-- @error
CREATE POLICY bad ON sales.deals USING (no_such_column = 1);
-- @error
CREATE POLICY bad ON sales.deals USING (amount);
-- @error
CREATE POLICY bad ON sales.nope USING (true);
-- @error
CREATE POLICY bad ON sales.deals TO no_such_role USING (true);
-- @error
CREATE POLICY bad ON sales.deals FOR SELECT USING (true) WITH CHECK (true);
-- @error
CREATE POLICY bad ON sales.deals FOR INSERT USING (true);
-- @error
DROP POLICY nope ON sales.deals;
DROP POLICY IF EXISTS nope ON sales.deals;
-- @error @as emea_rep
CREATE POLICY mine ON sales.deals USING (true);
-- @error @as emea_rep
ALTER TABLE sales.deals DISABLE ROW LEVEL SECURITY;
ALTER POLICY territory ON sales.deals RENAME TO territories;
-- @error
ALTER POLICY territory ON sales.deals USING (true);
DROP TABLE sales.apac_copy;
DROP VIEW sales.deal_totals;
DROP TABLE sales.deals;
DROP TABLE sales.archive;
DROP TABLE sales.adjustments;
DROP TABLE sales.territories;
DROP TABLE sales.regions;
DROP SCHEMA sales;
DROP ROLE emea_rep, apac_rep, finance, territory_rep, rls_tom, rls_dana, rls_intern, rls_auditor, rls_owner;
