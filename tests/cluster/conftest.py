"""The production topology on loopback, started once for tests/cluster (make test-cluster)."""

import sys

import pytest

from deploy.local_cluster import Cluster
from tests.conftest import PROJECT_DIR

JWT_SECRET = "cluster-tests-only-on-loopback-32b"  # noqa: S105 - throwaway cluster


@pytest.fixture(scope="session")
def cluster():
    assert (PROJECT_DIR / "models" / "lotse.tar.gz").exists(), "train first: make train"
    cluster = Cluster(settings={
        "LOTSE_API": "on", "LOTSE_JWT_SECRET": JWT_SECRET,
        # the tests write from one address; the limits are tested on their own
        "LOTSE_LIMIT_CLIENT": "100000/minute", "LOTSE_LIMIT_CONVERSATION": "1000/minute",
        "LOTSE_LIMIT_BOOKINGS_CLIENT": "1000/hour",
    })
    try:
        yield cluster.start()
    except Exception:
        for log in sorted(cluster.logs.glob("*.log")):
            print(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}", file=sys.stderr)
        raise
    finally:
        cluster.stop()
        cluster.remove()
