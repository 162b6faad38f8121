"""Readiness of the Rasa server (GET /ready): the model is loaded, the conversation store
takes a real write, and the action server is ready (its own /ready writes to the calendar
and the outbox). The answer is "ready" or "not ready" and nothing else; what failed goes to
the log, once when it starts failing and once when it is back.

A load balancer sends citizens only to a ready server; an operator sees a dead disk or a
stopped action server at once, not after citizens' conversations were lost.
"""

import asyncio
import logging
import time
from typing import Any, Dict, Optional, Tuple

import aiohttp
import sqlalchemy as sa

logger = logging.getLogger(__name__)

CHECK_SECONDS = 3.0  # each check; a slower part counts as not ready
METADATA = sa.MetaData()
HEARTBEAT = sa.Table(
    "lotse_heartbeat", METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("checked_at", sa.Float, nullable=False),
)
_failing: Dict[str, bool] = {}
CACHE_SECONDS = 2.0
_last: Tuple[Any, float, bool] = (None, 0.0, False)  # agent, when checked, ready
_running: Optional[Tuple[Any, "asyncio.Future[bool]"]] = None  # the check under way


def write_heartbeat(engine: sa.engine.Engine) -> None:
    """A real write to the conversation store (a full disk or a read-only file fails)."""
    HEARTBEAT.create(engine, checkfirst=True)
    with engine.begin() as connection:
        now = time.time()
        if not connection.execute(HEARTBEAT.update().where(HEARTBEAT.c.id == 1)
                                  .values(checked_at=now)).rowcount:
            connection.execute(HEARTBEAT.insert().values(id=1, checked_at=now))
    if engine.dialect.name == "sqlite":
        # in WAL mode commits go to the -wal file even when the database file itself cannot
        # be written (chattr +i, a read-only remount): nothing is lost, but the log grows
        # for ever; only moving it into the database file shows it ("disk I/O error")
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")


async def _tracker_store_writable(agent: Any) -> bool:
    check_file = getattr(agent.tracker_store, "check_database_file", None)
    if check_file is not None:
        check_file()  # a deleted or replaced SQLite file
    engine = getattr(agent.tracker_store, "engine", None)
    if engine is None:  # not an SQL store (in memory: nothing to write)
        return True
    loop = asyncio.get_running_loop()
    await asyncio.wait_for(loop.run_in_executor(None, write_heartbeat, engine), CHECK_SECONDS)
    return True


def action_server_ready_url(agent: Any) -> Optional[str]:
    endpoint = getattr(agent, "action_endpoint", None)
    url = getattr(endpoint, "url", None)
    if not url:
        return None
    return url.rsplit("/webhook", 1)[0] + "/ready"


async def _action_server_ready(agent: Any) -> bool:
    url = action_server_ready_url(agent)
    if url is None:
        return True
    timeout = aiohttp.ClientTimeout(total=CHECK_SECONDS)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.get(url) as answer:
            return answer.status == 200


async def _check(name: str, check: Any, agent: Any) -> bool:
    try:
        ok = await check(agent)
    except Exception as error:  # noqa: BLE001 - any failure means not ready
        ok, reason = False, type(error).__name__
    else:
        reason = "answered not ready"
    if not ok and not _failing.get(name):
        logger.error("Not ready: %s failed (%s).", name, reason)
    elif ok and _failing.get(name):
        logger.warning("Ready again: %s.", name)
    _failing[name] = not ok
    return ok


async def ready(agent: Optional[Any]) -> bool:
    global _last, _running
    if agent is None or not agent.is_ready():
        return False
    # every widget that opens asks too: the checks (real writes) run once at a time and at
    # most every CACHE_SECONDS, however many ask; who asks meanwhile shares the answer
    checked, checked_at, result = _last
    if checked is agent and time.monotonic() - checked_at < CACHE_SECONDS:
        return result
    if _running is None or _running[0] is not agent or _running[1].done():
        _running = (agent, asyncio.ensure_future(_check_all(agent)))
    return await asyncio.shield(_running[1])


async def _check_all(agent: Any) -> bool:
    global _last
    results = await asyncio.gather(
        _check("conversation store", _tracker_store_writable, agent),
        _check("action server", _action_server_ready, agent),
    )
    _last = (agent, time.monotonic(), all(results))
    return all(results)
