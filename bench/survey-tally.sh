#!/usr/bin/env bash
# Issue 12, Performance: tallying 100,000 ballots of 200 units under 1 s, end to end
# (bench/Pacesetter.WebBench/SurveyTallyBench.cs): a fresh database per provider, the organization `bench` (200 units),
# the built app, a survey of the 200 units (three groups, all trimming), 100,000 random paper ballots entered through
# POST …/ballots (20 requests of 5,000), then GET …/result: one warm-up and the median of 5, checked against the
# engine's tally; then the steps of the result timed in the bench's process. --baseline DLL runs another build's
# Pacesetter.Web.dll beside it on the same database, alternately. The engine alone: BenchmarkDotNet,
# `cd bench/Pacesetter.Bench && dotnet run -c Release -- --filter '*SurveyBenchmarks*'`.
# Usage: bench/survey-tally.sh [--providers postgresql,sqlite] [--ballots 100000] [--units 200] [--runs 5] [--baseline DLL]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PACESETTER_TEST_PG:-}" ] && command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  export PACESETTER_TEST_PG="Host=127.0.0.1;Port=5432;Username=pacesetter_test;Password=pacesetter_test_pw;Database=postgres"
fi
dotnet build -c Release -v q -nologo bench/Pacesetter.WebBench >/dev/null
exec dotnet bench/Pacesetter.WebBench/bin/Release/net10.0/Pacesetter.WebBench.dll survey-tally "$@"
