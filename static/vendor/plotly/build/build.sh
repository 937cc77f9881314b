#!/usr/bin/env bash
# Rebuild ../plotly-dashboards.min.js from the npm registry (needs node >= 18 and npm).
# The versions are pinned in package.json and package-lock.json; the output is deterministic.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/entry.js" "$work/"
cd "$work"
npm ci --no-audit --no-fund --ignore-scripts
mkdir -p out
npm run build -- --outfile=out/plotly-dashboards.min.js >/dev/null
cp out/plotly-dashboards.min.js "$here/../plotly-dashboards.min.js"
cp node_modules/plotly.js/LICENSE "$here/../LICENSE"
sha256sum "$here/../plotly-dashboards.min.js"
