"""Several questions in one message, and the question inside a story (guide rule 12).

"Was kostet die Verlängerung und wie lange dauert das?" holds two questions; the classifier
scores the whole message as one. Here the message is cut into its questions and each part is
scored on its own, from the features the featurizers already computed: the sum of a part's
token rows equals its sentence vector for the character n-grams and the single words (only
the word bigrams across tokens are missing). Nothing is trained or featurized twice.

The parts go to the parse data as `questions` (the action server answers each); in a long
story with one question, that question decides the intent, not incidental words of the story.
"""

import re
from typing import Any, Callable, Dict, List, Tuple

import numpy as np
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix, hstack, vstack

PARSE_DATA_KEY = "questions"
# (start, end) of the question that decided a story's intent (not in the parse data)
DECIDING_SPAN = "lotse_deciding_question"
# the ranking of a message's one question sentence, read on its own (not in the parse data)
QUESTION_RANKING = "lotse_question_ranking"
# a sentence ends at . ! ? ; (also Arabic ؟ and ؛, and Chinese 。！？；, after which no space
# comes; a space between Chinese clauses ends one too: "eAT去哪里取 周四你们开到几点")
SENTENCE_END = re.compile(r"(?<=[.!?;؟؛])\s+|(?<=[?؟])(?=\w)|(?<=[。！？；])\s*"
                          r"|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
# a whole word ("o", "e" are no conjunction inside "ouverts", "etes"), except Arabic "و",
# written joined to the next word
CONJUNCTION = (r"(?:(?:und|oder|and|or|ve|veya|і|й|та|чи|або|أو|и|или|а|یا|et|ou|y|o|e)\b|و)")
TURKISH_QUESTION = (
    r"(?:nedir|neresi|nerede|ne zaman|ne kadar|nasıl|hangi|kaç|ka[cç]ta|m[iıuü]|m[iıuü]y[iıuü]m|"
    r"m[iıuü]s[iıuü]n|m[iıuü]s[iıuü]n[iıuü]z|m[iıuü]y[iıuü]z)"
)
# Arabic question words, Standard and spoken (Levantine "ايمتى", "وين", "قديش"; Egyptian "فين",
# "ازاي"; "ايش")
ARABIC_QUESTION = (r"(?:كم|ماذا|متى|أين|اين|هل|كيف|لماذا|شو|قديش|وين|ليش|"
                   r"ايمتى|إيمتى|امتى|إمتى|فين|ازاي|إزاي|ايش|إيش|منين)")
# Russian (also typed in Latin letters), Persian (also Dari), French and Spanish question words;
# Spanish "que", "como", "cuando" without accents are too often no question to cut at
RUSSIAN_QUESTION = (r"(?:как|что|где|когда|сколько|какой|какая|какое|какие|каких|кто|почему|"
                    r"зачем|куда|можно|нужно|нужен|нужна|нужны|надо|kak|chto|gde|kogda|skolko|"
                    r"kakoy|kakaya|kakoe|kakie|mozhno|nuzhno|nado)")
PERSIAN_QUESTION = (r"(?:چطور|چطوری|چطوره|چگونه|چه|چی|چیه|کجا|کجاست|کی|چند|چقدر|چقد|کدام|کدوم|چرا|"
                    r"کدومه|کدامه|چنده|چقدره|آیا|میشه|می‌شه|میتونم|می‌تونم)")
ROMANCE_QUESTION = (r"(?:comment|quel|quelle|quels|quelles|où|ou|quand|combien|qui|pourquoi|"
                    r"est-ce|puis-je|peut-on|dois-je|faut-il|cómo|qué|dónde|donde|cuándo|cuánto|"
                    r"cuanto|cuánta|cuanta|cuántos|cuantos|cuál|cual|cuáles|quién|puedo)")
# Italian and Portuguese; "come", "quando", "como", "que" are too often no question to cut at
# ("quanto prima", "o quanto antes": as soon as possible)
ITALIAN_PORTUGUESE_QUESTION = (r"(?:cosa|dove|quanto(?!\s+(?:prima|antes))|quanti|quanta|quante|"
                               r"quale|quali|chi|perché|posso|devo|bisogna|quantos|quantas|qual|"
                               r"quais|onde|quem|preciso|que horas)")
# Polish and Romanian: only after their own conjunctions ("i", "a", "si"), a comma or at a
# part's start — "cat", "care", "pot", "ce" are also words of other languages
POLISH_QUESTION = (r"(?:jak|co|gdzie|kiedy|ile|jaki|jaka|jakie|jakich|kto|dlaczego|czemu|czy|"
                   r"mozna|można|moge|mogę|trzeba|kt[oó]r(?:y|a|e|ej|ego|ym|ych))")
ROMANIAN_QUESTION = (r"(?:cum|ce|unde|când|cand|cât|cat|câte|cate|câți|cati|care|cine|pot|poti|"
                     r"puteti|trebuie)")
# Vietnamese, Hindi (Devanagari and romanised) and Bulgarian ask anywhere in the sentence;
# Croatian/Serbian/Bosnian and Albanian question words mostly start one
VIETNAMESE_QUESTION = (r"(?:gì|gi|đâu|bao nhiêu|bao nhieu|bao lâu|bao lau|thế nào|the nao|"
                       r"như thế nào|sao|không|ko|khong|được không|dc ko|đc ko|chưa|nào|ai|mấy|"
                       r"khi nào|lúc nào|ở đâu)")
HINDI_QUESTION = (r"(?:क्या|कैसे|कब|कहाँ|कहां|कितना|कितने|कितनी|कौन|कौनसा|कौन से|क्यों|kya|kaise|kab|"
                  r"kahan|kaha|kitna|kitne|kitni|kaun|kaunsa|kyun|kyu|kidhar)")
SOUTH_SLAVIC_QUESTION = (r"(?:kako|šta|sta|što|sto|gdje|gde|kada|kad|koliko|koji|koja|koje|"
                         r"kojim|ko|tko|zašto|zasto|mogu|moze|može|treba|da li|"
                         r"како|шта|што|где|када|колико|који|која|које|ко|зашто|могу|може|"
                         r"кое|кога|къде|колко|какво|какви|как|защо|кой|коя|трябва|"
                         r"kak|kakvo|kakvi|kude|kade|kolko|koga|zashto|trqbva|moga|"
                         r"si|çfarë|cfare|ku|kur|sa|cili|cila|cilat|pse|a mund|a duhet|qysh|qka)")
CHINESE_QUESTION = (r"(?:[吗嗎呢啥咋]|怎么|怎麼|什么|什麼|多少|多久|哪|几点|幾點|几天|"
                    r"能不能|可不可以|是否|有没有|有沒有)")
QUESTION_WORD = (
    r"(?:wie|was|wo|wann|welche\w*|wer|wieso|warum|muss|kann|darf|soll|brauche|gibt|habt|sind|"
    r"ist|how|what|where|when|which|who|why|do|does|can|could|may|am(?= i\b)|is|are|should|will|"
    r"would|ne|nasıl|nerede|nereye|kaç|hangi|kim|neden|mi|mı|mu|mü|як|що|де|коли|скільки|"
    rf"який|яка|які|хто|чому|чи|ما|{ARABIC_QUESTION}|{RUSSIAN_QUESTION}|{PERSIAN_QUESTION}|"
    rf"{ROMANCE_QUESTION}|{ITALIAN_PORTUGUESE_QUESTION})"
)
# where a new question starts inside a sentence: "… und wie lange dauert das?" (a conjunction
# up to two words before a question word), "…, what documents do I need?", Arabic "وكيف"
NEXT_QUESTION = re.compile(
    rf"\s+{CONJUNCTION}\s*,?\s*(?=(?:[\w\u200c]+\s+){{0,2}}{QUESTION_WORD}\b)"
    # Russian typed in Latin letters: "… i kakoe foto nuzhno?" (not English "I")
    rf"|\s+i\s+(?=(?:\w+\s+){{0,2}}{RUSSIAN_QUESTION}\b)"
    rf"|\s+(?:i|a|oraz|albo|lub)\s+(?=(?:\w+\s+){{0,2}}{POLISH_QUESTION}\b)"
    rf"|\s+(?:și|si|sau|iar)\s+(?=(?:\w+\s+){{0,2}}{ROMANIAN_QUESTION}\b)"
    # Croatian/Serbian, Bulgarian, Albanian: "… i koliko traje", "… и къде …", "… dhe sa …"
    rf"|\s+(?:i|и|а|dhe|edhe|a)\s+(?=(?:\w+\s+){{0,2}}{SOUTH_SLAVIC_QUESTION}\b)"
    # Vietnamese and Hindi ask at the end: "… với lại có email không", "… aur office kahan hai"
    rf"|\s+(?:và|với lại|voi lai|còn|ngoài ra)\s+(?=(?:\w+\s+){{0,6}}{VIETNAMESE_QUESTION}\b)"
    rf"|\s+(?:aur|और|tatha|तथा)\s+(?=(?:\S+\s+){{0,5}}{HINDI_QUESTION}(?![\w\u0900-\u097f]))"
    # Chinese clauses of their own question after a comma: "你们几点上班，地址在哪"
    rf"|(?<=[\u4e00-\u9fff])\s*[，,]\s*(?=[^，,。！？?]*{CHINESE_QUESTION})"
    rf"|,\s*(?=(?:{QUESTION_WORD}|{POLISH_QUESTION}|{ROMANIAN_QUESTION})\b)"
    rf"|\s+(?=و(?:ما|{ARABIC_QUESTION})\b)"
    # Turkish asks at the end: "… ve cumartesi açık mısınız?"
    rf"|\s+(?:ve|veya)\s+(?=(?:\w+\s+){{0,4}}{TURKISH_QUESTION}\b)",
    re.IGNORECASE,
)
# a part is a question when it has "?", starts like one ("Was kostet das …", "unter welcher
# Nummer …") or, in Turkish and Arabic, holds a question word anywhere ("… ne kadar tutar")
STARTS_AS_QUESTION = re.compile(
    rf"^\W*(?:{CONJUNCTION}\s*,?\s*)?"
    rf"(?:(?:unter|in|an|bei|mit|für|at|on|for|with|by|to|a|da|di|de|em|w|na|do)\s+)?"
    rf"(?:{QUESTION_WORD}|{POLISH_QUESTION}|{ROMANIAN_QUESTION}|que|como|come|cuando|quando|"
    rf"o que|che|est[ -]ce que|c quoi|c'est quoi|kako|koliko|gdje|gde|kada|zašto|zasto|da li|"
    rf"koje|koji|koja|kojim|qfar[eë]|çka|cka|"
    rf"како|колико|где|када|шта|къде|докъде|докога|колко|какво|защо|çfarë|cfare|ku|kur|cili|"
    rf"cila|pse|qysh|qka|sa kushton|sa kushtojn[eë]|sa zgjat|sa koh[eë]|si mund|si t[eë])\b"
    # Polish and Romanian after their own "and": "i jakie papiery …", "si ce acte …"
    rf"|^\W*(?:(?:i|a|oraz)\s+{POLISH_QUESTION}|(?:si|și|sau|iar)\s+{ROMANIAN_QUESTION}"
    rf"|(?:i|и|a|dhe|edhe)\s+(?:(?:do|u|na|za|od|до|на|за|в|deri ne|deri në)\s+)?"
    rf"{SOUTH_SLAVIC_QUESTION})\b",
    re.IGNORECASE,
)
QUESTION_INSIDE = re.compile(
    rf"\b(?:{TURKISH_QUESTION}|nereye|neden|{ARABIC_QUESTION}|{PERSIAN_QUESTION}|ли|"
    # Russian in Latin letters: "a kogda vy rabotaete"
    r"kak|kogda|gde|skolko|kakoy|kakie|"
    # French and Spanish also ask at the end: "ça prend combien de temps", "abren cuándo"
    r"combien|quand|pourquoi|quels?|quelles?|cuánto|cuándo|dónde|qué|cómo|cuál|"
    # Italian, Portuguese, Polish, Romanian: "costa quanto", "da pra fazer onde", "ile kosztuje"
    r"quanto|quanti|dove|quale|quali|onde|quais|gdzie|ile kosztuje|cât|cat costa|unde|"
    r"ce or[ăa]|que horas|"
    # Vietnamese, Hindi, Bulgarian and Chinese ask anywhere: "… mất bao lâu", "… kahan hai"
    r"bao nhiêu|bao nhieu|bao lâu|bao lau|thế nào|the nao|ở đâu|o dau|không|khong|chưa|gì|"
    r"đến đâu|tới đâu|докъде|докога|"
    rf"khi nào|lúc nào|{HINDI_QUESTION}|колко|къде|kolko|kude|koliko|колико)(?!\w)"
    rf"|{CHINESE_QUESTION}"
    # Vietnamese yes/no questions end in "không" typed short: "… được ko ạ"
    r"|\b(?:ko|k|hông|hok)\s*(?:ạ|a|vậy|vay|nhỉ|nhi)?\s*[?.!]*$",
    re.IGNORECASE,
)
# a question about what was just told: "can she get a visa for that?", "Was brauche ich dafür?"
REFERS_BACK = re.compile(
    r"\b(?:(?:for|about) (?:that|this|it)(?=\s*[?.!]*\s*$)|dafür|dafuer|dafur|hierfür|hierfuer|"
    r"bunun i[çc]in|onun i[çc]in|для цього|для этого|"
    # "… Was passiert jetzt?": what the story told means now
    r"was passiert (?:jetzt|nun)|what happens now|"
    # Hindi: "iska kya matlab hai?", "इसके लिए"
    r"iska (?:kya )?matlab|iske liye|इसका (?:क्या )?मतलब|इसके लिए)(?![\w\u0900-\u097f])"
    r"|لهذا|لذلك|لهيك|لهاد"
    # "я потерял работу. что будет?": a bare "what will happen?" asks what the story means
    r"|(?:что (?:будет|теперь|дальше|делать)|що (?:буде|тепер|далі|робити)|what will happen|"
    r"what now|ne olacak|qu'est-ce qui va se passer|que va-t-il se passer|qué va a pasar|"
    r"شو بصير|شو رح يصير|ماذا سيحدث|چی میشه)(?=\s*[?.!؟]*\s*$)",
    re.IGNORECASE,
)
MIN_TOKENS = 2  # "Und?" is no question of its own
RANKING_LENGTH = 10  # as Rasa's intent rankings


def is_question(part: str) -> bool:
    return bool("?" in part or "؟" in part or "？" in part or STARTS_AS_QUESTION.match(part)
                or QUESTION_INSIDE.search(part))


def parts(text: str) -> List[Tuple[int, int, bool]]:
    """(start, end, is a question) of the message's sentences and of the questions joined
    inside one ("Was kostet das und wie lange dauert es?"); sentence starts: sentence_starts.
    Who marks questions with "?" marks them all: then a sentence ending in "." is told, not
    asked ("When I got home, my wallet was gone. What do I do about my card?")."""
    bounds = [0, *(m.start() for m in SENTENCE_END.finditer(text)), len(text)]
    marked = "?" in text or "؟" in text or "？" in text
    found = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        sentence = text[start:end]
        if not sentence.strip():
            continue
        told = marked and sentence.rstrip().endswith(".")
        cuts = [start, *(start + m.start() for m in NEXT_QUESTION.finditer(sentence)), end]
        found += [(a, b, not told and is_question(text[a:b]))
                  for a, b in zip(cuts, cuts[1:], strict=False)]
    return found


def sentence_starts(text: str) -> List[int]:
    return [0, *(m.end() for m in SENTENCE_END.finditer(text))]


def token_groups(message: Message) -> List[Tuple[bool, bool, List[int]]]:
    """(is a question, is a whole sentence's start, indices of its tokens) for every part
    with enough tokens."""
    text = message.get(TEXT) or ""
    tokens: List[Token] = message.get(TOKENS_NAMES[TEXT]) or []
    starts = set(sentence_starts(text))
    groups = []
    for start, end, question in parts(text):
        indices = [i for i, t in enumerate(tokens) if start <= t.start < end]
        if len(indices) >= MIN_TOKENS:
            first = tokens[indices[0]].start
            sentence = any(s <= first and not text[s:first].strip() for s in starts)
            groups.append((question, sentence, indices))
    return groups


def part_rows(message: Message, groups: List[Tuple[bool, bool, List[int]]]) -> csr_matrix:
    """One feature row per part: the sum of its tokens' sequence features, in the column
    layout of the sentence features (sparse featurizers first, in pipeline order)."""
    sequence = [f for f in message.features
                if f.attribute == TEXT and f.type == FEATURE_TYPE_SEQUENCE]
    matrices = [csr_matrix(f.features) for f in sorted(sequence, key=lambda f: not f.is_sparse())]
    rows = []
    for *_, indices in groups:
        rows.append(hstack([csr_matrix(m[indices].sum(axis=0)) for m in matrices]))
    return vstack(rows).tocsr()


def score_parts(
    message: Message, predict: Callable[[csr_matrix], np.ndarray], classes: np.ndarray
) -> List[Dict[str, Any]]:
    """Every part of a message of several parts with its best intent, in message order."""
    groups = token_groups(message)
    if len(groups) < 2:
        return []
    scored = []
    rows = predict(part_rows(message, groups))
    tokens: List[Token] = message.get(TOKENS_NAMES[TEXT])
    text = message.get(TEXT) or ""
    for (question, sentence, indices), scores in zip(groups, rows, strict=True):
        best = int(np.argmax(scores))
        ranking = [{"name": str(classes[i]), "confidence": float(scores[i])}
                   for i in np.argsort(scores)[::-1][:RANKING_LENGTH]]
        span = (tokens[indices[0]].start, tokens[indices[-1]].end)
        scored.append({"intent": str(classes[best]), "confidence": float(scores[best]),
                       "question": question, "sentence": sentence, "ranking": ranking,
                       "span": span, "refers_back": bool(REFERS_BACK.search(text[slice(*span)]))})
    return scored
