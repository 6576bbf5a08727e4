#!/usr/bin/env bash
# The database restarts under load (issue 15, ADR 026). On a throwaway PostgreSQL cluster it migrates, adds an
# organisation and a caseworker with `tc`, starts the Release web app (Production), signs the caseworker in once per
# writer, and has WRITERS writers each add SAVES notes through the web (curl, one child each) while a prober asks
# /health/ready ten times a second. Once the writers have saved a few notes, PostgreSQL is stopped in fast mode (as
# the postgres user), left down TC_FAULT_DOWN_SECONDS, and started again. Then it checks and prints:
#   - every save answered 302 (acknowledged) is in the database, once; no note is stored twice;
#   - no response was a 500 or a socket error: while the database was down, saves answered 503 (counted);
#   - /health/ready failed while the database was down, and answered 200 again after;
#   - within 10 s of the database returning, saves succeed again, and none fails after that.
#
#   scripts/fault-test.sh
#
# Environment: TC_FAULT_PG_PORT (56101), TC_FAULT_WEB_PORT (5097), TC_FAULT_WRITERS (4), TC_FAULT_SAVES (60 per writer),
# TC_FAULT_DOWN_SECONDS (2), TC_FAULT_CONFIGURATION (Release), TC_FAULT_NO_BUILD=1 (use that build as it is). Exits 1 when a check fails.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source-path=SCRIPTDIR source=lib/postgres.sh
source "$REPO/scripts/lib/postgres.sh"
# shellcheck source-path=SCRIPTDIR source=lib/dotnet.sh
source "$REPO/scripts/lib/dotnet.sh"
# shellcheck source-path=SCRIPTDIR source=lib/web.sh
source "$REPO/scripts/lib/web.sh"

PG_PORT="${TC_FAULT_PG_PORT:-56101}"
WEB_PORT="${TC_FAULT_WEB_PORT:-5097}"
WRITERS="${TC_FAULT_WRITERS:-4}"
SAVES="${TC_FAULT_SAVES:-60}"
DOWN="${TC_FAULT_DOWN_SECONDS:-2}"
DB=tc_fault
PASSWORD=steady-river-copper-2026
EMAIL=fault.caseworker@fault.test
BASE="http://127.0.0.1:$WEB_PORT"
FORWARDED="X-Forwarded-Proto: https"

die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}
phase() { printf '[%4d s] %s\n' "$SECONDS" "$*" >&2; }
now() { date +%s.%N; }

tc_require_dotnet
tc_find_pg_bin
command -v curl >/dev/null 2>&1 || die "curl is needed: sudo apt-get install -y curl"
tc_port_in_use "$WEB_PORT" && die "port $WEB_PORT is in use; set TC_FAULT_WEB_PORT"
tc_port_in_use "$PG_PORT" && die "port $PG_PORT is in use; set TC_FAULT_PG_PORT"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tc-fault-test.XXXXXX")"
chmod 755 "$WORK"
PG_DATA="$WORK/pg/data"
mkdir -p "$WORK/pg"
APP_PID=""
PROBE_PID=""
FAILED=0
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    local rc=$?
    [[ -n "$PROBE_PID" ]] && kill "$PROBE_PID" 2>/dev/null && { wait "$PROBE_PID" 2>/dev/null || true; }
    [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
    tc_stop_cluster "$PG_DATA" >/dev/null 2>&1 || true
    if ((rc != 0 || FAILED)); then
        echo "kept $WORK (app log, responses) to look into the failure" >&2
    else
        rm -rf "$WORK"
    fi
    return "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Cluster, build, organisation and caseworker ----------------------------------------------------------------
phase "starting PostgreSQL on port $PG_PORT"
tc_start_cluster "$PG_DATA" "$PG_PORT"
tc_ensure_database "$PG_PORT" "$DB"
ConnectionStrings__Cases="$(tc_connection_string "$PG_PORT" "$DB")"
export ConnectionStrings__Cases
psql_fault() {
    PGPASSWORD="$TC_PG_PASSWORD" "$TC_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$TC_PG_SUPERUSER" -d "$DB" "$@"
}

cd "$REPO"
CONFIGURATION="${TC_FAULT_CONFIGURATION:-Release}"
if [[ "${TC_FAULT_NO_BUILD:-}" != 1 ]]; then
    phase "building ($CONFIGURATION)"
    dotnet build src/TraffickingCases.Web -c "$CONFIGURATION" --nologo -v q >&2
    dotnet build src/TraffickingCases.Cli -c "$CONFIGURATION" --nologo -v q >&2
fi
CLI_DLL="$REPO/src/TraffickingCases.Cli/bin/$CONFIGURATION/net10.0/tc.dll"
WEB_DIR="$REPO/src/TraffickingCases.Web/bin/$CONFIGURATION/net10.0"
tc() { dotnet "$CLI_DLL" "$@"; }
phase "migrating; adding an organisation and a caseworker"
tc migrate >/dev/null
tc organisation add --code FLT --name "Fault Test Council" --type local_authority >/dev/null
tc create-user --password "$PASSWORD" --role Caseworker --organisation FLT --email "$EMAIL" >/dev/null

# --- The web app ---------------------------------------------------------------------------------------------
phase "starting the web app on $BASE"
export ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$BASE" Rules__SweepEnabled=false
export Exports__PseudonymKey="${Exports__PseudonymKey:-dGVzdC1vbmx5LXBzZXVkb255bS1rZXktMzItYnl0ZXMhIQ==}"
# One person saving as fast as curl can: the rate limits would refuse most of it. A password alone, on a throwaway database.
export RateLimiting__Enabled=false Security__RequireMfa=false Security__CheckProductionSecrets=false
(cd "$REPO/src/TraffickingCases.Web" && exec dotnet "$WEB_DIR/TraffickingCases.Web.dll") >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 120); do
    curl -sf -H "$FORWARDED" "$BASE/health/ready" >/dev/null 2>&1 && break
    kill -0 "$APP_PID" 2>/dev/null || {
        tail -n 30 "$WORK/app.log" >&2
        die "the web app stopped at start-up"
    }
    sleep 0.5
done
curl -sf -H "$FORWARDED" "$BASE/health/ready" >/dev/null 2>&1 || die "the web app did not answer on $BASE (log: $WORK/app.log)"

# --- Sign-in: one session and one child per writer --------------------------------------------------------------

# sign_in N: writes "cookie header<tab>request token<tab>child path" to $WORK/writer-N.session
sign_in() {
    local n="$1" headers="$WORK/writer-$1.headers" page="$WORK/writer-$1.html" cookies token code child
    curl -sS -D "$headers" -o "$page" -H "$FORWARDED" "$BASE/sign-in"
    cookies="$(merge_cookies "" "$headers")"
    token="$(form_token "$page")"
    code=$(curl -sS -D "$headers" -o "$page" -w '%{http_code}' -H "$FORWARDED" -H "Cookie: $cookies" \
        --data-urlencode "Email=$EMAIL" --data-urlencode "Password=$PASSWORD" --data-urlencode "__RequestVerificationToken=$token" "$BASE/sign-in")
    [[ "$code" == 302 ]] || die "signing in answered $code"
    cookies="$(merge_cookies "$cookies" "$headers")"
    curl -sS -D "$headers" -o "$page" -H "$FORWARDED" -H "Cookie: $cookies" "$BASE/children/new"
    cookies="$(merge_cookies "$cookies" "$headers")"
    token="$(form_token "$page")"
    [[ -n "$token" ]] || die "the register form had no request token"
    code=$(curl -sS -D "$headers" -o "$page" -w '%{http_code}' -H "$FORWARDED" -H "Cookie: $cookies" \
        --data-urlencode "Form.GivenNames=Writer" --data-urlencode "Form.FamilyName=Fault$n" --data-urlencode "Form.DateOfBirth=2010-04-02" \
        --data-urlencode "Form.DobPrecision=Exact" --data-urlencode "Form.Gender=Female" --data-urlencode "Form.Nationalities=ALB" \
        --data-urlencode "Form.Confirmed=true" --data-urlencode "__RequestVerificationToken=$token" "$BASE/children/new")
    [[ "$code" == 302 ]] || die "registering a child answered $code"
    child="$(awk 'tolower($1) == "location:" { sub(/\r$/, ""); print $2 }' "$headers")"
    child="${child#"$BASE"}"
    [[ "$child" == /children/* ]] || die "registering a child redirected to '$child'"
    printf '%s\t%s\t%s\n' "$(merge_cookies "$cookies" "$headers")" "$token" "$child" >"$WORK/writer-$n.session"
}
phase "signing in $WRITERS writers"
for ((n = 1; n <= WRITERS; n++)); do sign_in "$n"; done

# --- Writers, prober, restart -----------------------------------------------------------------------------------
# writer N: SAVES notes, each line "epoch status text"
writer() {
    local n="$1" cookies token child i text code
    IFS=$'\t' read -r cookies token child <"$WORK/writer-$n.session"
    for ((i = 1; i <= SAVES; i++)); do
        text="fault-test writer $n note $i"
        code=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' --max-time 30 -H "$FORWARDED" -H "Cookie: $cookies" \
            --data-urlencode "Form.Text=$text" --data-urlencode "__RequestVerificationToken=$token" "$BASE$child/notes/new" 2>/dev/null) || code="000"
        # Acknowledged: a redirect to the child's page. A redirect anywhere else (the sign-in page) is not.
        case "$code" in
            "302 "*"$child") code=302 ;;
            "302 "*) code=302-elsewhere ;;
            *) code="${code%% *}" ;;
        esac
        printf '%s %s %s\n' "$(now)" "$code" "$text"
    done >"$WORK/writer-$n.log"
}
prober() {
    while :; do
        printf '%s %s\n' "$(now)" "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H "$FORWARDED" "$BASE/health/ready" 2>/dev/null || true)"
        sleep 0.1
    done >"$WORK/ready.log"
}

phase "$WRITERS writers saving $SAVES notes each"
prober &
PROBE_PID=$!
pids=()
for ((n = 1; n <= WRITERS; n++)); do
    writer "$n" &
    pids+=($!)
done
# Restart once every writer has saved a few notes.
for _ in $(seq 300); do
    (($(cat "$WORK"/writer-*.log 2>/dev/null | wc -l) >= WRITERS * 5)) && break
    sleep 0.1
done
DOWN_AT=$(now)
phase "stopping PostgreSQL (fast), down ${DOWN} s"
tc__as_pg "$TC_PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
sleep "$DOWN"
tc_start_cluster "$PG_DATA" "$PG_PORT" 2>/dev/null # as at first: the same port and settings
UP_AT=$(now)
phase "PostgreSQL is back"
for pid in "${pids[@]}"; do wait "$pid"; done
sleep 0.5
kill "$PROBE_PID" 2>/dev/null
wait "$PROBE_PID" 2>/dev/null || true
PROBE_PID=""

# --- Checks ---------------------------------------------------------------------------------------------------
cat "$WORK"/writer-*.log >"$WORK/saves.log"
psql_fault -tA -c "SELECT text FROM case_notes WHERE text LIKE 'fault-test %' ORDER BY text" >"$WORK/stored.txt"
total=$(wc -l <"$WORK/saves.log")
acknowledged=$(awk '$2 == 302' "$WORK/saves.log" | wc -l)
unavailable=$(awk '$2 == 503' "$WORK/saves.log" | wc -l)
other=$(awk '$2 != 302 && $2 != 503' "$WORK/saves.log" | wc -l)
stored=$(wc -l <"$WORK/stored.txt")
twice=$(uniq -d "$WORK/stored.txt" | wc -l)
lost=$(awk '$2 == 302 { sub(/^[^ ]+ [^ ]+ /, ""); print }' "$WORK/saves.log" | sort | comm -23 - <(sort -u "$WORK/stored.txt") | wc -l)
# First acknowledged save, and last failed one, after the database returned (seconds after UP_AT).
first_after=$(awk -v up="$UP_AT" '$1 >= up && $2 == 302 { print $1 - up; exit }' <(sort -n "$WORK/saves.log"))
last_failed_after=$(awk -v up="$UP_AT" '$1 >= up && $2 != 302 { t = $1 - up } END { print (t == "" ? "none" : t) }' "$WORK/saves.log")
ready_down=$(awk -v down="$DOWN_AT" -v up="$UP_AT" '$1 >= down && $1 <= up && $2 != 200' "$WORK/ready.log" | wc -l)
ready_probes_down=$(awk -v down="$DOWN_AT" -v up="$UP_AT" '$1 >= down && $1 <= up' "$WORK/ready.log" | wc -l)
ready_after=$(awk -v up="$UP_AT" '$1 >= up + 10' "$WORK/ready.log" | awk '$2 != 200' | wc -l)
over_500=$(grep -c '"StatusCode":500' "$WORK/app.log" || true)
fault_warnings=$(grep -c 'answered 503' "$WORK/app.log" || true)

printf '\n'
printf 'saves: %d (%d writers x %d), PostgreSQL down %.1f s (stopped fast, started again)\n' "$total" "$WRITERS" "$SAVES" "$(awk -v d="$DOWN_AT" -v u="$UP_AT" 'BEGIN { print u - d }')"
printf '  acknowledged (302):        %d\n' "$acknowledged"
printf '  refused, try again (503):  %d\n' "$unavailable"
printf '  anything else:             %d\n' "$other"
printf '  notes stored:              %d (acknowledged but missing: %d; stored twice: %d)\n' "$stored" "$lost" "$twice"
printf '  first save after return:   %s; last failure after return: %s\n' "${first_after:+$first_after s}" "${last_failed_after/%[0-9]/& s}"
printf '  /health/ready while down:  %d of %d probes failed; failed 10 s or more after return: %d\n' "$ready_down" "$ready_probes_down" "$ready_after"
printf '  app log: %d warnings "answered 503", %d requests logged as 500\n' "$fault_warnings" "$over_500"

check() {
    if ! eval "$2"; then
        echo "FAILED: $1" >&2
        FAILED=1
    fi
}
check "every acknowledged save is stored" "((lost == 0))"
check "no note is stored twice" "((twice == 0))"
check "no note is stored that was not asked for" "((stored <= total))"
check "no response was other than 302 or 503 (a 500, a socket error, a timeout)" "((other == 0))"
check "/health/ready failed while the database was down" "((ready_down > 0))"
check "/health/ready answers 200 from 10 s after the database returned" "((ready_after == 0))"
check "saves succeed within 10 s of the database returning" "[[ -n '$first_after' ]] && awk -v t='${first_after:-99}' 'BEGIN { exit !(t < 10) }'"
check "no save fails 10 s or more after the database returned" "[[ '$last_failed_after' == none ]] || awk -v t='$last_failed_after' 'BEGIN { exit !(t < 10) }'"
check "saves went on after the restart" "awk -v up='$UP_AT' '\$1 >= up' '$WORK/saves.log' | grep -q ."
((FAILED == 0)) || exit 1
echo "fault test: passed"
