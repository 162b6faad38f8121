#!/usr/bin/env bash
# Runs the Rasa server in the foreground with the settings of scripts/env.sh (make run
# supervises it next to the action server; a replica of `make run-cluster` or a container
# runs it alone).
set -euo pipefail
cd "$(dirname "$0")/.."

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

exec .venv/bin/rasa run --model "$LOTSE_MODEL" "${api[@]}" \
  --interface "$LOTSE_HOST" --port "$LOTSE_RASA_PORT" ${LOTSE_CORS:+--cors "$LOTSE_CORS"} \
  --endpoints endpoints.yml --credentials credentials.yml
