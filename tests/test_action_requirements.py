"""The action server deploys from requirements/actions.txt alone (no Rasa, no TensorFlow): every
library actions/ and lotse_common/ import must be pinned there."""

import ast
import re
import sys
from importlib.metadata import packages_distributions

from tests.conftest import PROJECT_DIR

LOCAL = {"actions", "lotse_common"}


def imported_modules():
    for folder in ("actions", "lotse_common"):
        for path in (PROJECT_DIR / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    yield from (alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    yield node.module.split(".")[0]


def test_every_imported_library_is_pinned_for_the_action_server():
    pinned = {re.split(r"[=<>]", line)[0].strip().lower().replace("_", "-")
              for line in (PROJECT_DIR / "requirements" / "actions.txt").read_text().splitlines()
              if line and not line.startswith((" ", "#"))}
    distributions = packages_distributions()
    third_party = {m for m in imported_modules()
                   if m not in LOCAL and m not in sys.stdlib_module_names}
    # a module without distribution metadata is named like its distribution (rasa_sdk)
    missing = {m for m in third_party
               if not any(d.lower().replace("_", "-") in pinned
                          for d in distributions.get(m) or [m])}
    assert not missing, f"imported but not in requirements/actions.txt: {missing}"
