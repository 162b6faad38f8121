"""The referral keywords (knowledge/referrals.yml) decide `out_of_scope` when the classifier
is unsure, so none may occur in an example of an immigration intent."""

import re

import yaml
from rasa.shared.nlu.training_data.loading import load_data

from tests.conftest import PROJECT_DIR

AUTHORITIES = yaml.safe_load((PROJECT_DIR / "knowledge" / "referrals.yml").read_text("utf-8"))[
    "authorities"
]


def test_no_referral_keyword_occurs_in_an_in_scope_training_example():
    keywords = {k for entry in AUTHORITIES.values() for ks in entry["keywords"].values()
                for k in ks}
    # "samochod … zarejestrowac": both parts in order, up to five words apart
    gap = r"\W+(?:\w+\W+){0,5}"
    pattern = re.compile(r"(?<!\w)(" + "|".join(
        gap.join(re.escape(part.strip()) for part in k.split("…"))
        for k in sorted(keywords, key=len)[::-1]) + r")(?!\w)")
    data = load_data(str(PROJECT_DIR / "data" / "nlu"))
    clashes = sorted(
        f"{m.get('intent')}: {m.get('text')} ({found[0]})"
        for m in data.intent_examples
        if m.get("intent") != "out_of_scope" and (found := pattern.findall(m.get("text").lower()))
    )
    assert not clashes, "\n".join(clashes)
