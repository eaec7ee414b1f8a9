#!/usr/bin/env bash
# Figures from spreadsheets through real HTTP (issue #11 §3): generates a scheme of 1,000 units x 100 number indicators
# and its filled template (100,000 data cells, one sheet, written by openpyxl in write-only mode, as another program
# would), publishes the web host and the command, starts the host on a fresh SQLite database in demo mode, PUTs the
# scheme for 2027-01, then POSTs the workbook to /api/orgs/demo/periods/2027-01/data/import and prints the request's
# seconds, the status, the host's resident memory before the upload and its peak after it (the growth is their
# difference, an upper bound), and the data imported; then POSTs a 200 MB file and prints how soon it is refused.
# Goals: under 5 s, memory growth under 300 MB, the 200 MB refusal under 1 s.
#
# Usage: bench/sheet-import.sh [--units N] [--indicators M]
set -euo pipefail
cd "$(dirname "$0")/.."
units=1000
indicators=100
while [ $# -gt 0 ]; do
  case "$1" in
    --units) units=$2; shift 2 ;;
    --indicators) indicators=$2; shift 2 ;;
    *) echo "sheet-import.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
out=bench/out/sheet
mkdir -p "$out"
scheme="$out/scheme-$units-$indicators.json"
book="$out/data-$units-$indicators.xlsx"
/usr/bin/python3 - "$units" "$indicators" "$scheme" "$book" <<'PY'
import json, sys, random, openpyxl
units, indicators, scheme_path, book_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
codes = [f"U{n:04d}" for n in range(1, units + 1)]
ids = [f"i{n:03d}" for n in range(1, indicators + 1)]
weight = round(100 / indicators, 4)
scheme = {
    "name": "表格导入基准", "period": "2027-01",
    "units": {c: f"单位{c[1:]}" for c in codes},
    "categories": [{"id": "all", "name": "全部单位", "units": codes,
                    "indicators": [{"id": i, "name": f"指标{i[1:]}", "weight": weight, "method": {"type": "leaderRatio"}} for i in ids]}],
    "data": {}, "adjustments": [],
}
json.dump(scheme, open(scheme_path, "w"), ensure_ascii=False)
# The template's layout (DataTemplate): headers in row 1, keys in row 2 (A2 = unit), a unit per row from row 3.
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("全部单位")
ws.append(["单位编号", "单位名称"] + [f"指标{i[1:]}" for i in ids])
ws.append(["unit", "name"] + [f"{i}.value" for i in ids])
random.seed(2026)
for c in codes:
    ws.append([c, f"单位{c[1:]}"] + [round(random.uniform(1, 10000), 2) for _ in ids])
wb.save(book_path)
PY
for project in Web Cli; do
  dotnet publish -c Release -v q -nologo "src/Pacesetter.$project" -o "$out/$(tr 'A-Z' 'a-z' <<<"$project")" >"$out/publish.log" 2>&1 || { cat "$out/publish.log" >&2; exit 1; }
done
work=$(mktemp -d)
port=$(( 20000 + RANDOM % 20000 ))
export Database__Provider=Sqlite ConnectionStrings__Pacesetter="Data Source=$work/pacesetter.db" PACESETTER_DATA="$work"
(cd "$out/web" && Demo=true ASPNETCORE_URLS="http://127.0.0.1:$port" exec dotnet Pacesetter.Web.dll >"$work/host.log" 2>&1) &
host=$!
for _ in $(seq 300); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
cli="$(pwd)/$out/cli/pacesetter.dll"
token=$(cd "$work" && dotnet "$cli" token create --org demo --user admin --name bench)
base="http://127.0.0.1:$port/api/orgs/demo/periods/2027-01"
code=$(curl -s -o "$work/put.json" -w '%{http_code}' -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary "@$scheme" "$base/scheme")
[ "$code" = 200 ] || { echo "scheme PUT answered $code: $(cat "$work/put.json")" >&2; kill "$host"; exit 1; }
kb() { awk -v k="$2" '$1 == k ":" { print $2 }' "/proc/$1/status"; }
# A first small import warms the host up (the JIT, the reader's code paths), as a running server would be.
/usr/bin/python3 -c "import openpyxl,sys; wb=openpyxl.Workbook(); ws=wb.active; ws.append(['unit','indicator','value']); ws.append(['U0001','i001',1]); wb.save(sys.argv[1])" "$work/warm.xlsx"
curl -s -o /dev/null -H "Authorization: Bearer $token" -F "file=@$work/warm.xlsx" "$base/data/import"
rss=$(kb "$host" VmRSS)
preview=$(curl -s -o "$work/preview.json" -w '%{time_total} %{http_code}' -H "Authorization: Bearer $token" -F "file=@$book" "$base/data/import?preview=true")
result=$(curl -s -o "$work/import.json" -w '%{time_total} %{http_code}' -H "Authorization: Bearer $token" -F "file=@$book" "$base/data/import")
peak=$(kb "$host" VmHWM)
head -c $((200 * 1024 * 1024)) /dev/zero >"$work/huge.xlsx"
refusal=$(curl -s -o "$work/huge.json" -w '%{time_total} %{http_code}' -H "Authorization: Bearer $token" -F "file=@$work/huge.xlsx" "$base/data/import")
kill "$host"; wait "$host" 2>/dev/null || true
printf 'workbook: %s (%s KB, %s cells), load average %s\n' "$book" "$(du -k "$book" | cut -f1)" "$((units * indicators))" "$(cut -d' ' -f1-3 /proc/loadavg)"
read -r s status <<<"$preview"
printf 'preview: %6.2f s  HTTP %s  (read and checked, nothing stored)\n' "$s" "$status"
read -r s status <<<"$result"
printf 'import:  %6.2f s  HTTP %s  RSS before %d MB, peak %d MB (growth at most %d MB)  imported %s\n' "$s" "$status" $((rss / 1024)) $((peak / 1024)) $(((peak - rss) / 1024)) "$(jq '.imported // .title' "$work/import.json")"
read -r s status <<<"$refusal"
printf '200 MB:  %6.2f s  HTTP %s  %s\n' "$s" "$status" "$(jq -c '.problems[0].message // .title' "$work/huge.json" 2>/dev/null)"
rm -rf "$work"
