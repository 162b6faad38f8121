"""Rasa's LogisticRegressionClassifier with configurable regularisation strength `C`.

Rasa 3.6 hard-codes scikit-learn's default C=1.0, which over-regularises thousands of sparse
character n-gram features; the held-out evaluation chooses C (README, "NLU pipeline"). The
features can be scaled (`feature_scaling`) before fitting and scoring, the same way in both.
The fitted model is stored as plain arrays, loaded in milliseconds and without pickle.
Two changes make scoring a message cost well under a millisecond instead of ~40 ms: the
coefficients are kept in the memory order scipy multiplies fastest, and the input row is built
from the sentence features directly instead of through Rasa's copies of every feature matrix.
"""

import io
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import coo_matrix, csr_matrix
from sklearn.preprocessing import normalize
from sklearn.utils.class_weight import compute_class_weight

from lotse.nlu import questions
from lotse.nlu.one_vs_rest import ParallelLogisticRegression

# the fitted model: plain arrays, loaded without pickle (as skops would, but skops' import
# alone scans all of scikit-learn, seconds of every server start)
FITTED = ("coef_", "intercept_", "classes_", "n_iter_")


OUT_OF_SCOPE = "out_of_scope"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class RegularisedLogisticRegressionClassifier(LogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            **LogisticRegressionClassifier.get_default_config(),
            "C": 1.0,
            # threads for fitting the intents (-1: every core; lotse/nlu/one_vs_rest.py)
            "n_jobs": -1,
            # a part of a message counts as a question of its own from this confidence
            "question_confidence": 0.5,
            # intents that are no question to answer (greetings, answers, requests)
            "not_questions": [],
            # weight of an intent's examples relative to Rasa's "balanced" weighting: the
            # out-of-remit questions are as varied as all other topics together
            "class_weight_factors": {},
            # topic -> its finer topics: a story's finer topic stays when its question alone
            # reads as the general one ("als Flüchtling anerkannt … wann die NE?")
            "finer_topics": {},
            # below this, a story's single question does not override a surer whole message
            "story_question_confidence": 0.8,
            # questions about a fact of whatever service the statement before names ("I need
            # to renew my permit, what documents do I need?"): the question decides
            "service_facts": [],
            # a fact scoring this share of a topic's confidence is the question asked about
            # that topic ("Was kostet die Verlängerung?": fees for the extension)
            "fact_share": 0.7,
            # "log_l2": counts as log(1 + count), each message's row scaled to length 1, so a
            # long message weighs no more than a short one (README, "NLU pipeline")
            "feature_scaling": "none",
            # requests about a topic ("Termin für die Chancenkarte"): with the topic as the
            # runner-up from this confidence on, the two are one request and the topic leads
            "requests": [],
            "request_topic_confidence": 0.25,
            # questions where to go or who handles it: after a statement of another
            # authority's matter they ask where to go for that matter
            "where_to_go": [],
        }

    def __init__(
        self,
        config: Dict[str, Any],
        name: str,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf = ParallelLogisticRegression(**{**self.clf.get_params(),
                                                  "C": float(self.config["C"]),
                                                  "n_jobs": self.config["n_jobs"]})
        self.featureless: Dict[str, str] = {}  # exact text -> intent, see train()

    def train(self, training_data: TrainingData) -> Resource:
        factors = self.config["class_weight_factors"]
        labels = [e.get(INTENT) for e in training_data.intent_examples
                  if e.get(INTENT) and e.get(TEXT)]
        if factors and labels:
            classes = np.unique(labels)
            balanced = compute_class_weight("balanced", classes=classes, y=labels)
            self.clf.set_params(class_weight={
                str(c): float(w) * float(factors.get(str(c), 1.0))
                for c, w in zip(classes, balanced, strict=True)
            })
        # examples the featurizers see nothing in ("👍": a rare character n-gram beyond the
        # vocabulary cap) are known by their exact text; one text with two intents is not
        featureless: Dict[str, set] = {}
        for example in training_data.intent_examples:
            if example.get(INTENT) and example.get(TEXT) and not self._has_features(example):
                featureless.setdefault(example.get(TEXT).strip(), set()).add(example.get(INTENT))
        self.featureless = {text: next(iter(intents)) for text, intents in featureless.items()
                            if len(intents) == 1}
        return super().train(training_data)

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            arrays = {name: np.asarray(getattr(self.clf, name)) for name in FITTED}
            arrays["classes_"] = arrays["classes_"].astype(str)  # intent names, never objects
            arrays["featureless_texts"] = np.asarray(list(self.featureless), dtype=str)
            arrays["featureless_intents"] = np.asarray(list(self.featureless.values()), dtype=str)
            np.savez(model_dir / "classifier.npz", **arrays)

    @classmethod
    def load(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "RegularisedLogisticRegressionClassifier":
        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / "classifier.npz"
                stored = path.read_bytes() if path.exists() else None
        except ValueError:  # nothing stored: the classifier had no training data
            return cls.create(config, model_storage, resource, execution_context)
        if stored is None:  # trained before this format: Rasa's skops file
            return super().load(config, model_storage, resource, execution_context)
        with np.load(io.BytesIO(stored), allow_pickle=False) as fitted:
            arrays = {name: fitted[name] for name in FITTED}
            featureless = (dict(zip(fitted["featureless_texts"].tolist(),
                                    fitted["featureless_intents"].tolist(), strict=True))
                           if "featureless_texts" in fitted else {})
        component = cls(config, execution_context.node_name, model_storage, resource)
        component.featureless = featureless
        for name, value in arrays.items():
            setattr(component.clf, name, value)
        component.clf.n_features_in_ = arrays["coef_"].shape[1]
        return component

    def process(self, messages: List[Message]) -> List[Message]:
        # scikit-learn scores a message as X @ coef_.T. With coef_ in C order, scipy copies the
        # whole (features x intents) matrix for every message: ~30 ms, most of a message's
        # time. In Fortran order the transpose is contiguous and the product takes ~0.1 ms.
        coef = getattr(self.clf, "coef_", None)
        if coef is not None and not coef.flags.f_contiguous:
            self.clf.coef_ = np.asfortranarray(coef)
        if coef is not None:
            # no features at all ("?", "…", an untrained emoji): scored, such a message would
            # get the intercepts' favourite intent; it is not understood instead (nlu_fallback
            # by the FallbackClassifier: "please say it in other words")
            blank = [m for m in messages if not self._has_features(m)]
            for message in blank:
                known = self.featureless.get((message.get(TEXT) or "").strip())
                intent = {INTENT_NAME_KEY: known, "confidence": 1.0 if known else 0.0}
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [intent] if known else [], add_to_output=True)
            messages_with_words = [m for m in messages if self._has_features(m)]
            if messages_with_words:
                super().process(messages_with_words)
            for message in messages_with_words:
                if not (message.get(TEXT) or "").startswith("/"):
                    self._read_questions(message)
                    self._topic_of_request(message)
                    self._fact_of_topic(message)
            return messages
        return super().process(messages)

    @staticmethod
    def _has_features(message: Message) -> bool:
        return any(f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE
                   and (f.features.nnz if f.is_sparse() else np.any(f.features))
                   for f in message.features)

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
            elif (told is not None and told[0] == OUT_OF_SCOPE and part["intent"] not in excluded
                  and part["intent"] != OUT_OF_SCOPE and part["confidence"] >= minimum / 2):
                # the office's question after another authority's matter stands on its own
                # also where two of its topics share it ("… Kindergeld … Wie lange dauert die
                # Verlängerung?": processing time 0.50, the extension 0.44)
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
        if (topic[INTENT_NAME_KEY] in set(self.config["not_questions"]) | {OUT_OF_SCOPE}
                or fact["confidence"] < self.config.get("fact_share", 0.7) * topic["confidence"]):
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

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        """One row per message: its sentence features, sparse ones first, side by side.

        The same matrix as Rasa's, which first deep-copies and joins every featurizer's
        sequence and sentence matrices (the sequence ones unused) for each message.
        """
        data, rows, columns = [], [], []
        width = 0
        for row, message in enumerate(messages):
            sentence = [f for f in message.features
                        if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE]
            width = 0
            for features in sorted(sentence, key=lambda f: not f.is_sparse()):
                matrix = coo_matrix(features.features)
                data.append(matrix.data)
                rows.append(np.full(matrix.nnz, row))
                columns.append(matrix.col + width)
                width += matrix.shape[1]
        if not data:
            return csr_matrix((len(messages), 0))
        return self._scaled(csr_matrix(
            (np.concatenate(data), (np.concatenate(rows), np.concatenate(columns))),
            shape=(len(messages), width),
        ))

    def _scaled(self, rows: csr_matrix) -> csr_matrix:
        if self.config["feature_scaling"] != "log_l2":
            return rows
        scaled = rows.astype(np.float64)  # a copy: counts, never negative
        scaled.data = np.log1p(scaled.data)
        return normalize(scaled)



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
