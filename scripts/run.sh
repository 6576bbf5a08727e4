#!/usr/bin/env bash
# Run the web app locally, with a private PostgreSQL cluster that keeps its data.
#
#   scripts/run.sh            build, migrate, seed demo data, serve on http://127.0.0.1:5080
#   scripts/run.sh --stop-db  stop the private PostgreSQL cluster
#
# Reads:   TC_CONNECTION_STRING / ConnectionStrings__Cases (use that server, no private cluster),
#          TC_DATA_DIR (default REPO/.data; cluster in TC_DATA_DIR/postgres), TC_PG_PORT (55432),
#          TC_DB_NAME (trafficking_cases), TC_URLS (http://127.0.0.1:5080),
#          ASPNETCORE_ENVIRONMENT (Development), TC_NO_INSTALL, TC_PG_BIN.
# Exports: ConnectionStrings__Cases, ASPNETCORE_ENVIRONMENT, ASPNETCORE_URLS.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
# shellcheck source-path=SCRIPTDIR source=lib/postgres.sh
source "$REPO/scripts/lib/postgres.sh"
# shellcheck source-path=SCRIPTDIR source=lib/dotnet.sh
source "$REPO/scripts/lib/dotnet.sh"

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

case "${1:-}" in
    "") ;;
    --stop-db)
        tc_stop_cluster "$(tc_app_data_dir "$REPO")"
        exit 0
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        echo "error: unknown argument '$1'" >&2
        usage >&2
        exit 2
        ;;
esac

tc_require_dotnet
SLN="$(tc_find_solution "$REPO")"

tc_use_app_database "$REPO"
tc_use_pseudonym_key "$REPO"
# The demo seed (and its demo accounts) only runs in Development.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"

cd "$REPO"
echo "==> dotnet build $(basename "$SLN")"
dotnet build "$SLN" --nologo -v minimal
echo "==> migrate"
dotnet run --no-build --project src/TraffickingCases.Cli --no-launch-profile -- migrate
echo "==> seed-demo"
dotnet run --no-build --project src/TraffickingCases.Cli --no-launch-profile -- seed-demo
# The app itself runs as tc_web (member of tc_app): it may only INSERT and SELECT the audit trail.
tc_use_app_role

export ASPNETCORE_URLS="${TC_URLS:-http://127.0.0.1:5080}"

cat <<EOF

Trafficking Cases is starting at ${ASPNETCORE_URLS%%;*}
Demo sign-ins (password for all: demo-password-2026):
    caseworker@demo.test   Caseworker
    manager@demo.test      Manager
    auditor@demo.test      Auditor (exports North Shire Council only)
    auditor.national@demo.test  NationalAuditor (exports every organisation)
    admin@demo.test        Admin
    caseworker.east@demo.test  Caseworker, East Borough Council (another organisation)
    manager.east@demo.test     Manager, East Borough Council (another organisation)
Press Ctrl-C to stop the app.
EOF
if [[ "$TC_USING_PRIVATE_CLUSTER" == 1 ]]; then
    cat <<EOF
The database keeps running and its data persists in $(tc_app_data_dir "$REPO");
stop it with: scripts/run.sh --stop-db
EOF
fi
echo

exec dotnet run --no-build --project src/TraffickingCases.Web --no-launch-profile
