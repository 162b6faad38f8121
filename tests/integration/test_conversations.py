"""Whole conversations over the REST channel of a running Lotse (Rasa + action server).

The two-stage fallback rewinds the conversation inside the action server's loop, which
`rasa test` (no action server) cannot replay, so it is tested here.
"""


def replies(stack, sender, text):
    response = stack.send(sender, text)
    assert response.status_code == 200, response.text
    return response.json()


def test_an_answer_comes_with_legal_basis_next_step_and_rating(stack):
    messages = replies(stack, "conv-answer", "Was brauche ich für die Blaue Karte EU?")
    texts = [m.get("text", "") for m in messages]
    assert any("Blaue Karte" in t for t in texts)
    assert any("§ 18g" in t and "gesetze-im-internet.de" in t for t in texts)
    payloads = [b["payload"] for m in messages for b in m.get("buttons", [])]
    # the appointment button already names the service, so the form need not ask for it
    assert '/book_appointment{"service":"blue_card"}' in payloads
    assert "/feedback_negative" in payloads


def test_a_negative_rating_asks_what_was_missing_and_offers_contact(stack):
    replies(stack, "conv-rating", "Was kostet eine Niederlassungserlaubnis?")
    [question] = replies(stack, "conv-rating", "/feedback_negative")
    assert "Was hat Ihnen gefehlt?" in question["text"]
    closing = replies(stack, "conv-rating", "Mir fehlte der genaue Betrag")
    assert "Danke" in closing[0]["text"]
    assert "+49 1234 5678-0" in closing[1]["text"]  # the office's phone number


def test_nonsense_is_asked_to_be_said_in_words_with_the_frequent_topics_and_a_person(stack):
    # not one known word: no topic to guess ("did you mean the Blue Card?" would be a riddle)
    [rephrase] = replies(stack, "conv-nonsense", "xkq wrr blrp")
    assert "anders formulieren" in rephrase["text"]
    payloads = [b["payload"] for b in rephrase["buttons"]]
    assert "/extend_permit" in payloads and "/request_human" in payloads
    assert "/blue_card" not in payloads


def test_unclear_input_offers_likely_topics_then_a_person(stack):
    [did_you_mean] = replies(stack, "conv-fallback", "xkq Karte blrp")
    assert did_you_mean["text"].startswith("Ich bin nicht sicher")
    assert did_you_mean["buttons"][-1]["payload"] == "/out_of_scope"
    [rephrase] = replies(stack, "conv-fallback", "/out_of_scope")
    assert "anders formulieren" in rephrase["text"]
    [again] = replies(stack, "conv-fallback", "qqq Karte ttt")
    assert again["text"].startswith("Ich bin nicht sicher")
    [default] = replies(stack, "conv-fallback", "/out_of_scope")  # second miss
    assert "/request_human" in [b["payload"] for b in default["buttons"]]


def test_choosing_a_suggested_topic_answers_it(stack):
    [did_you_mean] = replies(stack, "conv-pick", "xkq Karte blrp")
    assert "/blue_card" in [b["payload"] for b in did_you_mean["buttons"]]
    messages = replies(stack, "conv-pick", "/blue_card")
    assert any("§ 18g AufenthG" in m.get("text", "") for m in messages)


def test_switching_language_changes_all_following_answers(stack):
    [confirmation] = replies(stack, "conv-lang", "Können wir auf Türkisch schreiben?")
    assert "Türkçe" in confirmation["text"]
    [hours] = replies(stack, "conv-lang", "/office_hours")
    assert "Pzt" in hours["text"]  # Turkish weekday names


def test_the_language_menu_lists_every_supported_language(stack):
    [menu] = replies(stack, "conv-menu", "/change_language")
    titles = {b["title"] for b in menu["buttons"]}
    assert {"Deutsch", "English", "Türkçe", "العربية", "Українська"} <= titles


def test_a_language_lotse_does_not_speak_gets_german_english_and_the_menu(stack):
    [reply] = replies(stack, "conv-dutch",
                      "Goedemorgen, ik wil graag mijn verblijfsvergunning verlengen")
    assert "Diese Sprache spreche ich leider noch nicht" in reply["text"]
    assert "I do not speak this language yet" in reply["text"]
    english = next(b["payload"] for b in reply["buttons"] if b["title"] == "English")
    [switched] = replies(stack, "conv-dutch", english)
    assert "English" in switched["text"]


def test_a_postal_code_makes_the_responsible_office_answer(stack):
    [reply] = replies(stack, "conv-office", "Welche Behörde ist für 99920 zuständig?")
    assert "Stadt Musterstadt" in reply["text"]
    [hours] = replies(stack, "conv-office", "Wann habt ihr geöffnet?")
    assert "Musterstadt" in hours["text"]


def test_with_subsidiary_protection_the_settlement_answer_names_the_rules_that_apply(stack):
    """Not only the refugees' privileged rules (A2 after five years): subsidiary protection
    falls under § 26 Abs. 4 and the general conditions (German B1, pension contributions)."""
    question = ("Ich habe seit 2019 subsidiären Schutz. "
                "Wann kann ich die Niederlassungserlaubnis bekommen?")
    texts = " ".join(m.get("text", "") for m in replies(stack, "conv-subsidiary", question))
    assert "B1" in texts and "§ 26 Abs. 4" in texts
