#!/usr/bin/env bash
# The restore drill (issue 15, ADR 028): restores a pg_dump backup into a fresh private PostgreSQL cluster, migrates it,
# checks the app role's grants and verifies the audit trail, saying how each step went and how long it took.
#
#   scripts/restore-drill.sh [DUMP]
#
# DUMP is a custom-format dump (`pg_dump -Fc`, as docs/operations.md "Backups and the restore drill" makes). With no
# DUMP the drill makes a small one first: a fresh cluster, `tc migrate`, `tc seed-demo`, `pg_dump -Fc`; it then also
# checks that the restored database holds as many children and audit entries as the one dumped.
#
# Steps: a fresh cluster; the roles (the owner tc, the group role tc_app and the login role tc_web: roles belong to the
# cluster, not to a dump); `pg_restore --single-transaction --exit-on-error` as the owner; `tc migrate` as the owner;
# the app role may read and change case data but not change the audit trail; `tc verify-audit` as the app role.
#
# Reads:   TC_DRILL_PG_PORT (default 56150; the source cluster, when the drill makes its own dump, uses the next port),
#          TC_DRILL_CHECKPOINTS and TC_DRILL_PUBLIC_KEY (given together: verify the signed checkpoints too),
#          TC_BUILD_CONFIGURATION (Debug), TC_NO_BUILD (use the built CLI as it is), TC_KEEP_TEST_DIR, TC_PG_BIN,
#          TC_NO_INSTALL.
# Prints "ok: STEP (N.N s): result" or "FAILED: STEP …" per step and ends "restore drill: passed in N s" (exit 0) or
# "restore drill: FAILED at STEP" (exit 1).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source-path=SCRIPTDIR source=lib/postgres.sh
source "$REPO/scripts/lib/postgres.sh"
# shellcheck source-path=SCRIPTDIR source=lib/dotnet.sh
source "$REPO/scripts/lib/dotnet.sh"

DUMP="${1:-}"
if [[ -n "$DUMP" ]]; then
    [[ -f "$DUMP" ]] || tc__die "no such dump: $DUMP"
    DUMP="$(cd "$(dirname "$DUMP")" && pwd -P)/$(basename "$DUMP")"
fi
PORT="${TC_DRILL_PG_PORT:-56150}"
SOURCE_PORT=$((PORT + 1))
CONF="${TC_BUILD_CONFIGURATION:-Debug}"
DB=trafficking_cases
APP_PASSWORD=restore-drill-app-role
if [[ -n "${TC_DRILL_CHECKPOINTS:-}" && -z "${TC_DRILL_PUBLIC_KEY:-}" || -z "${TC_DRILL_CHECKPOINTS:-}" && -n "${TC_DRILL_PUBLIC_KEY:-}" ]]; then
    tc__die "TC_DRILL_CHECKPOINTS and TC_DRILL_PUBLIC_KEY go together"
fi

tc_require_dotnet
tc_find_pg_bin
for port in "$PORT" "$SOURCE_PORT"; do
    ! tc_port_in_use "$port" || tc__die "port $port is in use; set TC_DRILL_PG_PORT"
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tc-restore-drill.XXXXXX")"
chmod 755 "$WORK" # the postgres OS user must get through it
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    local rc=$?
    tc_stop_cluster "$WORK/source/data" >/dev/null 2>&1 || true
    tc_stop_cluster "$WORK/restored/data" >/dev/null 2>&1 || true
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

cd "$REPO"
if [[ -z "${TC_NO_BUILD:-}" ]]; then
    dotnet build src/TraffickingCases.Cli -c "$CONF" --nologo -v q >&2
fi
CLI_DLL="$REPO/src/TraffickingCases.Cli/bin/$CONF/net10.0/tc.dll"
[[ -f "$CLI_DLL" ]] || tc__die "the $CONF build of the CLI is missing ($CLI_DLL); build it or unset TC_NO_BUILD"

DRILL_STARTED=$(date +%s%N)
# seconds_since NANOSECONDS: "12.3"
seconds_since() { local ms=$((($(date +%s%N) - $1) / 1000000)); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }
# step NAME COMMAND...: runs one step, prints its result line and time; the drill stops at the first failure.
step() {
    local name="$1" started out
    shift
    started=$(date +%s%N)
    if out="$("$@" 2>"$WORK/step.err")"; then
        printf 'ok: %s (%s s)%s\n' "$name" "$(seconds_since "$started")" "${out:+: $(tail -n 1 <<<"$out")}"
    else
        printf 'FAILED: %s (%s s)\n' "$name" "$(seconds_since "$started")"
        tail -n 20 "$WORK/step.err" | sed 's/^/    /'
        [[ -n "$out" ]] && tail -n 5 <<<"$out" | sed 's/^/    /'
        echo "restore drill: FAILED at $name"
        exit 1
    fi
}

psql_on() { local port="$1"; shift; tc__psql "$port" -d "$DB" "$@"; }
owner_on() { tc_connection_string "$1" "$DB"; }
tc_on() { local port="$1"; shift; ConnectionStrings__Cases="$(owner_on "$port")" dotnet "$CLI_DLL" "$@"; }
export Exports__PseudonymKey="dGVzdC1vbmx5LXBzZXVkb255bS1rZXktMzItYnl0ZXMhIQ=="

# The same roles docker/postgres-init/10-app-role.sh makes; on a real server they come from the role definitions
# kept with the backups (pg_dumpall --roles-only), see docs/operations.md.
make_roles() {
    tc__psql "$1" -d postgres -v pw="$APP_PASSWORD" >/dev/null <<'SQL'
SELECT 'CREATE ROLE tc_app NOLOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tc_app')
\gexec
SELECT format('CREATE ROLE tc_web LOGIN PASSWORD %L IN ROLE tc_app', :'pw')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tc_web')
\gexec
SQL
    echo "roles tc_app and tc_web"
}
counts_on() { psql_on "$1" -tAc "SELECT (SELECT count(*) FROM children) || ' children, ' || (SELECT count(*) FROM audit_entries) || ' audit entries'"; }

# --- A dump to restore -------------------------------------------------------------------------------------------
if [[ -z "$DUMP" ]]; then
    echo "==> no dump given: making a small one"
    mkdir -p "$WORK/source"
    start_source() { tc_start_cluster "$WORK/source/data" "$SOURCE_PORT" --fsync-off && tc_ensure_database "$SOURCE_PORT" "$DB" && echo "port $SOURCE_PORT"; }
    step "a source cluster" start_source
    step "tc migrate (source)" tc_on "$SOURCE_PORT" migrate
    step "tc seed-demo (source)" env ASPNETCORE_ENVIRONMENT=Development bash -c \
        'ConnectionStrings__Cases="$1" dotnet "$2" seed-demo --children 50' _ "$(owner_on "$SOURCE_PORT")" "$CLI_DLL"
    step "the app role on the source" make_roles "$SOURCE_PORT"
    DUMP="$WORK/trafficking_cases.dump"
    dump_source() {
        PGPASSWORD="$TC_PG_PASSWORD" "$TC_PG_BIN/pg_dump" -h 127.0.0.1 -p "$SOURCE_PORT" -U "$TC_PG_SUPERUSER" -d "$DB" -Fc -f "$DUMP" &&
            echo "$(du -h "$DUMP" | cut -f 1) in $DUMP"
    }
    step "pg_dump -Fc" dump_source
    SOURCE_COUNTS="$(counts_on "$SOURCE_PORT")"
    tc_stop_cluster "$WORK/source/data" >/dev/null 2>&1
fi

# --- The restore -----------------------------------------------------------------------------------------------
echo "==> restoring $(basename "$DUMP") into a fresh cluster on port $PORT"
mkdir -p "$WORK/restored"
start_fresh() { tc_start_cluster "$WORK/restored/data" "$PORT" && echo "port $PORT"; }
step "a fresh cluster" start_fresh
create_database() { tc__psql "$PORT" -d postgres -c "CREATE DATABASE $DB OWNER $TC_PG_SUPERUSER" && echo "$DB owned by $TC_PG_SUPERUSER"; }
step "the roles" make_roles "$PORT"
step "an empty database" create_database
restore() {
    PGPASSWORD="$TC_PG_PASSWORD" "$TC_PG_BIN/pg_restore" -h 127.0.0.1 -p "$PORT" -U "$TC_PG_SUPERUSER" -d "$DB" \
        --single-transaction --exit-on-error "$DUMP" && counts_on "$PORT"
}
step "pg_restore" restore
if [[ -n "${SOURCE_COUNTS:-}" ]]; then
    same_counts() {
        local restored
        restored="$(counts_on "$PORT")"
        [[ "$restored" == "$SOURCE_COUNTS" ]] || { echo "restored $restored, but the source had $SOURCE_COUNTS" >&2; return 1; }
        echo "$restored, as in the source"
    }
    step "the same rows as the source" same_counts
fi
step "tc migrate" tc_on "$PORT" migrate

# The app role, as the app runs: it may read and change case data, and only add to the audit trail.
APP_CONNECTION="Host=127.0.0.1;Port=$PORT;Database=$DB;Username=tc_web;Password=$APP_PASSWORD"
psql_app() { PGPASSWORD="$APP_PASSWORD" PGCONNECT_TIMEOUT=10 "$TC_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U tc_web -d "$DB" "$@"; }
grants() {
    local got
    got="$(psql_app -tAc "SELECT has_table_privilege('children', 'SELECT, INSERT, UPDATE, DELETE')::text
        || ' ' || has_table_privilege('audit_entries', 'SELECT, INSERT')::text
        || ' ' || has_table_privilege('audit_entries', 'UPDATE, DELETE, TRUNCATE')::text")"
    [[ "$got" == "true true false" ]] || {
        echo "tc_web's grants did not come back as the migrations make them (change children, add to audit_entries, nothing more on it): $got" >&2
        return 1
    }
    echo "tc_web may change case data and only read and add to the audit trail"
}
step "the app role's grants" grants
verify() {
    local -a extra=()
    if [[ -n "${TC_DRILL_CHECKPOINTS:-}" ]]; then
        extra=(--checkpoints "$TC_DRILL_CHECKPOINTS" --public-key "$TC_DRILL_PUBLIC_KEY")
    fi
    ConnectionStrings__Cases="$APP_CONNECTION" dotnet "$CLI_DLL" verify-audit "${extra[@]}"
}
step "tc verify-audit (as tc_web)" verify

echo "restore drill: passed in $(seconds_since "$DRILL_STARTED") s"
