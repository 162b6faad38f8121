"""Another authority named with an unsure topic: the referral decides, clearly."""

from rasa.shared.nlu.training_data.message import Message

from lotse.nlu.referrals import AuthorityReferral


def test_a_named_authority_wins_clearly_over_an_unsure_topic():
    # "tax class 3/5 or 4/4, which is better": Finanzamt named, the classifier unsure
    referral = AuthorityReferral({"max_confidence": 0.9, "confidence": 0.9})
    ranking = [{"name": "turkish_association", "confidence": 0.89},
               {"name": "out_of_scope", "confidence": 0.11}]
    message = Message(data={"text": "tax class 3/5 or 4/4, which is better",
                            "intent": ranking[0], "intent_ranking": ranking,
                            "entities": [{"entity": "authority", "value": "finanzamt"}]})
    [message] = referral.process([message])
    first, second = message.get("intent_ranking")[:2]
    assert first == {"name": "out_of_scope", "confidence": 0.9}
    # far enough ahead that the fallback does not ask "did you mean …?" (ambiguity 0.02)
    assert first["confidence"] - second["confidence"] > 0.5


def test_an_unsure_out_of_remit_reading_with_a_named_authority_becomes_sure():
    # "… they ask me for a certificate of good conduct, do you do that too?": out_of_scope at
    # 0.13 would fall back to "did you mean …?"; the Bürgerbüro is named
    referral = AuthorityReferral({"max_confidence": 0.9, "confidence": 0.9})
    ranking = [{"name": "out_of_scope", "confidence": 0.13},
               {"name": "cancel_appointment", "confidence": 0.11}]
    message = Message(data={"text": "edhe per pune me kerkojne vertetim qe nuk jam i denuar",
                            "intent": ranking[0], "intent_ranking": ranking,
                            "entities": [{"entity": "authority", "value": "buergerbuero"}]})
    [message] = referral.process([message])
    assert message.get("intent") == {"name": "out_of_scope", "confidence": 0.9}
    assert [r["name"] for r in message.get("intent_ranking")] == [
        "out_of_scope", "cancel_appointment"]
