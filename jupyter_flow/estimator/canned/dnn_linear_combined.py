"""DNNLinearCombinedClassifier and DNNLinearCombinedRegressor ("wide & deep"): the logits are the sum
of a linear model over linear_feature_columns (scope linear/, FTRL with learning rate
min(0.005, 1/sqrt(number of columns))) and a DNN over dnn_feature_columns (scope dnn/, Adagrad with
0.001), each optimizer training only its own part's variables, as TF1.

>>> m = tf.estimator.DNNLinearCombinedClassifier(linear_feature_columns=wide, dnn_feature_columns=deep,
...                                               dnn_hidden_units=[100, 50])
"""
import math

from ...framework.graph import control_dependencies
from ...framework.scopes import variable_scope
from ...nn import relu
from ...ops.control_flow_ops import group
from ...ops.state_ops import assign_add, trainable_variables
from ...feature_column import linear_model
from ..estimator import Estimator
from ..model_fn import ModeKeys
from .dnn import _unsupported, dnn_logits
from .head import RegressionHead, classifier_head
from .optimizers import get_optimizer_instance

_DNN_LEARNING_RATE = 0.001
_LINEAR_LEARNING_RATE = 0.005


class _PartOptimizers:
    """One minimize() for the head: each optimizer over its own scope's variables, then one global
    step increment (TF1's dnn_linear_combined train_op)."""

    def __init__(self, parts):
        self._parts = parts  # [(optimizer, scope)]

    def minimize(self, loss, global_step=None):
        train_ops = [opt.minimize(loss, var_list=trainable_variables(scope + "/")) for opt, scope in self._parts]
        train_op = group(*train_ops)
        if global_step is None:
            return train_op
        with control_dependencies([train_op]):
            return assign_add(global_step, 1).op


def _combined_model_fn(head, linear_columns, linear_optimizer, dnn_columns, dnn_optimizer, hidden_units,
                       activation_fn, dropout, batch_norm, sparse_combiner):
    linear_columns, dnn_columns = tuple(linear_columns or ()), tuple(dnn_columns or ())
    if not linear_columns and not dnn_columns:
        raise ValueError("Either linear_feature_columns or dnn_feature_columns must be defined.")
    if dnn_columns and not hidden_units:
        raise ValueError(f"dnn_hidden_units must be defined when dnn_feature_columns is specified. "
                         f"Given: {dnn_columns}")

    def model_fn(features, labels, mode, config):
        logits, parts = [], []
        if dnn_columns:
            with variable_scope("dnn"):
                logits.append(dnn_logits(features, mode, head.logits_dimension, hidden_units, dnn_columns,
                                         activation_fn, dropout, batch_norm))
            if mode == ModeKeys.TRAIN:
                parts.append((get_optimizer_instance(dnn_optimizer, learning_rate=_DNN_LEARNING_RATE), "dnn"))
        if linear_columns:
            with variable_scope("linear"):
                logits.append(linear_model(features, linear_columns, units=head.logits_dimension,
                                           sparse_combiner=sparse_combiner))
            if mode == ModeKeys.TRAIN:
                rate = min(_LINEAR_LEARNING_RATE, 1.0 / math.sqrt(len(linear_columns)))
                parts.append((get_optimizer_instance(linear_optimizer, learning_rate=rate), "linear"))
        total = logits[0] + logits[1] if len(logits) == 2 else logits[0]
        return head.create_estimator_spec(features, mode, total, labels, _PartOptimizers(parts) if parts else None)
    return model_fn


class DNNLinearCombinedClassifier(Estimator):
    """A wide (linear) and deep (DNN) classifier over feature columns.

    >>> m = tf.estimator.DNNLinearCombinedClassifier(linear_feature_columns=[city_x_age],
    ...                                               dnn_feature_columns=[age], dnn_hidden_units=[16])
    """

    def __init__(self, model_dir=None, linear_feature_columns=None, linear_optimizer="Ftrl", dnn_feature_columns=None,
                 dnn_optimizer="Adagrad", dnn_hidden_units=None, dnn_activation_fn=relu, dnn_dropout=None,
                 n_classes=2, weight_column=None, label_vocabulary=None, input_layer_partitioner=None, config=None,
                 warm_start_from=None, loss_reduction=None, batch_norm=False, linear_sparse_combiner="sum"):
        _unsupported(weight_column=weight_column, label_vocabulary=label_vocabulary, loss_reduction=loss_reduction)
        super().__init__(_combined_model_fn(classifier_head(n_classes), linear_feature_columns, linear_optimizer,
                                            dnn_feature_columns, dnn_optimizer, dnn_hidden_units, dnn_activation_fn,
                                            dnn_dropout, batch_norm, linear_sparse_combiner),
                         model_dir, config, warm_start_from=warm_start_from)


class DNNLinearCombinedRegressor(Estimator):
    """A wide (linear) and deep (DNN) regressor (squared error) over feature columns.

    >>> m = tf.estimator.DNNLinearCombinedRegressor(linear_feature_columns=wide, dnn_feature_columns=deep,
    ...                                              dnn_hidden_units=[32])
    """

    def __init__(self, model_dir=None, linear_feature_columns=None, linear_optimizer="Ftrl", dnn_feature_columns=None,
                 dnn_optimizer="Adagrad", dnn_hidden_units=None, dnn_activation_fn=relu, dnn_dropout=None,
                 label_dimension=1, weight_column=None, input_layer_partitioner=None, config=None,
                 warm_start_from=None, loss_reduction=None, batch_norm=False, linear_sparse_combiner="sum"):
        _unsupported(weight_column=weight_column, loss_reduction=loss_reduction)
        super().__init__(_combined_model_fn(RegressionHead(label_dimension), linear_feature_columns, linear_optimizer,
                                            dnn_feature_columns, dnn_optimizer, dnn_hidden_units, dnn_activation_fn,
                                            dnn_dropout, batch_norm, linear_sparse_combiner),
                         model_dir, config, warm_start_from=warm_start_from)
