"""Limits and messenger ids that several replicas share through a real Redis; and what happens
when Redis is gone."""

import pytest

from lotse_common.limits import Rate
from lotse_common.shared_state import SeenIds, SharedMovingWindow, redis_client


@pytest.fixture
def redis_url(redis_server):
    redis_client(redis_server.url).flushdb()
    return redis_server.url


def test_a_client_limited_on_one_replica_is_limited_on_the_other(redis_url):
    first = SharedMovingWindow(redis_url, "test:rate:")
    second = SharedMovingWindow(redis_url, "test:rate:")
    three = Rate(3, 60)
    # a script alternating between the two replicas behind nginx still gets three, not six
    answers = [replica.hit("client:1.2.3.4", three) for replica in (first, second) * 3]
    assert answers == [True, True, True, False, False, False]
    assert first.hit("client:5.6.7.8", three)  # another client is not affected


def test_a_repeated_messenger_delivery_reaching_the_other_replica_is_dropped(redis_url):
    first, second = SeenIds(redis_url), SeenIds(redis_url)
    assert first.add("wamid.1")
    assert not second.add("wamid.1")
    assert second.add("wamid.2")


def test_without_redis_each_replica_still_counts_and_checks_on_its_own():
    gone = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    window = SharedMovingWindow(gone, "test:rate:")
    one = Rate(1, 60)
    assert window.hit("client:a", one)
    assert not window.hit("client:a", one)
    seen = SeenIds(gone)
    assert seen.add("wamid.3")
    assert not seen.add("wamid.3")
