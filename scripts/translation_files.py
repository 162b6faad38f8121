"""Hand the texts of a new language to a translator and back (issue #22).

    python scripts/translation_files.py export ru var/translate-ru.yml
    python scripts/translation_files.py check ru var/translate-ru.yml
    python scripts/translation_files.py import ru var/translate-ru.yml

`export` writes every text scripts/translations.py tracks (domain responses, topic answers,
labels, referrals, fees, office texts …) with its German source and English version and an
empty slot for the language. `import` writes the filled-in texts where they belong:
`locales/<lang>.yml` for the responses, and next to the other languages in the YAML files
of knowledge/ and office/ — inserted as text, so comments and layout stay as they are. It
checks afterwards that every file reads back with the new texts in place. Stamp the
imported texts with `python scripts/translations.py --stamp`.
"""

import argparse
import json
import re
import sys
import textwrap
from pathlib import Path
from typing import Any, Dict, List, Tuple

import ruamel.yaml
import yaml

from lotse_common.yaml_files import read_yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from translations import PROJECT_DIR, SOURCE, translations  # noqa: E402

REFERENCE = "en"  # the version shown next to the German source
WIDTH = 100


def export(language: str, target: Path, project: Path = PROJECT_DIR) -> int:
    texts = translations(project)
    english = texts[REFERENCE]
    done = texts.get(language, {})
    german = read_yaml(project / "domain.yml")["responses"]
    files: Dict[str, Any] = {}  # each knowledge or office file read once
    entries = []
    for name, (_, english_text) in sorted(english.items()):
        if name in done:
            continue
        if name.startswith("domain:"):
            source = german[name.split(":", 1)[1]]
        else:
            file, where = name.split(":", 1)
            if file not in files:
                files[file] = read_yaml(project / file)
            source = _node(files[file], where)[SOURCE]
        entries.append({"name": name, SOURCE: source, REFERENCE: english_text, language: None})
    header = (f"# Texts to translate into '{language}': fill in `{language}` of every entry in\n"
              f"# the shape of `{REFERENCE}` (responses: the same variations and buttons, only\n"
              "# `text` and `title` translated). Keep {placeholders}, payloads, paragraph\n"
              "# numbers and the German terms in parentheses.\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(header + yaml.safe_dump(entries, allow_unicode=True, sort_keys=False,
                                              width=WIDTH), "utf-8")
    return len(entries)


def _node(root: Any, where: str) -> Any:
    """The node at a path as scripts/translations.py names it ("topics.x.answer", "a[2].b")."""
    node = root
    for part in where.replace("[", ".[").split("."):
        if not part:
            continue
        node = node[int(part[1:-1])] if part.startswith("[") else node[part]
    return node


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _block_value(text: str, indent: int) -> List[str]:
    """A value written after `<lang>:` in a block mapping: one quoted line, or folded."""
    if len(text) + indent + 6 <= WIDTH and "\n" not in text:
        return [_quoted(text)]
    if text != text.strip() or any(line != line.strip() for line in text.split("\n")):
        return [_quoted(text)]
    lines = [">-"]
    for number, paragraph in enumerate(text.split("\n")):
        if number:
            lines.append("")
        lines += [" " * (indent + 2) + line for line in
                  textwrap.wrap(paragraph, WIDTH - indent - 2, break_long_words=False,
                                break_on_hyphens=False)]
    return lines


def _insertions(source: str, groups: Dict[str, str], language: str) -> List[Tuple[int, int, str]]:
    """(line, column or -1 for a new line, text) to insert for each group path -> text."""
    loader = ruamel.yaml.YAML()
    root = loader.load(source)
    lines = source.split("\n")
    found = []
    for where, text in groups.items():
        group = _node(root, where)
        last = [key for key in group if isinstance(key, str) and len(key) == 2][-1]
        line, column = group.lc.key(last)
        if group.fa.flow_style():
            value_line, value_column = group.lc.value(last)
            end = _scalar_end(lines[value_line], value_column)
            found.append((value_line, end, f", {language}: {_quoted(text)}"))
            continue
        end = line + 1
        while end < len(lines) and (not lines[end].strip() or
                                    len(lines[end]) - len(lines[end].lstrip()) > column):
            end += 1
        while not lines[end - 1].strip():
            end -= 1
        value = _block_value(text, column)
        block = [" " * column + f"{language}: {value[0]}", *value[1:]]
        found.append((end, -1, "\n".join(block)))
    return sorted(found, reverse=True)


def _scalar_end(line: str, start: int) -> int:
    """The column just after a flow scalar that starts at `start`."""
    quote = line[start]
    if quote in "\"'":
        position = start + 1
        while position < len(line):
            if line[position] == "\\" and quote == '"':
                position += 2
                continue
            if line[position] == quote:
                if quote == "'" and line[position + 1:position + 2] == "'":
                    position += 2
                    continue
                return position + 1
            position += 1
        raise ValueError(f"unterminated scalar: {line}")
    position = start
    while position < len(line) and line[position] not in ",}":
        position += 1
    return len(line[:position].rstrip())


def _write_locale(language: str, responses: Dict[str, Any], project: Path) -> None:
    german = read_yaml(project / "domain.yml")["responses"]
    out = [f"# Texts of the responses in domain.yml in language '{language}' (same names, same "
           "placeholders, same buttons).", "responses:"]
    for name in german:
        out.append(f"  {name}:")
        for variation in responses[name]:
            out.append(f"    - text: {_quoted(variation['text'])}")
            if variation.get("buttons"):
                out.append("      buttons:")
                for button in variation["buttons"]:
                    out.append(f"        - title: {_quoted(button['title'])}")
                    out.append(f"          payload: {button['payload']}")
    (project / "locales" / f"{language}.yml").write_text("\n".join(out) + "\n", "utf-8")


def import_(language: str, source: Path, project: Path = PROJECT_DIR) -> int:
    entries = read_yaml(source)
    missing = [e["name"] for e in entries if not e.get(language)]
    if missing:
        raise SystemExit(f"{len(missing)} texts without '{language}': {missing[:5]} …")
    responses, files = {}, {}
    for entry in entries:
        kind, where = entry["name"].split(":", 1)
        if kind == "domain":
            responses[where] = entry[language]
        else:
            files.setdefault(kind, {})[where] = str(entry[language]).strip()
    if responses:
        _write_locale(language, responses, project)
    for file, groups in files.items():
        path = project / file
        lines = path.read_text("utf-8").split("\n")
        for line, column, text in _insertions("\n".join(lines), groups, language):
            if column < 0:
                lines[line:line] = text.split("\n")
            else:
                lines[line] = lines[line][:column] + text + lines[line][column:]
        path.write_text("\n".join(lines), "utf-8")
        reread = read_yaml(path)
        for where, text in groups.items():
            if " ".join(str(_node(reread, where)[language]).split()) != " ".join(text.split()):
                raise SystemExit(f"{file}:{where}: the text did not read back as written")
    return len(entries)


def check(language: str, source: Path) -> List[str]:
    """What is wrong with a filled-in file: missing texts, placeholders or buttons that differ."""
    problems = []
    for entry in read_yaml(source):
        name, text, english = entry["name"], entry.get(language), entry[REFERENCE]
        if not text:
            problems.append(f"{name}: not translated")
        elif isinstance(english, list):
            if not isinstance(text, list) or len(text) != len(english):
                problems.append(f"{name}: not the same variations as '{REFERENCE}'")
                continue
            for ours, theirs in zip(text, english, strict=True):
                if _placeholders(ours.get("text", "")) != _placeholders(theirs["text"]):
                    problems.append(f"{name}: placeholders differ")
                if [b["payload"] for b in ours.get("buttons") or []] != [
                        b["payload"] for b in theirs.get("buttons") or []]:
                    problems.append(f"{name}: buttons differ")
        elif _placeholders(str(text)) != _placeholders(str(english)):
            problems.append(f"{name}: placeholders differ")
    return problems


def _placeholders(text: str) -> List[str]:
    return sorted(re.findall(r"{(\w+)}", text))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["export", "check", "import"])
    parser.add_argument("language")
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.command == "export":
        print(f"{args.file}: {export(args.language, args.file)} texts to translate")
    elif args.command == "check":
        problems = check(args.language, args.file)
        print("\n".join(problems) or "complete")
        return 1 if problems else 0
    else:
        print(f"{import_(args.language, args.file)} texts imported into '{args.language}'")
    return 0


if __name__ == "__main__":
    sys.exit(main())
