"""`python -m actions.server`: rasa-sdk's action server, closed to everyone but the Rasa
server. It listens on loopback unless configured (rasa-sdk alone binds 0.0.0.0), requires the
shared secret that endpoints.yml sends as a header, refuses compressed bodies (rasa-sdk
inflates deflate without limit) and bounds the body size; errors never echo the request."""

import asyncio
import functools
import hmac
import json
import logging
import sys
from datetime import date, datetime, timezone
from typing import Optional

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions import database, fees, labels, languages, referrals, retention, settings
from actions.contact.delivery import deliver_soon
from actions.forms import (
    appointment_choice,
    choices,
    dates,
    day_wish,
    nationality,
    permit_recommendation,
)
from actions.office import current_registry
from lotse_common.language import conversation_language

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Lotse-Action-Secret"  # noqa: S105 - the header's name, not a secret
# for supervisors and the Rasa server's /ready: "ok" / "ready" and nothing else
OPEN_PATHS = {"/health", "/ready"}
DAY = 86400


async def purge_daily() -> None:
    """Retention inside the running server: now, then once a day."""
    loop = asyncio.get_running_loop()
    while True:
        try:
            done = await loop.run_in_executor(None, functools.partial(
                retention.purge, settings.DATA_DIR, settings.RETENTION_DAYS, url=settings.DB_URL))
            logger.info("Retention: deleted %s", done)
        except Exception as error:  # the next day tries again; the actions go on
            logger.error("Retention job failed: %s", type(error).__name__)
        await asyncio.sleep(DAY)


def write_heartbeats() -> None:
    """A real write to the appointment calendar's and the outbox's databases."""
    now = datetime.now(timezone.utc).isoformat()
    stores = {database.location(store, settings.DATA_DIR, settings.DB_URL)
              for store in ("appointments", "outbox")}
    for where in stores:
        if not database.is_postgres(where):
            settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        with database.connect(where, busy_seconds=2) as db:
            db.execute("CREATE TABLE IF NOT EXISTS heartbeat "
                       "(id INTEGER PRIMARY KEY, checked_at TEXT NOT NULL)")
            db.execute("INSERT INTO heartbeat VALUES (1, ?) ON CONFLICT (id) DO UPDATE"
                       " SET checked_at = excluded.checked_at", (now,))


def well_formed(request: Request) -> bool:
    """The shape of an action call (rasa-sdk would fail on anything else with a 500)."""
    try:
        call = json.loads(request.body or b"")
    except (ValueError, RecursionError):
        return False
    if not isinstance(call, dict) or not isinstance(call.get("next_action"), str) \
            or not call["next_action"]:
        return False
    tracker, domain = call.get("tracker"), call.get("domain", {})
    return (isinstance(tracker, dict) and isinstance(domain, dict)
            and all(isinstance(call.get(key, ""), str) for key in ("version", "sender_id"))
            and isinstance(tracker.get("sender_id", ""), str)
            and isinstance(tracker.get("events", []), list)
            and all(isinstance(e, dict) for e in tracker.get("events", []))
            and isinstance(tracker.get("slots", {}), dict)
            and isinstance(tracker.get("latest_message", {}) or {}, dict))


def warm_up() -> None:
    """The word lists, answers and tables every process reads once (lru_cache)."""
    for load in (fees.fee_table, referrals.authorities, labels.labels, dates.date_words,
                 appointment_choice.service_words, permit_recommendation.rules):
        load()
    current_registry()
    for language in languages.supported_languages():
        if language != languages.DEFAULT_LANGUAGE:
            languages.catalog(language)
        choices.words(language)
        nationality.parse_nationality("Türke", language, [])
        # the calendar's names (Babel) and dateparser, which the office's answers read too
        day_wish.parse_day_preference("Dienstag um 10", language, date.today())
        dates.relative_date("vor zwei Wochen", language, date.today())


def build_app(secret: str, max_body_bytes: int) -> Sanic:
    app = create_app("actions", cors_origins=None)  # no browser ever calls it
    app.config.REQUEST_MAX_SIZE = max_body_bytes

    @app.middleware("request")
    async def only_the_rasa_server(request: Request) -> Optional[HTTPResponse]:
        if request.path in OPEN_PATHS:
            return None
        provided = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(provided.encode(), secret.encode()):
            return response.json({"error": "unauthorised"}, status=401)
        if request.headers.get("Content-Encoding", "identity").lower() != "identity":
            return response.json({"error": "compressed bodies are not accepted"}, status=415)
        if int(request.headers.get("Content-Length") or 0) > max_body_bytes:
            return response.json({"error": "the call is too large"}, status=413)
        if request.method == "POST" and not well_formed(request):
            return response.json({"error": "not an action call of the Rasa server"}, status=400)
        return None

    @app.middleware("response")
    async def label_language(request: Request, answer: HTTPResponse) -> Optional[HTTPResponse]:
        # every message the action sends carries the conversation's language after the
        # action (a language change included): the web chat follows it (BotUttered metadata)
        if request.method != "POST" or answer.status != 200 or not answer.body:
            return None
        try:
            result = json.loads(answer.body)
            events = json.loads(request.body)["tracker"].get("events") or []
        except (ValueError, KeyError, TypeError, RecursionError):
            return None
        if not isinstance(result, dict) or not result.get("responses"):
            return None
        language = conversation_language([*events, *(result.get("events") or [])])
        for message in result["responses"]:
            if isinstance(message, dict):
                message.setdefault("language", language)
        return response.json(result, status=answer.status)

    @app.route("/ready", methods=["GET"])
    async def ready(request: Request) -> HTTPResponse:
        """Ready when the calendar and the outbox take a real write."""
        loop = asyncio.get_running_loop()
        try:
            await asyncio.wait_for(loop.run_in_executor(None, write_heartbeats), 3)
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            logger.error("Not ready: the action server's stores failed (%s).",
                         type(error).__name__)
            return response.text("not ready", status=503)
        return response.text("ready")

    @app.listener("before_server_start")
    async def load_the_word_lists(app: Sanic, loop) -> None:
        # read before the first call, not during it: the first answer of a new process took
        # over a second, which a citizen waits for after every restart and which a call
        # after a hang (RECHECK_SECONDS in lotse/action_failures.py) is not given
        await loop.run_in_executor(None, warm_up)

    @app.listener("after_server_start")
    async def send_what_is_pending(app: Sanic, loop) -> None:
        # mails left pending before a restart go out now, not with the next contact request
        deliver_soon()
        app.ctx.retention = loop.create_task(purge_daily())

    @app.exception(Exception)
    async def failed(request: Request, exception: Exception) -> HTTPResponse:
        # rasa-sdk's own handler answers with the exception text and the request body
        # the exception's text may quote the citizen: its type only, details at DEBUG
        logger.error("Action call failed: %s", type(exception).__name__)
        logger.debug("Action call failed", exc_info=exception)
        status = getattr(exception, "status_code", 500)
        return response.json({"error": "the action failed"}, status=status)

    return app


def main() -> int:
    if not settings.SECRET:
        print("LOTSE_ACTION_SECRET is empty: the action server would answer anyone. Set the"
              " same secret for the Rasa server (scripts/env.sh makes one for make run).",
              file=sys.stderr)
        return 1
    logging.basicConfig(level=logging.INFO)
    app = build_app(settings.SECRET, settings.MAX_BODY_BYTES)
    logger.info("Action server on http://%s:%s", settings.HOST, settings.PORT)
    app.run(settings.HOST, settings.PORT, workers=utils.number_of_sanic_workers(),
            access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
