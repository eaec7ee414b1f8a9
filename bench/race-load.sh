#!/usr/bin/env bash
# The public posting and a 500-unit leaderboard under load (issue #9, Performance): seeds an organization of 500 units
# in one category x 100 indicators (bench/Pacesetter.WebBench/Seed.cs, every value approved), publishes its period,
# starts the built app (Release, Production settings) on SQLite and on PostgreSQL, and runs
# wrk -t2 -c64 -d30s --latency on /public/{org}/{period} (anonymous) and on the leaderboard /races/{period} (signed in:
# the session cookie in -H), then on nginx (Debian's nginx-light, a temporary configuration on a free loopback port, no
# system service) serving the same two pages saved as static files. Prints requests/s, p50/p95/p99 (bench/wrk/count.lua)
# and the answers that were not 2xx for each, and each page's share of nginx's requests/s.
# Goal: no errors, p95 under 50 ms, at least half of nginx's throughput (exit 1 otherwise).
# Each measured run follows --warmup seconds of the same load, not counted (the JIT settles; nginx gets the same).
#
# Usage: bench/race-load.sh [--providers sqlite,postgresql] [--duration 30] [--warmup 20] [--connections 64] [--threads 2]
#                           [--units 500] [--indicators 100] [--public-path /public/{org}/{period}] [--board-path /races/{period}]
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  echo "race-load.sh: installing ${missing[*]} (Debian packages)" >&2
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ -z "${PACESETTER_TEST_PG:-}" ] && command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432; then
  export PACESETTER_TEST_PG="Host=127.0.0.1;Port=5432;Username=pacesetter_test;Password=pacesetter_test_pw;Database=postgres"
fi
dotnet build -c Release -v q -nologo bench/Pacesetter.WebBench >/dev/null
exec dotnet bench/Pacesetter.WebBench/bin/Release/net10.0/Pacesetter.WebBench.dll race-load "$@"
