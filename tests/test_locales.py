"""Every response exists in every language, with the same placeholders."""

import re
from pathlib import Path

import pytest
import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
LOCALES = sorted((PROJECT_DIR / "locales").glob("*.yml"))
SOURCE = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))["responses"]


def placeholders(variations):
    return {frozenset(re.findall(r"{(\w+)}", v.get("text", ""))) for v in variations}


def test_there_is_at_least_one_translation():
    assert LOCALES, "no locales/<lang>.yml found"


@pytest.mark.parametrize("locale", LOCALES, ids=lambda p: p.stem)
def test_every_response_is_translated(locale):
    translated = yaml.safe_load(locale.read_text(encoding="utf-8"))["responses"]
    assert sorted(set(SOURCE) - set(translated)) == [], f"missing in {locale.name}"
    assert sorted(set(translated) - set(SOURCE)) == [], f"not in domain.yml: {locale.name}"


@pytest.mark.parametrize("locale", LOCALES, ids=lambda p: p.stem)
def test_translations_are_not_empty_and_keep_the_placeholders(locale):
    translated = yaml.safe_load(locale.read_text(encoding="utf-8"))["responses"]
    for name, variations in translated.items():
        assert variations and all(v.get("text", "").strip() for v in variations), name
        assert placeholders(variations) == placeholders(SOURCE[name]), name


def payloads(variations):
    return [[b.get("payload") for b in v.get("buttons") or []] for v in variations]


@pytest.mark.parametrize("locale", LOCALES, ids=lambda p: p.stem)
def test_buttons_send_what_the_german_ones_send(locale):
    """A translated button that sends something else does nothing when tapped: an unquoted
    `payload: {appointment_payload}` is a YAML mapping, not the appointment request."""
    translated = yaml.safe_load(locale.read_text(encoding="utf-8"))["responses"]
    for name, variations in translated.items():
        assert payloads(variations) == payloads(SOURCE[name]), name


def test_the_language_name_lookup_is_up_to_date():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "scripts/generate_lookups.py", "--check"],
        cwd=PROJECT_DIR, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout


def _keys(labels, prefix=""):
    for key, value in labels.items():
        if isinstance(value, dict):
            yield from _keys(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}"


@pytest.mark.parametrize("locale", LOCALES, ids=lambda p: p.stem)
def test_the_widget_has_its_own_labels_in_every_language(locale):
    """Without them a Persian citizen would meet English buttons around Persian answers."""
    import json

    folder = PROJECT_DIR / "widget" / "src" / "labels"
    english = json.loads((folder / "en.json").read_text("utf-8"))
    path = folder / f"{locale.stem}.json"
    assert path.is_file(), f"widget labels missing: {path.relative_to(PROJECT_DIR)}"
    labels = json.loads(path.read_text("utf-8"))
    assert sorted(_keys(labels)) == sorted(_keys(english))
    assert all(str(v).strip() for v in _flat(labels))


def _flat(labels):
    for value in labels.values():
        yield from (_flat(value) if isinstance(value, dict) else [value])
