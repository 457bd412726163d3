"""tf.keras.Input / InputLayer: the placeholder a functional model starts from (input_1, input_2, ... or a
given name), with `_keras_history` pointing at its InputLayer.

>>> inputs = tf.keras.Input(shape=(784,))      # Tensor input_1:0, shape (?, 784)
"""
from .. import backend
from .base_layer import KerasHistory, Layer, Node
from ...framework import dtypes


class InputLayer(Layer):
    """The layer of an Input: it owns the placeholder (or the given `input_tensor`) and has no weights."""

    def __init__(self, input_shape=None, batch_size=None, dtype=None, input_tensor=None, sparse=False, name=None,
                 **kwargs):
        if sparse:
            raise NotImplementedError("tf.keras.Input(sparse=True) is not supported by jupyter_flow; feed a dense "
                                      "tensor instead.")
        batch_input_shape = kwargs.pop("batch_input_shape", None)
        if kwargs:
            raise TypeError(f"InputLayer got unexpected keyword arguments {sorted(kwargs)}")
        if input_shape is not None and batch_input_shape is not None:
            raise ValueError("Only provide the input_shape OR batch_input_shape argument to InputLayer, not both "
                             "at the same time.")
        if not name:
            name = f"input_{backend.get_uid('input')}"
        if dtype is None:
            dtype = input_tensor.dtype.base_dtype.name if input_tensor is not None else backend.floatx()
        super().__init__(dtype=dtype, name=name)
        self.built = True
        self.is_placeholder = input_tensor is None
        if input_tensor is None:
            from ...ops.array_ops import placeholder
            if batch_input_shape is None:
                batch_input_shape = None if input_shape is None else (batch_size,) + tuple(input_shape)
            input_tensor = placeholder(dtypes.as_dtype(dtype), shape=batch_input_shape, name=self.name)
        elif batch_input_shape is None:
            batch_input_shape = backend.int_shape(input_tensor)
        self._batch_input_shape = None if batch_input_shape is None else tuple(batch_input_shape)
        self.sparse = False
        # As TF1: the InputLayer's one node has the tensor as both its input and its output.
        self._inbound_nodes.append(Node([input_tensor], [input_tensor], {}))
        input_tensor._keras_history = KerasHistory(self, 0, 0)

    def get_config(self):
        return {"batch_input_shape": self._batch_input_shape, "dtype": self._dtype, "sparse": self.sparse,
                "name": self.name}


def Input(shape=None, batch_size=None, name=None, dtype=None, sparse=False, tensor=None, **kwargs):  # noqa: N802
    """A placeholder of shape (batch_size, *shape) for a functional model (or the given `tensor`).

    >>> x = tf.keras.Input(shape=(28, 28, 1), name="image")
    """
    batch_shape = kwargs.pop("batch_shape", None)
    if kwargs:
        raise TypeError(f"Input got unexpected keyword arguments {sorted(kwargs)}")
    if shape is None and batch_shape is None and tensor is None:
        raise ValueError("Please provide to Input either a `shape` or a `tensor` argument. Note that `shape` does "
                         "not include the batch dimension.")
    if shape is not None and not isinstance(shape, (list, tuple)):
        shape = (shape,)
    layer = InputLayer(input_shape=None if batch_shape is not None else shape, batch_size=batch_size, name=name,
                       dtype=dtype, input_tensor=tensor, sparse=sparse,
                       **({"batch_input_shape": batch_shape} if batch_shape is not None else {}))
    return layer._inbound_nodes[0].output_tensors[0]
