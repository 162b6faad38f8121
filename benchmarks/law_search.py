"""Latency of the staff law search (part of `make bench`): p50/p95 per query over the
held-out case-worker questions, repeated, on an index built from LEGAL_DIR. Exit 1 when the
p95 is over the 50 ms target (issue 21). Writes results/benchmarks/law-search.md."""

import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

from lotse.law import index, sources
from lotse.law.search import Search

PROJECT_DIR = Path(__file__).resolve().parents[1]
TARGET_MS = 50.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--legal-dir", type=Path, default=PROJECT_DIR.parent / "shared/legal")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "results/benchmarks")
    args = parser.parse_args()
    if not args.legal_dir.is_dir():
        print(f"{args.legal_dir} is missing: the law search benchmark needs the law texts",
              file=sys.stderr)
        return 2
    questions = [q["q"] for q in yaml.safe_load(
        (PROJECT_DIR / "tests/law/search_questions.yml").read_text("utf-8"))["questions"]]
    search = Search(index.build(sources.read_all(args.legal_dir, None), {}))
    for question in questions:  # warm-up: sentence splitting is cached per paragraph
        search.search(question, 5)
    times = []
    for _ in range(args.rounds):
        for question in questions:
            started = time.perf_counter()
            search.search(question, 5)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
    line = (f"staff law search: {len(times)} queries ({len(questions)} questions × "
            f"{args.rounds}), top 5: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms "
            f"(target p95 < {TARGET_MS:.0f} ms)")
    print(line)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "law-search.md").write_text(f"# Staff law search latency\n\n{line}\n", "utf-8")
    return 0 if p95 < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
