"""tf.io: TF's I/O namespace: TFRecord files (as tf.python_io) and Example parsing.

>>> with tf.io.TFRecordWriter(path) as w: w.write(example.SerializeToString())
>>> tf.io.parse_single_example(record, {"x": tf.io.FixedLenFeature([], tf.float32)})
"""
from ..ops.parsing_example_ops import (FixedLenFeature, FixedLenSequenceFeature, VarLenFeature,  # noqa: F401
                                       decode_raw, parse_example, parse_single_example)
from ..python_io import TFRecordCompressionType, TFRecordOptions, TFRecordWriter, tf_record_iterator  # noqa: F401
