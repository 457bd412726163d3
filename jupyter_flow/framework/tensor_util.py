"""Values known while the graph is built: what static shape rules read from shape-like inputs.

Ops such as Reshape, Tile or StridedSlice take their shape, multiples or begin/end as tensors
(as TF does) so they can come from tf.shape() at run time; their static shape rules still see
through constants, tf.shape() of partly known shapes and lists packed from those.

>>> constant_value(tf.constant([2, 3]))             # array([2, 3], dtype=int32)
>>> partial_ints(tf.shape(tf.placeholder(tf.float32, (None, 3))))   # [None, 3]
"""
import numpy as np

# How far back through the graph to look: shape arguments are a few ops away from their sources,
# and a long chain (a counter incremented in a Python loop) must not exhaust the stack.
MAX_DEPTH = 32


def constant_value(t, _depth=0):
    """The NumPy value of `t` if it is fixed when the graph is built, else None."""
    if _depth > MAX_DEPTH:
        return None
    _depth += 1
    op = t.op
    kind = op.type
    if kind == "Const":
        return op.get_attr("value")
    if kind == "Identity":
        return constant_value(op.inputs[0], _depth)
    if kind == "Cast":
        v = constant_value(op.inputs[0], _depth)
        return None if v is None else v.astype(t.dtype.as_numpy_dtype)
    if kind == "Pack":
        values = [constant_value(i, _depth) for i in op.inputs]
        if any(v is None for v in values):
            return None
        return np.stack(values, axis=op.get_attr("axis")).astype(t.dtype.as_numpy_dtype)
    if kind in ("Shape", "Size", "Rank"):
        shape = op.inputs[0].shape
        if kind == "Rank":
            return None if shape.ndims is None else np.asarray(shape.ndims, dtype=np.int32)
        if not shape.is_fully_defined():
            return None
        if kind == "Size":
            return np.asarray(shape.num_elements(), dtype=t.dtype.as_numpy_dtype)
        return np.asarray(shape.as_list(), dtype=t.dtype.as_numpy_dtype)
    partial = partial_ints(t, _depth)
    if partial is not None and all(v is not None for v in np.ravel(partial)):
        return np.asarray(partial.tolist(), dtype=t.dtype.as_numpy_dtype)
    return None


def get_static_value(tensor, partial=False):
    """tf.get_static_value: the NumPy value of `tensor` when the graph fixes it (constants, shapes
    of fully known static shape, and simple ops of those), else None; NumPy values and Python
    numbers are returned as arrays.

    >>> tf.get_static_value(tf.shape(tf.zeros([2, 3])))   # array([2, 3], dtype=int32)
    """
    conv = getattr(tensor, "_as_tensor", None)
    if conv is not None:
        tensor = conv()
    if not hasattr(tensor, "op"):
        return np.asarray(tensor)
    return constant_value(tensor)


def partial_ints(t, _depth=0):
    """An integer scalar or vector `t` as far as it is known: a NumPy object array (0-d or 1-d)
    of ints and None (unknown entries), or None when not even its length is known."""
    if not t.dtype.is_integer:
        return None
    if _depth > MAX_DEPTH:
        return _length_only(t)
    _depth += 1
    op = t.op
    kind = op.type
    if kind == "Const":
        return np.asarray(op.get_attr("value"), dtype=object)
    if kind == "Identity" or (kind == "Cast" and op.inputs[0].dtype.is_integer):
        return partial_ints(op.inputs[0], _depth)
    if kind == "Shape":
        dims = op.inputs[0].shape._dims
        return None if dims is None else _object_vector(dims)
    if kind in ("Size", "Rank"):
        v = constant_value(t, _depth)
        return np.asarray(None if v is None else int(v), dtype=object)
    if kind == "Pack" and op.get_attr("axis") == 0:
        parts = [partial_ints(i, _depth) for i in op.inputs]
        if all(p is not None and p.ndim == 0 for p in parts):
            return _object_vector([p.item() for p in parts])
    if kind == "ConcatV2":
        parts = [partial_ints(i, _depth) for i in op.inputs]
        if all(p is not None and p.ndim == 1 for p in parts):
            return _object_vector([v for p in parts for v in p])
    if kind in ("Add", "AddV2", "Sub"):
        a, b = (partial_ints(i, _depth) for i in op.inputs)
        if a is not None and b is not None and (a.shape == b.shape or a.ndim == 0 or b.ndim == 0):
            sign = -1 if kind == "Sub" else 1
            return np.vectorize(lambda x, y: None if x is None or y is None else x + sign * y,
                                otypes=[object])(a, b)
    if kind == "StridedSlice":
        sliced = _static_strided_slice(op, _depth)
        if sliced is not None:
            return sliced
    return _length_only(t)


def _length_only(t):
    dims = t.shape._dims
    if dims == ():
        return np.asarray(None, dtype=object)
    if dims is not None and len(dims) == 1 and dims[0] is not None:
        return _object_vector([None] * dims[0])
    return None


def _object_vector(values):
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _static_strided_slice(op, _depth):
    """StridedSlice applied to a partly known vector (e.g. tf.shape(x)[1:]) with constant indices."""
    x = partial_ints(op.inputs[0], _depth)
    specs = [constant_value(i, _depth) for i in op.inputs[1:]]
    if x is None or x.ndim != 1 or any(s is None for s in specs):
        return None
    try:
        return np.asarray(x[numpy_index(*specs, op.node_def_attrs())], dtype=object)
    except IndexError:
        return None


def numpy_index(begin, end, strides, masks):
    """The NumPy index equivalent to a StridedSlice spec (NumPy's slicing rules are TF's)."""
    index = []
    for i, (b, e, s) in enumerate(zip(begin.tolist(), end.tolist(), strides.tolist())):
        bit = 1 << i
        if masks["ellipsis_mask"] & bit:
            index.append(Ellipsis)
        elif masks["new_axis_mask"] & bit:
            index.append(None)
        elif masks["shrink_axis_mask"] & bit:
            index.append(b)
        else:
            index.append(slice(None if masks["begin_mask"] & bit else b,
                               None if masks["end_mask"] & bit else e, s))
    return tuple(index)
