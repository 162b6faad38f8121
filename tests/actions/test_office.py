import pytest

from actions.office import OfficeConfigError, load_office
from actions.settings import OFFICE_FILE


def test_the_shipped_office_configuration_is_valid():
    office = load_office(OFFICE_FILE)
    assert office.localized_name("de")
    assert office.localized_name("uk") == office.localized_name("de")


def test_a_missing_german_name_is_reported_with_its_key(tmp_path):
    path = tmp_path / "office.yml"
    path.write_text("name:\n  en: Some office\n", encoding="utf-8")
    with pytest.raises(OfficeConfigError, match=r"office.yml: name: a 'de' entry is required"):
        load_office(path)


def test_broken_yaml_is_reported_with_the_file(tmp_path):
    path = tmp_path / "office.yml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(OfficeConfigError, match=r"office.yml: cannot read"):
        load_office(path)
