"""Gradient-check cases for the ops of conv_ops.py, pooling_ops.py, depthwise_ops.py,
lrn_ops.py, image_ops.py and space_depth_ops.py (see test_gradient_registry.py for the format).

Second-order ops (the gradient ops that are themselves differentiable) are reached through
tf.gradients inside the builder. Max-pool inputs are distinct and well apart, so finite
differences never move a window's maximum.
"""
import numpy as np


def _ph(tf, shape, name="x"):
    return tf.placeholder(tf.float64, shape, name=name)


def _distinct(rng, shape):
    """Values at least 0.05 apart in random order (max pooling has no ties)."""
    n = int(np.prod(shape))
    return (rng.permutation(n) * 0.05 - n * 0.025).reshape(shape)


def conv2d_same_strided(tf, rng):
    x, w = _ph(tf, (2, 5, 6, 3)), _ph(tf, (3, 2, 3, 2), "w")
    y = tf.nn.conv2d(x, w, strides=[1, 2, 1, 1], padding="SAME")
    return y, [x, w], [rng.standard_normal((2, 5, 6, 3)), rng.standard_normal((3, 2, 3, 2))]


def conv2d_valid_dilated(tf, rng):
    x, w = _ph(tf, (1, 7, 6, 2)), _ph(tf, (2, 2, 2, 3), "w")
    y = tf.nn.conv2d(x, w, strides=[1, 1, 1, 1], padding="VALID", dilations=[1, 2, 2, 1])
    return y, [x, w], [rng.standard_normal((1, 7, 6, 2)), rng.standard_normal((2, 2, 2, 3))]


def conv2d_transpose(tf, rng):
    v, w = _ph(tf, (1, 3, 3, 2), "v"), _ph(tf, (3, 3, 2, 2), "w")
    y = tf.nn.conv2d_transpose(v, w, [1, 6, 6, 2], strides=[1, 2, 2, 1], padding="SAME")
    return y, [v, w], [rng.standard_normal((1, 3, 3, 2)), rng.standard_normal((3, 3, 2, 2))]


def conv2d_backprop_filter(tf, rng):
    x, dy = _ph(tf, (1, 5, 5, 2)), _ph(tf, (1, 3, 3, 2), "dy")
    y = tf.nn.conv2d_backprop_filter(x, [3, 3, 2, 2], dy, [1, 1, 1, 1], "VALID")
    return y, [x, dy], [rng.standard_normal((1, 5, 5, 2)), rng.standard_normal((1, 3, 3, 2))]


def max_pool(tf, rng):
    x = _ph(tf, (2, 5, 5, 2))
    y = tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME")
    return y, [x], [_distinct(rng, (2, 5, 5, 2))]


def max_pool_grad(tf, rng):
    # The gradient of max pooling, as a function of the incoming gradient g (x fixed).
    x = tf.constant(_distinct(rng, (1, 4, 4, 2)))
    g = _ph(tf, (1, 2, 2, 2), "g")
    p = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    (dx,) = tf.gradients(p, [x], grad_ys=[g])
    return dx, [g], [rng.standard_normal((1, 2, 2, 2))]


def max_pool_grad_grad(tf, rng):
    x = tf.constant(_distinct(rng, (1, 4, 4, 1)))
    g = tf.placeholder(tf.float64, (1, 3, 3, 1), name="g")
    h = _ph(tf, (1, 4, 4, 1), "h")
    p = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], "VALID")
    (dx,) = tf.gradients(p, [x], grad_ys=[g])
    (dg,) = tf.gradients(dx, [g], grad_ys=[h])
    return dg, [h], [rng.standard_normal((1, 4, 4, 1))]


def avg_pool(tf, rng):
    x = _ph(tf, (2, 5, 6, 2))
    y = tf.nn.avg_pool(x, [1, 3, 2, 1], [1, 2, 2, 1], "SAME")
    return y, [x], [rng.standard_normal((2, 5, 6, 2))]


def avg_pool_grad(tf, rng):
    x = tf.constant(rng.standard_normal((1, 5, 5, 2)))
    g = _ph(tf, (1, 3, 3, 2), "g")
    p = tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME")
    (dx,) = tf.gradients(p, [x], grad_ys=[g])
    return dx, [g], [rng.standard_normal((1, 3, 3, 2))]


def depthwise(tf, rng):
    x, w = _ph(tf, (1, 5, 6, 2)), _ph(tf, (3, 3, 2, 2), "w")
    y = tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], "SAME")
    return y, [x, w], [rng.standard_normal((1, 5, 6, 2)), rng.standard_normal((3, 3, 2, 2))]


def separable(tf, rng):
    x, dw, pw = _ph(tf, (1, 5, 5, 2)), _ph(tf, (3, 3, 2, 1), "dw"), _ph(tf, (1, 1, 2, 3), "pw")
    y = tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "VALID", rate=[2, 1])
    values = [rng.standard_normal((1, 5, 5, 2)), rng.standard_normal((3, 3, 2, 1)), rng.standard_normal((1, 1, 2, 3))]
    return y, [x, dw, pw], values


def lrn(tf, rng):
    x = _ph(tf, (1, 2, 2, 6))
    y = tf.nn.local_response_normalization(x, depth_radius=2, bias=1.0, alpha=0.4, beta=0.75)
    return y, [x], [rng.standard_normal((1, 2, 2, 6))]


def resize_bilinear(tf, rng):
    # The op computes in float32 (as TF): finite differences need a larger step and tolerance.
    x = _ph(tf, (1, 3, 4, 2))
    y = tf.cast(tf.image.resize_bilinear(x, [5, 7]), tf.float64)
    return y, [x], [rng.standard_normal((1, 3, 4, 2))], {"eps": 1e-2, "rtol": 1e-4}


def resize_nearest(tf, rng):
    x = _ph(tf, (1, 3, 4, 2))
    y = tf.image.resize_nearest_neighbor(x, [7, 5])
    return y, [x], [rng.standard_normal((1, 3, 4, 2))]


CASES = [
    ("Conv2D", conv2d_same_strided),
    ("Conv2D", conv2d_valid_dilated),
    ("Conv2DBackpropInput", conv2d_transpose),
    ("Conv2DBackpropFilter", conv2d_backprop_filter),
    ("MaxPool", max_pool),
    ("MaxPoolGrad", max_pool_grad),
    ("MaxPoolGradGrad", max_pool_grad_grad),
    ("AvgPool", avg_pool),
    ("AvgPoolGrad", avg_pool_grad),
    ("DepthwiseConv2dNative", depthwise),
    ("DepthwiseConv2dNative", separable),
    ("LRN", lrn),
    ("ResizeBilinear", resize_bilinear),
    ("ResizeNearestNeighbor", resize_nearest),
]


def space_to_depth(tf, rng):
    x = _ph(tf, (2, 4, 6, 3))
    return tf.space_to_depth(x, 2), [x], [rng.standard_normal((2, 4, 6, 3))]


def depth_to_space(tf, rng):
    x = _ph(tf, (1, 2, 3, 8))
    return tf.depth_to_space(x, 2), [x], [rng.standard_normal((1, 2, 3, 8))]


CASES += [("SpaceToDepth", space_to_depth), ("DepthToSpace", depth_to_space)]
