"""The practice's abbreviations and synonyms (glossary.yml) applied to a query: what a case
worker types ("AE erloschen?", "Fiktion") gets the law's words added ("Aufenthaltserlaubnis",
"Fiktionsbescheinigung … fortbestehend"). Data, not code: offices extend the YAML file."""

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Tuple

from lotse.law.text import WORD, stem, words
from lotse_common.yaml_files import read_yaml

GLOSSARY = Path(__file__).with_name("glossary.yml")
SYNONYM_WEIGHT = 0.5  # a synonym hints, the case worker's own words decide


def key_words(key: str) -> Tuple[str, ...]:
    """A key's words as the query's are compared: hyphens joined ("eu-bürger" -> "eubürger")."""
    return tuple(w.replace("-", "") for w in WORD.findall(key.lower()))


@dataclass(frozen=True)
class Expansion:
    words: str  # the words added, in the law's wording
    weight: float


class Glossary:
    def __init__(self, abbreviations: Dict[str, str], synonyms: Dict[str, str],
                 stopwords: FrozenSet[str]) -> None:
        self.abbreviations = {key_words(k)[0]: v for k, v in abbreviations.items()
                              if key_words(k)}
        # synonyms by the stems of their words: "Ehefrau", "Ehefrauen" are one key
        self.synonyms: Dict[Tuple[str, ...], str] = {}
        for key, value in synonyms.items():
            stems = tuple(stem(w) for w in key_words(key))
            if stems:
                self.synonyms[stems] = value
        self.longest = max((len(k) for k in self.synonyms), default=1)
        self.stopwords = stopwords

    @classmethod
    def load(cls, path: Optional[Path] = None) -> "Glossary":
        data = read_yaml(path or GLOSSARY) or {}
        return cls({str(k): str(v) for k, v in (data.get("abbreviations") or {}).items()},
                   {str(k): str(v) for k, v in (data.get("synonyms") or {}).items()},
                   frozenset(str(w).lower() for w in data.get("stopwords") or []))

    def expand(self, query: str) -> Tuple[str, List[Expansion]]:
        """(the query without abbreviations and practice stop words, what to add). An
        abbreviation is replaced by its words at full weight, a synonym adds its words."""
        kept: List[str] = []
        added: List[Expansion] = []
        for word in words(query):
            if word in self.abbreviations:
                added.append(Expansion(self.abbreviations[word], 1.0))
            elif word not in self.stopwords:
                kept.append(word)
        stems = [stem(w) for w in kept]
        for size in range(self.longest, 0, -1):
            for start in range(len(stems) - size + 1):
                value = self.synonyms.get(tuple(stems[start: start + size]))
                if value:
                    added.append(Expansion(value, SYNONYM_WEIGHT))
        return " ".join(kept), added
