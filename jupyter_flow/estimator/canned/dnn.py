"""DNNClassifier and DNNRegressor: feature columns -> hidden layers -> logits, variables named as
TF1's (dnn/hiddenlayer_0/kernel, dnn/logits/bias), Adagrad with learning rate 0.05 by default."""
from ...feature_column import input_layer
from ...framework.scopes import variable_scope
from ...layers import dense, dropout as dropout_layer
from ...nn import relu
from ...ops import init_ops, math_ops, reduction_ops
from ...ops.summary_ops import histogram, scalar
from ..estimator import Estimator
from ..model_fn import ModeKeys
from .head import RegressionHead, classifier_head
from .optimizers import get_optimizer_instance

_LEARNING_RATE = 0.05


def _layer_summary(value, tag):
    scalar(f"{tag}/fraction_of_zero_values", reduction_ops.reduce_mean(math_ops.to_float(math_ops.equal(value, 0.0))))
    histogram(f"{tag}/activation", value)


def dnn_logits(features, mode, units, hidden_units, feature_columns, activation_fn, dropout, batch_norm=False):
    """The logits of a feed-forward network over the feature columns (TF1's dnn_logit_fn)."""
    from ...layers_normalization import batch_normalization
    with variable_scope("input_from_feature_columns"):
        net = input_layer(features, feature_columns)
    training = mode == ModeKeys.TRAIN
    for i, n in enumerate(hidden_units):
        net = dense(net, n, activation=activation_fn, kernel_initializer=init_ops.glorot_uniform_initializer(),
                    name=f"hiddenlayer_{i}")
        if dropout is not None and training:
            net = dropout_layer(net, rate=dropout, training=True)
        if batch_norm:
            net = batch_normalization(net, momentum=0.999, training=training, name=f"batchnorm_{i}")
        _layer_summary(net, f"hiddenlayer_{i}")  # under the dnn name scope: dnn/hiddenlayer_0/...
    logits = dense(net, units, kernel_initializer=init_ops.glorot_uniform_initializer(), name="logits")
    _layer_summary(logits, "logits")
    return logits


def _dnn_model_fn(head, hidden_units, feature_columns, optimizer, activation_fn, dropout, batch_norm):
    if not hidden_units:
        raise ValueError("hidden_units must list the sizes of the hidden layers, e.g. [300, 100]")
    feature_columns = tuple(feature_columns or ())

    def model_fn(features, labels, mode, config):
        opt = get_optimizer_instance(optimizer, learning_rate=_LEARNING_RATE) if mode == ModeKeys.TRAIN else None
        with variable_scope("dnn"):
            logits = dnn_logits(features, mode, head.logits_dimension, hidden_units, feature_columns, activation_fn,
                                dropout, batch_norm)
        return head.create_estimator_spec(features, mode, logits, labels, opt)
    return model_fn


class DNNClassifier(Estimator):
    """A feed-forward classifier over feature columns.

    >>> dnn = tf.estimator.DNNClassifier(hidden_units=[300, 100], n_classes=10, feature_columns=feature_cols)
    >>> dnn.train(input_fn=input_fn); dnn.evaluate(input_fn=test_input_fn)["accuracy"]
    """

    def __init__(self, hidden_units, feature_columns, model_dir=None, n_classes=2, weight_column=None,
                 label_vocabulary=None, optimizer="Adagrad", activation_fn=relu, dropout=None,
                 input_layer_partitioner=None, config=None, warm_start_from=None, loss_reduction=None,
                 batch_norm=False):
        _unsupported(weight_column=weight_column, label_vocabulary=label_vocabulary, loss_reduction=loss_reduction)
        head = classifier_head(n_classes)
        super().__init__(_dnn_model_fn(head, hidden_units, feature_columns, optimizer, activation_fn, dropout,
                                       batch_norm), model_dir, config, warm_start_from=warm_start_from)


class DNNRegressor(Estimator):
    """A feed-forward regressor (squared error) over feature columns.

    >>> dnn = tf.estimator.DNNRegressor(hidden_units=[64, 32], feature_columns=feature_cols)
    """

    def __init__(self, hidden_units, feature_columns, model_dir=None, label_dimension=1, weight_column=None,
                 optimizer="Adagrad", activation_fn=relu, dropout=None, input_layer_partitioner=None, config=None,
                 warm_start_from=None, loss_reduction=None, batch_norm=False):
        _unsupported(weight_column=weight_column, loss_reduction=loss_reduction)
        head = RegressionHead(label_dimension)
        super().__init__(_dnn_model_fn(head, hidden_units, feature_columns, optimizer, activation_fn, dropout,
                                       batch_norm), model_dir, config, warm_start_from=warm_start_from)


def _unsupported(**options):
    given = [k for k, v in options.items() if v is not None]
    if given:
        raise NotImplementedError(f"canned estimators: {', '.join(given)} not supported by jupyter_flow (TF1's "
                                  f"defaults are used: unweighted examples, integer labels, Reduction.SUM).")
