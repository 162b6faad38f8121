"""What is kept of a citizen's message loses the personal details and keeps what the office
still needs (references, postal codes, dates of procedures)."""

from datetime import date

import pytest

from lotse_common.redaction import redact

PERSONAL = [
    ("Schreiben Sie mir an erika.muster@example.org", "erika.muster@example.org"),
    ("call me on +49 171 2345678 please", "2345678"),
    ("meine Handynummer ist 0176/12345678", "12345678"),
    ("رقمي 0176 12345678", "12345678"),
    ("Meine IBAN: DE89 3704 0044 0532 0130 00", "0532"),
    ("geboren am 12.03.1985 in Damaskus", "1985"),
    ("date of birth 1990-07-21", "1990-07-21"),
    ("Passnummer C01X00T47, abgelaufen", "C01X00T47"),
    ("my passport number is c01x00t47", "c01x00t47"),
    ("Ich wohne in der Hauptstraße 12a in Rosenheim", "Hauptstraße 12a"),
    ("my address is Am Mühlweg 3", "Mühlweg 3"),
    ("Aktenzeichen 1234567890 bitte", "1234567890"),
]


@pytest.mark.parametrize("text, detail", PERSONAL)
def test_personal_details_are_masked(text, detail):
    assert detail not in redact(text)


KEPT = [
    "Ich möchte meinen Termin T-AB12-CD34 absagen",
    "Anfrage K-7F3A-9KQ2, gibt es schon eine Antwort?",
    "Ich wohne in 83022 Rosenheim",
    f"Meine Karte läuft am 14.12.{date.today().year + 1} ab",
    "Ich verdiene 45000 Euro im Jahr und arbeite 40 Stunden",
    "Seit 2019 in Deutschland, drei Kinder",
]


@pytest.mark.parametrize("text", KEPT)
def test_what_the_conversation_needs_stays(text):
    assert redact(text) == text
