"""A new language's texts go out to a translator and come back into the right places."""

import shutil

import yaml

from scripts.translation_files import check, export, import_
from scripts.translations import translations
from tests.conftest import PROJECT_DIR


def project_copy(tmp_path):
    for name in ("domain.yml", "locales", "knowledge", "office"):
        source = PROJECT_DIR / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    return tmp_path


def test_every_text_goes_out_and_comes_back_next_to_the_other_languages(tmp_path):
    project = project_copy(tmp_path)
    sheet = tmp_path / "translate-xx.yml"
    count = export("xx", sheet, project)
    assert count == len(translations(project)["en"])
    assert check("xx", sheet)  # nothing translated yet
    entries = yaml.safe_load(sheet.read_text("utf-8"))
    for entry in entries:  # the translator's work: here the English, marked
        english = entry["en"]
        entry["xx"] = ([{**v, "text": "XX " + v["text"]} for v in english]
                       if isinstance(english, list) else "XX " + english)
    sheet.write_text(yaml.safe_dump(entries, allow_unicode=True), "utf-8")
    assert check("xx", sheet) == []
    labels_before = (project / "knowledge" / "labels.yml").read_text("utf-8")

    import_("xx", sheet, project)

    found = translations(project)["xx"]
    assert len(found) == count
    assert all(str(text).startswith(("XX ", "[{")) or "XX " in str(text)
               for _, text in found.values())
    locale = yaml.safe_load((project / "locales" / "xx.yml").read_text("utf-8"))["responses"]
    assert locale["utter_greet"][0]["text"].startswith("XX ")
    # the other languages and the files' comments stay as they were
    labels_after = (project / "knowledge" / "labels.yml").read_text("utf-8")
    assert labels_after.splitlines()[0] == labels_before.splitlines()[0]
    assert translations(project)["uk"] == translations(PROJECT_DIR)["uk"]


def test_a_translation_that_drops_a_placeholder_is_reported(tmp_path):
    project = project_copy(tmp_path)
    sheet = tmp_path / "translate-xx.yml"
    export("xx", sheet, project)
    entries = yaml.safe_load(sheet.read_text("utf-8"))
    for entry in entries:
        english = entry["en"]
        entry["xx"] = ([{**v, "text": "no placeholders"} for v in english]
                       if isinstance(english, list) else "no placeholders")
    sheet.write_text(yaml.safe_dump(entries, allow_unicode=True), "utf-8")
    problems = check("xx", sheet)
    assert "domain:utter_greet: placeholders differ" in problems
