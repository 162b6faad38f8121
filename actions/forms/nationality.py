"""Nationality as citizens write it: "Pakistanerin", "I'm Nigerian", "Hintliyim", "أنا سوري",
"громадянин Індії", or a country the NLU found ("I am from Ghana").

The NLU's `country` entity knows CLDR country names only, and CLDR has no demonyms; those,
and the country forms CLDR lacks, come from the reviewed table knowledge/demonyms.yml (its
header explains the forms). In a message that did not answer the nationality question
(strict), words that are also language names ("deutsch", "English") and bare country names
only count in a self-description ("ich bin deutsch", "I am from Ghana"): "Ich spreche
Deutsch" or "Visum für Indien" is no nationality.
"""

import re
from functools import cache, lru_cache
from typing import Dict, List, NamedTuple, Optional, Sequence, Set, Tuple

from actions import settings
from lotse_common.script import WORD, han_spaced, latin_without_diacritics
from lotse_common.yaml_files import read_yaml

CONTRACTIONS = {r"\bi\s?['’]\s?m\b": "i am", r"\bwe\s?['’]\s?re\b": "we are"}
APOSTROPHES = re.compile("['’ʼ`´]")  # inside words: "ABD'li", "Türk'üm", "в'єтнамець"
# Italian and French elided articles and prepositions are words of their own: "dall'Albania"
ELISION = re.compile(r"\b(d|l|dall|dell|nell|all|sull|dagl|degl|qu|j)['’]", re.IGNORECASE)
MARKS = re.compile("[\u0307\u0640\u064b-\u0652\u0670]")  # dot of casefolded "İ", tatweel, harakat
FOLD = str.maketrans(dict(zip("äöüışçğâîûéأإآٱ", "aouiscgaiueاااا", strict=True)))
UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
WORD_END = {"ة": "ه", "ى": "ي"}
# Turkish "I am"/"we are" endings make a demonym a self-description: "Türküm", "Hintliyiz"
TURKISH_SELF = tuple("im um yim yum iz uz yiz yuz leriz lariz".split())
# Turkish "from" after a country name: "Filistin'denim", "ABD'den"
TURKISH_FROM = tuple("dan den tan ten danim denim tanim tenim".split())
ENDINGS = {  # Turkish after its letters are folded (ı → i, ü → u)
    "tr": ("", *TURKISH_SELF, *"sin sun dir dur tir tur ler lar lerdir lardir".split()),
    "ar": ("", "ه", "ين", "ون", "ات"),  # feminine, plurals
    "uk": ("", *"а я у ю і и е є ів ам ям ами ями ах ях ом ем ою ею ові еві".split(),
           *"ий ого ому им ім их ими ої ій".split()),
    "ru": ("", *"а я у ю е и ы ов ев ей ам ям ами ями ах ях ом ем ой ою ею".split(),
           *"ий ого ому им ым их ых ими ыми ая ую ое ые ие".split()),
}
# the stem a Ukrainian nominative inflects from: "сирієць" → "сирійця", "поляк" → "поляком"
UKRAINIAN_STEMS = {"лець": "льц", "єць": "йц", "ець": "ц", "ий": "", "ка": "к", "ня": "н"}
UKRAINIAN_VOWELS = set("аеєиіїоуюяьй")
# the same in Russian: "сириец" → "сирийца", "португалец" → "португальца", "казашка" → "казашкой"
RUSSIAN_STEMS = {"лец": "льц", "иец": "ийц", "еец": "ейц", "аец": "айц", "ец": "ц", "ий": "",
                 "ка": "к"}
RUSSIAN_VOWELS = set("аеёиоуыэюяьй")
STEMS = {"uk": (UKRAINIAN_STEMS, UKRAINIAN_VOWELS), "ru": (RUSSIAN_STEMS, RUSSIAN_VOWELS)}


@cache
def _cue_words(kind: str) -> Tuple[str, ...]:
    """The cue words of one kind (knowledge/demonyms.yml `cues`), of all languages."""
    return tuple(w for cues in _content()["cues"].values() for w in cues.get(kind) or ())


class Form(NamedTuple):
    before: Tuple[str, ...]  # the words before the last, inflected one: "sri" in "Sri Lankalı"
    country: str
    weak: bool  # "~" in the table, or a country name
    name: bool  # a country name, not a demonym
    endings: Tuple[str, ...]


class Match(NamedTuple):
    country: str
    name: bool
    strong: bool  # not weak, or in a self-description
    start: int
    stop: int


def _words(text: str) -> List[str]:
    text = text.casefold()
    for pattern, replacement in CONTRACTIONS.items():
        text = re.sub(pattern, replacement, text)
    text = ELISION.sub(r"\1 ", han_spaced(text))
    text = latin_without_diacritics(MARKS.sub("", APOSTROPHES.sub("", text)).translate(FOLD))
    return [word[:-1] + WORD_END.get(word[-1], word[-1]) for word in WORD.findall(text)]


def _variants(word: str) -> List[str]:
    """The word, and without an Arabic article or "and": "السوري", "وتركي"."""
    prefixes = [p for p in ("وال", "ال", "و") if word.startswith(p) and len(word) > len(p) + 2]
    return [word] + [word[len(p) :] for p in prefixes]


def _stems(word: str, language: str, name: bool) -> List[Tuple[str, Tuple[str, ...]]]:
    """(stem, its endings): the word with the language's endings; in Ukrainian and Russian
    also its stem."""
    if name:
        return [(word, ("", *TURKISH_FROM) if language == "tr" else ("",))]
    if language not in STEMS:
        return [(word, ENDINGS.get(language, ("",)))]
    stems, vowels = STEMS[language]
    for ending, replacement in stems.items():
        if word.endswith(ending):
            return [(word, ("",)), (word[: -len(ending)] + replacement, ENDINGS[language])]
    return [(word, ENDINGS[language] if word[-1] not in vowels else ("",))]


@lru_cache(maxsize=1)
def _content() -> Dict:
    return read_yaml(settings.KNOWLEDGE_DIR / "demonyms.yml")


@lru_cache(maxsize=1)
def _table() -> Dict[str, Dict[str, List[Form]]]:
    """language → the last word of a form (Ukrainian: also its stem) → forms."""
    content = _content()
    table: Dict[str, Dict[str, List[Form]]] = {}
    for section, name in (("demonyms", False), ("country_names", True)):
        for country, languages in content[section].items():
            for language, forms in languages.items():
                for form in forms:
                    weak, text = name or form.startswith("~"), form.lstrip("~")
                    for variant in {text, text.casefold().translate(UMLAUTS)}:  # "Tuerke"
                        *before, last = _words(variant)
                        for stem, endings in _stems(last, language, name):
                            entry = Form(tuple(before), country, weak, name, endings)
                            table.setdefault(language, {}).setdefault(stem, []).append(entry)
    return table


@cache
def _fillers() -> Set[str]:
    return {w for filler in _cue_words("fillers") for w in _words(filler)}


@cache
def _cues(phrases: Tuple[str, ...]) -> List[Tuple[str, ...]]:
    return [tuple(_words(phrase)) for phrase in phrases]


def _ends_with(words: Sequence[str], phrases: Tuple[str, ...]) -> bool:
    return any(
        len(words) >= len(cue)
        and all(c in _variants(w) for w, c in zip(words[len(words) - len(cue) :], cue, strict=True))
        for cue in _cues(phrases)
    )


def _cued(words: List[str], start: int, stop: int, phrases: Tuple[str, ...]) -> bool:
    """One of the phrases right before words[start:stop], or "vatandaşıyım" right after."""
    while start > 0 and words[start - 1] in _fillers():
        start -= 1
    return (_ends_with(words[:start], phrases)
            or _ends_with(words[stop : stop + 1], _cue_words("citizen")))


def _strong(form: Form, ending: str, language: str, words: List[str], start: int) -> bool:
    if not form.weak:
        return True
    if language == "tr" and ending in (TURKISH_FROM if form.name else TURKISH_SELF):
        return True
    stop = start + len(form.before) + 1
    return _cued(words, start, stop, _cue_words("origin" if form.name else "self"))


def _matches(words: List[str], language: str, exact: bool = False) -> List[Match]:
    found: Dict[Tuple[str, bool, int, int], bool] = {}  # (country, name, start, stop) → strong
    forms = _table().get(language, {})
    for last, word in enumerate(words):
        for variant in _variants(word):
            for cut in range(len(variant), 0, -1):
                for form in forms.get(variant[:cut], ()):
                    ending, start = variant[cut:], last - len(form.before)
                    if ending not in form.endings or (exact and ending) or start < 0:
                        continue
                    if tuple(words[start:last]) == form.before:
                        key = (form.country, form.name, start, last + 1)
                        strong = _strong(form, ending, language, words, start)
                        found[key] = found.get(key, True) and strong  # "هندية" is also Hindi
    matches = [Match(c, n, strong, a, b) for (c, n, a, b), strong in found.items()]
    # "Beyaz Rus" (BY) is not also "Rus" (RU): a form inside a longer one does not count
    return [m for m in matches if not any(_inside(m, other) for other in matches)]


def _inside(match: Match, other: Match) -> bool:
    longer = other.stop - other.start > match.stop - match.start
    return longer and other.start <= match.start and match.stop <= other.stop


def _from_somewhere(words: List[str], text: str) -> bool:
    """For the NLU's country entities, whose position is unknown: "aus", "from", "з" anywhere."""
    cues = _cue_words("origin") + _cue_words("citizen")
    if any(_ends_with(words[: i + 1], cues) for i in range(len(words))):
        return True
    return re.search(r"\w['’][dt][ae]n", text) is not None  # "Suriye'den"


def countries_of_origin(entities: Sequence[Dict], text: str) -> List[str]:
    """The NLU's country entities; of several, those named as the origin ("bin aus Syrien und
    seit zwei Wochen in Deutschland" is SY)."""
    countries = [e for e in entities if e.get("entity") == "country"]
    if len({str(e.get("value")) for e in countries}) <= 1:
        return [str(e.get("value")) for e in countries]
    cues = _cue_words("origin") + _cue_words("citizen")
    named_as_origin = [
        str(e.get("value"))
        for e in countries
        if _ends_with(_words(text[: int(e.get("start") or 0)]), cues)
        or re.match(r"['’]?[dt][ae]n", text[int(e.get("end") or 0) :])  # "Suriye'den"
    ]
    return named_as_origin


def _only(countries: Set[str]) -> Optional[str]:
    return next(iter(countries)) if len(countries) == 1 else None


def parse_nationality(
    text: str, language: str, countries: Sequence[str] = (), strict: bool = False
) -> Optional[str]:
    """The ISO code of the citizen's nationality, or None if none or more than one is named.

    countries: the ISO codes of the `country` entities the NLU found in the message.
    strict: the message did not answer the nationality question (see the module docstring).
    """
    words = _words(text)
    matches = _matches(words, language)
    if not matches:  # people mix languages: "I'm Türk"; other messages: unambiguous words only
        others = [_matches(words, other, exact=True) for other in _table() if other != language]
        matches = [m for found in others for m in found if m.strong or not strict]
    demonyms = [m for m in matches if not m.name]
    strong = {m.country for m in demonyms if m.strong}
    weak = set() if strict else {m.country for m in demonyms if not m.strong}
    if strong:  # and a weakly named second one: dual nationality or unclear, so the form asks
        return _only(strong | weak)
    # countries only where no demonym is named: "Ich bin Syrer und lebe in Deutschland" is SY
    named = {m.country for m in matches if m.name and (m.strong or not strict)}
    if not strict or _from_somewhere(words, text):
        named |= {code.upper() for code in countries}
    return _only(named) if named else _only(weak)
