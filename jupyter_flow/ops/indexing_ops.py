"""Element selection: basic slicing t[...] (StridedSlice), tf.slice, tf.gather and its
scatter-add counterpart tf.unsorted_segment_sum.

Each op is declared once here (shape rule + gradient rule); kernels live in
src_cpp/kernels/indexing.cc under the same type names.
"""
import builtins

import numpy as np

from ..framework import dtypes
from ..framework import graph as _graph
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import NUMERIC, require_dtypes
from ..framework.tensor_shape import UNKNOWN, TensorShape
from ..framework.tensor_util import constant_value
from .array_ops import ones, ones_like, where, zeros_like
from .constant_op import convert_to_tensor, existing_tensor
from .linalg_ops import transpose
from .math_ops import add, greater_equal, logical_and, maximum
from .shape_args import INDEX_DTYPES, check_vector, int_vector, normalize_axis, static_axis, to_tensor
from .shape_ops import rank, reshape, shape

newaxis = None  # t[:, tf.newaxis] inserts a dimension of size 1, as NumPy's np.newaxis
_MASKS = ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask")

# ----- StridedSlice: t[...] ------------------------------------------------------------------------


def _dense_slice_dims(in_dims, begin, end, strides, masks):
    """The output dims of a strided slice of a tensor with (partly) known dims `in_dims`, following
    TF's rules: the ellipsis (explicit, or implied at the end) covers the dims not named in the
    spec; newaxis adds a 1; shrink removes a dim; the rest are Python slices."""
    n = len(begin)
    named = sum(1 for i in range(n) if not (masks["new_axis_mask"] | masks["ellipsis_mask"]) & (1 << i))
    ellipses = [i for i in range(n) if masks["ellipsis_mask"] & (1 << i)]
    if len(ellipses) > 1:
        raise ValueError("Multiple ellipses in slice spec not allowed")
    covered = len(in_dims) - named
    if covered < 0:
        raise ValueError(f"Index out of range using input dim {len(in_dims)}; input has only "
                         f"{len(in_dims)} dims")
    out, d = [], 0
    for i in range(n):
        bit = 1 << i
        if masks["ellipsis_mask"] & bit:
            out.extend(in_dims[d:d + covered])
            d += covered
        elif masks["new_axis_mask"] & bit:
            out.append(1)
        else:
            size, b, e, s = in_dims[d], begin[i], end[i], strides[i]
            if s == 0:
                raise ValueError(f"strides[{i}] must be non-zero")
            if masks["shrink_axis_mask"] & bit:
                if size is not None and b is not None and not -size <= b < size:
                    raise ValueError(f"slice index {b} of dimension {d} out of bounds.")
            elif size is None or s is None or (b is None and not masks["begin_mask"] & bit) \
                    or (e is None and not masks["end_mask"] & bit):
                out.append(None)
            else:
                b = None if masks["begin_mask"] & bit else b
                e = None if masks["end_mask"] & bit else e
                out.append(len(range(*builtins.slice(b, e, s).indices(size))))
            d += 1
    if not ellipses:
        out.extend(in_dims[d:])
    return out


def _strided_slice_infer(inputs, attrs):
    t, *spec = inputs
    for s, what in zip(spec, ("begin", "end", "strides")):
        require_dtypes(s, INDEX_DTYPES, "StridedSlice")
    begin, end, strides = (check_vector(s, what) for s, what in zip(spec, ("begin", "end", "strides")))
    lengths = {len(v) for v in (begin, end, strides) if v is not None}
    if len(lengths) > 1:
        raise ValueError(f"begin, end and strides must have the same length, got {sorted(lengths)}")
    if t._shape._dims is None or not lengths:
        return [(t._dtype, UNKNOWN)]
    n = lengths.pop()
    begin, end, strides = ([None] * n if v is None else list(v) for v in (begin, end, strides))
    return [(t._dtype, TensorShape(_dense_slice_dims(list(t._shape._dims), begin, end, strides, attrs)))]


define_op("StridedSlice", infer=_strided_slice_infer)


def _strided_slice_grad_infer(inputs, attrs):
    dims = check_vector(inputs[0], "shape")
    return [(inputs[4]._dtype, UNKNOWN if dims is None else TensorShape(list(dims)))]


define_op("StridedSliceGrad", infer=_strided_slice_grad_infer)
not_differentiable("StridedSliceGrad")


@register_gradient("StridedSlice")
def _strided_slice_grad(op, grad):
    # Scatter grad back into zeros of the input's shape, at the positions the slice read.
    x, begin, end, strides = op.inputs
    attrs = {k: op.get_attr(k) for k in _MASKS}
    dx = op.graph.create_op("StridedSliceGrad", (shape(x, out_type=begin.dtype), begin, end, strides, grad),
                            attrs, "StridedSliceGrad")._outputs[0]
    return [dx, None, None, None]


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, name=None):
    """The slice input_[begin:end:strides] per dimension; the masks mark entries that are
    defaults (begin/end), `...`, tf.newaxis or single indices (shrink). Usually written t[...].

    >>> tf.strided_slice(x, [0, 1], [2, 3], [1, 1])     # x[0:2, 1:3]
    """
    t = to_tensor(input_)
    g = t.graph
    with g.as_default(), g.name_scope(name or "strided_slice") as scope:
        b = int_vector(begin, "begin")
        e = int_vector(end, "end", b.dtype)
        s = int_vector([1] * _length(b) if strides is None else strides, "strides", b.dtype)
        attrs = dict(zip(_MASKS, (int(begin_mask), int(end_mask), int(ellipsis_mask), int(new_axis_mask),
                                  int(shrink_axis_mask))))
        return g.create_op("StridedSlice", (t, b, e, s), attrs, scope)._outputs[0]


def _length(v):
    dims = v._shape._dims
    if dims is None or len(dims) != 1 or dims[0] is None:
        raise ValueError(f"strides= is needed when the length of begin ('{v.name}') is not known statically")
    return dims[0]


_INDEX_HELP = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar tf.int32/"
               "tf.int64 tensors are valid indices")


def _check_index(v, tensor):
    if v is None or isinstance(v, (bool, np.bool_)):
        raise TypeError(f"{_INDEX_HELP}, got {v!r} (indexing '{tensor.name}')")
    if isinstance(v, (int, np.integer)):
        return int(v)
    t = existing_tensor(v)
    if t is None or t.dtype not in INDEX_DTYPES or t._shape.ndims not in (None, 0):
        raise TypeError(f"{_INDEX_HELP}, got {v!r} (indexing '{tensor.name}')")
    return t


def _slice_helper(tensor, slice_spec):
    """t[slice_spec] as one StridedSlice, exactly as TF1 builds it (begin/end/strides stacked
    into 'strided_slice/stack', 'stack_1', 'stack_2')."""
    t = to_tensor(tensor)
    if not isinstance(slice_spec, tuple):
        slice_spec = (slice_spec,)
    begin, end, strides = [], [], []
    masks = dict.fromkeys(_MASKS, 0)
    for i, s in enumerate(slice_spec):
        bit = 1 << i
        if isinstance(s, builtins.slice):
            start = 0 if s.start is None else _check_index(s.start, t)
            stop = 0 if s.stop is None else _check_index(s.stop, t)
            step = 1 if s.step is None else _check_index(s.step, t)
            if isinstance(step, int) and step == 0:
                raise ValueError(f"slice step cannot be zero (indexing '{t.name}')")
            masks["begin_mask"] |= bit if s.start is None else 0
            masks["end_mask"] |= bit if s.stop is None else 0
            begin.append(start)
            end.append(stop)
            strides.append(step)
        elif s is Ellipsis:
            masks["ellipsis_mask"] |= bit
            begin.append(0)
            end.append(0)
            strides.append(1)
        elif s is None:  # tf.newaxis
            masks["new_axis_mask"] |= bit
            begin.append(0)
            end.append(0)
            strides.append(1)
        else:
            idx = _check_index(s, t)
            masks["shrink_axis_mask"] |= bit
            begin.append(idx)
            end.append(idx + 1 if isinstance(idx, int) else idx)  # end is unused when shrinking
            strides.append(1)
    g = t.graph
    with g.as_default(), g.name_scope("strided_slice") as scope:
        dt = _index_dtype(begin + end + strides)
        b = int_vector(begin, "stack", dt)
        e = int_vector(end, "stack", dt)
        s = int_vector(strides, "stack", dt)
        return g.create_op("StridedSlice", (t, b, e, s), masks, scope)._outputs[0]


def _index_dtype(values):
    wide = any(isinstance(v, int) and not -(2 ** 31) <= v < 2 ** 31 for v in values)
    wide = wide or any(getattr(v, "dtype", None) is dtypes.int64 for v in values)
    return dtypes.int64 if wide else dtypes.int32


_graph.install_operators({"__getitem__": _slice_helper})

# ----- Slice --------------------------------------------------------------------------------------------


def _slice_infer(inputs, attrs):
    t, b, sz = inputs
    require_dtypes(b, INDEX_DTYPES, "Slice")
    require_dtypes(sz, INDEX_DTYPES, "Slice")
    begin, size = check_vector(b, "begin"), check_vector(sz, "size")
    dims = t._shape._dims
    n = dims is not None and len(dims) or next((len(v) for v in (begin, size) if v is not None), None)
    if n is None:
        return [(t._dtype, UNKNOWN)]
    for v, what in ((begin, "begin"), (size, "size")):
        if v is not None and len(v) != n:
            raise ValueError(f"Expected {what} argument to be a vector of length {n} but got length {len(v)}")
    begin = [None] * n if begin is None else list(begin)
    size = [None] * n if size is None else list(size)
    dims = [None] * n if dims is None else list(dims)
    out = []
    for i, (d, bi, si) in enumerate(zip(dims, begin, size)):
        if bi is not None and (bi < 0 or (d is not None and bi > d)):
            raise ValueError(f"Expected begin[{i}] in [0, {d}], but got {bi}")
        if si is not None and si != -1 and (si < 0 or (d is not None and bi is not None and bi + si > d)):
            raise ValueError(f"Expected size[{i}] in [0, {'?' if d is None or bi is None else d - bi}], "
                             f"but got {si}")
        out.append((None if d is None or bi is None else d - bi) if si == -1 else si)
    return [(t._dtype, TensorShape(out))]


define_op("Slice", infer=_slice_infer)


@register_gradient("Slice")
def _slice_grad(op, grad):
    # A unit-stride StridedSlice from begin to begin + (the actual, -1 resolved) size.
    x, begin, _ = op.inputs
    y = op.outputs[0]
    end = add(begin, shape(y, out_type=begin.dtype))
    masks = dict.fromkeys(_MASKS, 0)
    dx = op.graph.create_op("StridedSliceGrad", (shape(x, out_type=begin.dtype), begin, end, ones_like(begin),
                                                 grad), masks, "StridedSliceGrad")._outputs[0]
    return [dx, None, None]


def slice(input_, begin, size, name=None):  # noqa: A001 - TF1's public name
    """The block of `input_` starting at `begin` with extent `size` (-1: to the end).

    >>> tf.slice(x, [1, 0], [1, -1])     # x[1:2, 0:]
    """
    t = to_tensor(input_)
    g = t.graph
    with g.as_default(), g.name_scope(name or "Slice") as scope:
        b = int_vector(begin, "begin")
        s = int_vector(size, "size", b.dtype)
        return g.create_op("Slice", (t, b, s), None, scope)._outputs[0]


# ----- GatherV2 and UnsortedSegmentSum -------------------------------------------------------------


def _gather_infer(inputs, attrs):
    params, indices = inputs
    require_dtypes(indices, INDEX_DTYPES, "GatherV2")
    p, i = params._shape._dims, indices._shape._dims
    if p is None or i is None:
        return [(params._dtype, UNKNOWN)]
    axis = normalize_axis(attrs["axis"], len(p), "GatherV2")
    return [(params._dtype, TensorShape._from_tuple(p[:axis] + i + p[axis + 1:]))]


define_op("GatherV2", infer=_gather_infer)


@register_gradient("GatherV2")
def _gather_grad(op, grad):
    params, indices = op.inputs
    rp, ri = params._shape.ndims, indices._shape.ndims
    axis = op.get_attr("axis")
    if axis != 0 and (rp is None or ri is None):
        raise ValueError(f"The gradient of gather '{op.name}' along axis {axis} needs the ranks of params and "
                         f"indices to be known statically")
    axis = axis % rp if axis else 0
    num = dim_size(params, axis)
    if axis == 0:
        return [unsorted_segment_sum(grad, indices, num), None]
    # Move the indices' dims to the front, scatter-add along dim 0, move the result back.
    front = list(range(axis, axis + ri)) + list(range(axis)) + list(range(axis + ri, rp - 1 + ri))
    summed = unsorted_segment_sum(transpose(grad, front), indices, num)
    return [transpose(summed, list(range(1, axis + 1)) + [0] + list(range(axis + 1, rp))), None]


def dim_size(t, axis):
    """The size of dimension `axis` of `t`: an int when known statically, else a scalar tensor."""
    d = t._shape._dims
    if d is not None and d[axis] is not None:
        return d[axis]
    return strided_slice(shape(t), [axis], [axis + 1], [1], shrink_axis_mask=1)


def _indices(values):
    """Index arguments: Python lists (even empty ones) become int32, as TF's preferred dtype."""
    return convert_to_tensor(values, preferred_dtype=dtypes.int32)


def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0):
    """The slices of `params` at `indices` along `axis` (0 by default).

    >>> tf.gather([[1, 2], [3, 4], [5, 6]], [2, 0])     # [[5, 6], [1, 2]]
    """
    if batch_dims:
        raise ValueError("gather with batch_dims != 0 is not supported")
    axis = 0 if axis is None else static_axis(axis, "gather")
    existing = existing_tensor(params)
    g = existing.graph if existing is not None else _graph.get_default_graph()
    with g.as_default(), g.name_scope(name or "GatherV2") as scope:  # constants made from Python values: g/params, g/indices
        p = convert_to_tensor(params, name="params")
        i = convert_to_tensor(indices, preferred_dtype=dtypes.int32, name="indices")
        return p.graph.create_op("GatherV2", (p, i), {"axis": axis, "batch_dims": 0}, scope)._outputs[0]


def _segment_sum_infer(inputs, attrs):
    data, ids, num = inputs
    require_dtypes(data, NUMERIC, "UnsortedSegmentSum")
    require_dtypes(ids, INDEX_DTYPES, "UnsortedSegmentSum")
    require_dtypes(num, INDEX_DTYPES, "UnsortedSegmentSum")
    d, s = data._shape._dims, ids._shape._dims
    if d is None or s is None:
        return [(data._dtype, UNKNOWN)]
    if len(s) > len(d) or not TensorShape(d[:len(s)]).is_compatible_with(TensorShape(s)):
        raise ValueError(f"data.shape = {data._shape._bracket_str()} does not start with segment_ids.shape = "
                         f"{ids._shape._bracket_str()}")
    n = constant_value(num)
    return [(data._dtype, TensorShape([None if n is None else int(n)] + list(d[len(s):])))]


define_op("UnsortedSegmentSum", infer=_segment_sum_infer)


def gather_drop_negatives(params, ids, clipped=None, is_positive=None):
    """gather(params, ids) with zero rows where an id is negative (the rows the unsorted segment ops
    dropped); returns (gathered, the ids clipped at 0, the mask), the last two reusable (TF1's helper)."""
    if clipped is None:
        clipped = maximum(ids, zeros_like(ids))
    gathered = gather(params, clipped)
    if is_positive is None:
        from .concat_ops import concat  # concat_ops imports this module
        is_positive = greater_equal(ids, 0)
        trailing = ones(reshape(rank(gathered) - rank(is_positive), [1]), dtype=dtypes.int32)
        is_positive = reshape(is_positive, concat([shape(is_positive), trailing], 0))
        is_positive = logical_and(is_positive, ones_like(gathered, dtype=dtypes.bool))
    return where(is_positive, gathered, zeros_like(gathered)), clipped, is_positive


@register_gradient("UnsortedSegmentSum")
def _segment_sum_grad(op, grad):
    return [gather_drop_negatives(grad, op.inputs[1])[0], None, None]


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """Sums of the slices of `data` that share a segment id: out[segment_ids[i]] += data[i]
    (the scatter-add behind gather's gradient).

    >>> tf.unsorted_segment_sum([1., 2., 3.], [0, 2, 0], 3)     # [4., 0., 2.]
    """
    d = to_tensor(data)
    ids = _indices(segment_ids)
    g = d.graph
    with g.as_default(), g.name_scope(name or "UnsortedSegmentSum") as scope:
        n = existing_tensor(num_segments)
        n = int_vector(num_segments, "num_segments") if n is None else n
        return g.create_op("UnsortedSegmentSum", (d, ids, n), None, scope)._outputs[0]


