"""No translation is older than its German text (issue #22: "a corrected German answer can
never leave a stale Russian one behind silently")."""

import shutil

import yaml

from scripts.translations import stale, stamp
from tests.conftest import LANGUAGES, PROJECT_DIR


def test_every_translation_was_made_from_the_current_german_text():
    found = stale()
    assert not found["stale"], (
        "German texts changed after these translations were made; update them, then "
        f"`python scripts/translations.py --stamp`: {found['stale']}")
    assert not found["unstamped"], (
        f"translations without a recorded source (`--stamp` once done): {found['unstamped']}")


def test_a_changed_german_answer_leaves_its_translations_stale(tmp_path):
    for name in ("domain.yml", "locales", "knowledge", "office"):
        source = PROJECT_DIR / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    stamps = tmp_path / "translated-from.yml"
    stamp(tmp_path, stamps)
    topics = tmp_path / "knowledge" / "topics" / "protection.yml"
    data = yaml.safe_load(topics.read_text("utf-8"))
    data["topics"]["toleration"]["answer"]["de"] += " Neuer Satz."
    topics.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    found = stale(tmp_path, stamps)
    name = "knowledge/topics/protection.yml:topics.toleration.answer"
    # every language the answer is translated into, and nothing else
    translated = sorted(language for language in LANGUAGES if language != "de")
    assert sorted(found["stale"]) == [(language, name) for language in translated]
    assert found["unstamped"] == []
