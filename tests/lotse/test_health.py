"""GET /ready says "ready" only when the model is loaded, the conversation store takes a real
write and the action server is ready; what failed goes to the log once."""

import asyncio
import logging
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from aiohttp import web

from lotse import health
from tests.support import free_port


class Agent(SimpleNamespace):
    def is_ready(self):
        return self.loaded


def agent(tmp_path, actions_url=None, database=None, loaded=True):
    engine = sa.create_engine(database or f"sqlite:///{tmp_path / 'tracker.db'}")
    endpoint = SimpleNamespace(url=actions_url) if actions_url else None
    return Agent(loaded=loaded, tracker_store=SimpleNamespace(engine=engine),
                 action_endpoint=endpoint)


async def with_action_server(status, check):
    """Runs `check(url)` while a loopback action server answers /ready with `status`."""
    app = web.Application()
    app.router.add_get("/ready", lambda request: web.Response(status=status, text="x"))
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        return await check(f"http://127.0.0.1:{port}/webhook")
    finally:
        await runner.cleanup()


def test_ready_when_everything_works(tmp_path):
    async def check(url):
        return await health.ready(agent(tmp_path, url))

    assert asyncio.run(with_action_server(200, check)) is True


@pytest.mark.faults
def test_not_ready_without_a_model_or_action_server_or_writable_store(tmp_path, caplog):
    async def check(url):
        return [
            await health.ready(agent(tmp_path, url, loaded=False)),
            await health.ready(agent(tmp_path, url)),  # the action server is not ready
            await health.ready(agent(tmp_path, f"http://127.0.0.1:{free_port()}/webhook")),
        ]

    assert asyncio.run(with_action_server(503, check)) == [False, False, False]
    missing = f"sqlite:///{tmp_path / 'no such folder' / 'tracker.db'}"
    with caplog.at_level(logging.ERROR):
        assert asyncio.run(health.ready(agent(tmp_path, database=missing))) is False
    assert "conversation store" in caplog.text


def test_many_asking_at_once_share_one_check(tmp_path, monkeypatch):
    """After a restart every widget asks at once: the stores get one write, not hundreds."""
    writes = []
    original = health.write_heartbeat
    monkeypatch.setattr(health, "write_heartbeat", lambda engine: (writes.append(1),
                                                                   original(engine)))

    async def check(url):
        many = agent(tmp_path, url)
        return await asyncio.gather(*(health.ready(many) for _ in range(50)))

    assert asyncio.run(with_action_server(200, check)) == [True] * 50
    assert len(writes) == 1
