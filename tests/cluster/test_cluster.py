"""The production topology on loopback (make test-cluster; deploy/local_cluster.py): nginx in
front of two Rasa replicas and two action servers, conversations in PostgreSQL, locks and
limits in Redis. Parts are killed, stopped and restarted while citizens write."""

import os
import re
import subprocess
import sys
import threading
import time
import uuid

import jwt
import pytest
import requests

from actions.database import connect
from deploy.local_cluster import HOST
from tests.cluster.conftest import JWT_SECRET
from tests.conftest import PROJECT_DIR

pytestmark = pytest.mark.cluster

FAILURE = "technischer Fehler"  # lotse/channels/common.py FAILURE_REPLY


def new_sender() -> str:
    return f"cluster-{uuid.uuid4().hex[:10]}"


def send(url: str, sender: str, text: str) -> requests.Response:
    return requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                         timeout=60)


def say(cluster, sender, text) -> str:
    """A message through nginx; the texts of the answer."""
    response = send(cluster.url, sender, text)
    assert response.status_code == 200, response.text
    return " ".join(m.get("text", "") for m in response.json())


def tracker(cluster, sender: str) -> dict:
    token = jwt.encode({"user": {"username": "tests", "role": "admin"}}, JWT_SECRET, "HS256")
    port = next(p for r, p in zip(cluster.rasa, cluster.rasa_ports, strict=True)
                if r.process.poll() is None)
    response = requests.get(f"http://{HOST}:{port}/conversations/rest:{sender}/tracker",
                            headers={"Authorization": f"Bearer {token}"}, timeout=30)
    response.raise_for_status()
    return response.json()


def serving_replica(cluster):
    """The Rasa replica nginx sent the latest request to (its access log's upstream)."""
    time.sleep(0.2)  # nginx writes the log line after the response
    lines = (cluster.logs / "nginx.log").read_text().strip().splitlines()
    port = int(re.search(r'"[\d.]+:(\d+)"', lines[-1])[1])
    return cluster.rasa[cluster.rasa_ports.index(port)]


def test_a_booking_continues_on_the_other_replica_when_its_replica_is_killed(cluster):
    sender = new_sender()
    assert "Wofür brauchen Sie den Termin?" in say(cluster, sender, "Ich brauche einen Termin")
    replica = serving_replica(cluster)
    replica.kill()  # kill -9: no goodbye, as a crashed machine
    try:
        # the other replica knows the form and the question it asked
        answer = say(cluster, sender, "Verlängerung meiner Aufenthaltserlaubnis")
        assert "Wann passt es Ihnen?" in answer
        times = requests.post(f"{cluster.url}/webhooks/rest/webhook", timeout=60, json={
            "sender": sender, "message": "so bald wie möglich"}).json()
        offered = [b for m in times for b in m.get("buttons", [])]
        assert offered, times
        booked = say(cluster, sender, offered[0]["payload"])
        reference = re.search(r"T-[0-9A-Z]{4}-[0-9A-Z]{4}", booked)
        assert reference, booked
        assert "Verlängerung der Aufenthaltserlaubnis" in booked
        # in the calendar every action server shares, whichever host it runs on
        with connect(cluster.settings["LOTSE_ACTIONS_DB_URL"]) as db:
            assert db.execute("SELECT service_id FROM bookings WHERE reference = ?",
                              (reference[0],)).fetchall() == [("extension",)]
    finally:
        replica.start()
        cluster.wait_rasa(cluster.rasa_ports[cluster.rasa.index(replica)])


def test_two_messages_of_one_conversation_at_once_on_two_replicas_are_handled_in_turn(
        cluster):
    sender = new_sender()
    texts = ["Was kostet eine Niederlassungserlaubnis?", "Wo ist die Ausländerbehörde?"]
    start, responses = threading.Barrier(2), {}

    def replica(index):
        start.wait()
        url = f"http://{HOST}:{cluster.rasa_ports[index]}"
        responses[index] = send(url, sender, texts[index])

    threads = [threading.Thread(target=replica, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r.status_code == 200 and r.json() for r in responses.values()), responses
    events = tracker(cluster, sender)["events"]
    users = [e["text"] for e in events if e["event"] == "user"]
    assert sorted(users) == sorted(texts)  # both kept, neither twice
    # each message answered completely before the next one is read
    turns = []
    for event in events:
        if event["event"] == "user":
            turns.append([])
        elif event["event"] == "bot" and turns:
            turns[-1].append(event)
    assert all(turns), "a message without its answer: the two were handled at once"


@pytest.mark.parametrize("part, first, second, expected", [
    # PostgreSQL stopped mid-form: the conversation and its form are all there afterwards
    ("postgres", "Ich brauche einen Termin", "Verlängerung meiner Aufenthaltserlaubnis",
     "Wann passt es Ihnen?"),
    # Redis stopped: no message is handled without its lock
    ("redis", "Hallo", "Was kostet eine Niederlassungserlaubnis?", "Niederlassungserlaubnis"),
])
def test_a_stopped_store_costs_one_polite_answer_and_nothing_of_the_conversation(
        cluster, part, first, second, expected):
    sender = new_sender()
    assert say(cluster, sender, first)
    store = getattr(cluster, part)
    store.stop()
    try:
        response = send(cluster.url, sender, second)
        assert response.status_code >= 500
        assert FAILURE in response.json()[0]["text"]
    finally:
        store.start()
    # the citizen repeats the one message
    assert expected in say(cluster, sender, second)
    users = [e["text"] for e in tracker(cluster, sender)["events"] if e["event"] == "user"]
    assert users == [first, second]


def test_report_and_review_queue_read_the_conversations_from_postgresql(cluster, tmp_path):
    """make report and make review (issue #20) on the PostgreSQL tracker store."""
    sender = new_sender()
    say(cluster, sender, "Was kostet eine Niederlassungserlaubnis?")
    say(cluster, sender, "xkq wrr pfff blorp")  # not understood: for the review queue
    env = {**os.environ, **cluster.settings}
    report = subprocess.run(
        [sys.executable, "-m", "scripts.report", "--out", str(tmp_path / "report")],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120, env=env)
    assert report.returncode == 0, report.stderr
    assert int(re.search(r"(\d+) conversation\(s\)", report.stdout)[1]) >= 1, report.stdout
    review = subprocess.run(
        [sys.executable, "scripts/review.py", "--out", str(tmp_path / "review")],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=120, env=env)
    assert review.returncode == 0, review.stderr
    assert "xkq wrr pfff blorp" in (tmp_path / "review" / "de.yml").read_text("utf-8")
