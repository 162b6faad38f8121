"""`make eval-search`: the staff law search on the held-out case-worker questions
(tests/law/search_questions.yml), next to plain BM25 baselines on the same paragraphs:

    BM25                 bm25s as it comes: lower-case words, no stemming, no stop words
    BM25 + stemmer       the same with PyStemmer's German stemmer and bm25s's stop words
    Lotse                lotse/law: title weight, compounds, glossary, citations

top-1 / top-3: share of questions whose first / first three results hold a labelled
paragraph; MRR: mean of 1/rank of the first labelled paragraph (0 beyond the 10th). The index
is built in memory from LEGAL_DIR (default ../shared/legal), so var/ is not touched.

`--dev` measures on the case questions of lotse/law/questions/ instead, each fold of them
left out of the index in turn: a development set for changes to the search, so that the
held-out questions are not what the search is tuned on.
"""

import argparse
import random
import sys
from pathlib import Path
from typing import Callable, Dict, List

import bm25s
import Stemmer
import yaml

from lotse.law import index as law_index
from lotse.law import sources
from lotse.law.search import Search

PROJECT_DIR = Path(__file__).resolve().parents[1]
QUESTIONS = PROJECT_DIR / "tests" / "law" / "search_questions.yml"
DEPTH = 10
FOLDS = 5


def plain_text(unit: sources.Unit) -> str:
    return " ".join([unit.title] + [t for _, t in unit.absaetze])


def baseline(units: List[sources.Unit], stemmed: bool) -> Callable[[str], List[int]]:
    stemmer = Stemmer.Stemmer("german") if stemmed else None
    options = {"stopwords": "de", "stemmer": stemmer} if stemmed else {"stopwords": None}
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([plain_text(u) for u in units], show_progress=False,
                                   **options), show_progress=False)

    def rank(query: str) -> List[int]:
        tokens = bm25s.tokenize([query], show_progress=False, return_ids=False, **options)[0]
        known = [t for t in tokens if t in retriever.vocab_dict]
        if not known:
            return []
        scores = retriever.get_scores(known)
        return [int(i) for i in scores.argsort()[::-1][:DEPTH] if scores[i] > 0]

    return rank


def evaluate(rank: Callable[[str], List[int]], units: List[sources.Unit],
             questions: List[dict]) -> Dict[str, object]:
    top1 = top3 = 0
    reciprocal = 0.0
    misses = []
    for question in questions:
        wanted = set(question["answers"])
        found = [f"{units[i].law} {units[i].paragraph}" for i in rank(question["q"])]
        position = next((n for n, key in enumerate(found, 1) if key in wanted), None)
        top1 += position == 1
        top3 += position is not None and position <= 3
        reciprocal += 1 / position if position else 0.0
        if not position or position > 3:
            misses.append((question["q"], sorted(wanted), found[:3], position))
    n = len(questions)
    return {"top1": top1 / n, "top3": top3 / n, "mrr": reciprocal / n, "misses": misses}


def development(units: List[sources.Unit]) -> Dict[str, object]:
    """k-fold over the case questions: each fold searched in an index built without it."""
    asked = law_index.case_questions()
    items = [(key, q) for key, questions in sorted(asked.items()) for q in questions]
    random.Random(FOLDS).shuffle(items)  # noqa: S311 - a split, no secret
    questions, ranked = [], []
    for fold in range(FOLDS):
        kept: Dict = {}
        for number, (key, question) in enumerate(items):
            if number % FOLDS != fold:
                kept.setdefault(key, []).append(question)
        search = Search(law_index.build(units, {}, asked=kept))
        for key, question in items[fold::FOLDS]:
            questions.append({"q": question, "answers": [" ".join(key)]})
            ranked.append([i for i, _ in search.rank(question, DEPTH)])
    answers = iter(ranked)
    return evaluate(lambda _: next(answers), units, questions)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--legal-dir", type=Path, default=PROJECT_DIR.parent / "shared/legal")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--misses", action="store_true", help="list Lotse's misses")
    parser.add_argument("--dev", action="store_true",
                        help=f"{FOLDS}-fold over the case questions, not the held-out set")
    args = parser.parse_args()
    if not args.legal_dir.is_dir():
        print(f"{args.legal_dir} is missing: make eval-search LEGAL_DIR=…", file=sys.stderr)
        return 2
    units = sources.read_all(args.legal_dir, None)
    if args.dev:
        r = development(units)
        print(f"development: {FOLDS}-fold over the case questions: "
              f"top-1 {r['top1']:.1%}, top-3 {r['top3']:.1%}, MRR {r['mrr']:.3f}")
        return 0
    questions = yaml.safe_load(args.questions.read_text("utf-8"))["questions"]
    search = Search(law_index.build(units, {}))
    systems = {
        "BM25": baseline(units, stemmed=False),
        "BM25 + stemmer": baseline(units, stemmed=True),
        "Lotse": lambda q: [i for i, _ in search.rank(q, DEPTH)],
    }
    results = {name: evaluate(rank, units, questions) for name, rank in systems.items()}
    print(f"{len(questions)} questions, {len(units)} paragraphs ({args.legal_dir})\n")
    print(f"| {'search':<16} | top-1  | top-3  | MRR   |")
    print(f"|{'-' * 18}|--------|--------|-------|")
    for name, r in results.items():
        print(f"| {name:<16} | {r['top1']:6.1%} | {r['top3']:6.1%} | {r['mrr']:.3f} |")
    if args.misses:
        print("\nLotse: labelled paragraph not in the first three")
        for question, wanted, found, position in results["Lotse"]["misses"]:
            print(f"- {question}\n  wanted {', '.join(wanted)}; got {', '.join(found)}; "
                  f"rank {position or '>10'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
