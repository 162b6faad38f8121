"""Which question of a message decides its intent: the part of the classifier that reads a
message sentence by sentence (lotse/nlu/questions.py scores the parts).

Several questions go to the parse data, the first one leading; a story with one question
takes the question's intent (or, for a vague question, the topic the story told); an
appointment asked for a topic leads with the topic, a fact asked of a service with the fact.
A mixin of the classifier (lotse/nlu/classifier.py): it uses its `config`, `clf` and
`_scaled`.
"""

from typing import Any, Dict, List, Optional, Sequence, Tuple

from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from lotse.nlu import questions

OUT_OF_SCOPE = "out_of_scope"


class QuestionReading:
    config: Dict[str, Any]

    def _read_questions(self, message: Message) -> None:
        """Several questions: all of them to the parse data. A story with one question:
        the question's intent (see lotse/nlu/questions.py)."""
        parts = questions.score_parts(
            message, lambda rows: self.clf.predict_proba(self._scaled(rows)), self.clf.classes_)
        if not parts:
            return
        excluded = set(self.config["not_questions"])
        minimum = float(self.config["question_confidence"])
        whole = message.get(INTENT) or {}
        whole_ranking = message.get(INTENT_RANKING_KEY) or [whole]
        whole_clear = (whole.get(INTENT_NAME_KEY) not in excluded
                       and (whole.get("confidence") or 0.0) >= minimum)
        if not any(p["question"] for p in parts):
            return  # statements only ("… card is ready. need an appointment"): one request
        finer = self.config["finer_topics"]
        facts = set(self.config["service_facts"]) | set(self.config["where_to_go"])
        story_bar = float(self.config["story_question_confidence"])
        asked = []  # (intent, ranking, a whole sentence read on its own, its span or None)
        told = None  # the topic of the last clear statement before a question
        told_all = []  # the topics of all clear statements so far
        vague_after_told = False  # a question that only refers to the statement before it
        elsewhere = False  # "Wo muss ich hin?" after another authority's matter
        for part in parts:
            if not part["question"]:
                if part["intent"] not in excluded and part["confidence"] >= minimum:
                    told = (part["intent"], part["ranking"])
                    told_all.append(told)
                continue
            if (part["intent"] in self.config["where_to_go"] and told is not None
                    and told[0] == OUT_OF_SCOPE):
                # "Ich brauche einen neuen Personalausweis. Wo muss ich hin?": where to go
                # for the matter just told, which is another authority's, not to this office
                asked.append((*told, False, None))
                elsewhere = True
            elif (part["refers_back"] and told is not None
                  and told[0] not in (part["intent"], OUT_OF_SCOPE)
                  and part["intent"] not in excluded | facts):
                # "… she has to do an adaptation course. can she get a visa for that?": the
                # matter told, not the topic "visa" alone reads as (a fact question such as
                # "what documents do I need for that?" keeps its fact, for the service told)
                asked.append((*self._finer_told(told_all, told), part["sentence"], part["span"]))
            elif (part["intent"] not in excluded and part["confidence"] >= minimum
                  and not (part["intent"] == OUT_OF_SCOPE and told is not None
                           and told[0] != OUT_OF_SCOPE and part["confidence"] < story_bar)):
                # (an unsure out-of-remit reading of a question after the office's matter,
                # "I lost my residence card. What should I do?", is a vague one: below)
                if whole_clear and whole.get(INTENT_NAME_KEY) in finer.get(part["intent"], ()):
                    # the story says which kind: the settlement permit of a refugee
                    asked.append((whole[INTENT_NAME_KEY], whole_ranking, part["sentence"],
                                  part["span"]))
                else:
                    asked.append((part["intent"], part["ranking"], part["sentence"],
                                  part["span"]))
            elif part["intent"] not in excluded and part["confidence"] >= minimum / 2 and (
                    (told is not None and told[0] == OUT_OF_SCOPE != part["intent"])
                    or (told is None and whole.get(INTENT_NAME_KEY) in excluded)):
                # the office's question after another authority's matter stands on its own
                # also where two of its topics share it ("… Kindergeld … Wie lange dauert die
                # Verlängerung?": processing time 0.50, the extension 0.44); so does one after
                # words that only end or thank ("laissez tomber. dernière question : je dois
                # abandonner ma nationalité ?", stop 0.51 as a whole)
                asked.append((part["intent"], part["ranking"], part["sentence"], part["span"]))
            elif told is not None:
                # "Was passiert jetzt?" after "Mein Titel ist abgelaufen.": the topic just told,
                # also when a later question has another ("… Wann haben Sie geöffnet?"); the
                # finer kind when the story told it too ("Meine Frau ist gestorben. Ich kam
                # über den Familiennachzug. Darf ich bleiben?": her death decides)
                asked.append((*self._finer_told(told_all, told), False, None))
                vague_after_told = True
            elif whole_clear:
                # a vague question without a statement before it: the message's topic
                asked.append((whole[INTENT_NAME_KEY], whole_ranking, False, None))
        intents = list(dict.fromkeys(intent for intent, *_ in asked))
        if len(intents) >= 2:
            # the first question leads (its answer comes first); the others are asked too,
            # not rivals that would make the message ambiguous
            message.set(questions.PARSE_DATA_KEY, intents, add_to_output=True)
            self._choose(message, asked[0][1], also_asked=intents[1:])
        elif len(asked) == 1:
            # one question sentence after a story, or after a mere greeting ("добрий день,
            # де …?"): it decides, not the story's words (a clause of a story alone lacks
            # the context: "Ich möchte nach Deutschland ziehen, was brauche ich?"). So does a
            # question about a service's fact after the statement naming the service. A
            # vague question does not override a surer whole ("Wir lassen uns scheiden, darf
            # ich trotzdem bleiben?": the story says more than "darf ich bleiben?"); after a
            # clear statement it takes the statement's topic when the whole is unsure ("… run
            # my own food truck. what permit would i need for that?"), but not when the whole
            # is sure of a flow ("I'm Nigerian, a nurse … Which permit do I need?": the finder)
            intent, ranking, sentence, span = asked[0]
            question = ranking[0].get("confidence") or 0.0
            if sentence:
                message.set(questions.QUESTION_RANKING, ranking)
            if intent in self.config["requests"] and told is not None and told[0] != OUT_OF_SCOPE:
                # "Mein Mann ist gestorben, ich kam über den Familiennachzug. Kann ich einen
                # Termin bekommen?": the appointment is for the matter told, which leads (its
                # answer books, as for "Termin für die Chancenkarte")
                topic, told_ranking = self._finer_told(told_all, told)
                lead = {**told_ranking[0], "confidence": max(
                    question, told_ranking[0].get("confidence") or 0.0)}
                self._choose(message, [lead, *(r for r in ranking
                                               if r[INTENT_NAME_KEY] not in {topic, intent})])
                return
            bar = float(self.config["story_question_confidence"])
            unsure = (whole.get("confidence") or 0.0) < bar
            # the story's out-of-remit words ("Kindergeld", "my driving licence") make the
            # whole out_of_scope; they never outweigh a question the office answers
            story_out_of_remit = (sentence and intent != OUT_OF_SCOPE
                                  and whole.get(INTENT_NAME_KEY) == OUT_OF_SCOPE)
            # a vague question after a story that told the finer kind of the whole's topic
            finer_told = vague_after_told and intent in finer.get(whole.get(INTENT_NAME_KEY), ())
            decides = (
                (sentence and sum(p["sentence"] for p in parts) > 1)
                or all(p["intent"] in excluded for p in parts if not p["question"])
                or (intent in self.config["service_facts"] and told is not None
                    and told[0] != OUT_OF_SCOPE)  # not "my German passport …, what documents?"
                or (vague_after_told and unsure and question >= bar)
                or elsewhere
                or finer_told
            )
            if not decides or (
                whole_clear and question < bar and (whole.get("confidence") or 0.0) > question
                and not (story_out_of_remit or finer_told)
            ):
                return
            self._choose(message, ranking)
            if span is not None:
                # an authority named in the story is no referral (lotse/nlu/referrals.py)
                message.set(questions.DECIDING_SPAN, span)

    def _finer_told(
        self, told_all: List[Tuple[str, List[Dict[str, Any]]]],
        told: Tuple[str, List[Dict[str, Any]]],
    ) -> Tuple[str, List[Dict[str, Any]]]:
        """The topic a story told, in the finer kind where a statement of its own tells it
        ("Meine Frau ist gestorben. Ich kam über den Familiennachzug.": her death decides)."""
        finer = self.config["finer_topics"].get(told[0], ())
        return next((kind for kind in told_all if kind[0] in finer), told)

    def _topic_of_request(self, message: Message) -> None:
        """"I want an appointment for the opportunity card": one intent against the rest scores
        both the appointment and the topic high, and the fallback would ask which one is
        meant. They are no rivals: the topic leads, with both confidences, and its answer books
        or says how to book (actions/asked.py, `wants_appointment`)."""
        pair = _one_of_the_first_two(message, set(self.config["requests"]))
        if not pair:
            return
        request, topic, ranking = pair
        if (topic[INTENT_NAME_KEY] in set(self.config["not_questions"]) | {OUT_OF_SCOPE}
                or ranking[1]["confidence"] < float(self.config["request_topic_confidence"])):
            return
        merged = {**topic, "confidence": request["confidence"] + topic["confidence"]}
        self._choose(message, [merged, *ranking[2:]])

    def _fact_of_topic(self, message: Message) -> None:
        """"Was kostet die Verlängerung?": topic and fact score close, but the question is the
        fact's, for the topic's service: the fact leads with both confidences (`fact_share`)."""
        pair = _one_of_the_first_two(message, set(self.config["service_facts"]))
        if not pair:
            return
        fact, topic, ranking = pair
        if topic[INTENT_NAME_KEY] in set(self.config["not_questions"]) | {OUT_OF_SCOPE}:
            return
        share = self.config.get("fact_share", 0.7)
        # a courtesy before the question ("ok entendi. e quanto custa renovar?") dilutes the
        # fact's words in the whole message: the question sentence on its own also counts
        asked = {r[INTENT_NAME_KEY]: r.get("confidence") or 0.0
                 for r in message.get(questions.QUESTION_RANKING) or []}
        if (fact["confidence"] < share * topic["confidence"]
                and asked.get(fact[INTENT_NAME_KEY], 0.0)
                < share * asked.get(topic[INTENT_NAME_KEY], 1.0)):
            return
        merged = {**fact, "confidence": min(1.0, fact["confidence"] + topic["confidence"])}
        self._choose(message, [merged, topic, *ranking[2:]])

    @staticmethod
    def _choose(
        message: Message, ranking: List[Dict[str, Any]], also_asked: Sequence[str] = ()
    ) -> None:
        """The intent and ranking of the question that decides the message."""
        ranking = [r for r in ranking if r[INTENT_NAME_KEY] not in also_asked]
        message.set(INTENT, ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


def _one_of_the_first_two(message: Message, kinds: set) -> Optional[Tuple[Dict, Dict, List]]:
    """(the one of kinds, the other, the ranking) when exactly one of the two likeliest
    intents of a message of one question is of the given kinds."""
    ranking = message.get(INTENT_RANKING_KEY) or []
    if len(ranking) < 2 or message.get(questions.PARSE_DATA_KEY):
        return None
    first, second = ranking[0], ranking[1]
    if (first[INTENT_NAME_KEY] in kinds) == (second[INTENT_NAME_KEY] in kinds):
        return None
    return (first, second, ranking) if first[INTENT_NAME_KEY] in kinds else (second, first, ranking)
