"""padded_batch's per-component parameters: the shape to pad to and the padding value."""
import numpy as np

from ..framework import dtypes, nest
from ..framework.tensor_shape import TensorShape, as_shape
from ..ops.constant_op import convert_to_tensor
from . import structure as st


def _flat_like(value, structure, what):
    if value is None:
        return [None] * len(nest.flatten(structure))
    if not nest.is_sequence(structure):
        return [value]
    if isinstance(structure, dict):
        return [x for k in sorted(structure) for x in _flat_like(value[k], structure[k], what)]
    if not isinstance(value, (tuple, list)) or len(value) != len(structure):
        raise ValueError(f"padded_batch: {what} must have the structure of the elements {structure!r}, got {value!r}")
    return [x for v, s in zip(value, structure) for x in _flat_like(v, s, what)]


def padded_batch_params(structure, padded_shapes, padding_values):
    """([shape, value, shape, value, ...], element structure with the padded static shapes)."""
    specs = st.flat_specs(structure)
    shapes = _flat_like(padded_shapes, structure, "padded_shapes") if padded_shapes is not None else \
        [s.shape for s in specs]
    values = _flat_like(padding_values, structure, "padding_values")
    params, out = [], []
    for i, (spec, shape, value) in enumerate(zip(specs, shapes, values)):
        shape = as_shape(shape)
        if shape.ndims is None:
            raise ValueError(f"padded_batch: component {i} needs a padded shape of known rank (its element shape is "
                             f"{spec.shape}); pass padded_shapes")
        if not shape.is_compatible_with(spec.shape) and spec.shape.ndims is not None:
            if spec.shape.ndims != shape.ndims:
                raise ValueError(f"padded_batch: the padded shape {shape} of component {i} must have the rank of its "
                                 f"elements {spec.shape}")
        dims = [-1 if d is None else int(d) for d in shape.as_list()]
        params.append(convert_to_tensor(np.array(dims, dtype=np.int64), name=f"padded_shape_{i}"))
        if value is None:
            value = b"" if spec.dtype is dtypes.string else np.zeros((), dtype=spec.dtype.as_numpy_dtype)
        params.append(convert_to_tensor(value, dtype=spec.dtype, name=f"padding_value_{i}"))
        out.append(st.ComponentSpec(spec.dtype, TensorShape([d if d >= 0 else None for d in dims])))
    return params, nest.pack_sequence_as(structure, out)
