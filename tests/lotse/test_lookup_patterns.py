"""The lookup tables as letter trees match the messages Rasa's alternations match."""

import re

from rasa.nlu.utils.pattern_utils import _generate_lookup_regex
from rasa.shared.nlu.training_data.loading import load_data

from lotse.nlu.lookup_patterns import tree_pattern
from lotse_common.training_data import examples
from tests.conftest import PROJECT_DIR


def test_a_message_matches_the_tree_where_it_matches_rasas_alternation():
    tables = [table for name in ("countries", "languages") for table in load_data(
        str(PROJECT_DIR / "data" / "nlu" / "lookups" / f"{name}.yml")).lookup_tables]
    # the held-out messages of every language, and names inside and beside other words
    texts = [e for path in sorted((PROJECT_DIR / "tests" / "nlu").glob("*.yml"))
             for e in examples(path)]
    texts += ["Ich komme aus Deutschland", "deutschlandweit", "aus der Türkei", "türkisch",
              "I am from the United States of America", "nigeriaaa", "مصر", "中国人", ""]
    for table in tables:
        rasa = re.compile(_generate_lookup_regex(table), re.IGNORECASE)
        tree = re.compile(tree_pattern(table["elements"]), re.IGNORECASE)
        differ = [t for t in texts if bool(rasa.search(t)) != bool(tree.search(t))]
        assert not differ, (table["name"], differ[:5])
        assert sum(bool(tree.search(t)) for t in texts) > 100  # the test sees matches


def test_no_name_is_no_pattern_that_matches_everything():
    assert re.search(tree_pattern(["", "Peru"]), "hello") is None
    assert re.search(tree_pattern(["Peru", "Perugia"]), "in Perugia") is not None
