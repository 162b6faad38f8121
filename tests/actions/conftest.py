"""Every response an action sends in these tests is checked: each of its placeholders, in
every language, gets a value (a keyword of the call or a slot). So no template can reach a
citizen with "{office_name}" unfilled (the response catalogs: tests/placeholders.py)."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import limits
from tests.placeholders import needed, slots


@pytest.fixture(autouse=True)
def fresh_limits():
    """Each test starts with no bookings or contact requests counted."""
    limits.reset()


@pytest.fixture(autouse=True)
def every_placeholder_is_filled(monkeypatch):
    original = CollectingDispatcher.utter_message

    def checked(self, *args, **kwargs):
        response = kwargs.get("response")
        if response:
            given = set(kwargs) | slots()
            for language, names in needed(response).items():
                missing = sorted(names - given)
                assert not missing, f"{response} ({language}) leaves {missing} unfilled"
        return original(self, *args, **kwargs)

    monkeypatch.setattr(CollectingDispatcher, "utter_message", checked)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_at(request, tmp_path):
    """Where a store lives, by its name: a SQLite file of its own (the default) or the one
    PostgreSQL database action servers on several hosts share (LOTSE_ACTIONS_DB_URL). The
    store tests run on both. `store_at.url`: what `purge` and `forget` are given."""
    if request.param == "sqlite":
        def where(name):
            return tmp_path / f"{name}.db"
        where.url = ""
    else:
        url = request.getfixturevalue("postgres_url")

        def where(name):
            return url
        where.url = url
    return where


def rows(where, query):
    """The rows of a query on a store, whichever database it is in."""
    from actions.database import connect

    with connect(where) as db:
        return [tuple(row) for row in db.execute(query).fetchall()]
