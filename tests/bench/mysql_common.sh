# Sourced by the MariaDB benchmarks: checks the tools, splits the server URL into the client's
# options and defines `my` (the mariadb client on it). Sets my_user, my_host, my_port and
# exports MYSQL_PWD (the client's and loadgen's password, off the command line).
#   require_mysql_tools; parse_mysql_url URL
require_mysql_tools() {
  for b in mariadb g++; do
    command -v "$b" > /dev/null || { echo "$b not found; run packaging/install-deps.sh" >&2; exit 2; }
  done
  [ -f /usr/include/mysql_driver.h ] || { echo "libmysqlcppconn-dev not installed; run packaging/install-deps.sh" >&2; exit 2; }
}

# mysql://user:password@host:port/database (no %-escapes, no ?options) -> the client's options
parse_mysql_url() {
  if [[ ! $1 =~ ^(mysql|mariadb)://([^:@/]+)(:([^@/]*))?@([^:/]+)(:([0-9]+))?/([^?/]*)$ ]]; then
    echo "the server URL must look like mysql://user:password@host:port/database (no ?options)" >&2
    exit 2
  fi
  my_user=${BASH_REMATCH[2]} my_host=${BASH_REMATCH[5]} my_port=${BASH_REMATCH[7]:-3306}
  export MYSQL_PWD=${BASH_REMATCH[4]}
}

my() { mariadb --no-defaults -h"$my_host" -P"$my_port" -u"$my_user" "$@"; }
