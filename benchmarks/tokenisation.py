"""How to cut Chinese and Vietnamese into tokens, measured (issue #22): small NLU models on the
Chinese, Vietnamese and English training data, one per tokenisation, scored on the held-out
files tests/nlu/zh.yml and vi.yml.

    python benchmarks/tokenisation.py     # about 6 minutes on 2 cores; prints a Markdown table

Chinese: as whitespace leaves it (a clause per token: only the character n-grams see inside),
single characters, or jieba's words. Vietnamese is written in syllables separated by spaces:
syllables alone (word 1-grams) against syllables and syllable pairs (1-2-grams, which hold the
two-syllable words). Everything else is config.yml's pipeline.
"""

import copy
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
LANGUAGES = ["zh", "vi", "en"]
VARIANTS = {
    "Chinese as whitespace leaves it, Vietnamese syllables and pairs": ("none", 2),
    "Chinese characters, Vietnamese syllables and pairs (config.yml)": ("characters", 2),
    "Chinese jieba words, Vietnamese syllables and pairs": ("jieba", 2),
    "Chinese jieba words, Vietnamese syllables alone": ("jieba", 1),
}


def variant_config(segment: str, word_ngrams: int) -> dict:
    config = yaml.safe_load((PROJECT / "config.yml").read_text("utf-8"))
    config = copy.deepcopy(config)
    config.pop("policies", None)
    for component in config["pipeline"]:
        if component["name"] == "lotse.nlu.stemming.StemmingTokenizer":
            component["segment_chinese"] = segment
        words = component["name"].endswith("CountsFeaturizer")
        if words and component.get("analyzer") != "char_wb":
            component["max_ngram"] = word_ngrams
    return config


def accuracy(model: Path, tests: Path, out: Path) -> dict:
    subprocess.run([sys.executable, str(PROJECT / "scripts" / "eval_nlu.py"), "--model",  # noqa: S603
                    f"lotse={model}", "--tests", str(tests), "--out", str(out), "--no-floors"],
                   check=True, cwd=PROJECT, capture_output=True)
    scores = {}
    for language in ("zh", "vi"):
        report = json.loads((out / "lotse" / language / "intent_report.json").read_text())
        scores[language] = report["accuracy"]
    return scores


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / "data"
        for language in LANGUAGES:
            shutil.copytree(PROJECT / "data" / "nlu" / language, data / language)
        shutil.copytree(PROJECT / "data" / "nlu" / "lookups", data / "lookups")
        tests = work / "tests" / "nlu"
        tests.mkdir(parents=True)
        (work / "tests" / "questions").mkdir()
        for language in ("zh", "vi"):
            shutil.copy(PROJECT / "tests" / "nlu" / f"{language}.yml", tests)
            shutil.copy(PROJECT / "tests" / "questions" / f"{language}.yml",
                        work / "tests" / "questions")
        rows = []
        for number, (name, (segment, ngrams)) in enumerate(VARIANTS.items()):
            config = work / f"config{number}.yml"
            config.write_text(yaml.safe_dump(variant_config(segment, ngrams), allow_unicode=True))
            subprocess.run([str(Path(sys.executable).parent / "rasa"), "train", "nlu",  # noqa: S603
                            "--config", str(config), "--nlu", str(data),
                            "--out", str(work / "models"), "--fixed-model-name", f"m{number}",
                            "--quiet"], check=True, cwd=PROJECT, capture_output=True)
            scores = accuracy(work / "models" / f"m{number}.tar.gz", tests, work / f"out{number}")
            rows.append(f"| {name} | {scores['zh']:.1%} | {scores['vi']:.1%} |")
            print(rows[-1], flush=True)
    print("\n| tokenisation | zh | vi |\n|---|---|---|\n" + "\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
