#!/usr/bin/env bash
# A private, throwaway RabbitMQ node for ./test.sh (no Docker needed), so the broker path is tested on every run.
#
#   scripts/rabbitmq.sh ensure-installed  install Debian's rabbitmq-server package if it is missing
#   scripts/rabbitmq.sh start DIR         start a node whose data lives under DIR; prints its amqp:// URI
#   scripts/rabbitmq.sh stop DIR          stop it and delete its data (no error if it is not running)
#
# The node listens only on 127.0.0.1, on free ports (AMQP, Erlang distribution and its own epmd), runs as the
# unprivileged `rabbitmq` user when started as root, and keeps its data, cookie and logs in a private folder.
# The default guest/guest user may only connect over loopback, which is all the tests need.
set -euo pipefail

log() { echo "rabbitmq.sh: $*" >&2; }
die() { log "$*"; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
# Debian's /usr/sbin wrappers switch to the system node's user and home (and so its cookie): call the tools directly.
tool() { if [ -x "/usr/lib/rabbitmq/bin/$1" ]; then echo "/usr/lib/rabbitmq/bin/$1"; else command -v "$1"; fi; }
server() { tool rabbitmq-server; }

ensure_installed() {
  server >/dev/null && return
  log "rabbitmq-server not found; installing Debian's rabbitmq-server package"
  "$(dirname "$0")/debian-package.sh" install rabbitmq-server
  # The package may start a system node of its own (where an init system runs); the tests use their private one.
  server >/dev/null || die "installing rabbitmq-server did not provide rabbitmq-server"
}

# Run a command as the node's owner (RabbitMQ refuses nothing as root, but a test node has no business being root).
as_owner() {
  if ! is_root; then (cd / && "$@"); return; fi
  (cd / && runuser -u rabbitmq -- "$@")
}

free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# The environment of the private node: every path inside DATA, every port chosen here.
node_env() {
  local data=$1
  # shellcheck disable=SC1091
  . "$data/ports"
  echo HOME="$data" RABBITMQ_NODENAME="ledger-$amqp@localhost" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$amqp" RABBITMQ_DIST_PORT="$dist" ERL_EPMD_PORT="$epmd" ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_MNESIA_BASE="$data/mnesia" RABBITMQ_LOG_BASE="$data/log" RABBITMQ_PID_FILE="$data/node.pid" \
    RABBITMQ_CONFIG_FILE="$data/rabbitmq" RABBITMQ_ADVANCED_CONFIG_FILE="$data/advanced.config" \
    RABBITMQ_CONF_ENV_FILE="$data/rabbitmq-env.conf" RABBITMQ_ENABLED_PLUGINS_FILE="$data/enabled_plugins" \
    RABBITMQ_ENABLED_PLUGINS=""
}

start() {
  local dir=$1 data amqp
  ensure_installed
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  data=$(mktemp -d /tmp/ledger-rabbitmq.XXXXXX)
  echo "$data" > "$dir/data-path"
  amqp=$(free_port "${LEDGER_RABBITMQ_PORT:-56720}")
  cat > "$data/ports" <<EOF
amqp=$amqp
dist=$(free_port $((amqp + 1)))
epmd=$(free_port $((amqp + 2)))
EOF
  mkdir -p "$data/mnesia" "$data/log"
  touch "$data/rabbitmq.conf" "$data/rabbitmq-env.conf"
  echo "[]." > "$data/advanced.config"
  echo "[]." > "$data/enabled_plugins"
  is_root && chown -R rabbitmq: "$data"
  chmod 700 "$data"

  log "starting a private RabbitMQ node on 127.0.0.1:$amqp (logs: $data/log)"
  # shellcheck disable=SC2046
  as_owner env $(node_env "$data") "$(server)" > "$data/log/console.log" 2>&1 &
  # shellcheck disable=SC2046
  as_owner env $(node_env "$data") "$(tool rabbitmqctl)" --timeout 120 wait "$data/node.pid" >/dev/null 2>&1 ||
    { tail -n 30 "$data/log/console.log" >&2; die "RabbitMQ did not start; see $data/log"; }
  echo "amqp://guest:guest@127.0.0.1:$amqp" | tee "$dir/uri"
}

stop() {
  local dir=$1 data
  [ -f "$dir/data-path" ] || return 0
  data=$(cat "$dir/data-path")
  if [ -f "$data/ports" ]; then
    log "stopping the private RabbitMQ node in $data"
    # shellcheck disable=SC2046
    as_owner env $(node_env "$data") "$(tool rabbitmqctl)" --timeout 60 stop >/dev/null 2>&1 || true
    # The node's own epmd outlives it: end it by its port, never another's.
    # shellcheck disable=SC1091
    (. "$data/ports"; as_owner epmd -port "$epmd" -kill >/dev/null 2>&1 || true)
  fi
  case "$data" in /tmp/ledger-rabbitmq.*) rm -rf "$data" ;; esac
  rm -f "$dir/data-path" "$dir/uri"
}

usage="usage: scripts/rabbitmq.sh ensure-installed | start DIR | stop DIR"
case "${1:-}" in
  ensure-installed) ensure_installed ;;
  start | stop) "$1" "${2:?$usage}" ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
