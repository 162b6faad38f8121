"""From the plays of 2026-12-07: answers narrowed by a title or status the citizen holds
or names: B1 shortens the Blue Card's months (§ 18c Abs. 2), a title that allows any work needs
no training permit (§ 4a Abs. 1), the Chancen-Aufenthaltsrecht's transition (§ 104c), the
Chancenkarte's hours (§ 20a Abs. 2)."""

from tests.actions.test_answers import answer_to


def test_sufficient_german_told_shortens_the_blue_cards_months_of_contributions():
    # "23 months pension contributions and B1 german certificate" got "as a rule 27 months are
    # needed": with B1, 21 months are enough (§ 18c Abs. 2 Satz 3 AufenthG)
    told = ("since 2 yrs on Blue Card. I have 23 months pension contributions and B1 german "
            "certificate. When can I apply for settlement permit?")
    [_, compared, *_] = answer_to(told, language="en", entities={"residence_title": "blue_card"})
    assert compared["response"] == "utter_contributions_enough"
    assert (compared["named"], compared["needed"]) == ("23", "21")
    # A2 is not sufficient German: the 27 months stay
    [_, compared, *_] = answer_to(told.replace("B1", "A2"), language="en",
                                  entities={"residence_title": "blue_card"})
    assert (compared["response"], compared["needed"]) == ("utter_contributions_short", "27")
    # B1 not held or only asked about is no B1
    for text in ("I have 23 months pension contributions, but no B1 yet. Can I apply?",
                 "I have 23 months pension contributions, do I need B1 for the settlement permit?",
                 "голубая карта с 1 января 2024, 23 месяца взносов в пенсионное, когда ПМЖ?"):
        [_, compared, *_] = answer_to(text, language="ru" if "голубая" in text else "en",
                                      entities={"residence_title": "blue_card"})
        assert compared.get("needed") == "27", text


def test_training_with_a_title_that_allows_any_work_needs_no_training_permit():
    # "мой сын 17 лет, у него тоже §24, хочет начать ausbildung … нужно разрешение?" got the
    # § 16a training permit, its B1 and its 100 Euro
    said = answer_to("мой сын 17 лет, у него тоже §24, хочет начать ausbildung на повара с "
                     "сентября. ему можно? нужно какое-то разрешение от вас?",
                     intent="vocational_training", language="ru",
                     entities={"residence_title": "ukraine_protection"})
    texts = " ".join(str(m.get("text") or "") + str(m.get("citations") or "") for m in said)
    assert "§ 4a Abs. 1 AufenthG" in texts and "§ 16a" not in texts
    assert "100 Euro" not in str(said)
    # a son abroad who needs a visa is not told that the parent's title allows his work
    abroad = answer_to("Ich habe eine Niederlassungserlaubnis. Mein Sohn lebt in der Türkei und "
                       "möchte hier eine Ausbildung machen. Welches Visum braucht er?",
                       intent="vocational_training",
                       entities={"residence_title": "settlement_permit"})
    assert "§ 16a AufenthG" in str(abroad) and "§ 4a Abs. 1" not in str(abroad)
    # someone coming for the training keeps the training permit's answer
    plain = answer_to("Ich möchte eine Ausbildung in Deutschland machen, welches Visum brauche "
                      "ich?", intent="vocational_training")
    assert "§ 16a AufenthG" in str(plain)


def test_the_chancen_aufenthaltsrecht_is_the_transition_rule_not_the_employment_toleration():
    # "Gibt es das Chancen-Aufenthaltsrecht noch?" got the toleration's answer and its
    # Beschäftigungsduldung deadline, twice after "I did not ask about that"
    for text, language in (("Gibt es das Chancen-Aufenthaltsrecht noch? Ich bin seit 2017 "
                            "geduldet.", "de"),
                           ("na, man dar morede Beschäftigungsduldung napursidam. "
                            "Chancen-Aufenthaltsrecht, § 104c. hanooz vojood dare?", "fa")):
        messages = answer_to(text, intent="toleration", language=language)
        said = " ".join(str(m.get("text") or "") + str(m.get("citations") or "")
                        for m in messages)
        assert "§ 104c Abs. 2 AufenthG" in said and "§ 25b Abs. 1 AufenthG" in said, text
        # not the toleration's renewal and its fee
        assert "utter_fee_amount" not in [m.get("response") for m in messages], text
    for text in ("Ich habe eine Duldung, was bedeutet das?",
                 "Ich habe eine Duldung. Habe ich Chancen Aufenthaltserlaubnis zu "
                 "bekommen?"):
        assert "104c" not in str(answer_to(text, intent="toleration")), text


def test_an_opportunity_card_holder_asking_how_much_to_work_gets_the_cards_limit():
    # "tengo la Chancenkarte … cuantas horas puedo trabajar a la semana?" got the students'
    # 140 working days a year
    for intent in ("work_permission", "opportunity_card"):
        said = answer_to("tengo la Chancenkarte desde hace 2 meses. cuantas horas puedo trabajar "
                         "a la semana? encontre un trabajo en un restaurante", intent=intent,
                         language="es", entities={"residence_title": "opportunity_card"})
        texts = " ".join(str(m.get("text") or "") + str(m.get("citations") or "") for m in said)
        assert "§ 20a Abs. 2 AufenthG" in texts and "140" not in texts, intent
    # the card named is read as the service, not as a title held: the same answer
    said = answer_to("tengo la Chancenkarte desde hace 2 meses. cuantas horas puedo trabajar a "
                     "la semana?", intent="work_permission", language="es",
                     entities={"service": "opportunity_card"})
    assert "§ 20a Abs. 2 AufenthG" in str(said)
