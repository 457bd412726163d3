"""tf.boolean_mask: the elements (or slices) of a tensor where a boolean mask is true, built as TF1 builds
it: the masked dimensions flattened into one, then a gather of the true positions (tf.where).

    >>> tf.boolean_mask(logits, lengths_mask)      # (num_true, classes)
"""
from ..framework import dtypes
from ..framework.graph import name_scope
from .concat_ops import concat
from .constant_op import convert_to_tensor
from .indexing_ops import gather
from .reduction_ops import reduce_prod
from .shape_ops import reshape, shape, squeeze
from .where_op import true_coordinates


def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    """`tensor`'s entries at the true places of `mask`; mask's shape must match tensor's dimensions
    axis .. axis + mask.rank - 1, which become one dimension of size num_true."""
    with name_scope(name):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, dtype=dtypes.bool, name="mask")
        k = mask.shape.ndims
        if k is None:
            raise ValueError(f"boolean_mask needs the mask's rank to be known; '{mask.name}' has unknown shape")
        if k == 0:
            raise ValueError("mask cannot be scalar.")
        axis = 0 if axis is None else int(axis)
        rank = tensor.shape.ndims
        if rank is not None:
            if axis < 0:
                axis += rank
            masked = tensor.shape[axis:axis + k]
            if masked.ndims != k or not masked.is_compatible_with(mask.shape):
                raise ValueError(f"Shapes {tensor.shape[axis:axis + k]} and {mask.shape} are incompatible: the mask "
                                 f"'{mask.name}' must have the shape of dimensions {axis}..{axis + k - 1} of "
                                 f"'{tensor.name}' ({tensor.shape})")
        dims = shape(tensor)
        flat = reshape(tensor, concat([dims[:axis], reduce_prod(dims[axis:axis + k], keepdims=True),
                                       dims[axis + k:]], 0))
        positions = squeeze(true_coordinates(reshape(mask, [-1])), axis=[1])
        return gather(flat, positions, axis=axis)
