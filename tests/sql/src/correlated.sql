-- Correlated subqueries beyond equality keys. An aggregate subquery whose
-- correlation is not `inner = outer` (a range, an ANY over an array, an
-- outer column inside an expression), or whose select list or aggregate
-- uses the outer row, is computed once per distinct value of the outer
-- columns it uses and joined back on them with IS NOT DISTINCT FROM (a
-- NULL outer value has its own answer). Subqueries inside aggregate
-- arguments run once per input row, below the aggregate. Nested
-- correlation as in psql's \dp, IS NOT DISTINCT FROM joins with NULL keys.
CREATE TABLE reps (id integer, name text, region text, quota integer, regions text);
INSERT INTO reps VALUES (1, 'ana', 'EMEA', 100, '{EMEA,APAC}'), (2, 'bo', 'APAC', 250, '{APAC}'), (3, 'cy', 'AMER', 175, '{}'), (4, 'di', NULL, 50, NULL), (5, 'ed', 'EMEA', NULL, '{EMEA}');
CREATE TABLE deals (id integer, rep integer, region text, amount integer);
INSERT INTO deals VALUES (10, 1, 'EMEA', 40), (11, 1, 'EMEA', 90), (12, 2, 'APAC', 300), (13, 2, 'APAC', 20), (14, 3, 'AMER', 175), (15, 5, 'EMEA', 60), (16, NULL, 'EMEA', 10), (17, 4, NULL, 70), (18, 3, 'AMER', 5);
CREATE TABLE codes (ids text, label text);
INSERT INTO codes VALUES ('{1,2}', 'one-two'), ('{3}', 'three'), ('{}', 'none'), (NULL, 'null'), ('{4,5,1}', 'mixed');
-- a range correlation in a count and a sum
SELECT r.name, (SELECT count(*) FROM deals d WHERE d.amount >= r.quota) FROM reps r ORDER BY r.id;
SELECT r.name, (SELECT sum(d.amount) FROM deals d WHERE d.amount < r.quota AND d.region = r.region) FROM reps r ORDER BY r.id;
SELECT r.name FROM reps r WHERE (SELECT max(d.amount) FROM deals d WHERE d.rep = r.id) > r.quota ORDER BY r.name;
-- an outer column inside an expression, and NULL outer values
SELECT r.name, (SELECT count(*) FROM deals d WHERE coalesce(d.region, 'none') = coalesce(r.region, 'none')) FROM reps r ORDER BY r.id;
SELECT r.name, (SELECT count(d.id) FROM deals d WHERE d.rep IS NOT DISTINCT FROM r.quota / 50 - 1) FROM reps r ORDER BY r.id;
-- the outer row in the subquery's select list and aggregate
SELECT r.name, (SELECT max(d.amount) - r.quota FROM deals d WHERE d.rep = r.id) FROM reps r ORDER BY r.id;
SELECT r.name, (SELECT sum(d.amount * r.id) FROM deals d WHERE d.rep = r.id) FROM reps r ORDER BY r.id;
SELECT r.name, (SELECT r.name || ':' || d.amount FROM deals d WHERE d.id = r.id + 9) FROM reps r ORDER BY r.id;
-- ANY over an array column, as psql's \d footers use it
SELECT c.label, array_to_string(ARRAY(SELECT r.name FROM reps r WHERE r.id = ANY (c.ids::integer[]) ORDER BY 1), ',') FROM codes c ORDER BY c.label;
SELECT c.label, (SELECT count(*) FROM reps r WHERE r.id = ANY (c.ids::integer[])) FROM codes c ORDER BY c.label;
-- the same outer value twice reads the same answer
SELECT d.id, (SELECT count(*) FROM reps r WHERE r.quota > d.amount) FROM deals d ORDER BY d.id;
-- a subquery inside an aggregate's argument runs per input row
SELECT d.region, sum((SELECT r.quota FROM reps r WHERE r.id = d.rep)) FROM deals d GROUP BY d.region ORDER BY d.region;
SELECT string_agg(d.id || '>' || (SELECT count(*) FROM reps r WHERE r.quota < d.amount), ',' ORDER BY d.id) FROM deals d;
SELECT count((SELECT r.name FROM reps r WHERE r.id = d.rep AND r.region = d.region)) FROM deals d;
-- nested correlation: an ARRAY subquery inside a correlated ARRAY subquery
SELECT r.name, array_to_string(ARRAY(SELECT d.id || ':' || array_to_string(ARRAY(SELECT c.label FROM codes c WHERE d.rep = ANY (c.ids::integer[]) ORDER BY 1), '/') FROM deals d WHERE d.rep = r.id ORDER BY d.id), ' ') FROM reps r ORDER BY r.id;
-- EXISTS and IN with a non-equality correlation
SELECT r.name FROM reps r WHERE EXISTS (SELECT 1 FROM deals d WHERE d.rep = r.id AND d.amount > r.quota) ORDER BY r.name;
SELECT r.name FROM reps r WHERE r.quota IN (SELECT d.amount FROM deals d WHERE d.amount >= r.quota) ORDER BY r.name;
-- a scalar subquery that finds two rows for one outer row
-- @error
SELECT r.name, (SELECT d.amount + r.id FROM deals d WHERE d.rep = r.id) FROM reps r;
-- IS NOT DISTINCT FROM joins: NULL keys meet
SELECT r.name, d.id FROM reps r JOIN deals d ON r.region IS NOT DISTINCT FROM d.region WHERE r.region IS NULL OR d.id < 12 ORDER BY r.name, d.id;
SELECT r.name, count(d.id) FROM reps r LEFT JOIN deals d ON r.region IS NOT DISTINCT FROM d.region GROUP BY r.name ORDER BY r.name;
SELECT count(*) FROM deals a JOIN deals b ON a.rep IS NOT DISTINCT FROM b.rep AND a.region IS NOT DISTINCT FROM b.region;
SELECT count(*) FROM deals a JOIN deals b ON a.rep = b.rep AND a.region IS NOT DISTINCT FROM b.region;
