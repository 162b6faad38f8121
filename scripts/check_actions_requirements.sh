#!/usr/bin/env bash
# The action server deploys from requirements/actions.txt alone (no Rasa, no TensorFlow):
# in a fresh venv with only those pins it must import every action and answer /health.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(mktemp -d)/venv
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$(dirname "$venv")"' EXIT
python3.10 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip==24.0
"$venv/bin/python" -m pip install --quiet -r requirements/actions.txt
# rasa-sdk's own loader imports every module of the package, as the server does
"$venv/bin/python" -c "from rasa_sdk.executor import ActionExecutor; e = ActionExecutor(); e.register_package('actions'); print(len(e.actions), 'actions')"
port=$("$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LOTSE_ACTION_SECRET=check LOTSE_ACTIONS_PORT=$port LOTSE_DATA_DIR="$(dirname "$venv")/var" \
  "$venv/bin/python" -m actions.server & server=$!
for _ in $(seq 1 60); do
  if curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1; then
    echo "The action server runs from requirements/actions.txt alone."; exit 0
  fi
  sleep 1
done
echo "The action server did not start from requirements/actions.txt alone." >&2
exit 1
