"""The search index under var/law-index (LOTSE_LAW_INDEX_DIR), built from the law texts and
the office's documents by `make law-index LEGAL_DIR=… [OFFICE_DOCS=…]`:

    manifest.json    fingerprint of the sources (and of the code that reads them), counts
    units.json       the paragraphs and documents, their Absätze in the law's wording
    vocabulary.json  word frequencies (compound splitting) and document frequencies (sentences)
    bm25/            the bm25s index of the units' terms (stems and compound parts)
    grams/           the bm25s index of their words' character 4-grams
    classifier/      the paragraphs' classifier (lotse/law/classifier.py): vocabularies, weights

A paragraph is also found by the questions case workers ask that it answers, in their words
(lotse/law/questions/*.yml, written from the law texts: "Kunde 8 Monate im Ausland AE
erloschen", where the law says "aus einem seiner Natur nach nicht vorübergehenden Grunde
ausreist"); they are indexed with it, never shown.

The running server reads only this folder, never the sources: an office deploys the index
without the law folder. A build whose sources (file contents) and code are unchanged does
nothing.
"""

import argparse
import hashlib
import json
import logging
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import bm25s

from lotse.law import classifier as classifier_module
from lotse.law import sources, text
from lotse.law.classifier import Classifier
from lotse.law.sources import Unit
from lotse_common.yaml_files import read_yaml

logger = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every build at DEBUG

FORMAT = 4  # raise when the stored files change shape
QUESTIONS_DIR = Path(__file__).with_name("questions")
TITLE_WEIGHT = 2  # a paragraph's heading names its subject: its words count twice
LEAD_WEIGHT = 1  # its first sentence (up to a list) says what it rules: counted once more


def unit_text(unit: Unit, asked: Sequence[str] = ()) -> str:
    """What a unit is found by: its heading (or, lacking one, the nouns of its first sentence)
    and its lead, weighted; its section, its Absätze and the questions it answers."""
    section = unit.breadcrumb[-1] if unit.breadcrumb else ""
    lead = text.lead(unit.absaetze[0][1]) if unit.absaetze else ""
    return " ".join([unit.title or unit.keywords] * TITLE_WEIGHT + [lead] * LEAD_WEIGHT
                    + [section] + [t for _, t in unit.absaetze] + list(asked))


def case_questions(folder: Path = QUESTIONS_DIR) -> Dict[Tuple[str, str], List[str]]:
    """(law, paragraph) -> the questions that paragraph answers (lotse/law/questions/)."""
    asked: Dict[Tuple[str, str], List[str]] = {}
    for path in sorted(folder.glob("*.yml")):
        for law, paragraphs in (read_yaml(path) or {}).items():
            for paragraph, questions in (paragraphs or {}).items():
                asked.setdefault((str(law), str(paragraph)), []).extend(map(str, questions))
    return asked


def fingerprint(files: Sequence[Path], roots: Sequence[Optional[Path]]) -> str:
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for module in (sources.__file__, text.__file__, __file__, classifier_module.__file__,
                   *sorted(QUESTIONS_DIR.glob("*.yml"))):
        digest.update(Path(module).read_bytes())
    for path in files:
        root = next((r for r in roots if r and path.is_relative_to(r)), path.parent)
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass
class Sentence:
    ref: str  # "Abs. 4 Satz 1"
    absatz: str
    satz: int
    text: str
    terms: frozenset


@dataclass
class Index:
    units: List[Unit]
    retriever: bm25s.BM25
    grams: bm25s.BM25
    splitter: text.Splitter
    df: Dict[str, int]
    manifest: dict
    classifier: Optional[Classifier] = None
    _sentences: Dict[int, List[Sentence]] = field(default_factory=dict)

    def sentences(self, position: int) -> List[Sentence]:
        """A unit's sentences with their terms, split once and kept."""
        if position not in self._sentences:
            found = []
            for label, absatz in self.units[position].absaetze:
                for number, sentence in enumerate(text.sentences(absatz), 1):
                    ref = (f"Abs. {label} Satz {number}" if label.isdigit() or label[:-1].isdigit()
                           else f"{label}, Satz {number}" if label else f"Satz {number}")
                    found.append(Sentence(ref, label, number, sentence,
                                          frozenset(text.terms(sentence, self.splitter))))
            self._sentences[position] = found
        return self._sentences[position]


def build(units: List[Unit], manifest: dict,
          asked: Optional[Dict[Tuple[str, str], List[str]]] = None) -> Index:
    """An index in memory (tests and the evaluation use it without writing it); `asked`:
    other case questions than lotse/law/questions/ (the evaluation's folds)."""
    asked = case_questions() if asked is None else asked
    texts = [unit_text(u, asked.get((u.law, u.paragraph), ())) for u in units]
    splitter = text.Splitter.from_texts(texts)
    corpus = [text.terms(t, splitter) or [""] for t in texts]
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    grams = bm25s.BM25()
    grams.index([text.grams(t) or [""] for t in texts], show_progress=False)
    df = Counter(t for terms in corpus for t in set(terms))
    return Index(units, retriever, grams, splitter, dict(df), manifest,
                 Classifier.train(units, asked))


def save(index: Index, out: Path) -> None:
    """Written next to the old index and swapped in, so a running server never reads half."""
    staging = out.with_name(out.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    index.retriever.save(str(staging / "bm25"), show_progress=False)
    index.grams.save(str(staging / "grams"), show_progress=False)
    if index.classifier:
        index.classifier.save(staging / "classifier")
    (staging / "units.json").write_text(
        json.dumps([u.to_json() for u in index.units], ensure_ascii=False), "utf-8")
    (staging / "vocabulary.json").write_text(json.dumps(
        {"words": index.splitter.known, "df": index.df}, ensure_ascii=False), "utf-8")
    (staging / "manifest.json").write_text(json.dumps(index.manifest, indent=2), "utf-8")
    old = out.with_name(out.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def load(folder: Path) -> Index:
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    if manifest.get("format") != FORMAT:
        raise ValueError(f"{folder} was built by another version: make law-index")
    units = [Unit.from_json(u) for u in json.loads((folder / "units.json").read_text("utf-8"))]
    vocabulary = json.loads((folder / "vocabulary.json").read_text("utf-8"))
    retriever, grams = (bm25s.BM25.load(str(folder / name), show_progress=False, verbosity=0)
                        for name in ("bm25", "grams"))
    trained = folder / "classifier"
    return Index(units, retriever, grams, text.Splitter(vocabulary["words"], min_frequency=0),
                 vocabulary["df"], manifest,
                 Classifier.load(trained) if trained.is_dir() else None)


def update(legal_dir: Optional[Path], documents_dir: Optional[Path], out: Path,
           force: bool = False) -> Tuple[bool, dict]:
    """Builds the index if its sources or code changed: (built?, manifest)."""
    files = sources.source_files(legal_dir, documents_dir)
    stamp = fingerprint(files, [legal_dir, documents_dir])
    manifest_path = out / "manifest.json"
    if not force and manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text("utf-8"))
        if manifest.get("fingerprint") == stamp and manifest.get("format") == FORMAT:
            return False, manifest
    units = sources.read_all(legal_dir, documents_dir)
    if not units:
        raise ValueError(f"no paragraph or document found in {legal_dir} or {documents_dir}")
    manifest = {
        "format": FORMAT, "fingerprint": stamp, "built": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "files": len(files), "units": len(units),
        "laws": dict(sorted(Counter(u.law for u in units).items())),
    }
    save(build(units, manifest), out)
    return True, manifest


def main(argv: Optional[List[str]] = None) -> int:
    from lotse import settings

    parser = argparse.ArgumentParser(description="Build the staff law search index.")
    parser.add_argument("--legal-dir", type=Path, help="law texts: <law>/paragraphs/*.md "
                        "folders and/or gesetze-im-internet.de XML (xml.zip or .xml)")
    parser.add_argument("--documents", type=Path, default=settings.OFFICE_DOCS_DIR,
                        help="the office's documents (.md, .pdf, .docx)")
    parser.add_argument("--out", type=Path, default=settings.LAW_INDEX_DIR)
    parser.add_argument("--force", action="store_true", help="build even if nothing changed")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    if args.legal_dir and not args.legal_dir.is_dir():
        print(f"{args.legal_dir} is not a folder", file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        built, manifest = update(args.legal_dir, args.documents, args.out, args.force)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    counts = ", ".join(f"{law} {n}" for law, n in manifest["laws"].items())
    if built:
        print(f"{args.out}: {manifest['units']} units ({counts}) in "
              f"{time.monotonic() - started:.1f} s")
    else:
        print(f"{args.out}: up to date ({manifest['units']} units, {counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
