#!/usr/bin/env bash
# Install everything the test suite needs and run it.
#   bash scripts/test.sh              # the doctests of src/novex, then the whole suite
#   bash scripts/test.sh -q -x        # the same with pytest options (as .ci/run does)
#   bash scripts/test.sh tests/grid   # one part (any pytest arguments; no doctests)
#   bash scripts/test.sh src/novex --doctest-modules   # only the examples in the docstrings
# Debian packages (gdal-bin for the gdalinfo checks; poppler-utils, Pango and DejaVu fonts for
# the PDF reports; chromium for the browser tests of the web atlas, marker `browser`) are
# installed when running as root.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_needed=()
command -v gdalinfo >/dev/null 2>&1 || apt_needed+=(gdal-bin)
# the reports: pdftoppm to look at the PDFs, Pango and DejaVu fonts for WeasyPrint
command -v pdftoppm >/dev/null 2>&1 || apt_needed+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || apt_needed+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi "DejaVu Sans" || apt_needed+=(fonts-dejavu-core)
command -v chromium >/dev/null 2>&1 || apt_needed+=(chromium)
if ((${#apt_needed[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages: ${apt_needed[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_needed[@]}" >/dev/null
  else
    echo "warning: ${apt_needed[*]} missing and not root; the gdalinfo and browser tests will be skipped" >&2
  fi
fi

# The dossier tests also run against the PostgreSQL server on 127.0.0.1:5432 (marker
# `postgres`); start the local cluster if it is installed but down. Without a server those
# tests are skipped with the reason.
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "Starting PostgreSQL"
  if command -v service >/dev/null 2>&1; then service postgresql start >/dev/null 2>&1 || true; fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432 && command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster 15 main start >/dev/null 2>&1 || true
  fi
  for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  pg_isready -h 127.0.0.1 -p 5432 || echo "warning: PostgreSQL is not running; the postgres tests will be skipped" >&2
fi

python -m pip install -q --disable-pip-version-check -e ".[test]"
# Playwright (from the test extra) drives the Debian chromium above; it downloads no browser.
if [ "$#" -eq 0 ] || [[ "$1" == -* ]]; then
  # no test paths given: the examples in the docstrings of the public API, then the suite
  python -m pytest src/novex --doctest-modules "$@"
  exec python -m pytest tests "$@"
fi
exec python -m pytest "$@"
