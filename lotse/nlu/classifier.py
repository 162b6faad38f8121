"""Rasa's LogisticRegressionClassifier with configurable regularisation strength `C`.

Rasa 3.6 hard-codes scikit-learn's default C=1.0, which over-regularises thousands of sparse
character n-gram features; the held-out evaluation chooses C (README, "NLU pipeline"). The
features can be scaled (`feature_scaling`) before fitting and scoring, the same way in both.
Which question of a message decides its intent is read in lotse/nlu/deciding.py.
The fitted model is stored as plain arrays, loaded in milliseconds and without pickle.
Two changes make scoring a message cost well under a millisecond instead of ~40 ms: the
coefficients are kept in the memory order scipy multiplies fastest, and the input row is built
from the sentence features directly instead of through Rasa's copies of every feature matrix.
"""

from typing import Any, Dict, List

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

from lotse.nlu.deciding import QuestionReading
from lotse.nlu.one_vs_rest import ParallelLogisticRegression

# the fitted model: plain arrays, loaded without pickle (as skops would, but skops' import
# alone scans all of scikit-learn, seconds of every server start)
FITTED = ("coef_", "intercept_", "classes_", "n_iter_")



@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class RegularisedLogisticRegressionClassifier(QuestionReading, LogisticRegressionClassifier):
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
                if not path.exists():  # trained before this format: Rasa's skops file
                    return super().load(config, model_storage, resource, execution_context)
                with np.load(path, allow_pickle=False) as fitted:
                    arrays = {name: fitted[name] for name in FITTED}
                    featureless = (dict(zip(fitted["featureless_texts"].tolist(),
                                            fitted["featureless_intents"].tolist(), strict=True))
                                   if "featureless_texts" in fitted else {})
        except ValueError:  # nothing stored: the classifier had no training data
            return cls.create(config, model_storage, resource, execution_context)
        # scoring needs single precision only: half the memory of the largest array (19
        # languages: 68 intents x 350k features, 190 MB as stored), in the order scipy
        # multiplies fastest (process)
        arrays["coef_"] = np.asfortranarray(arrays["coef_"], dtype=np.float32)
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
        # in the loaded coefficients' precision: a float64 row would make scipy convert the
        # whole coefficient matrix for every message
        dtype = getattr(getattr(self.clf, "coef_", None), "dtype", np.float64)
        if self.config["feature_scaling"] != "log_l2":
            return rows.astype(dtype, copy=False)
        scaled = rows.astype(np.float64)  # a copy: counts, never negative
        scaled.data = np.log1p(scaled.data)
        return normalize(scaled).astype(dtype, copy=False)
