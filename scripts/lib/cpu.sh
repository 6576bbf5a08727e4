# CPU time per process group, for the benchmarks: where two shared cores spend a run. Source it.
#
#   tc_cpu_sample APP_PID PG_DATA   prints "TOTAL APP PG" in clock ticks since boot: all busy CPU of the machine,
#                                   the app process, and PostgreSQL (postmaster and every backend, live or ended)
#   tc_cpu_ticks_of_command FILE COMMAND...
#                                   runs COMMAND and writes the CPU ticks it used (it and its children) to FILE
#   tc_cpu_report BEFORE AFTER REQUESTS LOAD_TICKS
#                                   prints CPU milliseconds a request for the app, PostgreSQL and the load generator,
#                                   the latency floor they imply at 16 connections on this machine, and what the
#                                   machine's other processes used meanwhile (anything else running inflates it)

tc__ticks_of() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }

tc_cpu_sample() {
    local app="$1" data="$2" postmaster pg=0 total child
    # Busy ticks of the machine: every column of the cpu line but idle and iowait.
    total=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)
    postmaster=$(head -n 1 "$data/postmaster.pid" 2>/dev/null)
    if [[ -n "$postmaster" && -r "/proc/$postmaster/stat" ]]; then
        # The postmaster's own time plus what its ended children used (cutime, cstime), plus each live child's.
        pg=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$postmaster/stat")
        for child in $(cat "/proc/$postmaster/task/$postmaster/children" 2>/dev/null); do
            pg=$((pg + $(tc__ticks_of "$child")))
        done
    fi
    echo "$total $(tc__ticks_of "$app") $pg"
}

tc_cpu_ticks_of_command() {
    local file="$1"
    shift
    # A shell of its own runs the command; once it has waited for it, its cutime and cstime hold what the command used.
    bash -c '"$@"; rc=$?; awk "{ print \$16 + \$17 }" /proc/$$/stat >"$0"; exit $rc' "$file" "$@"
}

tc_cpu_report() {
    local before="$1" after="$2" requests="$3" load="${4:-0}"
    awk -v b="$before" -v a="$after" -v r="$requests" -v w="$load" -v hz="$(getconf CLK_TCK)" -v cores="$(nproc)" 'BEGIN {
        split(b, x, " "); split(a, y, " ")
        if (r <= 0) { print "CPU: no request completed"; exit }
        ms = 1000 / hz
        machine = (y[1] - x[1]) * ms / r; app = (y[2] - x[2]) * ms / r; pg = (y[3] - x[3]) * ms / r; load = w * ms / r
        total = app + pg + load
        other = machine - total; if (other < 0) other = 0
        # Little: 16 requests in flight, at most cores*1000/total answered a second, so each waits at least 16*total/cores.
        printf "CPU a request: app %.2f ms, PostgreSQL %.2f ms, wrk %.2f ms, total %.2f ms; ", app, pg, load, total
        printf "%d cores answer at most %.0f req/s, so 16 connections wait at least %.1f ms on average; other processes %.2f ms a request\n", cores, cores * 1000 / total, 16 * total / cores, other
    }'
}
