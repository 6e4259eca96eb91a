# Sourced by the MariaDB benchmarks: checks the tools, splits the server URL into the client's
# options and defines `my` (the mariadb client on it) and `write_manifests` (the benchmarks'
# accounts and owners tables, before a change or after one of a-f). Sets my_user, my_host, my_port and
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

# accounts and owners as manifests, before (OP "") or after change OP of online_mysql.sh
write_manifests() {  # write_manifests DIR OP   (OP "" for the base)
  local dir=$1 op=$2 note="varchar(40)" extra="" flag="" hits="int32" owner_idx=""
  mkdir -p "$dir"
  cat > "$dir/owners.toml" <<'EOF'
[tables.owners]
primary_key = ["id"]
columns = [ { name = "id", type = "int64" } ]
EOF
  case $op in
    a) extra='' owner_idx=', { name = "accounts_owner_idx", columns = ["owner_id"] }' ;;
    b) flag='  { name = "flag", type = "int64", default = "0" },' ;;
    c) extra='foreign_keys = [ { name = "accounts_owner_fk", columns = ["owner_id"], references = { table = "owners", columns = ["id"] } } ]' ;;
    d) note="varchar(60)" ;;
    e) note="varchar(100)" ;;
    f) hits="int64" ;;
  esac
  cat > "$dir/accounts.toml" <<EOF
[tables.accounts]
primary_key = ["id"]
columns = [
  { name = "id", type = "int64" },
  { name = "owner_id", type = "int64" },
  { name = "balance", type = "int64" },
  { name = "status", type = "varchar(20)" },
  { name = "note", type = "$note", nullable = true },
  { name = "hits", type = "$hits", default = "0" },
$flag
]
indexes = [ { name = "accounts_hits_idx", columns = ["hits"] }$owner_idx ]
$extra
EOF
}
