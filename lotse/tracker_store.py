"""Rasa's SQL tracker store, with SQLite set up for a chat server.

With a SQLite file, Rasa 3.6 (SQLAlchemy 1.4) opens a new connection for every read and every
write, and each commit waits for the disk in SQLite's default journal mode: together about a
quarter of a message's time (docs/benchmarks.md). Here SQLite connections are pooled and the
database runs in WAL mode with synchronous=NORMAL: readers (reports, backups) never block the
server, and a commit does not wait for the disk. After a power cut the last few messages may
be missing; the database stays consistent. New events are written with one INSERT, not one
ORM object each.

With SQLite this server is the only writer of its conversations, so it also keeps the trackers
it saved last in memory: the next message of a conversation starts from that object instead of
reading and replaying every event, and saving appends without counting the stored events
first. A cached tracker is used only while it holds exactly the events saved (anything added
and not saved sends the next read to the database). Like Rasa's in-memory tracker store, it
keeps earlier conversation sessions too. Other databases (PostgreSQL, shared by several
replicas) get no cache: another replica may have added events since; their pooled connections
are checked before use.

Privacy (README, "Security and privacy"): messages are stored with personal data masked
(lotse_common/redaction.py) once processed; the contact details of a contact request are kept
while its form runs and erased from the stored conversation when the form clears them; a daily
job deletes what is older than the retention period (lotse/retention.py).

endpoints.yml: `tracker_store: {type: lotse.tracker_store.PooledSQLTrackerStore, url: ...}`
"""

import asyncio
import itertools
import json
import logging
import re
from collections import OrderedDict
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List, Optional, Set, Tuple

import sqlalchemy as sa
from rasa.core.agent import Agent
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool

from lotse import retention, settings
from lotse_common.redaction import redact

logger = logging.getLogger(__name__)
# what a citizen tells for one contact request: kept only while its form runs
PERSONAL_SLOTS = {"contact_name", "contact_address", "contact_topic", "contact_message"}
REMOVED = "[removed]"
# events whose texts are the citizen's or may quote them
TEXT_EVENTS = {"user", "bot"}
DAY = 86400


def _tune_sqlite(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # a concurrent writer (another process on the same file) is waited for, not an error
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class PooledSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[str] = None,
        event_broker: Optional[EventBroker] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(domain=domain, host=host, event_broker=event_broker, **kwargs)
        self.database_file: Optional[Path] = None
        # sender id -> (tracker, number of its events stored); empty: no cache
        self._cache: OrderedDict[str, Tuple[DialogueStateTracker, int]] = OrderedDict()
        self._cache_size = 0
        url = self.engine.url
        engine = None
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            self._cache_size = settings.TRACKER_CACHE_SIZE
            engine = sa.create_engine(
                url,
                poolclass=QueuePool,
                hide_parameters=True,  # error messages would quote the citizen's messages
                # a pooled connection serves one request at a time, whichever thread runs it
                connect_args={"check_same_thread": False},
            )
            sa.event.listen(engine, "connect", _tune_sqlite)
            # pooled connections keep writing to a deleted or replaced file: noticed by inode
            self.database_file = Path(url.database).resolve()
            self._inode = self.database_file.stat().st_ino
        elif url.get_backend_name() != "sqlite":
            # PostgreSQL: a pooled connection that died with a database restart is noticed
            # and replaced before use, so only the message in flight gets the failure reply
            engine = sa.create_engine(url, pool_pre_ping=True, hide_parameters=True)
        if engine is not None:
            self.engine.dispose()
            self.engine = engine
            self.sessionmaker = sessionmaker(bind=engine)
        self._purging = _start_daily(self._purge)

    def check_database_file(self) -> None:
        """Raises StorageFault when the SQLite file was deleted or replaced since the start:
        what is written would be lost at the next restart."""
        if self.database_file is None:
            return
        try:
            inode = self.database_file.stat().st_ino
        except FileNotFoundError:
            inode = None
        if inode != self._inode:
            raise StorageFault(f"{self.database_file} was deleted or replaced")

    async def _purge(self) -> None:
        loop = asyncio.get_running_loop()
        deleted = await loop.run_in_executor(
            None, retention.purge, self.engine, settings.RETENTION_DAYS)
        if deleted:
            self._cache.clear()  # cached trackers may hold what was deleted
        logger.info("Retention: %d conversation events older than %d days deleted.",
                    deleted, settings.RETENTION_DAYS)

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        cached = self._cache.get(sender_id)
        if cached and len(cached[0].events) == cached[1]:
            self._cache.move_to_end(sender_id)
            return cached[0]
        self._cache.pop(sender_id, None)
        return await super().retrieve(sender_id)

    async def create_tracker(
        self, sender_id: str, append_action_listen: bool = True
    ) -> DialogueStateTracker:
        """Rasa's, for a conversation without stored events: nothing to count on save."""
        tracker = self.init_tracker(sender_id)
        if self._cache_size:
            self._cache[sender_id] = (tracker, 0)
        if append_action_listen:
            tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
        await self.save(tracker)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save, with one INSERT for the new events instead of the ORM's one per event."""
        self.check_database_file()  # the turn fails visibly rather than not being kept
        await self.stream_events(tracker)
        with self.session_scope() as session:
            events = list(self._additional_events(session, tracker))
            rows = [_row(tracker.sender_id, event) for event in events]
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            erased = _personal_values(tracker, events)
            if erased:
                self._erase(session, tracker.sender_id, erased)
            session.commit()
        # a bounded event history (max_event_history) would hide added events from the check
        if self._cache_size and tracker.events.maxlen is None:
            self._cache[tracker.sender_id] = (tracker, len(tracker.events))
            self._cache.move_to_end(tracker.sender_id)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        cached = self._cache.get(tracker.sender_id)
        if cached and cached[0] is tracker:
            return itertools.islice(tracker.events, cached[1], len(tracker.events))
        return super()._additional_events(session, tracker)


    def _erase(self, session: Any, sender_id: str, values: Set[str]) -> None:
        """Removes the contact details from this conversation's stored events."""
        table = self.SQLEvent.__table__
        stored = session.execute(
            sa.select(table.c.id, table.c.data).where(table.c.sender_id == sender_id))
        for row_id, data in stored.all():
            cleaned = json.dumps(_without(json.loads(data), values))
            if cleaned != data:
                session.execute(table.update().where(table.c.id == row_id).values(data=cleaned))


class StorageFault(RuntimeError):
    """The conversation store cannot keep what is written."""


def install() -> None:
    """Rasa wraps every tracker store in a FailSafeTrackerStore that swallows errors: a failed
    save falls back to memory (citizens get normal answers, nothing is kept), a failed read
    starts an empty conversation (a form goes backwards), and the logged error quotes the
    SQL with the citizen's text. Lotse's store is used unwrapped: a storage fault fails the
    turn visibly (the channel answers "technical error, please try again")."""
    original = Agent._create_tracker_store

    def create(store: Any, domain: Domain) -> Any:
        if isinstance(store, PooledSQLTrackerStore):
            store.domain = domain
            return store
        return original(store, domain)

    Agent._create_tracker_store = staticmethod(create)


def _start_daily(job) -> Optional["asyncio.Task"]:
    """Runs the job now and then once a day, inside the running server; nothing outside one
    (rasa train, tests building a store)."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None

    async def daily() -> None:
        while True:
            try:
                await job()
            except Exception as error:  # the next day tries again; the chat goes on
                logger.error("Retention job failed: %s", type(error).__name__)
            await asyncio.sleep(DAY)

    return loop.create_task(daily())


def _personal_values(tracker: DialogueStateTracker, new_events: List[Event]) -> Set[str]:
    """The contact details to erase when these events clear their slots."""
    cleared = {e.key for e in new_events
               if isinstance(e, SlotSet) and e.key in PERSONAL_SLOTS and e.value is None}
    if not cleared:
        return set()
    return {str(e.value) for e in tracker.events
            if isinstance(e, SlotSet) and e.key in cleared and e.value not in (None, "")}


def _without(value: Any, secrets: Iterable[str]) -> Any:
    """The stored event with the given values removed from every string in it."""
    if isinstance(value, dict):
        if value.get("event") == "slot" and value.get("name") in PERSONAL_SLOTS:
            return {**value, "value": None}
        return {key: _without(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [_without(item, secrets) for item in value]
    if isinstance(value, str):
        for secret in secrets:  # whole words only: a short name must not cut other words
            value = re.sub(rf"(?<!\w){re.escape(secret)}(?!\w)", REMOVED, value,
                           flags=re.IGNORECASE)  # "anna kowalska" written earlier too
    return value


def _redacted(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    return redact(value) if isinstance(value, str) else value


def _redacted_event(data: Dict[str, Any]) -> Dict[str, Any]:
    """A user or bot event with its texts, entity values and metadata redacted; intents,
    ids and timestamps as they are."""
    data = dict(data)
    if isinstance(data.get("text"), str):
        data["text"] = redact(data["text"])
    if isinstance(data.get("metadata"), dict):  # "client": the server's pseudonym, kept
        data["metadata"] = {key: value if key == "client" else _redacted(value)
                            for key, value in data["metadata"].items()}
    parse = data.get("parse_data")
    if isinstance(parse, dict):
        parse = data["parse_data"] = dict(parse)
        if isinstance(parse.get("text"), str):
            parse["text"] = redact(parse["text"])
        parse["entities"] = [
            {**e, "value": _redacted(e.get("value"))} if isinstance(e, dict) else e
            for e in parse.get("entities") or []
        ]
    return data


def _row(sender_id: str, event: Event) -> Dict[str, Any]:
    """The columns Rasa's SQLTrackerStore writes for an event; texts redacted."""
    data = event.as_dict()
    if event.type_name in TEXT_EVENTS:
        data = _redacted_event(data)
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }
