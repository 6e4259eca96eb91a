#!/bin/sh
# Configures and builds bcdb into build/ (RelWithDebInfo). BCDB_WERROR=ON (what CI sets) makes
# warnings errors; a user's build never fails on a compiler's warning. BCDB_BUILD_TESTS=OFF
# builds only the binary.
set -eu
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBCDB_WERROR="${BCDB_WERROR:-OFF}" -DBUILD_TESTING="${BCDB_BUILD_TESTS:-ON}" > /dev/null
cmake --build build -j "$(nproc)"
