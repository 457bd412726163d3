"""Making and densifying SparseTensors: tf.sparse_placeholder, tf.sparse_tensor_to_dense / sparse.to_dense,
TF1's old tf.sparse_to_dense (op SparseToDense, C++ kernel in src_cpp/kernels/sparse.cc),
tf.sparse.from_dense and tf.sparse.eye. Reordering/reshaping ops: sparse_reshaping_ops.py; arithmetic:
sparse_math_ops.py.
"""
from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.op_def import define_op, register_gradient
from ..framework.sparse_tensor import SparseTensor, as_sparse
from ..framework.tensor_shape import UNKNOWN, TensorShape
from ..framework.tensor_util import partial_ints
from .array_ops import placeholder, placeholder_with_default
from .constant_op import constant, convert_to_tensor, existing_tensor
from .reduction_ops import reduce_sum
from .scatter_ops import gather_nd
from .shape_ops import reshape


def static_dims(shape_tensor):
    """The TensorShape an int vector (a dense_shape or output_shape) gives as far as the graph knows it."""
    known = partial_ints(shape_tensor)
    if known is None or known.ndim != 1:
        return UNKNOWN
    return TensorShape([None if d is None or d < 0 else int(d) for d in known])


def _sparse_to_dense_infer(inputs, attrs):
    indices, output_shape, values, default = inputs
    if indices._dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"sparse_indices must be int32 or int64, got {indices._dtype.name}")
    if values._dtype != default._dtype:
        raise TypeError(f"default_value is {default._dtype.name} but sparse_values are {values._dtype.name}")
    if indices._shape.ndims is not None and indices._shape.ndims > 2:
        raise ValueError(f"sparse_indices must have rank at most 2, got shape {indices._shape._bracket_str()}")
    return [(values._dtype, static_dims(output_shape))]


define_op("SparseToDense", infer=_sparse_to_dense_infer)


@register_gradient("SparseToDense")
def _sparse_to_dense_grad(op, grad):
    indices, _, values, _ = op.inputs
    rank = grad.shape.ndims
    points = indices if indices.shape.ndims == 2 else reshape(indices, [-1, 1 if rank is None else rank])
    picked = gather_nd(grad, points)
    values_grad = reduce_sum(picked) if values.shape.ndims == 0 else picked
    return [None, None, values_grad, reduce_sum(grad) - reduce_sum(picked)]


def sparse_to_dense(sparse_indices, output_shape, sparse_values, default_value=0, validate_indices=True,
                    name=None):
    """TF1's old dense-from-indices op: `sparse_values` (one per index, or one for all) at `sparse_indices`
    (a scalar, a vector for a 1-D output, or an [n, rank] matrix), `default_value` elsewhere; with
    validate_indices the indices must be in row-major order without repeats.

    >>> tf.sparse_to_dense([[0, 1], [2, 0]], [3, 2], [5, 6])      # [[0, 5], [0, 0], [6, 0]]
    """
    g = get_default_graph()
    with g.as_default(), g.name_scope(name or "SparseToDense") as scope:
        indices = convert_to_tensor(sparse_indices, preferred_dtype=dtypes.int32, name="sparse_indices")
        shape = existing_tensor(output_shape)
        if shape is None:
            shape = convert_to_tensor(output_shape, dtype=indices.dtype, name="output_shape")
        values = convert_to_tensor(sparse_values, name="sparse_values")
        default = convert_to_tensor(default_value, dtype=values.dtype, name="default_value")
        return g.create_op("SparseToDense", (indices, shape, values, default),
                           {"validate_indices": bool(validate_indices)}, scope)._outputs[0]


def sparse_tensor_to_dense(sp_input, default_value=None, validate_indices=True, name=None):
    """The dense tensor of `sp_input` (TF1 fills unset entries with 0, or "" for strings); its indices must
    be in row-major order unless validate_indices=False.

    >>> words = tf.sparse_tensor_to_dense(tf.string_split(lines), default_value="")
    """
    if not isinstance(sp_input, SparseTensor) and not hasattr(sp_input, "dense_shape"):
        raise TypeError(f"sparse_tensor_to_dense expects a tf.SparseTensor, got {type(sp_input).__name__}; a "
                        f"dense tensor needs no conversion.")
    sp = as_sparse(sp_input)
    g = sp.graph
    with g.as_default(), g.name_scope(name or "SparseToDense") as scope:
        dtype = sp.dtype
        if default_value is None:
            default_value = "" if dtype.name == "string" else 0
        default = convert_to_tensor(default_value, dtype=dtype, name="default_value")
        out = g.create_op("SparseToDense", (sp.indices, sp.dense_shape, sp.values, default),
                          {"validate_indices": bool(validate_indices)}, scope)._outputs[0]
        if sp._static_shape is not None and sp._static_shape.is_compatible_with(out._shape):
            out._shape = sp._static_shape.merge_with(out._shape)
        return out


to_dense = sparse_tensor_to_dense


def sparse_placeholder(dtype, shape=None, name=None):
    """A SparseTensor fed at run time: feed it a tf.SparseTensorValue or an (indices, values, dense_shape)
    tuple. A given `shape` is its dense_shape unless one is fed (None dims must then be fed).

    >>> x = tf.sparse_placeholder(tf.float32, shape=[None, vocabulary_size])
    >>> sess.run(logits, {x: tf.SparseTensorValue(indices, values, [batch, vocabulary_size])})
    """
    dtype = dtypes.as_dtype(dtype)
    def part(suffix):
        return None if name is None else f"{name}/{suffix}"
    if shape is None:
        dense_shape = placeholder(dtypes.int64, shape=[None], name=part("shape"))
        rank = None
        static = UNKNOWN
    else:
        static = TensorShape(shape)
        if static.ndims is None:
            raise ValueError("sparse_placeholder(shape=...) needs a known rank; pass shape=None for any shape")
        rank = static.ndims
        default = constant([-1 if d is None else d for d in static.as_list()], dtype=dtypes.int64)
        dense_shape = placeholder_with_default(default, shape=[rank], name=part("shape"))
    values = placeholder(dtype, shape=[None], name=part("values"))
    indices = placeholder(dtypes.int64, shape=[None, rank], name=part("indices"))
    sp = SparseTensor(indices, values, dense_shape)
    sp._static_shape = static
    return sp


def from_dense(tensor, name=None):
    """The SparseTensor of the nonzero (non-empty-string) entries of a dense tensor, in row-major order.

    >>> tf.sparse.from_dense([[0, 3], [5, 0]])      # indices [[0, 1], [1, 0]], values [3, 5]
    """
    from .array_ops import where, zeros_like
    from .math_ops import not_equal
    from .shape_ops import shape as shape_of
    g = get_default_graph()
    with g.as_default(), g.name_scope(name or "dense_to_sparse"):
        t = convert_to_tensor(tensor)
        indices = where(not_equal(t, zeros_like(t)))
        sp = SparseTensor(indices, gather_nd(t, indices), shape_of(t, out_type=dtypes.int64))
        sp._static_shape = t.shape
        return sp


def eye(num_rows, num_columns=None, dtype=dtypes.float32, name=None):
    """The sparse identity matrix [num_rows, num_columns] (ones on the diagonal).

    >>> tf.sparse.eye(3)       # indices [[0, 0], [1, 1], [2, 2]], values [1., 1., 1.]
    """
    from .array_ops import ones
    from .concat_ops import stack
    from .math_ops import cast, minimum
    from .sequence_ops import range as range_
    g = get_default_graph()
    with g.as_default(), g.name_scope(name or "eye"):
        rows = cast(convert_to_tensor(num_rows), dtypes.int64)
        cols = rows if num_columns is None else cast(convert_to_tensor(num_columns), dtypes.int64)
        n = minimum(rows, cols)
        diag = range_(n, dtype=dtypes.int64)
        sp = SparseTensor(stack([diag, diag], axis=1), ones(reshape(n, [1]), dtype=dtype), stack([rows, cols]))
        if isinstance(num_rows, int) and (num_columns is None or isinstance(num_columns, int)):
            sp._static_shape = TensorShape([num_rows, num_rows if num_columns is None else num_columns])
        return sp
