#!/usr/bin/env bash
# Runs the ledger with the worked example loaded, on http://127.0.0.1:5080 (LEDGER_URLS overrides).
# Uses LEDGER_CONNECTION_STRING when set; otherwise a private PostgreSQL cluster in .pgdata/run, which keeps
# its data between runs and is stopped when the service stops (LEDGER_KEEP_DB=1 leaves it running).
set -euo pipefail
cd "$(dirname "$0")"

urls=${LEDGER_URLS:-http://127.0.0.1:5080}
cluster=".pgdata/run"
if [ -z "${LEDGER_CONNECTION_STRING:-}" ]; then
  LEDGER_CONNECTION_STRING=$(scripts/postgres.sh start "$cluster" | tail -n 1)
  export LEDGER_CONNECTION_STRING
  [ "${LEDGER_KEEP_DB:-0}" = "1" ] || trap 'scripts/postgres.sh stop "$cluster"' EXIT INT TERM
fi

dotnet build src/Ledger.Api -c Release -v quiet -nologo
app="src/Ledger.Api/bin/Release/net10.0/Ledger.Api.dll"

# Marten applies the schema; `import` records the worked example through the API's own endpoints (idempotent).
dotnet "$app" import
dotnet "$app" run --urls "$urls" "$@"
