"""The staff search over the session's index of ../shared/legal (`law_index_dir`, built once
in tests/conftest.py in a temporary folder, never var/)."""

import pytest


@pytest.fixture(scope="session")
def law_search(law_index_dir):
    from lotse.law.index import load
    from lotse.law.search import Search

    return Search(load(law_index_dir))
