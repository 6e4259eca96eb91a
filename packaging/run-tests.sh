#!/bin/sh
# The README's test command, and what CI runs: install the packages, build, run every test.
set -eu
cd "$(dirname "$0")/.."
packaging/install-deps.sh
packaging/build.sh
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 900
