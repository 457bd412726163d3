"""tf.SparseTensor: a sparse value as three dense tensors (indices [n, rank], values [n],
dense_shape [rank]); fetched, it becomes a tf.SparseTensorValue of NumPy arrays.

>>> sp = tf.string_split(["a b", "c"])
>>> sess.run(sp).values     # array([b'a', b'b', b'c'], dtype=object)
"""
import collections

SparseTensorValue = collections.namedtuple("SparseTensorValue", ["indices", "values", "dense_shape"])


class SparseTensor:
    """TF1's SparseTensor (indices int64 [n, rank], values [n], dense_shape int64 [rank]).

    >>> sp = tf.SparseTensor(indices=[[0, 0], [1, 2]], values=[1.0, 2.0], dense_shape=[3, 4])
    >>> sp.shape            # TensorShape([3, 4]), from the constant dense_shape
    """

    def __init__(self, indices, values, dense_shape):
        from ..ops.constant_op import convert_to_tensor
        from . import dtypes
        self.indices = convert_to_tensor(indices, dtype=dtypes.int64, name="indices")
        self.values = convert_to_tensor(values, name="values")
        self.dense_shape = convert_to_tensor(dense_shape, dtype=dtypes.int64, name="dense_shape")
        self._static_shape = None  # set by ops that know more than dense_shape's value says

    @classmethod
    def from_value(cls, sparse_tensor_value):
        """A SparseTensor of a SparseTensorValue's arrays (a SparseTensor is returned as it is)."""
        if isinstance(sparse_tensor_value, SparseTensor):
            return sparse_tensor_value
        if not isinstance(sparse_tensor_value, SparseTensorValue):
            raise TypeError(f"Neither a SparseTensor nor SparseTensorValue: {sparse_tensor_value!r}.")
        return cls(*sparse_tensor_value)

    @property
    def dtype(self):
        return self.values.dtype

    @property
    def graph(self):
        return self.values.graph

    @property
    def op(self):
        """The op producing the values (TF1's SparseTensor.op)."""
        return self.values.op

    @property
    def shape(self):
        """The static dense shape: what the graph knows of dense_shape's value (its length at least)."""
        from .tensor_shape import TensorShape
        from .tensor_util import partial_ints
        if self._static_shape is not None:
            return self._static_shape
        known = partial_ints(self.dense_shape)
        if known is None or known.ndim != 1:
            dims = self.dense_shape.shape._dims
            return TensorShape(None) if not dims or dims[0] is None else TensorShape([None] * dims[0])
        return TensorShape([None if d is None or d < 0 else int(d) for d in known])

    def get_shape(self):
        return self.shape

    def eval(self, feed_dict=None, session=None):
        """The SparseTensorValue of this tensor in `session` (the default session if None)."""
        from .default_session import get_default_session
        session = session or get_default_session()
        if session is None:
            raise ValueError("Cannot evaluate a SparseTensor without a session: pass session= or use "
                             "`with tf.Session() as sess:`")
        return session.run(self, feed_dict)

    def _fetch_components(self):
        """What Session.run fetches for it, and the type that receives the values."""
        return [self.indices, self.values, self.dense_shape], SparseTensorValue

    def __repr__(self):
        return f"SparseTensor(indices={self.indices!r}, values={self.values!r}, dense_shape={self.dense_shape!r})"


def is_sparse(x):
    """True for a SparseTensor or a SparseTensorValue."""
    return isinstance(x, (SparseTensor, SparseTensorValue))


def as_sparse(x, what="sp_input"):
    """The SparseTensor `x` is (a SparseTensorValue becomes constants); TypeError for anything else."""
    if isinstance(x, SparseTensor):
        return x
    if isinstance(x, SparseTensorValue):
        return SparseTensor.from_value(x)
    raise TypeError(f"{what} must be a tf.SparseTensor (or tf.SparseTensorValue), got {type(x).__name__}")


def convert_to_tensor_or_sparse_tensor(value, dtype=None, name=None):
    """A SparseTensor stays as it is (a SparseTensorValue becomes one); anything else becomes a Tensor.

    >>> tf.convert_to_tensor_or_sparse_tensor(tf.SparseTensorValue([[0]], [1.0], [2]))
    """
    from ..ops.constant_op import convert_to_tensor
    from . import dtypes
    if is_sparse(value):
        sp = as_sparse(value)
        if dtype is not None and dtypes.as_dtype(dtype) != sp.dtype:
            raise ValueError(f"Sparse dtype: requested = {dtypes.as_dtype(dtype).name}, actual = {sp.dtype.name}")
        return sp
    return convert_to_tensor(value, dtype=dtype, name=name)
