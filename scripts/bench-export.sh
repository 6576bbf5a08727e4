#!/usr/bin/env bash
# Export benchmark: N synthetic referrals (default 1,000,000) in a fresh database on a throwaway PostgreSQL cluster,
# then the referrals dataset written by our exporter (pseudonymised CSV) and by PostgreSQL's own
# COPY (same query) TO STDOUT WITH CSV under three plans (the planner's choice, index scans off, the exporter's
# in-order settings), each in its own process, RUNS times each (best reported; the exporter's rate is compared with
# the fastest COPY).
# Results are recorded in docs/performance.md.
#
#   scripts/bench-export.sh [N] [RUNS] [FORMAT]
#
# The cluster keeps PostgreSQL's default durability (fsync on), unlike the test cluster.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source-path=SCRIPTDIR source=lib/postgres.sh
source "$REPO/scripts/lib/postgres.sh"
# shellcheck source-path=SCRIPTDIR source=lib/dotnet.sh
source "$REPO/scripts/lib/dotnet.sh"

COUNT="${1:-1000000}"
RUNS="${2:-3}"
FORMAT="${3:-csv}"
tc_require_dotnet
tc_find_pg_bin
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tc-bench-export.XXXXXX")"
chmod 755 "$WORK"
mkdir -p "$WORK/pg"
PORT="${TC_BENCH_PG_PORT:-55478}"
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
    tc_stop_cluster "$WORK/pg/data" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
tc_start_cluster "$WORK/pg/data" "$PORT"
tc_ensure_database "$PORT" tc_bench
ConnectionStrings__Cases="$(tc_connection_string "$PORT" tc_bench)"
export ConnectionStrings__Cases
Exports__PseudonymKey="$(head -c 32 /dev/urandom | base64)"
export Exports__PseudonymKey

cd "$REPO"
dotnet build src/TraffickingCases.Cli -c Release --nologo -v q >&2
tc() { dotnet run --no-build -c Release --project src/TraffickingCases.Cli --no-launch-profile -- "$@"; }
tc migrate
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; PostgreSQL $("$TC_PG_BIN/postgres" --version | awk '{print $3}')"
# The audit events go to stderr; keep them out of the figures.
tc bench export --referrals "$COUNT" --runs "$RUNS" --format "$FORMAT" 2> >(grep -v '"@mt"' >&2)
