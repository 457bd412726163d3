"""Neural-network ops (tf.nn) over classes: softmax, log_softmax, the cross-entropy losses,
in_top_k and l2_loss. (bias_add, activations, dropout and flatten: nn_layers_ops.py.)

Each op is declared once here (shape rule + gradient rule); kernels live in
src_cpp/kernels/nn.cc under the same type names. The cross-entropy ops are fused as in TF:
one kernel outputs the loss and its gradient, and the gradient rule reuses it.
"""
import numbers

from ..framework import dtypes
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import FLOATING, require_dtypes
from ..framework.tensor_shape import SCALAR, UNKNOWN, TensorShape
from .array_ops import stop_gradient
from .constant_op import convert_to_tensor
from .linalg_ops import transpose
from .math_ops import cast, multiply, negative

INTEGER_LABELS = (dtypes.int32, dtypes.int64)


def _create(op_type, inputs, attrs, name):
    return inputs[0].graph.create_op(op_type, tuple(inputs), attrs, name or op_type)


def _same_shape(t):
    return [(t._dtype, t._shape)]


def _first_input_shape(inputs, attrs):
    return _same_shape(inputs[0])


def _without_last_axis(shape):
    return UNKNOWN if shape._dims is None else TensorShape._from_tuple(shape._dims[:-1])


def _check_axis(shape, axis):
    rank = shape.ndims
    if rank == 0:
        raise ValueError("logits must have rank >= 1, got a scalar")
    if rank is not None and not -rank <= axis < rank:
        raise ValueError(f"axis {axis} is out of range for logits of rank {rank}")


# ----- softmax -----------------------------------------------------------------------------------


def _softmax_infer(inputs, attrs):
    require_dtypes(inputs[0], FLOATING, "softmax")
    _check_axis(inputs[0]._shape, attrs["axis"])
    return _same_shape(inputs[0])


for _t in ("Softmax", "LogSoftmax"):
    define_op(_t, infer=_softmax_infer)
for _t in ("SoftmaxGrad", "LogSoftmaxGrad"):
    define_op(_t, infer=_first_input_shape)
not_differentiable("SoftmaxGrad", "LogSoftmaxGrad")


@register_gradient("Softmax")
def _softmax_grad(op, grad):
    return [_create("SoftmaxGrad", (op.outputs[0], grad), {"axis": op.get_attr("axis")}, None)._outputs[0]]


@register_gradient("LogSoftmax")
def _log_softmax_grad(op, grad):
    return [_create("LogSoftmaxGrad", (op.outputs[0], grad), {"axis": op.get_attr("axis")}, None)._outputs[0]]


def _axis_arg(axis, dim):
    if axis is not None and dim is not None:
        raise ValueError("Cannot specify both 'axis' and 'dim'; use 'axis'.")
    a = axis if axis is not None else dim
    return -1 if a is None else int(a)


def softmax(logits, axis=None, name=None, dim=None):
    """exp(logits) / sum(exp(logits)) along `axis` (the last by default), without overflow.

    >>> y_proba = tf.nn.softmax(logits)
    """
    t = convert_to_tensor(logits)
    return _create("Softmax", (t,), {"axis": _axis_arg(axis, dim)}, name)._outputs[0]


def log_softmax(logits, axis=None, name=None, dim=None):
    """logits - log(sum(exp(logits))) along `axis`, stable for large logits.

    >>> log_p = tf.nn.log_softmax(logits)
    """
    t = convert_to_tensor(logits)
    return _create("LogSoftmax", (t,), {"axis": _axis_arg(axis, dim)}, name)._outputs[0]


# ----- cross-entropy -------------------------------------------------------------------------------


def _sparse_xent_infer(inputs, attrs):
    logits, labels = inputs
    require_dtypes(logits, FLOATING, "SparseSoftmaxCrossEntropyWithLogits")
    if labels._dtype not in INTEGER_LABELS:
        raise TypeError(f"labels of sparse_softmax_cross_entropy_with_logits must be int32 or int64 class indices, "
                        f"got {labels._dtype.name} ('{labels.name}'); for one-hot or probability labels use "
                        f"softmax_cross_entropy_with_logits_v2.")
    ls, ys = logits._shape, labels._shape
    if ls.ndims == 0:
        raise ValueError("Logits cannot be scalars - received shape ().")
    if ls.ndims is not None and ys.ndims is not None:
        if ys.ndims != ls.ndims - 1:
            raise ValueError(f"Rank mismatch: Rank of labels (received {ys.ndims}) should equal rank of logits "
                             f"minus 1 (received {ls.ndims}).")
        if not ys.is_compatible_with(_without_last_axis(ls)):
            raise ValueError(f"Shape mismatch: The shape of labels (received {ys}) should equal the shape of "
                             f"logits except for the last dimension (received {ls}).")
    loss_shape = _without_last_axis(ls).merge_with(ys) if ys.ndims is not None else _without_last_axis(ls)
    return [(logits._dtype, loss_shape), (logits._dtype, ls)]


def _xent_infer(inputs, attrs):
    logits, labels = inputs
    require_dtypes(logits, FLOATING, "SoftmaxCrossEntropyWithLogits")
    if labels._dtype is not logits._dtype:
        raise TypeError(f"labels ({labels._dtype.name}, '{labels.name}') and logits ({logits._dtype.name}) of "
                        f"softmax_cross_entropy_with_logits must have the same dtype; use tf.cast on the labels "
                        f"(or, for class indices, sparse_softmax_cross_entropy_with_logits).")
    if logits._shape.ndims == 0:
        raise ValueError("Logits cannot be scalars - received shape ().")
    if not logits._shape.is_compatible_with(labels._shape):
        raise ValueError(f"logits and labels must have the same shape, received logits {logits._shape} and "
                         f"labels {labels._shape}")
    shape = logits._shape.merge_with(labels._shape)
    return [(logits._dtype, _without_last_axis(shape)), (logits._dtype, shape)]


define_op("SparseSoftmaxCrossEntropyWithLogits", infer=_sparse_xent_infer)
define_op("SoftmaxCrossEntropyWithLogits", infer=_xent_infer)


def _cross_entropy_grad_infer(inputs, attrs):
    return _same_shape(inputs[1])


define_op("CrossEntropyGrad", infer=_cross_entropy_grad_infer)
not_differentiable("CrossEntropyGrad")


def _spread_over_classes(grad_loss, per_class):
    """grad_loss[..., None] * per_class, in one kernel."""
    return _create("CrossEntropyGrad", (grad_loss, per_class), None, None)._outputs[0]


@register_gradient("SparseSoftmaxCrossEntropyWithLogits")
def _sparse_xent_grad(op, grad_loss, grad_backprop):
    # The kernel's second output is d(loss)/d(logits); the gradient of that output is not
    # propagated (no second derivatives through the fused op, as in TF 1.x).
    return [_spread_over_classes(grad_loss, op.outputs[1]), None]


@register_gradient("SoftmaxCrossEntropyWithLogits")
def _xent_grad(op, grad_loss, grad_backprop):
    logits = op.inputs[0]
    return [_spread_over_classes(grad_loss, op.outputs[1]),
            _spread_over_classes(grad_loss, negative(log_softmax(logits)))]


def _require_named(fn_name, sentinel, labels, logits):
    if sentinel is not None:
        raise ValueError(f"Only call `{fn_name}` with named arguments (labels=..., logits=..., ...)")
    if labels is None or logits is None:
        raise ValueError(f"Both labels and logits must be provided to `{fn_name}`.")


def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """Cross-entropy between softmax(logits) and integer class labels, one value per row.

    >>> xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
    >>> loss = tf.reduce_mean(xentropy, name="loss")
    """
    _require_named("sparse_softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    lg = convert_to_tensor(logits)
    g = lg.graph
    with g.as_default(), g.name_scope(name or "SparseSoftmaxCrossEntropyWithLogits"):
        lb = convert_to_tensor(labels)
        op = _create("SparseSoftmaxCrossEntropyWithLogits", (lg, lb), None,
                     name or "SparseSoftmaxCrossEntropyWithLogits")
    return op._outputs[0]


def _move_axis_last(t, axis):
    rank = t.shape.ndims
    if axis == -1 or (rank is not None and axis == rank - 1):
        return t
    if rank is None:
        raise ValueError(f"softmax_cross_entropy_with_logits with axis={axis} needs logits of known rank")
    axis %= rank
    perm = list(range(rank))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    return transpose(t, perm)


def softmax_cross_entropy_with_logits_v2(_sentinel=None, labels=None, logits=None, axis=None, name=None, dim=None):
    """Cross-entropy between softmax(logits) and a distribution over classes (e.g. one-hot);
    gradients flow into both labels and logits.

    >>> xentropy = tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_one_hot, logits=logits)
    """
    _require_named("softmax_cross_entropy_with_logits_v2", _sentinel, labels, logits)
    axis = _axis_arg(axis, dim)
    lg = convert_to_tensor(logits)
    g = lg.graph
    with g.as_default(), g.name_scope(name or "softmax_cross_entropy_with_logits"):
        lb = convert_to_tensor(labels)
        if lb.dtype is not lg.dtype:   # TF1 casts the labels to the logits' dtype (one-hot float64 labels)
            lb = cast(lb, lg.dtype)
        _check_axis(lg.shape, axis)
        lg, lb = _move_axis_last(lg, axis), _move_axis_last(lb, axis)
        if _ranks_differ(lg, lb):
            return _xent_over_rows(lg, lb, name)
        op = _create("SoftmaxCrossEntropyWithLogits", (lg, lb), None, name or "softmax_cross_entropy_with_logits")
    return op._outputs[0]


def _ranks_differ(logits, labels):
    return None not in (logits.shape.ndims, labels.shape.ndims) and logits.shape.ndims != labels.shape.ndims


def _xent_over_rows(logits, labels, name):
    """TF1 flattens logits and labels to [rows, classes] before the kernel, so labels of another rank
    with the same number of rows (hunkim's `labels=[Y_one_hot]`, shape [1, N, C]) are accepted; the loss
    takes the shape of the logits without their last axis."""
    from .shape_ops import reshape, shape
    rows = [reshape(t, [-1, t.shape._dims[-1] if t.shape._dims[-1] is not None else shape(t)[-1]])
            for t in (logits, labels)]
    op = _create("SoftmaxCrossEntropyWithLogits", tuple(rows), None, name or "softmax_cross_entropy_with_logits")
    loss = reshape(op._outputs[0], shape(logits)[:-1])
    loss.set_shape(_without_last_axis(logits.shape))
    return loss


def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim=-1, name=None, axis=None):
    """As softmax_cross_entropy_with_logits_v2, but no gradient flows into the labels (TF1's v1).

    >>> loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=y_one_hot, logits=logits))
    """
    _require_named("softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    axis = _axis_arg(axis, None if dim == -1 else dim)
    lg = convert_to_tensor(logits)
    g = lg.graph
    with g.as_default(), g.name_scope(name or "softmax_cross_entropy_with_logits_sg"):
        lb = stop_gradient(convert_to_tensor(labels), name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits_v2(labels=lb, logits=lg, axis=axis, name=name)


def _sigmoid_xent_infer(inputs, attrs):
    logits, labels = inputs
    require_dtypes(logits, FLOATING, "SigmoidCrossEntropyWithLogits")
    if labels._dtype is not logits._dtype:
        raise TypeError(f"labels ({labels._dtype.name}, '{labels.name}') and logits ({logits._dtype.name}) of "
                        f"sigmoid_cross_entropy_with_logits must have the same dtype; use tf.cast on the labels.")
    if not logits._shape.is_compatible_with(labels._shape):
        raise ValueError(f"logits and labels must have the same shape ({logits._shape} vs {labels._shape})")
    return [(logits._dtype, logits._shape.merge_with(labels._shape))]


define_op("SigmoidCrossEntropyWithLogits", infer=_sigmoid_xent_infer)
define_op("SigmoidCrossEntropyWithLogitsGrad", infer=_first_input_shape)
not_differentiable("SigmoidCrossEntropyWithLogitsGrad")


@register_gradient("SigmoidCrossEntropyWithLogits")
def _sigmoid_xent_grad(op, grad):
    x, z = op.inputs
    gx = _create("SigmoidCrossEntropyWithLogitsGrad", (x, z, grad), None, None)._outputs[0]
    return [gx, multiply(grad, negative(x))]


def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name=None):
    """Element-wise logistic loss: max(x, 0) - x * z + log(1 + exp(-|x|)), exact for large |x|.

    >>> loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    """
    _require_named("sigmoid_cross_entropy_with_logits", _sentinel, labels, logits)
    lg = convert_to_tensor(logits)
    g = lg.graph
    with g.as_default(), g.name_scope(name or "logistic_loss") as scope:
        lb = convert_to_tensor(labels, dtype=lg.dtype)
        return _create("SigmoidCrossEntropyWithLogits", (lg, lb), None, scope)._outputs[0]


# ----- in_top_k and l2_loss -------------------------------------------------------------------------


def _in_top_k_infer(inputs, attrs):
    pred, targets = inputs
    require_dtypes(pred, FLOATING, "InTopK")
    if targets._dtype not in INTEGER_LABELS:
        raise TypeError(f"targets of in_top_k must be int32 or int64 class indices, got {targets._dtype.name} "
                        f"('{targets.name}')")
    ps, ts = pred._shape.with_rank(2), targets._shape.with_rank(1)
    if not TensorShape([ps[0].value]).is_compatible_with(ts):
        raise ValueError(f"First dimension of predictions {ps[0]} must match length of targets {ts[0]}")
    return [(dtypes.bool, TensorShape([ps[0].value if ps[0].value is not None else ts[0].value]))]


define_op("InTopK", infer=_in_top_k_infer)
not_differentiable("InTopK")


def in_top_k(predictions, targets, k, name=None):
    """For each row, whether targets[i] is among the k largest predictions (ties count as in).

    >>> correct = tf.nn.in_top_k(logits, y, 1)
    >>> accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))
    """
    p = convert_to_tensor(predictions)
    t = convert_to_tensor(targets)
    if not isinstance(k, numbers.Integral):
        raise TypeError(f"in_top_k's k must be a Python int, got {type(k).__name__}")
    return _create("InTopK", (p, t), {"k": int(k)}, name)._outputs[0]


def _l2_loss_infer(inputs, attrs):
    require_dtypes(inputs[0], FLOATING, "L2Loss")
    return [(inputs[0]._dtype, SCALAR)]


define_op("L2Loss", infer=_l2_loss_infer)


@register_gradient("L2Loss")
def _l2_loss_grad(op, grad):
    return [multiply(op.inputs[0], grad)]


def l2_loss(t, name=None):
    """sum(t ** 2) / 2, a scalar (weight decay).

    >>> reg = 0.001 * tf.nn.l2_loss(weights)
    """
    x = convert_to_tensor(t)
    return _create("L2Loss", (x,), None, name)._outputs[0]
