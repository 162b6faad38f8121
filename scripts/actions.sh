#!/usr/bin/env bash
# Runs the action server (rasa-sdk only, no TensorFlow) in the foreground, after checking
# the office configuration: a broken file stops here with one line naming the key.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m actions.office
exec .venv/bin/python -m rasa_sdk --actions actions --port "$LOTSE_ACTIONS_PORT"
