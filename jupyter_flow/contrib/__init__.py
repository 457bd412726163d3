"""tf.contrib: the parts TF1 tutorials used most (layers, regularizers, initializers, arg_scope, slim).

>>> from jupyter_flow.contrib.layers import fully_connected
>>> hidden1 = fully_connected(X, 300, scope="hidden1")
"""
from . import framework, layers, legacy_seq2seq, losses, metrics, rnn, seq2seq, training  # noqa: F401
from . import slim  # noqa: F401,E402 - after layers, losses and metrics, which it gathers
from .. import distributions  # noqa: F401,E402 - tf.contrib.distributions
