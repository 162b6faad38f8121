"""Read-only access to the stores, for the tools that read what the servers write
(`make review`, `make report`): nothing they do can change a store or hold up the chat.

SQLite: opened with `mode=ro`; the tracker store and the action server's stores run in WAL
mode, in which readers never wait for writers nor make them wait. PostgreSQL: a read-only
transaction (no locks that would block the Rasa server's inserts).
"""

import sqlite3
from pathlib import Path
from typing import Optional

import sqlalchemy as sa


def _sqlite_uri(path: Path) -> str:
    return f"file:{path.resolve().as_posix()}?mode=ro"


def read_only_engine(url: str) -> sa.engine.Engine:
    """The conversation store, opened so that nothing can be written."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        if not parsed.database or not path.is_file():
            raise SystemExit(f"No conversation store at {url} (LOTSE_TRACKER_DB_URL).")
        uri = _sqlite_uri(path)
        return sa.create_engine("sqlite://", hide_parameters=True,
                                creator=lambda: sqlite3.connect(uri, uri=True))
    options = {"postgresql_readonly": True} if parsed.get_backend_name() == "postgresql" else {}
    return sa.create_engine(parsed, hide_parameters=True, execution_options=options)


def read_only_sqlite(path: Path) -> Optional[sqlite3.Connection]:
    """One of the action server's SQLite stores, read-only; None while it does not exist
    (nothing was ever booked, sent or rated)."""
    if not path.is_file():
        return None
    return sqlite3.connect(_sqlite_uri(path), uri=True)
