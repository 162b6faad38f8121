"""Store of answer ratings. No personal data: no sender id, no user text except the
comment the citizen writes on request, and that comment is redacted before it is stored."""

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import List, Literal, Optional

from actions.database import SERIAL, Store
from lotse_common.redaction import redact as mask

Rating = Literal["positive", "negative"]
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS feedback (
    id         {SERIAL},
    created_at TEXT NOT NULL,
    topic      TEXT,
    response   TEXT,
    language   TEXT NOT NULL,
    rating     TEXT NOT NULL CHECK (rating IN ('positive', 'negative')),
    comment    TEXT,
    office_id  TEXT  -- the office that answered, for the report per office
);
"""
MAX_COMMENT = 1000


def redact(text: str) -> str:
    """What a citizen may type into a comment although asked not to, masked."""
    return mask(text).strip()[:MAX_COMMENT]


@dataclass(frozen=True)
class FeedbackSummary:
    topic: Optional[str]
    positive: int
    negative: int
    comments: List[str]


class FeedbackStore(Store):
    SCHEMA = SCHEMA

    def migrate(self, db) -> None:  # a store of an earlier version: ratings without office
        self.add_columns(db, "feedback", {"office_id": "TEXT"})

    def rate(
        self, rating: Rating, language: str, topic: Optional[str], response: Optional[str],
        office_id: Optional[str] = None,
    ) -> int:
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO feedback (created_at, topic, response, language, rating, office_id)"
                " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (_now(), topic, response, language, rating, office_id),
            )
            return cursor.fetchone()[0]

    def comment(self, feedback_id: int, text: str) -> None:
        with self._connect() as db:
            db.execute(
                "UPDATE feedback SET comment = ? WHERE id = ?", (redact(text), feedback_id)
            )

    def summary(
        self, since: Optional[datetime] = None, until: Optional[datetime] = None
    ) -> List[FeedbackSummary]:
        """Ratings per topic in a period (UTC), worst rated first: input for usage reports."""
        query = (
            "SELECT topic, rating, comment FROM feedback WHERE created_at >= ? AND created_at < ?"
        )
        low = (since or datetime.min.replace(tzinfo=timezone.utc)).isoformat()
        high = (until or datetime.max.replace(tzinfo=timezone.utc)).isoformat()
        per_topic: dict = {}
        with self._connect() as db:
            for topic, rating, comment in db.execute(query, (low, high)):
                entry = per_topic.setdefault(topic, {"positive": 0, "negative": 0, "comments": []})
                entry[rating] += 1
                if comment:
                    entry["comments"].append(comment)
        summaries = [FeedbackSummary(t, e["positive"], e["negative"], e["comments"])
                     for t, e in per_topic.items()]
        return sorted(summaries, key=lambda s: (s.positive - s.negative, str(s.topic)))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
