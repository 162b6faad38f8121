"""Shared test helpers."""

import os
from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker

PROJECT_DIR = Path(__file__).resolve().parent.parent
# the law texts (never copied into the repository): the staff search's tests build one index
# of them per session, for the search, its API and the staff page in the browser
LEGAL_DIR = PROJECT_DIR.parent / "shared" / "legal"
# every language Lotse answers in: German and each response catalog in locales/
LANGUAGES = sorted({"de", *(p.stem for p in (PROJECT_DIR / "locales").glob("??.yml"))})
# before any test imports lotse.settings: the test process and the stacks it starts (which
# inherit the environment) then give conversations the same ids (lotse/identities.py)
os.environ.setdefault("LOTSE_IDENTITY_SECRET", "tests-identities")


def user_event(
    text: str,
    language: str | None = None,
    intent: str = "greet",
    entities: Dict[str, Any] | None = None,
    confidence: float = 1.0,
) -> Dict:
    """A user event as the Rasa server sends it, with the NLU's language detection."""
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "entities": [{"entity": k, "value": v} for k, v in (entities or {}).items()],
            "language": {"code": language, "confidence": 1.0 if language else 0.0},
        },
    }


def make_tracker(
    events: List[Dict[str, Any]], slots: Dict[str, Any] | None = None
) -> Tracker:
    """A real rasa-sdk Tracker as the action server builds it from a request."""
    latest = next((e["parse_data"] for e in reversed(events) if e["event"] == "user"), {})
    return Tracker(
        sender_id="test-conversation",
        slots=slots or {},
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name=None,
    )


@pytest.fixture
def domain_dict() -> Dict[str, Any]:
    import yaml

    return yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The whole stack (action server + Rasa server) on free ports, started once per test run
    for tests/integration and tests/browser (tests/integration/conftest.py)."""
    from tests.integration.conftest import run_stack

    yield from run_stack(tmp_path_factory)


@pytest.fixture
def smtp_server():
    """A real SMTP server on loopback: (its inbox, settings to reach it)."""
    from aiosmtpd.controller import Controller

    from actions.contact.mailer import SmtpSettings
    from tests.support import Inbox, free_port

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, SmtpSettings(host="127.0.0.1", port=controller.port, sender="lotse@test.example")
    controller.stop()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A real Redis on loopback (Debian's redis-server), as several replicas share it."""
    from deploy.local_cluster import Redis

    root = tmp_path_factory.mktemp("redis")
    server = Redis(root, root / "redis.log").start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL on loopback (Debian's postgresql), started once per test run."""
    import shutil
    import tempfile

    from deploy.local_cluster import Postgres

    root = Path(tempfile.mkdtemp(prefix="lotse-pg-"))  # not under root's 0700 pytest folder
    root.chmod(0o755)
    server = Postgres(root).start()
    yield server
    server.stop("immediate")
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty PostgreSQL database for one test."""
    import uuid

    import sqlalchemy as sa

    name = f"test_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(postgres_server.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return postgres_server.url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def legal_dir() -> Path:
    if not (LEGAL_DIR / "aufenthg" / "paragraphs").is_dir():
        pytest.skip(f"the law texts are not here ({LEGAL_DIR}): they come with ../shared")
    return LEGAL_DIR


@pytest.fixture(scope="session")
def law_index_dir(legal_dir, tmp_path_factory) -> Path:
    from lotse.law.index import update

    out = tmp_path_factory.mktemp("law") / "law-index"
    update(legal_dir, None, out)
    return out
