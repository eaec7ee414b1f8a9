#!/usr/bin/env bash
# Runs Pacesetter on http://localhost:5080 with a SQLite database in ./data and the demo organization (示范开发区).
# Only the .NET 10 SDK is needed. Sign-in details are printed at start-up.
set -euo pipefail
cd "$(dirname "$0")"
export PACESETTER_DATA="${PACESETTER_DATA:-$PWD/data}"
exec dotnet run --project src/Pacesetter.Web -c Release -- --urls "${PACESETTER_URLS:-http://localhost:5080}" --Demo=true "$@"
