"""A second opinion on which paragraph answers a question: a linear classifier (one class per
paragraph) trained on the paragraphs' own sentences and the case questions they answer
(lotse/law/questions/), over character 3-5-grams and stems (scikit-learn, as in Rasa).

BM25 finds the paragraphs that share a question's stems; the classifier's character grams
also match the pieces and inflections of words the stems miss, weighed by what it learned
from every paragraph. No model or data comes from outside: it is trained from the index's
own sources when the index is built (~40 s), and stored as plain arrays (no pickle):
vocabularies as JSON, idf and weights as numpy files.

Its settings and weight were chosen on the development folds (scripts/eval_search.py --dev);
the README ("Staff law search") says how far the held-out set was looked at on the way.
"""

import json
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from lotse.law import text
from lotse.law.sources import Unit

C = 0.5  # regularisation; the development folds are flat between 0.2 and 1.5
PRUNE = 0.02  # smaller weights are dropped: the stored matrix stays sparse (a few MB)
SETTINGS = {  # name -> TfidfVectorizer arguments
    "grams": {"analyzer": "char_wb", "ngram_range": (3, 5), "sublinear_tf": True,
              "min_df": 2, "max_features": 50_000},
    "stems": {"sublinear_tf": True},
}


def stems(sentence: str) -> str:
    return " ".join(text.stem(w) for w in text.words(sentence) if w not in text.STOPWORDS)


def examples(units: Sequence[Unit],
             asked: Dict[Tuple[str, str], List[str]]) -> Tuple[List[str], List[int]]:
    """(text, unit position): each unit's heading with its lead, its sentences, its questions."""
    found, labels = [], []
    for position, unit in enumerate(units):
        lead = text.lead(unit.absaetze[0][1]) if unit.absaetze else ""
        found.append(f"{unit.title or unit.keywords} {lead}")
        found += [s for _, absatz in unit.absaetze for s in text.sentences(absatz)]
        found += asked.get((unit.law, unit.paragraph), [])
        labels += [position] * (len(found) - len(labels))
    return [stems(s) for s in found], labels


class Classifier:
    def __init__(self, vectorizers: Dict[str, TfidfVectorizer], weights: sparse.csr_matrix,
                 bias: np.ndarray, classes: np.ndarray, size: int) -> None:
        self.vectorizers = vectorizers
        self.weights = weights  # features x classes
        self.bias = bias
        self.classes = classes  # unit positions the columns stand for
        self.size = size

    @classmethod
    def train(cls, units: Sequence[Unit],
              asked: Dict[Tuple[str, str], List[str]]) -> Optional["Classifier"]:
        """None for a corpus too small to learn from (one paragraph, a few words)."""
        found, labels = examples(units, asked)
        if len(set(labels)) < 2:
            return None
        vectorizers = {name: TfidfVectorizer(**options) for name, options in SETTINGS.items()}
        try:
            features = sparse.hstack([v.fit_transform(found)
                                      for v in vectorizers.values()]).tocsr()
        except ValueError:  # no gram occurs twice: nothing to learn
            return None
        model = LinearSVC(C=C, random_state=0).fit(features, labels)
        coef = model.coef_.T.astype(np.float32)
        coef[np.abs(coef) < PRUNE] = 0.0
        return cls(vectorizers, sparse.csr_matrix(coef), model.intercept_.astype(np.float32),
                   model.classes_.astype(np.int32), len(units))

    def scores(self, question: str) -> np.ndarray:
        """One score per unit in [0, 1]: the decision values scaled to this question's range."""
        words = [stems(question)]
        features = sparse.hstack([v.transform(words) for v in self.vectorizers.values()])
        decision = (features @ self.weights).toarray().ravel() + self.bias
        scores = np.zeros(self.size, dtype=np.float32)
        low, high = float(decision.min()), float(decision.max())
        scores[self.classes] = (decision - low) / max(high - low, 1e-9)
        return scores

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "vocabularies.json").write_text(json.dumps(
            {name: v.vocabulary_ for name, v in self.vectorizers.items()}, ensure_ascii=False,
            default=int), "utf-8")
        np.savez(folder / "arrays.npz", bias=self.bias, classes=self.classes,
                 size=np.array(self.size),
                 **{f"idf_{name}": v.idf_ for name, v in self.vectorizers.items()})
        sparse.save_npz(folder / "weights.npz", self.weights)

    @classmethod
    def load(cls, folder: Path) -> "Classifier":
        vocabularies = json.loads((folder / "vocabularies.json").read_text("utf-8"))
        arrays = np.load(folder / "arrays.npz", allow_pickle=False)
        vectorizers = {}
        for name, options in SETTINGS.items():
            vectorizer = TfidfVectorizer(**options, vocabulary=vocabularies[name])
            vectorizer.idf_ = arrays[f"idf_{name}"]
            vectorizers[name] = vectorizer
        return cls(vectorizers, sparse.load_npz(folder / "weights.npz"), arrays["bias"],
                   arrays["classes"], int(arrays["size"]))
