"""tf.IndexedSlices: a sparse set of rows of a dense tensor (values[i] is row indices[i]), what
TF1's gradient of tf.gather is. jupyter_flow's gradients are dense tensors, so this class is
what programs build themselves (or test with isinstance); converting one to a tensor sums its
rows into the dense shape, as TF does, and Session.run gives an IndexedSlicesValue.

>>> s = tf.IndexedSlices(values, indices, dense_shape=[10, 3])
>>> dense = tf.convert_to_tensor(s)
"""
import collections


class IndexedSlices:
    """Rows `values` of a dense tensor of shape `dense_shape`, at the row numbers `indices`.

    >>> tf.IndexedSlices(tf.ones([2, 3]), tf.constant([0, 4]), tf.constant([5, 3]))
    """

    def __init__(self, values, indices, dense_shape=None):
        self._values = values
        self._indices = indices
        self._dense_shape = dense_shape

    @property
    def values(self):
        return self._values

    @property
    def indices(self):
        return self._indices

    @property
    def dense_shape(self):
        return self._dense_shape

    @property
    def name(self):
        return self._values.name

    @property
    def device(self):
        return self._values.device

    @property
    def op(self):
        return self._values.op

    @property
    def dtype(self):
        return self._values.dtype

    @property
    def graph(self):
        return self._values.graph

    def get_shape(self):
        from ..framework.tensor_util import constant_value
        from ..framework.tensor_shape import TensorShape
        if self._dense_shape is None:
            return TensorShape(None)
        from ..ops.constant_op import convert_to_tensor
        value = constant_value(convert_to_tensor(self._dense_shape))
        return TensorShape(None if value is None else [int(d) for d in value])

    @property
    def shape(self):
        return self.get_shape()

    def __neg__(self):
        from ..ops.math_ops import negative
        return IndexedSlices(negative(self._values), self._indices, self._dense_shape)

    def _fetch_components(self):
        """What Session.run fetches for it (an IndexedSlicesValue, as TF1)."""
        if self._dense_shape is None:
            return [self._values, self._indices], _value_without_shape
        return [self._values, self._indices, self._dense_shape], IndexedSlicesValue

    def _as_tensor(self):
        # As TF's conversion: the rows summed into the dense shape (repeated indices add up).
        if self._dense_shape is None:
            raise ValueError(f"Tensor conversion requested for IndexedSlices without dense_shape: {self!r}; "
                             f"give IndexedSlices a dense_shape")
        from ..ops.constant_op import convert_to_tensor
        from ..ops.indexing_ops import unsorted_segment_sum
        shape = convert_to_tensor(self._dense_shape)
        return unsorted_segment_sum(self._values, self._indices, shape[0])

    def __repr__(self):
        return (f"IndexedSlices(indices={self._indices!r}, values={self._values!r}"
                + (f", dense_shape={self._dense_shape!r})" if self._dense_shape is not None else ")"))


IndexedSlicesValue = collections.namedtuple("IndexedSlicesValue", ["values", "indices", "dense_shape"])


def _value_without_shape(values, indices):
    return IndexedSlicesValue(values, indices, None)
