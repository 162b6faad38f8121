"""NLU component: which language is this message written in?

Two sources, both offline:
- a lexicon of short phrases learned from the training data ("Hello", "Merhaba"), because
  statistical detectors cannot tell languages apart on one or two words;
- the lingua detector (its models ship inside the wheel), restricted to the languages the
  training data contains, for everything longer.

The result goes into the parse data as `language: {code, confidence, source}`. `code` is
null when the message is too short or ambiguous ("ok", "ja"), so that such messages never
switch the conversation language (see lotse_common.language). A message clearly written in a
language Lotse recognises but has no training data for ("Bonjour, je voudrais …") carries
`unsupported: "fr"`: it is answered in German and English with the language menu.

Serbian and Bosnian (Latin and Cyrillic) are answered in Croatian, whose training data holds
them (`aliases`): lingua tells the three apart, Lotse need not.

Persian, Russian, Bulgarian and Hindi are also typed in Latin letters ("salam, termin
mikham", "kak prodlit vnzh", "visa kaise extend karein"), which lingua cannot tell apart from
Turkish or English: such a message is read as the language whose Latin-script training
examples use its words, and no Latin-script language's examples do; Arabic by its digits
("ani 3indi i9ama").
"""

import re
import unicodedata
from collections import Counter
from typing import Any, Dict, List, Optional

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import METADATA, METADATA_INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from lotse.nlu import language_words
from lotse.nlu.language_words import borrowed_words, most_typical, romanised_words, word_scores
from lotse.nlu.persisted import JsonStateComponent
from lotse.nlu.rule_entities import REFERENCE
from lotse_common.language import PARSE_DATA_KEY
from lotse_common.script import ARABIC_ONLY, PERSIAN_ONLY, WORD_LETTERS, is_arabizi


def normalize(text: str) -> str:
    """Lower-case, strip punctuation and extra space: 'Hallo!!' and 'hallo' are the same."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(f"[^{WORD_LETTERS}\\s]", " ", text)
    return " ".join(text.split())


def example_language(message: Message) -> str | None:
    """The `language` an intent block of the training data declares in its metadata."""
    metadata = message.get(METADATA) or {}
    return (metadata.get(METADATA_INTENT) or {}).get("language")


def _latin_script(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(_is_latin(ch) for ch in letters)


def _without_latin_words_if_mixed(text: str) -> str:
    """'Integrationskurs записатися' is Ukrainian with a German term: judge the Cyrillic part."""
    tokens = text.split()
    non_latin = [t for t in tokens if any(ch.isalpha() and not _is_latin(ch) for ch in t)]
    return " ".join(non_latin) if non_latin else text


def _is_latin(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True
)
class LanguageDetector(JsonStateComponent):
    """Adds the detected language of each message to its parse data."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            # below this lingua confidence the message keeps the conversation language ...
            "min_confidence": 0.5,
            # ... unless the likeliest language is this sure and this many times as likely as
            # the next: with many languages the confidences spread ("vivo en Oberdorf, me
            # corresponde ir con ustedes?": Spanish 0.48, German 0.24 for the place name)
            "min_leading_confidence": 0.4,
            "min_lead": 2.0,
            # a conversation keeps its language unless the message's leader is this many times
            # as likely as it (`runner_up`: Turkish without its letters is Croatian 0.51,
            # Turkish 0.25 to lingua)
            "switch_lead": 3.0,
            # ... or its leader is this sure and this many times as likely as the next, and the
            # words of the training examples confirm it: Spanish 0.30, Portuguese 0.17 for
            # "vivo en Oberdorf, me corresponde ir con ustedes?" ("ustedes" is Spanish's)
            "confirmed_confidence": 0.25,
            "confirmed_lead": 1.3,
            # a first message, which has no conversation language to keep, starts in lingua's
            # leader from this confidence if the words confirm it (`likely`)
            "likely_confidence": 0.2,
            # ... or a language lingua does not rank, if the training examples' words favour
            # it this many times over every language lingua ranks
            "words_lead": 3.0,
            # messages with fewer letters are only resolved by the lexicon
            "min_letters": 4,
            # lexicon entries up to this many words
            "max_lexicon_words": 3,
            # languages recognised only to say "not supported yet" (ISO 639-1)
            "recognised_languages": [],
            # how sure lingua must be, and how many words the message needs, to call a
            # message unsupported rather than a typo-laden supported one
            "unsupported_confidence": 0.8,
            "unsupported_min_words": 3,
            # words this long used in several languages' examples are left out of detection
            "borrowed_min_letters": 5,
            # ... if at least this many words remain ("asap please" minus "please" is no text)
            "min_own_words": 3,
            # romanised Persian/Russian: this many of the message's words, and this share,
            # must be words only that language's Latin-script examples use
            "romanised_min_words": 2,
            "romanised_min_share": 0.4,
            # languages read as another one that has their training data (ISO 639-1)
            "aliases": {},
            # sister languages lingua mixes up even when fairly sure: between these two, below
            # `close_sure`, the words of the training examples decide ("quero marcar horario
            # pra buscar meu cartao": Spanish 0.57, Portuguese 0.37)
            "close_languages": [],
            "close_sure": 0.9,
            "name_tables": ["country", "language"],  # their names tell no language
        }

    def warm_up(self) -> None:
        # lingua reads its language models on the first detection: about 2 s
        if self._languages:
            self.detect("Wie lange dauert die Verlängerung meines Aufenthaltstitels?")

    def restore(self, state: Dict[str, Any]) -> None:
        self._lexicon: Dict[str, str] = state.get("lexicon", {})
        self._languages: List[str] = state.get("languages", [])
        self._borrowed: Dict[str, str] = state.get("borrowed", {})
        self._romanised: Dict[str, str] = state.get("romanised", {})
        self._romanised_shared: Dict[str, List[str]] = state.get("romanised_shared", {})
        # the words of each language's examples: to tell Arabic from Persian, and to confirm
        # lingua's unsure leader
        self._words: Dict[str, Dict[str, int]] = state.get("words", {})
        self._names = frozenset(state.get("names", []))
        self._detector = None
        self._wide_detector = None
        self._last_ranked: Any = (None, [])

    def train(self, training_data: TrainingData) -> Resource:
        """Learn the languages and their unambiguous short phrases from the examples."""
        phrases: Dict[str, Counter] = {}
        words: Dict[str, Counter] = {}
        latin: Dict[str, Counter] = {}  # words of the examples written in Latin letters
        for message in training_data.intent_examples:
            language = example_language(message)
            if not language:
                continue
            phrase = normalize(message.get(TEXT) or "")
            words.setdefault(language, Counter()).update(phrase.split())
            if _latin_script(phrase):
                latin.setdefault(language, Counter()).update(phrase.split())
            if phrase and len(phrase.split()) <= self._config["max_lexicon_words"]:
                phrases.setdefault(phrase, Counter())[language] += 1
        lexicon = {}
        for phrase, counts in phrases.items():
            (language, count), *others = counts.most_common()
            # "ok" in every language decides nothing; "hallo" among the English examples
            # (as citizens write) is still German when German uses it far more
            clear = not others or count >= 2 * others[0][1]
            if clear and most_typical(phrase, words) == language:
                lexicon[phrase] = language
        borrowed = borrowed_words(words, self._config["borrowed_min_letters"])
        romanised, romanised_shared = romanised_words(words, latin)
        return self.persist({"lexicon": lexicon, "languages": sorted(words), "borrowed": borrowed,
                             "romanised": romanised, "romanised_shared": romanised_shared,
                             "names": language_words.name_words(
                                 training_data.lookup_tables, self._config["name_tables"],
                                 normalize),
                             "words": {language: dict(counts)
                                       for language, counts in words.items()}})

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            detection = self.detect(message.get(TEXT) or "")
            message.set(PARSE_DATA_KEY, detection, add_to_output=True)
        return messages

    def _detected(self, text: str) -> Optional[str]:
        """The language lingua is confident about, ignoring the lexicon."""
        text = _without_latin_words_if_mixed(text)
        code = self._lingua_code(text)
        # 'I need to renew my Aufenthaltstitel' reads German to lingua: judge it again
        # without the words several languages' citizens use, German's among them
        # ("kindergeld" is in the English examples as often as in the German ones: which one
        # it came from decides nothing); words only other languages share stay ("quanto
        # costa", Italian and Portuguese, around an Italian's "Fiktionsbescheinigung")
        # Office terms are borrowed in Latin letters; Cyrillic sisters share their own words
        # ("извините", "отменить" in the Russian and Ukrainian examples): those stay
        read_as = self._words.get(code or "", {})
        own = [t for t in text.split()
               if not (normalize(t) in self._borrowed and read_as.get(normalize(t))
                       and _latin_script(t))]
        if code and self._config["min_own_words"] <= len(own) < len(text.split()):
            return self._lingua_code(" ".join(own)) or code
        return code

    def _lingua_code(self, text: str) -> Optional[str]:
        if sum(ch.isalpha() for ch in text) < self._config["min_letters"]:
            return None
        if len(self._languages) < 2:
            return None
        (code, best), (runner_code, runner_up) = self._ranked(text)
        leads = (best >= self._config["min_leading_confidence"]
                 and best >= self._config["min_lead"] * runner_up)
        if code in ("ar", "fa") and {"ar", "fa"} <= set(self._languages):
            # lingua confuses short Arabic and Persian messages ("طيب لوين لازم روح؟" read as
            # Persian, "ممنون" as Arabic); the letters decide: Persian writes پ چ ژ گ ک ی,
            # Arabic ة ى أ إ ؤ
            letters = set(text)
            if PERSIAN_ONLY & letters:
                return "fa"
            if ARABIC_ONLY & letters:
                return "ar"
            # neither: the language whose examples use the words more ("بدي", "لوين": Arabic)
            return most_typical(normalize(text), {
                language: self._words.get(language, {}) for language in ("ar", "fa")})
        # the sister among lingua's three likeliest: Turkish typed without its letters is
        # Croatian 0.47 (with Serbian and Bosnian), Albanian 0.17, Turkish 0.17
        sister = next((other for pair in self._config["close_languages"] if code in pair
                       for other in pair if other != code
                       and other in [language for language, _ in self._top(text, 3)]), None)
        if sister and best < self._config["close_sure"]:
            return most_typical(normalize(text), {
                language: self._words.get(language, {}) for language in (code, sister)
            }) or code
        if best >= self._config["min_confidence"] or leads:
            return code
        confirmed = (best >= self._config["confirmed_confidence"]
                     and best >= self._config["confirmed_lead"] * runner_up
                     and most_typical(normalize(text), {
                         language: self._words.get(language, {})
                         for language in (code, runner_code)}) == code)
        return code if confirmed else None

    def _ranked(self, text: str) -> List[Any]:
        """lingua's two likeliest languages with their confidences; Serbian and Bosnian
        count for Croatian."""
        return (self._top(text, 2) + [("", 0.0), ("", 0.0)])[:2]

    def _top(self, text: str, count: int) -> List[Any]:
        """lingua's `count` likeliest languages with their confidences. The last text's are
        kept: `likely` and the sister check ask again for the same one."""
        if self._last_ranked[0] != text:
            aliases = self._config["aliases"]
            merged: Counter = Counter()
            for value in self._lingua().compute_language_confidence_values(text):
                code = value.language.iso_code_639_1.name.lower()
                merged[aliases.get(code, code)] += value.value
            self._last_ranked = (text, merged.most_common())
        return self._last_ranked[1][:count]

    def _close_second(self, text: str, code: str) -> Dict[str, str]:
        """lingua's second language where it is not far behind the first: a conversation
        already in it stays in it ("bamfa nasil ulasirim peki" in a Turkish conversation:
        Croatian with Serbian and Bosnian first, Turkish close behind)."""
        (first, best), (second, runner_up) = self._ranked(_without_latin_words_if_mixed(text))
        close = best < self._config["switch_lead"] * runner_up
        return {"runner_up": second} if first == code and close and second in self._languages \
            else {}

    def likely(self, text: str) -> Optional[str]:
        """A language too unsure to switch a conversation to, but the one to start one in: of
        lingua's two likeliest, the one whose examples use the message's words more
        ("me compre un carro, como lo matriculo aca?": Portuguese 0.40, Spanish 0.34)."""
        text = _without_latin_words_if_mixed(text)
        if len(self._languages) < 2 or sum(ch.isalpha() for ch in text) < self._config[
                "min_letters"]:
            return None
        ranked = dict(self._ranked(text))
        phrase = normalize(text)
        preferred = most_typical(phrase, {
            language: self._words.get(language, {}) for language in ranked if language})
        # a language lingua does not consider: Vietnamese typed without its diacritics
        # ("toi muon dat lich hen gia han giay phep") reads as French 0.2 to lingua, but its
        # words are only in the Vietnamese examples
        scores = word_scores(phrase, self._words)
        best = max(scores, key=scores.get, default=None)
        considered = max((scores[language] for language in ranked if language in scores),
                         default=0.0)
        if best is not None and best not in ranked and scores[best] >= self._config[
                "words_lead"] * max(considered, 1.0):
            return best
        sure_enough = ranked.get(preferred, 0.0) >= self._config["likely_confidence"]
        return preferred if sure_enough else None

    def _unsupported(self, text: str) -> Optional[str]:
        """A recognised language without training data, if lingua is sure of it."""
        others = set(self._config["recognised_languages"]) - set(self._detected_languages())
        if not others or len(normalize(text).split()) < self._config["unsupported_min_words"]:
            return None
        if self._wide_detector is None:
            self._wide_detector = _build_lingua([*self._detected_languages(), *sorted(others)])
        best = self._wide_detector.compute_language_confidence_values(text)[0]
        code = best.language.iso_code_639_1.name.lower()
        sure = best.value >= self._config["unsupported_confidence"]
        return code if sure and code in others else None

    def _romanised_language(self, phrase: str) -> Optional[str]:
        """The language a Latin-script message is a romanisation of, if its words say so."""
        if not _latin_script(phrase):
            return None
        if "ar" in self._languages and is_arabizi(phrase.split()):
            return "ar"
        if not self._romanised:
            return None
        # words only: a booking reference ("t ypxh 4y9n") says nothing about the language
        tokens = [t for t in phrase.split() if len(t) > 1 and not any(c.isdigit() for c in t)]
        hits = Counter(self._romanised[t] for t in tokens if t in self._romanised)
        if not hits:
            return None
        (language, count), *others = hits.most_common()
        if others and others[0][1] == count:
            return None
        # words the language shares with a romanised sister count for it once it is told
        # ("dobryi den" in "Dobryi den. Shcho za bardak u vas": Russian and Ukrainian)
        count += sum(language in self._romanised_shared.get(t, ()) for t in tokens)
        enough = (count >= self._config["romanised_min_words"]
                  and count >= self._config["romanised_min_share"] * len(tokens))
        return language if enough or count == len(tokens) else None

    def _romanised_hint(self, phrase: str, code: str) -> Dict[str, str]:
        """A romanisation too short of words to say so, but whose words are there: a
        conversation already in that language stays in it ("5 hafte?? too in modat age
        raeisam madrak bekhad chi neshoon bedam?" reads German to lingua in a Persian chat)."""
        if not _latin_script(phrase) or not self._romanised:
            return {}
        hits = Counter(self._romanised[t] for t in phrase.split() if t in self._romanised)
        found = [language for language, _ in hits.most_common(1) if language != code]
        return {"romanised": found[0]} if found else {}

    def detect(self, text: str) -> Dict[str, Any]:
        # a booking reference says nothing about the language ("T-TMUR-QCPM cancel karna")
        text = REFERENCE.sub(" ", text)
        phrase = normalize(text)
        if phrase in self._lexicon:
            return {"code": self._lexicon[phrase], "source": "lexicon"}
        romanised = self._romanised_language(phrase)
        if romanised:
            return {"code": romanised, "source": "romanised"}
        # "I'm from Romania", "I'm Bulgarian": the name is no evidence of the language
        text = " ".join(w for w in text.split() if normalize(w) not in self._names)
        phrase = normalize(text)
        unsupported = self._unsupported(text)
        if unsupported:
            return {"code": None, "unsupported": unsupported, "source": "detector"}
        code = self._detected(text)
        favoured = self._word_favoured(phrase, code)
        if favoured:
            return {"code": favoured, "source": "words"}
        if code in self._languages:
            return {"code": code, "source": "detector", **self._close_second(text, code),
                    **self._romanised_hint(phrase, code)}
        likely = self.likely(text)
        return {"code": None, "source": "detector",
                **({"likely": likely} if likely in self._languages else {})}

    def _word_favoured(self, phrase: str, code: Optional[str]) -> Optional[str]:
        """A language whose examples use a Latin-script message's words many times more
        than those of the language lingua read: Vietnamese typed without diacritics ("toi
        muon dat lich hen, thu nam tuan sau buoi chieu") is French to lingua ("toi")."""
        if not code or not _latin_script(phrase) or len(phrase.split()) < self._config[
                "min_own_words"]:
            return None
        scores = word_scores(phrase, self._words)
        best = max(scores, key=scores.get, default=None)
        lead = self._config["words_lead"] * max(scores.get(code, 0.0), 1.0)
        return best if best not in (None, code) and scores[best] >= lead else None

    def _detected_languages(self) -> List[str]:
        """The training data's languages and those read as one of them."""
        aliases = self._config["aliases"]
        return sorted({*self._languages, *(a for a in aliases if aliases[a] in self._languages)})

    def _lingua(self) -> Any:
        # built lazily: only the first long message pays for it, and training never does
        if self._detector is None:
            self._detector = _build_lingua(self._detected_languages())
        return self._detector


def _build_lingua(codes: List[str]) -> Any:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in codes]
    return LanguageDetectorBuilder.from_languages(*languages).build()
