"""Citizens for locust (benchmarks/cluster.py runs it headless against nginx): each user is one
conversation over REST, a question, a follow-up, a booking start and thanks, with a few
seconds to read and type between messages (LOTSE_LOAD_THINK=0: none, to find the capacity).

Each user connects from its own loopback address (127.0.0.2 …): nginx and Lotse limit
messages per client address, and a load from one address would measure the limits."""

import itertools
import os
import uuid

from locust import HttpUser, between, constant, task
from requests.adapters import HTTPAdapter

MESSAGES = [
    ("question", "Was kostet eine Niederlassungserlaubnis?"),
    ("follow-up", "Und wie lange dauert das?"),
    ("booking", "Ich brauche einen Termin"),
    ("form answer", "Verlängerung der Aufenthaltserlaubnis"),
    ("thanks", "Danke, tschüss"),
]
_addresses = itertools.count()


class FromAddress(HTTPAdapter):
    """Connections from one source address."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


class Citizen(HttpUser):
    # reading the answer, typing the next message
    wait_time = between(1, 3) if os.environ.get("LOTSE_LOAD_THINK", "1") != "0" else constant(0)

    def on_start(self) -> None:
        number = next(_addresses)
        self.client.mount("http://", FromAddress(f"127.0.{1 + number // 250}.{2 + number % 250}"))
        self.sender = f"load-{uuid.uuid4().hex[:12]}"
        self.turns = itertools.cycle(MESSAGES)

    @task
    def message(self) -> None:
        name, text = next(self.turns)
        with self.client.post("/webhooks/rest/webhook", name=name, catch_response=True,
                              json={"sender": self.sender, "message": text}) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif not response.json():
                response.failure("no answer")
            if name == "thanks":  # the next round is a new conversation
                self.sender = f"load-{uuid.uuid4().hex[:12]}"
