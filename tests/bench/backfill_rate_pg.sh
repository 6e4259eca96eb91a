#!/bin/bash
# bcdb's backfill on PostgreSQL with --replica against a plain UPDATE loop in psql: see backfill_rate.sh.
exec "$(dirname "$0")/backfill_rate.sh" postgres "$@"
