#!/usr/bin/env bash
# Page latency at national scale: N children (default 100,000) in two organisations of its own, 16 people
# working at once. On a throwaway PostgreSQL cluster (fsync on, pg_stat_statements and auto_explain loaded) it
# migrates, adds the organisations BNA and BNB and 8 users with `tc`, generates and imports N children, times
# `tc sweep`, starts the Release web app (Production), signs everyone in twice (16 sessions), then drives each page with
# `wrk -t2 -c16` and a Lua script (scripts/bench/pages.lua) that picks a random session of the right role per
# request: the child page, caseload, search, flag queue, matches, dashboard, My work (a caseworker's and a manager's team's) and three form saves, then a mix of them, and
# the mix again while `tc sweep` runs. For each it prints req/s, p50/p95/p99, errors and the SQL time
# (pg_stat_statements, and the app's Server-Timing header), then the plans of each page's queries
# (EXPLAIN ANALYZE, BUFFERS through auto_explain), the CPU each request cost the app, PostgreSQL and the rest of
# the machine, and summary tables. See docs/performance.md.
#
#   scripts/bench-pages.sh [N]
#
# Environment:
#   TC_BENCH_SECONDS   seconds per page (15)
#   TC_BENCH_KEEP=DIR  keep the populated cluster in DIR and reuse it next time (no regeneration)
#   TC_BENCH_PG_PORT   PostgreSQL's port (55478); TC_BENCH_WEB_PORT the app's port (5099)
#   TC_BENCH_PLANS     where to copy the plans (docs/perf/plans-N.txt); empty: do not copy
#   TC_BENCH_TIMEOUT   wrk's --timeout, after which a request counts as an error (2s; scripts/test.sh: 30s)
#   TC_BENCH_APP_CONNECTION  keywords added to the app's connection string, e.g. "Max Auto Prepare=64"
#   TC_BENCH_RUNS      only these runs, by mode, comma-separated (live,form,child,caseload,search,flags,matches,dashboard,
#                      mywork,teamwork,note,missing,referral,mix); no sweep run and no plans then
#
# Exits 1 when a sign-in fails or any page answered an error (a status other than the page's 200 or the save's
# 302, a socket error or a timeout). Needs wrk (installed with apt-get when allowed), curl and psql.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source-path=SCRIPTDIR source=lib/postgres.sh
source "$REPO/scripts/lib/postgres.sh"
# shellcheck source-path=SCRIPTDIR source=lib/dotnet.sh
source "$REPO/scripts/lib/dotnet.sh"
# shellcheck source-path=SCRIPTDIR source=lib/web.sh
source "$REPO/scripts/lib/web.sh"
# shellcheck source-path=SCRIPTDIR source=lib/cpu.sh
source "$REPO/scripts/lib/cpu.sh"

SECONDS_PER_PAGE="${TC_BENCH_SECONDS:-15}"
PG_PORT="${TC_BENCH_PG_PORT:-55478}"
WEB_PORT="${TC_BENCH_WEB_PORT:-5099}"
KEEP="${TC_BENCH_KEEP:-}"
TIMEOUT="${TC_BENCH_TIMEOUT:-2s}"
DB=tc_bench
PASSWORD=quiet-harbour-lantern-2026
# 16 sessions: 8 users (each process start of `tc create-user` costs seconds), each signed in twice.
CASEWORKERS_PER_ORG=3
MANAGERS_PER_ORG=1
SESSIONS_PER_USER=2
ORGS=(BNA BNB)
BASE="http://127.0.0.1:$WEB_PORT"
FORWARDED="X-Forwarded-Proto: https"

die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}
phase() { printf '[%4d s] %s\n' "$SECONDS" "$*" >&2; }
[[ "$SECONDS_PER_PAGE" =~ ^[1-9][0-9]*$ ]] || die "TC_BENCH_SECONDS must be a whole number of seconds"
[[ -z "${1:-}" || "$1" =~ ^[1-9][0-9]*$ ]] || die "N must be a positive number of children"

tc_require_dotnet
tc_find_pg_bin
if ! command -v wrk >/dev/null 2>&1; then
    tc_apt_install wrk || true
    command -v wrk >/dev/null 2>&1 || die "wrk is needed: sudo apt-get install -y wrk"
fi
command -v curl >/dev/null 2>&1 || die "curl is needed: sudo apt-get install -y curl"
tc_port_in_use "$WEB_PORT" && die "port $WEB_PORT is in use; set TC_BENCH_WEB_PORT"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tc-bench-pages.XXXXXX")"
chmod 755 "$WORK"
if [[ -n "$KEEP" ]]; then
    mkdir -p "$KEEP"
    PG_ROOT="$(cd "$KEEP" && pwd -P)/pg"
else
    PG_ROOT="$WORK/pg"
fi
PG_DATA="$PG_ROOT/data"
PG_LOG="$PG_ROOT/postgres.log"
MARKER="$PG_ROOT/populated"

APP_PID=""
SWEEPER_PID=""
FAILED=0
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    local rc=$?
    [[ -n "$SWEEPER_PID" ]] && kill "$SWEEPER_PID" 2>/dev/null && wait "$SWEEPER_PID" 2>/dev/null
    [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
    tc_stop_cluster "$PG_DATA" >/dev/null 2>&1 || true
    if ((rc != 0 || FAILED)); then
        echo "kept $WORK (app log, wrk output) to look into the failure" >&2
    else
        rm -rf "$WORK"
    fi
    return "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- The cluster: a populated one from TC_BENCH_KEEP, or a new one ------------------------------------------
COUNT="${1:-}"
POPULATED=0
if [[ -f "$MARKER" ]]; then
    kept="$(cat "$MARKER")"
    [[ -z "$COUNT" || "$COUNT" == "$kept" ]] ||
        die "$KEEP holds a database of $kept children, not $COUNT; remove $PG_ROOT or run with N=$kept"
    COUNT="$kept"
    POPULATED=1
    echo "reusing the database of $COUNT children in $PG_ROOT" >&2
elif [[ -d "$PG_ROOT" ]]; then
    echo "removing $PG_ROOT: an earlier run did not finish populating it" >&2
    tc_stop_cluster "$PG_DATA" >/dev/null 2>&1 || true
    rm -rf "$PG_ROOT"
fi
COUNT="${COUNT:-100000}"
mkdir -p "$PG_ROOT"
tc_start_cluster "$PG_DATA" "$PG_PORT" -c shared_preload_libraries=pg_stat_statements,auto_explain
tc_ensure_database "$PG_PORT" "$DB"
ConnectionStrings__Cases="$(tc_connection_string "$PG_PORT" "$DB")"
export ConnectionStrings__Cases

psql_bench() {
    PGPASSWORD="$TC_PG_PASSWORD" "$TC_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" \
        -U "$TC_PG_SUPERUSER" -d "$DB" "$@"
}
explain_off() {
    psql_bench -tAc "ALTER SYSTEM RESET auto_explain.log_min_duration" -c "ALTER SYSTEM RESET auto_explain.log_analyze" \
        -c "ALTER SYSTEM RESET auto_explain.log_buffers" -c "SELECT pg_reload_conf()" >/dev/null
}
explain_off # in case an earlier run on a kept cluster stopped half-way
psql_bench -c "SET client_min_messages = warning" -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"

# --- Build ---------------------------------------------------------------------------------------------------
phase "building"
cd "$REPO"
dotnet build src/TraffickingCases.Web -c Release --nologo -v q >&2
dotnet build src/TraffickingCases.Cli -c Release --nologo -v q >&2
CLI_DLL="$REPO/src/TraffickingCases.Cli/bin/Release/net10.0/tc.dll"
WEB_DIR="$REPO/src/TraffickingCases.Web/bin/Release/net10.0"
tc() { dotnet "$CLI_DLL" "$@"; }

timed() {
    local label="$1"
    shift
    local start end ms
    start=$(date +%s%N)
    "$@" >"$WORK/last-command.log" 2>&1 || {
        cat "$WORK/last-command.log" >&2
        die "$label failed"
    }
    end=$(date +%s%N)
    ms=$(((end - start) / 1000000))
    printf '%s: %d.%03d s\n' "$label" $((ms / 1000)) $((ms % 1000))
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; PostgreSQL $("$TC_PG_BIN/postgres" --version | awk '{print $3}'); $COUNT children; wrk -t2 -c16 -d${SECONDS_PER_PAGE}s"

# --- Population: organisations, users, children, the rules ----------------------------------------------------
user_email() { printf 'bench.%s%d.%s@bench.test' "$1" "$2" "${3,,}"; }
# Also on a kept database, so it follows the code's migrations.
tc migrate >/dev/null
if ((!POPULATED)); then
    phase "populating"
    # Needs no database: written while the organisations and users are made.
    tc generate --children "$COUNT" --seed 7 --organisations BNA,BNB --out "$WORK/files" >"$WORK/generate.log" 2>&1 &
    generating=$!
    tc organisation add --code BNA --name "Bench North Authority" --type local_authority --ictg-area >/dev/null &
    adding=$!
    tc organisation add --code BNB --name "Bench South Borough" --type local_authority >/dev/null
    wait "$adding" || die "tc organisation add failed"
    # The first alone (it creates the roles), the others two at a time: each is a process start more than work.
    for org in "${ORGS[@]}"; do
        for ((i = 1; i <= MANAGERS_PER_ORG; i++)); do echo "Manager $org $(user_email manager "$i" "$org")"; done
        for ((i = 1; i <= CASEWORKERS_PER_ORG; i++)); do echo "Caseworker $org $(user_email caseworker "$i" "$org")"; done
    done >"$WORK/users.txt"
    create_users() { xargs -P "$1" -L 1 bash -c 'dotnet "$0" create-user --password "$1" --role "$2" --organisation "$3" --email "$4" >/dev/null' "$CLI_DLL" "$PASSWORD"; }
    head -n 1 "$WORK/users.txt" | create_users 1 || die "tc create-user failed"
    tail -n +2 "$WORK/users.txt" | create_users 2 || die "tc create-user failed"
    wait "$generating" || {
        cat "$WORK/generate.log" >&2
        die "tc generate failed"
    }
    for kind in children referrals missing-episodes placements support; do
        rows=$(($(wc -l <"$WORK/files/$kind.csv") - 1))
        timed "import of $kind ($rows rows)" tc import "$kind" "$WORK/files/$kind.csv"
    done
    timed "sweep" tc sweep
    psql_bench -c "VACUUM ANALYZE" >/dev/null
    echo "$COUNT" >"$MARKER"
fi
psql_bench -tAc "SELECT count(*) || ' children, ' || (SELECT count(*) FROM flags WHERE status = 'Open') || ' open flags' FROM children" || true
# My work (issue 14): each caseworker holds 40 children of their organisation and the manager supervises them (a
# team of 120). Also on a kept database populated before this was added; a fixture, so not audited.
psql_bench >/dev/null <<'SQL'
UPDATE users c SET supervisor_id = m.id
FROM users m
WHERE c.email LIKE 'bench.caseworker%@bench.test' AND m.email LIKE 'bench.manager1.%@bench.test'
  AND m.organisation_id = c.organisation_id AND c.supervisor_id IS DISTINCT FROM m.id;
WITH cw AS (
    SELECT u.id, u.organisation_id, row_number() OVER (PARTITION BY u.organisation_id ORDER BY u.email) AS n
    FROM users u
    WHERE u.email LIKE 'bench.caseworker%@bench.test'
), picked AS (
    SELECT c.id, c.organisation_id, row_number() OVER (PARTITION BY c.organisation_id ORDER BY md5(c.id::text)) AS k
    FROM children c
    WHERE c.merged_into_id IS NULL AND c.organisation_id IN (SELECT organisation_id FROM cw)
)
UPDATE children ch SET assigned_caseworker_id = cw.id
FROM picked JOIN cw ON cw.organisation_id = picked.organisation_id AND (picked.k - 1) / 40 + 1 = cw.n
WHERE ch.id = picked.id AND picked.k <= 40 * (SELECT count(*) FROM cw WHERE cw.organisation_id = picked.organisation_id)
  AND NOT EXISTS (SELECT 1 FROM children a WHERE a.assigned_caseworker_id IS NOT NULL AND a.organisation_id = ch.organisation_id);
SQL

# --- The web app ---------------------------------------------------------------------------------------------
phase "starting the web app"
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$BASE" Rules__SweepEnabled=false Diagnostics__ServerTiming=true
export Exports__PseudonymKey="${Exports__PseudonymKey:-dGVzdC1vbmx5LXBzZXVkb255bS1rZXktMzItYnl0ZXMhIQ==}"
# Sixteen sessions from one address search and save far faster than people do: the rate limits (issue 13) would
# refuse most of the load, so they are off here, as they are for load tests generally.
export RateLimiting__Enabled=false
# The benchmark signs in the seeded demo accounts with a password alone, from a throwaway database: the second factor
# and the start-up refusal of demo accounts and missing Production secrets (issue 13) are switched off by setting.
export Security__RequireMfa=false Security__CheckProductionSecrets=false
# TC_BENCH_APP_CONNECTION: keywords added to the app's connection string (not the CLI's), to compare settings.
APP_CONNECTION="$ConnectionStrings__Cases${TC_BENCH_APP_CONNECTION:+;$TC_BENCH_APP_CONNECTION}"
# From the project folder, so the content root (wwwroot) is the project's, as in the published image.
(cd "$REPO/src/TraffickingCases.Web" && ConnectionStrings__Cases="$APP_CONNECTION" exec dotnet "$WEB_DIR/TraffickingCases.Web.dll") >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 120); do
    curl -sf -H "$FORWARDED" "$BASE/health/live" >/dev/null 2>&1 && break
    kill -0 "$APP_PID" 2>/dev/null || {
        tail -n 30 "$WORK/app.log" >&2
        die "the web app stopped at start-up"
    }
    sleep 0.5
done
curl -sf -H "$FORWARDED" "$BASE/health/live" >/dev/null 2>&1 || die "the web app did not answer on $BASE (log: $WORK/app.log)"

# --- Children each session works on: 2,000 of each organisation to read, 2,000 to add records to ---------------
SESSIONS_DIR="$WORK/sessions"
mkdir -p "$SESSIONS_DIR"
for org in "${ORGS[@]}"; do
    psql_bench -tA -v org="$org" >"$SESSIONS_DIR/read-$org.txt" <<'SQL'
SELECT c.id FROM children c JOIN organisations o ON o.id = c.organisation_id
WHERE o.code = :'org' AND c.merged_into_id IS NULL ORDER BY random() LIMIT 2000
SQL
    # A referral today needs a child under 18; a new missing episode needs none open.
    psql_bench -tA -v org="$org" >"$SESSIONS_DIR/write-$org.txt" <<'SQL'
SELECT c.id FROM children c JOIN organisations o ON o.id = c.organisation_id
WHERE o.code = :'org' AND c.merged_into_id IS NULL
  AND (c.date_of_birth IS NULL OR c.date_of_birth > current_date - interval '17 years')
  AND NOT EXISTS (SELECT 1 FROM missing_episodes e WHERE e.child_id = c.id AND e.returned_at IS NULL)
ORDER BY random() LIMIT 2000
SQL
    [[ -s "$SESSIONS_DIR/read-$org.txt" && -s "$SESSIONS_DIR/write-$org.txt" ]] || die "no children in $org to work on"
done

# --- Sign-in ---------------------------------------------------------------------------------------------------

# sign_in ROLE ORG EMAIL N: writes "ROLE<tab>ORG<tab>cookie header<tab>request token" to signed-in/EMAIL.N.tsv
sign_in() {
    local role="$1" org="$2" email="$3" name="$WORK/signed-in/$3.$4" cookies token code child
    local headers="$name.headers" page="$name.html"
    curl -sS -D "$headers" -o "$page" -H "$FORWARDED" "$BASE/sign-in"
    cookies="$(merge_cookies "" "$headers")"
    token="$(form_token "$page")"
    code=$(curl -sS -D "$headers" -o "$page" -w '%{http_code}' -H "$FORWARDED" -H "Cookie: $cookies" \
        --data-urlencode "Email=$email" --data-urlencode "Password=$PASSWORD" \
        --data-urlencode "__RequestVerificationToken=$token" "$BASE/sign-in")
    if [[ "$code" != 302 ]]; then
        echo "error: signing in as $email answered $code" >&2
        return 1
    fi
    cookies="$(merge_cookies "$cookies" "$headers")"
    # A request token for this user's posts, from a form page of a child of the organisation.
    child="$(head -n 1 "$SESSIONS_DIR/write-$org.txt")"
    code=$(curl -sS -D "$headers" -o "$page" -w '%{http_code}' -H "$FORWARDED" -H "Cookie: $cookies" "$BASE/children/$child/notes/new")
    token="$(form_token "$page")"
    if [[ "$code" != 200 || -z "$token" ]]; then
        echo "error: $email could not open a note form (answered $code)" >&2
        return 1
    fi
    printf '%s\t%s\t%s\t%s\n' "$role" "$org" "$(merge_cookies "$cookies" "$headers")" "$token" >"$name.tsv"
}

SIGNED_IN_AT=-1000
# Signs everyone in again (four at a time) unless the sessions will still be under 55 s old at the end of the
# next run: a cookie issued more than a minute ago makes the app re-check its security stamp on every request
# (a browser would take the renewed cookie; wrk cannot).
sign_in_everyone() {
    ((SECONDS - SIGNED_IN_AT + SECONDS_PER_PAGE < 55)) && return 0
    rm -rf "$WORK/signed-in"
    mkdir -p "$WORK/signed-in"
    local org i n pids=() pid
    for org in "${ORGS[@]}"; do
        for ((n = 1; n <= SESSIONS_PER_USER; n++)); do
            for ((i = 1; i <= CASEWORKERS_PER_ORG; i++)); do echo "Caseworker $org $(user_email caseworker "$i" "$org") $n"; done
            for ((i = 1; i <= MANAGERS_PER_ORG; i++)); do echo "Manager $org $(user_email manager "$i" "$org") $n"; done
        done
    done >"$WORK/sessions-wanted.txt"
    SIGNED_IN_AT=$SECONDS
    while read -r role org email n; do
        sign_in "$role" "$org" "$email" "$n" &
        pids+=($!)
        if ((${#pids[@]} % 4 == 0)); then
            for pid in "${pids[@]}"; do wait "$pid" || FAILED=1; done
            pids=()
        fi
    done <"$WORK/sessions-wanted.txt"
    for pid in "${pids[@]}"; do wait "$pid" || FAILED=1; done
    ((!FAILED)) || die "sign-in failed"
    cat "$WORK/signed-in"/*.tsv >"$SESSIONS_DIR/sessions.tsv.new"
    mv "$SESSIONS_DIR/sessions.tsv.new" "$SESSIONS_DIR/sessions.tsv"
}
phase "signing in"
sign_in_everyone
echo "signed in: $(wc -l <"$SESSIONS_DIR/sessions.tsv") sessions of $((CASEWORKERS_PER_ORG * 2)) caseworkers and $((MANAGERS_PER_ORG * 2)) managers, $SESSIONS_PER_USER each"

# --- Load ------------------------------------------------------------------------------------------------------
# run_wrk MODE SECONDS: prints the script's BENCH line
run_wrk() {
    local mode="$1" seconds="$2" out="$WORK/wrk-$1-$(date +%s%N).txt"
    TZ=Europe/London tc_cpu_ticks_of_command "$WORK/wrk-ticks" wrk -t2 -c16 -d"${seconds}s" --latency --timeout "$TIMEOUT" -s "$REPO/scripts/bench/pages.lua" "$BASE" \
        -- "$mode" "$SESSIONS_DIR" "$(date +%s)" 2 >"$out" 2>&1 || true
    grep '^BENCH ' "$out" || {
        cat "$out" >&2
        die "wrk gave no result for $mode"
    }
}
field() { sed -nE "s/.* $2=([^ ]*).*/\1/p" <<<"$1"; }
sql_stats() {
    psql_bench -tA -F ' ' <<'SQL'
SELECT coalesce(round(sum(total_exec_time)::numeric, 1), 0), coalesce(sum(calls), 0)
FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
WHERE d.datname = current_database() AND s.query NOT ILIKE '%pg_stat_statements%'
SQL
}
top_statement() {
    psql_bench -tA -F '|' <<'SQL'
SELECT calls, round(mean_exec_time::numeric, 2), left(regexp_replace(query, '\s+', ' ', 'g'), 140)
FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
WHERE d.datname = current_database() AND s.query NOT ILIKE '%pg_stat_statements%'
ORDER BY total_exec_time DESC LIMIT 1
SQL
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == "-" || b + 0 == 0) print "-"; else printf "%.1f", a / b }'; }

# Waits (up to 30 s) until no statement of the bench database is running: requests a finished wrk run left in
# the app, or the last sweep, would otherwise slow the next run down.
wait_idle() {
    local busy
    for _ in $(seq 60); do
        busy=$(psql_bench -tAc "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state IS DISTINCT FROM 'idle'")
        ((busy == 0)) && return 0
        sleep 0.5
    done
}

ROWS=()
CPU_ROWS=()
ERRORS_TOTAL=0
# TC_BENCH_RUNS=child,note: only these runs (the modes of scripts/bench/pages.lua), for working on one page.
ONLY="${TC_BENCH_RUNS:-}"
# measure LABEL MODE: one run of a page (or the mix), printed and added to the summary
measure() {
    local label="$1" mode="$2" line requests errors total_ms calls top cpu_before cpu_after cpu
    if [[ -n "$ONLY" && ",$ONLY," != *",$mode,"* ]]; then
        return 0
    fi
    sign_in_everyone
    wait_idle
    psql_bench -tAc "SELECT pg_stat_statements_reset()" >/dev/null
    cpu_before="$(tc_cpu_sample "$APP_PID" "$PG_DATA")"
    line="$(run_wrk "$mode" "$SECONDS_PER_PAGE")" || exit 1
    cpu_after="$(tc_cpu_sample "$APP_PID" "$PG_DATA")"
    read -r total_ms calls < <(sql_stats)
    top="$(top_statement)"
    requests="$(field "$line" requests)"
    errors=$(($(field "$line" bad) + $(field "$line" socket) + $(field "$line" timeout)))
    if ((requests == 0)); then
        echo "error: $label: no request completed in ${SECONDS_PER_PAGE} s" >&2
        errors=$((errors + 1))
    fi
    ERRORS_TOTAL=$((ERRORS_TOTAL + errors))
    echo
    echo "== $label =="
    printf '%s req/s; p50 %s ms, p95 %s ms, p99 %s ms; %s requests, errors %d (statuses %s, socket %s, timeouts %s)\n' \
        "$(field "$line" rps)" "$(field "$line" p50)" "$(field "$line" p95)" "$(field "$line" p99)" "$requests" "$errors" \
        "$(field "$line" statuses)" "$(field "$line" socket)" "$(field "$line" timeout)"
    printf 'SQL, pg_stat_statements: %s ms per request (%s ms in %s statements); top: %s calls, mean %s ms: %s\n' \
        "$(awk -v t="$total_ms" -v r="$requests" 'BEGIN { printf "%.1f", (r > 0 ? t / r : 0) }')" "$total_ms" "$calls" \
        "$(cut -d '|' -f 1 <<<"$top")" "$(cut -d '|' -f 2 <<<"$top")" "$(cut -d '|' -f 3- <<<"$top")"
    printf 'SQL, Server-Timing db: p50 %s ms, p95 %s ms (%s commands a request); app p50 %s ms, p95 %s ms; page p95 / SQL p95 = %s\n' \
        "$(field "$line" db50)" "$(field "$line" db95)" "$(field "$line" commands)" "$(field "$line" app50)" "$(field "$line" app95)" \
        "$(ratio "$(field "$line" p95)" "$(field "$line" db95)")"
    cpu="$(tc_cpu_report "$cpu_before" "$cpu_after" "$requests" "$(cat "$WORK/wrk-ticks" 2>/dev/null || echo 0)")"
    echo "$cpu"
    CPU_ROWS+=("| $label | $(sed -nE 's/.*app ([0-9.]+) ms, PostgreSQL ([0-9.]+) ms, wrk ([0-9.]+) ms, total ([0-9.]+) ms; .* at most ([0-9]+) req\/s, .* at least ([0-9.]+) ms on average; other processes ([0-9.]+) ms.*/\1 ms | \2 ms | \3 ms | \4 ms | \5 | \6 ms | \7 ms/p' <<<"$cpu") | $(field "$line" p50) ms |")
    ROWS+=("| $label | $(field "$line" rps) | $(field "$line" p50) ms | $(field "$line" p95) ms | $(field "$line" p99) ms | $errors | $(field "$line" db95) ms | $(ratio "$(field "$line" p95)" "$(field "$line" db95)") |")
    LAST_P95="$(field "$line" p95)"
}

# --- One request of each page, as a caseworker and a manager of BNA: to warm up, and for the plans -----------
MARKING=""
mark() { psql_bench -c "DO \$\$ BEGIN RAISE LOG 'bench-explain: %', '$1'; END \$\$" >/dev/null; }
london() { TZ=Europe/London date -d "@$1" +%Y-%m-%dT%H:%M:%S.%3N; }
session_of() { awk -F '\t' -v role="$1" -v org="$2" '$1 == role && $2 == org { print; exit }' "$SESSIONS_DIR/sessions.tsv"; }
# one LABEL EXPECTED-STATUS COOKIE PATH [curl args]: one request; says so and fails the run if it answers otherwise
one() {
    local label="$1" expected="$2" cookie="$3" path="$4" code
    shift 4
    [[ -n "$MARKING" ]] && mark "$label"
    code=$(curl -sS -o "$WORK/one.html" -w '%{http_code}' -H "$FORWARDED" -H "Cookie: $cookie" "$@" "$BASE$path")
    if [[ "$code" != "$expected" ]]; then
        echo "error: $label ($path) answered $code, not $expected" >&2
        FAILED=1
    fi
}
# one_of_each [mark]: with "mark", logs a marker before each request, so the plans can be told apart
one_of_each() {
    MARKING="${1:-}"
    local cw mg cw_cookie cw_token mg_cookie read_child write_child now
    cw="$(session_of Caseworker BNA)"
    mg="$(session_of Manager BNA)"
    cw_cookie="$(cut -f 3 <<<"$cw")"
    cw_token="$(cut -f 4 <<<"$cw")"
    mg_cookie="$(cut -f 3 <<<"$mg")"
    read_child="$(sed -n 2p "$SESSIONS_DIR/read-BNA.txt")"
    write_child="$(sed -n 2p "$SESSIONS_DIR/write-BNA.txt")"
    # Two seconds back: wrk runs place their missing episodes from one second before they start.
    now=$(($(date +%s) - 2))
    one "child page" 200 "$cw_cookie" "/children/$read_child"
    one "caseload" 200 "$cw_cookie" "/children?caseworker="
    one "search" 200 "$cw_cookie" "/children?q=Samuel"
    one "flag queue" 200 "$mg_cookie" "/flags"
    one "matches" 200 "$mg_cookie" "/matches"
    one "dashboard" 200 "$mg_cookie" "/dashboard"
    one "my work" 200 "$cw_cookie" "/"
    one "team work" 200 "$mg_cookie" "/"
    local post=(--data-urlencode "__RequestVerificationToken=$cw_token")
    one "save a note" 302 "$cw_cookie" "/children/$write_child/notes/new" "${post[@]}" --data-urlencode "Form.Text=Benchmark note"
    one "save a missing episode" 302 "$cw_cookie" "/children/$write_child/missing-episodes/new" "${post[@]}" \
        --data-urlencode "Form.WentMissingAt=$(london "$now.000")" --data-urlencode "Form.ReturnedAt=$(london "$now.001")" \
        --data-urlencode "Form.WhereaboutsKnown=true"
    one "save a referral" 302 "$cw_cookie" "/children/$write_child/referrals/new" "${post[@]}" \
        --data-urlencode "Form.ReferralDate=$(TZ=Europe/London date +%Y-%m-%d)" --data-urlencode "Form.FirstResponderOrganisation=Bench Council" \
        --data-urlencode "Form.FirstResponderType=LocalAuthority" --data-urlencode "Form.ExploitationTypes=Criminal" \
        --data-urlencode "Form.ExploitationLocation=Uk" --data-urlencode "Form.CompetentAuthority=Sca" \
        --data-urlencode "Form.RgOutcome=Pending" --data-urlencode "Form.CgOutcome=Pending" --data-urlencode "Form.Version=0"
    [[ -n "$MARKING" ]] && mark "end"
    MARKING=""
}

phase "load"
WARM=$((SECONDS_PER_PAGE < 5 ? SECONDS_PER_PAGE : 5))
one_of_each
((!FAILED)) || die "a page failed on its first request"
# The dashboard of each organisation once: the first view after the app starts waits for its trends (ADR 031).
for org in "${ORGS[@]}"; do one "dashboard of $org" 200 "$(session_of Manager "$org" | cut -f 3)" "/dashboard"; done
run_wrk mix "$WARM" >/dev/null
echo "warmed up: one request of each page and each organisation's dashboard, then the mix for ${WARM} s (not counted)"

measure 'floor: `/health/live` (no session, no database)' live
measure 'floor: the note form `/children/{id}/notes/new` (caseworkers)' form
measure 'child page `/children/{id}` (caseworkers)' child
measure 'caseload `/children` (caseworkers)' caseload
measure 'search `/children?q=Samuel` (caseworkers)' search
measure 'flag queue `/flags` (managers)' flags
measure 'matches `/matches` (managers)' matches
measure 'dashboard `/dashboard` (managers)' dashboard
measure 'my work `/` (caseworkers, 40 children each)' mywork
measure 'my work `/` (managers, a team of 120 children)' teamwork
measure 'save a note (caseworkers)' note
measure 'save a missing episode (caseworkers)' missing
measure 'save a referral (caseworkers)' referral
measure 'mix' mix
QUIET_P95="$LAST_P95"

SWEEPS="not run (TC_BENCH_RUNS)"
if [[ -z "$ONLY" ]]; then
    # The mix again with `tc sweep` running back to back in the background for the whole run.
    rm -f "$WORK/sweeps.txt" "$WORK/mix-done"
    (
        while [[ ! -e "$WORK/mix-done" ]]; do
            start=$(date +%s%N)
            dotnet "$CLI_DLL" sweep >>"$WORK/sweep.log" 2>&1 || echo "failed" >>"$WORK/sweeps.txt"
            echo $((($(date +%s%N) - start) / 1000000)) >>"$WORK/sweeps.txt"
        done
    ) &
    SWEEPER_PID=$!
    measure 'mix while `tc sweep` runs' mix
    touch "$WORK/mix-done"
    wait "$SWEEPER_PID" || true
    SWEEPER_PID=""
    grep -q failed "$WORK/sweeps.txt" && {
        cat "$WORK/sweep.log" >&2
        FAILED=1
        echo "error: a tc sweep failed" >&2
    }
    SWEEPS="$(grep -v failed "$WORK/sweeps.txt" | awk '{ printf "%s%.1f s", (NR > 1 ? ", " : ""), $1 / 1000 }')"
    echo "sweeps back to back during that mix: $SWEEPS (the CLI starts between them); mix p95 quiet $QUIET_P95 ms, during the sweep $LAST_P95 ms"
fi

# Plans are written only by a run of every page (not with TC_BENCH_RUNS).
if [[ -z "$ONLY" ]]; then
    # --- Plans: one request of each page with auto_explain logging every statement's EXPLAIN (ANALYZE, BUFFERS) ---
    phase "plans"
    PLANS="$WORK/plans-$COUNT.txt"
    sign_in_everyone
    wait_idle
    log_offset=$(stat -c %s "$PG_LOG")
    psql_bench -c "ALTER SYSTEM SET auto_explain.log_min_duration = 0" -c "ALTER SYSTEM SET auto_explain.log_analyze = on" \
        -c "ALTER SYSTEM SET auto_explain.log_buffers = on" -c "SELECT pg_reload_conf()" >/dev/null
    sleep 1
    one_of_each mark
    explain_off
    sleep 0.5
    # Each log entry starts with a timestamp; continuation lines start with a tab. Between two markers are the
    # plans of that page's request; the largest duration is its main query.
    tail -c +"$((log_offset + 1))" "$PG_LOG" | awk -v out="$PLANS" -v count="$COUNT" '
        function flush() {
            if (entry == "") return
            if (match(entry, /LOG:  bench-explain: [^\n]*/)) { page = substr(entry, RSTART + 21, RLENGTH - 21); if (page != "end") pages[++npages] = page; entry = ""; return }
            if (page != "" && page != "end" && match(entry, /duration: [0-9.]+ ms  plan:/)) {
                d = substr(entry, RSTART + 10, RLENGTH - 10) + 0
                body = substr(entry, RSTART); n = ++plans[page]; text[page, n] = body; dur[page, n] = d
                if (d >= best[page]) { best[page] = d; main[page] = n }
            }
            entry = ""
        }
        /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / { flush(); entry = $0; next }
        { entry = entry "\n" $0 }
        END {
            flush()
            print "Plans (EXPLAIN ANALYZE, BUFFERS via auto_explain) of one request of each page, " count " children." > out
            for (p = 1; p <= npages; p++) {
                page = pages[p]
                printf "\n==== %s: %d statements; main query %.1f ms ====\n%s\n", page, plans[page], best[page], text[page, main[page]] > out
                for (i = 1; i <= plans[page]; i++) if (i != main[page]) printf "\n---- %s: other statement (%.1f ms) ----\n%s\n", page, dur[page, i], text[page, i] > out
                q = text[page, main[page]]; sub(/^[^\n]*\n[ \t]*Query Text: /, "", q); sub(/\n.*/, "", q)
                printf "%-24s %3d statements; main %7.1f ms: %s\n", page ":", plans[page], best[page], substr(q, 1, 110)
            }
        }'
    echo "plans: $PLANS"
    PLANS_COPY="${TC_BENCH_PLANS-docs/perf/plans-$COUNT.txt}"
    if [[ -n "$PLANS_COPY" ]]; then
        mkdir -p "$(dirname "$PLANS_COPY")"
        cp "$PLANS" "$PLANS_COPY"
        echo "copied to $PLANS_COPY"
    fi
fi

# --- Summary ---------------------------------------------------------------------------------------------------
echo
echo "$COUNT children, wrk -t2 -c16 -d${SECONDS_PER_PAGE}s; SQL p95 from the app's Server-Timing (db) header"
echo
echo "| page | req/s | p50 | p95 | p99 | errors | SQL p95 | page p95 / SQL p95 |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${ROWS[@]}"
echo
echo "CPU a request (the app process, PostgreSQL's processes, wrk), and the"
echo "floor it sets by Little's law: $(nproc) cores answer at most cores / CPU requests a second, so 16 connections each wait"
echo "at least 16 x CPU / cores on average"
echo
echo "| page | app | PostgreSQL | wrk | total | at most req/s | mean latency floor | other processes | measured p50 |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${CPU_ROWS[@]}"
echo
echo "sweeps during the mix: $SWEEPS"
echo "bench-pages.sh took $SECONDS s"
if ((ERRORS_TOTAL > 0 || FAILED)); then
    FAILED=1
    echo "error: $ERRORS_TOTAL requests failed (see above; app log: $WORK/app.log)" >&2
    exit 1
fi
