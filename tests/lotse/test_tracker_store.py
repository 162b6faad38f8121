"""Conversations in the SQLite tracker store: kept across restarts, each event stored once,
nothing unsaved served, and readers of the database never block the chat."""

import asyncio
import sqlite3

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

from lotse.tracker_store import PooledSQLTrackerStore

DOMAIN = Domain.from_yaml("""
version: "3.1"
intents: [greet]
slots:
  language: {type: text, mappings: [{type: custom}]}
""")


def run(coroutine):
    return asyncio.run(coroutine)


def store(db):
    return PooledSQLTrackerStore(DOMAIN, host=f"sqlite:///{db}")


def turn(tracker, text):
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
    tracker.update(SlotSet("language", "de"))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(BotUttered(f"Antwort auf {text}"))
    tracker.update(ActionExecuted("action_listen"))


def converse(tracker_store, sender, texts):
    """As the Rasa server does per message: read the tracker, add the turn, save it."""
    for text in texts:
        tracker = run(tracker_store.get_or_create_tracker(sender))
        turn(tracker, text)
        run(tracker_store.save(tracker))
    return tracker


def stored_rows(db, sender):
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT count(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def dicts(tracker):
    return [event.as_dict() for event in tracker.events]


def test_a_conversation_continues_after_a_restart_with_every_event_stored_once(db):
    tracker = converse(store(db), "anna", ["Hallo", "Termin", "Danke"])
    assert stored_rows(db, "anna") == len(tracker.events)
    restarted = run(store(db).retrieve("anna"))
    assert dicts(restarted) == dicts(tracker)
    assert [e.text for e in restarted.events if isinstance(e, UserUttered)] == [
        "Hallo", "Termin", "Danke"]


def test_conversations_do_not_mix(db):
    tracker_store = store(db)
    converse(tracker_store, "anna", ["Hallo"])
    converse(tracker_store, "omar", ["Merhaba", "Termin"])
    anna = run(tracker_store.retrieve("anna"))
    assert [e.text for e in anna.events if isinstance(e, UserUttered)] == ["Hallo"]
    assert stored_rows(db, "omar") == len(run(tracker_store.retrieve("omar")).events)


def test_changes_that_were_not_saved_are_not_served(db):
    tracker_store = store(db)
    saved = dicts(converse(tracker_store, "anna", ["Hallo"]))
    tracker = run(tracker_store.retrieve("anna"))
    turn(tracker, "kaputt")  # e.g. processing failed before the save
    assert dicts(run(tracker_store.retrieve("anna"))) == saved


def test_a_report_reading_the_database_does_not_block_the_chat(db):
    tracker_store = store(db)
    converse(tracker_store, "anna", ["Hallo"])
    reader = sqlite3.connect(db, timeout=0)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM events").fetchone()  # holds a read lock
    try:
        tracker = converse(tracker_store, "anna", ["Noch eine Frage"])
    finally:
        reader.close()
    assert stored_rows(db, "anna") == len(tracker.events)


def test_a_turn_does_not_read_the_conversation_from_the_database_again(db):
    """Rasa's anonymisation step reads the whole conversation once more after every message,
    only to hand new events to a pipeline; Lotse's publishes nothing (lotse/log_privacy.py)."""
    import sqlalchemy as sa
    from rasa.core.processor import MessageProcessor

    from lotse import log_privacy

    log_privacy.install()
    tracker_store = store(db)
    converse(tracker_store, "anna", ["Hallo"])
    statements = []
    sa.event.listen(tracker_store.engine, "before_cursor_execute",
                    lambda *args: statements.append(args[2]))
    tracker = run(tracker_store.get_or_create_tracker("anna"))
    turn(tracker, "Termin")
    # what Rasa's MessageProcessor.handle_message does after the prediction loop
    processor = MessageProcessor.__new__(MessageProcessor)
    processor.tracker_store = tracker_store
    run(processor.run_anonymization_pipeline(tracker))
    run(tracker_store.save(tracker))
    assert not [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert stored_rows(db, "anna") == len(tracker.events)
