#!/usr/bin/env bash
# Runs every test of Pacesetter on a fresh machine: restores, builds with warnings as errors, checks the code
# format, runs every test project, and ends with one line "N passed, N failed".
# Whatever a test needs that the machine lacks is installed here (as root, with apt-get) before the tests run.
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
status=0
dotnet build Pacesetter.slnx -c Release -nologo -v q || exit 1
dotnet format Pacesetter.slnx --verify-no-changes --no-restore || { echo "dotnet format: the code is not formatted (run 'dotnet format Pacesetter.slnx')"; status=1; }
dotnet test Pacesetter.slnx -c Release --no-build -nologo 2>&1 | tee "$log"
test_status=${PIPESTATUS[0]}
[ "$test_status" -eq 0 ] || status=$test_status

# dotnet test prints one summary per test project, e.g. "Passed!  - Failed: 0, Passed: 1140, Skipped: 0, Total: 1140".
passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
rm -f "$log"
echo "${passed:-0} passed, ${failed:-0} failed"
[ "${passed:-0}" -gt 0 ] || status=1
exit "$status"
