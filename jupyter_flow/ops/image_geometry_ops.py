"""tf.image's geometric transforms: flips, rot90, transpose, crops and pads to a bounding box,
central_crop and resize_image_with_crop_or_pad. Compositions of reverse, transpose, slice and
pad (as in TF1), so their gradients are those ops' rules.

Every function takes an image [height, width, channels] or a batch [batch, height, width,
channels]; sizes known when the graph is built are checked then (ValueError), others at run time
by the slice and pad ops.

>>> flipped = tf.image.flip_left_right(images)
>>> patch = tf.image.crop_to_bounding_box(image, 4, 4, 24, 24)
"""
from ..framework import dtypes
from ..framework.graph import name_scope
from ..framework.tensor_util import constant_value
from .array_ops import identity, where
from .concat_ops import stack
from .constant_op import constant, convert_to_tensor
from .control_flow_cond import case
from .image_ops import _bernoulli_half
from .indexing_ops import slice as slice_
from .linalg_ops import transpose
from .math_ops import cast, equal, floordiv, floormod, less, maximum, minimum, subtract
from .pad_ops import pad
from .random_ops import random_uniform
from .shape_ops import reverse, shape as shape_of


def _image(image, what):
    """The image as a tensor, and whether it is a batch (rank 4) rather than one image (rank 3)."""
    x = convert_to_tensor(image, name="image")
    rank = x.shape.ndims
    if rank not in (3, 4):
        raise ValueError(f"'image' (shape {x.shape}) must have either 3 or 4 dimensions ({what}: an image "
                         f"[height, width, channels] or a batch [batch, height, width, channels]).")
    return x, rank == 4


def _hw(x, batched):
    """(height, width): ints where the static shape knows them, else scalar int32 tensors."""
    dims = x.shape.as_list()
    hi, wi = (1, 2) if batched else (0, 1)
    dynamic = None
    out = []
    for i in (hi, wi):
        if dims[i] is not None:
            out.append(dims[i])
        else:
            dynamic = shape_of(x) if dynamic is None else dynamic
            out.append(dynamic[i])
    return out


def flip_left_right(image):
    """The image (or each image of a batch) mirrored left to right.

    >>> mirrored = tf.image.flip_left_right(image)
    """
    with name_scope("flip_left_right") as scope:
        x, batched = _image(image, "flip_left_right")
        return reverse(x, [2 if batched else 1], name=scope)


def flip_up_down(image):
    """The image (or each image of a batch) upside down.

    >>> tf.image.flip_up_down(image)
    """
    with name_scope("flip_up_down") as scope:
        x, batched = _image(image, "flip_up_down")
        return reverse(x, [1 if batched else 0], name=scope)


def random_flip_up_down(image, seed=None):
    """The image upside down with probability 1/2 (each image of a batch on its own draw).

    >>> augmented = tf.image.random_flip_up_down(image)
    """
    with name_scope("random_flip_up_down") as scope:
        x, batched = _image(image, "random_flip_up_down")
        if not batched:
            flip = less(random_uniform([], 0, 1.0, seed=seed), 0.5)
            return where(flip, reverse(x, [0]), x, name=scope)
        probe = cast(x[:, 0, 0, 0], dtypes.float32) if x.dtype is not dtypes.float64 else x[:, 0, 0, 0]
        return where(_bernoulli_half(probe, seed), reverse(x, [1]), x, name=scope)


def transpose_image(image, name=None):
    """The image with height and width swapped (each image of a batch).

    >>> tf.image.transpose_image(image)    # [w, h, c]
    """
    with name_scope(name or "transpose") as scope:
        x, batched = _image(image, "transpose_image")
        return transpose(x, [0, 2, 1, 3] if batched else [1, 0, 2], name=scope)


def _rot90_static(x, batched, k):
    h_axis, w_axis = (1, 2) if batched else (0, 1)
    perm = [0, 2, 1, 3] if batched else [1, 0, 2]
    if k == 0:
        return x
    if k == 1:
        return transpose(reverse(x, [w_axis]), perm)
    if k == 2:
        return reverse(x, [h_axis, w_axis])
    return reverse(transpose(x, perm), [w_axis])


def rot90(image, k=1, name=None):
    """The image rotated counter-clockwise by k * 90 degrees (np.rot90 over height and width);
    k may be a scalar int tensor (a random rotation: then the result's height and width are
    known only at run time unless the image is square).

    >>> tf.image.rot90(image, k=tf.random_uniform([], 0, 4, dtype=tf.int32))
    """
    with name_scope(name or "rot90") as scope:
        x, batched = _image(image, "rot90")
        k_value = constant_value(convert_to_tensor(k, dtype=dtypes.int32, name="k")) if not isinstance(k, int) else k
        if k_value is not None:
            out = _rot90_static(x, batched, int(k_value) % 4)
            return out if out is not x else identity(x, name=scope)
        kt = floormod(convert_to_tensor(k, dtype=dtypes.int32, name="k"), 4)
        branches = [(equal(kt, i), (lambda i=i: _rot90_static(x, batched, i))) for i in (1, 2, 3)]
        return case(branches, default=lambda: identity(x), exclusive=True, name=scope.rstrip("/") + "_case")


def _check_static(condition, message):
    if condition is False:
        raise ValueError(message)


def _known(*values):
    return all(isinstance(v, int) for v in values)


def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The box of size (target_height, target_width) whose top-left corner is (offset_height,
    offset_width), of the image or of each image of a batch.

    >>> face = tf.image.crop_to_bounding_box(image, 10, 20, 64, 64)
    """
    with name_scope("crop_to_bounding_box") as scope:
        x, batched = _image(image, "crop_to_bounding_box")
        h, w = _hw(x, batched)
        oh, ow, th, tw = (_int_or_tensor(v) for v in (offset_height, offset_width, target_height, target_width))
        for v, text in ((ow, "offset_width must be >= 0."), (oh, "offset_height must be >= 0.")):
            if isinstance(v, int):
                _check_static(v >= 0, text)
        for v, text in ((tw, "target_width must be > 0."), (th, "target_height must be > 0.")):
            if isinstance(v, int):
                _check_static(v > 0, text)
        if _known(w, tw, ow):
            _check_static(w >= tw + ow, f"width must be >= target + offset (width {w}, target {tw}, offset {ow}).")
        if _known(h, th, oh):
            _check_static(h >= th + oh, f"height must be >= target + offset (height {h}, target {th}, offset {oh}).")
        begin = stack([0, oh, ow, 0]) if batched else stack([oh, ow, 0])
        size = stack([-1, th, tw, -1]) if batched else stack([th, tw, -1])
        return _with_static_shape(slice_(x, begin, size, name=scope), x, batched, th, tw)


def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The image placed at (offset_height, offset_width) in zeros of size (target_height,
    target_width) (each image of a batch).

    >>> framed = tf.image.pad_to_bounding_box(image, 2, 2, 32, 32)
    """
    with name_scope("pad_to_bounding_box") as scope:
        x, batched = _image(image, "pad_to_bounding_box")
        h, w = _hw(x, batched)
        oh, ow, th, tw = (_int_or_tensor(v) for v in (offset_height, offset_width, target_height, target_width))
        after_h = th - oh - h if _known(th, oh, h) else subtract(subtract(th, oh), h)
        after_w = tw - ow - w if _known(tw, ow, w) else subtract(subtract(tw, ow), w)
        for v, text in ((oh, "offset_height must be >= 0"), (ow, "offset_width must be >= 0"),
                        (after_h, "height must be <= target - offset"), (after_w, "width must be <= target - offset")):
            if isinstance(v, int):
                _check_static(v >= 0, text)
        rows = [stack([oh, after_h]), stack([ow, after_w]), constant([0, 0])]
        if batched:
            rows = [constant([0, 0])] + rows
        return _with_static_shape(pad(x, stack(rows), name=scope), x, batched, th, tw)


def _with_static_shape(out, x, batched, th, tw):
    """out, with the static dims a slice or pad of run-time sizes loses: batch and channels from
    x, height and width where they are ints."""
    dims = x.shape.as_list()
    h_axis = 1 if batched else 0
    dims[h_axis] = th if isinstance(th, int) else None
    dims[h_axis + 1] = tw if isinstance(tw, int) else None
    out.set_shape(dims)
    return out


def _int_or_tensor(v):
    """A size argument as a Python int when it is known now, else an int32 tensor."""
    if isinstance(v, int):
        return v
    t = convert_to_tensor(v, dtype=dtypes.int32)
    value = constant_value(t)
    return int(value) if value is not None else t


def _max(a, b):
    return max(a, b) if _known(a, b) else maximum(a, b)


def _min(a, b):
    return min(a, b) if _known(a, b) else minimum(a, b)


def _sub(a, b):
    return a - b if _known(a, b) else subtract(a, b)


def _half(a):
    return a // 2 if isinstance(a, int) else floordiv(a, 2)


def _neg(a):
    return -a if isinstance(a, int) else subtract(0, a)


def resize_image_with_crop_or_pad(image, target_height, target_width):
    """The image cropped (centrally) or padded (evenly, with zeros) to target_height x
    target_width (each image of a batch).

    >>> square = tf.image.resize_image_with_crop_or_pad(image, 224, 224)
    """
    with name_scope("resize_image_with_crop_or_pad"):
        x, batched = _image(image, "resize_image_with_crop_or_pad")
        h, w = _hw(x, batched)
        th, tw = _int_or_tensor(target_height), _int_or_tensor(target_width)
        for v, text in ((tw, "target_width must be > 0."), (th, "target_height must be > 0.")):
            if isinstance(v, int):
                _check_static(v > 0, text)
        width_diff, height_diff = _sub(tw, w), _sub(th, h)
        cropped = crop_to_bounding_box(x, _max(_half(_neg(height_diff)), 0), _max(_half(_neg(width_diff)), 0),
                                       _min(th, h), _min(tw, w))
        return pad_to_bounding_box(cropped, _max(_half(height_diff), 0), _max(_half(width_diff), 0), th, tw)


resize_with_crop_or_pad = resize_image_with_crop_or_pad


def central_crop(image, central_fraction):
    """The central part of the image (each image of a batch) covering `central_fraction` of its
    height and of its width, in (0, 1].

    >>> center = tf.image.central_crop(image, 0.875)
    """
    with name_scope("central_crop"):
        x, batched = _image(image, "central_crop")
        if central_fraction <= 0.0 or central_fraction > 1.0:
            raise ValueError(f"central_fraction must be within (0, 1], got {central_fraction}")
        if central_fraction == 1.0:
            return x
        h, w = _hw(x, batched)

        def start(size):
            if isinstance(size, int):
                return int((size - size * central_fraction) / 2)
            s = cast(size, dtypes.float64)
            return cast((s - s * central_fraction) / 2, dtypes.int32)

        sh, sw = start(h), start(w)
        return crop_to_bounding_box(x, sh, sw, _sub(h, sh * 2), _sub(w, sw * 2))
