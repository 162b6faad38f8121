"""docs/dependencies.md tracks the old pins Rasa 3.6 forces: a pin that changes in the lock
file without the document (its advisories, reach and mitigation) being reviewed fails here."""

import re

from tests.conftest import PROJECT_DIR

DOCUMENT = (PROJECT_DIR / "docs" / "dependencies.md").read_text("utf-8")
LOCK = (PROJECT_DIR / "requirements" / "dev.txt").read_text("utf-8")
ROW = re.compile(r"^\| ([a-z0-9_.-]+) \| ([0-9][^ |]*) \|", re.MULTILINE)


def test_every_listed_pin_is_the_locked_version():
    listed = ROW.findall(DOCUMENT)
    assert len(listed) >= 6
    for package, version in listed:
        locked = re.search(rf"^{re.escape(package)}==(\S+)", LOCK, re.MULTILINE | re.IGNORECASE)
        assert locked, f"{package} is no longer locked: remove its row from docs/dependencies.md"
        assert locked[1] == version, (
            f"{package} is now {locked[1]}, docs/dependencies.md says {version}: review its"
            " advisories and mitigation, then update the row"
        )
