"""tf.math.reduce_variance, reduce_std and reduce_euclidean_norm, built as TF1 builds them (the mean of the
squared deviations from the mean, its square root; the square root of the sum of squares)."""
from ..framework.graph import get_default_graph
from .constant_op import convert_to_tensor
from .math_ops import sqrt, square, subtract
from .reduction_ops import reduce_mean, reduce_sum


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """The (biased, divide-by-n) variance over `axis`."""
    t = convert_to_tensor(input_tensor)
    with get_default_graph().name_scope(name or "reduce_variance"):
        mean = reduce_mean(t, axis, keepdims=True)
        return reduce_mean(square(subtract(t, mean)), axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """The (biased) standard deviation over `axis`."""
    with get_default_graph().name_scope(name or "reduce_std"):
        return sqrt(reduce_variance(input_tensor, axis, keepdims))


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """sqrt(sum(x²)) over `axis`."""
    t = convert_to_tensor(input_tensor)
    with get_default_graph().name_scope(name or "reduce_euclidean_norm"):
        return sqrt(reduce_sum(square(t), axis, keepdims=keepdims))
