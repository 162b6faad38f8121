"""The staff channel alone on a Sanic server (no model, no action server): what
tests/law/test_staff_api.py and tests/browser/test_staff_page.py talk to.

    python -m tests.law.staff_server <port>     (settings from LOTSE_* variables)
"""

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, Iterator

import requests

PROJECT_DIR = Path(__file__).resolve().parents[2]
TOKEN = "staff-test-token"  # noqa: S105 - a test server on loopback
USER, PASSWORD = "anna", "richtig-langes-passwort"  # noqa: S105


def users_file(folder: Path) -> Path:
    """A staff user list with one user; a cheap hash (the format is what counts here)."""
    from lotse.staff_auth import hash_password, write_users

    path = folder / "staff-users"
    write_users(path, {USER: hash_password(PASSWORD, rounds=1000)})
    return path


@contextlib.contextmanager
def serve(index_dir: Path, tmp: Path, **settings: str) -> Iterator[str]:
    """The staff channel with the test token and user on a free port: its URL."""
    from tests.support import free_port

    port = free_port()
    env = {**os.environ, "LOTSE_LAW_INDEX_DIR": str(index_dir), "LOTSE_STAFF_TOKEN": TOKEN,
           "LOTSE_STAFF_USERS": str(users_file(tmp)), "LOTSE_LIMIT_STAFF": "1000/minute",
           "LOTSE_LIMIT_STAFF_LOGINS": "1000/minute",
           **settings}
    env: Dict[str, str] = {k: v for k, v in env.items() if v is not None}
    log = (tmp / "staff-server.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "tests.law.staff_server", str(port)],
                               cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, f"staff server exited, see {log.name}"
            try:
                requests.get(f"{url}/staff", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def main() -> None:
    from sanic import Sanic

    from lotse.channels.staff import StaffInput

    app = Sanic("lotse_staff_test")
    channel = StaffInput()
    # as rasa.core.channels.channel.register does it
    app.blueprint(channel.blueprint(None), url_prefix=channel.url_prefix())
    app.run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False, workers=1)


if __name__ == "__main__":
    main()
