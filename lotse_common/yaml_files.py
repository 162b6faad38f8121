"""The project's YAML data files (knowledge, office, word lists), read with libyaml's parser
where PyYAML was built with it: about ten times faster than the pure-Python one, which took
~4 s of every action server worker's start."""

from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # both build only plain data


def read_yaml(path: Path) -> Any:
    """The file's content as plain data (None for an empty file)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506
