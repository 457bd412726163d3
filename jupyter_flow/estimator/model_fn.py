"""ModeKeys and EstimatorSpec: what a model_fn receives and returns (TF1's tf.estimator)."""
import collections

from ..framework.graph import Operation, Tensor


class ModeKeys:
    """The three things an Estimator asks a model_fn to build.

    >>> if mode == tf.estimator.ModeKeys.PREDICT: return tf.estimator.EstimatorSpec(mode, predictions=...)
    """
    TRAIN = "train"
    EVAL = "eval"
    PREDICT = "infer"


LOSS_METRIC_KEY = "loss"
AVERAGE_LOSS_METRIC_KEY = "average_loss"


def _check_tensor(value, what):
    if not isinstance(value, (Tensor, Operation)):
        raise TypeError(f"EstimatorSpec: {what} must be a Tensor, given: {value!r}")
    return value


class EstimatorSpec(collections.namedtuple("EstimatorSpec", [
        "mode", "predictions", "loss", "train_op", "eval_metric_ops", "export_outputs", "training_chief_hooks",
        "training_hooks", "scaffold", "evaluation_hooks", "prediction_hooks"])):
    """The ops a model_fn built for `mode`: TRAIN needs loss and train_op, EVAL needs loss (and
    eval_metric_ops, a dict of (value, update_op) from tf.metrics), PREDICT needs predictions.

    >>> return tf.estimator.EstimatorSpec(mode, loss=loss, train_op=train_op)
    """

    def __new__(cls, mode, predictions=None, loss=None, train_op=None, eval_metric_ops=None, export_outputs=None,
                training_chief_hooks=None, training_hooks=None, scaffold=None, evaluation_hooks=None,
                prediction_hooks=None):
        if mode not in (ModeKeys.TRAIN, ModeKeys.EVAL, ModeKeys.PREDICT):
            raise ValueError(f"mode={mode!r} is not one of tf.estimator.ModeKeys' TRAIN, EVAL, PREDICT")
        if loss is None and mode in (ModeKeys.TRAIN, ModeKeys.EVAL):
            raise ValueError("Missing loss.")
        if loss is not None:
            _check_tensor(loss, "loss")
            if loss.shape.ndims not in (None, 0) and loss.shape.num_elements() != 1:
                raise ValueError(f"Loss must be scalar, given: {loss}")
        if train_op is None and mode == ModeKeys.TRAIN:
            raise ValueError("Missing train_op.")
        if train_op is not None:
            _check_tensor(train_op, "train_op")
        if predictions is None:
            if mode == ModeKeys.PREDICT:
                raise ValueError("Missing predictions.")
            predictions = {}
        elif isinstance(predictions, dict):
            for k, v in predictions.items():
                _check_tensor(v, f"predictions[{k!r}]")
        else:
            _check_tensor(predictions, "predictions")
        eval_metric_ops = dict(eval_metric_ops or {})
        for k, pair in eval_metric_ops.items():
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise TypeError(f"Values of eval_metric_ops must be (metric_value, update_op) tuples, given: {pair} "
                                f"for key: {k}")
        return super().__new__(cls, mode, predictions, loss, train_op, eval_metric_ops, export_outputs,
                               tuple(training_chief_hooks or ()), tuple(training_hooks or ()), scaffold,
                               tuple(evaluation_hooks or ()), tuple(prediction_hooks or ()))
