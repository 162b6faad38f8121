"""The intents fitted one per thread give the classifier scikit-learn's own fit would give."""

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from lotse.nlu.one_vs_rest import ParallelLogisticRegression


@pytest.mark.parametrize("class_weight", ["balanced", {"i0": 3.0, "i4": 0.5}])
def test_the_parallel_fit_predicts_what_the_sequential_one_predicts(class_weight):
    rng = np.random.default_rng(1)
    rows, words, per_row = 3000, 5000, 30
    features = csr_matrix((np.ones(rows * per_row),
                           (np.repeat(np.arange(rows), per_row),
                            rng.integers(0, words, rows * per_row))), shape=(rows, words))
    intents = np.array([f"i{k}" for k in rng.integers(0, 8, rows)])
    params = {"solver": "liblinear", "C": 100, "max_iter": 200, "class_weight": class_weight}
    sequential = LogisticRegression(**params).fit(features, intents)
    parallel = ParallelLogisticRegression(**params, n_jobs=2).fit(features, intents)
    assert list(parallel.classes_) == list(sequential.classes_)
    np.testing.assert_allclose(parallel.predict_proba(features[:200]),
                               sequential.predict_proba(features[:200]), atol=1e-5)
