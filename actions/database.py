"""Where the action server keeps its stores (appointment calendar, contact outbox, feedback):
SQLite files in LOTSE_DATA_DIR by default, or one PostgreSQL database (LOTSE_ACTIONS_DB_URL)
that action servers on several hosts share.

The stores write their SQL once for both: `?` parameters (psycopg2's `%s` is put in for
PostgreSQL), times as ISO 8601 text, the column `"end"` quoted (a reserved word in PostgreSQL).
A short connection per call, safe from any thread and across a database restart; autocommit
unless a transaction is opened (`exclusive`).
"""

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ContextManager, Iterator, Sequence, Set, Union

try:  # in requirements/actions.txt; only used with a postgresql:// location
    import psycopg2
except ImportError:  # pragma: no cover
    psycopg2 = None

Location = Union[Path, str]  # a SQLite file, or a PostgreSQL URL
FILES = {"appointments": "appointments.db", "outbox": "outbox.db", "feedback": "feedback.db"}
# the database cannot answer now (locked too long, restarting, unreachable): try again later
UNAVAILABLE = (sqlite3.OperationalError,) + ((psycopg2.OperationalError,) if psycopg2 else ())
SERIAL = "{serial}"  # in a SCHEMA: an id the database counts up
_SERIAL = {False: "INTEGER PRIMARY KEY AUTOINCREMENT", True: "BIGSERIAL PRIMARY KEY"}
# serialises the first start of several replicas: PostgreSQL's CREATE TABLE IF NOT EXISTS is
# not safe against a concurrent one
_SCHEMA_LOCK = 5_147_501


def location(store: str, data_dir: Path, url: str = "") -> Location:
    """The database of a store: the shared PostgreSQL one if configured, else its own file."""
    return url or data_dir / FILES[store]


def is_postgres(where: Location) -> bool:
    return isinstance(where, str)


class Connection:
    def __init__(self, raw: Any, postgres: bool) -> None:
        self.raw = raw
        self.postgres = postgres

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.postgres else sql

    def execute(self, sql: str, parameters: Sequence = ()) -> Any:
        cursor = self.raw.cursor()
        cursor.execute(self._sql(sql), tuple(parameters))
        return cursor

    def executemany(self, sql: str, rows: Sequence[Sequence]) -> None:
        self.raw.cursor().executemany(self._sql(sql), rows)

    def script(self, sql: str) -> None:
        """Several statements without parameters (a schema)."""
        if self.postgres:
            self.raw.cursor().execute(sql.replace(SERIAL, _SERIAL[True]))
        else:
            self.raw.executescript(sql.replace(SERIAL, _SERIAL[False]))

    @contextmanager
    def exclusive(self, table: str) -> Iterator["Connection"]:
        """One transaction that no other writer of `table` interleaves with (readers go on)."""
        if self.postgres:
            self.execute("BEGIN")
            self.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        else:
            self.execute("BEGIN IMMEDIATE")  # SQLite: one writer at a time, whatever the table
        try:
            yield self
            self.execute("COMMIT")
        except BaseException:
            self.execute("ROLLBACK")
            raise

    def has_table(self, table: str) -> bool:
        if self.postgres:
            query = "SELECT 1 FROM information_schema.tables WHERE table_name = ?" \
                    " AND table_schema = current_schema()"
        else:
            query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        return self.execute(query, (table,)).fetchone() is not None

    def columns(self, table: str) -> Set[str]:
        if self.postgres:
            query = "SELECT column_name FROM information_schema.columns WHERE table_name = ?" \
                    " AND table_schema = current_schema()"
            return {row[0] for row in self.execute(query, (table,))}
        return {row[1] for row in self.execute(f"PRAGMA table_info({table})")}


@contextmanager
def connect(where: Location, busy_seconds: float = 10) -> Iterator[Connection]:
    """`busy_seconds`: how long a call waits for another writer's lock or for the server."""
    if is_postgres(where):
        raw = psycopg2.connect(
            where, connect_timeout=max(1, round(busy_seconds)),
            options=f"-c lock_timeout={round(busy_seconds * 1000)}")
        raw.autocommit = True  # transactions only where opened explicitly, as with SQLite
    else:
        raw = sqlite3.connect(where, timeout=busy_seconds, isolation_level=None)
    try:
        yield Connection(raw, is_postgres(where))
    finally:
        raw.close()


def exists(where: Location) -> bool:
    """Whether the store was ever written (a PostgreSQL database is taken to exist)."""
    return is_postgres(where) or Path(where).exists()


class Store:
    """Base of the stores: the schema (SCHEMA, CREATE … IF NOT EXISTS) made on first use."""

    SCHEMA = ""

    def __init__(self, where: Location, busy_seconds: float = 10) -> None:
        self.location = where
        self.busy_seconds = busy_seconds
        if not is_postgres(where):
            Path(where).parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            if db.postgres:
                db.execute("BEGIN")
                db.execute("SELECT pg_advisory_xact_lock(?)", (_SCHEMA_LOCK,))
                db.script(self.SCHEMA)
                self.migrate(db)
                db.execute("COMMIT")
            else:
                # WAL: readers (the delivery thread, reports) never wait for a writer
                db.execute("PRAGMA journal_mode=WAL")
                db.script(self.SCHEMA)
                self.migrate(db)

    def migrate(self, db: Connection) -> None:
        """Changes to a store of an earlier version (columns added since)."""

    def add_columns(self, db: Connection, table: str, added: dict) -> None:
        present = db.columns(table)
        for column, kind in added.items():
            if column not in present:
                try:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
                except sqlite3.OperationalError:  # another process added it meanwhile
                    pass

    def _connect(self) -> ContextManager[Connection]:
        return connect(self.location, self.busy_seconds)
