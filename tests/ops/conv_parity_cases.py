"""Graphs whose values are pinned against TensorFlow 1.x (tests/ops/conv_parity_values.py).

Each case is a function of `tf` (jupyter_flow or tensorflow.compat.v1, same code) returning a
dict of named tensors: the op's output and, for differentiable ops, the gradients of
sum(output * weights) with respect to each input. Inputs are small integer patterns divided by
a constant (exact in float32, with ties, so max-pool tie-breaking is pinned too).
make_conv_parity_values.py runs these in real TensorFlow and writes the literals.
"""
import numpy as np


def pattern(shape, mult=37, mod=11, scale=4.0, dtype=np.float32):
    n = int(np.prod(shape))
    return (((np.arange(n) * mult) % mod - mod // 2) / scale).reshape(shape).astype(dtype)


def _with_grads(tf, y, inputs):
    w = tf.constant(pattern(y.shape.as_list(), mult=7, mod=5, scale=2.0, dtype=y.dtype.as_numpy_dtype))
    grads = tf.gradients(tf.reduce_sum(y * w), inputs)
    out = {"y": y}
    out.update({f"d{i}": g for i, g in enumerate(grads)})
    return out


def _conv(x_shape, w_shape, strides, padding, dilations=(1, 1, 1, 1)):
    def case(tf):
        x = tf.constant(pattern(x_shape))
        w = tf.constant(pattern(w_shape, mult=13, mod=7, scale=3.0))
        y = tf.nn.conv2d(x, w, strides=list(strides), padding=padding, dilations=list(dilations))
        return _with_grads(tf, y, [x, w])
    return case


def _transpose(v_shape, w_shape, out_shape, strides, padding):
    def case(tf):
        v = tf.constant(pattern(v_shape))
        w = tf.constant(pattern(w_shape, mult=13, mod=7, scale=3.0))
        y = tf.nn.conv2d_transpose(v, w, out_shape, strides=list(strides), padding=padding)
        return _with_grads(tf, y, [v, w])
    return case


def _pool(kind, x_shape, ksize, strides, padding):
    def case(tf):
        x = tf.constant(pattern(x_shape))
        fn = tf.nn.max_pool if kind == "max" else tf.nn.avg_pool
        y = fn(x, ksize=list(ksize), strides=list(strides), padding=padding)
        return _with_grads(tf, y, [x])
    return case


def _depthwise(x_shape, w_shape, strides, padding, rate=None):
    def case(tf):
        x = tf.constant(pattern(x_shape))
        w = tf.constant(pattern(w_shape, mult=13, mod=7, scale=3.0))
        y = tf.nn.depthwise_conv2d(x, w, list(strides), padding, rate=rate)
        return _with_grads(tf, y, [x, w])
    return case


def _separable(tf):
    x = tf.constant(pattern((1, 6, 5, 2)))
    dw = tf.constant(pattern((3, 3, 2, 2), mult=13, mod=7, scale=3.0))
    pw = tf.constant(pattern((1, 1, 4, 3), mult=5, mod=9, scale=2.0))
    y = tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "SAME")
    return _with_grads(tf, y, [x, dw, pw])


def _lrn(tf):
    x = tf.constant(pattern((1, 2, 3, 7)))
    y = tf.nn.local_response_normalization(x, depth_radius=2, bias=1.0, alpha=0.5, beta=0.75)
    return _with_grads(tf, y, [x])


def _resize(kind, size, **options):
    def case(tf):
        x = tf.constant(pattern((2, 4, 5, 2)))
        if kind == "bilinear":
            y = tf.image.resize_bilinear(x, size, **options)
        elif kind == "nearest":
            y = tf.image.resize_nearest_neighbor(x, size, **options)
        else:
            y = tf.image.resize_images(x[0], size)  # a single image, default method
        return _with_grads(tf, y, [x])
    return case


CASES = {
    "conv_3x3_valid": _conv((1, 5, 5, 1), (3, 3, 1, 1), (1, 1, 1, 1), "VALID"),
    "conv_odd_stride_rows_same": _conv((2, 7, 6, 3), (3, 2, 3, 4), (1, 2, 1, 1), "SAME"),
    "conv_strides_2x3_valid": _conv((1, 8, 7, 2), (3, 3, 2, 3), (1, 2, 3, 1), "VALID"),
    "conv_dilated_same": _conv((2, 9, 9, 2), (3, 3, 2, 2), (1, 1, 1, 1), "SAME", (1, 2, 2, 1)),
    "conv_dilated_valid": _conv((1, 9, 8, 1), (2, 3, 1, 2), (1, 1, 1, 1), "VALID", (1, 3, 2, 1)),
    "conv_pointwise": _conv((1, 6, 6, 4), (1, 1, 4, 3), (1, 1, 1, 1), "VALID"),
    "conv_even_kernel_stride3_same": _conv((1, 7, 7, 1), (2, 2, 1, 2), (1, 3, 3, 1), "SAME"),
    "conv_explicit_padding": _conv((1, 6, 5, 2), (3, 3, 2, 2), (1, 2, 1, 1), [[0, 0], [2, 1], [0, 3], [0, 0]]),
    "conv_transpose_same": _transpose((1, 3, 3, 2), (3, 3, 4, 2), [1, 6, 6, 4], (1, 2, 2, 1), "SAME"),
    "conv_transpose_valid": _transpose((2, 3, 2, 2), (3, 3, 1, 2), [2, 7, 5, 1], (1, 2, 2, 1), "VALID"),
    "max_pool_3x3_s2_same": _pool("max", (2, 5, 7, 3), (1, 3, 3, 1), (1, 2, 2, 1), "SAME"),
    "max_pool_2x2_valid": _pool("max", (1, 6, 5, 2), (1, 2, 2, 1), (1, 2, 2, 1), "VALID"),
    "max_pool_overlapping_valid": _pool("max", (1, 5, 5, 1), (1, 3, 2, 1), (1, 1, 2, 1), "VALID"),
    "avg_pool_3x3_s2_same": _pool("avg", (2, 5, 7, 3), (1, 3, 3, 1), (1, 2, 2, 1), "SAME"),
    "avg_pool_2x2_valid": _pool("avg", (1, 6, 5, 2), (1, 2, 2, 1), (1, 2, 2, 1), "VALID"),
    "depthwise_s2_same": _depthwise((1, 6, 5, 2), (3, 3, 2, 2), (1, 2, 2, 1), "SAME"),
    "depthwise_rate2_valid": _depthwise((1, 7, 7, 3), (2, 2, 3, 1), (1, 1, 1, 1), "VALID", rate=[2, 2]),
    "separable_same": _separable,
    "lrn": _lrn,
    "resize_bilinear_up": _resize("bilinear", [7, 8]),
    "resize_bilinear_down_align_corners": _resize("bilinear", [3, 3], align_corners=True),
    "resize_bilinear_half_pixel": _resize("bilinear", [6, 3], half_pixel_centers=True),
    "resize_nearest_up": _resize("nearest", [9, 7]),
    "resize_nearest_align_corners": _resize("nearest", [3, 4], align_corners=True),
    "resize_images_single_image": _resize("images", [6, 6]),
}
