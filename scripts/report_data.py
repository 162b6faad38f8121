"""What `make report` counts, read-only, from the stores the servers write (scripts/report.py
hides small counts and renders the page). Its figures and their definitions:

- a conversation is one session of a conversation id (Rasa starts a new one after 60 minutes
  without a message) with at least one message of the citizen; it belongs to the day, hour
  and office of its first message (the office that answered at its end: `office_id`, else
  the default office). Messages are what citizens sent, typed or by button, on their own day.
- answered directly: Lotse gave a factual answer (a topic answer, which always ends with the
  rating question, or an office fact) or completed a form (a booking, a cancellation), and the
  conversation had no fallback and no handover.
- fallback: a message the NLU did not understand that Lotse answered with its fallback
  ("did you mean …?", `action_two_stage_fallback`), or one after which no next step was known
  (`action_default_fallback`); not an answer to a form's question, which the form takes.
- topics: the recognised intents of messages that ask about a topic, not answers to a form.
- handover: the citizen asked for a person (`request_human`) or opened the contact form.
Days whose events the purge deleted (lotse/retention.py) are counted from `lotse_daily_counts`:
conversations, messages, channels, topics and fallback messages only, and for all offices.
"""

import itertools
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from statistics import median
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from actions.database import Location, connect, is_postgres, location
from lotse.retention import DAILY_COUNTS, EVENTS
from lotse.store_reading import read_only_sqlite
from lotse_common.language import FALLBACK_INTENT, REQUESTED_SLOT, conversation_language

LOCAL = ZoneInfo("Europe/Berlin")  # the offices' time: days and hours as staff read them
PERSON, CONTACT = "request_human", "contact_request"
DEFAULT_FALLBACK = "action_default_fallback"
FALLBACK_ACTIONS = {"action_two_stage_fallback", DEFAULT_FALLBACK}
RATING_QUESTION = "utter_ask_feedback"  # asked after every factual answer (actions/answers.py)
OFFICE_FACT = "utter_office_"
FORM_DONE = {"utter_appointment_booked", "utter_appointment_cancelled"}
# intents that are not a topic a citizen asks about: the conversation itself, answers to
# forms, ratings, handovers (counted on their own)
NOT_TOPICS = {"greet", "goodbye", "thank_you", "affirm", "deny", "bot_challenge",
              "ask_capabilities", "change_language", "stop", "inform", "feedback_positive",
              "feedback_negative", "out_of_scope", FALLBACK_INTENT, PERSON, CONTACT, "none"}


@dataclass
class Conversation:
    start: datetime  # local time of the first message
    office: Optional[str]
    channel: str
    language: str
    messages: List[datetime] = field(default_factory=list)  # local times
    intents: List[str] = field(default_factory=list)
    fallbacks: int = 0  # messages
    person: bool = False
    contact_form: bool = False
    factual: bool = False
    form_done: bool = False

    @property
    def fallback(self) -> bool:
        return bool(self.fallbacks)

    @property
    def handover(self) -> bool:
        return self.person or self.contact_form

    @property
    def answered_directly(self) -> bool:
        return (self.factual or self.form_done) and not self.fallback and not self.handover

    @property
    def minutes(self) -> float:
        return (self.messages[-1] - self.messages[0]).total_seconds() / 60


@dataclass
class Figures:
    """Raw counts of a period; nothing hidden yet."""
    first: date
    last: date
    office: Optional[str]
    conversations: List[Conversation] = field(default_factory=list)
    # from lotse_daily_counts: day -> metric -> key -> count
    aggregated: Dict[str, Dict[str, Counter]] = field(default_factory=dict)
    aggregates_left_out: bool = False  # an office asked for, the aggregates have none
    bookings: int = 0
    cancellations: int = 0
    contacts_sent: int = 0  # contact requests stored for the office's mailbox
    ratings: Dict[str, Counter] = field(default_factory=dict)  # topic -> positive/negative
    comments: Dict[str, List[str]] = field(default_factory=dict)  # topic -> redacted texts

    def days(self) -> List[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def in_period(self, moment: datetime) -> bool:
        return self.first <= moment.date() <= self.last

    def per_day(self) -> Dict[date, Tuple[int, int, bool]]:
        """day -> (conversations, messages, from the daily aggregates too)."""
        found = {day: [0, 0, False] for day in self.days()}
        for conversation in self.conversations:
            found[conversation.start.date()][0] += 1
            for moment in conversation.messages:
                if self.in_period(moment):
                    found[moment.date()][1] += 1
        for day, metrics in self.aggregated.items():
            row = found[date.fromisoformat(day)]
            row[0] += sum(metrics.get("conversations", Counter()).values())
            row[1] += sum(metrics.get("messages", Counter()).values())
            row[2] = True
        return {day: tuple(row) for day, row in found.items()}

    def messages_per_hour(self) -> Counter:
        return Counter(m.hour for c in self.conversations for m in c.messages if self.in_period(m))

    def aggregated_total(self, metric: str, keys: Optional[Iterable[str]] = None) -> Counter:
        total: Counter = Counter()
        for metrics in self.aggregated.values():
            counts = metrics.get(metric, Counter())
            total.update({k: v for k, v in counts.items() if keys is None or k in keys})
        return total

    def channels(self) -> Counter:
        """Messages per channel (the aggregates count messages, not conversations)."""
        found = Counter()
        for conversation in self.conversations:
            found[conversation.channel] += sum(self.in_period(m) for m in conversation.messages)
        return found + self.aggregated_total("messages")

    def topics(self) -> Counter:
        """Messages per topic (recognised intent) that are questions about a topic."""
        found = Counter(i for c in self.conversations for i in c.intents if i not in NOT_TOPICS)
        aggregated = self.aggregated_total("intents")
        return found + Counter({k: v for k, v in aggregated.items() if k not in NOT_TOPICS})

    def fallback_messages(self) -> int:
        return (sum(c.fallbacks for c in self.conversations)
                + self.aggregated_total("intents", {FALLBACK_INTENT})[FALLBACK_INTENT])

    def median_messages(self) -> Optional[float]:
        lengths = [len(c.messages) for c in self.conversations]
        return median(lengths) if lengths else None

    def median_minutes(self) -> Optional[float]:
        lengths = [c.minutes for c in self.conversations]
        return median(lengths) if lengths else None


def _local(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, timezone.utc).astimezone(LOCAL)


def utc_window(first: date, last: date) -> Tuple[datetime, datetime]:
    """The period's local days as UTC instants [start, end)."""
    start = datetime.combine(first, time(), LOCAL)
    end = datetime.combine(last + timedelta(days=1), time(), LOCAL)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def sessions(events: List[Dict[str, Any]], default_office: str) -> Iterator[Conversation]:
    """The conversations of one conversation id, from its events in their order."""
    office, current = default_office, None
    asking = None  # the slot a form asks for: what the citizen writes then is its answer
    understood = True  # the latest message was not nlu_fallback
    for position, event in enumerate(events):
        kind = event.get("event")
        if kind == "session_started" and current is not None:
            current.language = conversation_language(events[:position])
            yield current
            current = None
        elif kind == "slot" and event.get("name") == "office_id" and event.get("value"):
            office = str(event["value"])
        elif kind == "slot" and event.get("name") == REQUESTED_SLOT:
            asking = event.get("value") or None
        elif kind == "user":
            moment = _local(float(event.get("timestamp") or 0))
            if current is None:
                current = Conversation(moment, office, event.get("input_channel") or "unknown",
                                       "")
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or "none"
            current.messages.append(moment)
            current.intents.append("none" if asking else intent)
            understood = intent != FALLBACK_INTENT
            current.person |= intent == PERSON
            current.contact_form |= intent == CONTACT
        elif current is None:
            continue
        elif kind == "active_loop" and event.get("name") == "contact_form":
            current.contact_form = True
        elif kind == "action" and event.get("name") in FALLBACK_ACTIONS and understood is not None:
            # once per message; the two-stage fallback also runs for the rephrased message
            current.fallbacks += event["name"] == DEFAULT_FALLBACK or not understood
            understood = None
        elif kind == "action" and event.get("name") == "action_listen":
            understood = None
        elif kind == "bot":
            name = str((event.get("metadata") or {}).get("utter_action") or "")
            current.factual |= name == RATING_QUESTION or name.startswith(OFFICE_FACT)
            current.form_done |= name in FORM_DONE
        if current is not None:
            current.office = office  # the office that answered at the end
    if current is not None:
        current.language = conversation_language(events)
        yield current


def read_conversations(engine: sa.engine.Engine, figures: Figures,
                       default_office: str) -> None:
    """The conversations that began in the period, of the office asked for (all: None)."""
    if not sa.inspect(engine).has_table("events"):
        return
    start, end = (t.timestamp() for t in utc_window(figures.first, figures.last))
    active = (sa.select(EVENTS.c.sender_id).distinct()
              .where(EVENTS.c.type_name == "user", EVENTS.c.timestamp >= start,
                     EVENTS.c.timestamp < end))
    query = (sa.select(EVENTS.c.sender_id, EVENTS.c.data)
             .where(EVENTS.c.sender_id.in_(active.scalar_subquery()))
             .order_by(EVENTS.c.sender_id, EVENTS.c.timestamp, EVENTS.c.id))
    with engine.connect() as connection:
        rows = connection.execution_options(stream_results=True).execute(query)
        for _, group in itertools.groupby(rows, key=lambda row: row[0]):
            events = [json.loads(data) for _, data in group if data]
            for conversation in sessions(events, default_office):
                if (figures.in_period(conversation.start)
                        and figures.office in (None, conversation.office)):
                    figures.conversations.append(conversation)


def read_daily_counts(engine: sa.engine.Engine, figures: Figures, one_office: bool) -> None:
    """What the purge kept of the period's deleted days; none per office (they have no
    office) unless the deployment has only the one."""
    if not sa.inspect(engine).has_table(DAILY_COUNTS.name):
        return
    table = DAILY_COUNTS.c
    query = (sa.select(table.day, table.metric, table.key, table.count)
             .where(table.day >= figures.first.isoformat(), table.day <= figures.last.isoformat()))
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    if rows and figures.office and not one_office:
        figures.aggregates_left_out = True
        return
    for day, metric, key, count in rows:
        figures.aggregated.setdefault(day, {}).setdefault(metric, Counter())[key] += count


def _rows(where: Location, query: str, table: str) -> List[Tuple]:
    """All rows of a query on an action server store; [] without the store or table."""
    if is_postgres(where):
        with connect(where) as db:
            return db.execute(query).fetchall() if db.has_table(table) else []
    db = read_only_sqlite(where)
    if db is None:
        return []
    try:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
            return []
        return db.execute(query).fetchall()
    finally:
        db.close()


def _columns(where: Location, table: str) -> set:
    if is_postgres(where):
        with connect(where) as db:
            return db.columns(table)
    return {row[1] for row in _rows(where, f"PRAGMA table_info({table})", table)}


def _utc_day(text: Optional[str]) -> Optional[date]:
    """The local day of a UTC time as the action server's stores write them."""
    return datetime.fromisoformat(text).astimezone(LOCAL).date() if text else None


def _day(text: Optional[str]) -> Optional[date]:
    return date.fromisoformat(text[:10]) if text else None


def read_action_stores(data_dir: Path, figures: Figures, redact, url: str = "") -> None:
    """Bookings, cancellations, contact requests and ratings of the period and office, from
    the action server's files in data_dir or its PostgreSQL database at url."""
    mine = (lambda office: figures.office in (None, office))  # noqa: E731
    inside = (lambda day: day is not None and figures.first <= day <= figures.last)  # noqa: E731
    appointments = location("appointments", data_dir, url)
    # bookings keep the office's local time; past ones the purge deleted are counted by the
    # day of the appointment, the only day it keeps
    for office, created, cancelled in _rows(
            appointments, "SELECT office_id, created_at, cancelled_at FROM bookings", "bookings"):
        if mine(office):
            figures.bookings += inside(_day(created))
            figures.cancellations += inside(_day(cancelled))
    for office, day, booked, cancelled in _rows(
            appointments, "SELECT office_id, day, booked, cancelled FROM booking_counts",
            "booking_counts"):
        if mine(office) and inside(_day(day)):
            figures.bookings += booked
            figures.cancellations += cancelled
    outbox = location("outbox", data_dir, url)
    for office, created in _rows(outbox, "SELECT office_id, created_at FROM outbox", "outbox"):
        figures.contacts_sent += mine(office) and inside(_utc_day(created))
    for office, day, sent, failed in _rows(
            outbox, "SELECT office_id, day, sent, failed FROM mail_counts", "mail_counts"):
        if mine(office) and inside(_day(day)):
            figures.contacts_sent += sent + failed
    feedback = location("feedback", data_dir, url)
    columns = _columns(feedback, "feedback")
    office_column = "office_id" if "office_id" in columns else "NULL"
    for created, topic, rating, comment, office in _rows(
            feedback, f"SELECT created_at, topic, rating, comment, {office_column} "  # noqa: S608
                      "FROM feedback ORDER BY created_at", "feedback"):
        # ratings stored before they had an office count only for the report of all offices
        if not (mine(office) and inside(_utc_day(created))):
            continue
        topic = topic or "(no topic)"
        figures.ratings.setdefault(topic, Counter())[rating] += 1
        text = " ".join(redact(comment or "").split())
        if text and rating == "negative":
            figures.comments.setdefault(topic, []).append(text)
