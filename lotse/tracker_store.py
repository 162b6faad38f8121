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
keeps earlier conversation sessions too. Other databases (PostgreSQL, possibly
shared by several servers) are left as Rasa sets them up.

endpoints.yml: `tracker_store: {type: lotse.tracker_store.PooledSQLTrackerStore, url: ...}`
"""

import itertools
import json
import os
from collections import OrderedDict
from typing import Any, Dict, Iterator, Optional, Tuple

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import QueuePool


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
        # sender id -> (tracker, number of its events stored); empty: no cache
        self._cache: OrderedDict[str, Tuple[DialogueStateTracker, int]] = OrderedDict()
        self._cache_size = 0
        url = self.engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            self._cache_size = int(os.environ.get("LOTSE_TRACKER_CACHE_SIZE", "500"))
            engine = sa.create_engine(
                url,
                poolclass=QueuePool,
                # a pooled connection serves one request at a time, whichever thread runs it
                connect_args={"check_same_thread": False},
            )
            sa.event.listen(engine, "connect", _tune_sqlite)
            self.engine.dispose()
            self.engine = engine
            self.sessionmaker = sessionmaker(bind=engine)

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
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = [_row(tracker.sender_id, event)
                    for event in self._additional_events(session, tracker)]
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
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


def _row(sender_id: str, event: Event) -> Dict[str, Any]:
    """The columns Rasa's SQLTrackerStore writes for an event."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }
