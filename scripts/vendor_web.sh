#!/usr/bin/env bash
# Vendor the browser libraries of the web atlas from the npm registry into the package.
#   bash scripts/vendor_web.sh
# Run when building a release or upgrading a version; the files are committed, so an
# installed novex serves them with no network at run time (no CDN).
#   maplibre-gl: the map (BSD-3-Clause)          -> src/novex/web/static/vendor/maplibre-gl/
#   axe-core:    accessibility checks, tests only (MPL-2.0) -> tests/web/vendor/axe-core/
set -euo pipefail
cd "$(dirname "$0")/.."

MAPLIBRE_VERSION="${MAPLIBRE_VERSION:-5.6.0}"
AXE_VERSION="${AXE_VERSION:-4.10.3}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

unpack() {  # unpack NAME@VERSION into $work/NAME
  local spec="$1" name="${1%@*}"
  (cd "$work" && npm pack --silent "$spec" >/dev/null)
  mkdir -p "$work/$name"
  tar -xzf "$work/$name"-*.tgz -C "$work/$name" --strip-components=1
}

unpack "maplibre-gl@$MAPLIBRE_VERSION"
dest=src/novex/web/static/vendor/maplibre-gl
rm -rf "$dest" && mkdir -p "$dest"
# the CSP builds: the worker is a file of our own origin, not a blob: URL, so the
# Content-Security-Policy can stay 'self'
cp "$work/maplibre-gl/dist/maplibre-gl-csp.js" "$work/maplibre-gl/dist/maplibre-gl-csp-worker.js" \
   "$work/maplibre-gl/dist/maplibre-gl.css" "$work/maplibre-gl/LICENSE.txt" "$dest/"
echo "maplibre-gl $MAPLIBRE_VERSION" > "$dest/VERSION"

unpack "axe-core@$AXE_VERSION"
dest=tests/web/vendor/axe-core
rm -rf "$dest" && mkdir -p "$dest"
cp "$work/axe-core/axe.min.js" "$work/axe-core/LICENSE" "$dest/"
echo "axe-core $AXE_VERSION" > "$dest/VERSION"

du -sh src/novex/web/static/vendor/* tests/web/vendor/*
