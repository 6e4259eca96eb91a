#!/bin/sh
# The README's test command, and what CI runs: install the packages, build (warnings are
# errors here), run every test. The Release build of the binary proves that a packager's
# optimised build compiles too.
set -eu
cd "$(dirname "$0")/.."
packaging/install-deps.sh
BCDB_WERROR=ON packaging/build.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DBCDB_WERROR=ON -DBUILD_TESTING=OFF > /dev/null
cmake --build build-release -j "$(nproc)"
cd build
ctest --output-on-failure -j "$(nproc)" --timeout 900
