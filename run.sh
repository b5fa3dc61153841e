#!/usr/bin/env bash
# Runs the ledger with the worked example loaded, on http://127.0.0.1:5080 (LEDGER_URLS overrides).
# Database: LEDGER_CONNECTION_STRING if set; otherwise a private PostgreSQL cluster in .pgdata/run
# (scripts/postgres.sh), which keeps its data between runs and is stopped when the service exits
# (LEDGER_KEEP_DB=1 leaves it running). Extra arguments go to the service's `run` command.
set -euo pipefail
cd "$(dirname "$0")"

urls=${LEDGER_URLS:-http://127.0.0.1:5080}
cluster=.pgdata/run
if [ -z "${LEDGER_CONNECTION_STRING:-}" ]; then
  scripts/postgres.sh ensure-installed
  if [ "${LEDGER_KEEP_DB:-0}" != 1 ]; then
    # Stop (not delete) the cluster however we leave; INT/TERM exit so EXIT runs it once.
    trap 'scripts/postgres.sh stop "$cluster"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
  fi
  LEDGER_CONNECTION_STRING=$(scripts/postgres.sh start "$cluster" | tail -n 1)
  export LEDGER_CONNECTION_STRING
fi

# Build once, then run the built app twice: no second build, no `dotnet run` argument juggling.
dotnet build src/Ledger.Api -c Release -nologo -v quiet
app=src/Ledger.Api/bin/Release/net10.0/Ledger.Api.dll

# Marten applies the schema; `import` records the worked example through the API's own endpoints (idempotent).
dotnet "$app" import
# Not `exec`: the trap above must still stop the cluster when the service exits.
dotnet "$app" run --urls "$urls" "$@"
