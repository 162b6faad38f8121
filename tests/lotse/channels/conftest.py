import pytest

from tests.lotse.channels.fake_graph_api import FakeGraphAPI


@pytest.fixture(scope="module")
def graph():
    """A loopback Graph API for the tests of one module."""
    with FakeGraphAPI() as fake:
        yield fake
