"""liblinear's one-intent-against-the-rest fit, one intent per thread.

scikit-learn hands all intents to liblinear at once, which fits them one after the other on
one core. Fitting each intent's binary problem on its own gives the same coefficients
(liblinear weighs an intent's own examples by its class weight, the rest by 1, as here) and,
since liblinear releases the GIL, runs on every core: the classifier's share of `rasa train`
halves on two cores (README, "NLU pipeline").
"""

from typing import Any, Optional

import numpy as np
from joblib import Parallel, delayed
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_class_weight


class ParallelLogisticRegression(LogisticRegression):
    def fit(self, X: Any, y: Any, sample_weight: Optional[Any] = None) -> LogisticRegression:
        y = np.asarray(y)
        classes = np.unique(y)
        if self.solver != "liblinear" or len(classes) < 3 or sample_weight is not None:
            return super().fit(X, y, sample_weight)
        weights = self.class_weight or {}
        if weights == "balanced":
            balanced = compute_class_weight("balanced", classes=classes, y=y)
            weights = dict(zip(classes, balanced, strict=True))
        params = {**self.get_params(), "n_jobs": None}

        def one(intent: Any) -> LogisticRegression:
            binary = LogisticRegression(**{**params, "class_weight": {1: weights.get(intent, 1.0),
                                                                      0: 1.0}})
            return binary.fit(X, (y == intent).astype(int))

        fitted = Parallel(n_jobs=self.n_jobs or 1, prefer="threads")(
            delayed(one)(intent) for intent in classes)
        self.classes_ = classes
        self.coef_ = np.vstack([model.coef_ for model in fitted])
        self.intercept_ = np.concatenate([model.intercept_ for model in fitted])
        self.n_iter_ = np.array([max(int(np.max(model.n_iter_)) for model in fitted)])
        self.n_features_in_ = X.shape[1]
        return self
