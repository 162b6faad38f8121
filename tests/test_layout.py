"""The two servers stay independent: the Rasa server's extensions (lotse/) never import the
action server (actions/, rasa_sdk) and the action server never imports lotse/ (nor Rasa,
which its deployment lacks); what both need is in lotse_common/, which imports neither.
Every import counts, also one inside a function or a try block."""

import ast
from typing import Iterator, List, Tuple

import pytest

from tests.conftest import PROJECT_DIR

# package -> top-level modules its code must not import
FORBIDDEN = {
    "lotse": {"actions", "rasa_sdk"},
    "actions": {"lotse", "rasa"},
    "lotse_common": {"actions", "lotse", "rasa", "rasa_sdk"},
}


def imported_modules(source: str) -> Iterator[Tuple[int, str]]:
    """(line, module) of every absolute import in the source, wherever it stands, and of
    importlib.import_module / __import__ called with a literal name."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
        elif isinstance(node, ast.Call) and node.args:
            function = node.func
            name = getattr(function, "attr", None) or getattr(function, "id", None)
            first = node.args[0]
            if name in ("import_module", "__import__") and isinstance(first, ast.Constant) \
                    and isinstance(first.value, str):
                yield node.lineno, first.value


def violations(package: str) -> List[str]:
    found = []
    for path in sorted((PROJECT_DIR / package).rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for line, module in imported_modules(source):
            if module.split(".")[0] in FORBIDDEN[package]:
                found.append(f"{path.relative_to(PROJECT_DIR)}:{line} imports {module}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_the_package_imports_nothing_of_the_other_server(package):
    assert list((PROJECT_DIR / package).rglob("*.py")), f"{package}/ has no modules"
    assert violations(package) == []


def test_imports_inside_functions_and_try_blocks_are_found():
    source = (
        "import os\n"
        "def f():\n"
        "    try:\n"
        "        from actions.context import office_facts\n"
        "    except ImportError:\n"
        "        import lotse.nlg as nlg\n"
        "    from . import sibling\n"
        "    return importlib.import_module('rasa_sdk')\n"
    )
    assert sorted(imported_modules(source)) == [
        (1, "os"), (4, "actions.context"), (6, "lotse.nlg"), (8, "rasa_sdk"),
    ]


def test_lotse_common_is_not_mistaken_for_lotse():
    source = "from lotse_common.language import DEFAULT_LANGUAGE"
    assert [m.split(".")[0] for _, m in imported_modules(source)] == ["lotse_common"]
