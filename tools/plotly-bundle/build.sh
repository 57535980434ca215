#!/usr/bin/env bash
# Rebuilds the vendored front-end assets of CX Maturity from the exact npm
# versions pinned in package.json / package-lock.json:
#   static/vendor/plotly/plotly-radar.min.js   plotly.js core + scatterpolar only (esbuild)
#   static/vendor/plotly/LICENSE
#   static/vendor/bootstrap/bootstrap.min.css, bootstrap.bundle.min.js, LICENSE
# The sourceMappingURL comments are stripped (no .map files are shipped, and
# ManifestStaticFilesStorage would fail on the missing maps), and the build
# fails if the plotly bundle contains eval( or new Function( (CSP has no
# 'unsafe-eval'). Check the result in a browser with: ../../.venv/bin/python verify.py
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
vendor="$here/../../static/vendor"

npm ci --no-audit --no-fund

plotly_version="$(node -p "require('plotly.js/package.json').version")"
bootstrap_version="$(node -p "require('bootstrap/package.json').version")"

# --- plotly.js: core + scatterpolar ------------------------------------------
mkdir -p "$vendor/plotly"
# --define:global=window   has-hover (and others) read node's `global`
# --define:define.amd=false keep UMD wrappers off any AMD loader on the page
# --loader:.css=empty       src/registry.js require()s maplibre-gl.css, only for
#                           'map' subplots, which this bundle does not register
npx --no-install esbuild index.js \
  --bundle --minify --format=iife --global-name=Plotly --target=es2016 \
  --define:global=window --define:define.amd=false --loader:.css=empty \
  "--banner:js=/*! plotly.js v${plotly_version} custom bundle (core + scatterpolar) | (c) Plotly, Inc. | MIT License, see LICENSE */" \
  --metafile="$here/.meta.json" \
  --outfile="$vendor/plotly/plotly-radar.min.js"
cp node_modules/plotly.js/LICENSE "$vendor/plotly/LICENSE"
node licenses.js "$here/.meta.json" "$vendor/plotly/THIRD_PARTY_LICENSES.txt"
rm -f "$here/.meta.json"

if grep -n -o -E '.{0,60}(new Function|\beval\()\b.{0,60}' "$vendor/plotly/plotly-radar.min.js"; then
  echo "ERROR: plotly bundle contains eval( / new Function( (forbidden by the CSP)" >&2
  exit 1
fi
if grep -q 'sourceMappingURL' "$vendor/plotly/plotly-radar.min.js"; then
  echo "ERROR: plotly bundle references a source map" >&2
  exit 1
fi

# --- Bootstrap ------------------------------------------------------------------
mkdir -p "$vendor/bootstrap"
strip_map() {  # drop the trailing /*# sourceMappingURL=... */ or //# sourceMappingURL=... line
  sed -E -e '/^[[:space:]]*(\/\*|\/\/)# sourceMappingURL=.*$/d' "$1" > "$2"
  if grep -q 'sourceMappingURL' "$2"; then
    echo "ERROR: $2 still references a source map" >&2
    exit 1
  fi
}
strip_map node_modules/bootstrap/dist/css/bootstrap.min.css "$vendor/bootstrap/bootstrap.min.css"
strip_map node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$vendor/bootstrap/bootstrap.bundle.min.js"
cp node_modules/bootstrap/LICENSE "$vendor/bootstrap/LICENSE"

echo
echo "plotly.js ${plotly_version}, bootstrap ${bootstrap_version}"
for f in "$vendor/plotly/plotly-radar.min.js" "$vendor/bootstrap/bootstrap.min.css" "$vendor/bootstrap/bootstrap.bundle.min.js"; do
  printf '%-28s %9d bytes raw, %8d bytes gzip -9\n' "$(basename "$f")" "$(wc -c < "$f")" "$(gzip -9c "$f" | wc -c)"
done
