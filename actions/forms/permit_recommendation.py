"""What the permit finder recommends: nationality, purpose of stay, where the citizen is now
and the facts they told (degree, job offer, admission ...) → the messages to send.

The rules are data (knowledge/permit_finder.yml); this module only applies them. Pure
functions: no Rasa, no dispatcher.
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Dict, Iterable, List, Optional, Tuple

from actions import settings
from lotse_common.yaml_files import read_yaml


@lru_cache(maxsize=1)
def rules() -> Dict[str, Any]:
    path = settings.KNOWLEDGE_DIR / "permit_finder.yml"
    return read_yaml(path)


@dataclass(frozen=True)
class Message:
    """One response with the paragraphs it cites and further values ({days})."""

    response: str
    basis: Tuple[str, ...] = ()
    values: Tuple[Tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Recommendation:
    messages: Tuple[Message, ...]
    topic: str
    documents: bool = True  # the topic's office service: documents, online application, fee

    @property
    def responses(self) -> List[str]:
        return [m.response for m in self.messages]


def nationality_group(nationality: Optional[str]) -> str:
    """'germans', 'swiss', 'free_movement' (EU/EEA) or 'title' (needs a residence title)."""
    for group in ("germans", "swiss", "free_movement"):
        if nationality in rules()[group]:
            return group
    return "title"


def needs_title(nationality: Optional[str]) -> bool:
    return nationality_group(nationality) == "title"


def visa_free_allowed(nationality: str, purpose: str) -> bool:
    """§ 41 AufenthV: entry without a visa and the title applied for in Germany."""
    if purpose in rules()["visa_only_purposes"]:
        return False
    visa_free = rules()["visa_free_application"]
    if nationality in visa_free["any_purpose"]:
        return True
    employment = purpose in rules()["employment_purposes"]
    return nationality in visa_free["without_employment"] and not employment


def entry_route(nationality: str, purpose: str) -> str:
    """'visa_free' (§ 41 AufenthV) or 'visa' (national visa before entry)."""
    return "visa_free" if visa_free_allowed(nationality, purpose) else "visa"


def _entry(key: str, basis: Iterable[str], **values: str) -> Message:
    entry = rules()["entry"][key]
    basis = tuple(entry.get("basis") or basis)
    return Message(entry["response"], basis, tuple(sorted(values.items())))


def entry_message(nationality: str, purpose: str, status: Optional[str]) -> Optional[Message]:
    """The way in for someone abroad or already in Germany; None where nothing applies."""
    visa_free = rules()["visa_free_application"]
    days = str(visa_free["deadline_days"])
    ukraine = rules()["ukraine_exemption"]
    allowed = visa_free_allowed(nationality, purpose)
    ukrainian = (
        nationality in ukraine["nationalities"] and purpose not in rules()["visa_only_purposes"]
    )
    if status == "abroad":
        if ukrainian:
            return _entry("ukraine", ukraine["basis"])
        if allowed:
            return _entry("abroad_visa_free", [visa_free["basis"]], days=days)
        if nationality in visa_free["without_employment"] and (
            purpose in rules()["employment_purposes"]
        ):
            basis = [*visa_free["employment_basis"], rules()["visa_basis"]]
            return _entry("abroad_visa_employment", basis)
        return _entry("abroad_visa", [rules()["visa_basis"]])
    if status == "visa_free":
        if ukrainian:
            return _entry("ukraine", ukraine["basis"])
        if allowed:
            return _entry("here_visa_free", [visa_free["basis"]], days=days)
        return _entry("here_visa_procedure", [])
    if status in ("visa", "permit"):
        return _entry("here_with_title", [])
    return None


def matching_rule(nationality: str, purpose: str, facts: Iterable[str]) -> Dict[str, Any]:
    known = set(facts or [])
    for rule in rules()["recommendations"]:
        if rule["purpose"] != purpose:
            continue
        if "nationalities" in rule and nationality not in rule["nationalities"]:
            continue
        if set(rule.get("facts") or []) <= known:
            return rule
    raise LookupError(f"no recommendation for purpose '{purpose}'")


def recommend(
    nationality: str, purpose: str, status: Optional[str], facts: Iterable[str] = ()
) -> Recommendation:
    """The messages for someone who needs a residence title: the likely title(s) with their
    paragraphs, further notes, then the way in."""
    rule = matching_rule(nationality, purpose, facts)
    messages = [Message(rule["response"], tuple(rule["basis"]))]
    messages += [Message(m["response"], tuple(m.get("basis") or ())) for m in rule.get("then", [])]
    if rule.get("entry", True):
        entry = entry_message(nationality, purpose, status)
        if entry is not None:
            messages.append(entry)
    topic = rule.get("topic") or rules()["purposes"][purpose]
    return Recommendation(tuple(messages), topic, rule.get("documents", True))
