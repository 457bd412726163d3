"""tf.contrib.seq2seq.CustomHelper and InferenceHelper: helpers built from functions, for decoders
whose outputs are not token logits (e.g. a regression decoder feeding back its own output).

>>> helper = tf.contrib.seq2seq.InferenceHelper(sample_fn=lambda o: o, sample_shape=[d], sample_dtype=tf.float32,
...                                             start_inputs=start, end_fn=lambda s: tf.fill([batch], False))
"""
from ...framework import dtypes
from ...framework.tensor_shape import TensorShape, as_shape
from ...ops.constant_op import convert_to_tensor
from ...ops.shape_ops import shape, size, tile
from .helper import Helper

__all__ = ["CustomHelper", "InferenceHelper"]


class CustomHelper(Helper):
    """initialize_fn() -> (finished, next_inputs); sample_fn(time, outputs, state) -> sample_ids;
    next_inputs_fn(time, outputs, state, sample_ids) -> (finished, next_inputs, next_state).

    >>> helper = tf.contrib.seq2seq.CustomHelper(init_fn, sample_fn, next_fn)
    """

    def __init__(self, initialize_fn, sample_fn, next_inputs_fn, sample_ids_shape=None, sample_ids_dtype=None):
        self._initialize_fn, self._sample_fn, self._next_inputs_fn = initialize_fn, sample_fn, next_inputs_fn
        self._batch_size = None
        self._sample_ids_shape = TensorShape(sample_ids_shape or [])
        self._sample_ids_dtype = sample_ids_dtype or dtypes.int32

    @property
    def batch_size(self):
        if self._batch_size is None:
            raise ValueError("batch_size accessed before initialize was called")
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return self._sample_ids_shape

    @property
    def sample_ids_dtype(self):
        return self._sample_ids_dtype

    def initialize(self, name=None):
        finished, next_inputs = self._initialize_fn()
        if self._batch_size is None:
            self._batch_size = size(finished)
        return finished, next_inputs

    def sample(self, time, outputs, state, name=None):
        return self._sample_fn(time=time, outputs=outputs, state=state)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        return self._next_inputs_fn(time=time, outputs=outputs, state=state, sample_ids=sample_ids)


class InferenceHelper(Helper):
    """Feeds back sample_fn(outputs) (through next_inputs_fn if given), starting from start_inputs;
    a sequence is finished where end_fn(sample_ids) is true.

    >>> helper = tf.contrib.seq2seq.InferenceHelper(tf.identity, [1], tf.float32, start, end_fn)
    """

    def __init__(self, sample_fn, sample_shape, sample_dtype, start_inputs, end_fn, next_inputs_fn=None):
        self._sample_fn, self._end_fn, self._next_inputs_fn = sample_fn, end_fn, next_inputs_fn
        self._sample_shape = as_shape(sample_shape)
        self._sample_dtype = dtypes.as_dtype(sample_dtype)
        self._start_inputs = convert_to_tensor(start_inputs, name="start_inputs")
        self._batch_size = shape(self._start_inputs)[0]

    @property
    def batch_size(self):
        return self._batch_size

    @property
    def sample_ids_shape(self):
        return self._sample_shape

    @property
    def sample_ids_dtype(self):
        return self._sample_dtype

    def initialize(self, name=None):
        return tile(convert_to_tensor([False]), [self._batch_size]), self._start_inputs

    def sample(self, time, outputs, state, name=None):
        return self._sample_fn(outputs)

    def next_inputs(self, time, outputs, state, sample_ids, name=None):
        next_inputs = sample_ids if self._next_inputs_fn is None else self._next_inputs_fn(sample_ids)
        return self._end_fn(sample_ids), next_inputs, state
