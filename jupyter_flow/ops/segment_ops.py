"""Segment reductions: tf.segment_sum/mean/max/min/prod (sorted ids; the output has one row per id
up to the last) and tf.unsorted_segment_max/min/prod (any order, num_segments rows, negative ids
dropped), with TF1's gradients; tf.unsorted_segment_mean/sqrt_n are composed as TF1's.
UnsortedSegmentSum itself is defined with gather in indexing_ops.py.

Each op is declared once here (shape rule + gradient rule); kernels live in
src_cpp/kernels/segment.cc under the same type names.
"""
from ..framework.op_def import define_op, register_gradient
from ..framework.shape_rules import NUMERIC, require_dtypes
from ..framework.tensor_shape import UNKNOWN, TensorShape
from .array_ops import ones, ones_like, where, zeros_like
from .concat_ops import concat
from .constant_op import existing_tensor
from .indexing_ops import _indices, _segment_sum_infer, gather, gather_drop_negatives, unsorted_segment_sum
from .math_ops import cast, divide, equal, greater, logical_and, maximum, multiply, sqrt, truediv
from .shape_args import INDEX_DTYPES, int_vector, to_tensor
from .shape_ops import rank, reshape, shape

SORTED = ("SegmentSum", "SegmentMean", "SegmentMax", "SegmentMin", "SegmentProd")
UNSORTED = ("UnsortedSegmentMax", "UnsortedSegmentMin", "UnsortedSegmentProd")


def _sorted_infer(op_type):
    def infer(inputs, attrs):
        data, ids = inputs
        require_dtypes(data, NUMERIC, op_type)
        require_dtypes(ids, INDEX_DTYPES, op_type)
        d, s = data._shape._dims, ids._shape._dims
        if s is not None and len(s) != 1:
            raise ValueError(f"segment_ids must be a vector (rank 1), got shape {ids._shape._bracket_str()}")
        if d is None:
            return [(data._dtype, UNKNOWN)]
        if not d:
            raise ValueError("data must be at least 1-D (a row per segment id), got a scalar")
        if s is not None and None not in (s[0], d[0]) and s[0] != d[0]:
            raise ValueError(f"segment_ids should be the same size as dimension 0 of data: data.shape = "
                             f"{data._shape._bracket_str()}, segment_ids.shape = {ids._shape._bracket_str()}")
        return [(data._dtype, TensorShape([None] + list(d[1:])))]  # as TF1: the row count is known at run time
    return infer


def _unsorted_infer(op_type):
    def infer(inputs, attrs):
        require_dtypes(inputs[0], NUMERIC, op_type)
        return _segment_sum_infer(inputs, attrs)
    return infer


for _type in SORTED:
    define_op(_type, infer=_sorted_infer(_type))
for _type in UNSORTED:
    define_op(_type, infer=_unsorted_infer(_type))


# ----- gradients (TF1's rules) ---------------------------------------------------------------------


def _rows_like(counts, data, ids):
    """`counts` (a vector, one value per segment) reshaped to broadcast against the rows of `data`
    (whose leading dimensions are those of `ids`)."""
    rd, ri = data.shape.ndims, ids.shape.ndims
    if rd is not None and ri is not None:
        return reshape(counts, [-1] + [1] * (rd - ri))
    trailing = ones(reshape(rank(data) - rank(ids), [1]), dtype="int32")
    return reshape(counts, concat([shape(counts), trailing], 0))


@register_gradient("SegmentSum")
def _segment_sum_grad(op, grad):
    return [gather(grad, op.inputs[1]), None]


@register_gradient("SegmentMean")
def _segment_mean_grad(op, grad):
    data, ids = op.inputs
    counts = _rows_like(segment_sum(ones_like(ids, dtype=grad.dtype), ids), data, ids)
    return [gather(divide(grad, counts), ids), None]


def _min_or_max_grad(op, grad):
    """The gradient goes to the elements equal to their segment's result, split evenly among ties."""
    data, ids = op.inputs
    is_selected = equal(data, gather(op.outputs[0], ids))
    num_selected = segment_sum(cast(is_selected, grad.dtype), ids)
    return [where(is_selected, gather(divide(grad, num_selected), ids), zeros_like(data)), None]


register_gradient("SegmentMax")(_min_or_max_grad)
register_gradient("SegmentMin")(_min_or_max_grad)


def _unsorted_min_or_max_grad(op, grad):
    data, ids, num = op.inputs
    gathered, clipped, is_positive = gather_drop_negatives(op.outputs[0], ids)
    is_selected = logical_and(equal(data, gathered), is_positive)
    num_selected = unsorted_segment_sum(cast(is_selected, grad.dtype), ids, num)
    weighted, _, _ = gather_drop_negatives(divide(grad, num_selected), ids, clipped, is_positive)
    return [where(is_selected, weighted, zeros_like(data)), None, None]


register_gradient("UnsortedSegmentMax")(_unsorted_min_or_max_grad)
register_gradient("UnsortedSegmentMin")(_unsorted_min_or_max_grad)


def _prod_grad(data, ids, output, grad, reduce, num=None):
    """d prod / d x_i is the product of the others: prod / x_i, or the product of the non-zero
    elements at the one zero of a segment (0 where a segment has several zeros)."""
    is_zero = equal(data, zeros_like(data))
    num_zeros = reduce("Sum", cast(is_zero, "int32"), ids, num)
    grad = where(greater(num_zeros, 1), zeros_like(grad), grad)
    non_zero_prod = reduce("Prod", where(is_zero, ones_like(data), data), ids, num)
    gathered_prod, clipped, _ = gather_drop_negatives(output, ids)
    gathered_non_zero, _, _ = gather_drop_negatives(non_zero_prod, ids, clipped)
    partial = where(is_zero, gathered_non_zero, truediv(gathered_prod, data))
    gathered_grad, _, _ = gather_drop_negatives(grad, ids, clipped)
    return multiply(gathered_grad, partial)


def _sorted_reduce(kind, data, ids, num):
    return segment_sum(data, ids) if kind == "Sum" else segment_prod(data, ids)


def _unsorted_reduce(kind, data, ids, num):
    return unsorted_segment_sum(data, ids, num) if kind == "Sum" else unsorted_segment_prod(data, ids, num)


@register_gradient("SegmentProd")
def _segment_prod_grad(op, grad):
    data, ids = op.inputs
    return [_prod_grad(data, ids, op.outputs[0], grad, _sorted_reduce), None]


@register_gradient("UnsortedSegmentProd")
def _unsorted_segment_prod_grad(op, grad):
    data, ids, num = op.inputs
    return [_prod_grad(data, ids, op.outputs[0], grad, _unsorted_reduce, num), None, None]


# ----- public functions ----------------------------------------------------------------------------


def _sorted(op_type, data, segment_ids, name):
    d = to_tensor(data)
    g = d.graph
    with g.as_default(), g.name_scope(name or op_type) as scope:
        ids = _indices(segment_ids)
        return g.create_op(op_type, (d, ids), None, scope)._outputs[0]


def _unsorted(op_type, data, segment_ids, num_segments, name):
    d = to_tensor(data)
    g = d.graph
    with g.as_default(), g.name_scope(name or op_type) as scope:
        ids = _indices(segment_ids)
        n = existing_tensor(num_segments)
        n = int_vector(num_segments, "num_segments") if n is None else n
        return g.create_op(op_type, (d, ids, n), None, scope)._outputs[0]


def segment_sum(data, segment_ids, name=None):
    """Sums of the rows of `data` that share a (sorted) segment id; ids that never appear give 0.

    >>> tf.segment_sum([[1, 2], [3, 4], [5, 6]], [0, 0, 2])     # [[4, 6], [0, 0], [5, 6]]
    """
    return _sorted("SegmentSum", data, segment_ids, name)


def segment_mean(data, segment_ids, name=None):
    """Means of the rows of `data` that share a (sorted) segment id (integer division for ints).

    >>> tf.segment_mean([1., 2., 6.], [0, 0, 1])     # [1.5, 6.]
    """
    return _sorted("SegmentMean", data, segment_ids, name)


def segment_max(data, segment_ids, name=None):
    """Maxima of the rows of `data` that share a (sorted) segment id; empty segments give 0.

    >>> tf.segment_max([1., 5., 2.], [0, 0, 1])     # [5., 2.]
    """
    return _sorted("SegmentMax", data, segment_ids, name)


def segment_min(data, segment_ids, name=None):
    """Minima of the rows of `data` that share a (sorted) segment id; empty segments give 0.

    >>> tf.segment_min([1., 5., 2.], [0, 0, 1])     # [1., 2.]
    """
    return _sorted("SegmentMin", data, segment_ids, name)


def segment_prod(data, segment_ids, name=None):
    """Products of the rows of `data` that share a (sorted) segment id; empty segments give 1.

    >>> tf.segment_prod([2., 5., 3.], [0, 0, 1])     # [10., 3.]
    """
    return _sorted("SegmentProd", data, segment_ids, name)


def unsorted_segment_max(data, segment_ids, num_segments, name=None):
    """Maxima per segment id in any order; empty segments give the dtype's lowest value.

    >>> tf.unsorted_segment_max([1., 5., 2.], [1, 0, 1], 2)     # [5., 2.]
    """
    return _unsorted("UnsortedSegmentMax", data, segment_ids, num_segments, name)


def unsorted_segment_min(data, segment_ids, num_segments, name=None):
    """Minima per segment id in any order; empty segments give the dtype's highest value.

    >>> tf.unsorted_segment_min([1., 5., 2.], [1, 0, 1], 2)     # [5., 1.]
    """
    return _unsorted("UnsortedSegmentMin", data, segment_ids, num_segments, name)


def unsorted_segment_prod(data, segment_ids, num_segments, name=None):
    """Products per segment id in any order; empty segments give 1.

    >>> tf.unsorted_segment_prod([2., 5., 3.], [1, 0, 1], 2)     # [5., 6.]
    """
    return _unsorted("UnsortedSegmentProd", data, segment_ids, num_segments, name)


def _segment_counts(data, ids, num_segments):
    """How many rows each segment has (at least 1), shaped to broadcast against the sums."""
    n = unsorted_segment_sum(ones(shape(ids), dtype=data.dtype), ids, num_segments)
    return maximum(_rows_like(n, data, ids), 1)


def _sum_over_counts(data, segment_ids, num_segments, name, default, scale):
    d = to_tensor(data)
    g = d.graph
    with g.as_default(), g.name_scope(name or default):
        ids = _indices(segment_ids)
        n = existing_tensor(num_segments)
        n = int_vector(num_segments, "num_segments") if n is None else n
        return truediv(unsorted_segment_sum(d, ids, n), scale(_segment_counts(d, ids, n)))


def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """Means per segment id in any order (sum / count); empty segments give 0.

    >>> tf.unsorted_segment_mean([1., 5., 2.], [1, 0, 1], 2)     # [5., 1.5]
    """
    return _sum_over_counts(data, segment_ids, num_segments, name, "UnsortedSegmentMean", lambda n: n)


def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """Sums per segment id divided by the square root of the segment's count; empty segments give 0.

    >>> tf.unsorted_segment_sqrt_n([1., 5., 3.], [1, 0, 1], 2)     # [5., 2.828...]
    """
    return _sum_over_counts(data, segment_ids, num_segments, name, "UnsortedSegmentSqrtN", sqrt)
