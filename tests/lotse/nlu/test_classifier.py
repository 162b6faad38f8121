"""The classifier's faster scoring gives exactly the intents and confidences of Rasa's own."""

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from lotse.nlu.classifier import RegularisedLogisticRegressionClassifier
from tests.lotse.nlu.conftest import train_and_load

EXAMPLES = {
    "extend_permit": ["Ich möchte meinen Aufenthaltstitel verlängern",
                      "Verlängerung der Aufenthaltserlaubnis", "extend my residence permit"],
    "book_appointment": ["Ich brauche einen Termin", "Termin buchen bitte",
                         "I need an appointment"],
    "opening_hours": ["Wann habt ihr geöffnet?", "Öffnungszeiten", "When are you open?"],
}
QUESTIONS = ["aufenthaltstitel verlangern", "Öffnungszeiten am Montag?", "appointment please",
             "xkq wrr"]


def featurizers(tmp_path):
    """Words and character n-grams, as in config.yml."""
    tmp_path.mkdir()
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
    vectorizers = [
        CountVectorsFeaturizer.create(
            {**CountVectorsFeaturizer.get_default_config(), **config},
            storage, Resource(name), context)
        for name, config in [("words", {}), ("chars", {"analyzer": "char_wb", "min_ngram": 2,
                                                       "max_ngram": 5})]
    ]
    return tokenizer, vectorizers


def featurized(tmp_path, training=None):
    tokenizer, vectorizers = featurizers(tmp_path)
    examples = [Message.build(text, intent=intent)
                for intent, texts in (training or EXAMPLES).items() for text in texts]
    data = TrainingData(examples)
    tokenizer.process_training_data(data)
    for vectorizer in vectorizers:
        vectorizer.train(data)
        vectorizer.process_training_data(data)

    def featurize(texts):
        messages = [Message.build(text) for text in texts]
        tokenizer.process(messages)
        for vectorizer in vectorizers:
            vectorizer.process(messages)
        return messages

    return data, featurize


@pytest.fixture
def trained(tmp_path):
    data, featurize = featurized(tmp_path / "features")
    config = {**RegularisedLogisticRegressionClassifier.get_default_config(), "C": 10}
    (tmp_path / "ours").mkdir()
    (tmp_path / "rasa").mkdir()
    ours = train_and_load(RegularisedLogisticRegressionClassifier, tmp_path / "ours",
                          data.training_examples, config)
    rasas = train_and_load(LogisticRegressionClassifier, tmp_path / "rasa",
                           data.training_examples,
                           LogisticRegressionClassifier.get_default_config())
    rasas.clf = ours.clf  # the same trained model, scored Rasa's way
    return ours, rasas, featurize


def rankings(classifier, messages):
    # to 6 places: a loaded model scores in single precision (half the memory)
    classifier.process(messages)
    return [[(r["name"], round(r["confidence"], 6)) for r in m.get("intent_ranking")]
            for m in messages]


def test_intent_rankings_are_rasas(trained):
    ours, rasas, featurize = trained
    expected = rankings(rasas, featurize(QUESTIONS))
    assert rankings(ours, featurize(QUESTIONS)) == expected
    # and the model has learnt something: the ranking follows the question
    assert [r[0][0] for r in expected[:3]] == ["extend_permit", "opening_hours",
                                               "book_appointment"]


def test_the_input_matrix_is_rasas_also_with_dense_features(trained):
    ours, rasas, featurize = trained
    messages = featurize(QUESTIONS)
    for message in messages:
        message.add_features(Features(np.array([[0.5, -1.0]]), "sentence", "text", "dense"))
    assert (ours._create_X(messages) != rasas._create_X(messages)).nnz == 0
    assert ours._create_X(messages).shape == rasas._create_X(messages).shape


def test_a_stored_and_loaded_classifier_answers_as_the_trained_one(tmp_path):
    data, featurize = featurized(tmp_path / "features")
    storage = LocalModelStorage(tmp_path)
    resource = Resource("classifier")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**RegularisedLogisticRegressionClassifier.get_default_config(), "C": 10}
    trained = RegularisedLogisticRegressionClassifier.create(config, storage, resource, context)
    trained.train(TrainingData(data.training_examples))
    loaded = RegularisedLogisticRegressionClassifier.load(config, storage, resource, context)
    assert loaded is not trained
    assert rankings(loaded, featurize(QUESTIONS)) == rankings(trained, featurize(QUESTIONS))


def test_without_training_data_the_loaded_classifier_is_untrained(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("classifier")
    context = ExecutionContext(GraphSchema({}), "test")
    config = RegularisedLogisticRegressionClassifier.get_default_config()
    RegularisedLogisticRegressionClassifier.create(config, storage, resource, context).train(
        TrainingData([]))
    loaded = RegularisedLogisticRegressionClassifier.load(config, storage, resource, context)
    assert not hasattr(loaded.clf, "coef_")
