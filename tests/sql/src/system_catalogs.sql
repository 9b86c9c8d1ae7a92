-- pg_catalog and information_schema over the warehouse's own objects, and the
-- functions and operators clients use on them: regular expressions, arrays
-- in their text form (ARRAY(subquery), array_to_string, = ANY, subscripts),
-- format_type, regclass. Owners are left out (the bootstrap role's name differs).
CREATE SCHEMA sc_sales;
CREATE TABLE sc_sales.deals (deal_id bigint PRIMARY KEY, region text NOT NULL, product_family varchar(20), sale_date date NOT NULL, amount numeric(12,2), closed_at timestamptz, ok boolean, score double precision, qty integer, tiny smallint);
CREATE TABLE sc_sales.regions (code text, name text);
CREATE VIEW sc_sales.big_deals AS SELECT deal_id, amount FROM sc_sales.deals WHERE amount > 100;
SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' ORDER BY 1;
SELECT n.nspname, c.relname, c.relkind, c.relnatts, c.relrowsecurity, c.relforcerowsecurity, c.relispartition FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'sc_sales' AND c.relkind IN ('r', 'v') ORDER BY 2;
SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p','v') AND n.nspname OPERATOR(pg_catalog.~) '^(sc_sales)$' COLLATE pg_catalog.default AND c.relname OPERATOR(pg_catalog.~) '^(deals)$' COLLATE pg_catalog.default;
SELECT a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attisdropped FROM pg_catalog.pg_attribute a WHERE a.attrelid = 'sc_sales.deals'::regclass AND a.attnum > 0 ORDER BY a.attnum;
SELECT a.attname, t.typname, a.attlen, a.atttypmod FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid JOIN pg_class c ON c.oid = a.attrelid WHERE c.relname = 'deals' AND a.attnum > 0 ORDER BY a.attnum;
SELECT pg_catalog.pg_table_is_visible(c.oid), c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('sc_sales', 'pg_catalog') AND c.relname IN ('deals', 'pg_class', 'pg_namespace') ORDER BY 2;
CREATE TABLE public.sc_visible (a int);
SELECT pg_table_is_visible('sc_visible'::regclass), pg_table_is_visible('public.sc_visible'::regclass);
DROP TABLE public.sc_visible;
SELECT 'pg_class'::regclass = (SELECT c.oid FROM pg_class c WHERE c.relname = 'pg_class'), 'sc_sales.deals'::regclass = (SELECT c.oid FROM pg_class c WHERE c.relname = 'deals');
-- @error
SELECT 'sc_sales.nothing'::regclass;
SELECT schemaname, tablename, hasrules, hastriggers, rowsecurity FROM pg_tables WHERE schemaname = 'sc_sales' ORDER BY 2;
SELECT schemaname, viewname FROM pg_views WHERE schemaname = 'sc_sales';
SELECT count(*) FROM pg_catalog.pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE c.relname = 'regions';
SELECT count(*) FROM pg_catalog.pg_description d WHERE d.objoid = 'sc_sales.regions'::regclass;
SELECT catalog_name = current_database(), schema_name FROM information_schema.schemata WHERE schema_name LIKE 'sc_%' ORDER BY 2;
SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema = 'sc_sales' ORDER BY table_name;
SELECT column_name, ordinal_position, is_nullable, data_type, character_maximum_length, numeric_precision, numeric_precision_radix, numeric_scale, datetime_precision, udt_name FROM information_schema.columns WHERE table_schema = 'sc_sales' AND table_name = 'deals' ORDER BY ordinal_position;
SELECT column_name, ordinal_position, data_type, numeric_precision, numeric_scale FROM information_schema.columns WHERE table_schema = 'sc_sales' AND table_name = 'big_deals' ORDER BY ordinal_position;
SELECT table_name, check_option FROM information_schema.views WHERE table_schema = 'sc_sales';
-- Row-level security: the flags and the policies (their expressions' text differs from PostgreSQL's deparsing).
DROP ROLE IF EXISTS sc_reader;
CREATE ROLE sc_reader;
ALTER TABLE sc_sales.regions ENABLE ROW LEVEL SECURITY;
ALTER TABLE sc_sales.regions FORCE ROW LEVEL SECURITY;
ALTER TABLE sc_sales.deals ENABLE ROW LEVEL SECURITY;
CREATE POLICY emea_only ON sc_sales.deals FOR SELECT TO sc_reader USING (region = 'EMEA');
CREATE POLICY positive ON sc_sales.deals AS RESTRICTIVE USING (amount > 0) WITH CHECK (amount < 100);
SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'sc_sales' AND c.relkind = 'r' ORDER BY 1;
SELECT tablename, rowsecurity FROM pg_tables WHERE schemaname = 'sc_sales' ORDER BY 1;
SELECT schemaname, tablename, policyname, permissive, roles, cmd, qual IS NULL, with_check IS NULL FROM pg_policies WHERE schemaname = 'sc_sales' ORDER BY policyname;
SELECT pol.polname, pol.polcmd, pol.polpermissive, pol.polroles = '{0}', pol.polrelid = 'sc_sales.deals'::regclass, pol.polqual IS NOT NULL, pol.polwithcheck IS NOT NULL FROM pg_policy pol ORDER BY 1;
SELECT array_to_string(ARRAY(SELECT rolname FROM pg_roles WHERE oid::text = ANY ((SELECT polroles FROM pg_policy WHERE polname = 'emea_only')::text[]) ORDER BY 1), ',');
DROP POLICY emea_only ON sc_sales.deals;
DROP ROLE sc_reader;
-- Privileges: has_table_privilege, has_schema_privilege, and information_schema showing what a role may use.
DROP ROLE IF EXISTS sc_viewer;
CREATE ROLE sc_viewer;
GRANT USAGE ON SCHEMA sc_sales TO sc_viewer;
GRANT SELECT ON sc_sales.regions TO sc_viewer;
SELECT has_table_privilege('sc_viewer', 'sc_sales.regions', 'SELECT'), has_table_privilege('sc_viewer', 'sc_sales.deals', 'SELECT'), has_table_privilege('sc_viewer', 'sc_sales.regions', 'INSERT, SELECT'), has_table_privilege('sc_viewer', 'sc_sales.regions', 'INSERT'), has_schema_privilege('sc_viewer', 'sc_sales', 'USAGE'), has_schema_privilege('sc_viewer', 'sc_sales', 'CREATE'), has_schema_privilege('sc_viewer', 'public', 'USAGE'), has_schema_privilege('sc_viewer', 'public', 'CREATE');
SELECT has_table_privilege('sc_sales.regions', 'SELECT'), has_schema_privilege('sc_sales', 'CREATE'), has_table_privilege('pg_catalog.pg_class', 'select');
SELECT c.relname, has_table_privilege('sc_viewer', c.oid, 'SELECT'), has_table_privilege(c.oid, 'SELECT') FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'sc_sales' AND c.relkind IN ('r', 'v') ORDER BY 1;
SELECT n.nspname, has_schema_privilege('sc_viewer', n.oid, 'USAGE') FROM pg_namespace n WHERE n.nspname IN ('sc_sales', 'public', 'pg_catalog') ORDER BY 1;
-- @as sc_viewer
SELECT table_name FROM information_schema.tables WHERE table_schema = 'sc_sales' ORDER BY 1;
-- @as sc_viewer
SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = 'sc_sales' ORDER BY 1;
-- @as sc_viewer
SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'sc_%';
-- @error
SELECT has_table_privilege('sc_sales.regions', 'FLY');
-- @error
SELECT has_table_privilege('sc_sales.nothing', 'SELECT');
REVOKE SELECT ON sc_sales.regions FROM sc_viewer;
REVOKE USAGE ON SCHEMA sc_sales FROM sc_viewer;
DROP ROLE sc_viewer;
-- Catalog functions.
SELECT current_schema(), current_schemas(false), current_schemas(true), (current_schemas(true))[1], (current_schemas(true))[5];
SELECT version() LIKE 'PostgreSQL 15.%', pg_catalog.pg_encoding_to_char(6);
SELECT format_type(23, -1), format_type(1043, 24), format_type(1043, -1), format_type(1700, 786438), format_type(1184, -1), format_type(NULL, 1), format_type(25, NULL);
SELECT obj_description('sc_sales.deals'::regclass, 'pg_class'), col_description('sc_sales.deals'::regclass, 1);
-- Settings: current_setting reads and set_config changes them like SHOW and SET.
SELECT current_setting('TimeZone'), current_setting('DateStyle'), current_setting('statement_timeout'), current_setting('search_path'), current_setting('no_such_setting', true);
-- @error
SELECT current_setting('no_such_setting');
SELECT current_setting('server_version_num')::int / 10000, current_setting('server_encoding'), current_setting('server_version') LIKE '15.%';
-- @error
SET server_version = '16.0';
-- @error
SELECT set_config('server_version_num', '1', false);
SELECT set_config('statement_timeout', '5s', false), current_setting('statement_timeout');
-- @error
SELECT set_config('no_such_setting', '1', false);
-- @error
SELECT set_config('statement_timeout', 'soon', false);
SELECT pg_size_pretty(v) FROM (VALUES (0::bigint), (10239::bigint), (10240::bigint), (10751::bigint), (20971519::bigint), (20971520::bigint), (1073741824::bigint), (-10240::bigint), (-52428800::bigint), (9223372036854775807::bigint), (NULL::bigint)) t(v);
-- Regular expressions.
SELECT 'deals' ~ '^d', 'deals' ~ 'x', 'Deals' ~* '^d', 'Deals' !~ '^d', 'Deals' !~* '^d', 'abc' ~ 'a(b|x)c$', 'a.c' ~ '^a\.c$';
SELECT region FROM (VALUES ('EMEA'), ('APAC'), ('AMER'), (NULL)) v(region) WHERE region ~ '^(EM|AM)' ORDER BY 1;
SELECT NULL::text ~ 'a', 'a' ~ NULL::text;
-- @error
SELECT 'a' ~ '(';
-- @error
SELECT 1 ~ 'a';
-- Arrays.
SELECT ARRAY(SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'sc_sales' AND c.relkind IN ('r', 'v') ORDER BY 1);
SELECT ARRAY(SELECT relname FROM pg_class WHERE relname = 'none');
SELECT ARRAY(SELECT v FROM (VALUES (3), (1), (NULL), (2)) t(v) ORDER BY v);
SELECT ARRAY(SELECT v FROM (VALUES ('a b'), ('x,y'), ('')) t(v) ORDER BY 1 DESC);
SELECT array_to_string(ARRAY(SELECT v FROM (VALUES ('b'), ('a')) t(v) ORDER BY v), ', ');
SELECT pg_catalog.array_to_string(NULL::text[], ','), array_to_string('{a,NULL,"c d"}'::text[], '|');
SELECT c.relname, ARRAY(SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 ORDER BY a.attnum) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'sc_sales' AND c.relkind IN ('r', 'v') ORDER BY 1;
SELECT 'b' = ANY ('{a,b}'::text[]), 'z' = ANY ('{a,b}'::text[]), 'z' <> ALL ('{a,b}'::text[]), 'a' <> ALL ('{a,b}'::text[]);
SELECT ('{x,y,z}'::text[])[2], ('{x,y,z}'::text[])[4];
DROP VIEW sc_sales.big_deals;
DROP SCHEMA sc_sales CASCADE;
