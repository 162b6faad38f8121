import asyncio
import sqlite3
from datetime import datetime, timedelta, timezone

from rasa_sdk.executor import CollectingDispatcher

from actions import settings
from actions.feedback import actions as feedback_actions
from actions.feedback.store import FeedbackStore, redact
from tests.conftest import make_tracker, user_event


def test_ratings_and_comments_are_summarised_per_topic(store_at):
    store = FeedbackStore(store_at("feedback"))
    store.rate("positive", "de", "blue_card", None)
    bad = store.rate("negative", "en", "blue_card", None)
    store.rate("negative", "tr", "fees", None)
    store.comment(bad, "the salary figure was missing")
    summary = {s.topic: s for s in store.summary()}
    assert (summary["blue_card"].positive, summary["blue_card"].negative) == (1, 1)
    assert summary["blue_card"].comments == ["the salary figure was missing"]
    assert [s.topic for s in store.summary()][0] == "fees"  # worst rated first
    tomorrow = datetime.now(timezone.utc) + timedelta(days=1)
    assert store.summary(since=tomorrow) == []


def test_comments_lose_e_mail_addresses_and_phone_numbers():
    text = redact("write me at ana.k@example.org or call 0171 2345678, thanks")
    assert text == "write me at [e-mail] or call [phone], thanks"


def test_the_rating_actions_store_topic_and_language(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path)
    monkeypatch.setattr(feedback_actions, "_store", None)
    events = [user_event("👎", "en", intent="feedback_negative")]
    tracker = make_tracker(events, {"topic": "fees"})
    dispatcher = CollectingDispatcher()
    result = asyncio.run(feedback_actions.ActionStoreFeedback().run(dispatcher, tracker, {}))
    assert dispatcher.messages == []  # the feedback form asks what was missing
    feedback_id = result[0]["value"]
    comment_tracker = make_tracker(
        events, {"feedback_id": feedback_id, "feedback_comment": "mail me: a@b.de"}
    )
    asyncio.run(
        feedback_actions.ActionStoreFeedbackComment().run(dispatcher, comment_tracker, {})
    )
    [summary] = FeedbackStore(tmp_path / "feedback.db").summary()
    assert (summary.topic, summary.negative, summary.comments) == ("fees", 1, ["mail me: [e-mail]"])


def test_an_insult_as_comment_is_not_thanked_for_nor_stored(tmp_path, monkeypatch):
    store = FeedbackStore(tmp_path / "feedback.db")
    monkeypatch.setattr(feedback_actions, "_store", store)
    feedback_id = store.rate("negative", "en", "fees", None)
    insult = "you are useless idiots"
    tracker = make_tracker(
        [user_event(insult, "en", "out_of_scope")],
        {"feedback_id": feedback_id, "feedback_comment": insult},
    )
    dispatcher = CollectingDispatcher()
    asyncio.run(feedback_actions.ActionStoreFeedbackComment().run(dispatcher, tracker, {}))
    assert [m["response"] for m in dispatcher.messages] == ["utter_complaint"]
    assert store.summary()[0].comments == []


def test_a_rating_keeps_the_office_that_answered(tmp_path, monkeypatch):
    # the office report per office (scripts/report.py) reads it
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path)
    monkeypatch.setattr(feedback_actions, "_store", None)
    events = [user_event("👎", "de", intent="feedback_negative")]
    for slots, office in (({"topic": "fees"}, "lk-musterhausen"),
                          ({"topic": "fees", "office_id": "stadt-musterstadt"},
                           "stadt-musterstadt")):
        asyncio.run(feedback_actions.ActionStoreFeedback().run(
            CollectingDispatcher(), make_tracker(events, slots), {}))
        with sqlite3.connect(tmp_path / "feedback.db") as db:
            stored = db.execute("SELECT office_id FROM feedback ORDER BY id DESC").fetchone()
        assert stored == (office,)


def test_a_store_of_an_earlier_version_gets_the_office_column(tmp_path):
    with sqlite3.connect(tmp_path / "feedback.db") as db:
        db.execute("CREATE TABLE feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT"
                   " NOT NULL, topic TEXT, response TEXT, language TEXT NOT NULL, rating TEXT"
                   " NOT NULL, comment TEXT)")
    FeedbackStore(tmp_path / "feedback.db").rate("positive", "de", "fees", None, "x")
    with sqlite3.connect(tmp_path / "feedback.db") as db:
        assert db.execute("SELECT office_id FROM feedback").fetchall() == [("x",)]


def test_a_comment_that_asks_a_question_gets_it_answered(tmp_path, monkeypatch):
    # "thiếu tổng tiền cho 4 người" after 👎 was thanked for as feedback and not answered
    store = FeedbackStore(tmp_path / "feedback.db")
    monkeypatch.setattr(feedback_actions, "_store", store)
    feedback_id = store.rate("negative", "de", "settlement_permit", None)
    question = "wie lange dauert die Verlängerung meiner Aufenthaltserlaubnis?"
    tracker = make_tracker(
        [user_event(question, "de", "processing_time", confidence=0.9)],
        {"feedback_id": feedback_id, "feedback_comment": question},
    )
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        feedback_actions.ActionStoreFeedbackComment().run(dispatcher, tracker, {}))
    responses = [m.get("response") for m in dispatcher.messages]
    assert responses[0] == "utter_feedback_comment_thanks" and len(responses) > 1
    assert {"event": "slot", "name": "topic", "value": "processing_time"} in [
        {k: e.get(k) for k in ("event", "name", "value")} for e in events]
    # a comment that only rates is thanked for, nothing more
    tracker = make_tracker([user_event("zu lang", "de", "out_of_scope", confidence=0.5)],
                           {"feedback_id": feedback_id, "feedback_comment": "zu lang"})
    dispatcher = CollectingDispatcher()
    asyncio.run(feedback_actions.ActionStoreFeedbackComment().run(dispatcher, tracker, {}))
    assert [m.get("response") for m in dispatcher.messages] == ["utter_feedback_comment_thanks"]
