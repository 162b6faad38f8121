"""Yearly figures: derived thresholds follow the law's percentage, answers quote the office's
figures with year and source, and a stale figure is reported by the office check."""

import os
import re
import shutil
import subprocess
import sys

import yaml

from actions.figures import figure_facts, load_definitions
from actions.knowledge import load_knowledge
from actions.office import load_registry
from tests.conftest import LANGUAGES, PROJECT_DIR
from tests.test_legal_citations import paragraph_text

KNOWN = load_definitions(PROJECT_DIR / "knowledge")
OFFICE = load_registry(PROJECT_DIR / "office").default


def test_each_derived_threshold_is_the_percentage_its_paragraph_states():
    for figure_id, rule in KNOWN.derived.items():
        law = " ".join(paragraph_text(rule["basis"]).split())
        wording = f"{rule['percent']} Prozent der jährlichen Beitragsbemessungsgrenze"
        assert wording in law, figure_id


def test_answers_use_only_known_figures():
    knowledge = load_knowledge(PROJECT_DIR / "knowledge")
    for topic in knowledge.topics.values():
        for text in topic.answer.values():
            for name in re.findall(r"{figure_(\w+)}", text):
                assert name in KNOWN.ids, f"{topic.id}: unknown figure {name}"


def test_a_threshold_is_quoted_with_amount_year_and_source():
    # sample office: Beitragsbemessungsgrenze 2026 = 101 400 €; 50 % of it for the Blue Card
    assert OFFICE.figures["pension_ceiling"].amount == 101400
    text = figure_facts(OFFICE, "de")["figure_blue_card_salary"]
    assert "50.700 €" in text and "2026" in text and "deutsche-rentenversicherung.de" in text
    assert "45.934,20 €" in figure_facts(OFFICE, "de")["figure_blue_card_salary_reduced"]
    assert "€50,700" in figure_facts(OFFICE, "en")["figure_blue_card_salary"]


def test_an_office_without_the_figure_sends_people_to_the_office_not_a_placeholder():
    bare = OFFICE.copy(update={"figures": {}})
    for language in LANGUAGES:
        facts = figure_facts(bare, language)
        assert set(facts) == {f"figure_{i}" for i in KNOWN.ids}
        assert all("{" not in text and not re.search(r"\d", text) for text in facts.values())


def test_the_office_check_warns_about_a_figure_past_its_date(tmp_path):
    shutil.copy(PROJECT_DIR / "office" / "musterhausen.yml", tmp_path / "musterhausen.yml")
    config = yaml.safe_load((tmp_path / "musterhausen.yml").read_text("utf-8"))
    config["figures"]["pension_ceiling"]["valid_until"] = "2020-12-31"
    (tmp_path / "musterhausen.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "actions.office"], cwd=PROJECT_DIR, capture_output=True, text=True,
        env={**os.environ, "LOTSE_OFFICE_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr  # a stale figure does not stop the assistant
    assert "pension_ceiling" in result.stderr and "2020-12-31" in result.stderr
