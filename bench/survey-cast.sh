#!/usr/bin/env bash
# Issue 12, Performance: 10,000 ballots cast through POST /s/{token} by 64 concurrent clients
# (bench/Pacesetter.WebBench/SurveyCast.cs): a fresh database, the organization `bench` (200 units), the built app
# (Release, Production settings) with the ballot limiter raised for the one loopback address
# (Surveys__BallotRequestsPerMinute=1000000: the default 600 a minute per address would refuse most), a survey of 30
# units, 10,000 one-time links (10 requests of 1,000), one ballot per link with random ratings, recorded. Prints the
# statuses, p50/p95/p99/max and throughput, checks the result against the engine's tally of the recorded ballots, a
# second cast of 100 used links (409 each), and the rows in survey_ballots and survey_links. Goals: no error, none lost
# or doubled, p95 under 100 ms (exit 1 otherwise). PostgreSQL needs PACESETTER_TEST_PG (test.sh's server).
# Usage: bench/survey-cast.sh [--providers postgresql,sqlite] [--ballots 10000] [--clients 64] [--units 30]
#                             [--warmup 500] [--serial 200] [--resend 100] [--seed 12]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PACESETTER_TEST_PG:-}" ] && command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  export PACESETTER_TEST_PG="Host=127.0.0.1;Port=5432;Username=pacesetter_test;Password=pacesetter_test_pw;Database=postgres"
fi
dotnet build -c Release -v q -nologo bench/Pacesetter.WebBench >/dev/null
exec dotnet bench/Pacesetter.WebBench/bin/Release/net10.0/Pacesetter.WebBench.dll survey-cast "$@"
