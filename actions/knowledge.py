"""Topic answers and law references from knowledge/: facts live in data, not in code."""

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from actions import settings
from lotse_common.language import DEFAULT_LANGUAGE
from lotse_common.yaml_files import read_yaml

CITATION = re.compile(r"^§ (?P<number>\d+[a-z]?)(?: Abs\. \d+[a-z]?)? (?P<law>\S+)$")


@dataclass(frozen=True)
class Topic:
    id: str
    basis: List[str]
    answer: Dict[str, str]
    service: Optional[str] = None
    review_by: Optional[date] = None  # re-read the law by then (tests fail after it)
    links: Tuple[Dict, ...] = ()  # official pages: ({label: {language: text}, url}, ...)
    # the months of pension contributions the answer's rule asks for (compared with a number
    # the citizen names), and the narrower answers for what the citizen said (`when`)
    contribution_months: Optional[int] = None
    contribution_months_with_b1: Optional[int] = None  # where sufficient German (B1) shortens it
    # the months of married life in Germany the rule asks for, and what to say when the
    # citizen told fewer (`short`) or enough (`enough`): {months, short: {lang}, enough: {lang}}
    together: Dict = field(default_factory=dict)
    when: Dict = field(default_factory=dict)
    routes: Tuple["Topic", ...] = ()
    # a route giving another topic's answer (`topic: <id>`): that topic, which the
    # conversation is then about ("Duldung, darf ich arbeiten?": work)
    answers_for: Optional[str] = None
    # asked after the answer unless the conversation named the citizen's nationality ("if you
    # are an EU citizen, tell me your country"): a sentence of its own, not part of the answer
    nationality_question: Dict[str, str] = field(default_factory=dict)

    def text(self, language: str) -> str:
        return self.answer.get(language) or self.answer[DEFAULT_LANGUAGE]


@dataclass(frozen=True)
class Knowledge:
    topics: Dict[str, Topic]
    law_urls: Dict[str, str]
    # situations routes name (`when: {situation: …}`): phrases per language (situations.yml)
    situations: Dict[str, Dict] = field(default_factory=dict)

    def topic_for_service(self, service_id: Optional[str]) -> Optional[str]:
        """The topic answering about an office service ("und die Unterlagen dafür?")."""
        return next((t.id for t in self.topics.values() if service_id and t.service == service_id),
                    None)

    def answers(self) -> List[Topic]:
        """Every answer text: the topics and their routes."""
        return [a for t in self.topics.values() for a in (t, *t.routes)]

    def citation_url(self, citation: str) -> Optional[str]:
        """Official URL of a cited paragraph: '§ 81 Abs. 4 AufenthG' -> .../__81.html."""
        match = CITATION.match(citation)
        if not match or match["law"] not in self.law_urls:
            return None
        return f"{self.law_urls[match['law']]}__{match['number']}.html"


def load_knowledge(directory: Path) -> Knowledge:
    laws = read_yaml(directory / "legal.yml")["laws"]
    entries: Dict[str, Dict] = {}
    for path in sorted((directory / "topics").glob("*.yml")):
        content = read_yaml(path) or {}
        for topic_id, entry in (content.get("topics") or {}).items():
            if topic_id in entries:
                raise ValueError(f"{path}: topic '{topic_id}' is defined twice")
            entries[topic_id] = entry
    topics = {topic_id: _topic(topic_id, entry, entries) for topic_id, entry in entries.items()}
    situations_file = directory / "situations.yml"
    situations = (read_yaml(situations_file) or {}
                  if situations_file.exists() else {})
    for topic in topics.values():
        for route in topic.routes:
            for key in ("situation", "unless_situation"):
                if route.when.get(key) and route.when[key] not in situations:
                    raise ValueError(f"{route.id}: no situation '{route.when[key]}'")
    return Knowledge(topics, {law: entry["url"] for law, entry in laws.items()}, situations)


def _route(entry: Dict, route: Dict, entries: Dict[str, Dict]) -> Dict:
    """A route with its own answer, or (`topic: <id>`) another topic's answer, basis, links and
    routes: "ich habe subsidiären Schutz – wann bekomme ich die Niederlassungserlaubnis?" gets
    the protection holders' rules, and of those the ones for subsidiary protection."""
    # the topic's own narrower answer keeps its comparison with the time told
    base = {"service": entry.get("service"), "together": entry.get("together")}
    if "topic" in route:
        other = entries[route["topic"]]
        base = {key: other.get(key) for key in (
            "service", "basis", "answer", "links", "review_by", "contribution_months",
            "contribution_months_with_b1", "routes")}
        base["answers_for"] = route["topic"]
    return {**base, **{key: value for key, value in route.items() if key != "topic"}}


def _topic(topic_id: str, entry: Dict, entries: Dict[str, Dict]) -> Topic:
    return Topic(
        id=topic_id,
        basis=list(entry["basis"]),
        answer={lang: " ".join(text.split()) for lang, text in entry["answer"].items()},
        service=entry.get("service"),
        review_by=entry.get("review_by"),
        links=tuple(entry.get("links") or ()),
        contribution_months=entry.get("contribution_months"),
        contribution_months_with_b1=entry.get("contribution_months_with_b1"),
        together={key: (" ".join(value.split()) if isinstance(value, str) else value)
                  for key, value in (entry.get("together") or {}).items()},
        when=dict(entry.get("when") or {}),
        answers_for=entry.get("answers_for"),
        nationality_question=dict(entry.get("nationality_question") or {}),
        routes=tuple(
            _topic(f"{topic_id}/{route['id']}", _route(entry, route, entries), entries)
            for route in entry.get("routes") or ()
        ),
    )


@lru_cache(maxsize=1)
def current_knowledge() -> Knowledge:
    return load_knowledge(settings.KNOWLEDGE_DIR)
