#!/usr/bin/env bash
# A province's scheme file imported through real HTTP (issue 7 §2): generates the province file (1,000,000 values,
# 10,000 units x 100 indicators, about 18 MB; bench/Pacesetter.Bench generate), publishes the web host and the command,
# and for each database starts the host on a database of its own in demo mode, creates a token for the demo's admin
# with `pacesetter token create`, PUTs the file to /api/orgs/demo/periods/2026-Q3/scheme with curl and prints the
# request's seconds, the rows written and the host's peak resident memory. Goal: under 20 s on SQLite and PostgreSQL.
#
# Usage: bench/import.sh [--providers sqlite,postgresql] [--units N]
#   --units N        keep only the first N units of the first category (N x 100 values; N >= 14) instead of the
#                    whole province, for a build that cannot import the whole file in reasonable time
#   BASELINE=DIR     also runs an older build's published host (DIR/Pacesetter.Web.dll, with DIR/../cli) on the same
#                    file, and prints the ratio of the seconds (e.g. a publish of the commit before issue 7)
# PostgreSQL: PACESETTER_TEST_PG (a server connection whose role may create databases), or test.sh's server.
set -euo pipefail
cd "$(dirname "$0")/.."
providers=sqlite,postgresql
units=
while [ $# -gt 0 ]; do
  case "$1" in
    --providers) providers=$2; shift 2 ;;
    --units) units=$2; shift 2 ;;
    *) echo "import.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "${PACESETTER_TEST_PG:-}" ] && command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  export PACESETTER_TEST_PG="Host=127.0.0.1;Port=5432;Username=pacesetter_test;Password=pacesetter_test_pw;Database=postgres"
fi
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null
out=bench/out
mkdir -p "$out"
if [ ! -f "$out/province.json" ]; then
  dotnet build -c Release -v q -nologo bench/Pacesetter.Bench >/dev/null
  dotnet bench/Pacesetter.Bench/bin/Release/net10.0/Pacesetter.Bench.dll generate "$out/province.json"
fi
file="$out/province.json"
if [ -n "$units" ]; then
  file="$out/province-$units.json"
  # The first category with its first N units: its units, their data and their adjustments (units 7, 11 and 13).
  jq -c --argjson n "$units" '
    (.categories[0].units[:$n]) as $keep
    | .categories = [.categories[0] | .units = $keep]
    | .units = (.units | with_entries(select(.key as $k | $keep | index($k))))
    | .data = (.data | with_entries(select(.key as $k | $keep | index($k))))
    | .adjustments = [.adjustments[] | select(.unit as $u | $keep | index($u))]' "$out/province.json" >"$file"
fi
values=$(jq '[.data[] | length] | add' "$file")
for project in Web Cli; do
  dotnet publish -c Release -v q -nologo "src/Pacesetter.$project" -o "$out/$(tr 'A-Z' 'a-z' <<<"$project")" >"$out/publish.log" 2>&1 || { cat "$out/publish.log" >&2; exit 1; }
done

pg_url() { # the PostgreSQL server's settings as a psql URL, with another database
  local host port user pw
  host=$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$PACESETTER_TEST_PG"); port=$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$PACESETTER_TEST_PG")
  user=$(sed -n 's/.*Username=\([^;]*\).*/\1/p' <<<"$PACESETTER_TEST_PG"); pw=$(sed -n 's/.*Password=\([^;]*\).*/\1/p' <<<"$PACESETTER_TEST_PG")
  echo "postgresql://$user:$pw@$host:${port:-5432}/$1"
}

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() { # user + system ticks of the PostgreSQL backends connected to database $2
  [ "$1" = postgresql ] || { echo 0; return; }
  local total=0 p
  for p in $(psql -qAt "$(pg_url postgres)" -c "SELECT pid FROM pg_stat_activity WHERE datname = '$2'"); do
    total=$(( total + $(ticks "$p") ))
  done
  echo "$total"
}

# run NAME WEB_DIR CLI_DIR PROVIDER: prints "seconds status cpu peak-MB response"
run() {
  local name=$1 web=$2 cli=$3 provider=$4 port db work token
  port=$(( 20000 + RANDOM % 20000 ))
  work=$(mktemp -d)
  if [ "$provider" = postgresql ]; then
    db="pst_import_$RANDOM$RANDOM"
    psql -q "$(pg_url postgres)" -c "CREATE DATABASE $db" >/dev/null
    export Database__Provider=PostgreSQL ConnectionStrings__Pacesetter="${PACESETTER_TEST_PG/Database=postgres/Database=$db}"
  else
    export Database__Provider=Sqlite ConnectionStrings__Pacesetter="Data Source=$work/pacesetter.db"
  fi
  (cd "$web" && Demo=true ASPNETCORE_URLS="http://127.0.0.1:$port" exec /usr/bin/time -f "%M" -o "$work/peak.txt" dotnet Pacesetter.Web.dll >"$work/host.log" 2>&1) &
  local host=$!
  for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
  token=$(cd "$work" && dotnet "$cli/pacesetter.dll" token create --org demo --user admin --name bench)
  local pid cpu0 pg0 result
  pid=$(pgrep -P "$host")
  cpu0=$(ticks "$pid"); pg0=$(pg_ticks "$provider" "${db:-}")
  result=$(curl -s -o "$work/response.json" -w '%{time_total} %{http_code}' -X PUT \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary "@$file" \
    "http://127.0.0.1:$port/api/orgs/demo/periods/2026-Q3/scheme")
  # Processor seconds of the import: the host's, and PostgreSQL's backends of the database (load-independent, unlike
  # the wall time on a shared machine).
  local cpu
  cpu=$(awk -v a="$(ticks "$pid")" -v b="$cpu0" -v c="$(pg_ticks "$provider" "${db:-}")" -v d="$pg0" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.1f+%.1f", (a - b) / hz, (c - d) / hz }')
  # $host is GNU time (the subshell exec'd it); its child is the host.
  pkill -TERM -P "$host" 2>/dev/null || true
  wait "$host" 2>/dev/null || true
  local peak
  peak=$(awk '{ printf "%d", $1 / 1024 }' "$work/peak.txt" 2>/dev/null || echo "?")
  echo "$result $cpu $peak $(jq -c '.data // .title' "$work/response.json" 2>/dev/null)"
  if [ "$provider" = postgresql ]; then psql -q "$(pg_url postgres)" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; fi
  cp "$work/host.log" "$out/host-$name-$provider.log" 2>/dev/null || true
  rm -rf "$work"
  unset Database__Provider ConnectionStrings__Pacesetter
}

printf 'file: %s (%s MB, %s values), load average %s\n' "$file" "$(du -m "$file" | cut -f1)" "$values" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-11s %-9s %9s %7s %13s %9s  %s\n' database build seconds status 'cpu host+pg' 'peak MB' response
for provider in ${providers//,/ }; do
  if [ "$provider" = postgresql ] && [ -z "${PACESETTER_TEST_PG:-}" ]; then echo "postgresql: no server (PACESETTER_TEST_PG)"; continue; fi
  read -r s code cpu peak body < <(run new "$out/web" "$(pwd)/$out/cli" "$provider")
  printf '%-11s %-9s %8.2fs %7s %13s %9s  %s\n' "$provider" new "$s" "$code" "$cpu" "$peak" "$body"
  if [ -n "${BASELINE:-}" ]; then
    read -r bs bcode bcpu bpeak bbody < <(run baseline "$BASELINE" "$BASELINE/../cli" "$provider")
    printf '%-11s %-9s %8.2fs %7s %13s %9s  %s\n' "$provider" baseline "$bs" "$bcode" "$bcpu" "$bpeak" "$bbody"
    awk -v a="$bs" -v b="$s" 'BEGIN { printf "%-11s baseline/new = %.1fx\n", "", a / b }'
  fi
done
