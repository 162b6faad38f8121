"""The messages of one conversation are handled one after the other, also when two Rasa
replicas receive them at the same moment (locks in a real Redis)."""

import asyncio
import threading

import pytest
from rasa.core.lock_store import LockError

from lotse import settings
from lotse.lock_store import LotseLockStore
from lotse_common.shared_state import redis_client


@pytest.fixture
def replicas(redis_server, monkeypatch):
    """Two lock stores on one Redis, as two Rasa replicas have."""
    redis_client(redis_server.url).flushdb()
    monkeypatch.setattr(settings, "REDIS_URL", redis_server.url)
    return LotseLockStore(), LotseLockStore()


def test_tickets_issued_at_once_on_two_replicas_are_all_different(replicas):
    tickets, start = [], threading.Barrier(8)

    def take(store):
        start.wait()
        for _ in range(10):
            tickets.append(store.issue_ticket("conversation-1"))

    threads = [threading.Thread(target=take, args=(replicas[i % 2],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(tickets) == 80
    assert len(set(tickets)) == 80  # no two messages hold the same place in the queue


def test_two_replicas_never_handle_one_conversation_at_the_same_time(replicas):
    handling, overlaps, order = [], [], []

    async def message(store, number):
        async with store.lock("conversation-2", wait_time_in_seconds=0.01):
            if handling:
                overlaps.append(number)
            handling.append(number)
            await asyncio.sleep(0.05)  # reading, predicting, saving
            handling.remove(number)
            order.append(number)

    async def both():
        await asyncio.gather(*(message(replicas[n % 2], n) for n in range(6)))

    asyncio.run(both())
    assert overlaps == []
    assert sorted(order) == list(range(6))


def test_another_conversation_is_not_held_up(replicas):
    async def run():
        async with replicas[0].lock("conversation-3"):
            async with replicas[1].lock("conversation-4"):
                return True

    assert asyncio.run(run())


def test_without_redis_a_message_is_refused_rather_than_handled_unlocked(monkeypatch):
    monkeypatch.setattr(settings, "REDIS_URL", "redis://127.0.0.1:9/0")

    async def run():
        async with LotseLockStore().lock("conversation-5"):
            pass

    with pytest.raises(LockError):
        asyncio.run(run())


def test_without_redis_configured_one_server_locks_in_memory(monkeypatch):
    monkeypatch.setattr(settings, "REDIS_URL", "")
    store = LotseLockStore()
    assert store.issue_ticket("conversation-6") == 0
    assert store.issue_ticket("conversation-6") == 1
