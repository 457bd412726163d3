"""Data types of tensors: tf.float32, tf.int32, ... and conversion from NumPy/Python types."""
import numpy as np


class DType:
    """A tensor element type, like ``tf.float32``.

    >>> tf.float32.as_numpy_dtype
    <class 'numpy.float32'>
    """

    __slots__ = ("name", "_enum", "_np")

    def __init__(self, name, enum, np_type):
        self.name = name
        self._enum = enum  # shared with the engine's jf::DType
        self._np = np_type

    @property
    def as_numpy_dtype(self):
        return self._np

    @property
    def base_dtype(self):
        return self

    @property
    def real_dtype(self):
        return self

    @property
    def is_floating(self):
        return self._enum in (1, 2)

    @property
    def is_integer(self):
        return self._enum in (3, 4)

    @property
    def is_bool(self):
        return self._enum == 5

    @property
    def is_numeric(self):
        return self._enum in (1, 2, 3, 4)

    @property
    def size(self):
        return np.dtype(self._np).itemsize if self._enum != 6 else 1

    @property
    def min(self):
        return np.finfo(self._np).min if self.is_floating else np.iinfo(self._np).min

    @property
    def max(self):
        return np.finfo(self._np).max if self.is_floating else np.iinfo(self._np).max

    def is_compatible_with(self, other):
        return self is as_dtype(other)

    def __eq__(self, other):
        if other is self:
            return True
        try:
            return as_dtype(other) is self
        except TypeError:
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return self._enum

    def __repr__(self):
        return "tf." + self.name

    def __reduce__(self):
        return as_dtype, (self.name,)


float32 = DType("float32", 1, np.float32)
float64 = DType("float64", 2, np.float64)
int32 = DType("int32", 3, np.int32)
int64 = DType("int64", 4, np.int64)
bool = DType("bool", 5, np.bool_)  # noqa: A001 - TF1's public name
string = DType("string", 6, np.object_)
double = float64

ALL = (float32, float64, int32, int64, bool, string)
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update({"float": float32, "double": float64, "bytes": string, "str": string})
_BY_ENUM = {d._enum: d for d in ALL}
_BY_NUMPY = {np.dtype(np.float32): float32, np.dtype(np.float64): float64, np.dtype(np.int32): int32,
             np.dtype(np.int64): int64, np.dtype(np.bool_): bool, np.dtype(object): string}


def as_dtype(value):
    """The DType for a DType, a name ('float32'), a NumPy dtype or type.

    >>> tf.as_dtype(np.float64)
    tf.float64
    """
    if isinstance(value, DType):
        return value
    if isinstance(value, str):
        try:
            return _BY_NAME[value]
        except KeyError:
            raise TypeError(f"Cannot convert {value!r} to a jupyter_flow DType; "
                            f"use one of {sorted(d.name for d in ALL)}") from None
    try:
        npd = np.dtype(value)
    except TypeError:
        raise TypeError(f"Cannot convert {value!r} to a jupyter_flow DType") from None
    if npd.kind in "SU":
        return string
    found = _BY_NUMPY.get(npd)
    if found is None:
        raise TypeError(f"NumPy dtype {npd} has no jupyter_flow equivalent; "
                        f"cast it to one of {[d.name for d in ALL]} first")
    return found


def from_enum(enum):
    return _BY_ENUM[enum]
