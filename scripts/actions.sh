#!/usr/bin/env bash
# Runs the action server (rasa-sdk only, no TensorFlow) in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python -m rasa_sdk --actions actions --port "$LOTSE_ACTIONS_PORT"
