"""tf.io: TF's I/O namespace (tf.io.gfile so far).

>>> tf.io.gfile.makedirs(logdir); tf.io.gfile.listdir(logdir)
"""
from . import gfile  # noqa: F401
