-- CREATE/ALTER/DROP ROLE and USER, role membership, SET ROLE / RESET ROLE
-- and CURRENT_USER. Roles are global to a PostgreSQL cluster, so every name
-- here starts with rt_ and the file drops what it made.
DROP ROLE IF EXISTS rt_analyst, rt_bob, rt_team, rt_lead, rt_x, rt_y;
SELECT current_user = session_user, current_role = current_user;
CREATE ROLE rt_analyst LOGIN PASSWORD 'pencil' VALID UNTIL '2030-01-01 00:00:00+00';
CREATE USER rt_bob;
CREATE ROLE rt_team NOLOGIN INHERIT;
CREATE ROLE rt_lead SUPERUSER BYPASSRLS;
-- @error
CREATE ROLE rt_analyst;
-- @error
CREATE USER rt_bob PASSWORD 'x';
-- @error
CREATE ROLE pg_rt;
-- @error
CREATE ROLE public;
-- @error
CREATE ROLE none;
-- @error
CREATE ROLE rt_x VALID UNTIL 'not a time';
-- @error
CREATE ROLE rt_x LOGIN NOLOGIN;
-- @error
CREATE ROLE rt_x PASSWORD 'a' PASSWORD 'b';
ALTER ROLE rt_analyst NOLOGIN PASSWORD NULL;
ALTER ROLE rt_analyst PASSWORD 'another' VALID UNTIL 'infinity';
ALTER USER rt_bob NOSUPERUSER NOBYPASSRLS NOINHERIT;
-- @error
ALTER ROLE rt_nobody LOGIN;
ALTER ROLE rt_analyst RENAME TO rt_x;
-- @error
ALTER ROLE rt_analyst RENAME TO rt_y;
-- @error
ALTER ROLE rt_x RENAME TO rt_bob;
ALTER ROLE rt_x RENAME TO rt_analyst;
GRANT rt_team TO rt_bob;
GRANT rt_team TO rt_analyst WITH ADMIN OPTION;
-- A second grant is a no-op (PostgreSQL only notices it).
GRANT rt_team TO rt_bob;
-- @error
GRANT rt_bob TO rt_bob;
-- @error
GRANT rt_bob TO rt_team;
GRANT rt_bob TO rt_lead;
-- @error
GRANT rt_lead TO rt_team;
-- @error
GRANT rt_nobody TO rt_bob;
-- @error
GRANT rt_team TO rt_nobody;
-- Revoking what was never granted only warns.
REVOKE rt_team FROM rt_lead;
REVOKE ADMIN OPTION FOR rt_team FROM rt_analyst;
REVOKE rt_team FROM rt_analyst;
-- SET ROLE changes CURRENT_USER, not SESSION_USER.
-- @as rt_bob
SELECT current_user, current_role, session_user <> current_user;
-- A role without CREATEROLE may not manage roles.
-- @error @as rt_bob
CREATE ROLE rt_y;
-- @error @as rt_bob
ALTER ROLE rt_team LOGIN;
-- @error @as rt_bob
DROP ROLE rt_team;
-- @error @as rt_bob
GRANT rt_team TO rt_analyst;
-- @error @as rt_bob
ALTER ROLE rt_lead NOLOGIN;
-- Only a superuser may make a superuser or a BYPASSRLS role.
ALTER ROLE rt_analyst CREATEROLE;
-- @error @as rt_analyst
CREATE ROLE rt_y SUPERUSER;
-- @error @as rt_analyst
CREATE ROLE rt_y BYPASSRLS;
-- @as rt_analyst
CREATE ROLE rt_y LOGIN;
-- @as rt_analyst
DROP ROLE rt_y;
-- @error @as rt_analyst
DROP ROLE rt_lead;
-- @as rt_bob
SELECT current_user;
SELECT current_user = session_user;
-- @error
SET ROLE rt_nobody;
-- @error
DROP ROLE rt_nobody;
DROP ROLE IF EXISTS rt_nobody;
DROP USER rt_bob, rt_team;
DROP ROLE rt_analyst, rt_lead;
-- @error
DROP ROLE rt_bob;
DROP ROLE IF EXISTS rt_analyst, rt_bob, rt_team, rt_lead, rt_x, rt_y;
