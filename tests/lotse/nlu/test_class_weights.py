"""Out-of-remit questions can be given more weight than Rasa's "balanced" weighting."""

from lotse.nlu.classifier import RegularisedLogisticRegressionClassifier
from tests.lotse.nlu.conftest import train_and_load
from tests.lotse.nlu.test_classifier import featurized


def confidence(tmp_path, factors, text):
    tmp_path.mkdir()
    data, featurize = featurized(tmp_path / "features")
    config = {**RegularisedLogisticRegressionClassifier.get_default_config(), "C": 10,
              "class_weight_factors": factors}
    (tmp_path / "model").mkdir()
    classifier = train_and_load(RegularisedLogisticRegressionClassifier, tmp_path / "model",
                                data.training_examples, config)
    [message] = classifier.process(featurize([text]))
    return {r["name"]: r["confidence"] for r in message.get("intent_ranking")}


def test_a_weighted_intent_wins_more_of_the_unclear_messages(tmp_path):
    unclear = "Termin Öffnungszeiten"
    plain = confidence(tmp_path / "plain", {}, unclear)
    weighted = confidence(tmp_path / "weighted", {"opening_hours": 3.0}, unclear)
    assert weighted["opening_hours"] > plain["opening_hours"]
