#!/usr/bin/env bash
# End-to-end measurement of the `pacesetter` command on the generated province file (10,000 units, 1,000,000 values):
# wall time and peak memory of `validate` and `score --format json`, and their ratio, measured in one run.
# Usage: bench/cli.sh [runs]   (default 5; the median of the runs is reported)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
out=bench/out
mkdir -p "$out"
dotnet build -c Release -v q -nologo bench/Pacesetter.Bench >/dev/null
dotnet publish -c Release -v q -nologo src/Pacesetter.Cli -o "$out/cli" >/dev/null
dotnet bench/Pacesetter.Bench/bin/Release/net10.0/Pacesetter.Bench.dll generate "$out/province.json"
measure() { # verb args… → "seconds maxrss_kb" per run
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$out/cli/pacesetter" "$@" >"$out/stdout.json" 2>"$out/stderr.txt"
    cat "$out/time.txt"
  done
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
validate=$(measure validate "$out/province.json")
score=$(measure score "$out/province.json" --format json)
vt=$(echo "$validate" | awk '{print $1}' | median); vm=$(echo "$validate" | awk '{print $2}' | median)
st=$(echo "$score" | awk '{print $1}' | median); sm=$(echo "$score" | awk '{print $2}' | median)
printf 'input: %s MB, output: %s MB\n' "$(du -m "$out/province.json" | cut -f1)" "$(du -m "$out/stdout.json" | cut -f1)"
printf 'validate: %ss, peak %s MB\n' "$vt" "$((vm / 1024))"
printf 'score:    %ss, peak %s MB\n' "$st" "$((sm / 1024))"
awk -v s="$st" -v v="$vt" 'BEGIN { printf "score / validate: %.2f\n", s / v }'
