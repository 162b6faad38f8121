#!/usr/bin/env bash
# Starts the action server and the Rasa server, each supervised: a server that crashes or is
# killed is started again (pauses 1, 2, 4 … 30 s), the other keeps running. A server that
# fails on its very first start (a broken office file, a missing model) stops both: that is
# a configuration error to fix, not a crash. Ctrl-C (or SIGTERM) stops both.
# Expects the settings of scripts/env.sh in the environment (make run does that).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
MAIN=$$

trap 'trap - EXIT INT TERM; kill $(jobs -p) 2>/dev/null; wait; echo "Lotse stopped."' EXIT INT TERM

supervise() {  # <name> <command…>, in the background
  local name=$1 pause=1 first=1 child status started
  shift
  trap 'kill "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM
  while true; do
    started=$SECONDS
    "$@" &
    child=$!
    wait "$child" && status=0 || status=$?
    if [ "$first" = 1 ] && (( SECONDS - started < 15 )); then
      echo "$name failed to start (exit $status): stopping Lotse." >&2
      kill -TERM "$MAIN"
      exit "$status"
    fi
    first=0
    (( SECONDS - started > 60 )) && pause=1
    echo "$name stopped (exit $status); starting it again in ${pause} s." >&2
    sleep "$pause" & wait $!  # a stop signal interrupts the pause
    pause=$(( pause < 16 ? pause * 2 : 30 ))
  done
}

# scripts/rasa.sh refuses a wrong LOTSE_API setting on its first start, which stops both
supervise "Action server" scripts/actions.sh &
supervise "Rasa server" scripts/rasa.sh &

url="http://$LOTSE_HOST:$LOTSE_RASA_PORT"
for _ in $(seq 1 120); do
  if curl -fsS "$url/ready" >/dev/null 2>&1; then break; fi
  sleep 1
done
cat <<MSG

Lotse is running (Ctrl-C stops it):
  Rasa server    $url   (REST: $url/webhooks/rest/webhook, socket.io: $url/socket.io)
  Action server  http://$LOTSE_HOST:$LOTSE_ACTIONS_PORT
  Web chat demo  $url/demo   (widget: $url/widget/lotse-widget.js)
  Health         $url/ready (model, conversation store, action server), http://$LOTSE_HOST:$LOTSE_ACTIONS_PORT/ready
Try:
  curl -s -XPOST $url/webhooks/rest/webhook -H 'Content-Type: application/json' \\
    -d '{"sender": "demo", "message": "Hallo"}'

MSG
wait
