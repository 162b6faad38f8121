"""`python -m lotse.law "Fiktionswirkung bei verspätetem Antrag" [--top 5] [--json]`: the
staff search in the terminal, on the index `make law-index` built (LOTSE_LAW_INDEX_DIR)."""

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import List, Optional

from lotse.law.index import load
from lotse.law.search import Search


def main(argv: Optional[List[str]] = None) -> int:
    from lotse import settings

    parser = argparse.ArgumentParser(prog="python -m lotse.law",
                                     description="Search the law texts as a case worker.")
    parser.add_argument("query")
    parser.add_argument("--top", type=int, default=5, choices=range(1, 21), metavar="1-20")
    parser.add_argument("--json", action="store_true", help="the JSON of GET /staff/search")
    parser.add_argument("--index", type=Path, default=settings.LAW_INDEX_DIR)
    args = parser.parse_args(argv)
    if not (args.index / "manifest.json").is_file():
        print(f"No law index in {args.index}: make law-index LEGAL_DIR=…", file=sys.stderr)
        return 2
    results = Search(load(args.index)).search(args.query, args.top)
    if args.json:
        print(json.dumps({"query": args.query, "results": results}, ensure_ascii=False,
                         indent=2))
        return 0
    if not results:
        print("Nichts gefunden.")
    for number, result in enumerate(results, 1):
        print(f"{number}. {result['citation']} – {result['title']}  ({result['score']:.1f})")
        if result["url"]:
            print(f"   {result['url']}")
        for sentence in result["sentences"]:
            body = textwrap.shorten(sentence["text"], 300, placeholder=" …")
            print(textwrap.fill(f"{sentence['ref']}: {body}", 100, initial_indent="   ",
                                subsequent_indent="     "))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
