# shellcheck shell=bash
# Helpers for a private PostgreSQL cluster (never the system cluster on 5432).
#
# Source this file; do not execute it. Everything informational goes to stderr,
# so callers can keep stdout clean (scripts/tc's stdout is parsed by tools).
#
# Functions:
#   tc_find_pg_bin                        sets TC_PG_BIN (installs PostgreSQL if allowed)
#   tc_start_cluster DATADIR PORT [--fsync-off] [-c name=value ...]
#   tc_stop_cluster DATADIR
#   tc_ensure_database PORT DBNAME
#   tc_connection_string PORT DBNAME     prints the Npgsql connection string
#   tc_port_in_use PORT                   true if something accepts TCP on 127.0.0.1:PORT
#   tc_start_replica_pair DIR FIRST_PORT  a primary and a streaming standby of it (sets TC_REPLICA_*_PORT)
#   tc_stop_replica_pair DIR
#
# Environment read:
#   TC_PG_BIN       directory holding initdb/pg_ctl/psql (skips the search)
#   TC_NO_INSTALL   when set and non-empty, never run apt-get
#   TC_PG_OS_USER   OS user that runs the server when we are root (default: postgres)
#   TC_PG_QUIET     when set, say nothing when an already-running cluster is reused

if [[ -n "${TC__POSTGRES_SH_LOADED:-}" ]]; then
    return 0
fi
TC__POSTGRES_SH_LOADED=1

TC_PG_MIN_MAJOR=15
TC_PG_SUPERUSER=tc
TC_PG_PASSWORD=tc

tc__log() { printf '%s\n' "$*" >&2; }
tc__die() { printf 'error: %s\n' "$*" >&2; exit 1; }

tc__is_root() { [[ "$(id -u)" -eq 0 ]]; }

tc__pg_os_user() { printf '%s' "${TC_PG_OS_USER:-postgres}"; }

# Run a PostgreSQL server-side command as the right user: the postgres OS user
# when we are root (PostgreSQL refuses to run as root), else the current user.
# Runs from / so the server user never trips over an unreadable cwd.
tc__as_pg() {
    if tc__is_root; then
        (cd / && runuser -u "$(tc__pg_os_user)" -- "$@")
    else
        (cd / && "$@")
    fi
}

# Can we install packages with apt-get? Prints the command prefix ("" or "sudo -n").
tc__apt_prefix() {
    [[ -n "${TC_NO_INSTALL:-}" ]] && return 1
    command -v apt-get >/dev/null 2>&1 || return 1
    if tc__is_root; then
        printf ''
        return 0
    fi
    if command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
        printf 'sudo -n'
        return 0
    fi
    return 1
}

# tc__apt ARGS...: run apt-get (as root, or via passwordless sudo), output to stderr.
tc__apt() {
    local prefix
    prefix="$(tc__apt_prefix)" || return 1
    local -a cmd=()
    if [[ -n "$prefix" ]]; then
        read -r -a cmd <<<"$prefix"
    fi
    DEBIAN_FRONTEND=noninteractive "${cmd[@]}" apt-get "$@" >&2
}

# tc_apt_install PKG...: apt-get update + install -y, if allowed (else returns 1 untouched).
tc_apt_install() {
    tc__apt_prefix >/dev/null || return 1
    tc__log "==> installing with apt-get: $*"
    tc__apt update
    tc__apt install -y "$@"
}

tc__pg_major_of_bindir() {
    # Prints the major version of the server binaries in $1 (e.g. 15), or fails.
    local dir="$1" out
    [[ -x "$dir/pg_ctl" && -x "$dir/initdb" && -x "$dir/postgres" ]] || return 1
    out="$("$dir/postgres" --version 2>/dev/null)" || return 1
    # "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
    [[ "$out" =~ \)\ ([0-9]+) ]] || return 1
    printf '%s' "${BASH_REMATCH[1]}"
}

tc__search_pg_bin() {
    local best="" best_major=0 dir major cand
    local -a candidates=()
    if [[ -n "${TC_PG_BIN:-}" ]]; then
        candidates+=("$TC_PG_BIN")
    fi
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -d "$dir" ]] && candidates+=("$dir")
    done
    if command -v pg_config >/dev/null 2>&1; then
        cand="$(pg_config --bindir 2>/dev/null || true)"
        [[ -n "$cand" ]] && candidates+=("$cand")
    fi
    if command -v pg_ctl >/dev/null 2>&1; then
        cand="$(dirname "$(command -v pg_ctl)")"
        candidates+=("$cand")
    fi
    for dir in "${candidates[@]}"; do
        major="$(tc__pg_major_of_bindir "$dir")" || continue
        if ((major >= TC_PG_MIN_MAJOR && major > best_major)); then
            best="$dir"
            best_major="$major"
        fi
    done
    [[ -n "$best" ]] || return 1
    printf '%s' "$best"
}

# tc_find_pg_bin: sets TC_PG_BIN to a PostgreSQL >= 15 bin dir (initdb, pg_ctl, psql).
tc_find_pg_bin() {
    local found
    if found="$(tc__search_pg_bin)"; then
        TC_PG_BIN="$found"
        tc__check_pg_user
        return 0
    fi
    local -a pkgs=(postgresql)
    if tc__apt_prefix >/dev/null; then
        tc__log "PostgreSQL ${TC_PG_MIN_MAJOR}+ server binaries not found; installing them with apt-get."
        tc__apt update
        # Only ask for the contrib name when this distribution has it
        # (Debian 12 ships pg_trgm/fuzzystrmatch inside postgresql-15 itself).
        if apt-cache show postgresql-contrib >/dev/null 2>&1; then
            pkgs+=(postgresql-contrib)
        fi
        tc__apt install -y "${pkgs[@]}"
        if found="$(tc__search_pg_bin)"; then
            TC_PG_BIN="$found"
            tc__check_pg_user
            return 0
        fi
        tc__die "installed ${pkgs[*]} but still found no PostgreSQL ${TC_PG_MIN_MAJOR}+ binaries under /usr/lib/postgresql/*/bin"
    fi
    cat >&2 <<EOF
error: PostgreSQL ${TC_PG_MIN_MAJOR} or newer (server binaries: initdb, pg_ctl, postgres) was not found.
Looked in /usr/lib/postgresql/*/bin, \`pg_config --bindir\` and PATH.
Install it, then run this again:
    sudo apt-get update && sudo apt-get install -y postgresql postgresql-contrib
(The server needs the pg_trgm and fuzzystrmatch extensions; on Debian 12 they are
part of postgresql-15.) Or point TC_PG_BIN at a bin directory of PostgreSQL ${TC_PG_MIN_MAJOR}+,
or set TC_CONNECTION_STRING to use an existing server instead.
EOF
    exit 1
}

tc__check_pg_user() {
    tc__is_root || return 0
    local user
    user="$(tc__pg_os_user)"
    if ! id -u "$user" >/dev/null 2>&1; then
        tc__log "creating system user '$user' to run PostgreSQL (it refuses to run as root)"
        useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql \
            --shell /usr/sbin/nologin "$user" >&2 ||
            tc__die "could not create OS user '$user'; create it or set TC_PG_OS_USER"
    fi
    command -v runuser >/dev/null 2>&1 || tc__die "runuser (util-linux) is needed to run PostgreSQL as '$user'"
}

# tc_port_in_use PORT: succeeds if something accepts TCP connections on 127.0.0.1:PORT.
tc_port_in_use() {
    local port="$1"
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

tc__describe_port_user() {
    local port="$1"
    if command -v ss >/dev/null 2>&1; then
        ss -Hltnp "sport = :$port" 2>/dev/null | sed 's/^/    /' >&2 || true
    fi
}

# Is a postmaster running on DATADIR? (pg_ctl status)
tc__cluster_running() {
    local datadir="$1"
    [[ -f "$datadir/PG_VERSION" ]] || return 1
    tc__as_pg "$TC_PG_BIN/pg_ctl" status -D "$datadir" >/dev/null 2>&1
}

# Port of the running postmaster (line 4 of postmaster.pid).
tc__cluster_port() {
    local datadir="$1"
    sed -n 4p "$datadir/postmaster.pid" 2>/dev/null || true
}

# tc_start_cluster DATADIR PORT [--fsync-off] [-c name=value ...]
tc_start_cluster() {
    (($# >= 2)) || tc__die "usage: tc_start_cluster DATADIR PORT [--fsync-off] [-c name=value ...]"
    local datadir="$1" port="$2"
    shift 2
    local fsync_off=0
    local -a extra=()
    while (($#)); do
        case "$1" in
            --fsync-off) fsync_off=1 ;;
            -c)
                (($# >= 2)) || tc__die "tc_start_cluster: -c needs name=value"
                extra+=(-c "$2")
                shift
                ;;
            *) tc__die "tc_start_cluster: unknown option '$1'" ;;
        esac
        shift
    done
    if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
        tc__die "invalid port '$port'"
    fi
    if ((port == 5432)); then
        tc__die "refusing to use port 5432 (that is the system PostgreSQL's port); pick another, e.g. 55432"
    fi
    [[ -n "${TC_PG_BIN:-}" ]] || tc_find_pg_bin

    # Absolute paths: pg_ctl runs from /.
    mkdir -p "$datadir"
    datadir="$(cd "$datadir" && pwd -P)"
    local parent sockdir logfile
    parent="$(dirname "$datadir")"
    sockdir="$parent/sock"
    logfile="$parent/postgres.log"
    mkdir -p "$sockdir"

    if tc__is_root; then
        local user
        user="$(tc__pg_os_user)"
        chown "$user:" "$parent" "$sockdir"
        [[ -e "$logfile" ]] && chown "$user:" "$logfile"
        if [[ "$(stat -c %U "$datadir")" != "$user" ]]; then
            chown -R "$user:" "$datadir"
        fi
        if ! runuser -u "$user" -- test -w "$parent" -a -x "$parent"; then
            tc__die "the OS user '$user' cannot reach $parent (a parent directory is not searchable by it, e.g. under /root).
Set TC_DATA_DIR (or use a temp dir) to a place '$user' can reach, e.g. TC_DATA_DIR=/var/tmp/trafficking-cases"
        fi
    fi
    chmod 700 "$datadir"

    # Serialise concurrent starts on the same data dir. The server must not inherit
    # this descriptor (it would hold the lock for its whole life), see "start" below.
    local lockfd
    exec {lockfd}>>"$parent/.cluster.lock"
    if command -v flock >/dev/null 2>&1; then
        flock -w 120 "$lockfd" || tc__die "timed out waiting for the lock on $parent/.cluster.lock"
    fi

    local bin_major
    bin_major="$(tc__pg_major_of_bindir "$TC_PG_BIN")"
    if [[ -f "$datadir/PG_VERSION" ]]; then
        local data_major
        data_major="$(<"$datadir/PG_VERSION")"
        if [[ "$data_major" != "$bin_major" ]]; then
            tc__die "$datadir was created by PostgreSQL $data_major but the binaries in $TC_PG_BIN are $bin_major.
Use PostgreSQL $data_major (TC_PG_BIN=/usr/lib/postgresql/$data_major/bin) or move the data dir away to start afresh."
        fi
    else
        tc__initdb "$datadir" "$fsync_off"
    fi

    if tc__cluster_running "$datadir"; then
        local running_port
        running_port="$(tc__cluster_port "$datadir")"
        if [[ -n "$running_port" && "$running_port" != "$port" ]]; then
            tc__die "the cluster in $datadir is already running, but on port $running_port, not $port.
Stop it first (pg_ctl -D $datadir stop) or use port $running_port."
        fi
        [[ -n "${TC_PG_QUIET:-}" ]] ||
            tc__log "PostgreSQL already running on 127.0.0.1:$port (data: $datadir); reusing it."
        exec {lockfd}>&-
        return 0
    fi

    if tc_port_in_use "$port"; then
        tc__log "error: port $port on 127.0.0.1 is already in use by another program (not the cluster in $datadir):"
        tc__describe_port_user "$port"
        tc__log "Choose another port (e.g. TC_PG_PORT=$((port + 10)) for scripts/run.sh and scripts/tc)."
        exit 1
    fi

    # Unix sockets are limited to ~107 bytes and the -o string goes through /bin/sh,
    # so only use the socket dir when its path is short and plain; clients use TCP anyway.
    local sock_opt="''"
    if ((${#sockdir} <= 80)) && [[ "$sockdir" =~ ^[A-Za-z0-9._/+@:-]+$ ]]; then
        sock_opt="$sockdir"
    fi
    local opts="-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$sock_opt"
    if ((fsync_off)); then
        opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    local i
    for ((i = 0; i < ${#extra[@]}; i += 2)); do
        [[ "${extra[i + 1]}" =~ ^[A-Za-z0-9_.]+=[A-Za-z0-9_.:/+,-]*$ ]] ||
            tc__die "tc_start_cluster: unsupported setting '${extra[i + 1]}'"
        opts+=" -c ${extra[i + 1]}"
    done

    tc__log "Starting PostgreSQL on 127.0.0.1:$port (data: $datadir, log: $logfile)"
    if ! tc__as_pg "$TC_PG_BIN/pg_ctl" -w -t 60 -D "$datadir" -l "$logfile" -o "$opts" start >&2 {lockfd}>&-; then
        tc__log "error: PostgreSQL failed to start; last lines of $logfile:"
        tail -n 20 "$logfile" >&2 2>/dev/null || true
        exit 1
    fi
    exec {lockfd}>&-
    return 0
}

tc__initdb() {
    local datadir="$1" fsync_off="${2:-0}" pwfile locale_opt initlog
    tc__log "Initialising a new PostgreSQL cluster in $datadir"
    pwfile="$(mktemp "$(dirname "$datadir")/.pwfile.XXXXXX")"
    initlog="$(dirname "$datadir")/initdb.log"
    printf '%s\n' "$TC_PG_PASSWORD" >"$pwfile"
    tc__is_root && chown "$(tc__pg_os_user):" "$pwfile"
    # C.UTF-8 gives pg_trgm a Unicode-aware notion of letters; fall back to C.
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        locale_opt="C.UTF-8"
    else
        locale_opt="C"
    fi
    local -a opts=(-D "$datadir" --encoding=UTF8 --locale="$locale_opt"
        --username="$TC_PG_SUPERUSER" --pwfile="$pwfile"
        --auth-local=trust --auth-host=scram-sha-256)
    ((fsync_off)) && opts+=(--no-sync)
    if ! tc__as_pg "$TC_PG_BIN/initdb" "${opts[@]}" >"$initlog" 2>&1; then
        rm -f "$pwfile"
        cat "$initlog" >&2
        tc__die "initdb failed for $datadir (output above, also in $initlog)"
    fi
    rm -f "$pwfile"
}

# tc_stop_cluster DATADIR
tc_stop_cluster() {
    local datadir="$1"
    if [[ ! -f "$datadir/PG_VERSION" ]]; then
        tc__log "No PostgreSQL cluster in $datadir; nothing to stop."
        return 0
    fi
    [[ -n "${TC_PG_BIN:-}" ]] || tc_find_pg_bin
    if tc__cluster_running "$datadir"; then
        tc__log "Stopping PostgreSQL (data: $datadir)"
        tc__as_pg "$TC_PG_BIN/pg_ctl" -w -t 60 -D "$datadir" -m fast stop >&2
    else
        tc__log "PostgreSQL in $datadir is not running."
    fi
}

tc__psql() {
    local port="$1"
    shift
    PGPASSWORD="$TC_PG_PASSWORD" PGCONNECT_TIMEOUT=10 "$TC_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$port" -U "$TC_PG_SUPERUSER" "$@"
}

# tc_start_replica_pair DIR FIRST_PORT: a private primary in DIR/primary/data and a streaming standby of it in
# DIR/standby/data (pg_basebackup -R: standby.signal and primary_conninfo), both with fsync off, on the first two free
# ports from FIRST_PORT upward; sets TC_REPLICA_PRIMARY_PORT and TC_REPLICA_STANDBY_PORT. For the read-replica test
# (ADR 027): it never touches any other cluster. Reuses a pair already made in DIR.
tc_start_replica_pair() {
    (($# == 2)) || tc__die "usage: tc_start_replica_pair DIR FIRST_PORT"
    local dir="$1" port="$2"
    [[ -n "${TC_PG_BIN:-}" ]] || tc_find_pg_bin
    mkdir -p "$dir/primary" "$dir/standby"
    dir="$(cd "$dir" && pwd -P)"
    local -a ports=()
    while ((${#ports[@]} < 2)); do
        ((port <= 65535)) || tc__die "tc_start_replica_pair: no free ports from $2 upward"
        if ((port != 5432)) && ! tc_port_in_use "$port"; then
            ports+=("$port")
        fi
        port=$((port + 1))
    done
    TC_REPLICA_PRIMARY_PORT="$(tc__cluster_port "$dir/primary/data")"
    TC_REPLICA_PRIMARY_PORT="${TC_REPLICA_PRIMARY_PORT:-${ports[0]}}"
    tc_start_cluster "$dir/primary/data" "$TC_REPLICA_PRIMARY_PORT" --fsync-off
    local standby="$dir/standby/data"
    if [[ ! -f "$standby/PG_VERSION" ]]; then
        tc__log "Copying the primary on port $TC_REPLICA_PRIMARY_PORT into a standby (pg_basebackup -R, data: $standby)"
        rm -rf "$standby"
        tc__is_root && chown "$(tc__pg_os_user):" "$dir/standby"
        # -R writes standby.signal and a primary_conninfo holding these connection settings (the test password).
        tc__as_pg env PGPASSWORD="$TC_PG_PASSWORD" "$TC_PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$TC_REPLICA_PRIMARY_PORT" \
            -U "$TC_PG_SUPERUSER" -D "$standby" -R -X stream --checkpoint=fast --no-sync >&2 ||
            tc__die "pg_basebackup from the primary on port $TC_REPLICA_PRIMARY_PORT failed"
    fi
    TC_REPLICA_STANDBY_PORT="$(tc__cluster_port "$standby")"
    if [[ -z "$TC_REPLICA_STANDBY_PORT" ]]; then
        TC_REPLICA_STANDBY_PORT="${ports[1]}"
        ((TC_REPLICA_STANDBY_PORT != TC_REPLICA_PRIMARY_PORT)) || TC_REPLICA_STANDBY_PORT="${ports[0]}"
    fi
    tc_start_cluster "$standby" "$TC_REPLICA_STANDBY_PORT" --fsync-off
}

# tc_stop_replica_pair DIR: stops the standby, then the primary, made by tc_start_replica_pair.
tc_stop_replica_pair() {
    tc_stop_cluster "$1/standby/data"
    tc_stop_cluster "$1/primary/data"
}

# tc_ensure_database PORT DBNAME: create DBNAME if it does not exist.
tc_ensure_database() {
    local port="$1" db="$2"
    [[ -n "${TC_PG_BIN:-}" ]] || tc_find_pg_bin
    tc__psql "$port" -d postgres -v db="$db" >&2 <<'SQL'
SELECT format('CREATE DATABASE %I', :'db')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db')
\gexec
SQL
}

# tc_connection_string PORT DBNAME: print the Npgsql connection string.
tc_connection_string() {
    printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s\n' \
        "$1" "$2" "$TC_PG_SUPERUSER" "$TC_PG_PASSWORD"
}

# tc_use_app_database REPO: the connection logic shared by scripts/run.sh and scripts/tc.
# Uses TC_CONNECTION_STRING or ConnectionStrings__Cases if set; otherwise starts (or
# reuses) the private cluster in ${TC_DATA_DIR:-REPO/.data}/postgres on ${TC_PG_PORT:-55432}
# and creates the database ${TC_DB_NAME:-trafficking_cases}.
# Exports ConnectionStrings__Cases; sets TC_USING_PRIVATE_CLUSTER=1|0.
tc_use_app_database() {
    local repo="$1"
    if [[ -n "${TC_CONNECTION_STRING:-}" ]]; then
        export ConnectionStrings__Cases="$TC_CONNECTION_STRING"
        TC_USING_PRIVATE_CLUSTER=0
        return 0
    fi
    if [[ -n "${ConnectionStrings__Cases:-}" ]]; then
        export ConnectionStrings__Cases
        TC_USING_PRIVATE_CLUSTER=0
        return 0
    fi
    local datadir port db
    datadir="$(tc_app_data_dir "$repo")"
    port="${TC_PG_PORT:-55432}"
    db="${TC_DB_NAME:-trafficking_cases}"
    tc_start_cluster "$datadir" "$port"
    tc_ensure_database "$port" "$db"
    ConnectionStrings__Cases="$(tc_connection_string "$port" "$db")"
    export ConnectionStrings__Cases
    export TC_USING_PRIVATE_CLUSTER=1
}

# tc_use_app_role: on the private cluster, after migrating as the owner, switch ConnectionStrings__Cases to the
# login role tc_web, a member of tc_app (created by the migrations): it may change case data but only INSERT and
# SELECT the audit table. Creates the role once. No-op when an external server was given.
tc_use_app_role() {
    [[ "${TC_USING_PRIVATE_CLUSTER:-0}" == 1 ]] || return 0
    local port="${TC_PG_PORT:-55432}" db="${TC_DB_NAME:-trafficking_cases}"
    tc__psql "$port" -d "$db" -v pw="$TC_PG_PASSWORD" >&2 <<'SQL'
SELECT format('CREATE ROLE tc_web LOGIN PASSWORD %L IN ROLE tc_app', :'pw')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tc_web')
\gexec
SQL
    ConnectionStrings__Cases="$(printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=tc_web;Password=%s' "$port" "$db" "$TC_PG_PASSWORD")"
    export ConnectionStrings__Cases
}

# tc_app_data_dir REPO: the private cluster's data dir.
tc_app_data_dir() {
    printf '%s/postgres' "${TC_DATA_DIR:-$1/.data}"
}

# tc_use_pseudonym_key REPO: for local runs, the export pseudonym key. Uses Exports__PseudonymKey if set;
# otherwise reads (or makes once, 32 random bytes) ${TC_DATA_DIR:-REPO/.data}/pseudonym-key, readable only by its
# owner, so pseudonyms stay the same from one local run to the next. Exports Exports__PseudonymKey.
tc_use_pseudonym_key() {
    if [[ -n "${Exports__PseudonymKey:-}" ]]; then
        export Exports__PseudonymKey
        return 0
    fi
    local dir key_file
    dir="${TC_DATA_DIR:-$1/.data}"
    key_file="$dir/pseudonym-key"
    if [[ ! -s "$key_file" ]]; then
        mkdir -p "$dir"
        (umask 077 && head -c 32 /dev/urandom | base64 >"$key_file")
    fi
    Exports__PseudonymKey="$(cat "$key_file")"
    export Exports__PseudonymKey
}
