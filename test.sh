#!/usr/bin/env bash
# Runs every test of Pacesetter on a fresh machine: installs and starts what the tests need (PostgreSQL, Chromium,
# CJK fonts, nginx-light for the three-instance test), restores, builds with warnings as errors, checks the code format and that every model change has its
# migration (dotnet ef, both providers), runs every test project, and ends
# with one line "N passed, N failed".
#
# As root with apt-get (CI, a fresh Debian 12), missing packages are installed; elsewhere nothing is installed and
# the script says so. With CI=true a missing PostgreSQL or Chromium fails the run; on a developer's machine the
# PostgreSQL theories and the browser tests are left out instead (see README, "Testing").
#
# Environment it sets for the tests (a value already set is kept):
#   PACESETTER_TEST_PG   connection string to a PostgreSQL server whose role may create databases (the owner role)
#   PACESETTER_TEST_PG_APP  the application's role on that server (default: the same with the role name + _app)
#   PACESETTER_CHROMIUM  the Chromium executable the browser tests launch
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

status=0
ci=false
[ "${CI:-}" = "true" ] && ci=true
say() { echo "test.sh: $*"; }
fail_in_ci() {
    if $ci; then
        say "ERROR: $* (required with CI=true)"
        status=1
    else
        say "$* — those tests are left out on this machine"
    fi
}

# 1. Packages: each checked with dpkg first, so a second run installs nothing.
packages=(postgresql chromium fonts-noto-cjk libreoffice-writer-nogui libreoffice-calc-nogui python3-openpyxl nginx-light)
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing ${missing[*]} (apt-get)"
        apt_log=$(mktemp)
        if ! { apt-get update -qq && LANG=${LANG:-C.UTF-8} DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
            tail -n 20 "$apt_log"
            say "apt-get could not install ${missing[*]}"
        fi
        rm -f "$apt_log"
    else
        say "not root or no apt-get: not installing ${missing[*]}"
    fi
fi

# 2. PostgreSQL: start the Debian cluster, create the test role, hand the tests a connection string.
if [ -z "${PACESETTER_TEST_PG:-}" ]; then
    if command -v pg_lsclusters >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
        cluster=$(pg_lsclusters -h 2>/dev/null | awk '$1 == "15" {print $1, $2; exit}')
        [ -n "$cluster" ] || cluster=$(pg_lsclusters -h 2>/dev/null | awk '{print $1, $2; exit}')
        if [ -z "$cluster" ]; then
            fail_in_ci "PostgreSQL is installed but has no cluster"
        else
            read -r pg_version pg_name <<<"$cluster"
            port=$(pg_lsclusters -h | awk -v v="$pg_version" -v n="$pg_name" '$1 == v && $2 == n {print $3}')
            if ! pg_isready -q -h 127.0.0.1 -p "$port"; then
                pg_ctlcluster "$pg_version" "$pg_name" start >/dev/null 2>&1 || true
                for _ in $(seq 1 60); do
                    pg_isready -q -h 127.0.0.1 -p "$port" && break
                    sleep 0.5
                done
            fi
            if pg_isready -q -h 127.0.0.1 -p "$port"; then
                # A fixed password: the role lives only on this machine's loopback, and concurrent runs share it.
                pg_password=pacesetter_test_pw
                runuser -u postgres -- psql -p "$port" -qtAX -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pacesetter_test') THEN
    CREATE ROLE pacesetter_test LOGIN CREATEDB PASSWORD '$pg_password';
  ELSE
    ALTER ROLE pacesetter_test LOGIN CREATEDB PASSWORD '$pg_password';
  END IF;
  -- The application's role (ADR 0009): pacesetter_test owns the test databases and migrates them; the application
  -- connects as pacesetter_test_app, which may only read and append to the audit table. pacesetter_test is a member,
  -- so that it may end the application's sessions (templates, DROP DATABASE … WITH (FORCE)).
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pacesetter_test_app') THEN
    CREATE ROLE pacesetter_test_app LOGIN NOCREATEDB PASSWORD '$pg_password';
  ELSE
    ALTER ROLE pacesetter_test_app LOGIN NOCREATEDB PASSWORD '$pg_password';
  END IF;
END \$\$;
GRANT pacesetter_test_app TO pacesetter_test;
-- A server for tests only: durability is not needed, speed is (each test creates its own database).
ALTER SYSTEM SET fsync = off;
ALTER SYSTEM SET synchronous_commit = off;
ALTER SYSTEM SET full_page_writes = off;
SELECT pg_reload_conf();
-- Each test creates a database pst_…; those of runs over an hour old go (a concurrent run's are younger).
SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', datname) FROM pg_database d
WHERE datname LIKE 'pst\_%' AND (pg_stat_file('base/' || d.oid)).modification < now() - interval '1 hour' \gexec
SQL
                if [ $? -eq 0 ]; then
                    export PACESETTER_TEST_PG="Host=127.0.0.1;Port=$port;Username=pacesetter_test;Password=$pg_password;Database=postgres;SSL Mode=Disable"
                    say "PostgreSQL $pg_version ($pg_name) on 127.0.0.1:$port, roles pacesetter_test (owner) and pacesetter_test_app"
                else
                    fail_in_ci "could not create the PostgreSQL role pacesetter_test"
                fi
            else
                fail_in_ci "PostgreSQL $pg_version/$pg_name did not start"
            fi
        fi
    elif command -v pg_lsclusters >/dev/null 2>&1; then
        fail_in_ci "not root: cannot start PostgreSQL (run as root, or set PACESETTER_TEST_PG)"
    else
        fail_in_ci "no PostgreSQL server (install postgresql and run as root, or set PACESETTER_TEST_PG)"
    fi
else
    say "PostgreSQL from PACESETTER_TEST_PG"
fi

# 3. Chromium for the browser tests (Debian's build; Playwright never downloads one here).
export PACESETTER_CHROMIUM="${PACESETTER_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$PACESETTER_CHROMIUM" ]; then
    say "Chromium at $PACESETTER_CHROMIUM"
else
    fail_in_ci "no Chromium at $PACESETTER_CHROMIUM (apt-get install chromium, or set PACESETTER_CHROMIUM)"
fi

# 4. Build, format, tests.
log=$(mktemp)
dotnet build Pacesetter.slnx -c Release -nologo -v q || exit 1
# Formatting: whitespace, and style (the order of the usings among them). The third pass of a plain dotnet format, the
# analyzers, is left to the build above: with warnings as errors, an analyzer warning has failed it already.
{ dotnet format whitespace Pacesetter.slnx --verify-no-changes && dotnet format style Pacesetter.slnx --verify-no-changes --no-restore; } \
    || { echo "dotnet format: the code is not formatted (run 'dotnet format Pacesetter.slnx')"; status=1; }
# A model change without its migration fails the run, for each provider (docs/decisions/0006-generated-migrations.md).
if dotnet tool restore >/dev/null; then
    for p in Sqlite PostgreSql; do
        dotnet ef migrations has-pending-model-changes --project "src/Pacesetter.Migrations.$p" --startup-project "src/Pacesetter.Migrations.$p" \
            --configuration Release --no-build \
            || { say "ERROR: the model has changes without a $p migration (dotnet ef migrations add, see docs/decisions/0006)"; status=1; }
    done
else
    say "ERROR: dotnet tool restore failed (.config/dotnet-tools.json): cannot check the migrations"
    status=1
fi
started=$SECONDS
# A test that runs for 10 minutes is hung: the run stops there and names it (instead of CI's own time-out naming
# nothing). Each project's results go to a .trx file, from which the slowest tests are listed below.
results=$(mktemp -d)
dotnet test Pacesetter.slnx -c Release --no-build -nologo --blame-hang-timeout 10m --blame-hang-dump-type none \
    --results-directory "$results" --logger "trx;LogFilePrefix=tests" 2>&1 | tee "$log"
test_status=${PIPESTATUS[0]}
[ "$test_status" -eq 0 ] || status=$test_status

# dotnet test prints one summary per test project, e.g.
# "Passed!  - Failed: 0, Passed: 1140, Skipped: 0, Total: 1140, Duration: 1 m 34 s - Pacesetter.Web.Tests.dll (net10.0)".
# Each project's duration (the projects run side by side), slowest first, then the whole test step's.
grep -E '^(Passed|Failed)! +- Failed: ' "$log" | awk '
{
    line = $0
    match(line, /Failed: +[0-9]+/);   failed = substr(line, RSTART, RLENGTH);   gsub(/[^0-9]/, "", failed)
    match(line, /Passed: +[0-9]+/);   passed = substr(line, RSTART, RLENGTH);   gsub(/[^0-9]/, "", passed)
    match(line, /Duration: [^-]+ - /); d = substr(line, RSTART + 10, RLENGTH - 13)
    match(line, / - [^ ]+\.dll/);     project = substr(line, RSTART + 3, RLENGTH - 7)
    # "1 h 2 m 3 s", "1 m 34 s", "18 s", "950 ms" -> seconds
    seconds = 0; n = split(d, w, " ")
    for (i = 1; i < n; i += 2) {
        if (w[i + 1] == "h") seconds += w[i] * 3600
        else if (w[i + 1] == "m") seconds += w[i] * 60
        else if (w[i + 1] == "s") seconds += w[i]
        else if (w[i + 1] == "ms") seconds += w[i] / 1000
    }
    printf "%d\ttest.sh: %s %d s (%d passed, %d failed)\n", seconds, project, seconds + 0.5, passed, failed
}' | sort -rn | cut -f2-
say "tests took $((SECONDS - started)) s"
# The ten slowest tests of the run (what to look at when the run grows towards its 20 minutes).
find "$results" -name '*.trx' -print0 | xargs -0 -r python3 -c '
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
rows = []
for f in sys.argv[1:]:
    for r in ET.parse(f).getroot().iterfind(".//t:UnitTestResult", ns):
        h, m, s = r.get("duration", "0:0:0").split(":")
        rows.append((int(h) * 3600 + int(m) * 60 + float(s), r.get("testName")))
for d, name in sorted(rows, reverse=True)[:10]:
    print(f"test.sh: slow {d:6.1f} s {name}")
# The classes by the summed time of their tests, and the sum of all (against the wall time: how parallel the run was).
classes = {}
for d, name in rows:
    cls = name.split("(")[0].rsplit(".", 1)[0]
    classes[cls] = classes.get(cls, 0) + d
for cls, d in sorted(classes.items(), key=lambda c: -c[1])[:15]:
    print(f"test.sh: class {d:6.1f} s {cls}")
print(f"test.sh: {len(rows)} tests, {sum(d for d, _ in rows):.0f} s of test time in all")
' || true
rm -rf "$results"

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
rm -f "$log"
echo "${passed:-0} passed, ${failed:-0} failed"
[ "${passed:-0}" -gt 0 ] || status=1
exit "$status"
