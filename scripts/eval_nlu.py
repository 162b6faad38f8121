"""Intent accuracy of trained models on the held-out files tests/nlu/<lang>.yml.

Also measured: the share of out-of-remit questions recognised (`out_of_scope` recall) and
the share of held-out messages with several questions (tests/questions/<lang>.yml) whose
questions are all recognised (the parse data's `questions`).

Writes per model and language to <out>/<model>/<lang>/: intent_report.json (precision,
recall, F1 per intent), errors.json (misclassified examples), confusion_matrix.png and
summary.md; a Markdown summary of all languages to <out>/<model>/summary.md; with several
models a side-by-side <out>/comparison.md. Exits 1 when the first model is below a
language's threshold (the others are baselines to compare with).

    python scripts/eval_nlu.py --model lotse=models/lotse.tar.gz \
        [--model rasa-default=results/baseline/rasa-default.tar.gz] [--out results/nlu]

`--blind` (tests/nlu_blind/): a held-out set that no one looks into, reported as accuracies
only: no errors, confusions or per-intent figures are written or printed, so it cannot steer
training data the way the first set's errors do (README, "NLU pipeline"). `--no-floors`: a
development set (tests/nlu_seen/, the blind set before it, looked into), reported in full
without the floors.
"""

import argparse
import asyncio
import json
import logging
import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

from sklearn.metrics import accuracy_score, classification_report

# The floors CI holds (a data change that drops below fails); the goals of issue #13 are
# higher: ≥ 96 % in-scope accuracy and ≥ 90 % of out-of-remit questions recognised (de, en).
# Measured on the 66-intent held-out files (15 everyday topics of issue #14 added, their
# examples written blind): en and ar lost about half a point against the 51-intent files.
# Raised after ~1050 training examples written blind to these files (session 4), and again
# after ~2,500 more de/en examples written blind and out-of-remit examples weighted × 3.
# accuracy on the whole held-out file, out-of-remit questions included
# Then word stems and larger vocabularies (and 76 near-copies of held-out sentences removed),
# then one intent against the rest on log-scaled counts (en, tr, ar up).
# Then stories (the office's question over other authorities' words) and ~1,000 more examples
# aimed at the intents these files' errors showed: see BLIND_THRESHOLDS for the honest measure.
THRESHOLDS = {"de": 0.96, "en": 0.955, "tr": 0.93, "ar": 0.91, "uk": 0.92,
              # issue #22: the two most frequent new languages at German offices
              "ru": 0.92, "fa": 0.92}
# every other language (issue #22)
DEFAULT_THRESHOLD = 0.90
# accuracy on the questions the office answers (without the out-of-remit ones)
IN_SCOPE_THRESHOLDS = {"de": 0.96, "en": 0.955}
# out-of-remit questions recognised as such (recall of out_of_scope)
OUT_OF_REMIT_THRESHOLDS = {"de": 0.96, "en": 0.95}
# messages with several questions whose questions are all recognised
QUESTIONS_THRESHOLDS = {"de": 0.85, "en": 0.80}
# the blind set (whole file), tests/nlu_blind/: its predecessor (now tests/nlu_seen/) measured
# 95.4 % (de) and 95.1 % (en) when it was written
BLIND_THRESHOLDS = {"de": 0.94, "en": 0.96}


def load_examples(path: Path) -> List[Tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


async def predict(agent, texts: List[str]) -> List[str]:
    return [(await agent.parse_message(t))["intent"]["name"] for t in texts]


async def questions_found(agent, texts: List[str]) -> List[List[str]]:
    """The questions the NLU found in each message (just its intent if only one)."""
    found = []
    for text in texts:
        parsed = await agent.parse_message(text)
        found.append(parsed.get("questions") or [parsed["intent"]["name"]])
    return found


def evaluate_questions(agent, path: Path) -> Tuple[float, List[Dict]]:
    """Share of messages whose listed questions are all recognised, and the misses."""
    import yaml

    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    found = asyncio.run(questions_found(agent, [c["text"] for c in cases]))
    misses = [{"text": c["text"], "intents": c["intents"], "found": f}
              for c, f in zip(cases, found, strict=True) if not set(c["intents"]) <= set(f)]
    return 1 - len(misses) / len(cases), misses


def evaluate(model: Path, test_dir: Path, out: Path, blind: bool = False) -> Dict[str, float]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    accuracies = {}
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(test_dir.glob("*.yml")):
        language = path.stem
        examples = load_examples(path)
        texts, gold = [t for t, _ in examples], [i for _, i in examples]
        predicted = asyncio.run(predict(agent, texts))
        accuracies[language] = accuracy_score(gold, predicted)
        answered = [(g, p) for g, p in zip(gold, predicted, strict=True) if g != "out_of_scope"]
        accuracies[f"{language}:in_scope"] = sum(g == p for g, p in answered) / len(answered)
        accuracies[f"{language}:n"] = len(texts)
        remit = [p for g, p in zip(gold, predicted, strict=True) if g == "out_of_scope"]
        accuracies[f"{language}:out_of_scope"] = (
            remit.count("out_of_scope") / len(remit) if remit else None)
        if blind:  # the accuracies only
            accuracies[f"{language}:confusions"] = []
            continue
        report = classification_report(gold, predicted, output_dict=True, zero_division=0)
        errors = [
            {"text": t, "intent": g, "predicted": p}
            for t, g, p in zip(texts, gold, predicted, strict=True)
            if g != p
        ]
        target = out / language
        target.mkdir(exist_ok=True)
        (target / "intent_report.json").write_text(json.dumps(report, indent=2))
        (target / "errors.json").write_text(json.dumps(errors, indent=2, ensure_ascii=False))
        plot_confusions(gold, predicted, target / "confusion_matrix.png", language)
        confusions = Counter((e["intent"], e["predicted"]) for e in errors).most_common(5)
        accuracies[f"{language}:confusions"] = confusions
        several = test_dir.parent / "questions" / f"{language}.yml"
        if several.exists():
            rate, misses = evaluate_questions(agent, several)
            accuracies[f"{language}:questions"] = rate
            (target / "question_misses.json").write_text(
                json.dumps(misses, indent=2, ensure_ascii=False)
            )
        language_summary(report, target / "summary.md", language, accuracies[language])
    return accuracies


def plot_confusions(gold: List[str], predicted: List[str], path: Path, language: str) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no screen on servers
    import matplotlib.pyplot as plt
    from sklearn.metrics import confusion_matrix

    labels = sorted(set(gold) | set(predicted))
    matrix = confusion_matrix(gold, predicted, labels=labels)
    figure, axes = plt.subplots(figsize=(14, 14))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=90, fontsize=7)
    axes.set_yticks(range(len(labels)), labels, fontsize=7)
    axes.set_xlabel("predicted")
    axes.set_ylabel("expected")
    axes.set_title(f"Intent confusion matrix, held-out data ({language})")
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)


def language_summary(report: Dict, path: Path, language: str, accuracy: float) -> None:
    """Per-intent precision/recall/F1, weakest first: where training data is needed."""
    rows = sorted(
        ((name, v) for name, v in report.items() if isinstance(v, dict) and "support" in v
         and name not in ("macro avg", "weighted avg")),
        key=lambda item: item[1]["f1-score"],
    )
    lines = [f"# {language}: intent accuracy {accuracy:.1%}", "",
             "| intent | precision | recall | F1 | examples |", "|---|---|---|---|---|"]
    lines += [f"| {name} | {v['precision']:.2f} | {v['recall']:.2f} | {v['f1-score']:.2f} "
              f"| {int(v['support'])} |" for name, v in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def summary(results: Dict, blind: bool = False, floors: bool = True) -> Tuple[str, bool]:
    lines = ["# NLU evaluation on " + ("the blind held-out set" if blind else "held-out data"), "",
             "| language | examples | intent accuracy (floor) | in-scope accuracy "
             "| out-of-remit recognised | several questions all found "
             "| most frequent confusions |",
             "|---|---|---|---|---|---|---|"]
    passed = True
    for language in sorted(k for k in results if ":" not in k):
        cells = []
        held = ((None,) * 4 if not floors
                else (BLIND_THRESHOLDS.get(language, DEFAULT_THRESHOLD), None, None, None)
                if blind else (THRESHOLDS.get(language, DEFAULT_THRESHOLD),
                               IN_SCOPE_THRESHOLDS.get(language),
                               OUT_OF_REMIT_THRESHOLDS.get(language),
                               QUESTIONS_THRESHOLDS.get(language)))
        for value, threshold in zip(
            (results[language], results.get(f"{language}:in_scope"),
             results.get(f"{language}:out_of_scope"), results.get(f"{language}:questions")),
            held, strict=True,
        ):
            ok = threshold is None or (value is not None and value >= threshold)
            passed &= ok
            shown = "–" if value is None else f"{value:.1%}"
            cells.append(shown + ("" if threshold is None else
                                  f" {'✓' if ok else '✗'} ({threshold:.1%})"))
        confusions = ", ".join(f"{g}→{p} ({n})" for (g, p), n in results[f"{language}:confusions"])
        lines.append(f"| {language} | {results[f'{language}:n']} | {' | '.join(cells)} "
                     f"| {confusions or '–'} |")
    return "\n".join(lines) + "\n", passed


def comparison(results: Dict[str, Dict]) -> str:
    names = list(results)
    languages = sorted(k for k in results[names[0]] if ":" not in k)
    lines = ["# Held-out intent accuracy, side by side", "",
             "rasa-default: Rasa's `rasa init` pipeline trained on a stratified sample of the "
             "training data (`make eval-nlu`: at most BASELINE_PER_INTENT examples per intent and "
             "language, scripts/sample_nlu.py); lotse-sample: Lotse's pipeline on the same "
             "sample; lotse: Lotse on all of it.", "",
             "| language | threshold | " + " | ".join(names) + " |",
             "|---|---|" + "---|" * len(names)]
    for language in languages:
        threshold = THRESHOLDS.get(language, DEFAULT_THRESHOLD)
        cells = [f"{results[n].get(language, float('nan')):.1%}" for n in names]
        lines.append(f"| {language} | {threshold:.0%} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", action="append", default=[],
                        help="NAME=PATH of a trained model; the first one is checked")
    parser.add_argument("--tests", type=Path, default=Path("tests/nlu"))
    parser.add_argument("--out", type=Path, default=Path("results/nlu"))
    parser.add_argument("--blind", action="store_true",
                        help="accuracies only, nothing that shows which examples failed")
    parser.add_argument("--no-floors", action="store_true",
                        help="a development set: reported in full, no floors checked")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    import structlog  # Rasa logs every parsed message at debug level: the texts stay out

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    models = dict(m.split("=", 1) if "=" in m else ("lotse", m) for m in args.model)
    models = models or {"lotse": "models/lotse.tar.gz"}
    results, passed = {}, True
    for index, (name, path) in enumerate(models.items()):
        results[name] = evaluate(Path(path), args.tests, args.out / name, args.blind)
        text, ok = summary(results[name], args.blind, floors=not args.no_floors)
        (args.out / name / "summary.md").write_text(text, encoding="utf-8")
        print(f"## {name}\n\n{text}")
        passed &= ok or index > 0  # baselines are compared, not required to pass
    if len(models) > 1:
        side_by_side = comparison(results)
        (args.out / "comparison.md").write_text(side_by_side, encoding="utf-8")
        print(side_by_side)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
