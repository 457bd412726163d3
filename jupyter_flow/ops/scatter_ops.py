"""Scatter and gather by index: the in-place updates of a variable's rows (tf.scatter_update,
scatter_add, ... scatter_nd_sub, as TF1's ref ops: they output the updated variable), the pure
tensor versions (tf.scatter_nd, tensor_scatter_nd_update/add/sub) and tf.gather_nd, their gradient.

Each op is declared once here (shape rule + gradient rule); kernels live in
src_cpp/kernels/scatter.cc under the same type names.
"""
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import require_dtypes
from ..framework.tensor_shape import UNKNOWN, TensorShape
from ..framework.tensor_util import partial_ints
from .array_ops import zeros_like
from .constant_op import convert_to_tensor
from .math_ops import negative
from .shape_args import INDEX_DTYPES, to_tensor
from .shape_ops import shape as shape_of
from .state_ops import _ref_of

# ----- shape rules -------------------------------------------------------------------------------


def _check_updates(op_type, updates, expected, target):
    if expected is not None and not updates._shape.is_compatible_with(expected):
        raise ValueError(f"{op_type}: updates has shape {updates._shape._bracket_str()} but must have shape "
                         f"{expected._bracket_str()} (indices.shape + {target}.shape[...] past the indexed dims)")


def _rows_expected(ref, indices):
    """updates.shape for scatter_*: indices.shape + ref.shape[1:]."""
    r, i = ref._shape._dims, indices._shape._dims
    if r is None or i is None:
        return None
    if not r:
        raise ValueError("scatter ops need a variable of rank >= 1 (they update rows), got a scalar")
    return TensorShape._from_tuple(i + r[1:])


def _nd_expected(target, indices):
    """updates.shape for *_nd ops: indices.shape[:-1] + target.shape[indices.shape[-1]:]."""
    t, i = target._shape._dims, indices._shape._dims
    if t is None or i is None or not i or i[-1] is None:
        return None
    depth = i[-1]
    if depth > len(t):
        raise ValueError(f"The last dimension of indices ({depth}) must be <= the rank of the target ({len(t)})")
    return TensorShape._from_tuple(i[:-1] + t[depth:])


def _ref_scatter_infer(expected_of):
    def infer(inputs, attrs, op_type=None):
        ref, indices, updates = inputs
        if ref.op.type != "VariableV2":
            raise TypeError(f"scatter ops update a variable in place; '{ref.name}' ({ref.op.type}) is not one. "
                            f"Pass the tf.Variable itself, or use tf.tensor_scatter_nd_update on a tensor.")
        require_dtypes(indices, INDEX_DTYPES, "scatter")
        if updates._dtype is not ref._dtype:
            raise TypeError(f"scatter: updates are {updates._dtype.name} but variable '{ref.op.name}' is "
                            f"{ref._dtype.name}; use tf.cast on the updates")
        _check_updates("scatter", updates, expected_of(ref, indices), "ref")
        return [(ref._dtype, ref._shape)]
    return infer


_ROW_OPS = ("ScatterUpdate", "ScatterAdd", "ScatterSub", "ScatterMul", "ScatterDiv", "ScatterMin", "ScatterMax")
_ND_REF_OPS = ("ScatterNdUpdate", "ScatterNdAdd", "ScatterNdSub")
for _t in _ROW_OPS:
    define_op(_t, infer=_ref_scatter_infer(_rows_expected), ref_inputs=(0,), stateful=True)
for _t in _ND_REF_OPS:
    define_op(_t, infer=_ref_scatter_infer(_nd_expected), ref_inputs=(0,), stateful=True)
not_differentiable(*_ROW_OPS, *_ND_REF_OPS)  # as TF1: no gradient through a ref update


def _scatter_nd_infer(inputs, attrs):
    indices, updates, shape = inputs
    require_dtypes(indices, INDEX_DTYPES, "ScatterNd")
    dims = partial_ints(shape)
    if dims is None or getattr(dims, "ndim", 1) != 1:
        out = UNKNOWN
    else:
        out = TensorShape([None if d is None else int(d) for d in dims])
    if out.is_fully_defined():
        _check_updates("ScatterNd", updates, _nd_expected(_Shaped(out), indices), "shape")
    return [(updates._dtype, out)]


class _Shaped:
    """Just enough of a tensor for _nd_expected: a static shape."""

    def __init__(self, s):
        self._shape = s


def _tensor_scatter_infer(inputs, attrs):
    tensor, indices, updates = inputs
    require_dtypes(indices, INDEX_DTYPES, "TensorScatterUpdate")
    if updates._dtype is not tensor._dtype:
        raise TypeError(f"tensor_scatter: updates are {updates._dtype.name} but the tensor is {tensor._dtype.name}")
    _check_updates("TensorScatter", updates, _nd_expected(tensor, indices), "tensor")
    return [(tensor._dtype, tensor._shape)]


def _gather_nd_infer(inputs, attrs):
    params, indices = inputs
    require_dtypes(indices, INDEX_DTYPES, "GatherNd")
    expected = _nd_expected(params, indices)
    return [(params._dtype, UNKNOWN if expected is None else expected)]


define_op("ScatterNd", infer=_scatter_nd_infer)
for _t in ("TensorScatterUpdate", "TensorScatterAdd", "TensorScatterSub"):
    define_op(_t, infer=_tensor_scatter_infer)
define_op("GatherNd", infer=_gather_nd_infer)


# ----- gradients (TF1's array_grad.py rules) -------------------------------------------------------


@register_gradient("ScatterNd")
def _scatter_nd_grad(op, grad):
    return [None, gather_nd(grad, op.inputs[0]), None]


@register_gradient("GatherNd")
def _gather_nd_grad(op, grad):
    params, indices = op.inputs
    return [scatter_nd(indices, grad, shape_of(params, out_type=indices.dtype)), None]


@register_gradient("TensorScatterUpdate")
def _tensor_scatter_update_grad(op, grad):
    indices, updates = op.inputs[1], op.inputs[2]
    return [tensor_scatter_nd_update(grad, indices, zeros_like(updates)), None, gather_nd(grad, indices)]


@register_gradient("TensorScatterAdd")
def _tensor_scatter_add_grad(op, grad):
    return [grad, None, gather_nd(grad, op.inputs[1])]


@register_gradient("TensorScatterSub")
def _tensor_scatter_sub_grad(op, grad):
    return [grad, None, negative(gather_nd(grad, op.inputs[1]))]


# ----- public functions --------------------------------------------------------------------------


def _ref_update(op_type, ref, indices, updates, use_locking, name):
    r = _ref_of(ref)
    g = r.graph
    with g.as_default():
        i = convert_to_tensor(indices, preferred_dtype=INDEX_DTYPES[0])
        u = convert_to_tensor(updates, dtype=r.dtype)
        return g.create_op(op_type, (r, i, u), {"use_locking": bool(use_locking)}, name or op_type)._outputs[0]


def scatter_update(ref, indices, updates, use_locking=True, name=None):
    """Set rows `indices` of variable `ref` to `updates`; outputs the updated variable. With a
    repeated index the last update wins.

    >>> tf.scatter_update(v, [0, 2], [[1., 1.], [2., 2.]])
    """
    return _ref_update("ScatterUpdate", ref, indices, updates, use_locking, name)


def scatter_add(ref, indices, updates, use_locking=False, name=None):
    """Add `updates` to rows `indices` of `ref` in place (repeated indices add up).

    >>> tf.scatter_add(v, [0, 0], [1., 2.])     # v[0] += 3
    """
    return _ref_update("ScatterAdd", ref, indices, updates, use_locking, name)


def scatter_sub(ref, indices, updates, use_locking=False, name=None):
    """Subtract `updates` from rows `indices` of `ref` in place (repeated indices add up)."""
    return _ref_update("ScatterSub", ref, indices, updates, use_locking, name)


def scatter_mul(ref, indices, updates, use_locking=False, name=None):
    """Multiply rows `indices` of `ref` by `updates` in place."""
    return _ref_update("ScatterMul", ref, indices, updates, use_locking, name)


def scatter_div(ref, indices, updates, use_locking=False, name=None):
    """Divide rows `indices` of `ref` by `updates` in place."""
    return _ref_update("ScatterDiv", ref, indices, updates, use_locking, name)


def scatter_min(ref, indices, updates, use_locking=False, name=None):
    """rows `indices` of `ref` = min(row, updates), in place."""
    return _ref_update("ScatterMin", ref, indices, updates, use_locking, name)


def scatter_max(ref, indices, updates, use_locking=False, name=None):
    """rows `indices` of `ref` = max(row, updates), in place."""
    return _ref_update("ScatterMax", ref, indices, updates, use_locking, name)


def scatter_nd_update(ref, indices, updates, use_locking=True, name=None):
    """Set the elements (or slices) of `ref` at the index tuples `indices` (last dim) to `updates`.

    >>> tf.scatter_nd_update(v, [[0, 1], [2, 0]], [5., 6.])
    """
    return _ref_update("ScatterNdUpdate", ref, indices, updates, use_locking, name)


def scatter_nd_add(ref, indices, updates, use_locking=False, name=None):
    """Add `updates` at the index tuples `indices` of `ref`, in place."""
    return _ref_update("ScatterNdAdd", ref, indices, updates, use_locking, name)


def scatter_nd_sub(ref, indices, updates, use_locking=False, name=None):
    """Subtract `updates` at the index tuples `indices` of `ref`, in place."""
    return _ref_update("ScatterNdSub", ref, indices, updates, use_locking, name)


def scatter_nd(indices, updates, shape, name=None):
    """A zero tensor of `shape` with `updates` added at the index tuples `indices` (repeats add up).

    >>> tf.scatter_nd([[1], [3]], [9., 10.], [5])     # [0., 9., 0., 10., 0.]
    """
    u = to_tensor(updates)
    g = u.graph
    with g.as_default(), g.name_scope(name or "ScatterNd") as scope:
        i = convert_to_tensor(indices, preferred_dtype=INDEX_DTYPES[0])
        s = convert_to_tensor(shape, dtype=i.dtype)
        return g.create_op("ScatterNd", (i, u, s), None, scope)._outputs[0]


def _tensor_scatter(op_type, tensor, indices, updates, name):
    t = to_tensor(tensor)
    g = t.graph
    with g.as_default(), g.name_scope(name or op_type) as scope:
        i = convert_to_tensor(indices, preferred_dtype=INDEX_DTYPES[0])
        u = convert_to_tensor(updates, dtype=t.dtype)
        return g.create_op(op_type, (t, i, u), None, scope)._outputs[0]


def tensor_scatter_nd_update(tensor, indices, updates, name=None):
    """A copy of `tensor` with the elements (or slices) at `indices` replaced by `updates`.

    >>> tf.tensor_scatter_nd_update([1, 2, 3], [[0]], [9])     # [9, 2, 3]
    """
    return _tensor_scatter("TensorScatterUpdate", tensor, indices, updates, name)


def tensor_scatter_nd_add(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` added at `indices` (repeats add up)."""
    return _tensor_scatter("TensorScatterAdd", tensor, indices, updates, name)


def tensor_scatter_nd_sub(tensor, indices, updates, name=None):
    """A copy of `tensor` with `updates` subtracted at `indices`."""
    return _tensor_scatter("TensorScatterSub", tensor, indices, updates, name)


def gather_nd(params, indices, name=None, batch_dims=0):
    """The elements (or slices) of `params` at the index tuples in the last dim of `indices`.

    >>> tf.gather_nd([[1, 2], [3, 4]], [[1, 0], [0, 1]])     # [3, 2]
    """
    if batch_dims:
        raise ValueError("gather_nd with batch_dims != 0 is not supported")
    p = to_tensor(params)
    g = p.graph
    with g.as_default(), g.name_scope(name or "GatherNd") as scope:
        i = convert_to_tensor(indices, preferred_dtype=INDEX_DTYPES[0])
        return g.create_op("GatherNd", (p, i), None, scope)._outputs[0]
