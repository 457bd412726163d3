"""LinearClassifier and LinearRegressor: a weighted sum of the feature columns (variables
linear/linear_model/<column>/weights and linear/linear_model/bias_weights), trained by FTRL with
learning rate min(0.2, 1/sqrt(number of columns)) by default, as in TF1."""
import math

from ...feature_column import linear_model
from ...framework.scopes import variable_scope
from ..estimator import Estimator
from ..model_fn import ModeKeys
from .dnn import _unsupported
from .head import RegressionHead, classifier_head
from .optimizers import get_optimizer_instance

_LEARNING_RATE = 0.2


def _linear_model_fn(head, feature_columns, optimizer, sparse_combiner):
    feature_columns = tuple(feature_columns or ())
    if not feature_columns:
        raise ValueError("feature_columns must not be empty")

    def model_fn(features, labels, mode, config):
        opt = None
        if mode == ModeKeys.TRAIN:
            learning_rate = min(_LEARNING_RATE, 1.0 / math.sqrt(len(feature_columns)))
            opt = get_optimizer_instance(optimizer, learning_rate=learning_rate)
        with variable_scope("linear"):
            logits = linear_model(features, feature_columns, units=head.logits_dimension,
                                  sparse_combiner=sparse_combiner)
        return head.create_estimator_spec(features, mode, logits, labels, opt)
    return model_fn


class LinearClassifier(Estimator):
    """Logistic (n_classes=2) or softmax regression over feature columns.

    >>> linear = tf.estimator.LinearClassifier(feature_columns=feature_cols, n_classes=10)
    """

    def __init__(self, feature_columns, model_dir=None, n_classes=2, weight_column=None, label_vocabulary=None,
                 optimizer="Ftrl", config=None, partitioner=None, warm_start_from=None, loss_reduction=None,
                 sparse_combiner="sum"):
        _unsupported(weight_column=weight_column, label_vocabulary=label_vocabulary, loss_reduction=loss_reduction)
        super().__init__(_linear_model_fn(classifier_head(n_classes), feature_columns, optimizer, sparse_combiner),
                         model_dir, config, warm_start_from=warm_start_from)


class LinearRegressor(Estimator):
    """Linear regression (squared error) over feature columns.

    >>> linear = tf.estimator.LinearRegressor(feature_columns=[tf.feature_column.numeric_column("x")])
    """

    def __init__(self, feature_columns, model_dir=None, label_dimension=1, weight_column=None, optimizer="Ftrl",
                 config=None, partitioner=None, warm_start_from=None, loss_reduction=None, sparse_combiner="sum"):
        _unsupported(weight_column=weight_column, loss_reduction=loss_reduction)
        super().__init__(_linear_model_fn(RegressionHead(label_dimension), feature_columns, optimizer,
                                          sparse_combiner), model_dir, config, warm_start_from=warm_start_from)
