"""What the conversation store keeps of a citizen: messages with personal data masked,
contact details only while the contact form runs, nothing older than the retention period
(apart from daily counts without text) — in SQLite as in PostgreSQL."""

import asyncio
import time

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from lotse import retention, settings
from lotse.tracker_store import PooledSQLTrackerStore
from tests.lotse.test_tracker_store import run

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet, contact_request, inform]
slots:
  language: {type: text, mappings: [{type: custom}]}
  contact_name: {type: text, mappings: [{type: custom}]}
  contact_address: {type: text, mappings: [{type: custom}]}
""")
DAY = 86400


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, db):
    """The conversation store's database: a SQLite file or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{db}"
    return request.getfixturevalue("postgres_url")


def store(url):
    return PooledSQLTrackerStore(DOMAIN, host=url)


def query(url, sql):
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(sql)).all()
    finally:
        engine.dispose()


def everything_stored(url) -> str:
    return "\n".join(row[0] for row in query(url, "SELECT data FROM events"))


def say(tracker, text, intent="inform", timestamp=None, **slots):
    tracker.update(UserUttered(text, {"name": intent, "confidence": 1.0},
                               input_channel="socketio", timestamp=timestamp))
    for name, value in slots.items():
        tracker.update(SlotSet(name, value, timestamp=timestamp))
    tracker.update(ActionExecuted("action_listen", timestamp=timestamp))


def test_messages_are_stored_without_e_mail_and_phone(url):
    tracker_store = store(url)
    tracker = run(tracker_store.get_or_create_tracker("anna"))
    say(tracker, "Bitte schreiben Sie an anna.k@example.org oder 0171 2345678")
    run(tracker_store.save(tracker))
    stored = everything_stored(url)
    assert "anna.k@example.org" not in stored and "2345678" not in stored
    assert "Bitte schreiben Sie an" in stored


def test_contact_details_survive_a_restart_while_the_form_runs_and_then_are_erased(url):
    tracker_store = store(url)
    tracker = run(tracker_store.get_or_create_tracker("anna"))
    say(tracker, "ich bin anna kowalska und brauche hilfe", intent="request_human")
    say(tracker, "/contact_request", intent="contact_request")
    say(tracker, "Anna Kowalska", contact_name="Anna Kowalska")
    tracker.update(BotUttered("Danke, Anna Kowalska. Wie erreichen wir Sie?"))
    say(tracker, "per Post bitte", contact_address="per Post bitte")
    run(tracker_store.save(tracker))
    restarted = run(store(url).retrieve("anna"))
    assert restarted.get_slot("contact_name") == "Anna Kowalska"

    tracker.update(BotUttered("Ihre Anfrage K-7F3A-9KQ2 ist eingegangen."))
    tracker.update(SlotSet("contact_name", None))
    tracker.update(SlotSet("contact_address", None))
    run(tracker_store.save(tracker))
    stored = everything_stored(url)
    assert "kowalska" not in stored.lower() and "per Post bitte" not in stored
    assert "K-7F3A-9KQ2" in stored  # the reference the citizen may quote stays


def session(tracker, start, texts):
    tracker.update(ActionExecuted("action_session_start", timestamp=start))
    for number, text in enumerate(texts):
        say(tracker, text, timestamp=start + number * 60, language="de")


def purge_at(url, now, days=30):
    engine = sa.create_engine(url)
    try:
        return retention.purge(engine, days, now=now)
    finally:
        engine.dispose()


def texts(url, sender):
    tracker = run(store(url).retrieve(sender))
    return [e.text for e in tracker.events if isinstance(e, UserUttered)] if tracker else []


def test_old_conversations_go_and_a_running_session_stays(url):
    now = time.time()
    tracker_store = store(url)
    for sender, sessions in {
        "old": [(now - 40 * DAY, ["alt eins", "alt zwei"])],
        "returning": [(now - 40 * DAY, ["damals"]), (now - 600, ["heute"])],
        # one long session: began before the cutoff, still going
        "ongoing": [(now - 31 * DAY, ["angefangen"]), ],
    }.items():
        tracker = run(tracker_store.get_or_create_tracker(sender, append_action_listen=False))
        for start, messages in sessions:
            session(tracker, start, messages)
        if sender == "ongoing":
            say(tracker, "weiter", timestamp=now - 60)
        run(tracker_store.save(tracker))

    assert purge_at(url, now) > 0
    assert texts(url, "old") == []
    assert texts(url, "returning") == ["heute"]
    assert texts(url, "ongoing") == ["angefangen", "weiter"]
    counts = {(m, k): c for m, k, c in query(
        url, "SELECT metric, key, SUM(count) FROM lotse_daily_counts GROUP BY metric, key")}
    assert counts[("messages", "socketio")] == 3
    assert counts[("conversations", "")] == 2
    assert counts[("languages", "de")] == 3
    assert purge_at(url, now) == 0  # nothing counted twice


def test_the_server_purges_when_it_starts(url, monkeypatch):
    now = time.time()
    tracker_store = store(url)
    tracker = run(tracker_store.get_or_create_tracker("old", append_action_listen=False))
    session(tracker, now - 40 * DAY, ["alt"])
    run(tracker_store.save(tracker))
    monkeypatch.setattr(settings, "RETENTION_DAYS", 30)

    async def server_start():
        store(url)  # as Rasa creates it, inside the running server
        for _ in range(50):
            await asyncio.sleep(0.1)
            if "alt" not in everything_stored(url):
                return

    run(server_start())
    assert texts(url, "old") == []
