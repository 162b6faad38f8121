#!/usr/bin/env bash
# Entrypoint of the Rasa server image: checks the secrets, then scripts/rasa.sh (`rasa run` with
# Lotse's endpoints, channels and, with LOTSE_API=on, the API flags) in the foreground; Docker's
# restart policy or Kubernetes restarts it. Arguments: only --interface and --port (the image's
# CMD: 0.0.0.0 and 5005); every other setting comes from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."

while [ $# -gt 0 ]; do
  case "$1" in
    --interface) export LOTSE_HOST=$2; shift 2 ;;
    --port) export LOTSE_RASA_PORT=$2; shift 2 ;;
    *) echo "deploy/rasa-start.sh: unknown argument '$1' (settings come from the environment)" >&2
       exit 2 ;;
  esac
done

# Each replica must use the same secrets, and a container's var/ does not survive a restart:
# scripts/env.sh would make a random action secret and a per-container identity key file.
for name in LOTSE_ACTION_SECRET LOTSE_IDENTITY_SECRET LOTSE_TRACKER_DB_URL; do
  value=${!name:-}
  if [ -z "$value" ] || [[ "$value" == *change-me* ]]; then
    echo "$name is not set (or still the placeholder of deploy/env.example)." >&2
    exit 2
  fi
done
# the local defaults for everything else (channels off while their variables are empty)
# shellcheck source=scripts/env.sh
. scripts/env.sh
exec scripts/rasa.sh
