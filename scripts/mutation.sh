#!/usr/bin/env bash
# Mutation testing: how many deliberate faults in the domain's Risk/ and Children/ do the Domain tests catch?
#
#   scripts/mutation.sh                 full run (tests/TraffickingCases.Domain.Tests/stryker-config.json)
#   scripts/mutation.sh --smoke         one small file (Children/Placement.cs), for a quick check
#   scripts/mutation.sh [--smoke] [extra dotnet-stryker args...]
#                                       e.g. --mutate "**/Children/Child.cs" or --since:main while iterating
#
# Reads:  TC_MUTATION_THRESHOLD    lowest acceptable score in percent (default 85)
#         TC_MUTATION_CONCURRENCY  test processes in parallel (default: the number of cores)
# Writes: .mutation/<full|smoke>/ (gitignored): the HTML and JSON reports and Stryker's log.
# Prints the score overall, per folder and per file, then "mutation score: S% (threshold T%)";
# exits 1 when the score is below the threshold (2 on usage errors, Stryker's code if it fails).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source-path=SCRIPTDIR source=lib/dotnet.sh
source "$REPO/scripts/lib/dotnet.sh"

THRESHOLD="${TC_MUTATION_THRESHOLD:-85}"
CONCURRENCY="${TC_MUTATION_CONCURRENCY:-$(nproc 2>/dev/null || echo 2)}"
if ! [[ "$THRESHOLD" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
    echo "TC_MUTATION_THRESHOLD must be a number from 0 to 100, not '$THRESHOLD'." >&2
    exit 2
fi

MODE=full
ARGS=()
for arg in "$@"; do
    if [[ "$arg" == --smoke ]]; then
        MODE=smoke
    else
        ARGS+=("$arg")
    fi
done
if [[ "$MODE" == smoke ]]; then
    ARGS=(--mutate "**/TraffickingCases.Domain/Children/Placement.cs" "${ARGS[@]}")
fi

if ! command -v jq >/dev/null 2>&1; then
    echo "jq is needed to read Stryker's JSON report (apt-get install jq)." >&2
    exit 2
fi

tc_require_dotnet
cd "$REPO"
dotnet tool restore >/dev/null

OUT="$REPO/.mutation/$MODE"
rm -rf "$OUT"
mkdir -p "$OUT"
echo "Mutation testing ($MODE), reports in ${OUT#"$REPO"/}" >&2
START=$SECONDS
set +e
(
    cd tests/TraffickingCases.Domain.Tests
    dotnet stryker --skip-version-check --config-file stryker-config.json --output "$OUT" \
        --concurrency "$CONCURRENCY" "${ARGS[@]}"
) 2>&1 | tee "$OUT/stryker.log" | grep --line-buffered -E "ERR|WRN|mutants will be tested|final mutation score" >&2
STATUS=${PIPESTATUS[0]}
set -e
if ((STATUS != 0)); then
    echo "dotnet stryker failed (exit $STATUS); see ${OUT#"$REPO"/}/stryker.log" >&2
    exit "$STATUS"
fi

REPORT="$(find "$OUT" -name mutation-report.json -print -quit)"
if [[ -z "$REPORT" ]]; then
    echo "No mutation-report.json under ${OUT#"$REPO"/}; see stryker.log" >&2
    exit 1
fi

# Score = caught / (caught + missed): Killed and Timeout are caught, Survived and NoCoverage are missed;
# compile errors and ignored mutants do not count (Stryker's own definition).
jq -r --argjson threshold "$THRESHOLD" '
    def tally: reduce .[] as $s ({k: 0, m: 0};
        if ($s == "Killed" or $s == "Timeout") then .k += 1
        elif ($s == "Survived" or $s == "NoCoverage") then .m += 1 else . end);
    def pct: if (.k + .m) == 0 then "n/a" else ((.k * 10000 / (.k + .m) | floor) / 100 | tostring) + "%" end;
    def line($name): "\(pct | (" " * (7 - length)) + .)  \(.k) caught, \(.m) missed  \($name)";
    def counted: (.k + .m) > 0;
    [.files | to_entries[] | {file: (.key | sub(".*/TraffickingCases.Domain/"; "")),
                              statuses: [.value.mutants[].status]}] as $files
    | ($files | map(.statuses[]) | tally) as $all
    | "By folder:",
      ($files | group_by(.file | sub("/[^/]*$"; "")) | .[] as $g
          | ($g | map(.statuses[]) | tally | select(counted) | line($g[0].file | sub("/[^/]*$"; "") + "/"))),
      "By file:",
      ($files | sort_by(.file) | .[] as $f | ($f.statuses | tally | select(counted) | line($f.file))),
      "",
      "mutation score: \($all | pct) (threshold \($threshold)%)",
      (if ($all.k + $all.m) > 0 and ($all.k * 100 / ($all.k + $all.m)) < $threshold then "BELOW THRESHOLD" else empty end)
' "$REPORT" | tee "$OUT/summary.txt"
echo "took $((SECONDS - START)) s; HTML report: ${OUT#"$REPO"/}/$(cd "$OUT" && find . -name '*.html' -print -quit | sed 's|^\./||')" >&2

if grep -q '^BELOW THRESHOLD$' "$OUT/summary.txt"; then
    exit 1
fi
