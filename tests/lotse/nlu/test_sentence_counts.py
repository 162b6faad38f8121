"""The training data featurized in one batch gets the sentence features Rasa's featurizer
gives each message (what the classifier learns from), and no others."""

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from lotse.nlu.sentence_counts import SentenceCountsFeaturizer
from lotse.nlu.stemming import StemmingTokenizer

TEXTS = [("Ich möchte meinen Aufenthaltstitel verlängern", "de", "extend_permit"),
         ("wann habt ihr offen?", "de", "office_hours"),
         ("Merhaba, randevu almak istiyorum", "tr", "book_appointment"),
         ("我想预约", "zh", "book_appointment"), ("👍", "de", "feedback_positive")]


def featurized(component_class, tmp_path, config):
    context = ExecutionContext(GraphSchema({}), "test")
    (tmp_path / component_class.__name__).mkdir(exist_ok=True)
    storage = LocalModelStorage(tmp_path / component_class.__name__)
    tokenizer = StemmingTokenizer.create(StemmingTokenizer.get_default_config(), storage,
                                         Resource("tok"), context)
    messages = [Message.build(t, intent=i, intent_metadata={"language": lang})
                for t, lang, i in TEXTS]
    data = tokenizer.process_training_data(TrainingData(messages))
    featurizer = component_class.create({**component_class.get_default_config(), **config},
                                        storage, Resource("cv"), context)
    featurizer.train(data)
    return featurizer.process_training_data(data).training_examples


@pytest.mark.parametrize("config", [{}, {"analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5},
                                    {"max_ngram": 2, "use_lemma": False}])
def test_the_batch_gives_rasas_sentence_features_and_no_others(tmp_path, config):
    ours = featurized(SentenceCountsFeaturizer, tmp_path, config)
    rasas = featurized(CountVectorsFeaturizer, tmp_path, config)
    for mine, theirs in zip(ours, rasas, strict=True):
        expected = [f.features.toarray() for f in theirs.features
                    if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE]
        got = [f.features.toarray() for f in mine.features]
        assert len(got) == len(expected), mine.get(TEXT)
        for a, b in zip(got, expected, strict=True):
            assert np.array_equal(a, b), mine.get(TEXT)
        assert all(f.type == FEATURE_TYPE_SENTENCE and f.attribute == TEXT
                   for f in mine.features)
    assert any(len(m.features) < len(r.features) for m, r in zip(ours, rasas, strict=True))
