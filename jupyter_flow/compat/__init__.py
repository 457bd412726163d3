"""tf.compat: `tf.compat.v1` is jupyter_flow itself (it is the TF1 API), plus TF's text and
dimension helpers (as_bytes, as_text, dimension_value ...). There is no tf.compat.v2: the TF2
API (eager execution, tf.function) is not what jupyter_flow runs.

>>> tf.compat.v1.placeholder(tf.float32, [None, 3])
>>> tf.compat.as_text(b"cat")    # 'cat'
"""
import numbers as _numbers
import os as _os
import sys as _sys

import numpy as _np

from ..framework.tensor_shape import Dimension as _Dimension, TensorShape as _TensorShape

v1 = _sys.modules[__name__.rsplit(".", 1)[0]]  # the jupyter_flow package (being imported right now)

bytes_or_text_types = (bytes, str)
integral_types = (_numbers.Integral, _np.integer)
real_types = (_numbers.Real, _np.integer, _np.floating)
complex_types = (_numbers.Complex, _np.number)


def as_bytes(bytes_or_text, encoding="utf-8"):
    """`bytes_or_text` as bytes (text is encoded).

    >>> tf.compat.as_bytes("cat")   # b'cat'
    """
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


def as_text(bytes_or_text, encoding="utf-8"):
    """`bytes_or_text` as str (bytes are decoded).

    >>> tf.compat.as_text(b"cat")   # 'cat'
    """
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text.decode(encoding)
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


as_str = as_text


def as_str_any(value):
    """str(value), except that bytes are decoded rather than shown as b'...'.

    >>> tf.compat.as_str_any(3)   # '3'
    """
    return as_str(value) if isinstance(value, bytes) else str(value)


def path_to_str(path):
    """An os.PathLike as its str path; anything else unchanged.

    >>> tf.compat.path_to_str(pathlib.Path("/tmp"))   # '/tmp'
    """
    return _os.fspath(path) if isinstance(path, _os.PathLike) else path


def dimension_value(dimension):
    """The int size of a Dimension (None when unknown); an int or None is returned as is.

    >>> tf.compat.dimension_value(x.shape[0])   # 32, or None
    """
    return dimension.value if isinstance(dimension, _Dimension) else dimension


def dimension_at_index(shape, index):
    """shape[index] as a Dimension; a shape of unknown rank gives an unknown Dimension.

    >>> tf.compat.dimension_at_index(x.shape, 1).value
    """
    shape = _TensorShape(shape)
    if shape.ndims is None:
        return _Dimension(None)
    return _Dimension(shape.as_list()[index])

