#!/usr/bin/env bash
# Runs the action server (rasa-sdk only, no TensorFlow) in the foreground, after checking
# the office configuration: a broken file stops here with one line naming the key.
# actions/server.py: loopback unless LOTSE_ACTIONS_HOST says otherwise, shared secret required.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m actions.office
exec .venv/bin/python -m actions.server
