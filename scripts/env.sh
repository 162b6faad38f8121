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
# the Rasa server authenticates itself to the action server with this header value
# (endpoints.yml); a fresh random one per start unless the operator sets one for both
: "${LOTSE_ACTION_SECRET:=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')}"
# the HTTP API (/model/parse, /conversations/...) is off unless LOTSE_API=on, which needs
# LOTSE_JWT_SECRET (tokens in the Authorization header, README "Security and privacy")
: "${LOTSE_API:=off}"
: "${LOTSE_JWT_SECRET:=}"
export LOTSE_HOST LOTSE_RASA_PORT LOTSE_ACTIONS_PORT LOTSE_ACTION_ENDPOINT_URL \
  LOTSE_TRACKER_DB_URL LOTSE_OFFICE_DIR LOTSE_LOCALES_DIR LOTSE_MODEL LOTSE_ACTION_SECRET \
  LOTSE_API LOTSE_JWT_SECRET
# the offices' time zone: "today", opening hours, free times and the day of a booking are the
# office's (the report reads days in it too); a server clock in UTC would put the first hour
# after midnight on the day before
: "${TZ:=Europe/Berlin}"
export TZ
# privacy: Rasa sends no usage data
export RASA_TELEMETRY_ENABLED=false
# quieter logs: TensorFlow's C++ banner and SQLAlchemy's 2.0 notice are not actionable here
export TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
# WhatsApp Business Cloud API (README, "WhatsApp, Telegram, Facebook Messenger"). Empty: the
# channel is off and /webhooks/whatsapp/webhook answers 503. Every variable must exist:
# credentials.yml refers to them and Rasa does not start with an unset one.
: "${LOTSE_WHATSAPP_VERIFY_TOKEN:=}"
: "${LOTSE_WHATSAPP_APP_SECRET:=}"
: "${LOTSE_WHATSAPP_ACCESS_TOKEN:=}"
: "${LOTSE_WHATSAPP_PHONE_NUMBER_ID:=}"
: "${LOTSE_WHATSAPP_GRAPH_URL:=https://graph.facebook.com}"
: "${LOTSE_WHATSAPP_API_VERSION:=v21.0}"
export LOTSE_WHATSAPP_VERIFY_TOKEN LOTSE_WHATSAPP_APP_SECRET LOTSE_WHATSAPP_ACCESS_TOKEN \
  LOTSE_WHATSAPP_PHONE_NUMBER_ID LOTSE_WHATSAPP_GRAPH_URL LOTSE_WHATSAPP_API_VERSION
# Telegram (credentials.yml): off while token, webhook URL or secret token is empty
: "${LOTSE_TELEGRAM_ACCESS_TOKEN:=}"
: "${LOTSE_TELEGRAM_WEBHOOK_URL:=}"
: "${LOTSE_TELEGRAM_SECRET_TOKEN:=}"
: "${LOTSE_TELEGRAM_API_URL:=https://api.telegram.org}"
export LOTSE_TELEGRAM_ACCESS_TOKEN LOTSE_TELEGRAM_WEBHOOK_URL LOTSE_TELEGRAM_SECRET_TOKEN \
  LOTSE_TELEGRAM_API_URL
# Facebook Messenger (credentials.yml): off while verify token, app secret or page token is empty
: "${LOTSE_MESSENGER_VERIFY_TOKEN:=}"
: "${LOTSE_MESSENGER_APP_SECRET:=}"
: "${LOTSE_MESSENGER_PAGE_ACCESS_TOKEN:=}"
: "${LOTSE_MESSENGER_GRAPH_URL:=https://graph.facebook.com}"
: "${LOTSE_MESSENGER_API_VERSION:=v21.0}"
export LOTSE_MESSENGER_VERIFY_TOKEN LOTSE_MESSENGER_APP_SECRET LOTSE_MESSENGER_PAGE_ACCESS_TOKEN \
  LOTSE_MESSENGER_GRAPH_URL LOTSE_MESSENGER_API_VERSION
mkdir -p var
