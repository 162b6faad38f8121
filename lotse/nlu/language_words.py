"""What the training examples' words tell of a message's language (language_detector.py):
the language that uses them most, the words several languages borrow ("Termin"), and the
words that tell Persian, Russian, Hindi … typed in Latin letters ("mikham", "vnzh", "kaise")."""

import math
from collections import Counter
from typing import Dict, List, Optional, Sequence, Tuple


def romanised_words(words: Dict[str, Counter], latin: Dict[str, Counter],
                    latin_share: float = 0.75) -> Tuple[Dict[str, str], Dict[str, List[str]]]:
    """Words of the Latin-script examples of languages mostly written in another script
    ("mikham", "vnzh", "kaise"), unless a Latin-script language's examples use them too
    ("termin", "salam" in Turkish). A Latin-script language writes at least `latin_share` of
    its examples' words in Latin letters (Hindi's examples: half of them).

    Returns the words that tell one language ("shcho": Ukrainian) and those that romanised
    sister languages share ("dobryi", "den": Russian and Ukrainian), with their languages:
    the shared ones say "romanised" without saying which."""
    latin_languages = {
        language for language, counts in words.items()
        if sum(latin.get(language, Counter()).values()) >= latin_share * sum(counts.values())}
    # a word Latin-script examples use too stays romanised if its language uses it four times
    # as often ("hai": Hindi "is", Vietnamese "two")
    taken: Counter = Counter()
    for language in latin_languages:
        taken.update(latin.get(language, Counter()))
    romanised: Dict[str, Counter] = {}
    for language, counts in latin.items():
        if language in latin_languages:
            continue
        for word, count in counts.items():
            if count > 4 * taken[word] and not word.isdigit():
                romanised.setdefault(word, Counter())[language] += count
    telling, shared = {}, {}
    for word, counts in sorted(romanised.items()):
        ranked = counts.most_common()
        if len(ranked) == 1 or ranked[0][1] > 2 * ranked[1][1]:
            telling[word] = ranked[0][0]
        else:
            shared[word] = sorted(counts)
    return telling, shared


def most_typical(phrase: str, words: Dict[str, Counter]) -> Optional[str]:
    """The language whose training data uses the phrase's words most, if one clearly does.

    German office terms appear inside every language's examples ("termin buchen" among the
    Ukrainian ones); the word counts show they are still German.
    """
    scores = word_scores(phrase, words)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0] if ranked else None


def word_scores(phrase: str, words: Dict[str, Counter]) -> Dict[str, float]:
    return {language: sum(math.log1p(counts.get(word, 0)) for word in phrase.split())
            for language, counts in words.items()}


def borrowed_words(words: Dict[str, Counter], min_length: int) -> Dict[str, str]:
    """Words citizens use across languages, with the language they come from: official
    German terms inside Turkish or English examples ("Aufenthaltstitel", "Termin"), English
    ones inside German ("online")."""
    borrowed = {}
    for word in {w for counts in words.values() for w in counts if len(w) >= min_length}:
        users = {language: counts[word] for language, counts in words.items() if counts[word]}
        if len(users) >= 2:
            borrowed[word] = max(users, key=users.get)
    return dict(sorted(borrowed.items()))


def name_words(lookup_tables: List[Dict], tables: Sequence[str], normalize) -> List[str]:
    """The one-word names of countries and languages in every language ("romania",
    "bulgarian", "rumänien"): no evidence of the message's language ("I'm from Romania" in
    an English conversation read as Romanian). Names of several words keep their words
    ("costa rica": "costa" is Italian's "costs")."""
    names = set()
    for table in lookup_tables:
        if table.get("name") in tables and isinstance(table.get("elements"), list):
            names.update(normalize(element) for element in table["elements"])
    return sorted(name for name in names if name and " " not in name)
