#!/usr/bin/env bash
# End-to-end measurement of `pacesetter cards` on a generated tasks file (100,000 tasks of 500 units, 12 monthly
# reports each, seed 10; bench/Pacesetter.Bench generate-tasks): JSON output as of the year end, redirected to a file.
# Prints the median wall time, processor time and peak memory of the runs; exits 1 when the median wall time is over
# 3 s (issue 10's goal). BASELINE=path/to/pacesetter runs another build alternately with this one (same rounds) and
# checks that both outputs are the same bytes.
# Usage: bench/cards.sh [runs]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
out=bench/out
mkdir -p "$out"
dotnet build -c Release -v q -nologo bench/Pacesetter.Bench >/dev/null
dotnet publish -c Release -v q -nologo src/Pacesetter.Cli -o "$out/cli" >/dev/null
dotnet bench/Pacesetter.Bench/bin/Release/net10.0/Pacesetter.Bench.dll generate-tasks "$out/tasks.json"
run() { # name binary → appends "wall cpu maxrss_kb" to $out/name.times
  /usr/bin/time -f "%e %U %S %M" -o "$out/time.txt" "$2" cards "$out/tasks.json" --as-of 2026-12-31 --format json \
    >"$out/$1.json" 2>"$out/stderr.txt"
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$out/time.txt" >>"$out/$1.times"
}
rm -f "$out/cards.times" "$out/baseline.times"
for _ in $(seq "$runs"); do
  if [ -n "${BASELINE:-}" ]; then run baseline "$BASELINE"; fi
  run cards "$out/cli/pacesetter"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
report() { # name label
  local wall cpu rss
  wall=$(awk '{print $1}' "$out/$1.times" | median); cpu=$(awk '{print $2}' "$out/$1.times" | median)
  rss=$(awk '{print $3}' "$out/$1.times" | median)
  printf '%s: %ss wall, %ss processor, peak %s MB (median of %s; wall per run: %s)\n' "$2" "$wall" "$cpu" "$((rss / 1024))" \
    "$runs" "$(awk '{print $1}' "$out/$1.times" | tr '\n' ' ')"
}
printf 'input: %s MB, output: %s MB, load average: %s\n' "$(du -m "$out/tasks.json" | cut -f1)" "$(du -m "$out/cards.json" | cut -f1)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${BASELINE:-}" ]; then
  report baseline "baseline"
  cmp -s "$out/baseline.json" "$out/cards.json" && echo "outputs: the same bytes" || echo "outputs: DIFFER"
fi
report cards "cards"
wall=$(awk '{print $1}' "$out/cards.times" | median)
awk -v t="$wall" 'BEGIN { exit (t > 3.0) ? 1 : 0 }' || { echo "over 3 s" >&2; exit 1; }
