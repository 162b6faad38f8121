#!/usr/bin/env bash
# Starts the action server and the Rasa server and waits; Ctrl-C stops both.
# Expects the settings of scripts/env.sh in the environment (make run does that).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

trap 'trap - EXIT INT TERM; kill $(jobs -p) 2>/dev/null; wait; echo "Lotse stopped."' EXIT INT TERM

# The HTTP API only on request, and then only with JWTs in the Authorization header (Rasa's
# --auth-token would be read from ?token=, which ends up in proxy logs).
api=()
case "${LOTSE_API:-off}" in
  off) ;;
  on)
    if [ -z "${LOTSE_JWT_SECRET:-}" ]; then
      echo "LOTSE_API=on needs LOTSE_JWT_SECRET: Lotse does not serve an open HTTP API." >&2
      exit 2
    fi
    api=(--enable-api --jwt-secret "$LOTSE_JWT_SECRET" --jwt-method HS256) ;;
  *) echo "LOTSE_API must be 'on' or 'off', not '$LOTSE_API'." >&2; exit 2 ;;
esac

scripts/actions.sh &
"$BIN/rasa" run --model "$LOTSE_MODEL" "${api[@]}" \
  --interface "$LOTSE_HOST" --port "$LOTSE_RASA_PORT" ${LOTSE_CORS:+--cors "$LOTSE_CORS"} \
  --endpoints endpoints.yml --credentials credentials.yml &

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
Try:
  curl -s -XPOST $url/webhooks/rest/webhook -H 'Content-Type: application/json' \\
    -d '{"sender": "demo", "message": "Hallo"}'

MSG
wait -n
