#!/bin/sh
# Installs the Debian 12 packages bcdb needs to build and to run its whole test suite.
# Safe to run again: it only calls apt-get when a package is missing.
set -eu

packages="
  cmake g++ ninja-build pkg-config ccache
  libcli11-dev libtomlplusplus-dev libfmt-dev libsqlite3-dev doctest-dev nlohmann-json3-dev libssl-dev
  libpqxx-dev libpq-dev postgresql-15 postgresql-client-15
  libmysqlcppconn-dev mariadb-server mariadb-client
  sqlite3 python3 python3-jsonschema time
"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "installing:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
