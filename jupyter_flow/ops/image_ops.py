"""Image ops (tf.image): resizing (bilinear and nearest neighbour, TF 1.x sampling) with their
gradients, and the usual augmentations random_flip_left_right and random_crop.

Images are [height, width, channels] or batches [batch, height, width, channels]. The resize
ops are declared once here (shape rule + gradient rule); kernels live in
src_cpp/kernels/image.cc. The augmentations are compositions of existing ops (as in TF1), so
their gradients are those ops' rules.
"""
import numpy as np

from ..framework import dtypes
from ..framework.op_def import define_op, not_differentiable, register_gradient
from ..framework.shape_rules import FLOATING, NUMERIC, require_dtypes
from ..framework.tensor_shape import TensorShape
from ..framework.tensor_util import partial_ints
from .array_ops import where
from .constant_op import constant, convert_to_tensor
from .indexing_ops import slice as slice_
from .math_ops import add, cast, greater, less, multiply, subtract
from .random_ops import get_seed, random_uniform
from .shape_args import int_vector
from .shape_ops import expand_dims, reverse, shape as shape_of, squeeze


class ResizeMethod:
    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


def _size_value(size, op_type):
    v = partial_ints(size)
    if v is None:
        return [None, None]
    if v.ndim != 1 or len(v) != 2:
        raise ValueError(f"{op_type}: size must be a vector of 2 ints [new_height, new_width], got "
                         f"{v.tolist() if v.ndim else v}")
    for s in v:
        if s is not None and s <= 0:
            raise ValueError(f"{op_type}: size must hold positive ints, got {v.tolist()}")
    return list(v)


def _resize_infer(op_type, out_dtype):
    def infer(inputs, attrs):
        images, size = inputs
        require_dtypes(images, NUMERIC, op_type)
        s = images._shape
        if s.ndims is not None and s.ndims != 4:
            raise ValueError(f"{op_type}: images must be 4-D [batch, height, width, channels], got shape {s}")
        h, w = _size_value(size, op_type)
        dims = s.as_list() if s.ndims == 4 else [None] * 4
        return [(out_dtype or images._dtype, TensorShape([dims[0], h, w, dims[3]]))]
    return infer


def _bilinear_grad_infer(inputs, attrs):
    return [(inputs[1]._dtype, inputs[1]._shape)]


def _nearest_grad_infer(inputs, attrs):
    g, size = inputs
    dims = g._shape.as_list() if g._shape.ndims == 4 else [None] * 4
    h, w = _size_value(size, "ResizeNearestNeighborGrad")
    return [(g._dtype, TensorShape([dims[0], h, w, dims[3]]))]


define_op("ResizeBilinear", infer=_resize_infer("ResizeBilinear", dtypes.float32))
define_op("ResizeBilinearGrad", infer=_bilinear_grad_infer)
define_op("ResizeNearestNeighbor", infer=_resize_infer("ResizeNearestNeighbor", None))
define_op("ResizeNearestNeighborGrad", infer=_nearest_grad_infer)
not_differentiable("ResizeBilinearGrad", "ResizeNearestNeighborGrad")

_RESIZE_ATTRS = ("align_corners", "half_pixel_centers")


def _attrs_of(op):
    return {k: op.get_attr(k) for k in _RESIZE_ATTRS}


@register_gradient("ResizeBilinear")
def _resize_bilinear_grad(op, grad):
    images = op.inputs[0]
    if images.dtype not in FLOATING:
        return [None, None]
    return [op.graph.create_op("ResizeBilinearGrad", (grad, images), _attrs_of(op), "ResizeBilinearGrad")._outputs[0],
            None]


@register_gradient("ResizeNearestNeighbor")
def _resize_nearest_grad(op, grad):
    images = op.inputs[0]
    if images.dtype not in FLOATING:
        return [None, None]
    hw = shape_of(images)[1:3]
    return [op.graph.create_op("ResizeNearestNeighborGrad", (grad, hw), _attrs_of(op),
                               "ResizeNearestNeighborGrad")._outputs[0], None]


def _resize(op_type, images, size, align_corners, half_pixel_centers, name):
    x = convert_to_tensor(images)
    sz = int_vector(size, "size", dtypes.int32)
    attrs = {"align_corners": bool(align_corners), "half_pixel_centers": bool(half_pixel_centers)}
    if attrs["align_corners"] and attrs["half_pixel_centers"]:
        raise ValueError(f"{op_type}: align_corners and half_pixel_centers cannot both be True")
    return x.graph.create_op(op_type, (x, sz), attrs, name or op_type)._outputs[0]


def resize_bilinear(images, size, align_corners=False, name=None, half_pixel_centers=False):
    """Bilinear resizing of a 4-D batch to size = [new_height, new_width]; the result is float32.

    >>> small = tf.image.resize_bilinear(images, [14, 14])
    """
    return _resize("ResizeBilinear", images, size, align_corners, half_pixel_centers, name)


def resize_nearest_neighbor(images, size, align_corners=False, name=None, half_pixel_centers=False):
    """Nearest-neighbour resizing of a 4-D batch to size = [new_height, new_width] (dtype kept).

    >>> big = tf.image.resize_nearest_neighbor(images, [56, 56])
    """
    return _resize("ResizeNearestNeighbor", images, size, align_corners, half_pixel_centers, name)


def resize_images(images, size, method=ResizeMethod.BILINEAR, align_corners=False, preserve_aspect_ratio=False,
                  name=None):
    """Resize an image [h, w, c] or a batch [n, h, w, c] to size = [new_height, new_width]
    (TF 1.x: bilinear gives float32; an unchanged static size returns the images as they are).

    >>> resized = tf.image.resize_images(images, [32, 32])
    >>> nearest = tf.image.resize_images(images, [32, 32], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR)
    """
    x = convert_to_tensor(images)
    rank = x.shape.ndims
    if rank is None or rank not in (3, 4):
        raise ValueError(f"'images' must have either 3 or 4 dimensions, got shape {x.shape} ('{x.name}').")
    if method not in (ResizeMethod.BILINEAR, ResizeMethod.NEAREST_NEIGHBOR):
        raise ValueError(f"resize_images supports method=ResizeMethod.BILINEAR or NEAREST_NEIGHBOR, got {method!r} "
                         f"(BICUBIC and AREA are not implemented)")
    g = x.graph
    with g.as_default(), g.name_scope(name or "resize_images") as scope:
        batch = x if rank == 4 else expand_dims(x, 0)
        h, w = batch.shape[1].value, batch.shape[2].value
        size_t = int_vector(size, "size", dtypes.int32)
        new_h, new_w = _size_value(size_t, "resize_images")
        if preserve_aspect_ratio:
            if None in (h, w, new_h, new_w):
                raise ValueError("resize_images(preserve_aspect_ratio=True) needs static image and target sizes")
            scale = min(new_h / h, new_w / w)
            new_h, new_w = int(round(h * scale)), int(round(w * scale))
            size_t = constant(np.array([new_h, new_w], np.int32), name="size")
        if new_h is not None and (new_h, new_w) == (h, w):
            return x  # nothing to resize (TF1 skips the op too)
        fn = resize_bilinear if method == ResizeMethod.BILINEAR else resize_nearest_neighbor
        out = fn(batch, size_t, align_corners=align_corners)
        return out if rank == 4 else squeeze(out, [0], name=scope)


def _bernoulli_half(reference, seed):
    """A 0/1 draw with probability 1/2 per element of `reference` (a vector whose length may be
    known only at run time): the Dropout kernel's mask with keep_prob 1/2 is exactly that."""
    s1, s2 = get_seed(seed)
    keep = constant(0.5, dtype=reference.dtype)
    mask = reference.graph.create_op("Dropout", (reference, keep),
                                     {"seed": int(s1 or 0), "seed2": int(s2 or 0), "noise_shape": None},
                                     "flip_draw")._outputs[1]
    return greater(mask, 0)


def random_flip_left_right(image, seed=None):
    """Mirror an image [h, w, c] left to right with probability 1/2; for a batch [n, h, w, c]
    each image is flipped or not on its own draw.

    >>> augmented = tf.image.random_flip_left_right(images)
    """
    x = convert_to_tensor(image)
    rank = x.shape.ndims
    if rank not in (3, 4):
        raise ValueError(f"random_flip_left_right needs an image [height, width, channels] or a batch [batch, "
                         f"height, width, channels], got shape {x.shape} ('{x.name}')")
    g = x.graph
    with g.as_default(), g.name_scope("random_flip_left_right") as scope:
        if rank == 3:
            mirror = less(random_uniform([], 0, 1.0, seed=seed), 0.5)
            return where(mirror, reverse(x, [1]), x, name=scope)
        probe = cast(x[:, 0, 0, 0], dtypes.float32) if x.dtype is not dtypes.float64 else x[:, 0, 0, 0]
        flips = _bernoulli_half(probe, seed)
        return where(flips, reverse(x, [2]), x, name=scope)


def random_crop(value, size, seed=None, name=None):
    """A random block of `value` of shape `size` (every position equally likely).

    >>> patch = tf.image.random_crop(image, [24, 24, 3])    # also tf.random_crop
    """
    x = convert_to_tensor(value)
    g = x.graph
    with g.as_default(), g.name_scope(name or "random_crop") as scope:
        sz = int_vector(size, "size", dtypes.int32)
        wanted = partial_ints(sz)
        rank = x.shape.ndims
        if wanted is None or wanted.ndim != 1 or rank is None or len(wanted) != rank:
            raise ValueError(f"random_crop: size must be a vector with one entry per dimension of value (shape "
                             f"{x.shape}), got {size!r}")
        have = x.shape.as_list()
        for d, (a, b) in enumerate(zip(have, wanted)):
            if a is not None and b is not None and b > a:
                raise ValueError(f"random_crop: Need value.shape >= size, got {have} and {list(wanted)} "
                                 f"(dimension {d})")
        limit = add(subtract(shape_of(x), sz), 1)
        u = random_uniform([rank], 0, 1.0, dtype=dtypes.float64, seed=seed)
        # u * limit lies in [0, limit): the cast's truncation is the floor, an offset in [0, limit - 1].
        offset = cast(multiply(u, cast(limit, dtypes.float64)), dtypes.int32)
        return slice_(x, offset, sz, name=scope)
