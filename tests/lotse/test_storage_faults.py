"""A conversation store that cannot keep what is written fails the turn visibly (the channel
then answers "technical error") and makes the server not ready — never a normal answer
that is silently not kept (Rasa's FailSafeTrackerStore would fall back to memory)."""

import asyncio

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
