#!/usr/bin/env bash
# Publishing a province (issue #9, Performance): the generated province of bench/Pacesetter.Bench (20 categories x 500
# units x 100 indicators = 1,000,000 values) imported into a fresh database (all its data rows approved), then published
# — PublicationService.PublishAsync, from the approved data rows to the stored revision — each round in a fresh child
# process (its peak resident memory, VmHWM, is the publication's), side by side with the same scoring written as plain
# SQL in PostgreSQL (bench/sql/score.sql: COPY of the values, window functions, results stored). The SQL's results are
# compared with the stored revision's for every unit. Prints a table: provider, engine publish s, SQL formulation s,
# ratio, the same in processor seconds (the host's and PostgreSQL's backends': what a loaded machine does not inflate)
# and the peak MB. Goals: faster than the SQL on PostgreSQL, under 15 s on SQLite, under 1.5 GB.
#
# Usage: bench/publish.sh [--providers postgresql,sqlite] [--rounds N] [--categories N] [--units N-per-category]
#        bench/publish.sh sql-only [--categories N] [--units N]   the SQL formulation against the engine in memory only
# PostgreSQL: PACESETTER_TEST_PG (a server connection whose role may create databases), or test.sh's server.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PACESETTER_TEST_PG:-}" ] && command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  export PACESETTER_TEST_PG="Host=127.0.0.1;Port=5432;Username=pacesetter_test;Password=pacesetter_test_pw;Database=postgres"
fi
dotnet build -c Release -v q -nologo bench/Pacesetter.WebBench >/dev/null
mode=publish
if [ "${1:-}" = sql-only ]; then mode=sql-only; shift; fi
exec dotnet bench/Pacesetter.WebBench/bin/Release/net10.0/Pacesetter.WebBench.dll "$mode" "$@"
