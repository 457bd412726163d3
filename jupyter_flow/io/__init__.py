"""tf.io: TF's I/O namespace: tf.io.gfile, TFRecord files (as tf.python_io), Example parsing, write_graph.

>>> tf.io.gfile.makedirs(logdir); tf.io.gfile.listdir(logdir)
>>> with tf.io.TFRecordWriter(path) as w: w.write(example.SerializeToString())
>>> tf.io.parse_single_example(record, {"x": tf.io.FixedLenFeature([], tf.float32)})
"""
from . import gfile  # noqa: F401
from ..ops.parsing_example_ops import (FixedLenFeature, FixedLenSequenceFeature, VarLenFeature,  # noqa: F401
                                       decode_raw, parse_example, parse_single_example)
from ..python_io import TFRecordCompressionType, TFRecordOptions, TFRecordWriter, tf_record_iterator  # noqa: F401
from ..train.write_graph import write_graph  # noqa: F401,E402 - tf.io.write_graph
