"""Each server deploys from its own requirements file: the action server from
requirements/actions.txt alone (no Rasa, no TensorFlow), the Rasa server from
requirements/rasa.txt. Every library their code imports must be pinned there."""

import ast
import re
import sys
from importlib.metadata import packages_distributions

import pytest

from tests.conftest import PROJECT_DIR

LOCAL = {"actions", "lotse", "lotse_common"}
# modules whose wheel does not record its distribution (built with maturin)
DISTRIBUTION = {"lingua": "lingua-language-detector"}
SERVERS = {"actions.txt": ("actions", "lotse_common"), "rasa.txt": ("lotse", "lotse_common")}


def imported_modules(folders):
    for folder in folders:
        for path in (PROJECT_DIR / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    yield from (alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    yield node.module.split(".")[0]


@pytest.mark.parametrize("requirements", sorted(SERVERS))
def test_every_imported_library_is_pinned_for_its_server(requirements):
    pinned = {re.split(r"[=<>]", line)[0].strip().lower().replace("_", "-")
              for line in (PROJECT_DIR / "requirements" / requirements).read_text().splitlines()
              if line and not line.startswith((" ", "#"))}
    distributions = packages_distributions()
    third_party = {m for m in imported_modules(SERVERS[requirements])
                   if m not in LOCAL and m not in sys.stdlib_module_names}
    # a module without distribution metadata is named like its distribution (rasa_sdk)
    missing = {m for m in third_party
               if not any(d.lower().replace("_", "-") in pinned
                          for d in distributions.get(m) or [DISTRIBUTION.get(m, m)])}
    assert not missing, f"imported but not in requirements/{requirements}: {missing}"
