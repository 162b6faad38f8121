"""Which translations were made from the German text as it is now (issue #22).

Every translated text records the German source it was translated from, as a short hash in
`translations/translated-from.yml` (language -> text -> hash). A German text that changes after
its translations were made leaves them stale until a translator updates them and stamps
them again:

    python scripts/translations.py            # lists stale and unstamped translations
    python scripts/translations.py --stamp    # records the current German source of every
                                              # translation (after the translations are done)

Texts: the responses of `domain.yml` (German) against `locales/<lang>.yml`, and every group
of language keys with a German text in `knowledge/` and `office/` (topic answers, labels,
referrals, glossary, service names and documents), named by their YAML path.
tests/test_translations_fresh.py fails while anything is stale or unstamped.
"""

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, Tuple

import yaml

from lotse_common.yaml_files import read_yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]
STAMPS = PROJECT_DIR / "translations" / "translated-from.yml"
SOURCE = "de"


def digest(value: Any) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _groups(node: Any, path: str) -> Iterator[Tuple[str, Dict[str, Any]]]:
    """(path, {language: text}) of every mapping with a German text and a translation."""
    if isinstance(node, dict):
        languages = {k for k in node if isinstance(k, str) and len(k) == 2 and k.islower()}
        # a text in several languages; per-language word lists (knowledge/choice_words.yml,
        # referral keywords) are vocabularies of their own, not translations
        if SOURCE in languages and len(languages) > 1 and isinstance(node[SOURCE], str):
            yield path, node
            return
        for key, value in node.items():
            yield from _groups(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _groups(value, f"{path}[{index}]")


def translations(project: Path = PROJECT_DIR) -> Dict[str, Dict[str, Tuple[str, Any]]]:
    """language -> text name -> (hash of its German source, the translation)."""
    found: Dict[str, Dict[str, Tuple[str, Any]]] = {}
    german = read_yaml(project / "domain.yml")["responses"]
    digests = {name: digest(texts) for name, texts in german.items()}  # once, not per language
    for path in sorted((project / "locales").glob("??.yml")):
        for name, texts in (read_yaml(path).get("responses") or {}).items():
            if name in german:
                found.setdefault(path.stem, {})[f"domain:{name}"] = (digests[name], texts)
    for folder in ("knowledge", "office"):
        for path in sorted((project / folder).rglob("*.yml")):
            relative = path.relative_to(project).as_posix()
            for where, group in _groups(read_yaml(path), ""):
                source = digest(group[SOURCE])
                for language, text in group.items():
                    if language != SOURCE and isinstance(language, str) and len(language) == 2:
                        found.setdefault(language, {})[f"{relative}:{where}"] = (source, text)
    return found


def stamps(path: Path = STAMPS) -> Dict[str, Dict[str, str]]:
    if not path.is_file():
        return {}
    return read_yaml(path) or {}


def stale(project: Path = PROJECT_DIR, path: Path = STAMPS) -> Dict[str, list]:
    """{"stale": [(language, text)], "unstamped": [...]} — translations whose German source
    changed since they were stamped, and translations never stamped."""
    recorded = stamps(path)
    result: Dict[str, list] = {"stale": [], "unstamped": []}
    for language, texts in sorted(translations(project).items()):
        for name, (source, _) in sorted(texts.items()):
            stamp = (recorded.get(language) or {}).get(name)
            if stamp is None:
                result["unstamped"].append((language, name))
            elif stamp != source:
                result["stale"].append((language, name))
    return result


def stamp(project: Path = PROJECT_DIR, path: Path = STAMPS) -> int:
    current = {language: {name: source for name, (source, _) in sorted(texts.items())}
               for language, texts in sorted(translations(project).items())}
    header = ("# The German source each translation was made from (scripts/translations.py):\n"
              "# stamp only after the translations of a changed German text are updated.\n")
    path.write_text(header + yaml.safe_dump(current, allow_unicode=True, sort_keys=True),
                    "utf-8")
    return sum(len(v) for v in current.values())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stamp", action="store_true",
                        help="record the current German source of every translation")
    args = parser.parse_args(argv)
    if args.stamp:
        print(f"{STAMPS.relative_to(PROJECT_DIR)}: {stamp()} translations stamped")
        return 0
    found = stale()
    for kind, entries in found.items():
        for language, name in entries:
            print(f"{kind}: {language} {name}")
    print(f"{len(found['stale'])} stale, {len(found['unstamped'])} unstamped")
    return 1 if any(found.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
