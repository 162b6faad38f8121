"""Builds the spaCy pipeline that finds the flows' entities, offline: `spacy.blank("xx")` (the
multi-language tokenizer) plus an EntityRuler. Rasa loads it with the NLU component
lotse.nlu.rule_entities.RuleEntityExtractor; `make train` builds it first.

Entities and where their names come from (the value is the pattern id):
- country           CLDR names in all target languages (data/nlu/lookups/countries.yml) -> ISO code
- language          CLDR language names (data/nlu/lookups/languages.yml) and the colloquial
                    names of knowledge/entities.yml -> ISO code
- residence_title   knowledge/entities.yml and the title labels of knowledge/labels.yml -> topic
- service           service names of every office (LOTSE_OFFICE_DIR) -> service id
- authority         another authority's keywords (knowledge/referrals.yml), also typed
                    without special letters -> its id; "samochod … zarejestrowac": both
                    parts in this order, up to MAX_GAP words apart ("kupilem samochod, jak
                    go tutaj zarejestrowac")
- date, postal_code, email, booking_reference: token patterns

    python scripts/build_entities.py [--out models/spacy/lotse-entities]
"""

import argparse
import sys
from pathlib import Path
from typing import Dict, List, Set

import spacy
import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from actions import settings  # noqa: E402 (needs the project on the path)
from actions.office import load_registry  # noqa: E402
from lotse_common.script import HAN, without_diacritics  # noqa: E402

DEFAULT_OUT = PROJECT_DIR / "models" / "spacy" / "lotse-entities"
TOKEN_PATTERNS = [
    {"label": "date", "pattern": [{"TEXT": {"REGEX": r"^\d{1,2}\.\d{1,2}\.(\d{2}|\d{4})?$"}}]},
    # spaCy splits "2027-03-15" at the hyphens between digits
    {"label": "date", "pattern": [{"TEXT": {"REGEX": r"^\d{4}$"}}, {"TEXT": "-"},
                                  {"TEXT": {"REGEX": r"^\d{2}$"}}, {"TEXT": "-"},
                                  {"TEXT": {"REGEX": r"^\d{2}$"}}]},
    {"label": "postal_code", "pattern": [{"TEXT": {"REGEX": r"^\d{5}$"}}]},
    {"label": "email", "pattern": [{"LIKE_EMAIL": True}]},
    {"label": "booking_reference",
     "pattern": [{"TEXT": {"REGEX": r"^[Tt]-[2-9A-Za-z]{4}-[2-9A-Za-z]{4}$"}}]},
]
# a keyword in two parts with words between them: "the car ... register it"
GAP = "…"
MAX_GAP = 5


def lookup_synonyms(path: Path) -> Dict[str, List[str]]:
    """{code: [names]} from a generated lookup file's synonym blocks."""
    synonyms: Dict[str, List[str]] = {}
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if "synonym" in block:
            names = [line[2:].strip() for line in block["examples"].splitlines() if line.strip()]
            synonyms[str(block["synonym"])] = names
    return synonyms


# how citizens type without Turkish or German letters: "arac tescil", "cocuk parasi"
PLAIN = str.maketrans("çşığöüâ", "csigoua")
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def spellings(name: str) -> Set[str]:
    """A keyword as written, without Turkish or German special letters, with ae/oe/ue, and
    without any diacritics ("bialorus" for "białoruś", "romania" for "românia")."""
    name = name.lower()
    return {name, name.translate(PLAIN).replace("ä", "a").replace("ß", "ss"),
            name.translate(UMLAUTS), without_diacritics(name)}


def phrase_patterns() -> List[dict]:
    patterns = []
    lookups = PROJECT_DIR / "data" / "nlu" / "lookups"
    for label, path in (("country", "countries.yml"), ("language", "languages.yml")):
        for code, names in lookup_synonyms(lookups / path).items():
            patterns += [{"label": label, "pattern": n, "id": code} for n in names]
    knowledge = PROJECT_DIR / "knowledge"
    entities = yaml.safe_load((knowledge / "entities.yml").read_text("utf-8"))
    for code, names in (entities.get("language_names") or {}).items():
        patterns += [{"label": "language", "pattern": n.lower(), "id": code} for n in names]
    titles = entities["residence_titles"]
    labels = yaml.safe_load((knowledge / "labels.yml").read_text("utf-8"))["labels"]
    for topic, names in titles.items():
        names = {n.lower() for n in names} | {n.lower() for n in labels[topic].values()}
        patterns += [{"label": "residence_title", "pattern": n, "id": topic} for n in names]
    referrals = yaml.safe_load((knowledge / "referrals.yml").read_text("utf-8"))["authorities"]
    for authority, entry in referrals.items():
        names = {v for words in entry["keywords"].values() for n in words for v in spellings(n)}
        patterns += [{"label": "authority", "pattern": n, "id": authority} for n in names]
    for office in load_registry(settings.OFFICE_DIR).offices:
        for service in office.services:
            names = {n.lower() for n in service.name.__root__.values()}
            patterns += [{"label": "service", "pattern": n, "id": service.id} for n in names]
    return patterns


def with_gap(nlp, pattern: dict) -> dict:
    """ "samochod … zarejestrowac" as token patterns: the first part, up to MAX_GAP other
    words, the second part (the car named alone also names a parking question)."""
    first, second = (nlp.make_doc(part.strip()) for part in pattern["pattern"].split(GAP, 1))
    tokens = ([{"LOWER": t.lower_} for t in first] + [{"OP": "?"}] * MAX_GAP
              + [{"LOWER": t.lower_} for t in second])
    return {**pattern, "pattern": tokens}


def build(out: Path) -> None:
    nlp = spacy.blank("xx")
    # Turkish case endings follow names after an apostrophe ("Hindistan'dan"): split there
    # Chinese has no spaces: every Han character is a token, in the patterns and in the texts
    # (also first and last in a token: "第24条" is 第 24 条 alone as inside "按第24条拿")
    infixes = [*nlp.Defaults.infixes, r"(?<=\w)['’](?=\w)", HAN.pattern]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    prefixes = [*nlp.Defaults.prefixes, HAN.pattern]
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    suffixes = [*nlp.Defaults.suffixes, HAN.pattern]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    patterns = [with_gap(nlp, p) if GAP in p["pattern"] else p for p in phrase_patterns()]
    ruler.add_patterns(patterns + TOKEN_PATTERNS)
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)


def main() -> int:
    parser = argparse.ArgumentParser(description="Build the entity pipeline (spaCy).")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    build(parser.parse_args().out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
