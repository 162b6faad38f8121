"""Latency of the custom actions as the Rasa server sees it: a real action server (rasa-sdk)
on a free port, called over HTTP with realistic trackers, embedded backends (SQLite calendar,
outbox, feedback store) in a temporary directory.

    make bench            # or: python benchmarks/actions.py --runs 200

Prints p50/p95/max per action and exits 1 if an action's p95 exceeds the budget (50 ms).
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import requests
import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
BUDGET_MS = 50.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tracker(text: str, intent: str, slots: Optional[Dict[str, Any]] = None,
            entities: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
    parse = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.97},
        "intent_ranking": [{"name": intent, "confidence": 0.97},
                           {"name": "fees", "confidence": 0.02}],
        "entities": [{"entity": k, "value": v} for k, v in (entities or {}).items()],
        "language": {"code": "de", "confidence": 1.0},
    }
    return {
        "sender_id": "bench",
        "slots": slots or {},
        "latest_message": parse,
        "events": [{"event": "user", "text": text, "parse_data": parse}],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": "action_listen",
    }


BENCH_SECRET = "benchmark-only"  # noqa: S105 - a throwaway server on loopback  # the action server answers only calls with its secret


class Bench:
    def __init__(self, url: str, domain: Dict[str, Any]) -> None:
        self.url, self.domain = url, domain
        self.session = requests.Session()
        self.session.headers["X-Lotse-Action-Secret"] = BENCH_SECRET

    def call(self, action: str, state: Dict[str, Any]) -> Dict[str, Any]:
        body = {"next_action": action, "sender_id": "bench", "tracker": state,
                "domain": self.domain, "version": "3.6.21"}
        response = self.session.post(self.url, data=json.dumps(body), timeout=10,
                                     headers={"Content-Type": "application/json"})
        response.raise_for_status()
        return response.json()

    def measure(self, action: str, make_state: Callable[[int], Dict[str, Any]],
                runs: int) -> List[float]:
        for i in range(3):  # warm-up: imports, caches, SQLite files
            self.call(action, make_state(i))
        timings = []
        for i in range(runs):
            state = make_state(i)
            start = time.perf_counter()
            self.call(action, state)
            timings.append((time.perf_counter() - start) * 1000)
        return timings


def offered_times(bench: Bench) -> List[str]:
    state = tracker("so bald wie möglich", "inform", {"service": "extension",
                                                      "requested_slot": "preferred_days"})
    events = bench.call("validate_appointment_form", state)["events"]
    return next(e["value"] for e in events if e.get("name") == "appointment_options")


def scenarios(bench: Bench) -> Dict[str, Callable[[int], Dict[str, Any]]]:
    asking_days = {"service": "extension", "requested_slot": "preferred_days"}
    return {
        "action_greet": lambda i: tracker("Hallo", "greet"),
        "action_answer_topic": lambda i: tracker("Blaue Karte?", "blue_card"),
        "action_answer_office": lambda i: tracker("Öffnungszeiten?", "office_hours"),
        "action_default_ask_affirmation": lambda i: tracker("hmm", "nlu_fallback"),
        "action_store_feedback": lambda i: tracker("/feedback_positive", "feedback_positive",
                                                   {"topic": "blue_card"}),
        "validate_appointment_form (search)": lambda i: tracker(
            "nächste Woche vormittags", "inform", asking_days),
        "validate_appointment_form (digression)": lambda i: tracker(
            "Wann habt ihr offen?", "office_hours", asking_days),
        "action_book_appointment": lambda i: tracker("1", "inform", {
            "service": "extension", "appointment_start": offered_times(bench)[0]}),
        "action_submit_contact_request": lambda i: tracker("/affirm", "affirm", {
            "contact_name": "Maria Beispiel", "contact_address": "maria@example.org",
            "contact_topic": "Verlängerung", "contact_message": "Bitte um Rückruf.",
            "contact_consent": True}),
        "action_answer_extension": lambda i: tracker("15.03.2031", "inform",
                                                     {"permit_expiry": "2031-03-15"}),
        "action_answer_permit_finder": lambda i: tracker("/inform", "inform", {
            "nationality": "US", "stay_purpose": "work", "current_status": "abroad"}),
    }


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    domain = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text("utf-8"))
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "LOTSE_DATA_DIR": data_dir, "LOTSE_SMTP_PORT": str(free_port()),
               "LOTSE_OUTBOX_RETRY_SECONDS": "3600", "LOTSE_ACTION_SECRET": BENCH_SECRET,
               "LOTSE_ACTIONS_PORT": str(port), "LOTSE_ACTIONS_HOST": "127.0.0.1"}
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "actions.server"],
            cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    requests.get(f"http://127.0.0.1:{port}/health", timeout=1).raise_for_status()
                    break
                except requests.RequestException:
                    if time.monotonic() > deadline or server.poll() is not None:
                        print("the action server did not start", file=sys.stderr)
                        return 2
                    time.sleep(0.3)
            bench = Bench(f"http://127.0.0.1:{port}/webhook", domain)
            over = []
            print(f"{'action':42} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   ({args.runs} runs)")
            for name, make_state in scenarios(bench).items():
                action = name.split(" ")[0]
                timings = bench.measure(action, make_state, args.runs)
                p95 = percentile(timings, 0.95)
                print(f"{name:42} {statistics.median(timings):8.1f} {p95:8.1f} "
                      f"{max(timings):8.1f}")
                if p95 > BUDGET_MS:
                    over.append(name)
        finally:
            server.terminate()
            server.wait(timeout=10)
    if over:
        print(f"over the p95 budget of {BUDGET_MS:g} ms: {', '.join(over)}")
        return 1
    print(f"every action within the p95 budget of {BUDGET_MS:g} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
