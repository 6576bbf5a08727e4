#!/usr/bin/env bash
# Creates the app's login role tc_web as a member of the group role tc_app. The migrations (run as the owner by the
# compose service "migrate") give tc_app everything on the case tables but only INSERT and SELECT on audit_entries and
# audit_chain; they create tc_app themselves too, and accept it existing already. tc_web is not the owner, not a superuser,
# and may not create roles or databases, so the append-only grants hold for the running app.
#
# The postgres image runs this on the first start of an empty data volume (/docker-entrypoint-initdb.d). For a volume made
# before, or to change the password to a new TC_APP_DB_PASSWORD, run it once by hand:
#   docker compose exec db bash /docker-entrypoint-initdb.d/10-app-role.sh
set -euo pipefail

: "${TC_APP_DB_PASSWORD:?set TC_APP_DB_PASSWORD, the password of the app role tc_web}"
: "${POSTGRES_USER:?}" "${POSTGRES_DB:?}"

PGOPTIONS='-c client_min_messages=warning' psql -v ON_ERROR_STOP=1 -X -q --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v app_password="$TC_APP_DB_PASSWORD" <<'SQL'
SELECT 'CREATE ROLE tc_app NOLOGIN'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tc_app')
\gexec
SELECT 'CREATE ROLE tc_web LOGIN'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tc_web')
\gexec
SELECT format('ALTER ROLE tc_web WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD %L', :'app_password')
\gexec
GRANT tc_app TO tc_web;
SQL
echo "10-app-role.sh: the app role tc_web (member of tc_app) is ready" >&2
