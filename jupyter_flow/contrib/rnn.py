"""tf.contrib.rnn: TF1's contrib aliases of the recurrent cells, and OutputProjectionWrapper.

>>> cell = tf.contrib.rnn.OutputProjectionWrapper(tf.contrib.rnn.BasicRNNCell(100), output_size=1)
"""
from ..ops.rnn import static_bidirectional_rnn, static_rnn  # noqa: F401
from ..ops.rnn_cell import (BasicLSTMCell, BasicRNNCell, DropoutWrapper, GRUCell, LSTMCell, LSTMStateTuple,  # noqa: F401
                           MultiRNNCell, OutputProjectionWrapper, RNNCell)
from ..ops.rnn_cell_input_wrappers import EmbeddingWrapper, InputProjectionWrapper  # noqa: F401
