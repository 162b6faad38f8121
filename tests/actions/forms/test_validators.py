"""A form's validate_<slot> methods name slots the form asks: a misspelt one would never be
called, and LotseForm accepts any slot without a validator (its parsing is the check)."""

import importlib
import inspect
import pkgutil

import pytest

import actions.forms as forms_package
from actions.forms.base import LotseForm


def form_classes():
    for module in pkgutil.iter_modules(forms_package.__path__):
        importlib.import_module(f"actions.forms.{module.name}")
    pending, found = [LotseForm], []
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if not inspect.isabstract(sub):
                found.append(sub)
    return found


@pytest.mark.parametrize("form", form_classes(), ids=lambda f: f.__name__)
def test_every_validator_names_a_slot_of_its_form(form, domain_dict):
    form_name = form().name().removeprefix("validate_")
    asked = set(domain_dict["forms"][form_name]["required_slots"])
    validators = {name.removeprefix("validate_") for name, _ in inspect.getmembers(form)
                  if name.startswith("validate_")}
    assert validators <= asked, f"{form.__name__}: no such slot in {form_name}"
