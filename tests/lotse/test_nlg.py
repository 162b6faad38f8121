import asyncio

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from lotse import settings
from lotse.nlg import LocalizedNLG

DOMAIN = Domain.from_dict(
    {
        "slots": {"language": {"type": "text", "mappings": [{"type": "custom"}]}},
        "responses": {
            "utter_hello": [{"text": "Hallo {name}!"}],
            "utter_only_german": [{"text": "Nur deutsch"}],
        },
    }
)


def generator(tmp_path):
    (tmp_path / "en.yml").write_text(
        "responses:\n  utter_hello:\n    - text: 'Hello {name}!'\n", encoding="utf-8"
    )
    config = EndpointConfig(type="lotse.nlg.LocalizedNLG", locales=str(tmp_path))
    nlg = LocalizedNLG(config, Domain.empty())
    nlg.responses = DOMAIN.responses  # as Rasa's Agent does once the model is loaded
    return nlg


def say(nlg, response, *events, **kwargs):
    tracker = DialogueStateTracker.from_events("c", list(events), slots=DOMAIN.slots)
    return asyncio.run(nlg.generate(response, tracker, "rest", **kwargs))["text"]


def english(text):
    return UserUttered(text, parse_data={"language": {"code": "en"}})


def test_answers_in_german_by_default(tmp_path):
    assert say(generator(tmp_path), "utter_hello", name="Ana") == "Hallo Ana!"


def test_answers_in_the_language_the_citizen_writes(tmp_path):
    assert say(generator(tmp_path), "utter_hello", english("Hello"), name="Ana") == "Hello Ana!"


def test_an_explicit_language_choice_is_followed(tmp_path):
    nlg = generator(tmp_path)
    assert say(nlg, "utter_hello", SlotSet("language", "en"), name="Ana") == "Hello Ana!"


def test_a_missing_translation_falls_back_to_german_not_to_silence(tmp_path):
    assert say(generator(tmp_path), "utter_only_german", english("Hello")) == "Nur deutsch"


def test_an_unknown_language_falls_back_to_german(tmp_path):
    nlg = generator(tmp_path)
    assert say(nlg, "utter_hello", SlotSet("language", "xx"), name="Ana") == "Hallo Ana!"


def test_intent_payloads_stay_as_written_and_placeholders_are_filled(tmp_path, capsys):
    domain = Domain.from_dict(
        {
            "responses": {
                "utter_pick": [
                    {
                        "text": "Pick one",
                        "buttons": [
                            {"title": "Soon", "payload": '/inform{"preferred_days":"soonest"}'},
                            {"title": "Book {what}", "payload": "{appointment_payload}"},
                        ],
                    }
                ]
            }
        }
    )
    nlg = generator(tmp_path)
    nlg.responses = domain.responses
    tracker = DialogueStateTracker.from_events("c", [], slots=domain.slots)
    message = asyncio.run(
        nlg.generate(
            "utter_pick", tracker, "rest", what="it", appointment_payload="/book_appointment"
        )
    )
    assert message["buttons"] == [
        {"title": "Soon", "payload": '/inform{"preferred_days":"soonest"}'},
        {"title": "Book it", "payload": "/book_appointment"},
    ]
    # Rasa's interpolator reports a payload it cannot fill as an error (via structlog)
    logged = capsys.readouterr()
    assert "interpolator" not in logged.out + logged.err


def test_the_translations_come_from_the_locales_setting(tmp_path, monkeypatch):
    """LOTSE_LOCALES_DIR moves both servers' translations, not only the action server's."""
    (tmp_path / "xx.yml").write_text('responses:\n  utter_greet:\n    - text: "Salve"\n')
    monkeypatch.setattr(settings, "LOCALES_DIR", tmp_path)
    generator = LocalizedNLG(EndpointConfig(type="lotse.nlg.LocalizedNLG"), Domain.empty())
    assert list(generator.locales) == ["xx"]
