"""tf.math: TF1's math namespace (tf.math.floor, tf.math.reduce_logsumexp, tf.math.log_softmax ...), the same
functions as the top-level and tf.nn names it mirrors."""
from . import nn as _nn
from .ops import math_ops_more as _more
from .ops.reduction_moments_ops import reduce_euclidean_norm, reduce_std, reduce_variance  # noqa: F401
from .ops.reduction_ops import reduce_logsumexp  # noqa: F401

_TOP_LEVEL = """abs accumulate_n acos acosh add add_n argmax argmin asin asinh atan atan2 atanh bincount ceil
    confusion_matrix cos cosh count_nonzero cumprod cumsum digamma divide equal erf erfc exp expm1 floor floordiv
    floormod greater greater_equal in_top_k invert_permutation is_finite is_inf is_nan lgamma less less_equal log
    log1p log_sigmoid logical_and logical_not logical_or logical_xor maximum minimum mod multiply negative
    not_equal pow reciprocal reduce_all reduce_any reduce_max reduce_mean reduce_min reduce_prod reduce_sum rint
    round rsqrt scalar_mul segment_max segment_mean segment_min segment_prod segment_sum sigmoid sign sin sinh
    sqrt square squared_difference subtract tan tanh truediv unsorted_segment_max unsorted_segment_mean
    unsorted_segment_min unsorted_segment_prod unsorted_segment_sqrt_n unsorted_segment_sum xdivy xlogy""".split()
_FROM_NN = "l2_normalize log_softmax softmax softplus softsign top_k zero_fraction".split()


def _export():
    import jupyter_flow as top
    names = {}
    for name in _TOP_LEVEL:
        if hasattr(top, name):  # a TF1 name jupyter_flow lacks stays missing here too (AttributeError)
            names[name] = getattr(top, name)
    for name in _FROM_NN:
        if hasattr(_nn, name):
            names[name] = getattr(_nn, name)
    names["divide_no_nan"] = _more.div_no_nan
    return names


def __getattr__(name):
    # Resolved on first use: this module is imported while jupyter_flow/__init__.py is still running.
    exported = _export()
    if name in exported:
        globals().update(exported)
        return exported[name]
    raise AttributeError(f"tf.math.{name} (TensorFlow 1.x API) is not provided by jupyter_flow")


def __dir__():
    return sorted(set(globals()) | set(_export()))
