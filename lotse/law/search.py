"""Ranking: a case worker's question -> the paragraphs that answer it, best first, each with
its best-matching sentences (Absatz/Satz) and the words that matched.

A query is weighed in groups (BM25 per group, summed): the case worker's own words (stems),
the parts of their compounds and the glossary's abbreviations at full or half weight,
synonyms at half weight (glossary.py). A citation in the query ("§ 81 Abs. 4", "§ 9a
AufenthG") puts that paragraph first. Sentences are scored by the idf of the query terms
they contain, so the lines shown are the ones that carry the question's rare words.
"""

import math
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

import numpy as np

from lotse.law import text
from lotse.law.glossary import Glossary
from lotse.law.index import Index
from lotse.law.sources import LAWS

PART_WEIGHT = 0.5  # a compound's part: "antrag" of "Verlängerungsantrag" says less than the whole
GRAM_WEIGHT = 1.0  # 4-gram overlap: at most as much as the words' score (dev set: best of 0.25-1.5)
# the classifier's opinion next to the words' (both scaled to [0, 1]): the best of 0.6-1.0
# on the development folds, which are flat there (README, "Staff law search")
CLASSIFIER_WEIGHT = 0.7
MAX_SENTENCES = 3
CITATION = re.compile(r"§+\s*(\d+[a-z]?)\b(?:[^§]{0,30}?\b([a-zäöüß/]+(?:/eu)?))?", re.I)
ABBREVIATIONS = {v["abbreviation"].lower(): k for k, v in LAWS.items()}
# the words after a citation's number, up to the next: "§ 81 Abs. 4 AufenthG"
CITED_IN = re.compile(r"[^§]{0,40}")
LAW_NAME = re.compile(r"[A-Za-zÄÖÜäöüß]+(?:/EU)?", re.I)
# another law's abbreviation ("§ 27 BVFG", "§ 64 StGB", "§ 52 VwGO"): two capitals or more,
# ending like a statute's (Gesetz, Gesetzbuch, Ordnung, Verordnung); its § 27 is none of ours
OTHER_LAW = re.compile(r"(?=[A-Za-zäöü]*[A-Z][a-zäöü]*[A-Z])[A-Za-zäöü]+(?:G|GB|O|V|VO)")
MATCHED_WORD = re.compile(text.WORD.pattern, re.IGNORECASE)


@dataclass
class Query:
    weights: Dict[str, float]  # term -> weight (its highest group)
    groups: List[Tuple[float, List[str]]]
    citations: List[Tuple[str, Optional[str]]]  # (paragraph, law key or None)
    text: str  # the words searched, expansions included: their 4-grams
    asked: str = ""  # the question as typed: the classifier's input


class Search:
    def __init__(self, index: Index, glossary: Optional[Glossary] = None) -> None:
        self.index = index
        self.glossary = glossary or Glossary.load()
        self.size = len(index.units)

    def parse(self, query: str) -> Query:
        citations = []
        for match in CITATION.finditer(query):
            names = LAW_NAME.findall(CITED_IN.match(query, match.end(1))[0])
            law = next((ABBREVIATIONS[n.lower()] for n in names if n.lower() in ABBREVIATIONS),
                       None)
            if law is None and any(OTHER_LAW.fullmatch(n) for n in names):
                continue  # "§ 64 StGB": not a paragraph of the laws searched here
            citations.append((match[1].lower(), law))
        kept, expansions = self.glossary.expand(CITATION.sub(" ", query))
        weights: Dict[str, float] = {}

        def add(words: str, weight: float) -> None:
            for word in text.words(words):
                if word in text.STOPWORDS or word in self.glossary.stopwords:
                    continue
                for term, w in [(text.stem(word), weight)] + [
                        (text.stem(part), weight * PART_WEIGHT)
                        for part in self.index.splitter.split(word)]:
                    weights[term] = max(weights.get(term, 0.0), w)

        add(kept, 1.0)
        for expansion in expansions:
            add(expansion.words, expansion.weight)
        groups: Dict[float, List[str]] = {}
        for term, weight in weights.items():
            groups.setdefault(weight, []).append(term)
        grams_text = " ".join([kept] + [e.words for e in expansions if e.weight >= 1.0])
        return Query(weights, sorted(groups.items(), reverse=True), citations, grams_text, query)

    def scores(self, query: Query) -> np.ndarray:
        total = np.zeros(self.size, dtype=np.float32)
        for weight, terms in query.groups:
            known = [t for t in terms if t in self.index.retriever.vocab_dict]
            if known:
                total += weight * self.index.retriever.get_scores(known)
        grams = [g for g in dict.fromkeys(text.grams(query.text))
                 if g in self.index.grams.vocab_dict]
        if grams and total.max() > 0:
            # the 4-grams as a second opinion, scaled to the words' range
            near = self.index.grams.get_scores(grams)
            total += GRAM_WEIGHT * float(total.max()) * near / max(float(near.max()), 1e-9)
        # "entsprechend § 37" names no law: eight laws have a § 37, and it may be context of
        # the question rather than its answer: a lift among the words' scores, which the
        # classifier may outweigh; "§ 81 Abs. 4 AufenthG" names one paragraph: it comes first
        self._cite(total, [(p, law) for p, law in query.citations if law is None])
        if self.index.classifier and total.max() > 0:
            total = total / float(total.max()) + CLASSIFIER_WEIGHT * self.index.classifier.scores(
                query.asked)
        self._cite(total, [(p, law) for p, law in query.citations if law is not None])
        return total

    def _cite(self, total: np.ndarray, citations: List[Tuple[str, Optional[str]]]) -> None:
        """Lifts the cited paragraphs above every score so far."""
        if not citations:
            return
        boost = float(total.max()) + 1.0
        for position, unit in enumerate(self.index.units):
            for paragraph, law in citations:
                if unit.paragraph == paragraph and (law is None or unit.law == law):
                    total[position] += boost

    def idf(self, term: str) -> float:
        df = self.index.df.get(term, 0)
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def best_sentences(self, position: int, query: Query) -> List[dict]:
        scored = []
        for sentence in self.index.sentences(position):
            score = sum(w * self.idf(t) for t, w in query.weights.items() if t in sentence.terms)
            if score > 0:
                scored.append((score, sentence))
        scored.sort(key=lambda pair: -pair[0])
        if not scored:
            # cited or found by its heading: the paragraph's first sentence says what it rules
            first = self.index.sentences(position)[:1]
            scored = [(0.0, s) for s in first]
        return [{"ref": s.ref, "absatz": s.absatz, "satz": s.satz, "text": s.text,
                 "marks": self.marks(s.text, query)} for _, s in scored[:MAX_SENTENCES]]

    def marks(self, sentence: str, query: Query) -> List[List[int]]:
        """[start, end) of the words that matched: highlighted on the staff page."""
        spans = []
        for match in MATCHED_WORD.finditer(sentence):
            word = match.group().lower().replace("-", "")
            stems = {text.stem(word)} | {text.stem(p) for p in self.index.splitter.split(word)}
            if word not in text.STOPWORDS and stems & query.weights.keys():
                spans.append([match.start(), match.end()])
        return spans

    def rank(self, query: str, top: int = 5) -> List[Tuple[int, float]]:
        """(unit position, score) of the best units; nothing for a query without known terms."""
        return self.rank_parsed(self.parse(query), top)

    def rank_parsed(self, query: Query, top: int) -> List[Tuple[int, float]]:
        scores = self.scores(query)
        if not scores.any():
            return []
        top = min(top, self.size)
        best = np.argpartition(-scores, top - 1)[:top]
        return [(int(i), float(scores[i])) for i in sorted(best, key=lambda i: -scores[i])
                if scores[i] > 0]

    def search(self, query: str, top: int = 5) -> List[dict]:
        parsed = self.parse(query)
        results = []
        for position, score in self.rank_parsed(parsed, top):
            unit = self.index.units[position]
            results.append({
                "law": unit.law, "paragraph": unit.paragraph, "citation": unit.citation,
                "title": unit.title, "score": round(score, 3), "url": unit.url,
                "sentences": self.best_sentences(position, parsed),
            })
        return results
