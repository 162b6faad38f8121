"""CI runs pytest in two parts (Makefile: UNIT_TESTS while the model trains, STACK_TESTS after
it): a test file in neither part would never run in CI, one in both would run twice."""

import re
from pathlib import Path
from typing import List, Set

from tests.conftest import PROJECT_DIR

# the cluster's own suite runs in make test-cluster
OWN_TARGETS = ("tests/cluster/",)


def make_variable(name: str) -> List[str]:
    makefile = (PROJECT_DIR / "Makefile").read_text(encoding="utf-8")
    found = re.search(rf"^{name}\s*:=\s*(.+)$", makefile, re.MULTILINE)
    assert found, f"the Makefile defines no {name}"
    return found[1].split()


def files_of(patterns: List[str]) -> Set[Path]:
    files: Set[Path] = set()
    for pattern in patterns:
        path = PROJECT_DIR / pattern
        files.update(path.rglob("test_*.py") if path.is_dir() else PROJECT_DIR.glob(pattern))
    return {f.relative_to(PROJECT_DIR) for f in files}


def test_every_test_file_runs_in_exactly_one_part_of_ci():
    unit, stack = files_of(make_variable("UNIT_TESTS")), files_of(make_variable("STACK_TESTS"))
    every = {f.relative_to(PROJECT_DIR) for f in (PROJECT_DIR / "tests").rglob("test_*.py")
             if not str(f.relative_to(PROJECT_DIR)).startswith(OWN_TARGETS)}
    assert sorted(map(str, every - unit - stack)) == []
    assert sorted(map(str, unit & stack)) == []
