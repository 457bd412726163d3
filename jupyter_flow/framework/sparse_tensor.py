"""tf.SparseTensor: a sparse value as three dense tensors (indices [n, rank], values [n],
dense_shape [rank]); fetched, it becomes a tf.SparseTensorValue of NumPy arrays.

>>> sp = tf.string_split(["a b", "c"])
>>> sess.run(sp).values     # array([b'a', b'b', b'c'], dtype=object)
"""
import collections

SparseTensorValue = collections.namedtuple("SparseTensorValue", ["indices", "values", "dense_shape"])


class SparseTensor:
    """TF1's SparseTensor (indices int64 [n, rank], values [n], dense_shape int64 [rank])."""

    def __init__(self, indices, values, dense_shape):
        from ..ops.constant_op import convert_to_tensor
        from . import dtypes
        self.indices = convert_to_tensor(indices, dtype=dtypes.int64, name="indices")
        self.values = convert_to_tensor(values, name="values")
        self.dense_shape = convert_to_tensor(dense_shape, dtype=dtypes.int64, name="dense_shape")

    @property
    def dtype(self):
        return self.values.dtype

    @property
    def graph(self):
        return self.values.graph

    def _fetch_components(self):
        """What Session.run fetches for it, and the type that receives the values."""
        return [self.indices, self.values, self.dense_shape], SparseTensorValue

    def __repr__(self):
        return f"SparseTensor(indices={self.indices!r}, values={self.values!r}, dense_shape={self.dense_shape!r})"
