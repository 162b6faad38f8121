"""HttpCalendar against a real HTTP server on the loopback interface."""

import logging
import re
import socket
import time
from datetime import datetime
from typing import List

import jsonschema
import pytest
import yaml

from actions.appointments.http import HttpCalendar
from actions.appointments.model import BackendUnavailable, BookingNotFound, SlotQuery, SlotTaken
from lotse_common.office.schema import HttpBackend
from tests.actions.appointments.fake_calendar_server import (
    OFFICE,
    SERVICE,
    STARTS,
    TUESDAY,
    FakeCalendarServer,
)
from tests.conftest import PROJECT_DIR

CONTRACT = PROJECT_DIR / "docs/appointments-openapi.yaml"
KEY_VARIABLE = "LOTSE_TEST_APPOINTMENT_KEY"


@pytest.fixture
def server():
    with FakeCalendarServer() as fake:
        yield fake


@pytest.fixture
def pauses() -> List[float]:
    return []  # what the adapter would have slept: tests stay fast and see the backoff


def calendar(url: str, pauses: List[float], **settings) -> HttpCalendar:
    settings = {"connect_timeout_seconds": 0.5, "read_timeout_seconds": 0.5, **settings}
    return HttpCalendar(HttpBackend(base_url=url, **settings), sleep=pauses.append)


def tuesday(part="any", limit=10, service=SERVICE) -> SlotQuery:
    return SlotQuery(OFFICE, service, TUESDAY, TUESDAY, part, limit)


def test_free_slots_pass_the_query_through(server, pauses):
    slots = calendar(server.url, pauses).free_slots(tuesday("afternoon", limit=1))
    assert [(s.office_id, s.service_id, s.start, s.end) for s in slots] == [
        (OFFICE, SERVICE, datetime(2026, 12, 8, 14, 0), datetime(2026, 12, 8, 14, 30))
    ]
    sent = server.seen[-1]
    assert sent.path == f"/offices/{OFFICE}/services/{SERVICE}/slots"
    assert sent.query == {
        "from": "2026-12-08",
        "to": "2026-12-08",
        "part_of_day": "afternoon",
        "limit": "1",
    }
    assert "Authorization" not in sent.headers


def test_a_lax_server_cannot_offer_more_than_was_asked(server, pauses):
    server.raw_answer = (
        b'{"slots": [{"start": "2026-12-08T08:00:00", "end": "2026-12-08T08:30:00"},'
        b' {"start": "2026-12-08T14:00:00", "end": "2026-12-08T14:30:00"},'
        b' {"start": "2026-12-08T15:00:00", "end": "2026-12-08T15:30:00"}]}'
    )
    slots = calendar(server.url, pauses).free_slots(tuesday("afternoon", limit=1))
    assert [s.start.hour for s in slots] == [14]


def test_booking_returns_a_reference_and_takes_the_slot(server, pauses):
    http = calendar(server.url, pauses)
    booking = http.book(OFFICE, SERVICE, STARTS[0])
    assert booking.reference and not booking.cancelled
    assert (booking.slot.office_id, booking.slot.start) == (OFFICE, STARTS[0])
    assert (booking.slot.end - booking.slot.start).seconds == 30 * 60
    assert server.seen[-1].body == b'{"service_id": "extension", "start": "2026-12-08T08:00:00"}'
    assert STARTS[0] not in [s.start for s in http.free_slots(tuesday())]
    assert http.find(booking.reference) == booking


@pytest.mark.parametrize(
    "service, start",
    [
        (SERVICE, STARTS[1]),  # booked just before
        (SERVICE, datetime(2026, 12, 8, 8, 10)),  # not a slot
        ("naturalisation", STARTS[2]),  # unknown service
    ],
)
def test_unbookable_slots_are_slot_taken(server, pauses, service, start):
    http = calendar(server.url, pauses)
    http.book(OFFICE, SERVICE, STARTS[1])
    with pytest.raises(SlotTaken):
        http.book(OFFICE, service, start)


def test_unknown_service_has_no_slots(server, pauses):
    with pytest.raises(SlotTaken):
        calendar(server.url, pauses).free_slots(tuesday(service="naturalisation"))


def test_cancel_frees_the_slot_and_only_works_once(server, pauses):
    http = calendar(server.url, pauses)
    booking = http.book(OFFICE, SERVICE, STARTS[0])
    cancelled = http.cancel(f"  {booking.reference} ")  # references are typed by hand
    assert cancelled.cancelled and cancelled.reference == booking.reference
    assert cancelled.slot == booking.slot
    assert http.find(booking.reference).cancelled
    assert STARTS[0] in [s.start for s in http.free_slots(tuesday())]
    with pytest.raises(BookingNotFound):
        http.cancel(booking.reference)


def test_unknown_references(server, pauses):
    http = calendar(server.url, pauses)
    assert http.find("R-9999") is None
    with pytest.raises(BookingNotFound):
        http.cancel("R-9999")
    # quoted into one path segment: it cannot reach another route
    assert http.find("../offices/lk-musterhausen/bookings") is None
    assert server.seen[-1].path == "/bookings/..%2Foffices%2Flk-musterhausen%2Fbookings"
    assert pauses == []


def test_a_transient_503_is_retried_with_backoff(server, pauses, caplog):
    http = calendar(server.url, pauses, retries=2)
    reference = http.book(OFFICE, SERVICE, STARTS[0]).reference
    server.fail_next(2)
    with caplog.at_level(logging.WARNING):
        assert http.find(reference).slot.start == STARTS[0]
    assert pauses == [0.2, 0.4]
    assert len(server.seen) == 4
    assert caplog.records and reference not in caplog.text  # routes only, no references


@pytest.mark.parametrize(
    "retry_after, pause",
    [("0.5", 0.5), ("0", 0.0), ("30", 1.0), ("Wed, 21 Oct 2026 07:28:00 GMT", 0.2)],
)
def test_retry_after_is_honoured_up_to_a_second(server, pauses, retry_after, pause):
    server.fail_next(1, retry_after=retry_after)
    assert calendar(server.url, pauses).free_slots(tuesday())
    assert pauses == [pause]


@pytest.mark.parametrize("retries", [0, 2])
def test_a_persistent_503_makes_the_backend_unavailable(server, pauses, retries):
    server.fail_next(10)
    with pytest.raises(BackendUnavailable, match="503"):
        calendar(server.url, pauses, retries=retries).free_slots(tuesday())
    assert len(server.seen) == retries + 1


def test_a_booking_is_repeated_only_when_the_server_cannot_have_acted(server, pauses):
    http = calendar(server.url, pauses, retries=2)
    server.fail_next(1, status=503)  # the contract: 503 and 429 change nothing
    assert http.book(OFFICE, SERVICE, STARTS[0]).slot.start == STARTS[0]
    server.fail_next(1, status=500)  # may have booked: repeating could answer "taken"
    with pytest.raises(BackendUnavailable, match="500"):
        http.book(OFFICE, SERVICE, STARTS[1])
    assert [s.method for s in server.seen] == ["POST"] * 3


def test_a_slow_server_is_given_up_within_the_timeouts(server, pauses):
    server.delay_seconds = 2.0
    http = calendar(server.url, pauses, read_timeout_seconds=0.2, retries=1)
    began = time.monotonic()
    with pytest.raises(BackendUnavailable, match="Timeout"):
        http.free_slots(tuesday())
    assert time.monotonic() - began < 5  # sanity: two 0.2 s reads, not the 2 s answers
    assert len(server.seen) == 2
    with pytest.raises(BackendUnavailable):
        http.book(OFFICE, SERVICE, STARTS[0])  # arrived and booked, but answered too late
    assert [s.method for s in server.seen[2:]] == ["POST"]  # not repeated


def test_a_closed_port_makes_the_backend_unavailable(pauses):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free once closed: nothing listens there
    http = calendar(f"http://127.0.0.1:{port}", pauses, retries=2)
    with pytest.raises(BackendUnavailable, match="ConnectionError"):
        http.free_slots(tuesday())
    with pytest.raises(BackendUnavailable):
        http.book(OFFICE, SERVICE, STARTS[0])  # no connection, so safe to repeat
    assert pauses == [0.2, 0.4] * 2


@pytest.mark.parametrize(
    "answer",
    [
        b"{not json",
        b"[]",
        b'{"slots": 3}',
        b'{"slots": [{"start": "2026-12-08T08:00:00"}]}',
        b'{"slots": [{"start": "08:00", "end": "08:30"}]}',
        b'{"slots": [{"start": "2026-12-08T08:00:00+01:00", "end": "2026-12-08T08:30:00+01:00"}]}',
    ],
)
def test_malformed_slot_answers_make_the_backend_unavailable(server, pauses, answer):
    server.raw_answer = answer
    with pytest.raises(BackendUnavailable, match="malformed"):
        calendar(server.url, pauses).free_slots(tuesday())


@pytest.mark.parametrize(
    "answer",
    [
        b'{"reference": "R-1"}',
        b'{"reference": "", "office_id": "x", "service_id": "s",'
        b' "start": "2026-12-08T08:00:00", "end": "2026-12-08T08:30:00"}',
        b'{"reference": "R-1", "office_id": "x", "service_id": "s", "cancelled": "no",'
        b' "start": "2026-12-08T08:00:00", "end": "2026-12-08T08:30:00"}',
    ],
)
def test_malformed_bookings_make_the_backend_unavailable(server, pauses, answer):
    server.raw_answer = answer
    with pytest.raises(BackendUnavailable, match="malformed"):
        calendar(server.url, pauses).find("R-1")


def test_the_api_key_is_sent_as_bearer_when_configured(server, pauses, monkeypatch):
    server.api_key = "s3cret"
    http = calendar(server.url, pauses, api_key_env=KEY_VARIABLE, retries=0)
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    with pytest.raises(BackendUnavailable, match="401"):
        http.free_slots(tuesday())
    monkeypatch.setenv(KEY_VARIABLE, "s3cret")
    assert http.free_slots(tuesday())
    assert server.seen[-1].headers["Authorization"] == "Bearer s3cret"


def documented_schema(contract: dict, method: str, path: str, status: int) -> dict:
    """The JSON schema the contract gives for an answer, resolvable within the contract."""
    for template, item in contract["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), path) and method in item:
            responses = item[method]["responses"]
            response = responses.get(str(status)) or responses[f"{status // 100}XX"]
            if "$ref" in response:  # "#/components/responses/NotFound"
                response = contract["components"]["responses"][response["$ref"].split("/")[-1]]
            return {**contract, **response["content"]["application/json"]["schema"]}
    raise AssertionError(f"{method} {path} is not in the contract")


def test_the_fake_server_keeps_the_documented_contract(server, pauses):
    contract = yaml.safe_load(CONTRACT.read_text("utf-8"))
    documented = {
        (method.upper(), "^" + re.sub(r"\{[^}]+\}", "([^/]+)", path) + "$")
        for path, item in contract["paths"].items()
        for method in item
        if method != "parameters"
    }
    assert documented == {(method, p.pattern) for method, p, _ in server.ROUTES}

    http = calendar(server.url, pauses, retries=1)
    booking = http.book(OFFICE, SERVICE, STARTS[0])
    for call in (
        lambda: http.free_slots(tuesday()),
        lambda: http.book(OFFICE, SERVICE, STARTS[0]),
        lambda: http.free_slots(tuesday(service="naturalisation")),
        lambda: http.find(booking.reference),
        lambda: http.cancel(booking.reference),
        lambda: http.cancel(booking.reference),
        lambda: (server.fail_next(1, retry_after="0"), http.find("R-9999")),
    ):
        try:
            call()
        except (SlotTaken, BookingNotFound):
            pass
    assert {s.status for s in server.seen} == {200, 201, 404, 409, 503}
    for seen in server.seen:
        schema = documented_schema(contract, seen.method.lower(), seen.path, seen.status)
        jsonschema.validate(seen.payload, schema)
    offset = {"slots": [{"start": "2026-12-08T08:00:00+01:00", "end": "2026-12-08T08:30:00"}]}
    with pytest.raises(jsonschema.ValidationError):  # the schemas do check local times
        slots = server.seen[1].path
        jsonschema.validate(offset, documented_schema(contract, "get", slots, 200))
