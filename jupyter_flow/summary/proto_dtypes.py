"""TensorFlow dtype names ("float32", "float32_ref") <-> the ``DataType`` enum of GraphDef/TensorProto.

    >>> data_type("float32") == DataType.DT_FLOAT, data_type("int64_ref") == DataType.DT_INT64_REF
    (True, True)
"""

import numpy as np

from .protos import DataType

_ENUM_NAME_OF_DTYPE = {
    "float16": "DT_HALF",
    "bfloat16": "DT_BFLOAT16",
    "float32": "DT_FLOAT",
    "float64": "DT_DOUBLE",
    "int8": "DT_INT8",
    "int16": "DT_INT16",
    "int32": "DT_INT32",
    "int64": "DT_INT64",
    "uint8": "DT_UINT8",
    "uint16": "DT_UINT16",
    "uint32": "DT_UINT32",
    "uint64": "DT_UINT64",
    "bool": "DT_BOOL",
    "string": "DT_STRING",
    "complex64": "DT_COMPLEX64",
    "complex128": "DT_COMPLEX128",
    "qint8": "DT_QINT8",
    "quint8": "DT_QUINT8",
    "qint16": "DT_QINT16",
    "quint16": "DT_QUINT16",
    "qint32": "DT_QINT32",
    "resource": "DT_RESOURCE",
}
# TF's numbers for the types the bundled DataType enum (an older types.proto) lacks; proto3 enums
# keep unknown numbers, so these still travel and TensorBoard reads them.
_NUMBER_OF_MISSING_ENUM = {"DT_UINT32": 22, "DT_UINT64": 23}
_REF_OFFSET = 100  # TF numbers each reference type as its value type + 100.

DTYPE_NAMES = frozenset(_ENUM_NAME_OF_DTYPE) | {name + "_ref" for name in _ENUM_NAME_OF_DTYPE}


def data_type(dtype_name):
    """The ``DataType`` enum value of a TF dtype name such as "float32" or "float32_ref".

        >>> data_type("bool") == DataType.DT_BOOL
        True
    """
    base, is_ref = (dtype_name[:-4], True) if dtype_name.endswith("_ref") else (dtype_name, False)
    if base not in _ENUM_NAME_OF_DTYPE:
        raise ValueError(
            f"dtype {dtype_name!r} has no GraphDef DataType; use one of {sorted(_ENUM_NAME_OF_DTYPE)}"
        )
    enum_name = _ENUM_NAME_OF_DTYPE[base]
    value = _NUMBER_OF_MISSING_ENUM[enum_name] if enum_name in _NUMBER_OF_MISSING_ENUM else DataType.Value(enum_name)
    return value + _REF_OFFSET if is_ref else value


def dtype_name_of_numpy(np_dtype):
    """The TF dtype name of a NumPy dtype (strings and objects are "string").

        >>> dtype_name_of_numpy(np.dtype("<U3")), dtype_name_of_numpy(np.dtype(np.float32))
        ('string', 'float32')
    """
    np_dtype = np.dtype(np_dtype)
    if np_dtype.kind in "USO":
        return "string"
    name = np_dtype.name
    if name not in _ENUM_NAME_OF_DTYPE:
        raise ValueError(f"NumPy dtype {np_dtype} has no TensorFlow equivalent in a GraphDef")
    return name
