"""NumPy arrays and shapes -> ``TensorProto`` / ``TensorShapeProto``, as TF's ``make_tensor_proto`` does.

Arrays of more than one numeric element go in ``tensor_content`` (raw little-endian bytes); single
elements, booleans, complex numbers and strings go in the typed ``*_val`` fields, as in TF.

    >>> make_tensor_proto(np.float32(2.5)).float_val
    [2.5]
"""

import numpy as np

from .proto_dtypes import data_type, dtype_name_of_numpy
from .protos import TensorProto, TensorShapeProto

_CONTENT_DTYPES = frozenset(
    ["float16", "bfloat16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
)


def shape_proto(dims):
    """``TensorShapeProto`` of a shape list (None for an unknown dimension), or of None (unknown rank).

        >>> [d.size for d in shape_proto([None, 3]).dim], shape_proto(None).unknown_rank
        ([-1, 3], True)
    """
    if dims is None:
        return TensorShapeProto(unknown_rank=True)
    if hasattr(dims, "as_list"):
        try:
            dims = dims.as_list()
        except ValueError:
            return TensorShapeProto(unknown_rank=True)
    proto = TensorShapeProto()
    for size in dims:
        if size is not None and not isinstance(size, (int, np.integer)):
            raise TypeError(f"shape {dims!r}: each dimension must be an int or None, got {size!r}")
        proto.dim.add(size=-1 if size is None or size < 0 else int(size))
    return proto


def make_tensor_proto(value):
    """The ``TensorProto`` of a NumPy array (or anything ``np.asarray`` takes).

        >>> make_tensor_proto(np.zeros((2, 3), np.float32)).tensor_shape.dim[1].size
        3
    """
    array = np.asarray(value)
    dtype_name = dtype_name_of_numpy(array.dtype)
    proto = TensorProto(dtype=data_type(dtype_name), tensor_shape=shape_proto(list(array.shape)))
    if dtype_name in _CONTENT_DTYPES and array.size > 1:
        proto.tensor_content = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).tobytes()
        return proto
    flat = array.ravel()
    if dtype_name == "string":
        proto.string_val.extend(_element_bytes(element) for element in flat)
    elif dtype_name in ("float16", "bfloat16"):  # both travel as their 16 bits (TF's half_val)
        proto.half_val.extend(flat.view(np.uint16).tolist())
    elif dtype_name == "float32":
        proto.float_val.extend(flat.tolist())
    elif dtype_name == "float64":
        proto.double_val.extend(flat.tolist())
    elif dtype_name == "int64":
        proto.int64_val.extend(flat.tolist())
    elif dtype_name == "bool":
        proto.bool_val.extend(flat.tolist())
    elif dtype_name == "complex64":
        proto.scomplex_val.extend(flat.view(np.float32).tolist())
    elif dtype_name == "complex128":
        proto.dcomplex_val.extend(flat.view(np.float64).tolist())
    else:  # the small integer types all travel as int32
        proto.int_val.extend(flat.tolist())
    return proto


def _element_bytes(element):
    if isinstance(element, (bytes, np.bytes_)):
        return bytes(element)
    if isinstance(element, str):
        return element.encode("utf-8")
    raise TypeError(f"a string tensor holds str or bytes, got {type(element).__name__} {element!r}")
