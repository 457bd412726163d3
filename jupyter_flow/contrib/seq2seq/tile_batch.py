"""tf.contrib.seq2seq.tile_batch: each batch entry repeated `multiplier` times in place, as beam
search needs its encoder outputs and state ([b0, b0, b1, b1, ...], not [b0, b1, b0, b1]).

>>> tiled_memory = tf.contrib.seq2seq.tile_batch(encoder_outputs, multiplier=beam_width)
"""
from ...framework import nest
from ...framework.graph import name_scope
from ...framework.tensor_shape import TensorShape
from ...ops.concat_ops import concat
from ...ops.constant_op import convert_to_tensor
from ...ops.shape_ops import expand_dims, reshape, shape, tile

__all__ = ["tile_batch"]


def _tile_one(t, multiplier):
    t = convert_to_tensor(t, name="t")
    if t.shape.ndims is None or t.shape.ndims < 1:
        raise ValueError("t must have statically known rank")
    shape_t = shape(t)
    tiling = [1] * (t.shape.ndims + 1)
    tiling[1] = multiplier
    batch = t.shape[0].value
    tiled = tile(expand_dims(t, 1), tiling)
    tiled = reshape(tiled, concat(([shape_t[0] * multiplier], shape_t[1:]), 0))
    tiled.set_shape(TensorShape([None if batch is None else batch * multiplier]).concatenate(t.shape[1:]))
    return tiled


def tile_batch(t, multiplier, name=None):
    """Every tensor of the structure `t` tiled along its batch (first) dimension.

    >>> tf.contrib.seq2seq.tile_batch(tf.constant([[1], [2]]), 2)     # [[1], [1], [2], [2]]
    """
    with name_scope(name or "tile_batch"):
        return nest.map_structure(lambda t_: _tile_one(t_, multiplier), t)
