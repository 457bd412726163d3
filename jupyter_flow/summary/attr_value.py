"""Python attribute values of an operation -> ``AttrValue`` messages of its NodeDef.

The attribute's name decides the ambiguous cases, as TF's op definitions do: a string under a type
attribute ("dtype", "T", ...) is a dtype name, and a list under a shape attribute ("shape",
"_output_shapes", ...) is a shape. Otherwise the Python type decides: bool, int, float, str/bytes,
a NumPy array (a tensor, e.g. a constant's "value"), or a list of one of those.

    >>> to_attr_value("T", "float32").type == DataType.DT_FLOAT
    True
"""

import numpy as np

from .proto_dtypes import DTYPE_NAMES, data_type
from .protos import AttrValue
from .tensor_proto import make_tensor_proto, shape_proto

TYPE_ATTR_NAMES = frozenset(
    ["dtype", "T", "DstT", "SrcT", "Tidx", "Tshape", "Tindices", "Tparams", "Tpaddings",
     "Tmultiples", "Tperm", "Tlabels", "TI", "Tout", "Tin", "out_type", "output_type",
     "index_type", "dtypes", "component_types", "Toutput_types", "seed_dtype", "Tdim", "Taxis", "Index", "Tk",
     "Tsegmentids", "Tnumsegments", "Tcomplex", "Treal", "U", "output_types"]
)
SHAPE_ATTR_NAMES = frozenset(["shape", "element_shape", "shapes", "output_shapes", "_output_shapes"])
_SHAPE_LIST_ATTR_NAMES = frozenset(["shapes", "output_shapes", "_output_shapes"])


def to_attr_value(name, value, op_name="?"):
    """The ``AttrValue`` for attribute ``name`` of op ``op_name`` holding the Python ``value``.

        >>> to_attr_value("shape", [None, 3]).shape.dim[0].size
        -1
    """
    try:
        if name in SHAPE_ATTR_NAMES:
            return _shape_attr(name, value)
        if name in TYPE_ATTR_NAMES and (isinstance(value, str) or _is_dtype(value)):
            return AttrValue(type=_type_enum(value))  # an unknown dtype name raises here
        if isinstance(value, (list, tuple)):
            return AttrValue(list=_list_value(name, value))
        return _single(value)
    except (TypeError, ValueError) as error:
        raise type(error)(f"op '{op_name}' attribute '{name}' = {value!r:.200}: {error}") from None


def _shape_attr(name, value):
    if name in _SHAPE_LIST_ATTR_NAMES:
        if value and all(isinstance(item, int) for item in value):
            # Queues and iterators keep their component shapes as one flat int list (encode_shapes).
            from ..ops.dataset_ops import decode_shapes
            value = [shape.as_list() if shape.ndims is not None else None for shape in decode_shapes(value)]
        attr = AttrValue()
        attr.list.SetInParent()
        attr.list.shape.extend(shape_proto(dims) for dims in value)
        return attr
    return AttrValue(shape=shape_proto(value))


def _list_value(name, items):
    items = list(items)
    value = AttrValue.ListValue()
    if not items:
        return value
    if name in TYPE_ATTR_NAMES and all(isinstance(item, str) or _is_dtype(item) for item in items):
        value.type.extend(_type_enum(item) for item in items)
    elif all(isinstance(item, (bool, np.bool_)) for item in items):
        value.b.extend(bool(item) for item in items)
    elif all(isinstance(item, (int, np.integer)) and not isinstance(item, bool) for item in items):
        value.i.extend(int(item) for item in items)
    elif all(isinstance(item, (int, float, np.integer, np.floating)) for item in items):
        value.f.extend(float(item) for item in items)
    elif all(isinstance(item, (str, bytes)) for item in items):
        value.s.extend(_to_bytes(item) for item in items)
    elif all(isinstance(item, np.ndarray) for item in items):
        value.tensor.extend(make_tensor_proto(item) for item in items)
    else:
        kinds = sorted({type(item).__name__ for item in items})
        raise TypeError(f"a list attribute needs items of one kind, got {kinds}")
    return value


def _single(value):
    if isinstance(value, (bool, np.bool_)):
        return AttrValue(b=bool(value))
    if isinstance(value, (int, np.integer)):
        return AttrValue(i=int(value))
    if isinstance(value, (float, np.floating)):
        return AttrValue(f=float(value))
    if isinstance(value, (str, bytes)):
        return AttrValue(s=_to_bytes(value))
    if isinstance(value, np.ndarray):
        return AttrValue(tensor=make_tensor_proto(value))
    if _is_dtype(value):
        return AttrValue(type=_type_enum(value))
    raise TypeError(
        f"cannot store a {type(value).__name__} in a GraphDef; use bool, int, float, str, bytes, "
        "a NumPy array, a dtype, or a list of one of those"
    )


def _is_dtype(value):
    """A dtype name, or a dtype object (anything with a ``name`` that is a TF dtype name)."""
    name = value if isinstance(value, str) else getattr(value, "name", None)
    return isinstance(name, str) and name in DTYPE_NAMES


def _type_enum(value):
    return data_type(value if isinstance(value, str) else value.name)


def _to_bytes(value):
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)
