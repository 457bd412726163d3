"""Cells that transform their inputs before the wrapped cell sees them (tf.contrib.rnn):
EmbeddingWrapper (integer ids -> embedding rows) and InputProjectionWrapper (a dense layer).

>>> cell = tf.contrib.rnn.EmbeddingWrapper(tf.nn.rnn_cell.BasicLSTMCell(64), embedding_classes=100, embedding_size=32)
"""
import math

from ..framework.scopes import get_variable, get_variable_scope
from . import init_ops
from .embedding_ops import embedding_lookup
from .linalg_ops import matmul
from .nn_layers_ops import bias_add
from .rnn_cell import RNNCell, _CellAround, _input_depth
from .shape_ops import reshape


class _InputWrapper(_CellAround):
    """A cell with its own variable scope around another cell (whose scope nests inside)."""

    def __init__(self, cell):
        if not isinstance(cell, RNNCell):
            raise TypeError("The parameter cell is not RNNCell.")
        super().__init__(cell)


class EmbeddingWrapper(_InputWrapper):
    """Looks its integer inputs ([batch] or [batch, 1]) up in an `embedding` variable
    [embedding_classes, embedding_size] (uniform in +-sqrt(3) by default: variance 1, as TF1),
    then runs the cell on the rows.

    >>> cell = tf.contrib.rnn.EmbeddingWrapper(cell, embedding_classes=vocab, embedding_size=16)
    """

    _base_name = "embedding_wrapper"

    def __init__(self, cell, embedding_classes, embedding_size, initializer=None, reuse=None):
        super().__init__(cell)
        if embedding_classes <= 0 or embedding_size <= 0:
            raise ValueError(f"Both embedding_classes and embedding_size must be > 0: {embedding_classes}, "
                             f"{embedding_size}.")
        self._embedding_classes = embedding_classes
        self._embedding_size = embedding_size
        self._initializer = initializer

    def call(self, inputs, state):
        initializer = self._initializer or get_variable_scope().initializer
        if initializer is None:
            initializer = init_ops.random_uniform_initializer(-math.sqrt(3), math.sqrt(3))
        dtype = (state[0] if isinstance(state, tuple) else state).dtype
        embedding = get_variable("embedding", [self._embedding_classes, self._embedding_size],
                                 initializer=initializer, dtype=dtype)
        return self._cell(embedding_lookup(embedding, reshape(inputs, [-1])), state)


class InputProjectionWrapper(_InputWrapper):
    """A dense layer to `num_proj` units (optionally with an activation) before the cell.

    >>> cell = tf.contrib.rnn.InputProjectionWrapper(cell, num_proj=32)
    """

    _base_name = "input_projection_wrapper"

    def __init__(self, cell, num_proj, activation=None, input_size=None, reuse=None):
        super().__init__(cell)
        self._num_proj = num_proj
        self._activation = activation

    def call(self, inputs, state):
        kernel = get_variable("kernel", [_input_depth(inputs, self), self._num_proj])
        bias = get_variable("bias", [self._num_proj], initializer=init_ops.zeros_initializer())
        projected = bias_add(matmul(inputs, kernel), bias)
        if self._activation is not None:
            projected = self._activation(projected)
        return self._cell(projected, state)
