"""`make report` (scripts/report.py) on stores written by the real stack: seven known
conversations over the REST channel (a factual answer in German and in English, a 👎 with a
comment that plants an e-mail address, a 👍 and a request for a person, a fallback, a booking
and its cancellation, a contact request), then the report of today, read as an office
operator reads it: every figure of the page and the CSV files, small counts hidden at the
default threshold, no personal data, the days the purge deleted counted from the daily
aggregates; in Chromium the page passes axe-core (docs/report.png is its screenshot).

Its own stack: the figures must be exact, and the shared one has other tests' conversations."""

import csv
import os
import re
import sqlite3
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta

import pytest

from lotse import retention
from scripts.report import labels
from scripts.report_data import LOCAL
from tests.conftest import PROJECT_DIR

RUN = uuid.uuid4().hex[:8]
PLANTED = "erika.muster@example.org"
COMMENT = f"Mir fehlte der genaue Betrag, schreiben Sie mir an {PLANTED}"
RATED = "Was kostet eine Niederlassungserlaubnis wenn ich schon 5 Jahre hier arbeite?"
BEFORE_PERSON = "My fictional certificate runs out next week, what happens then?"
SCREENSHOT = PROJECT_DIR / "docs" / "report.png"


@pytest.fixture(scope="module")
def own_stack(tmp_path_factory):
    from tests.integration.conftest import run_stack

    yield from run_stack(tmp_path_factory)


def say(stack, conversation, message, **extra):
    response = stack.send(f"report-{RUN}-{conversation}", message, **extra)
    assert response.status_code == 200, response.text
    return response.json()


def buttons(messages):
    return [b["payload"] for m in messages for b in m.get("buttons", [])]


def topic(stack, conversation):
    tracker = stack.tracker(f"rest:report-{RUN}-{conversation}")
    return next(e["value"] for e in reversed(tracker["events"])
                if e["event"] == "slot" and e["name"] == "topic" and e["value"])


@pytest.fixture(scope="module")
def conversations(own_stack):
    stack = own_stack
    # 1 message: an office fact (de)
    say(stack, "hours", "Wann hat die Ausländerbehörde am Dienstag geöffnet?")
    # 3 messages: a topic answer rated 👎, with a comment (de)
    assert "/feedback_negative" in buttons(say(stack, "rated", RATED))
    say(stack, "rated", "/feedback_negative")
    say(stack, "rated", COMMENT)
    # 3 messages: a topic answer rated 👍, then a person asked for (en)
    assert "/feedback_positive" in buttons(say(stack, "person", BEFORE_PERSON))
    say(stack, "person", "/feedback_positive")
    say(stack, "person", "I want to talk to a person")
    # 1 message: not understood (de)
    assert "anders formulieren" in say(stack, "fallback", "xkq vvv blrp zzzt")[0]["text"]
    # 6 messages: an appointment booked, then cancelled (de)
    asked = say(stack, "booking", "Ich brauche einen Termin")
    services = {b["title"]: b["payload"] for m in asked for b in m.get("buttons", [])}
    say(stack, "booking", services["Verlängerung der Aufenthaltserlaubnis"])
    times = buttons(say(stack, "booking", "so bald wie möglich"))
    assert "T-" in " ".join(m.get("text", "") for m in say(stack, "booking", times[0]))
    say(stack, "booking", "Termin absagen")
    assert "abgesagt" in " ".join(m.get("text", "") for m in say(stack, "booking", "/affirm"))
    # 6 messages: a contact request sent to the office (de)
    for message in ("/contact_request", "Maria Beispiel", "maria@example.org",
                    '/inform{"contact_topic":"Verlängerung"}',
                    "Meine Karte läuft im Mai ab. Was soll ich tun?", "/affirm"):
        sent = say(stack, "contact", message)
    assert re.search(r"K-[0-9A-Z]{4}-[0-9A-Z]{4}", " ".join(m.get("text", "") for m in sent))
    # 1 message: an office fact (en, the language chosen by the widget)
    say(stack, "english", "What are your opening hours?", metadata={"language": "en"})
    # the day the report covers: the conversations' day in the offices' time (a run that
    # passes midnight in Berlin, 23:00 UTC in winter, moves it)
    stack.day = datetime.now(LOCAL).date()
    return stack


def report(stack, out, minimum=None, tracker_db=None, first=None, last=None, office=None):
    """Runs the report as `make report` does (for the conversations' day unless told);
    its CSV tables and its page."""
    first, last = first or stack.day, last or stack.day
    env = {**os.environ, "LOTSE_TRACKER_DB_URL": f"sqlite:///{tracker_db or stack.tracker_db}",
           "LOTSE_DATA_DIR": str(stack.data_dir)}
    env.pop("LOTSE_REPORT_MIN_COUNT", None)
    if minimum is not None:
        env["LOTSE_REPORT_MIN_COUNT"] = str(minimum)
    command = [sys.executable, "-m", "scripts.report", "--out", str(out),
               "--from", first.isoformat(), "--to", last.isoformat()]
    result = subprocess.run(command + (["--office", office] if office else []),
                            cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    tables = {path.stem: list(csv.reader(path.open(encoding="utf-8")))
              for path in out.glob("*.csv")}
    return tables, (out / "report.html").read_text("utf-8")


def column(table, key=0, value=1):
    return {row[key]: row[value] for row in table[1:]}


def figures(tables):
    """The key figures as (count, share), by the start of their label."""
    return {row[0].split(" (")[0].split(":")[0].split(",")[0]: (row[1], row[2])
            for row in tables["summary"][1:]}


@pytest.fixture(scope="module")
def full(conversations, tmp_path_factory):
    return report(conversations, tmp_path_factory.mktemp("report"), minimum=1)


def test_every_key_figure(full):
    tables, _ = full
    shown = figures(tables)
    minutes = shown.pop("Median conversation duration")
    assert 0 <= float(minutes[0]) < 5 and minutes[1] == ""
    assert shown == {
        "Conversations": ("7", ""),
        "Messages from citizens": ("21", ""),
        "Conversations stored in full": ("7", ""),
        "Answered directly": ("4", "57 %"),  # hours, rated, booking, english
        "Conversations with a fallback": ("1", "14 %"),
        "Messages not understood": ("1", "5 %"),
        "Handovers": ("2", "29 %"),  # person, contact
        "… asked for a person": ("1", "14 %"),
        "… opened the contact form": ("1", "14 %"),
        "Contact requests sent to the office": ("1", ""),
        "Appointments booked": ("1", ""),
        "Appointments cancelled": ("1", ""),
        "Median conversation length": ("3", ""),  # 1, 1, 1, 3, 3, 6, 6
        "Ratings 👍": ("1", "50 %"),
        "Ratings 👎": ("1", "50 %"),
    }


def test_per_day_per_hour_languages_channels(full, conversations):
    tables, _ = full
    assert tables["per_day"][1] == [conversations.day.isoformat(), "7", "21", ""]
    assert sum(int(row[1]) for row in tables["per_hour"][1:]) == 21
    assert column(tables["languages"], 1, 2) == {"de": "5", "en": "2"}
    assert column(tables["languages"], 1, 3) == {"de": "71 %", "en": "29 %"}
    assert column(tables["channels"], 1, 2) == {"rest": "21"}


def test_topics_and_ratings_with_the_redacted_comment(conversations, full):
    tables, html = full
    topics = column(tables["topics"], 1, 2)
    assert topics["office_hours"] == "2" and topics["cancel_appointment"] == "1"
    assert topics["book_appointment"] == "1"
    assert not {"feedback_negative", "request_human", "contact_request", "nlu_fallback",
                "inform", "affirm"} & set(topics)  # not topics; form answers neither
    names = labels()
    rated, liked = topic(conversations, "rated"), topic(conversations, "person")
    assert rated != liked
    ratings = {row[0]: row[1:] for row in tables["ratings"][1:]}
    assert set(ratings) == {names.get(rated, rated), names.get(liked, liked)}
    bad, good = ratings[names.get(rated, rated)], ratings[names.get(liked, liked)]
    assert bad == ["0", "1", "Mir fehlte der genaue Betrag, schreiben Sie mir an [e-mail]"]
    assert good == ["1", "0", ""]
    assert "Mir fehlte der genaue Betrag" in html


def test_no_personal_data_in_the_page_or_the_files(full, tmp_path):
    tables, html = full
    everything = html + "\n".join(str(t) for t in tables.values())
    for personal in (PLANTED, "example.org", "Maria", "Beispiel", "Meine Karte", "xkq",
                     "Wann hat", RATED, f"report-{RUN}"):
        assert personal not in everything, personal
    assert not re.search(r"[TK]-[0-9A-Z]{4}-[0-9A-Z]{4}", everything)  # references
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in html and "<script" not in html


def test_small_counts_are_hidden_at_the_default_threshold(conversations, tmp_path):
    tables, html = report(conversations, tmp_path)
    shown = figures(tables)
    assert shown["Conversations"] == ("7", "") and shown["Messages from citizens"] == ("21", "")
    assert shown["Answered directly"] == ("<5", "–")
    assert shown["Handovers"] == ("<5", "–") and shown["Appointments booked"] == ("<5", "")
    assert shown["Median conversation length"] == ("3", "")  # of 7 conversations
    assert column(tables["languages"], 1, 2) == {"de": "5", "en": "<5"}
    assert column(tables["languages"], 1, 3) == {"de": "71 %", "en": "–"}
    assert all(row[3] == "" for row in tables["ratings"][1:])  # no comment of 1 rating
    assert "Mir fehlte" not in html and "Counts below 5" in html


def test_one_office_and_the_other(conversations, tmp_path):
    tables, _ = report(conversations, tmp_path / "a", minimum=1, office="lk-musterhausen")
    assert figures(tables)["Conversations"] == ("7", "")
    assert figures(tables)["Appointments booked"] == ("1", "")
    tables, _ = report(conversations, tmp_path / "b", minimum=1, office="stadt-musterstadt")
    assert figures(tables)["Conversations"] == ("0", "")
    assert figures(tables)["Ratings 👎"] == ("0", "–")
    assert figures(tables)["Contact requests sent to the office"] == ("0", "")


def test_days_the_purge_deleted_come_from_the_daily_aggregates(conversations, tmp_path):
    copy = tmp_path / "tracker.db"
    with sqlite3.connect(f"file:{conversations.tracker_db}?mode=ro", uri=True) as source, \
            sqlite3.connect(copy) as target:
        source.backup(target)
    import sqlalchemy as sa

    with sqlite3.connect(copy) as db:  # what the aggregates count: every message's intent
        intents = [row[0] for row in db.execute(
            "SELECT json_extract(data, '$.parse_data.intent.name') FROM events"
            " WHERE type_name = 'user'")]
    later = time.time() + 40 * 86400  # 40 days on, the conversations are past retention
    assert retention.purge(sa.create_engine(f"sqlite:///{copy}"), 30, now=later) > 0
    # the aggregates keep UTC days: the period around today holds them whatever the hour
    tables, html = report(conversations, tmp_path / "r", minimum=1, tracker_db=copy,
                          first=conversations.day - timedelta(days=1),
                          last=conversations.day + timedelta(days=1))
    shown = figures(tables)
    assert shown["Conversations"] == ("7", "") and shown["Messages from citizens"] == ("21", "")
    assert shown["Conversations stored in full"] == ("0", "")
    # in the aggregates, answers to a form classified as not understood count too
    fallbacks = intents.count("nlu_fallback")
    assert shown["Messages not understood"] == (str(fallbacks), f"{100 * fallbacks / 21:.0f} %")
    assert column(tables["channels"], 1, 2) == {"rest": "21"}
    assert column(tables["topics"], 1, 2)["office_hours"] == str(intents.count("office_hours"))
    assert "yes" in [row[3] for row in tables["per_day"][1:]]
    assert "only the daily totals were kept" in html


def test_the_page_renders_in_chromium_and_passes_axe(full, tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import AXE, CHROMIUM, CHROMIUM_ARGS, WCAG_AA

    _, html = full
    page_file = tmp_path / "report.html"
    page_file.write_text(html, "utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 1500})
            requests = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_file.as_uri())
            assert page.locator("h1").inner_text() == "Lotse: usage report"
            # days, hours, languages, channels, topics
            assert page.locator("svg[role=img]").count() == 5
            page.evaluate(AXE.read_text(encoding="utf-8"))
            violations = page.evaluate(
                """async (tags) => (await axe.run(document, {runOnly: {type: "tag",
                     values: tags}})).violations.map((v) => `${v.id}: ${v.help}`)""", WCAG_AA)
            assert violations == []
            assert requests == [page_file.as_uri()]  # nothing loaded from elsewhere
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()
