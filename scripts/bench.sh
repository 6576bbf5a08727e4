#!/usr/bin/env bash
# Benchmarks: generate N synthetic children (default 100,000) with their histories, import the five files
# into a fresh database on a throwaway PostgreSQL cluster (the rules run inside each import), import them
# again (which must change nothing), then run the flag sweep over every child twice.
# Results are recorded in docs/performance.md.
#
#   scripts/bench.sh [N]
#
# The cluster keeps PostgreSQL's default durability (fsync on), unlike the test cluster.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source-path=SCRIPTDIR source=lib/postgres.sh
source "$REPO/scripts/lib/postgres.sh"
# shellcheck source-path=SCRIPTDIR source=lib/dotnet.sh
source "$REPO/scripts/lib/dotnet.sh"

COUNT="${1:-100000}"
tc_require_dotnet
tc_find_pg_bin
WORK="$(mktemp -d "${TMPDIR:-/tmp}/tc-bench.XXXXXX")"
chmod 755 "$WORK"
mkdir -p "$WORK/pg"
PORT="${TC_BENCH_PG_PORT:-55477}"
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

cd "$REPO"
dotnet build src/TraffickingCases.Cli -c Release --nologo -v q >&2
tc() { dotnet run --no-build -c Release --project src/TraffickingCases.Cli --no-launch-profile -- "$@"; }
tc migrate
ASPNETCORE_ENVIRONMENT=Development tc seed-demo --children 0
tc generate --children "$COUNT" --seed 7 --out "$WORK/files"

timed() {
    local label="$1"
    shift
    local start end ms
    start=$(date +%s%N)
    "$@"
    end=$(date +%s%N)
    ms=$(((end - start) / 1000000))
    printf '%s: %d.%03d s\n' "$label" $((ms / 1000)) $((ms % 1000))
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; PostgreSQL $("$TC_PG_BIN/postgres" --version | awk '{print $3}')"
for pass in first second; do
    for kind in children referrals missing-episodes placements support; do
        rows=$(($(wc -l <"$WORK/files/$kind.csv") - 1))
        timed "$pass import of $kind ($rows rows)" tc import "$kind" "$WORK/files/$kind.csv"
    done
done

timed "sweep after import" tc sweep
timed "second sweep" tc sweep
tc flags --status open | tail -n 1
