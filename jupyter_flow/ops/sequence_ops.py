"""Generated sequences: range and one_hot (neither has a gradient).

Each op is declared once here (shape rule); kernels live in src_cpp/kernels/sequence.cc under the
same type names.
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.op_def import define_op, not_differentiable
from ..framework.shape_rules import NUMERIC, require_dtypes
from ..framework.tensor_shape import UNKNOWN, TensorShape
from ..framework.tensor_util import constant_value
from .constant_op import convert_to_tensor, existing_tensor, to_numpy
from .math_ops import cast
from .shape_args import INDEX_DTYPES, int_vector, same_dtype, to_tensor

def _range_size(start, limit, delta):
    if delta == 0:
        raise ValueError("Requires delta != 0")
    if delta > 0 and start > limit:
        raise ValueError(f"Requires start <= limit when delta > 0: {start}/{limit}")
    if delta < 0 and start < limit:
        raise ValueError(f"Requires start >= limit when delta < 0: {start}/{limit}")
    count = np.ceil(abs((limit - start) / delta))
    if not np.isfinite(count):
        raise ValueError(f"range({start}, {limit}, {delta}) has no finite number of elements; "
                         f"start, limit and delta must be finite numbers")
    return int(count)


def _range_infer(inputs, attrs):
    dt = same_dtype(inputs, "Range")
    require_dtypes(inputs[0], NUMERIC, "Range")
    for t, what in zip(inputs, ("start", "limit", "delta")):
        if t._shape.ndims not in (None, 0):
            raise ValueError(f"{what} must be a scalar, not shape {t._shape._bracket_str()}")
    values = [constant_value(t) for t in inputs]
    if any(v is None for v in values):
        return [(dt, TensorShape([None]))]
    return [(dt, TensorShape([_range_size(*(v.item() for v in values))]))]


define_op("Range", infer=_range_infer)
not_differentiable("Range")

_RANGE_DTYPE_ORDER = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64)


def range(start, limit=None, delta=1, dtype=None, name="range"):  # noqa: A001 - TF1's public name
    """The numbers start, start + delta, ... up to (not including) limit, as a 1-D tensor.

    >>> tf.range(3, 18, 3)       # [3, 6, 9, 12, 15]
    """
    if limit is None:
        start, limit = 0, start
    g = get_default_graph()
    for v in (start, limit, delta):
        if existing_tensor(v) is not None:
            g = existing_tensor(v).graph
    with g.as_default(), g.name_scope(name or "range") as scope:
        args = [existing_tensor(v) if existing_tensor(v) is not None else convert_to_tensor(v, dtype=dtype, name=n)
                for v, n in zip((start, limit, delta), ("start", "limit", "delta"))]
        for a in args:
            if a.dtype not in _RANGE_DTYPE_ORDER:
                raise TypeError(f"range arguments must be int32, int64, float32 or float64; "
                                f"'{a.name}' is {a.dtype.name}")
        target = dtypes.as_dtype(dtype) if dtype is not None else max(
            (a.dtype for a in args), key=_RANGE_DTYPE_ORDER.index)
        args = [cast(a, target) for a in args]
        return g.create_op("Range", tuple(args), None, scope)._outputs[0]


def _one_hot_infer(inputs, attrs):
    indices, depth, on, off = inputs
    require_dtypes(indices, INDEX_DTYPES, "OneHot")
    if on._dtype is not off._dtype:
        raise TypeError(f"dtype {on._dtype.name} of on_value does not match dtype {off._dtype.name} of off_value")
    for t, what in ((depth, "depth"), (on, "on_value"), (off, "off_value")):
        if t._shape.ndims not in (None, 0):
            raise ValueError(f"{what} must be a scalar, not shape {t._shape._bracket_str()}")
    d = constant_value(depth)
    if d is not None and d < 0:
        raise ValueError(f"depth must be non-negative, got: {int(d)}")
    dims = indices._shape._dims
    if dims is None:
        return [(on._dtype, UNKNOWN)]
    axis = attrs["axis"]
    if not -1 <= axis <= len(dims):
        raise ValueError(f"Expected axis to be -1 or between [0, {len(dims) + 1}). But received: {axis}")
    axis = len(dims) if axis == -1 else axis
    return [(on._dtype, TensorShape._from_tuple(dims[:axis] + (None if d is None else int(d),) + dims[axis:]))]


define_op("OneHot", infer=_one_hot_infer)
not_differentiable("OneHot")


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """A one-hot encoding: on_value where the position equals the index, off_value elsewhere
    (indices outside [0, depth) give a row of off_value).

    >>> tf.one_hot([0, 2], depth=3)     # [[1., 0., 0.], [0., 0., 1.]]
    """
    ind = to_tensor(indices)
    g = ind.graph
    with g.as_default(), g.name_scope(name or "one_hot") as scope:
        given = [existing_tensor(v) for v in (on_value, off_value)]
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype)
            for t, what in zip(given, ("on_value", "off_value")):
                if t is not None and t.dtype is not dtype:
                    raise TypeError(f"dtype {t.dtype.name} of {what} does not match dtype parameter {dtype.name}")
        elif given[0] is not None or given[1] is not None:
            dtype = (given[0] if given[0] is not None else given[1]).dtype
        elif on_value is not None or off_value is not None:
            dtype = to_numpy(on_value if on_value is not None else off_value)[1]
        else:
            dtype = dtypes.float32
        on = given[0] if given[0] is not None else convert_to_tensor(1 if on_value is None else on_value,
                                                                     dtype=dtype, name="on_value")
        off = given[1] if given[1] is not None else convert_to_tensor(0 if off_value is None else off_value,
                                                                      dtype=dtype, name="off_value")
        d = existing_tensor(depth)
        d = int_vector(depth, "depth", dtypes.int32) if d is None else cast(d, dtypes.int32)
        return g.create_op("OneHot", (ind, d, on, off), {"axis": -1 if axis is None else int(axis)},
                           scope)._outputs[0]


def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name=None):
    """mask[i, j] = j < lengths[i]: a [len(lengths), maxlen] mask (maxlen defaults to max(lengths)).

    >>> tf.sequence_mask([1, 3, 2], 5)   # [[T F F F F] [T T T F F] [T T F F F]]
    """
    from .math_ops import less
    from .reduction_ops import reduce_max
    from .shape_ops import expand_dims
    lengths_t = convert_to_tensor(lengths)
    if not lengths_t.dtype.is_integer:
        raise TypeError(f"sequence_mask's lengths must be integers, got {lengths_t.dtype.name}")
    g = lengths_t.graph
    with g.as_default(), g.name_scope(name or "SequenceMask"):
        if maxlen is None:
            maxlen_t = reduce_max(lengths_t, name="maxlen")
        else:
            maxlen_t = cast(convert_to_tensor(maxlen, name="maxlen"), lengths_t.dtype)
        row = range(cast(0, lengths_t.dtype), maxlen_t, cast(1, lengths_t.dtype))
        mask = less(row, expand_dims(lengths_t, -1))
        return mask if dtypes.as_dtype(dtype) is dtypes.bool else cast(mask, dtype)
