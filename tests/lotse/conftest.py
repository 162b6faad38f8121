import pytest


@pytest.fixture
def db(tmp_path):
    """A conversation store's SQLite file."""
    return tmp_path / "tracker.db"
