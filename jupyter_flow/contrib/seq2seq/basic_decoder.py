"""tf.contrib.seq2seq.BasicDecoder: one decoding step is the cell, the optional output layer, and
the helper's choice of sample ids and next inputs.

>>> decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, encoder_state, output_layer=tf.layers.Dense(V))
>>> outputs, state, lengths = tf.contrib.seq2seq.dynamic_decode(decoder)
"""
import collections

from ...framework import nest
from ...framework.graph import name_scope
from ...framework.tensor_shape import TensorShape, as_shape
from .decoder import Decoder
from .helper import Helper

__all__ = ["BasicDecoderOutput", "BasicDecoder"]


class BasicDecoderOutput(collections.namedtuple("BasicDecoderOutput", ("rnn_output", "sample_id"))):
    """The per-step outputs of a BasicDecoder: the (output-layer) logits and the sampled ids."""
    __slots__ = ()


def _is_rnn_cell(cell):
    return all(hasattr(cell, a) for a in ("output_size", "state_size", "zero_state")) and callable(cell)


def _layer_output_size(layer, size):
    """The per-example shape `layer` maps a [batch] + size input to (TF1 asks compute_output_shape)."""
    in_shape = TensorShape([None]).concatenate(as_shape(size))
    if hasattr(layer, "compute_output_shape"):
        return as_shape(layer.compute_output_shape(in_shape))[1:]
    units = getattr(layer, "units", None)
    if units is None:
        raise TypeError(f"output_layer {layer!r} has neither compute_output_shape nor units")
    return TensorShape(in_shape.as_list()[1:-1] + [units])


class BasicDecoder(Decoder):
    """A Decoder over an RNN cell driven by a Helper (teacher forcing, greedy or sampled).

    >>> decoder = tf.contrib.seq2seq.BasicDecoder(cell, helper, cell.zero_state(batch, tf.float32))
    """

    def __init__(self, cell, helper, initial_state, output_layer=None):
        if not _is_rnn_cell(cell):
            raise TypeError(f"The argument 'cell' ({cell}) is not an RNNCell: 'output_size' property is missing, "
                            f"'state_size' property is missing, either 'zero_state' or 'get_initial_state' "
                            f"method is required, is not callable.")
        if not isinstance(helper, Helper):
            raise TypeError(f"helper must be a Helper, received: {type(helper)}")
        if output_layer is not None and not callable(output_layer):
            raise TypeError(f"output_layer must be a Layer, received: {type(output_layer)}")
        self._cell, self._helper = cell, helper
        self._initial_state, self._output_layer = initial_state, output_layer

    @property
    def batch_size(self):
        return self._helper.batch_size

    def _rnn_output_size(self):
        size = self._cell.output_size
        if self._output_layer is None:
            return size
        return nest.map_structure(lambda s: _layer_output_size(self._output_layer, s), size)

    @property
    def output_size(self):
        return BasicDecoderOutput(rnn_output=self._rnn_output_size(), sample_id=self._helper.sample_ids_shape)

    @property
    def output_dtype(self):
        dtype = nest.flatten(self._initial_state)[0].dtype
        return BasicDecoderOutput(nest.map_structure(lambda _: dtype, self._rnn_output_size()),
                                  self._helper.sample_ids_dtype)

    def initialize(self, name=None):
        """(finished, first inputs, initial state)."""
        return self._helper.initialize() + (self._initial_state,)

    def step(self, time, inputs, state, name=None):
        """(BasicDecoderOutput, next state, next inputs, finished) for one time step."""
        with name_scope(name or "BasicDecoderStep"):
            cell_outputs, cell_state = self._cell(inputs, state)
            if self._output_layer is not None:
                cell_outputs = self._output_layer(cell_outputs)
            sample_ids = self._helper.sample(time=time, outputs=cell_outputs, state=cell_state)
            finished, next_inputs, next_state = self._helper.next_inputs(
                time=time, outputs=cell_outputs, state=cell_state, sample_ids=sample_ids)
        return BasicDecoderOutput(cell_outputs, sample_ids), next_state, next_inputs, finished
