"""Rasa's RegexFeaturizer with each lookup table as one pattern shaped like a letter tree.

Rasa turns a lookup table into one alternation, "(\\bAfghanistan\\b|\\bÄgypten\\b|…)", which
Python's `re` tries name after name at every position of a message: for the 3,500 country
and 340 language names in every supported language that took about 36 s of each training
(82k examples) and a part of every parse. The same names as a tree of their letters
("\\b(?:A(?:fghanistan|lbanien…)|Ä…)\\b") match where the alternation matches, about 17 times
faster (README, "NLU pipeline"). The classifier learns from the sentence features, whether a
table's name occurs at all, which are the same; a name inside a longer one may mark other
tokens of the sequence features, which nothing here uses. Regex entries stay as written.
"""

import re
from typing import Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
from rasa.nlu.utils.pattern_utils import extract_patterns, read_lookup_table_file
from rasa.shared.nlu.training_data.training_data import TrainingData

END = ""  # a trie key that marks the end of a name


def tree_pattern(names: List[str], word_boundaries: bool = True) -> str:
    """One regex matching exactly the names, as a tree of their letters."""
    trie: Dict = {}
    for name in filter(None, names):  # an empty name would match everywhere
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[END] = {}

    def branch(node: Dict) -> str:
        alternatives = [re.escape(char) + branch(node[char]) for char in sorted(node) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"
        return f"(?:{body})?" if END in node else body

    pattern = f"(?:{branch(trie)})"
    return rf"(\b{pattern}\b)" if word_boundaries else f"({pattern})"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True
)
class LookupTreeRegexFeaturizer(RegexFeaturizer):
    def train(self, training_data: TrainingData) -> Resource:
        patterns = extract_patterns(
            training_data, use_lookup_tables=False, use_regexes=self._config["use_regexes"],
            use_word_boundaries=self._config["use_word_boundaries"])
        if self._config["use_lookup_tables"]:
            for table in training_data.lookup_tables:
                names = table["elements"]
                if not isinstance(names, list):
                    names = read_lookup_table_file(names)
                patterns.append({"name": table["name"], "pattern": tree_pattern(
                    names, self._config["use_word_boundaries"])})
        if self.finetune_mode:
            self._merge_new_patterns(patterns)
        else:
            self.known_patterns = patterns
        self._persist()
        return self._resource
