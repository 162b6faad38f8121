"""Scripts as citizens type them, shared by the NLU (tokens, entities) and the action server
(answers in words), so that a word written either way is the same word:

- Persian on Persian or Arabic keyboards ("ی"/"ي", "ک"/"ك"), with or without the half-space
  ("می‌خوام", "میخوام") and in Persian, Arabic or ASCII digits;
- Latin letters with or without their diacritics ("zezwolenie", "ședere" / "sedere");
- Chinese without spaces: Han characters are words of their own for the matchers.
"""

import re
import unicodedata

_DIGITS = {**{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian ۰–۹
           **{chr(0x0660 + d): str(d) for d in range(10)}}  # Arabic ٠–٩
# one letter per sound, in Arabic's spelling (the action server's vocabularies are compared
# that way) or Persian's (the Persian stemmer's suffixes are spelled so)
_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ى": "ي", "ک": "ك", "\u200c": None, **_DIGITS})
_PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "\u200c": None, **_DIGITS})
# letters Arabic does not use: a text with them is Persian; and the reverse
PERSIAN_ONLY = set("پچژگکی")
ARABIC_ONLY = set("ةىأإؤ")


def arabic_script_folded(text: str, persian: bool = False) -> str:
    """The text with one spelling per letter, no half-spaces and ASCII digits."""
    return text.translate(_PERSIAN_LETTERS if persian else _ARABIC_LETTERS)


# letters NFKD does not decompose
_UNDECOMPOSED = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "ı": "i"})
# Python's \w leaves out the vowel signs and virama of Devanagari ("काम" would be "क", "म")
WORD_LETTERS = "\\w\u0900-\u097f"
WORD = re.compile(f"[{WORD_LETTERS}]+")
HAN_LETTERS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK unified ideographs
HAN = re.compile(f"[{HAN_LETTERS}]")


def without_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def latin_without_diacritics(text: str) -> str:
    """Only Latin letters lose their marks ("białoruś" → "bialorus"); Cyrillic "й", "ї" stay."""
    return "".join(without_diacritics(c) if c < "\u0250" or "\u1e00" <= c <= "\u1eff" else c
                   for c in text)


def han_spaced(text: str) -> str:
    """Chinese with a space around every Han character ("我是中国人" → "我 是 中 国 人"), so
    that phrase matchers that work on whole words find "中 国" in it."""
    if not HAN.search(text):
        return text
    return re.sub(r"\s+", " ", HAN.sub(lambda m: f" {m[0]} ", text)).strip()



# Arabic in Latin letters writes the sounds Latin lacks as digits inside words: "3indi"
# (ع), "i9ama" (ص), "7abibi" (ح), "2e7jez" (ء) -- words no other language writes so
ARABIZI_WORD = re.compile(r"^(?=.*[a-z])(?=.*[2379])[a-z2379']{2,}$")
# this share of a message's words ("badde jadded el e2ame": one in four)
ARABIZI_SHARE = 0.25


def is_arabizi(words: list) -> bool:
    """Whether a message of three or more words is Arabic in Latin letters ("ani 3indi i9ama
    hna"), which lingua reads as Albanian or Turkish."""
    found = sum(bool(ARABIZI_WORD.match(word)) for word in words)
    return len(words) > 2 and found >= ARABIZI_SHARE * len(words)


# Serbian Cyrillic has one Latin letter or pair per letter (Vuk's alphabet and Gaj's Latin):
# Croatian texts and Serbian questions in Cyrillic then share their words
SERBIAN_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z",
    "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "č", "џ": "dž", "ш": "š"})


def serbian_latin(text: str) -> str:
    """ "могу ли да радим" → "mogu li da radim"; capitals as lower case."""
    return text.casefold().translate(SERBIAN_LATIN)
