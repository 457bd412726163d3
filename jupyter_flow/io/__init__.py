"""tf.io: TF's I/O namespace (tf.io.gfile so far).

>>> tf.io.gfile.makedirs(logdir); tf.io.gfile.listdir(logdir)
"""
from . import gfile  # noqa: F401
from ..train.write_graph import write_graph  # noqa: F401,E402 - tf.io.write_graph
