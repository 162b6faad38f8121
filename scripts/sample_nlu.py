"""A stratified sample of the NLU training data: at most N examples per intent and language.

Rasa's default pipeline (DIET, 100 epochs) took about 75 minutes on this machine for five
languages' full data; with nineteen languages `make eval-nlu` trains it on such a sample
(`BASELINE_PER_INTENT`, default 5) instead, and Lotse's pipeline too, for a like-for-like
column, and says so in results/nlu/comparison.md. The
sample is deterministic (the same data gives the same sample), so the baseline is retrained
only when the data changes.

    python scripts/sample_nlu.py --data data --per-intent 5 --out var/baseline-data
"""

import argparse
import random
import shutil
import sys
from pathlib import Path

import yaml


def sample(data: Path, per_intent: int, out: Path) -> int:
    """Writes one file per language into `out` (plus the lookup tables); returns the count."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    blocks = {}  # (language, intent) -> examples
    for path in sorted((data / "nlu").rglob("*.yml")):
        content = yaml.safe_load(path.read_text("utf-8")) or {}
        for block in content.get("nlu") or []:
            if "intent" not in block:  # lookup tables: all of them
                shutil.copy(path, out / f"{path.parent.name}-{path.name}")
                break
            language = (block.get("metadata") or {}).get("language", "de")
            lines = [line[2:] for line in block["examples"].splitlines() if line.startswith("- ")]
            blocks.setdefault((language, block["intent"]), []).extend(lines)
    total = 0
    by_language = {}
    for (language, intent), examples in sorted(blocks.items()):
        chosen = random.Random(f"{language}:{intent}").sample(  # noqa: S311 - a sample, no secret
            examples, min(per_intent, len(examples)))
        total += len(chosen)
        by_language.setdefault(language, []).append({
            "intent": intent, "metadata": {"language": language},
            "examples": "".join(f"- {example}\n" for example in chosen)})
    for language, nlu in by_language.items():
        (out / f"{language}.yml").write_text(
            yaml.safe_dump({"version": "3.1", "nlu": nlu}, allow_unicode=True, sort_keys=False,
                           width=1000), "utf-8")
    return total


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--per-intent", type=int, default=5)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    count = sample(args.data, args.per_intent, args.out)
    print(f"{args.out}: {count} examples, at most {args.per_intent} per intent and language")
    return 0


if __name__ == "__main__":
    sys.exit(main())
