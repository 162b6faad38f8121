"""One translation per official German term (knowledge/glossary.yml): an answer that uses the
German term uses the glossary's translation in every other language, so the citizen meets the
same word in every answer. The German term in parentheses does not count for the translation."""

import re
import unicodedata
from functools import cache
from typing import Dict, List

import pytest
import yaml

from actions.knowledge import load_knowledge
from tests.conftest import LANGUAGES as ALL_LANGUAGES
from tests.conftest import PROJECT_DIR

GLOSSARY = yaml.safe_load((PROJECT_DIR / "knowledge" / "glossary.yml").read_text("utf-8"))
TERMS: Dict[str, Dict[str, str]] = GLOSSARY["terms"]
FORMS: Dict[str, Dict[str, List[str]]] = GLOSSARY.get("forms") or {}
LANGUAGES = [code for code in ALL_LANGUAGES if code != "de"]
# German inflection endings a term may carry ("Aufenthaltserlaubnisse", "Ausländerbehörden")
GERMAN_ENDINGS = r"(?:e|en|n|s|es|er|se|sen)?"


def normalized(text: str) -> str:
    """Case, accents and Arabic diacritics, hamza forms and the article do not matter."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    text = text.replace("\u0640", "")  # Arabic tatweel
    text = re.sub(r"[’'ʼ`´]", "'", text)
    text = re.sub(r"[–—‑-]", "-", text)
    text = re.sub(r"(?<![^\W\d_])ال", "", text)  # Arabic definite article at a word start
    return " ".join(text.split())


def surface_forms(term: str, language: str) -> List[str]:
    base = term if language == "de" else TERMS[term][language]
    return [base, *(FORMS.get(language, {}).get(term) or [])]


def german_pattern(term: str) -> re.Pattern:
    forms = sorted((normalized(f) for f in surface_forms(term, "de")), key=len, reverse=True)
    alternatives = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<!\w)(?:{alternatives}){GERMAN_ENDINGS}(?!\w)")


@cache
def containing_terms(term: str) -> List[str]:
    """Longer glossary terms that contain this one ("elektronischer Aufenthaltstitel")."""
    return [
        other for other in TERMS
        if other != term
        and any(normalized(term) in normalized(f) for f in surface_forms(other, "de"))
    ]


def uses_german_term(german_text: str, term: str) -> bool:
    text = normalized(german_text)
    for longer in containing_terms(term):
        text = german_pattern(longer).sub(" ", text)
    return bool(german_pattern(term).search(text))


def uses_translation(text: str, term: str, language: str) -> bool:
    text = normalized(text)
    return any(normalized(form) in text for form in surface_forms(term, language))


def all_topics():
    # every topic file, also those added later
    return load_knowledge(PROJECT_DIR / "knowledge").answers()


def test_every_term_has_a_translation_in_every_language():
    for term, translations in TERMS.items():
        # languages being prepared may come first (the glossary guides their translators)
        assert set(LANGUAGES) <= set(translations), term
        assert all(translations.values()), term
    for language, terms in FORMS.items():
        unknown = set(terms) - set(TERMS)
        assert not unknown, f"{language}: forms of unknown terms {unknown}"


@pytest.mark.parametrize("topic", all_topics(), ids=lambda t: t.id)
def test_answers_use_the_glossary_translation(topic):
    missing = []
    for term in TERMS:
        if not uses_german_term(topic.answer.get("de", ""), term):
            continue
        for language in LANGUAGES:
            text = topic.answer.get(language)
            if text is not None and not uses_translation(text, term, language):
                missing.append(f"{language}: '{TERMS[term][language]}' ({term})")
    assert not missing, "\n".join(missing)


def labelled_texts():
    """Intent labels and the office service names: the same terms as the answers."""
    labels = yaml.safe_load((PROJECT_DIR / "knowledge" / "labels.yml").read_text("utf-8"))
    for name, texts in labels["labels"].items():
        yield pytest.param(texts, id=f"label:{name}")
    for path in sorted((PROJECT_DIR / "office").glob("*.yml")):
        office = yaml.safe_load(path.read_text("utf-8"))
        for service in office.get("services") or []:
            yield pytest.param(service["name"], id=f"{path.stem}:{service['id']}")


@pytest.mark.parametrize("texts", labelled_texts())
def test_labels_and_service_names_use_the_glossary_translation(texts):
    missing = [
        f"{language}: '{TERMS[term][language]}' ({term})"
        for term in TERMS if uses_german_term(texts.get("de", ""), term)
        for language in LANGUAGES
        if language in texts and not uses_translation(texts[language], term, language)
    ]
    assert not missing, "\n".join(missing)


def test_the_aufenthaltskarte_is_not_the_eat():
    """'Aufenthaltskarte' is the card of EU citizens' family members (§ 5 FreizügG/EU); the
    card of third-country nationals is the elektronischer Aufenthaltstitel (eAT)."""
    wrong = re.compile(r"aufenthaltskarte\w*\s*\(eat\)")
    texts = [t.answer.get("de", "") for t in all_topics()]
    texts += [(PROJECT_DIR / "domain.yml").read_text("utf-8")]
    texts += [p.read_text("utf-8") for p in sorted((PROJECT_DIR / "office").glob("*.yml"))]
    for text in texts:
        assert not wrong.search(text.casefold()), wrong.search(text.casefold())
    for language in LANGUAGES:
        card = normalized(TERMS["Aufenthaltskarte"][language])
        for topic in all_topics():
            text = normalized(topic.answer.get(language, ""))
            assert not re.search(re.escape(card) + r"\w*\s*\(eat\)", text), (topic.id, language)
