#!/usr/bin/env bash
# End-to-end measurement of `pacesetter cards` on a generated tasks file (100,000 tasks of 500 units, 12 monthly
# reports each, seed 10; bench/Pacesetter.Bench generate-tasks): JSON output as of the year end, redirected to a file.
# Prints the median wall time and peak memory of the runs; exits 1 when the median is over 3 s (issue 10's goal).
# Usage: bench/cards.sh [runs]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
out=bench/out
mkdir -p "$out"
dotnet build -c Release -v q -nologo bench/Pacesetter.Bench >/dev/null
dotnet publish -c Release -v q -nologo src/Pacesetter.Cli -o "$out/cli" >/dev/null
dotnet bench/Pacesetter.Bench/bin/Release/net10.0/Pacesetter.Bench.dll generate-tasks "$out/tasks.json"
times=$(for _ in $(seq "$runs"); do
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$out/cli/pacesetter" cards "$out/tasks.json" --as-of 2026-12-31 --format json \
    >"$out/cards.json" 2>"$out/stderr.txt"
  cat "$out/time.txt"
done)
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wall=$(echo "$times" | awk '{print $1}' | median); rss=$(echo "$times" | awk '{print $2}' | median)
printf 'runs (s, KB): %s\n' "$(echo "$times" | tr '\n' ' ')"
printf 'input: %s MB, output: %s MB\n' "$(du -m "$out/tasks.json" | cut -f1)" "$(du -m "$out/cards.json" | cut -f1)"
printf 'cards: %ss, peak %s MB (median of %s)\n' "$wall" "$((rss / 1024))" "$runs"
awk -v t="$wall" 'BEGIN { exit (t > 3.0) ? 1 : 0 }' || { echo "over 3 s" >&2; exit 1; }
