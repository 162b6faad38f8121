import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from actions.office import OfficeConfigError, load_office, load_registry
from tests.conftest import PROJECT_DIR

SAMPLES = PROJECT_DIR / "office"


def sample() -> dict:
    return yaml.safe_load((SAMPLES / "musterhausen.yml").read_text(encoding="utf-8"))


def write(directory: Path, name: str, content: dict) -> Path:
    path = directory / f"{name}.yml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    return path


def test_the_shipped_sample_offices_are_valid():
    registry = load_registry(SAMPLES)
    assert registry.default.id == "lk-musterhausen"
    assert len(registry.offices) == 2


def test_the_place_of_residence_decides_which_office_answers():
    registry = load_registry(SAMPLES)
    assert registry.responsible_for("99921").id == "stadt-musterstadt"
    assert registry.responsible_for("Ich wohne in 99905 Neudorf").id == "lk-musterhausen"
    assert registry.responsible_for("beispielfeld").id == "lk-musterhausen"
    assert registry.responsible_for("10115") is None


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda c: c["contact"].update(email="not-an-address"), "contact.email"),
        (lambda c: c["opening_hours"]["days"].update(mon=["8-12"]), "'8-12' is not HH:MM-HH:MM"),
        (lambda c: c["opening_hours"]["days"].update(mon=["12:00-08:00"]), "ends before it starts"),
        (lambda c: c.pop("extension_lead_weeks"), "extension_lead_weeks: field required"),
        (lambda c: c.update(holidays_state="XX"), "holidays_state"),
        (lambda c: c["name"].pop("de"), "name: a 'de' entry is required"),
        (lambda c: c["services"][0].update(legal_basis=["AufenthG 81"]), "services.0.legal_basis"),
        (lambda c: c.update(opening_hour={}), "opening_hour: extra fields not permitted"),
        (lambda c: c["services"].append(c["services"][0]), "service ids must be unique"),
        (lambda c: c["services"][0].update(walk_in={"days": {"wed": ["08:00-12:00"]}}),
         "walk-in wed 08:00-12:00 is outside the opening hours"),
    ],
)
def test_a_broken_file_is_refused_naming_the_key(tmp_path, change, message):
    content = sample()
    change(content)
    path = write(tmp_path, "office", content)
    with pytest.raises(OfficeConfigError) as error:
        load_office(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)


def test_two_offices_claiming_one_postal_code_are_refused(tmp_path):
    first, second = sample(), sample()
    second.update(id="other", default=False)
    write(tmp_path, "a", first)
    write(tmp_path, "b", second)
    with pytest.raises(OfficeConfigError, match="postal code '99901' is claimed by both"):
        load_registry(tmp_path)


def test_several_offices_need_exactly_one_default(tmp_path):
    first, second = sample(), sample()
    second.update(id="other", responsibility={"postal_codes": ["11111"], "towns": []})
    write(tmp_path, "a", first)
    write(tmp_path, "b", second)
    with pytest.raises(OfficeConfigError, match="exactly one office needs 'default: true'"):
        load_registry(tmp_path)


def test_the_check_command_prints_one_line_naming_the_key(tmp_path):
    content = sample()
    content["contact"]["phone"] = "call us"
    write(tmp_path, "office", content)
    result = subprocess.run(
        [sys.executable, "-m", "actions.office"],
        cwd=PROJECT_DIR, env={"LOTSE_OFFICE_DIR": str(tmp_path), "PATH": ""},
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "contact.phone" in result.stderr
