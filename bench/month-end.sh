#!/usr/bin/env bash
# The month-end evaluation (the Quartz job's work, CardIssuer) on 100,000 supervised matters of 500 units with a
# monthly report each month from their start to November 2026 (bench/Pacesetter.WebBench month-end): seeds a fresh
# database per provider, then times the catch-up of January–October and the one month-end of 30 November. Exits 1
# when that month-end takes over 20 s on PostgreSQL (issue 10's goal). PostgreSQL needs PACESETTER_TEST_PG (test.sh's).
# Usage: bench/month-end.sh [--matters N] [--units N] [--providers postgresql,sqlite]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release -v q -nologo bench/Pacesetter.WebBench >/dev/null
exec dotnet bench/Pacesetter.WebBench/bin/Release/net10.0/Pacesetter.WebBench.dll month-end "$@"
