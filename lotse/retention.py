"""How long the Rasa server keeps conversations, and erasure of one citizen's conversation.

Purge (daily inside the server, `make purge` by hand): events older than the retention period
are deleted, except those of a conversation session still running (a form half filled must
not lose its start). Before deleting, daily counts are kept in `lotse_daily_counts` (day,
metric, key, count: messages per channel, intents, languages, conversations; no text, no
sender) for the usage report. Works on the tracker store's table of Rasa's SQLTrackerStore, on
SQLite and PostgreSQL alike, without loading Rasa: `python -m lotse.retention`.
"""

import json
import logging
import re
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from typing import Dict, Iterable, List, Set, Tuple

import sqlalchemy as sa

from lotse import settings

logger = logging.getLogger(__name__)

METADATA = sa.MetaData()
EVENTS = sa.Table(  # the columns of Rasa's SQLTrackerStore that are read here
    "events", METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)
DAILY_COUNTS = sa.Table(
    "lotse_daily_counts", METADATA,
    sa.Column("day", sa.String(10), primary_key=True),
    sa.Column("metric", sa.String(40), primary_key=True),
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)
# booking (T-…) and contact (K-…) references a conversation hands out
REFERENCE = re.compile(r"\b[TK]-[A-Z0-9]{4}-[A-Z0-9]{4}\b")
# the web chat shows "W-" and the start of its session's random part (widget/src/widget/main.js)
WEB_REFERENCE = re.compile(r"^W-([0-9A-F]{4})-([0-9A-F]{4})$")
SESSION_START = "action_session_start"
CHUNK = 500


def _expired(cutoff: float) -> Tuple[sa.Table, sa.sql.ColumnElement]:
    """Events before the cutoff that no running session needs: the sender's newest event is
    older too, or a later session has started since."""
    e, s = EVENTS.alias("e"), EVENTS.alias("s")
    newest = sa.select(sa.func.max(s.c.timestamp)).where(s.c.sender_id == e.c.sender_id)
    current_session = sa.select(sa.func.max(s.c.id)).where(
        s.c.sender_id == e.c.sender_id, s.c.type_name == "action",
        s.c.action_name == SESSION_START)
    return e, sa.and_(e.c.timestamp < cutoff, sa.or_(
        newest.scalar_subquery() < cutoff, e.c.id < current_session.scalar_subquery()))


def daily_counts(rows: Iterable[Tuple[str, str, float, str]]) -> Counter:
    """(day, metric, key) -> count for events (sender, type, timestamp, data)."""
    counts: Counter = Counter()
    conversations: Set[Tuple[str, str]] = set()
    for sender, kind, timestamp, data in rows:
        day = datetime.fromtimestamp(timestamp or 0, timezone.utc).date().isoformat()
        event = json.loads(data or "{}")
        if kind == "user":
            counts[day, "messages", event.get("input_channel") or "unknown"] += 1
            intent = (event.get("parse_data") or {}).get("intent") or {}
            counts[day, "intents", intent.get("name") or "none"] += 1
            conversations.add((day, sender))
        elif kind == "slot" and event.get("name") == "language" and event.get("value"):
            counts[day, "languages", str(event["value"])[:20]] += 1
    for day, _ in conversations:
        counts[day, "conversations", ""] += 1
    return counts


def _add_counts(connection: sa.engine.Connection, counts: Counter) -> None:
    for (day, metric, key), number in counts.items():
        row = DAILY_COUNTS.c
        updated = connection.execute(
            DAILY_COUNTS.update()
            .where(row.day == day, row.metric == metric, row.key == key)
            .values(count=row.count + number))
        if not updated.rowcount:
            connection.execute(DAILY_COUNTS.insert().values(
                day=day, metric=metric, key=key, count=number))


def purge(engine: sa.engine.Engine, days: int, now: float = None) -> int:
    """Deletes the events past retention, counting them first; returns how many."""
    cutoff = (now or time.time()) - days * 86400
    DAILY_COUNTS.create(engine, checkfirst=True)
    e, expired = _expired(cutoff)
    with engine.begin() as connection:
        rows = connection.execute(
            sa.select(e.c.id, e.c.sender_id, e.c.type_name, e.c.timestamp, e.c.data)
            .where(expired)).all()
        _add_counts(connection, daily_counts(row[1:] for row in rows))
        ids = [row[0] for row in rows]
        for start in range(0, len(ids), CHUNK):
            connection.execute(EVENTS.delete().where(EVENTS.c.id.in_(ids[start:start + CHUNK])))
    return len(ids)


def find_conversations(engine: sa.engine.Engine, needle: str) -> Dict[str, Set[str]]:
    """The conversation `needle` (a sender id or the web chat's W-… number), or those that
    handed out `needle` (a booking or contact reference), each with the references it
    handed out."""
    match = EVENTS.c.sender_id == needle
    web = WEB_REFERENCE.match(needle)
    if web:
        match = EVENTS.c.sender_id.like(f"web:{(web[1] + web[2]).lower()}%")
    elif REFERENCE.fullmatch(needle):
        match = sa.or_(match, EVENTS.c.data.contains(needle))
    with engine.connect() as connection:
        senders = set(connection.execute(
            sa.select(EVENTS.c.sender_id).distinct().where(match)).scalars())
        found: Dict[str, Set[str]] = {}
        for sender in senders:
            texts = connection.execute(
                sa.select(EVENTS.c.data).where(EVENTS.c.sender_id == sender)).scalars()
            found[sender] = {ref for text in texts for ref in REFERENCE.findall(text or "")}
    return found


def forget(engine: sa.engine.Engine, senders: Iterable[str]) -> int:
    """Deletes every event of these conversations; returns how many."""
    with engine.begin() as connection:
        return connection.execute(
            EVENTS.delete().where(EVENTS.c.sender_id.in_(list(senders)))).rowcount


def main(argv: List[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    engine = sa.create_engine(settings.TRACKER_DB_URL)
    if not sa.inspect(engine).has_table("events"):
        logger.info("No conversations stored yet.")
        return 0
    deleted = purge(engine, settings.RETENTION_DAYS)
    logger.info("Conversations: %d events older than %d days deleted.",
                deleted, settings.RETENTION_DAYS)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
