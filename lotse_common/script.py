"""Persian as citizens type it: on Persian or Arabic keyboards ("ی"/"ي", "ک"/"ك"), with or
without the half-space ("می‌خوام", "میخوام") and in Persian, Arabic or ASCII digits.

Shared by the NLU (tokens) and the action server (answers in words), so that a word written
either way is the same word.
"""

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
