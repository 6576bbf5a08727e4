#!/usr/bin/env bash
# Page latency with 16 connections (wrk -t2 -c16 -d10s) for the pages a manager uses most, on a database that
# is already populated (for example by scripts/bench.sh's steps, or `tc generate` + the five `tc import`s).
# Starts the Release build of the web app on 127.0.0.1:5099, signs in as the demo manager, and prints for each
# page its status, p50, p99 and requests per second. Writes nothing to the database except the audit entries
# the page views make. Results are recorded in docs/performance.md.
#
#   ConnectionStrings__Cases="Host=…;Database=…" scripts/bench-pages.sh
#
# Needs wrk (apt-get install -y wrk) and psql.
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
: "${ConnectionStrings__Cases:?set ConnectionStrings__Cases to a populated database}"
PORT="${TC_BENCH_WEB_PORT:-5099}"
export Exports__PseudonymKey="${Exports__PseudonymKey:-dGVzdC1vbmx5LXBzZXVkb255bS1rZXktMzItYnl0ZXMhIQ==}"
export Rules__SweepEnabled=false ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$PORT"
dotnet build "$REPO/src/TraffickingCases.Web" -c Release --nologo -v q >&2 || exit 1
WORK="$(mktemp -d)"
(cd "$REPO/src/TraffickingCases.Web/bin/Release/net10.0" && exec dotnet TraffickingCases.Web.dll) >"$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$PORT/health/live" >/dev/null && break; sleep 1; done
JAR="$WORK/cookies"
TOKEN=$(curl -s -c "$JAR" -b "$JAR" "http://127.0.0.1:$PORT/sign-in" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"//')
curl -s -c "$JAR" -b "$JAR" -o /dev/null --data-urlencode "Email=manager@demo.test" --data-urlencode "Password=demo-password-2026" \
    --data-urlencode "__RequestVerificationToken=$TOKEN" "http://127.0.0.1:$PORT/sign-in"
COOKIE=$(awk '(!/^#/ || /^#HttpOnly_/) && NF >= 7 {printf "%s=%s; ", $6, $7}' "$JAR")
# psql reads the same database as the app: turn the connection string into psql's key=value form.
PSQL_CONN=$(echo "$ConnectionStrings__Cases" | tr ';' '\n' | sed -E 's/^Host=/host=/I;s/^Port=/port=/I;s/^Database=/dbname=/I;s/^Username=/user=/I;s/^Password=/password=/I' | grep -E '^(host|port|dbname|user|password)=' | tr '\n' ' ')
CHILD=$(psql "$PSQL_CONN" -tAc "SELECT c.id FROM children c JOIN organisations o ON o.id = c.organisation_id WHERE o.code = 'NSC' ORDER BY c.id LIMIT 1")
for path in "/children/$CHILD" /children "/children?q=Samuel" /flags /matches; do
    curl -s -o /dev/null -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path"
    code=$(curl -s -o /dev/null -w "%{http_code}" -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path")
    result=$(wrk -t2 -c16 -d10s --latency --timeout 5s -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path" \
        | grep -E "Requests/sec|^\s+50%|^\s+99%|Non-2xx|timeout" | tr -s ' ' | tr '\n' ' ')
    echo "$path [$code] $result"
done
