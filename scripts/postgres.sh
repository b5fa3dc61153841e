#!/usr/bin/env bash
# A private, throwaway PostgreSQL cluster for ./run.sh and ./test.sh (no Docker needed).
#
#   scripts/postgres.sh ensure-installed  install Debian's postgresql package if the server binaries are missing
#   scripts/postgres.sh start DIR         start (or reuse) a cluster whose data lives in DIR; prints its connection string
#   scripts/postgres.sh stop DIR          stop it (no error if it is not running)
#   scripts/postgres.sh destroy DIR       stop it and delete its data (for clusters that must start empty)
#   scripts/postgres.sh url DIR [ROLE]    print the connection string of the running cluster: as the superuser, or
#                                         as ROLE `owner` (ledger_owner, owns the ledger database and applies the schema)
#                                         or `runtime` (ledger_runtime, what the service runs as)
#
# The cluster listens only on 127.0.0.1, on a free port, with trust authentication and durability turned off:
# it is for this machine and for data nobody minds losing. Progress goes to stderr; stdout carries only the
# connection string, so callers can write  CS=$(scripts/postgres.sh start DIR).
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }
die() { log "$*"; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

# Debian keeps the server binaries (initdb, pg_ctl) off PATH, under /usr/lib/postgresql/<version>/bin:
# take the highest version there; PATH is the fallback for other distributions.
find_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  return 1
}

ensure_installed() {
  find_bindir >/dev/null && return
  log "PostgreSQL server binaries not found; installing Debian's postgresql package"
  "$(dirname "$0")/debian-package.sh" install postgresql
  find_bindir >/dev/null || die "installing postgresql did not provide initdb and pg_ctl"
}

# PostgreSQL refuses to run as root, so as root the server (initdb, pg_ctl) runs as the unprivileged
# `postgres` system user, which Debian's package creates; we create it ourselves if the package did not.
ensure_user() {
  is_root || return 0
  id postgres >/dev/null 2>&1 ||
    useradd --system --user-group --no-create-home --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

# Run a command as the cluster's owner, from / (the owner may not be allowed into the caller's directory).
as_owner() {
  if ! is_root; then (cd / && "$@"); return; fi
  if command -v runuser >/dev/null 2>&1; then (cd / && runuser -u postgres -- "$@")
  else (cd / && su postgres -s /bin/bash -c "$(printf '%q ' "$@")"); fi
}

# The folder holding the cluster (cluster/), its socket and log. Normally DIR/data. But as root the owner is
# `postgres`, which must be able to reach it: if a parent folder of DIR is closed to others (or DIR's path is
# too long for a unix socket), it is a private temporary folder instead. DIR/data-path remembers which.
data_dir() {
  local dir=$1 data
  if [ -f "$dir/data-path" ]; then
    data=$(cat "$dir/data-path")
    if [ -d "$data" ]; then echo "$data"; return; fi   # a /tmp folder may be gone after a reboot
  fi
  data="$dir/data"
  mkdir -p "$data"
  if is_root; then
    chown postgres: "$data"
    if [ ${#data} -gt 80 ] || ! as_owner test -w "$data" -a -x "$data"; then
      rmdir "$data" 2>/dev/null || true
      data=$(mktemp -d /tmp/ledger-pg.XXXXXX)
      chown postgres: "$data"
    fi
  fi
  echo "$data" > "$dir/data-path"
  echo "$data"
}

# The port of the cluster running in DATA/cluster, or nothing (line 4 of postmaster.pid is the port).
running_port() {
  local bin=$1 data=$2
  [ -f "$data/cluster/postmaster.pid" ] || return 0
  as_owner "$bin/pg_ctl" -D "$data/cluster" status >/dev/null 2>&1 || return 0
  sed -n 4p "$data/cluster/postmaster.pid"
}

# The first port from $1 upwards on which nothing accepts connections (pure bash: /dev/tcp).
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

connection_string() {
  echo "Host=127.0.0.1;Port=$1;Database=ledger;Username=${2:-postgres};Pooling=true;Maximum Pool Size=100"
}

# The two roles of the ledger's database: the owner applies the schema, the service runs as the runtime role,
# which the schema grants only what the service writes (never an UPDATE, DELETE or TRUNCATE of events).
# Their passwords are their names: the cluster trusts loopback anyway, and a server that asks gets an answer.
ensure_roles() {
  local bin=$1 port=$2 role
  for role in ledger_owner ledger_runtime; do
    "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc "select 1 from pg_roles where rolname = '$role'" | grep -q 1 ||
      "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "create role $role login password '$role'" >/dev/null
  done
}

start() {
  local dir=$1 bin data port
  ensure_installed
  bin=$(find_bindir)
  ensure_user
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  data=$(data_dir "$dir")
  ln -sfn "$data/postgres.log" "$dir/postgres.log"   # the log sits where the owner can write it

  port=$(running_port "$bin" "$data")
  if [ -n "$port" ]; then
    log "reusing the cluster already running on 127.0.0.1:$port"
  else
    if [ ! -f "$data/cluster/PG_VERSION" ]; then
      log "initialising a cluster in $data/cluster"
      as_owner "$bin/initdb" -D "$data/cluster" -U postgres -A trust -E UTF8 --no-locale >/dev/null
    fi
    # Another process may take the port between the check and the start: try the next ones a few times.
    local next=${LEDGER_PG_PORT:-54329} attempt
    for attempt in 1 2 3 4 5; do
      port=$(free_port "$next")
      log "starting PostgreSQL $(basename "$(dirname "$bin")") on 127.0.0.1:$port (log: $dir/postgres.log)"
      # Throwaway data: fsync, synchronous commit and full-page writes are off for speed.
      # The socket goes in the private folder, not /var/run/postgresql (which may not exist, or be another's).
      if as_owner "$bin/pg_ctl" -D "$data/cluster" -l "$data/postgres.log" -w -t 60 -o \
        "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$data' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB" \
        start >/dev/null; then break; fi
      [ "$attempt" -lt 5 ] || die "PostgreSQL did not start; see $dir/postgres.log"
      next=$((port + 1))
    done
  fi

  # Trust authentication over loopback: any local user may connect as `postgres`.
  ensure_roles "$bin" "$port"
  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAc "select 1 from pg_database where datname = 'ledger'" | grep -q 1 ||
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres -O ledger_owner ledger
  connection_string "$port" > "$dir/connection-string"
  connection_string "$port" ledger_owner > "$dir/owner-connection-string"
  connection_string "$port" ledger_runtime > "$dir/runtime-connection-string"
  cat "$dir/connection-string"
}

stop() {
  local dir=$1 bin data
  [ -f "$dir/data-path" ] || return 0
  bin=$(find_bindir) || return 0
  data=$(cat "$dir/data-path")
  if [ -n "$(running_port "$bin" "$data")" ]; then
    log "stopping PostgreSQL in $data/cluster"
    as_owner "$bin/pg_ctl" -D "$data/cluster" -m fast -w stop >/dev/null
  fi
  rm -f "$dir/connection-string" "$dir/owner-connection-string" "$dir/runtime-connection-string"
}

destroy() {
  local dir=$1 data
  stop "$dir"
  if [ -f "$dir/data-path" ]; then
    data=$(cat "$dir/data-path")
    case "$data" in /tmp/ledger-pg.*) rm -rf "$data" ;; esac   # DIR/data goes with DIR below
  fi
  rm -rf "$dir"
}

url() {
  local dir=$1 role=${2:-} bin
  bin=$(find_bindir) || die "PostgreSQL is not installed"
  [ -f "$dir/data-path" ] && [ -n "$(running_port "$bin" "$(cat "$dir/data-path")")" ] || die "no cluster running in $dir"
  case "$role" in
    "") cat "$dir/connection-string" ;;
    owner | runtime) cat "$dir/$role-connection-string" ;;
    *) die "no role '$role': owner or runtime" ;;
  esac
}

usage="usage: scripts/postgres.sh ensure-installed | start DIR | stop DIR | destroy DIR | url DIR [owner|runtime]"
case "${1:-}" in
  ensure-installed) ensure_installed ;;
  start | stop | destroy) "$1" "${2:?$usage}" ;;
  url) url "${2:?$usage}" "${3:-}" ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
