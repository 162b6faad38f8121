"""Rasa's CountVectorsFeaturizer, with the training data featurized in one batch.

For every training example Rasa's featurizer calls scikit-learn twice (the tokens one by one
for the sequence features, then the sentence) and also featurizes the intent's name. Lotse's
classifier learns from the sentence features of the text alone (lotse/nlu/classifier.py): in
training, this featurizer gives each example just those, all rows from one `transform` of the
80k sentences. Rasa then also fingerprints far smaller outputs after each node. Messages
parsed by the running model are featurized as by Rasa (the sequence features are what
lotse/nlu/questions.py scores a message's parts with). Measured: README, "NLU pipeline".
"""

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.training_data import TrainingData


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True
)
class SentenceCountsFeaturizer(CountVectorsFeaturizer):
    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        vectorizer = (self.vectorizers or {}).get(TEXT)
        if vectorizer is None:
            return super().process_training_data(training_data)
        sentences, owners = [], []
        for message in training_data.training_examples:
            tokens = self._get_processed_message_tokens_by_attribute(message, TEXT)
            if tokens:  # as Rasa's: the tokens joined by spaces, the same vocabulary
                sentences.append(" ".join(tokens))
                owners.append(message)
        if sentences:
            rows = vectorizer.transform(sentences).tocsr()
            rows.sort_indices()
            for row, message in enumerate(owners):
                self.add_features_to_message(None, rows[row].tocoo(), TEXT, message)
        return training_data
