"""The extension form: when to apply, and what a title that has expired means."""

from datetime import date, timedelta

from babel.dates import format_date
from dateutil.relativedelta import relativedelta

from actions.forms.extension import ActionAnswerExtension, ValidateExtensionForm
from tests.actions.forms.conftest import responses, run

LEAD_WEEKS = 8  # extension_lead_weeks of the sample office


def answer(domain_dict, expiry: date, language="de"):
    return run(
        ActionAnswerExtension(),
        domain_dict,
        language=language,
        slots={"permit_expiry": expiry.isoformat()},
    )


def test_the_expiry_date_is_read_as_typed(domain_dict):
    _, slots = run(
        ValidateExtensionForm(), domain_dict, "gültig bis 15.03.2031", requested="permit_expiry"
    )
    assert slots["permit_expiry"] == "2031-03-15"


def test_an_expiry_told_as_how_far_ahead_is_not_asked_again(domain_dict):
    # "اقامتم تا دو ماه دیگه تموم میشه" (my permit ends in two months) got "until which date?"
    _, slots = run(ValidateExtensionForm(), domain_dict, "اقامتم تا دو ماه دیگه تموم میشه",
                   requested="permit_expiry", language="fa")
    assert slots["permit_expiry"] == (date.today() + relativedelta(months=2)).isoformat()
    # "early February, I don't have the card with me": the month, not the question again
    _, slots = run(ValidateExtensionForm(), domain_dict, "فکر کنم اوایل فوریه، کارت پیشم نیست",
                   requested="permit_expiry", language="fa")
    assert slots["permit_expiry"][4:] == "-02"  # the month, no day


def test_a_far_away_expiry_says_by_when_to_apply(domain_dict):
    expiry = date.today() + timedelta(weeks=30)
    messages, _ = answer(domain_dict, expiry)
    apply_by = expiry - timedelta(weeks=LEAD_WEEKS)
    assert messages[0]["response"] == "utter_extension_apply_by"
    assert messages[0]["apply_by"] == format_date(apply_by, "long", locale="de")
    assert "__81.html" in messages[1]["citations"]  # § 81 Abs. 4 AufenthG, linked
    assert responses(messages)[-2:] == ["utter_next_step", "utter_ask_feedback"]
    assert messages[-2]["appointment_payload"] == '/book_appointment{"service":"extension"}'


def test_an_expiry_within_the_lead_time_says_apply_now(domain_dict):
    messages, _ = answer(domain_dict, date.today() + timedelta(weeks=2), "en")
    assert messages[0]["response"] == "utter_extension_apply_now"


def test_an_expired_title_gets_the_permit_expired_guidance(domain_dict):
    messages, slots = answer(domain_dict, date.today() - timedelta(days=3))
    assert "utter_extension_apply_by" not in responses(messages)
    assert slots["topic"] == "permit_expired"
    assert "utter_legal_basis" in responses(messages)


def test_an_expiry_told_in_words_the_lists_lack_ends_the_planner(domain_dict):
    # "no, actually the card ran out 10 days ago": understood as permit_expired, no date read
    _, slots = run(ValidateExtensionForm(), domain_dict, "à không, thật ra thẻ hết hạn 10 hôm "
                   "trước rồi", intent="permit_expired", language="vi", requested="permit_expiry")
    assert slots["permit_expiry"] == "expired"


def test_a_time_ago_as_the_answer_means_the_title_has_run_out(domain_dict):
    # "it already expired ten days ago", read as a statement (inform), no date dateparser reads
    for text, language in [("अरे नहीं, वो तो दस दिन पहले ही expire हो चुका है", "hi"),
                           ("thẻ hết hạn 10 hôm trước rồi", "vi")]:
        _, slots = run(ValidateExtensionForm(), domain_dict, text, language=language,
                       requested="permit_expiry")
        assert slots["permit_expiry"] == "expired", text


def test_an_implausible_date_is_asked_again(domain_dict):
    messages, slots = run(
        ValidateExtensionForm(), domain_dict, "1.1.2090", requested="permit_expiry"
    )
    assert slots["permit_expiry"] is None
    assert responses(messages) == ["utter_invalid_permit_expiry"]


def test_a_russian_or_ukrainian_date_ends_the_sentence_with_one_full_stop():
    from actions.forms.extension import _long_date

    assert _long_date(date(2027, 3, 15), "ru").endswith("2027\u202fг")  # "… до {expiry}."
    assert _long_date(date(2027, 3, 15), "de") == "15. März 2027"


def test_a_month_without_a_day_is_said_as_the_month_not_as_its_first(domain_dict):
    # "kartım mart ayında bitiyor" got "İzniniz 1 Mart 2027 tarihine kadar geçerli": a day the
    # citizen never named
    _, slots = run(ValidateExtensionForm(), domain_dict, "kartım mart ayında bitiyor",
                   language="tr", requested="permit_expiry")
    messages, _ = run(ActionAnswerExtension(), domain_dict, "kartım mart ayında bitiyor",
                      language="tr", slots={"permit_expiry": slots["permit_expiry"]})
    said = " ".join(str(m.get("expiry", "")) for m in messages)
    assert "Mart" in said and "1 Mart" not in said
    # the month running now has not run out: apply now, no expired-permit warning
    messages, _ = run(ActionAnswerExtension(), domain_dict,
                      slots={"permit_expiry": date.today().strftime("%Y-%m")})
    assert "utter_extension_apply_now" in responses(messages)
    assert format_date(date.today(), "MMMM y", locale="de") in str(messages)
    # a month gone by has run out: the expired permit's guidance, not "valid until"
    gone = (date.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    messages, slots = run(ActionAnswerExtension(), domain_dict, slots={"permit_expiry": gone})
    assert "utter_extension_apply_now" not in responses(messages)
    assert slots["topic"] == "permit_expired"
    # a day named is still said as that day
    _, slots = run(ValidateExtensionForm(), domain_dict, "bis zum 1. März 2027",
                   requested="permit_expiry")
    assert slots["permit_expiry"] == "2027-03-01"


def test_a_toleration_running_out_gets_the_tolerations_answer_not_the_permit_planner(
        domain_dict):
    # "Duldung'um 10 gün sonra bitiyor" started the planner for a residence title: its
    # date asked three times, then the Fiktionsbescheinigung and "93 Euro"
    messages, slots = run(ValidateExtensionForm(), domain_dict,
                          "duldungum 10 gün sonra bitiyor, nasıl uzatırım?",
                          intent="extend_permit", language="tr")
    assert "93 Euro" not in str(messages) and "utter_extension_pending" not in responses(messages)
    assert "§ 60a AufenthG" in " ".join(m.get("citations", "") for m in messages)
    assert slots["form_finished"] is True and slots["topic"] == "toleration"
    assert "utter_ask_permit_expiry" not in responses(messages)


def test_a_national_visa_running_out_is_not_planned_as_an_extension(domain_dict):
    # "das visum läuft ende januar ab": the planner said when to apply, then listed the
    # extension's payslips and "93 Euro"; a national visa is followed by the permit for its
    # purpose, and the visa continues until the decision (§ 81 Abs. 4)
    for text, language in [("mein visum im pass läuft ende januar ab, was muss ich tun?", "de"),
                           ("my visa expires at the end of january, what do i do", "en")]:
        messages, slots = run(ValidateExtensionForm(), domain_dict, text,
                              intent="extend_permit", language=language)
        texts = " ".join(str(m.get("text", "")) for m in messages)
        assert "93" not in texts and "utter_extension_pending" not in responses(messages)
        assert "§ 6 AufenthG" in " ".join(m.get("citations", "") for m in messages) or \
            "__6.html" in " ".join(m.get("citations", "") for m in messages), text
        assert slots["form_finished"] is True and slots["topic"] == "extend_permit"
        assert "utter_ask_permit_expiry" not in responses(messages)


def test_an_eu_citizen_asked_for_the_expiry_is_not_asked_again(domain_dict):
    # "ich bin Italiener" when asked until when the title is valid got the free-movement
    # answer ("no residence title needed"), then the same question about the title again
    messages, slots = run(ValidateExtensionForm(), domain_dict, "ich bin Italiener",
                          intent="eu_citizens", requested="permit_expiry")
    assert "FreizügG/EU" in " ".join(m.get("citations", "") for m in messages)
    assert slots["form_finished"] is True and slots["topic"] == "eu_citizens"
    # a nationality that needs a title leaves the question open
    _, slots = run(ValidateExtensionForm(), domain_dict, "ich bin Inder",
                   requested="permit_expiry")
    assert not slots.get("form_finished")
