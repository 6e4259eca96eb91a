#!/bin/bash
# bcdb's backfill on MariaDB with --replica against a plain UPDATE loop in mariadb: see backfill_rate.sh.
exec "$(dirname "$0")/backfill_rate.sh" mysql "$@"
