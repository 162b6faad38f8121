#!/usr/bin/env bash
# Runs a command (rasa shell, rasa interactive) while the action server runs in the
# background; the action server stops when the command ends.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/actions.sh >var/actions.log 2>&1 &
actions=$!
trap 'kill $actions 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$LOTSE_ACTIONS_PORT/health" >/dev/null 2>&1 && break
  sleep 0.5
done
"$@" --endpoints endpoints.yml
