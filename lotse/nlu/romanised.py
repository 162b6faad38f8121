"""Persian, Russian, Hindi … typed in Latin letters ("mikham", "vnzh", "kaise"): the words
that tell such a romanisation, learnt from the training examples (language_detector.py)."""

from collections import Counter
from typing import Dict


def romanised_words(words: Dict[str, Counter], latin: Dict[str, Counter],
                    latin_share: float = 0.75) -> Dict[str, str]:
    """Words of the Latin-script examples of languages mostly written in another script
    ("mikham", "vnzh", "kaise"), with that language, unless a Latin-script language's examples
    use them too ("termin", "salam" in Turkish). A Latin-script language writes at least
    `latin_share` of its examples' words in Latin letters (Hindi's examples: half of them)."""
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
    return {word: counts.most_common(1)[0][0] for word, counts in sorted(romanised.items())
            if len(counts) == 1 or counts.most_common(2)[0][1] > 2 * counts.most_common(2)[1][1]}
