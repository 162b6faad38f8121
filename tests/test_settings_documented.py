"""Every setting is documented: each LOTSE_* variable the servers, scripts or configuration
files read has a row in the README's "Environment variables" table, and each row names a
variable something still reads."""

import re

from tests.conftest import PROJECT_DIR

SOURCES = ["lotse", "actions", "lotse_common", "scripts"]
FILES = ["endpoints.yml", "credentials.yml", "Makefile"]
VARIABLE = re.compile(r"\bLOTSE_[A-Z][A-Z0-9_]*[A-Z0-9]\b")


def read_in_code() -> set:
    paths = [p for folder in SOURCES for p in (PROJECT_DIR / folder).rglob("*")
             if p.suffix in (".py", ".sh", ".yml")]
    paths += [PROJECT_DIR / name for name in FILES]
    return {v for path in paths for v in VARIABLE.findall(path.read_text("utf-8"))}


def documented() -> set:
    readme = (PROJECT_DIR / "README.md").read_text("utf-8")
    table = readme.split("## Environment variables", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    return {v for row in rows for v in VARIABLE.findall(row)}


def test_every_setting_read_is_in_the_readme_table():
    assert sorted(read_in_code() - documented()) == []


def test_every_setting_in_the_readme_table_is_read():
    assert sorted(documented() - read_in_code()) == []
