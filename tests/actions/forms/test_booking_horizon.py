"""A day wished beyond the booking horizon ("27.07." in December): from when it can be
booked and the nearest free times; a day and month long gone this year is next year's."""

from datetime import date, timedelta

from babel.dates import format_date

from actions.office import current_registry
from tests.actions.forms.conftest import responses
from tests.actions.forms.test_appointment import offer


def test_a_day_beyond_the_booking_horizon_says_from_when_it_can_be_booked(domain_dict):
    # "End of July, morning" / "27.07." asked in December got "no free appointments in this
    # period" (and a day of the past July was searched)
    far = date.today() + timedelta(days=200)
    while far.weekday() in (2, 5, 6):  # a day the sample office opens
        far += timedelta(days=1)
    messages, slots = offer(domain_dict, format_date(far, "d.M.", locale="de"))
    assert responses(messages)[0] == "utter_beyond_booking_horizon"
    horizon = current_registry().default.appointments.embedded.booking_horizon_days
    opens = far - timedelta(days=horizon)
    assert format_date(opens, "long", locale="de").rstrip(".") == messages[0]["opens"]
    # and the nearest free times, as for any day without free times
    assert "utter_no_free_slots_nearby" in responses(messages) and slots["appointment_options"]
    # a day and month gone by this year is next year's, not a day of the past searched
    past = date.today() - timedelta(days=100)
    messages, _ = offer(domain_dict, format_date(past, "d.M.", locale="de"))
    assert responses(messages)[0] == "utter_beyond_booking_horizon"
    # a day just gone by (a slip) or a year typed is not moved a year ahead
    for said in (date.today() - timedelta(days=2), past):
        text = format_date(said, "d.M.y" if said == past else "d.M.", locale="de")
        messages, _ = offer(domain_dict, text)
        assert "utter_beyond_booking_horizon" not in responses(messages), text
