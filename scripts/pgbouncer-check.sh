#!/usr/bin/env bash
# Runs the app behind PgBouncer in transaction mode and says whether it works (issue 15, ADR 028).
#
#   scripts/pgbouncer-check.sh
#
# Starts its own PostgreSQL cluster and a PgBouncer (Debian's pgbouncer package, installed with apt-get when missing) in
# a temp dir, migrates directly as the owner (as docs/operations.md says to), then, through PgBouncer only, as the app
# role tc_web: seeds the demo data, starts the web app, signs in, opens a child, saves a note, runs `tc sweep`, checks
# that a sweep lock held by another client through PgBouncer makes `tc sweep` skip, lets the email sender try its
# queue, and runs `tc verify-audit`. Also shows why session-level advisory locks cannot be used behind it.
#
# Reads:   TC_POOL_PG_PORT (default 56140), TC_POOL_PORT (PgBouncer, 56141), TC_POOL_WEB_PORT (56142),
#          TC_BUILD_CONFIGURATION (Debug), TC_NO_BUILD (use the built app as it is), TC_KEEP_TEST_DIR, TC_PG_BIN,
#          TC_NO_INSTALL.
# Prints one line per step ("ok: …" or "FAILED: …") and ends with "pgbouncer check: N passed, M failed"; exit 0 only
# when every step passed.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source-path=SCRIPTDIR source=lib/postgres.sh
source "$REPO/scripts/lib/postgres.sh"
# shellcheck source-path=SCRIPTDIR source=lib/dotnet.sh
source "$REPO/scripts/lib/dotnet.sh"
# shellcheck source-path=SCRIPTDIR source=lib/web.sh
source "$REPO/scripts/lib/web.sh"

PG_PORT="${TC_POOL_PG_PORT:-56140}"
POOL_PORT="${TC_POOL_PORT:-56141}"
WEB_PORT="${TC_POOL_WEB_PORT:-56142}"
CONF="${TC_BUILD_CONFIGURATION:-Debug}"
DB=trafficking_cases
APP_PASSWORD=pool-check-app-role
PASSWORD=demo-password-2026
BASE="http://127.0.0.1:$WEB_PORT"
FORWARDED="X-Forwarded-Proto: https"

tc_require_dotnet
tc_find_pg_bin
command -v curl >/dev/null 2>&1 || tc_apt_install curl || tc__die "curl is needed"
if ! command -v pgbouncer >/dev/null 2>&1; then
    tc_apt_install pgbouncer || tc__die "pgbouncer is not installed and cannot be installed here: sudo apt-get install -y pgbouncer"
fi
echo "$(pgbouncer --version | head -n 1); PostgreSQL $("$TC_PG_BIN/postgres" --version | awk '{print $3}')"

for port in "$PG_PORT" "$POOL_PORT" "$WEB_PORT"; do
    ! tc_port_in_use "$port" || tc__die "port $port is in use; set TC_POOL_PG_PORT, TC_POOL_PORT, TC_POOL_WEB_PORT"
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tc-pgbouncer.XXXXXX")"
chmod 755 "$WORK" # the postgres OS user runs PostgreSQL and PgBouncer and must get through it
mkdir -p "$WORK/pg" "$WORK/pool"
APP_PID=""
HOLDER_PID=""
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    local rc=$?
    [[ -n "$HOLDER_PID" ]] && kill "$HOLDER_PID" 2>/dev/null
    [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
    if [[ -f "$WORK/pool/pgbouncer.pid" ]]; then
        kill "$(cat "$WORK/pool/pgbouncer.pid")" 2>/dev/null || true
    fi
    tc_stop_cluster "$WORK/pg/data" >/dev/null 2>&1 || true
    if [[ -n "${TC_KEEP_TEST_DIR:-}" ]]; then
        echo "kept $WORK (TC_KEEP_TEST_DIR is set)" >&2
    else
        rm -rf "$WORK"
    fi
    return "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PASSED=0
FAILED=0
ok() { echo "ok: $*"; PASSED=$((PASSED + 1)); }
failed() { echo "FAILED: $*"; FAILED=$((FAILED + 1)); }
# check LABEL COMMAND...: runs the command; ok or FAILED with its output
check() {
    local label="$1" out
    shift
    if out="$("$@" 2>&1)"; then
        ok "$label${out:+: $(tail -n 1 <<<"$out")}"
    else
        failed "$label: $(tail -n 5 <<<"$out")"
    fi
}

# --- PostgreSQL, the app role, PgBouncer --------------------------------------------------------------------------
tc_start_cluster "$WORK/pg/data" "$PG_PORT" --fsync-off
tc_ensure_database "$PG_PORT" "$DB"
psql_direct() { tc__psql "$PG_PORT" -d "$DB" "$@"; }
# The pooler's own clients: the app role and the owner (for seed-demo and the lock demonstration).
psql_pooled() { PGPASSWORD="$APP_PASSWORD" "$TC_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$POOL_PORT" -U tc_web "$@"; }

# Passwords in the auth file in clear are fine for a throwaway check; in production give PgBouncer the SCRAM secrets
# (docs/operations.md, "Behind a connection pooler").
cat >"$WORK/pool/userlist.txt" <<EOF
"tc_web" "$APP_PASSWORD"
"$TC_PG_SUPERUSER" "$TC_PG_PASSWORD"
EOF
cat >"$WORK/pool/pgbouncer.ini" <<EOF
[databases]
$DB = host=127.0.0.1 port=$PG_PORT dbname=$DB
; One server connection: shows what a session-level lock does behind a pooler in transaction mode.
lockdemo = host=127.0.0.1 port=$PG_PORT dbname=$DB pool_size=1

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $POOL_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $WORK/pool/userlist.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 400
logfile = $WORK/pool/pgbouncer.log
pidfile = $WORK/pool/pgbouncer.pid
EOF
if tc__is_root; then chown -R "$(tc__pg_os_user):" "$WORK/pool"; fi
chmod 600 "$WORK/pool/userlist.txt"
tc__as_pg pgbouncer -d "$WORK/pool/pgbouncer.ini" || tc__die "pgbouncer did not start; see $WORK/pool/pgbouncer.log"
for _ in $(seq 50); do tc_port_in_use "$POOL_PORT" && break; sleep 0.1; done
echo "PostgreSQL on 127.0.0.1:$PG_PORT, PgBouncer (pool_mode = transaction) on 127.0.0.1:$POOL_PORT"

# --- The app ---------------------------------------------------------------------------------------------------
cd "$REPO"
if [[ -z "${TC_NO_BUILD:-}" ]]; then
    dotnet build src/TraffickingCases.Web -c "$CONF" --nologo -v q >&2
    dotnet build src/TraffickingCases.Cli -c "$CONF" --nologo -v q >&2
fi
CLI_DLL="$REPO/src/TraffickingCases.Cli/bin/$CONF/net10.0/tc.dll"
WEB_DLL="$REPO/src/TraffickingCases.Web/bin/$CONF/net10.0/TraffickingCases.Web.dll"
[[ -f "$CLI_DLL" && -f "$WEB_DLL" ]] || tc__die "the $CONF build is missing ($CLI_DLL); build it or unset TC_NO_BUILD"
DIRECT_OWNER="$(tc_connection_string "$PG_PORT" "$DB")"
POOLED_APP="Host=127.0.0.1;Port=$POOL_PORT;Database=$DB;Username=tc_web;Password=$APP_PASSWORD;No Reset On Close=true;Max Auto Prepare=0"
export Exports__PseudonymKey="dGVzdC1vbmx5LXBzZXVkb255bS1rZXktMzItYnl0ZXMhIQ=="
tc_direct() { ConnectionStrings__Cases="$DIRECT_OWNER" dotnet "$CLI_DLL" "$@"; }
tc_pooled() { ConnectionStrings__Cases="$POOLED_APP" dotnet "$CLI_DLL" "$@"; }

check "tc migrate, directly as the owner" tc_direct migrate
psql_direct -v pw="$APP_PASSWORD" >/dev/null <<'SQL'
SELECT format('CREATE ROLE tc_web LOGIN PASSWORD %L IN ROLE tc_app', :'pw')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tc_web')
\gexec
SQL
check "psql through PgBouncer as tc_web" psql_pooled -d "$DB" -tAc "SELECT 'connected as ' || current_user"
check "tc seed-demo through PgBouncer" env ASPNETCORE_ENVIRONMENT=Development bash -c \
    'ConnectionStrings__Cases="$1" dotnet "$2" seed-demo --children 50' _ "$POOLED_APP" "$CLI_DLL"

# A mail server that is not there: the sender still takes its lock, tries, and records each failed attempt.
MAIL_PORT=$((WEB_PORT + 1))
# As scripts/bench-pages.sh starts it: Production, with the demo accounts' password alone, no rate limits.
(
    cd src/TraffickingCases.Web
    ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$BASE" ConnectionStrings__Cases="$POOLED_APP" \
        Security__RequireMfa=false Security__CheckProductionSecrets=false RateLimiting__Enabled=false \
        Rules__SweepEnabled=false Notifications__IntervalSeconds=1 \
        Email__Host=127.0.0.1 Email__Port="$MAIL_PORT" Email__Security=None Email__From=cases@example.test \
        exec dotnet "$WEB_DLL"
) >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 120); do
    curl -sf "$BASE/health/live" >/dev/null 2>&1 && break
    kill -0 "$APP_PID" 2>/dev/null || break
    sleep 0.5
done
if curl -sf -H "$FORWARDED" "$BASE/health/ready" >/dev/null 2>&1; then
    ok "the web app started through PgBouncer and /health/ready answers 200"
else
    failed "the web app is not ready: $(tail -n 5 "$WORK/app.log")"
fi

# --- Sign in, view a child, save a note ----------------------------------------------------------------------------
# The app's cookies are Secure (__Host-): curl keeps none over plain http, so they are carried by hand.
page="$WORK/page.html"
headers="$WORK/headers.txt"
COOKIES=""
# web CURL-ARGS...: one request with the cookies so far; sets CODE to its status and keeps the cookies it sets
web() {
    CODE=$(curl -sS -D "$headers" -H "$FORWARDED" ${COOKIES:+-H "Cookie: $COOKIES"} -o "$page" -w '%{http_code}' "$@")
    COOKIES="$(merge_cookies "$COOKIES" "$headers")"
}
web "$BASE/sign-in"
web --data-urlencode "Email=caseworker@demo.test" --data-urlencode "Password=$PASSWORD" \
    --data-urlencode "__RequestVerificationToken=$(form_token "$page")" "$BASE/sign-in"
[[ "$CODE" == 302 ]] && ok "sign in (302)" || failed "sign in answered $CODE"
child="$(psql_direct -tAc "SELECT c.id FROM children c JOIN organisations o ON o.id = c.organisation_id WHERE o.code = 'NSC' ORDER BY c.id LIMIT 1")"
web "$BASE/children/$child"
[[ "$CODE" == 200 ]] && ok "view a child (200)" || failed "the child page answered $CODE"
notes_before="$(psql_direct -tAc "SELECT count(*) FROM case_notes WHERE child_id = '$child'")"
web "$BASE/children/$child/notes/new"
web --data-urlencode "__RequestVerificationToken=$(form_token "$page")" --data-urlencode "Form.Text=Checked behind PgBouncer" \
    "$BASE/children/$child/notes/new"
notes_after="$(psql_direct -tAc "SELECT count(*) FROM case_notes WHERE child_id = '$child'")"
if [[ "$CODE" == 302 && "$notes_after" == $((notes_before + 1)) ]]; then
    ok "save a note (302; the note is stored)"
else
    failed "saving a note answered $CODE; notes $notes_before before, $notes_after after"
fi

# --- The sweep and its lock ------------------------------------------------------------------------------------
check "tc sweep --all through PgBouncer" tc_pooled sweep --all

# Another client holds the sweep's lock as the app does (an open transaction, idle) through PgBouncer.
{
    echo "BEGIN; SELECT pg_try_advisory_xact_lock(7270000);"
    sleep 60
    echo "COMMIT;"
} | psql_pooled -d "$DB" >/dev/null 2>&1 &
HOLDER_PID=$!
for _ in $(seq 50); do
    [[ "$(psql_direct -tAc "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 7270000 AND granted")" == 1 ]] && break
    sleep 0.1
done
if out="$(tc_pooled sweep 2>&1)"; then
    failed "tc sweep ran while another client held the sweep lock: $out"
elif grep -q "another sweep is running" <<<"$out"; then
    ok "tc sweep skips while another client holds the lock through PgBouncer: $(tail -n 1 <<<"$out")"
else
    failed "tc sweep failed: $out"
fi
kill "$HOLDER_PID" 2>/dev/null || true
wait "$HOLDER_PID" 2>/dev/null || true
HOLDER_PID=""
for _ in $(seq 50); do
    [[ "$(psql_direct -tAc "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 7270000")" == 0 ]] && break
    sleep 0.1
done
check "tc sweep runs once the other client has gone" tc_pooled sweep

# --- The email sender (its lock, its marks) --------------------------------------------------------------------
queued="$(psql_direct -tAc "SELECT count(*) FROM outbox_messages")"
for _ in $(seq 30); do
    [[ "$(psql_direct -tAc "SELECT count(*) FROM outbox_messages WHERE attempts > 0")" != 0 ]] && break
    sleep 1
done
tried="$(psql_direct -tAc "SELECT count(*) FROM outbox_messages WHERE attempts > 0")"
if ((queued == 0)); then
    echo "note: no email was queued, so the sender had nothing to try"
elif ((tried > 0)); then
    ok "the email sender ran through PgBouncer: $tried of $queued queued emails tried (no mail server, so kept for retry)"
else
    failed "the email sender tried none of $queued queued emails"
fi

# --- Audit and locks left behind ----------------------------------------------------------------------------------
check "tc verify-audit through PgBouncer" tc_pooled verify-audit
left="$(psql_direct -tAc "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")"
[[ "$left" == 0 ]] && ok "no advisory lock is left on any server connection" || failed "$left advisory locks are left behind"

# Why not session-level locks: behind a pooler in transaction mode, a second client is lent the server connection on
# which the first took a session lock, and "takes" it again (lockdemo has one server connection, so this is certain).
first="$(psql_pooled -d lockdemo -tAc "SELECT pg_try_advisory_lock(7270099)")"
second="$(psql_pooled -d lockdemo -tAc "SELECT pg_try_advisory_lock(7270099)")"
if [[ "$first" == t && "$second" == t ]]; then
    ok "shown: two clients both took one session-level lock through PgBouncer (why the app uses none)"
else
    failed "the session-lock demonstration gave $first, $second"
fi

if grep -qiE "unsupported startup parameter|prepared statement .* (does not|already) exist" "$WORK/pool/pgbouncer.log" "$WORK/app.log"; then
    failed "PgBouncer or the app logged a pooling error: $(grep -iE "unsupported startup parameter|prepared statement" "$WORK/pool/pgbouncer.log" "$WORK/app.log" | head -n 3)"
fi
kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
APP_PID=""
if grep -q '"@l":"\(Error\|Fatal\)"' "$WORK/app.log"; then
    failed "the web app logged errors: $(grep -m 3 '"@l":"\(Error\|Fatal\)"' "$WORK/app.log")"
fi

echo "pgbouncer check: $PASSED passed, $FAILED failed"
((FAILED == 0))
