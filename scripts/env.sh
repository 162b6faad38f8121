# Local defaults for every setting; a value already in the environment wins.
# Sourced by the Makefile; source it yourself before running rasa commands by hand:
#   . .venv/bin/activate && . scripts/env.sh
: "${LOTSE_HOST:=127.0.0.1}"
: "${LOTSE_RASA_PORT:=5005}"
: "${LOTSE_ACTIONS_PORT:=5055}"
: "${LOTSE_ACTION_ENDPOINT_URL:=http://127.0.0.1:${LOTSE_ACTIONS_PORT}/webhook}"
: "${LOTSE_TRACKER_DB_URL:=sqlite:///var/tracker.db}"
: "${LOTSE_OFFICE_DIR:=office}"
: "${LOTSE_LOCALES_DIR:=locales}"
: "${LOTSE_MODEL:=models/lotse.tar.gz}"
export LOTSE_HOST LOTSE_RASA_PORT LOTSE_ACTIONS_PORT LOTSE_ACTION_ENDPOINT_URL \
  LOTSE_TRACKER_DB_URL LOTSE_OFFICE_DIR LOTSE_LOCALES_DIR LOTSE_MODEL
# privacy: Rasa sends no usage data
export RASA_TELEMETRY_ENABLED=false
# quieter logs: TensorFlow's C++ banner and SQLAlchemy's 2.0 notice are not actionable here
export TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
mkdir -p var
