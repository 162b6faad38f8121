"""The law texts of ../shared/legal (never copied into the repository) and indexes built from
them for the tests: in memory, and on disk in a temporary folder (never var/)."""

from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR

LEGAL_DIR = PROJECT_DIR.parent / "shared" / "legal"


@pytest.fixture(scope="session")
def legal_dir() -> Path:
    if not (LEGAL_DIR / "aufenthg" / "paragraphs").is_dir():
        pytest.skip(f"the law texts are not here ({LEGAL_DIR}): they come with ../shared")
    return LEGAL_DIR


@pytest.fixture(scope="session")
def law_index_dir(legal_dir, tmp_path_factory) -> Path:
    from lotse.law.index import update

    out = tmp_path_factory.mktemp("law") / "law-index"
    update(legal_dir, None, out)
    return out


@pytest.fixture(scope="session")
def law_search(law_index_dir):
    from lotse.law.index import load
    from lotse.law.search import Search

    return Search(load(law_index_dir))
