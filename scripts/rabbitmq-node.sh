#!/usr/bin/env bash
# Runs an isolated RabbitMQ node on loopback with all its state in one folder, in the foreground.
# Usage: rabbitmq-node.sh <state-dir> <amqp-port>
# Stops cleanly on SIGTERM/SIGINT (the node, then its private epmd).
set -euo pipefail
state_dir=$(mkdir -p "$1" && cd "$1" && pwd)
port=$2
node_name="rabbit-$port@localhost"
export HOME="$state_dir"
export RABBITMQ_NODENAME="$node_name"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT="$port"
export RABBITMQ_DIST_PORT=$((port + 20000))
export ERL_EPMD_PORT=$((port + 21000))
export RABBITMQ_MNESIA_BASE="$state_dir/mnesia"
export RABBITMQ_LOG_BASE="$state_dir/log"
export RABBITMQ_PID_FILE="$state_dir/rabbitmq.pid"
export RABBITMQ_ENABLED_PLUGINS_FILE="$state_dir/enabled_plugins"
export RABBITMQ_CONFIG_FILE="$state_dir/rabbitmq.conf"
export RABBITMQ_LOGS=-
echo "[]." > "$RABBITMQ_ENABLED_PLUGINS_FILE"
cat > "$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.default = 127.0.0.1:$port
loopback_users.guest = true
CONF

if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  echo "rabbitmq-server is not installed; run scripts/install-deps.sh" >&2
  exit 127
fi

# A node left behind by an abrupt stop (SIGKILL of this script) still holds the port and the node name: end it first.
if [ -f "$RABBITMQ_PID_FILE" ]; then
  old=$(cat "$RABBITMQ_PID_FILE" 2>/dev/null || true)
  if [ -n "$old" ] && kill -0 "$old" 2>/dev/null; then
    echo "Stopping RabbitMQ node left running by a previous start (pid $old)"
    kill -TERM "$old" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$old" 2>/dev/null || true
  fi
  rm -f "$RABBITMQ_PID_FILE"
fi
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  sleep 0.1
done

/usr/lib/rabbitmq/bin/rabbitmq-server &
server=$!
stop() {
  kill -TERM "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
}
trap 'stop; exit 0' TERM INT
wait "$server"
status=$?
epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
exit $status
