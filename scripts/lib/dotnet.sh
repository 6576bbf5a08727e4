# shellcheck shell=bash
# .NET helpers shared by scripts/run.sh, scripts/tc and scripts/test.sh.
# Source this file; do not execute it. Messages go to stderr.
#
# Functions:
#   tc_require_dotnet                   makes sure a .NET 10+ SDK is on PATH, else explains and exits 1
#   tc_find_solution REPO               prints the solution file (TraffickingCases.sln or .slnx)
#   tc_summarize_test_log LOGFILE       prints "PASSED FAILED SKIPPED TOTAL" summed over all test projects

if [[ -n "${TC__DOTNET_SH_LOADED:-}" ]]; then
    return 0
fi
TC__DOTNET_SH_LOADED=1

TC_DOTNET_MIN_MAJOR=10

# Quiet, non-interactive CLI (no banner on stdout, no telemetry).
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE="${DOTNET_SKIP_FIRST_TIME_EXPERIENCE:-1}"

tc_require_dotnet() {
    if ! command -v dotnet >/dev/null 2>&1; then
        local dir
        for dir in "${DOTNET_ROOT:-}" "$HOME/.dotnet" /usr/share/dotnet /usr/lib/dotnet /opt/dotnet; do
            if [[ -n "$dir" && -x "$dir/dotnet" ]]; then
                export PATH="$dir:$PATH"
                export DOTNET_ROOT="$dir"
                break
            fi
        done
    fi
    local sdks=""
    if command -v dotnet >/dev/null 2>&1; then
        sdks="$(dotnet --list-sdks 2>/dev/null || true)"
    fi
    local line major
    while IFS= read -r line; do
        major="${line%%.*}"
        if [[ "$major" =~ ^[0-9]+$ ]] && ((major >= TC_DOTNET_MIN_MAJOR)); then
            return 0
        fi
    done <<<"$sdks"
    cat >&2 <<EOF
error: the .NET ${TC_DOTNET_MIN_MAJOR} SDK was not found (\`dotnet --list-sdks\` shows no ${TC_DOTNET_MIN_MAJOR}.x SDK${sdks:+; found:
$sdks}).
Install the .NET ${TC_DOTNET_MIN_MAJOR} SDK, then run this again. On Debian 12, either
  - from Microsoft's Debian package feed (see https://learn.microsoft.com/dotnet/core/install/linux-debian):
        sudo apt-get install -y dotnet-sdk-${TC_DOTNET_MIN_MAJOR}.0
  - or without root, with Microsoft's dotnet-install script:
        ./dotnet-install.sh --channel ${TC_DOTNET_MIN_MAJOR}.0 && export PATH="\$HOME/.dotnet:\$PATH"
EOF
    exit 1
}

# tc_find_solution REPO: print the path of the solution file.
tc_find_solution() {
    local repo="$1" f
    for f in "$repo/TraffickingCases.sln" "$repo/TraffickingCases.slnx"; do
        if [[ -f "$f" ]]; then
            printf '%s\n' "$f"
            return 0
        fi
    done
    local -a found=()
    shopt -s nullglob
    found=("$repo"/*.sln "$repo"/*.slnx)
    shopt -u nullglob
    if ((${#found[@]} == 1)); then
        printf '%s\n' "${found[0]}"
        return 0
    fi
    printf 'error: expected exactly one solution (TraffickingCases.sln or .slnx) in %s, found %d\n' \
        "$repo" "${#found[@]}" >&2
    exit 1
}

# tc_summarize_test_log LOGFILE: sum the per-project results `dotnet test` printed.
# Prints "PASSED FAILED SKIPPED TOTAL".
# Understands both VSTest console formats:
#   minimal:  "Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, Duration: ..."
#   normal:   "Test Run Successful." / "Total tests: 12" / "     Passed: 12" / "     Failed: 1" / "    Skipped: 1"
# (with --logger "console;verbosity=normal" only the second one is printed).
tc_summarize_test_log() {
    sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r$//' "$1" | awk '
        function num(s) { gsub(/[^0-9]/, "", s); return s + 0 }
        /^[[:space:]]*(Passed|Failed)![[:space:]]+-[[:space:]]+Failed:[[:space:]]*[0-9]+,[[:space:]]*Passed:[[:space:]]*[0-9]+,[[:space:]]*Skipped:[[:space:]]*[0-9]+,[[:space:]]*Total:[[:space:]]*[0-9]+/ {
            line = $0
            sub(/^[^-]*-[[:space:]]*/, "", line)
            n = split(line, parts, ",")
            for (i = 1; i <= n && i <= 4; i++) {
                split(parts[i], kv, ":")
                key = kv[1]; gsub(/[[:space:]]/, "", key)
                if (key == "Failed") lf += num(kv[2])
                else if (key == "Passed") lp += num(kv[2])
                else if (key == "Skipped") ls += num(kv[2])
                else if (key == "Total") lt += num(kv[2])
            }
            lines++
            next
        }
        /^Total tests:[[:space:]]*[0-9]+[[:space:]]*$/ { bt += num($0); blocks++; next }
        /^[[:space:]]+Passed:[[:space:]]*[0-9]+[[:space:]]*$/  { bp += num($0); next }
        /^[[:space:]]+Failed:[[:space:]]*[0-9]+[[:space:]]*$/  { bf += num($0); next }
        /^[[:space:]]+Skipped:[[:space:]]*[0-9]+[[:space:]]*$/ { bs += num($0); next }
        END {
            if (lines > 0) printf "%d %d %d %d\n", lp, lf, ls, lt
            else printf "%d %d %d %d\n", bp, bf, bs, bt
        }'
}
