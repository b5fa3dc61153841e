#!/usr/bin/env bash
# Builds and runs every test against a throwaway PostgreSQL:
#   LEDGER_TEST_CONNECTION_STRING if set; else Testcontainers when a Docker engine answers;
#   else a private cluster started here (scripts/postgres.sh) and deleted when the tests end.
set -euo pipefail
cd "$(dirname "$0")"

cluster=".pgdata/test"
if [ -z "${LEDGER_TEST_CONNECTION_STRING:-}" ]; then
  if timeout 5 docker info >/dev/null 2>&1; then
    echo "test.sh: a Docker engine answers; the tests start PostgreSQL with Testcontainers" >&2
  else
    echo "test.sh: no Docker engine; starting a private PostgreSQL cluster" >&2
    trap 'scripts/postgres.sh destroy "$cluster"' EXIT INT TERM
    scripts/postgres.sh destroy "$cluster"
    LEDGER_TEST_CONNECTION_STRING=$(scripts/postgres.sh start "$cluster" | tail -n 1)
    export LEDGER_TEST_CONNECTION_STRING
  fi
fi

dotnet test Ledger.sln -c Release --logger "console;verbosity=normal" "$@"
