"""What the conversation store keeps of a citizen: messages with personal data masked,
contact details only while the contact form runs, nothing older than the retention period
(apart from daily counts without text)."""

import asyncio
import sqlite3
import time

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


def store(db):
    return PooledSQLTrackerStore(DOMAIN, host=f"sqlite:///{db}")


def everything_stored(db) -> str:
    with sqlite3.connect(db) as connection:
        return "\n".join(row[0] for row in connection.execute("SELECT data FROM events"))


def say(tracker, text, intent="inform", timestamp=None, **slots):
    tracker.update(UserUttered(text, {"name": intent, "confidence": 1.0},
                               input_channel="socketio", timestamp=timestamp))
    for name, value in slots.items():
        tracker.update(SlotSet(name, value, timestamp=timestamp))
    tracker.update(ActionExecuted("action_listen", timestamp=timestamp))


def test_messages_are_stored_without_e_mail_and_phone(db):
    tracker_store = store(db)
    tracker = run(tracker_store.get_or_create_tracker("anna"))
    say(tracker, "Bitte schreiben Sie an anna.k@example.org oder 0171 2345678")
    run(tracker_store.save(tracker))
    stored = everything_stored(db)
    assert "anna.k@example.org" not in stored and "2345678" not in stored
    assert "Bitte schreiben Sie an" in stored


def test_contact_details_survive_a_restart_while_the_form_runs_and_then_are_erased(db):
    tracker_store = store(db)
    tracker = run(tracker_store.get_or_create_tracker("anna"))
    say(tracker, "ich bin anna kowalska und brauche hilfe", intent="request_human")
    say(tracker, "/contact_request", intent="contact_request")
    say(tracker, "Anna Kowalska", contact_name="Anna Kowalska")
    tracker.update(BotUttered("Danke, Anna Kowalska. Wie erreichen wir Sie?"))
    say(tracker, "per Post bitte", contact_address="per Post bitte")
    run(tracker_store.save(tracker))
    restarted = run(store(db).retrieve("anna"))
    assert restarted.get_slot("contact_name") == "Anna Kowalska"

    tracker.update(BotUttered("Ihre Anfrage K-7F3A-9KQ2 ist eingegangen."))
    tracker.update(SlotSet("contact_name", None))
    tracker.update(SlotSet("contact_address", None))
    run(tracker_store.save(tracker))
    stored = everything_stored(db)
    assert "kowalska" not in stored.lower() and "per Post bitte" not in stored
    assert "K-7F3A-9KQ2" in stored  # the reference the citizen may quote stays


def session(tracker, start, texts):
    tracker.update(ActionExecuted("action_session_start", timestamp=start))
    for number, text in enumerate(texts):
        say(tracker, text, timestamp=start + number * 60, language="de")


def purge_at(db, now, days=30):
    return retention.purge(sa.create_engine(f"sqlite:///{db}"), days, now=now)


def texts(db, sender):
    tracker = run(store(db).retrieve(sender))
    return [e.text for e in tracker.events if isinstance(e, UserUttered)] if tracker else []


def test_old_conversations_go_and_a_running_session_stays(db):
    now = time.time()
    tracker_store = store(db)
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

    assert purge_at(db, now) > 0
    assert texts(db, "old") == []
    assert texts(db, "returning") == ["heute"]
    assert texts(db, "ongoing") == ["angefangen", "weiter"]
    with sqlite3.connect(db) as connection:
        counts = {(m, k): c for m, k, c in connection.execute(
            "SELECT metric, key, SUM(count) FROM lotse_daily_counts GROUP BY metric, key")}
    assert counts[("messages", "socketio")] == 3
    assert counts[("conversations", "")] == 2
    assert counts[("languages", "de")] == 3
    assert purge_at(db, now) == 0  # nothing counted twice


def test_the_server_purges_when_it_starts(db, monkeypatch):
    now = time.time()
    tracker_store = store(db)
    tracker = run(tracker_store.get_or_create_tracker("old", append_action_listen=False))
    session(tracker, now - 40 * DAY, ["alt"])
    run(tracker_store.save(tracker))
    monkeypatch.setattr(settings, "RETENTION_DAYS", 30)

    async def server_start():
        store(db)  # as Rasa creates it, inside the running server
        for _ in range(50):
            await asyncio.sleep(0.1)
            if "alt" not in everything_stored(db):
                return

    run(server_start())
    assert texts(db, "old") == []
