#!/usr/bin/env bash
# Re-vendors the front-end libraries listed in src/Pacesetter.Web/wwwroot/lib/VERSIONS.md from the npm registry.
set -euo pipefail
lib="$(cd "$(dirname "$0")/.." && pwd)/src/Pacesetter.Web/wwwroot/lib"
work=$(mktemp -d)
cd "$work"
npm pack bootstrap@5.3.9 htmx.org@2.0.8 echarts@6.1.0 >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
mkdir -p "$lib/bootstrap" "$lib/htmx" "$lib/echarts"
cp bootstrap-5.3.9/package/dist/css/bootstrap.min.css bootstrap-5.3.9/package/dist/js/bootstrap.bundle.min.js bootstrap-5.3.9/package/LICENSE "$lib/bootstrap/"
cp htmx.org-2.0.8/package/dist/htmx.min.js htmx.org-2.0.8/package/LICENSE "$lib/htmx/"
cp echarts-6.1.0/package/dist/echarts.min.js echarts-6.1.0/package/LICENSE "$lib/echarts/"
rm -rf "$work"
echo "vendored into $lib"
