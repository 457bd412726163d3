"""tf.estimator.inputs: input_fns over in-memory data.

>>> input_fn = tf.estimator.inputs.numpy_input_fn({"X": X}, y, batch_size=50, num_epochs=None, shuffle=True)
"""
from .numpy_io import numpy_input_fn
from .pandas_io import pandas_input_fn

__all__ = ["numpy_input_fn", "pandas_input_fn"]
