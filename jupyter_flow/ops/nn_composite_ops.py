"""tf.nn functions TF1 builds from other ops (relu6, swish, xw_plus_b, relu_layer, zero_fraction,
weighted_cross_entropy_with_logits, log_poisson_loss, sufficient_statistics, normalize_moments), composed the
same way here, so their values and gradients follow from the ops they are made of.

>>> hidden = tf.nn.relu6(tf.nn.xw_plus_b(x, w, b))
"""
from ..framework.graph import get_default_graph
from .constant_op import convert_to_tensor
from .linalg_ops import matmul
from .math_ops import (add, cast, exp, equal, log, minimum, multiply, negative, real_div, relu, sigmoid,
                       square, subtract)
from .nn_layers_ops import bias_add
from .reduction_ops import reduce_mean, reduce_prod, reduce_sum


def relu6(features, name=None):
    """min(max(features, 0), 6)."""
    with get_default_graph().name_scope(name or "Relu6"):
        return minimum(relu(features), 6.0)


def swish(features, name=None):
    """features * sigmoid(features) (also tf.nn.silu)."""
    x = convert_to_tensor(features)
    with get_default_graph().name_scope(name or "swish"):
        return multiply(x, sigmoid(x))


silu = swish


def xw_plus_b(x, weights, biases, name=None):
    """matmul(x, weights) + biases."""
    with get_default_graph().name_scope(name or "xw_plus_b"):
        return bias_add(matmul(x, weights), biases)


def relu_layer(x, weights, biases, name=None):
    """relu(matmul(x, weights) + biases)."""
    with get_default_graph().name_scope(name or "relu_layer"):
        return relu(bias_add(matmul(x, weights), biases))


def zero_fraction(value, name=None):
    """The fraction of zeros in `value` (a float32 scalar), as summaries of ReLU sparsity use it."""
    t = convert_to_tensor(value)
    with get_default_graph().name_scope(name or "zero_fraction"):
        zero = convert_to_tensor(0, dtype=t.dtype)
        return reduce_mean(cast(equal(t, zero), "float32"))


def weighted_cross_entropy_with_logits(targets=None, logits=None, pos_weight=None, name=None, labels=None):
    """Sigmoid cross-entropy with the positive term weighted by pos_weight:
    (1 - z) * x + (1 + (q - 1) * z) * log(1 + exp(-x)), written without overflow as TF1 does."""
    targets = labels if targets is None else targets
    if targets is None or logits is None or pos_weight is None:
        raise ValueError("weighted_cross_entropy_with_logits needs targets (or labels), logits and pos_weight")
    x = convert_to_tensor(logits)
    with get_default_graph().name_scope(name or "logistic_loss"):
        z = convert_to_tensor(targets, dtype=x.dtype)
        q = convert_to_tensor(pos_weight, dtype=x.dtype)
        log_weight = add(1.0, multiply(subtract(q, 1.0), z))
        from .math_ops import abs as abs_, log1p
        softplus_neg = add(log1p(exp(negative(abs_(x)))), relu(negative(x)))
        return add(multiply(subtract(1.0, z), x), multiply(log_weight, softplus_neg))


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """exp(log_input) - log_input * targets, plus Stirling's approximation of log(targets!) when
    compute_full_loss (for targets > 1, as TF1)."""
    c = convert_to_tensor(log_input)
    with get_default_graph().name_scope(name or "log_poisson_loss"):
        z = convert_to_tensor(targets, dtype=c.dtype)
        loss = subtract(exp(c), multiply(c, z))
        if not compute_full_loss:
            return loss
        import math
        from .array_ops import where, zeros_like
        from .math_ops import greater
        stirling = add(subtract(multiply(z, log(z)), z), multiply(0.5, log(multiply(2.0 * math.pi, z))))
        return add(loss, where(greater(z, 1.0), stirling, zeros_like(z)))


def sufficient_statistics(x, axes, shift=None, keep_dims=None, name=None, keepdims=None):
    """(count, sum of x - shift, sum of (x - shift)^2, shift) over `axes`, for tf.nn.normalize_moments."""
    t = convert_to_tensor(x)
    keep = bool(keepdims if keepdims is not None else keep_dims)
    with get_default_graph().name_scope(name or "sufficient_statistics"):
        from .shape_ops import shape
        from .indexing_ops import gather
        dims = gather(cast(shape(t), t.dtype), list(axes))
        count = reduce_prod(dims, name="count")
        shifted = t if shift is None else subtract(t, shift)
        m_ss = reduce_sum(shifted, axes, keepdims=keep, name="mean_ss")
        v_ss = reduce_sum(square(shifted), axes, keepdims=keep, name="var_ss")
        return count, m_ss, v_ss, (None if shift is None else convert_to_tensor(shift, dtype=t.dtype))


def normalize_moments(counts, mean_ss, variance_ss, shift, name=None):
    """(mean, variance) from sufficient statistics."""
    with get_default_graph().name_scope(name or "normalize"):
        divisor = real_div(1.0, counts)
        shifted_mean = multiply(mean_ss, divisor)
        mean = shifted_mean if shift is None else add(shifted_mean, shift)
        variance = subtract(multiply(variance_ss, divisor), square(shifted_mean))
        return mean, variance
