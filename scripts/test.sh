#!/usr/bin/env bash
# Install everything the test suite needs and run it.
#   bash scripts/test.sh              # the doctests of src/novex, then the whole suite
#   bash scripts/test.sh -q -x        # the same with pytest options (as .ci/run does)
#   bash scripts/test.sh tests/grid   # one part (any pytest arguments; no doctests)
#   bash scripts/test.sh src/novex --doctest-modules   # only the examples in the docstrings
# Debian packages (gdal-bin, for the gdalinfo checks) are installed when running as root.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_needed=()
command -v gdalinfo >/dev/null 2>&1 || apt_needed+=(gdal-bin)
if ((${#apt_needed[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages: ${apt_needed[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_needed[@]}" >/dev/null
  else
    echo "warning: ${apt_needed[*]} missing and not root; the gdalinfo tests will be skipped" >&2
  fi
fi

python -m pip install -q --disable-pip-version-check -e ".[test]"
if [ "$#" -eq 0 ] || [[ "$1" == -* ]]; then
  # no test paths given: the examples in the docstrings of the public API, then the suite
  python -m pytest src/novex --doctest-modules "$@"
  exec python -m pytest tests "$@"
fi
exec python -m pytest "$@"
