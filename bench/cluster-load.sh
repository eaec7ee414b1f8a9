#!/usr/bin/env bash
# Several instances behind nginx (issue #13, Proof): bench/Pacesetter.WebBench/ClusterLoad.cs. One PostgreSQL database,
# one and then three instances of the built application behind nginx started from deploy/nginx/pacesetter.conf, 64
# clients for 60 s on the public posting, the leaderboard and reporters' saves; --restart-at S restarts PostgreSQL
# S seconds into the last run and checks that every acknowledged save is in the database.
#
# Usage: bench/cluster-load.sh [--instances 1,3] [--duration 60] [--warmup 15] [--clients 64] [--writes-per-100 10]
#                              [--units 100] [--indicators 20] [--restart-at 0] [--vacuum 0|1]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/sbin/nginx ] || apt-get install -y -qq nginx-light >/dev/null
if [ -z "${PACESETTER_TEST_PG:-}" ] && command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  export PACESETTER_TEST_PG="Host=127.0.0.1;Port=5432;Username=pacesetter_test;Password=pacesetter_test_pw;Database=postgres"
fi
dotnet build -c Release -v q -nologo bench/Pacesetter.WebBench >/dev/null
exec dotnet bench/Pacesetter.WebBench/bin/Release/net10.0/Pacesetter.WebBench.dll cluster-load "$@"
