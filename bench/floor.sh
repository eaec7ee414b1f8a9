#!/usr/bin/env bash
# `pacesetter score` on the generated province against the floor of merely loading the same file with Python's C JSON
# parser (Debian's /usr/bin/python3, json.load), measured side by side in one run: the commands alternate, N rounds,
# and the medians of wall time, processor time (user + system) and peak resident memory are reported with the ratios.
# Goal (issue 6 §5): score within 2× of the floor's wall time, peak memory under 500 MB.
#
# Usage: bench/floor.sh [rounds]          (default 5)
#   BASELINE=/path/to/pacesetter bench/floor.sh   also times another build of the command (e.g. an older commit's
#                                                  publish) in the same rounds, for before/after figures
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
out=bench/out
mkdir -p "$out"
python=/usr/bin/python3
[ -x "$python" ] || { echo "floor.sh: $python is missing (apt-get install python3)" >&2; exit 1; }
if [ ! -x /usr/bin/time ]; then
  echo "floor.sh: installing GNU time (/usr/bin/time)" >&2
  apt-get install -y -qq time >/dev/null
fi
if [ ! -f "$out/province.json" ]; then
  dotnet build -c Release -v q -nologo bench/Pacesetter.Bench >/dev/null
  dotnet bench/Pacesetter.Bench/bin/Release/net10.0/Pacesetter.Bench.dll generate "$out/province.json"
fi
dotnet publish -c Release -v q -nologo src/Pacesetter.Cli -o "$out/cli" >/dev/null
file="$out/province.json"

names=(python score score-indent)
cmds=("$python -c 'import json,sys; json.load(open(sys.argv[1]))' $file"
      "$out/cli/pacesetter score $file"
      "$out/cli/pacesetter score $file --indent")
if [ -n "${BASELINE:-}" ]; then
  names+=(baseline)
  cmds+=("$BASELINE score $file")
fi
for n in "${names[@]}"; do : >"$out/floor-$n.txt"; done
for _ in $(seq "$rounds"); do
  for i in "${!names[@]}"; do
    # wall seconds, user + system seconds, peak resident KB
    /usr/bin/time -f "%e %U %S %M" -o "$out/time.txt" bash -c "exec ${cmds[$i]}" >"$out/floor-stdout-${names[$i]}.json"
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$out/time.txt" >>"$out/floor-${names[$i]}.txt"
  done
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
col() { awk -v c="$2" '{print $c}' "$out/floor-$1.txt" | median; }
pw=$(col python 1); pc=$(col python 2)
printf 'input: %s (%s MB), %s rounds, load average %s\n' "$file" "$(du -m "$file" | cut -f1)" "$rounds" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-14s %9s %9s %9s %9s %10s %9s\n' command wall cpu 'wall/py' 'cpu/py' 'peak MB' 'out MB'
for n in "${names[@]}"; do
  w=$(col "$n" 1); c=$(col "$n" 2); m=$(col "$n" 3)
  awk -v n="$n" -v w="$w" -v c="$c" -v m="$m" -v pw="$pw" -v pc="$pc" -v o="$(du -m "$out/floor-stdout-$n.json" | cut -f1)" \
    'BEGIN { printf "%-14s %8.2fs %8.2fs %9.2f %9.2f %10d %9s\n", n, w, c, w / pw, c / pc, m / 1024, o }'
done
