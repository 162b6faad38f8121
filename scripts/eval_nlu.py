"""Intent accuracy of a trained model on the held-out files tests/nlu/<lang>.yml.

Writes per language to results/nlu/<lang>/: intent_report.json (precision, recall, F1 per
intent), errors.json (misclassified examples) and a Markdown summary for all languages to
results/nlu/summary.md. Exits 1 when a language is below its threshold.

    python scripts/eval_nlu.py --model models/lotse.tar.gz [--out results/nlu]
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

# the model references the project's own NLU components (lotse.nlu)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# complete languages and the accuracy the product requires of them
THRESHOLDS = {"de": 0.95, "en": 0.95, "tr": 0.90, "ar": 0.90, "uk": 0.90}
DEFAULT_THRESHOLD = 0.90


def load_examples(path: Path) -> List[Tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


async def predict(agent, texts: List[str]) -> List[str]:
    return [(await agent.parse_message(t))["intent"]["name"] for t in texts]


def evaluate(model: Path, test_dir: Path, out: Path) -> Dict[str, float]:
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
        confusions = Counter((e["intent"], e["predicted"]) for e in errors).most_common(5)
        accuracies[f"{language}:confusions"] = confusions
        accuracies[f"{language}:n"] = len(texts)
    return accuracies


def summary(results: Dict) -> Tuple[str, bool]:
    lines = ["# NLU evaluation on held-out data", "",
             "| language | examples | intent accuracy | threshold | most frequent confusions |",
             "|---|---|---|---|---|"]
    passed = True
    for language in sorted(k for k in results if ":" not in k):
        accuracy = results[language]
        threshold = THRESHOLDS.get(language, DEFAULT_THRESHOLD)
        ok = accuracy >= threshold
        passed &= ok
        confusions = ", ".join(f"{g}→{p} ({n})" for (g, p), n in results[f"{language}:confusions"])
        lines.append(
            f"| {language} | {results[f'{language}:n']} | {accuracy:.1%} {'✓' if ok else '✗'} "
            f"| {threshold:.0%} | {confusions or '–'} |"
        )
    return "\n".join(lines) + "\n", passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=Path("models/lotse.tar.gz"))
    parser.add_argument("--tests", type=Path, default=Path("tests/nlu"))
    parser.add_argument("--out", type=Path, default=Path("results/nlu"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    results = evaluate(args.model, args.tests, args.out)
    text, passed = summary(results)
    (args.out / "summary.md").write_text(text, encoding="utf-8")
    print(text)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
