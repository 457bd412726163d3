"""tf.image's pixel-value ops: convert_image_dtype (TF1's scaling between integer and [0, 1]
float images), per_image_standardization, brightness, contrast and gamma adjustments (and their
random versions), grayscale <-> RGB, and the measures total_variation, image_gradients, psnr and
sobel_edges. Compositions of existing ops (as in TF1), so their gradients are those ops' rules.

Images are [height, width, channels] or batches [batch, height, width, channels]. As in TF1,
the adjustments work in float32 and give back the input's dtype (integers saturate).

>>> x = tf.image.convert_image_dtype(uint8_images, tf.float32)    # in [0, 1]
>>> x = tf.image.random_brightness(x, max_delta=0.2)
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import name_scope
from .array_ops import identity, zeros
from .clip_ops import clip_by_value
from .concat_ops import concat
from .constant_op import constant, convert_to_tensor
from .depthwise_ops import depthwise_conv2d
from .einsum_ops import tensordot
from .math_ops import (abs as abs_, add, cast, floordiv, log, maximum, multiply, pow as pow_, relu, rsqrt, sqrt,
                       square, squared_difference, subtract, truediv)
from .pad_ops import pad
from .random_ops import random_uniform
from .reduction_ops import reduce_mean, reduce_prod, reduce_sum
from .shape_ops import expand_dims, reshape, shape as shape_of, tile


def _saturate_cast(x, dtype, name=None):
    """Cast with values clipped to dtype's range first (TF's saturate_cast)."""
    if x.dtype.is_floating and (dtype.is_integer or dtype.size < x.dtype.size):
        lo, hi = dtype.min, dtype.max
        src = x.dtype.as_numpy_dtype
        # Bounds representable in x's dtype that do not exceed dtype's range after the cast.
        lo_v, hi_v = np.array(lo, dtype=src), np.array(hi, dtype=src)
        if dtype.is_integer and float(hi_v) > hi:
            hi_v = np.nextafter(hi_v, np.array(0, dtype=src))
        x = clip_by_value(x, constant(lo_v), constant(hi_v))
    elif x.dtype.is_integer and dtype.is_integer and (dtype.max < x.dtype.max or dtype.min > x.dtype.min):
        lo = max(dtype.min, x.dtype.min)
        hi = min(dtype.max, x.dtype.max)
        x = clip_by_value(x, constant(lo, dtype=x.dtype), constant(hi, dtype=x.dtype))
    return cast(x, dtype, name=name)


def convert_image_dtype(image, dtype, saturate=False, name=None):
    """The image in another dtype, rescaled as TF1: integer images span [0, dtype.max], float
    images [0, 1]; converting between integers shifts bits. With saturate=True values outside the
    target range are clipped instead of wrapping.

    >>> tf.image.convert_image_dtype(tf.image.decode_png(data), tf.float32)
    """
    image = convert_to_tensor(image, name="image")
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating and not dtype.is_integer:
        raise AttributeError(f"dtype must be either floating point or integer, got {dtype.name}")
    if dtype == image.dtype:
        return identity(image, name=name or "Identity")
    src = image.dtype
    if not src.is_floating and not src.is_integer:
        raise AttributeError(f"convert_image_dtype: the image must be floating point or integer, got {src.name} "
                             f"('{image.name}')")
    with name_scope(name or "convert_image") as scope:
        if src.is_integer and dtype.is_integer:
            scale_in, scale_out = src.max, dtype.max
            if scale_in > scale_out:
                scale = (scale_in + 1) // (scale_out + 1)
                scaled = floordiv(image, constant(scale, dtype=src))
                return _saturate_cast(scaled, dtype, name=scope) if saturate else cast(scaled, dtype, name=scope)
            converted = _saturate_cast(image, dtype) if saturate else cast(image, dtype)
            return multiply(converted, constant((scale_out + 1) // (scale_in + 1), dtype=dtype), name=scope)
        if src.is_floating and dtype.is_floating:
            return cast(image, dtype, name=scope)
        if src.is_integer:
            return multiply(cast(image, dtype), constant(1.0 / src.max, dtype=dtype), name=scope)
        # + 0.5: the cast truncates, so 1.0 must land just above dtype.max (TF1's rounding guard)
        scaled = multiply(image, constant(dtype.max + 0.5, dtype=src))
        return _saturate_cast(scaled, dtype, name=scope) if saturate else cast(scaled, dtype, name=scope)


def _image(image, what, at_least=3):
    x = convert_to_tensor(image, name="image")
    rank = x.shape.ndims
    if rank is not None and rank < at_least:
        raise ValueError(f"'image' (shape {x.shape}) must be at least three-dimensional ({what}: an image "
                         f"[height, width, channels] or a batch of them).")
    return x


def _as_float(x):
    """x itself when float16/float32 (TF1 adjusts those in place), else x scaled to float32."""
    return x if x.dtype in (dtypes.float16, dtypes.float32) else convert_image_dtype(x, dtypes.float32)


def per_image_standardization(image):
    """Each image scaled to mean 0 and variance 1: (x - mean) / max(stddev, 1/sqrt(num_pixels)),
    over its height, width and channels; the result is float32.

    >>> x = tf.image.per_image_standardization(image)
    """
    with name_scope("per_image_standardization") as scope:
        x = _image(image, "per_image_standardization")
        num_pixels = reduce_prod(shape_of(x)[-3:])
        x = cast(x, dtypes.float32)
        mean = reduce_mean(x, axis=[-1, -2, -3], keepdims=True)
        variance = relu(subtract(reduce_mean(square(x), axis=[-1, -2, -3], keepdims=True), square(mean)))
        stddev = maximum(sqrt(variance), rsqrt(cast(num_pixels, dtypes.float32)))
        return truediv(subtract(x, mean), stddev, name=scope)


def adjust_brightness(image, delta):
    """The image plus `delta` (on the [0, 1] scale for integer images, which saturate).

    >>> brighter = tf.image.adjust_brightness(image, 0.1)
    """
    with name_scope("adjust_brightness") as scope:
        x = convert_to_tensor(image, name="image")
        flt = _as_float(x)
        adjusted = add(flt, cast(delta, flt.dtype), name="Add")
        return convert_image_dtype(adjusted, x.dtype, saturate=True, name=scope)


def adjust_contrast(images, contrast_factor):
    """Per image and channel, (x - mean) * contrast_factor + mean, the mean over height and width.

    >>> tf.image.adjust_contrast(image, 2.0)
    """
    with name_scope("adjust_contrast") as scope:
        x = _image(images, "adjust_contrast")
        flt = _as_float(x)
        mean = reduce_mean(flt, axis=[-3, -2], keepdims=True)
        factor = cast(contrast_factor, flt.dtype)
        adjusted = add(multiply(subtract(flt, mean), factor), mean)
        return convert_image_dtype(adjusted, x.dtype, saturate=True, name=scope)


def adjust_gamma(image, gamma=1, gain=1):
    """gain * image ** gamma (on the [0, 1] scale for integer images); gamma must be >= 0.

    >>> tf.image.adjust_gamma(image, gamma=0.5)
    """
    with name_scope("adjust_gamma") as scope:
        x = convert_to_tensor(image, name="image")
        if isinstance(gamma, (int, float)) and gamma < 0:
            raise ValueError("Gamma should be a non-negative real number.")
        flt = _as_float(x)
        adjusted = multiply(cast(gain, flt.dtype), pow_(flt, cast(gamma, flt.dtype)))
        return convert_image_dtype(adjusted, x.dtype, saturate=True, name=scope)


def random_brightness(image, max_delta, seed=None):
    """adjust_brightness by a delta drawn uniformly from [-max_delta, max_delta).

    >>> tf.image.random_brightness(image, max_delta=32. / 255.)
    """
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    delta = random_uniform([], -max_delta, max_delta, seed=seed)
    return adjust_brightness(image, delta)


def random_contrast(image, lower, upper, seed=None):
    """adjust_contrast by a factor drawn uniformly from [lower, upper).

    >>> tf.image.random_contrast(image, lower=0.5, upper=1.5)
    """
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    factor = random_uniform([], lower, upper, seed=seed)
    return adjust_contrast(image, factor)


def rgb_to_grayscale(images, name=None):
    """The luma 0.2989 R + 0.5870 G + 0.1140 B of RGB images, keeping a channel axis of size 1.

    >>> gray = tf.image.rgb_to_grayscale(images)   # [..., 1]
    """
    with name_scope(name or "rgb_to_grayscale") as scope:
        x = convert_to_tensor(images, name="images")
        flt = convert_image_dtype(x, dtypes.float32)
        gray = tensordot(flt, constant([0.2989, 0.5870, 0.1140]), [[-1], [-1]])
        return convert_image_dtype(expand_dims(gray, -1), x.dtype, name=scope)


def grayscale_to_rgb(images, name=None):
    """Grayscale images [..., 1] repeated into 3 equal channels.

    >>> rgb = tf.image.grayscale_to_rgb(gray)
    """
    with name_scope(name or "grayscale_to_rgb") as scope:
        x = convert_to_tensor(images, name="images")
        rank = x.shape.ndims
        if rank is None or rank < 2:
            raise ValueError(f"A grayscale image (shape {x.shape}) must be at least two-dimensional.")
        if x.shape[-1].value not in (None, 1):
            raise ValueError(f"Last dimension of a grayscale image should be size 1 (shape {x.shape}).")
        return tile(x, [1] * (rank - 1) + [3], name=scope)


def total_variation(images, name=None):
    """The sum of absolute differences of neighbouring pixels (down and across): a scalar for an
    image, one value per image for a batch.

    >>> loss = tf.reduce_sum(tf.image.total_variation(images))
    """
    with name_scope(name or "total_variation") as scope:
        x = convert_to_tensor(images, name="images")
        rank = x.shape.ndims
        if rank == 3:
            d1, d2, axis = x[1:, :, :] - x[:-1, :, :], x[:, 1:, :] - x[:, :-1, :], None
        elif rank == 4:
            d1, d2, axis = x[:, 1:, :, :] - x[:, :-1, :, :], x[:, :, 1:, :] - x[:, :, :-1, :], [1, 2, 3]
        else:
            raise ValueError(f"'images' (shape {x.shape}) must be either 3 or 4-dimensional.")
        return add(reduce_sum(abs_(d1), axis=axis), reduce_sum(abs_(d2), axis=axis), name=scope)


def image_gradients(image):
    """(dy, dx): the differences to the next pixel down and to the right, zero on the last row
    (dy) and last column (dx), of a batch [batch, height, width, depth].

    >>> dy, dx = tf.image.image_gradients(images)
    """
    x = convert_to_tensor(image, name="image")
    if x.shape.ndims != 4:
        raise ValueError(f"image_gradients expects a 4D tensor [batch_size, h, w, d], not {x.shape}.")
    with name_scope("image_gradients"):
        s = shape_of(x)
        dy = x[:, 1:, :, :] - x[:, :-1, :, :]
        dx = x[:, :, 1:, :] - x[:, :, :-1, :]
        one = constant([1])
        dy = concat([dy, zeros(concat([s[:1], one, s[2:]], 0), x.dtype)], 1)
        dx = concat([dx, zeros(concat([s[:2], one, s[3:]], 0), x.dtype)], 2)
        return reshape(dy, s), reshape(dx, s)


def psnr(a, b, max_val, name=None):
    """Peak signal-to-noise ratio of images a and b (per image of a batch), in dB:
    20 log10(max_val) - 10 log10(mean squared error); max_val is the dynamic range (255 for uint8).

    >>> tf.image.psnr(reconstruction, original, max_val=1.0)
    """
    with name_scope(name or "PSNR"):
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        if a.shape.ndims is not None and b.shape.ndims is not None and not a.shape.is_compatible_with(b.shape):
            raise ValueError(f"psnr: the images must have the same shape, got {a.shape} and {b.shape}")
        max_val = convert_image_dtype(cast(max_val, a.dtype), dtypes.float32)
        a = convert_image_dtype(a, dtypes.float32)
        b = convert_image_dtype(b, dtypes.float32)
        mse = reduce_mean(squared_difference(a, b), [-3, -2, -1])
        return subtract(truediv(multiply(20.0, log(max_val)), np.log(10.0).astype(np.float32)),
                        multiply(np.float32(10 / np.log(10)), log(mse)), name="psnr")


def sobel_edges(image):
    """The Sobel edge maps (vertical then horizontal derivative) of a batch [batch, h, w, d], as
    [batch, h, w, d, 2]; the borders are reflected.

    >>> edges = tf.image.sobel_edges(images)
    """
    x = convert_to_tensor(image, name="image")
    if x.shape.ndims != 4:
        raise ValueError(f"sobel_edges expects a 4D tensor [batch, h, w, d], got shape {x.shape}")
    with name_scope("sobel_edges"):
        kernels = np.array([[[-1, -2, -1], [0, 0, 0], [1, 2, 1]], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]])
        kernels = np.expand_dims(np.transpose(kernels, (1, 2, 0)), -2)  # [3, 3, 1, 2]
        s = shape_of(x)
        filters = tile(constant(kernels, dtype=x.dtype), concat([constant([1, 1]), s[-1:], constant([1])], 0),
                       name="sobel_filters")
        padded = pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT")
        out = depthwise_conv2d(padded, filters, [1, 1, 1, 1], "VALID")
        out = reshape(out, concat([s, constant([2])], 0))
        out.set_shape(x.shape.concatenate([2]) if hasattr(x.shape, "concatenate") else x.shape.as_list() + [2])
        return out
