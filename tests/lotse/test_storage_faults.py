"""A conversation store that cannot keep what is written fails the turn visibly (the channel
then answers "technical error") and makes the server not ready — never a normal answer
that is silently not kept (Rasa's FailSafeTrackerStore would fall back to memory)."""

import asyncio
import subprocess

import pytest
from rasa.core.agent import Agent
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered

from lotse import health, tracker_store
from lotse.tracker_store import PooledSQLTrackerStore, StorageFault
from tests.lotse.test_tracker_store import DOMAIN, run

pytestmark = pytest.mark.faults


def test_rasa_uses_the_store_itself_not_a_fallback_to_memory(db):
    tracker_store.install()
    store = PooledSQLTrackerStore(DOMAIN, host=f"sqlite:///{db}")
    assert Agent(Domain.empty(), tracker_store=store).tracker_store is store


@pytest.mark.parametrize("fault", ["deleted", "replaced"])
def test_a_deleted_or_replaced_database_file_fails_the_turn_and_readiness(db, fault):
    tracker_store.install()
    store = PooledSQLTrackerStore(DOMAIN, host=f"sqlite:///{db}")
    tracker = run(store.get_or_create_tracker("anna"))
    for suffix in ("", "-wal", "-shm"):
        db.with_name(db.name + suffix).unlink(missing_ok=True)
    if fault == "replaced":
        db.write_bytes(b"")
    tracker.update(UserUttered("Hallo", {"name": "greet", "confidence": 1.0}))
    with pytest.raises(StorageFault):
        run(store.save(tracker))
    agent = Agent(Domain.empty(), tracker_store=store)
    agent.is_ready = lambda: True
    assert asyncio.run(health.ready(agent)) is False


@pytest.fixture
def immutable(db):
    """Makes the database files immutable (`chattr +i`, as an operator's mistake or a
    read-only remount would); undone afterwards so that pytest can delete them."""
    files = []

    def make(*paths):
        for path in paths:
            if path.exists():
                found = subprocess.run(["chattr", "+i", str(path)], capture_output=True)
                if found.returncode:
                    pytest.skip(f"chattr +i not permitted here: {found.stderr.decode()}")
                files.append(path)

    yield make
    for path in files:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_a_database_file_that_cannot_be_written_loses_nothing_and_fails_readiness(db, immutable):
    tracker_store.install()
    store = PooledSQLTrackerStore(DOMAIN, host=f"sqlite:///{db}")
    tracker = run(store.get_or_create_tracker("anna"))
    immutable(db)
    tracker.update(UserUttered("Hallo", {"name": "greet", "confidence": 1.0}))
    run(store.save(tracker))  # kept in the write-ahead log
    agent = Agent(Domain.empty(), tracker_store=store)
    agent.is_ready = lambda: True
    # the operator learns at once that the file cannot take what the log holds
    assert asyncio.run(health.ready(agent)) is False
    store.engine.dispose()
    # a restart finds the conversation
    again = PooledSQLTrackerStore(DOMAIN, host=f"sqlite:///{db}")
    texts = [e.text for e in run(again.retrieve("anna")).events if isinstance(e, UserUttered)]
    assert texts == ["Hallo"]
