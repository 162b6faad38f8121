"""Base of the action server's SQLite stores: one file, schema created on first use, a short
connection per call (safe from any thread), autocommit unless a transaction is opened."""

import sqlite3
from contextlib import closing
from pathlib import Path


class SqliteStore:
    SCHEMA = ""

    def __init__(self, path: Path, busy_seconds: float = 10) -> None:
        self.path = path
        self.busy_seconds = busy_seconds  # how long a call waits for another writer
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            # WAL: readers (the delivery thread, reports) never wait for a writer
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(self.SCHEMA)

    def _connect(self) -> "closing[sqlite3.Connection]":
        return closing(sqlite3.connect(self.path, timeout=self.busy_seconds,
                                       isolation_level=None))
