"""`make forget REF=…` erases one citizen everywhere: the conversation that handed out the
reference, and every booking and contact mail it created; other citizens keep theirs."""

import asyncio
import os
import sqlite3
import subprocess
import sys

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered

from actions.appointments.embedded import EmbeddedCalendar
from actions.contact.outbox import Outbox
from actions.office import load_registry
from lotse import identities, settings
from lotse.tracker_store import PooledSQLTrackerStore
from tests.actions.appointments.conftest import NOW, office_dir
from tests.conftest import PROJECT_DIR

OFFICE = "musterhausen"


def converse(db, sender, lines):
    store = PooledSQLTrackerStore(Domain.empty(), host=f"sqlite:///{db}")

    async def talk():
        tracker = await store.get_or_create_tracker(sender)
        for user, bot in lines:
            tracker.update(UserUttered(user, {"name": "inform", "confidence": 1.0}))
            tracker.update(BotUttered(bot))
        await store.save(tracker)

    asyncio.run(talk())


def forget(tmp_path, reference):
    env = {**os.environ, "LOTSE_TRACKER_DB_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
           "LOTSE_DATA_DIR": str(tmp_path)}
    return subprocess.run([sys.executable, "scripts/forget.py", reference], cwd=PROJECT_DIR,
                          env=env, capture_output=True, text=True, timeout=60)


def senders(db):
    with sqlite3.connect(db) as connection:
        return {row[0] for row in connection.execute("SELECT DISTINCT sender_id FROM events")}


def test_a_booking_reference_erases_her_conversation_booking_and_contact_mail(tmp_path):
    calendar = EmbeddedCalendar(tmp_path / "appointments.db",
                                load_registry(office_dir(tmp_path, counters=2)),
                                clock=lambda: NOW)
    start = NOW.replace(day=8, hour=9)
    hers, others = (calendar.book(OFFICE, "extension", start) for _ in range(2))
    mail = Outbox(tmp_path / "outbox.db").add(OFFICE, "team@example.org", "Termin",
                                              "Name: Anna", None)
    db = tmp_path / "tracker.db"
    converse(db, "anna", [("Termin bitte", f"Ihr Termin: {hers.reference}"),
                          ("Frage an Mitarbeiter", f"Ihre Anfrage {mail} ist eingegangen.")])
    converse(db, "ben", [("Termin bitte", f"Ihr Termin: {others.reference}")])

    result = forget(tmp_path, hers.reference.lower())

    assert result.returncode == 0, result.stderr
    assert senders(db) == {"ben"}
    assert calendar.find(hers.reference) is None and calendar.find(others.reference)
    assert Outbox(tmp_path / "outbox.db").pending() == []


def test_an_unknown_reference_says_so_and_deletes_nothing(tmp_path):
    db = tmp_path / "tracker.db"
    converse(db, "ben", [("Hallo", "Guten Tag")])
    result = forget(tmp_path, "T-ZZZZ-ZZZZ")
    assert result.returncode == 1 and "Nothing stored" in result.stdout
    assert senders(db) == {"ben"}


def test_a_whatsapp_number_finds_her_pseudonymous_conversation(tmp_path, monkeypatch):
    monkeypatch.setenv("LOTSE_IDENTITY_SECRET", "forget-test")  # for the script
    monkeypatch.setattr(settings, "IDENTITY_SECRET", "forget-test")  # for this process
    identities._key.cache_clear()
    db = tmp_path / "tracker.db"
    converse(db, identities.whatsapp("4915112345678"), [("Hallo", "Guten Tag")])
    converse(db, "ben", [("Hallo", "Guten Tag")])
    identities._key.cache_clear()
    result = forget(tmp_path, "+49 151 12345678")
    assert result.returncode == 0, result.stdout
    assert senders(db) == {"ben"}


def test_the_web_chats_conversation_number_finds_its_conversation(tmp_path):
    db = tmp_path / "tracker.db"
    converse(db, "web:3f9ac21b00112233445566778899aabb", [("Hallo", "Guten Tag")])
    converse(db, "web:3f9ac21c00112233445566778899aabb", [("Hallo", "Guten Tag")])
    result = forget(tmp_path, "w-3f9a-c21b")
    assert result.returncode == 0, result.stdout
    assert senders(db) == {"web:3f9ac21c00112233445566778899aabb"}
