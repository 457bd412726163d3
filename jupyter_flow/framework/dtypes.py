"""Data types of tensors: tf.float32, tf.int32, ... and conversion from NumPy/Python types."""
import ml_dtypes
import numpy as np


class DType:
    """A tensor element type, like ``tf.float32``.

    >>> tf.float32.as_numpy_dtype
    <class 'numpy.float32'>
    """

    __slots__ = ("name", "_enum", "_np", "_kind")

    def __init__(self, name, enum, np_type, kind):
        self.name = name
        self._enum = enum  # shared with the engine's jf::DType
        self._np = np_type
        self._kind = kind  # "float", "int", "uint", "complex", "bool" or "string"

    @property
    def as_numpy_dtype(self):
        return self._np

    @property
    def as_datatype_enum(self):
        """The number of this dtype in TF's DataType enum (GraphDef, TensorProto)."""
        from ..summary.proto_dtypes import data_type
        return data_type(self.name)

    @property
    def base_dtype(self):
        return self

    @property
    def real_dtype(self):
        """float32 for complex64, float64 for complex128, the dtype itself otherwise."""
        if self is complex64:
            return float32
        if self is complex128:
            return float64
        return self

    @property
    def is_floating(self):
        return self._kind == "float"

    @property
    def is_integer(self):
        return self._kind in ("int", "uint")

    @property
    def is_unsigned(self):
        return self._kind == "uint"

    @property
    def is_complex(self):
        return self._kind == "complex"

    @property
    def is_bool(self):
        return self._kind == "bool"

    @property
    def is_numeric(self):
        return self._kind in ("float", "int", "uint", "complex")

    @property
    def is_quantized(self):
        return False

    @property
    def is_numpy_compatible(self):
        return True

    @property
    def size(self):
        return np.dtype(self._np).itemsize if self._kind != "string" else 1

    @property
    def min(self):
        """The lowest value of this dtype (TypeError for bool, complex and string, as TF1)."""
        if self._kind == "float":
            return _finfo(self._np).min
        if self._kind in ("int", "uint"):
            return int(np.iinfo(self._np).min)
        raise TypeError(f"Cannot find minimum value of {self!r}.")

    @property
    def max(self):
        if self._kind == "float":
            return _finfo(self._np).max
        if self._kind in ("int", "uint"):
            return int(np.iinfo(self._np).max)
        raise TypeError(f"Cannot find maximum value of {self!r}.")

    @property
    def limits(self):
        return self.min, self.max

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


def _finfo(np_type):
    return ml_dtypes.finfo(np_type) if np_type is ml_dtypes.bfloat16 else np.finfo(np_type)


# The numbers are the engine's jf::DType (src_cpp/tensor.h), not TF's DataType enum.
float32 = DType("float32", 1, np.float32, "float")
float64 = DType("float64", 2, np.float64, "float")
int32 = DType("int32", 3, np.int32, "int")
int64 = DType("int64", 4, np.int64, "int")
bool = DType("bool", 5, np.bool_, "bool")  # noqa: A001 - TF1's public name
string = DType("string", 6, np.object_, "string")
int8 = DType("int8", 7, np.int8, "int")
int16 = DType("int16", 8, np.int16, "int")
uint8 = DType("uint8", 9, np.uint8, "uint")
uint16 = DType("uint16", 10, np.uint16, "uint")
uint32 = DType("uint32", 11, np.uint32, "uint")
uint64 = DType("uint64", 12, np.uint64, "uint")
float16 = DType("float16", 13, np.float16, "float")
# NumPy has no bfloat16: ml_dtypes (the small extension TF itself uses) provides the array type,
# so fetched bfloat16 values print and convert as numbers.
bfloat16 = DType("bfloat16", 14, ml_dtypes.bfloat16, "float")
complex64 = DType("complex64", 15, np.complex64, "complex")
complex128 = DType("complex128", 16, np.complex128, "complex")
double = float64
half = float16

ALL = (float32, float64, int32, int64, bool, string, int8, int16, uint8, uint16, uint32, uint64,
       float16, bfloat16, complex64, complex128)
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update({"float": float32, "double": float64, "half": float16, "bytes": string, "str": string})
_BY_ENUM = {d._enum: d for d in ALL}
_BY_NUMPY = {np.dtype(d._np): d for d in ALL if d is not string}
_BY_NUMPY[np.dtype(object)] = string


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
