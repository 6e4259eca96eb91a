#!/bin/sh
# The README's first command: install the packages, build bcdb, then create the commerce demo
# schema in the embedded default database (sqlite:bcdb.db), fill it with deterministic demo
# data, and prove there is no drift.
set -eu
cd "$(dirname "$0")/.."
packaging/install-deps.sh
packaging/build.sh
./build/bcdb migrate --manifests manifests/commerce
./build/bcdb seed commerce --scale 1000
./build/bcdb drift --manifests manifests/commerce
