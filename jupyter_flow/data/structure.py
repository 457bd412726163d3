"""The structure of a dataset's elements: nested tuples/dicts of components, each a dtype and a
static shape. As in TF1's tf.data, tuples, namedtuples and dicts are structure while lists are
values (converted to one tensor); a function returning a list returns a tuple.

>>> s = structure_of((tf.constant([1, 2]), {"a": tf.constant(1.0)}))
>>> types_of(s)    # (tf.int32, {'a': tf.float32})
"""
from ..framework import dtypes, nest
from ..framework.graph import Tensor
from ..framework.tensor_shape import TensorShape, as_shape
from ..ops.constant_op import convert_to_tensor


class ComponentSpec:
    """One component of an element: a dtype and a static shape."""

    __slots__ = ("dtype", "shape")

    def __init__(self, dtype, shape):
        self.dtype = dtypes.as_dtype(dtype)
        self.shape = as_shape(shape)

    def __repr__(self):
        return f"ComponentSpec({self.dtype.name}, {self.shape})"


def normalize(value, name="component"):
    """Tuples and dicts kept as structure, every leaf a Tensor (lists become one tensor)."""
    if isinstance(value, dict):
        return type(value)((k, normalize(v, f"{name}_{k}")) for k, v in value.items())
    if isinstance(value, tuple):
        items = [normalize(v, f"{name}_{i}") for i, v in enumerate(value)]
        return type(value)(*items) if hasattr(type(value), "_fields") else tuple(items)
    if isinstance(value, Tensor):
        return value
    if type(value).__name__ == "SparseTensor":
        raise TypeError("tf.data in jupyter_flow does not carry SparseTensor components; convert it with "
                        "tf.sparse_tensor_to_dense first")
    return convert_to_tensor(value, name=name)


def function_result(value):
    """What a map function returned, as structure: lists become tuples (as TF1 does)."""
    if isinstance(value, list):
        value = tuple(value)
    return normalize(value)


def structure_of(value):
    """The ComponentSpec structure of a normalized value."""
    return nest.map_structure(lambda t: ComponentSpec(t.dtype, t.shape), value)


def flat_specs(structure):
    return nest.flatten(structure)


def types_of(structure):
    return nest.map_structure(lambda s: s.dtype, structure)


def shapes_of(structure):
    return nest.map_structure(lambda s: s.shape, structure)


def classes_of(structure):
    return nest.map_structure(lambda s: Tensor, structure)


def pack(structure, flat):
    return nest.pack_sequence_as(structure, flat)


def from_types_and_shapes(output_types, output_shapes=None):
    """A structure from TF1's (output_types, output_shapes) pair (Iterator.from_structure)."""
    if output_shapes is None:
        output_shapes = nest.map_structure(lambda _: TensorShape(None), output_types)
    flat_t = nest.flatten(output_types)
    flat_s = _flatten_shapes(output_shapes, output_types)
    if len(flat_t) != len(flat_s):
        raise ValueError(f"output_types has {len(flat_t)} components but output_shapes has {len(flat_s)}: "
                         f"{output_types!r} vs {output_shapes!r}")
    return nest.pack_sequence_as(output_types, [ComponentSpec(t, s) for t, s in zip(flat_t, flat_s)])


def _flatten_shapes(shapes, types):
    """Shapes given as lists ([None, 2]) are leaves, not structure: flatten along `types`."""
    if isinstance(types, dict):
        return [x for k in sorted(types) for x in _flatten_shapes(shapes[k], types[k])]
    if isinstance(types, tuple):
        return [x for s, t in zip(shapes, types) for x in _flatten_shapes(s, t)]
    return [as_shape(shapes)]


def is_compatible(a, b):
    """Same nesting, same dtypes, compatible shapes."""
    try:
        nest.assert_same_structure(a, b)
    except (ValueError, TypeError):
        return False
    return all(x.dtype is y.dtype and x.shape.is_compatible_with(y.shape) for x, y in zip(nest.flatten(a), nest.flatten(b)))


def call_with(fn, value):
    """TF1's calling convention: a tuple element is unpacked into arguments, others passed as one."""
    if isinstance(value, tuple) and not hasattr(type(value), "_fields"):
        return fn(*value)
    return fn(value)


class HasElementStructure:
    """TF1's output_types / output_shapes / output_classes of a Dataset or Iterator, read from `_structure`."""

    @property
    def output_types(self):
        return types_of(self._structure)

    @property
    def output_shapes(self):
        return shapes_of(self._structure)

    @property
    def output_classes(self):
        return classes_of(self._structure)
