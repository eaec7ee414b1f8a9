#!/usr/bin/env bash
# The web application's pages under load (issue #3's figures): seeds an organization of 500 units x 100 indicators in
# one period (bench/Pacesetter.WebBench/Seed.cs), starts the built app on a free loopback port, signs in as its admin
# and prints p50/p95 of 200 sequential requests (after 20 of warm-up) of the home page, the data-entry page of one
# unit, the completeness matrix and the preview — on SQLite, and on PostgreSQL when one is reachable.
# A page answering anything but 200 fails the run (exit 1).
# Usage: bench/web.sh [--requests N] [--warmup N] [--units N] [--indicators N] [--providers sqlite,postgresql] [--entry-query '?unit={unit}']
set -euo pipefail
cd "$(dirname "$0")/.."
# PostgreSQL: PACESETTER_TEST_PG, or test.sh's server and role when it is running.
if [ -z "${PACESETTER_TEST_PG:-}" ] && command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
    export PACESETTER_TEST_PG="Host=127.0.0.1;Port=5432;Username=pacesetter_test;Password=pacesetter_test_pw;Database=postgres"
fi
dotnet build -c Release -v q -nologo bench/Pacesetter.WebBench >/dev/null
exec dotnet bench/Pacesetter.WebBench/bin/Release/net10.0/Pacesetter.WebBench.dll "$@"
