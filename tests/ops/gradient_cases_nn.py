"""Gradient-check cases for the ops of jupyter_flow/ops/nn_ops.py and nn_layers_ops.py.

CASES is a list of (op_type, builder); builder(tf, rng) builds into the default graph and
returns (y, xs, values): y depends on the placeholders xs (float64) through op_type, and
values are the float64 points where d(sum(y))/dx is checked against finite differences.
Outputs whose sum has a trivial gradient (softmax rows sum to 1) are weighted by a random
constant so the check sees every entry of the gradient.
"""
import numpy as np


def _weighted(tf, y, rng, shape):
    return y * tf.constant(rng.standard_normal(shape))


def _away_from_zero(rng, shape, margin=0.1):
    """Values with |v| >= margin, so finite differences never straddle an activation's kink."""
    v = rng.standard_normal(shape)
    return np.where(v >= 0, v + margin, v - margin)


def _ph(tf, shape, name="x"):
    return tf.placeholder(tf.float64, shape, name=name)


def softmax_last_axis(tf, rng):
    x = _ph(tf, (3, 4))
    return _weighted(tf, tf.nn.softmax(x), rng, (3, 4)), [x], [rng.standard_normal((3, 4))]


def softmax_middle_axis(tf, rng):
    x = _ph(tf, (2, 3, 4))
    return _weighted(tf, tf.nn.softmax(x, axis=1), rng, (2, 3, 4)), [x], [rng.standard_normal((2, 3, 4))]


def log_softmax(tf, rng):
    x = _ph(tf, (3, 5))
    return _weighted(tf, tf.nn.log_softmax(x), rng, (3, 5)), [x], [rng.standard_normal((3, 5))]


def sparse_xent(tf, rng):
    x = _ph(tf, (4, 5))
    labels = tf.constant(rng.integers(0, 5, size=4).astype(np.int32))
    y = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=x)
    return _weighted(tf, y, rng, (4,)), [x], [rng.standard_normal((4, 5))]


def sparse_xent_rank3(tf, rng):
    x = _ph(tf, (2, 3, 4))
    labels = tf.constant(rng.integers(0, 4, size=(2, 3)).astype(np.int64))
    y = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=x)
    return y, [x], [rng.standard_normal((2, 3, 4))]


def dense_xent(tf, rng):
    x, z = _ph(tf, (4, 5), "logits"), _ph(tf, (4, 5), "labels")
    y = tf.nn.softmax_cross_entropy_with_logits_v2(labels=z, logits=x)
    # Labels that do not sum to one: the fused gradient must still be the exact derivative.
    return _weighted(tf, y, rng, (4,)), [x, z], [rng.standard_normal((4, 5)), rng.uniform(0, 1, (4, 5))]


def sigmoid_xent(tf, rng):
    x, z = _ph(tf, (3, 4), "logits"), _ph(tf, (3, 4), "labels")
    y = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=x)
    return _weighted(tf, y, rng, (3, 4)), [x, z], [3 * rng.standard_normal((3, 4)), rng.uniform(0, 1, (3, 4))]


def l2_loss(tf, rng):
    x = _ph(tf, (3, 4))
    return tf.nn.l2_loss(x), [x], [rng.standard_normal((3, 4))]


def elu(tf, rng):
    x = _ph(tf, (3, 4))
    return _weighted(tf, tf.nn.elu(x), rng, (3, 4)), [x], [_away_from_zero(rng, (3, 4))]


def leaky_relu(tf, rng):
    x = _ph(tf, (3, 4))
    return _weighted(tf, tf.nn.leaky_relu(x, alpha=0.3), rng, (3, 4)), [x], [_away_from_zero(rng, (3, 4))]


def bias_add(tf, rng):
    v, b = _ph(tf, (3, 4), "value"), _ph(tf, (4,), "bias")
    y = tf.nn.bias_add(v, b)
    return _weighted(tf, y, rng, (3, 4)), [v, b], [rng.standard_normal((3, 4)), rng.standard_normal(4)]


def bias_add_grad(tf, rng):
    g = _ph(tf, (2, 3, 4))
    y = tf.get_default_graph().create_op("BiasAddGrad", (g,), None, "BiasAddGrad").outputs[0]
    return _weighted(tf, y, rng, (4,)), [g], [rng.standard_normal((2, 3, 4))]


def dropout(tf, rng):
    # keep_prob 1 (as a tensor, so the Dropout op is built): a run's mask is random, and the
    # finite differences need several runs to see the same mask. test_nn_ops.py checks the
    # gradient with real masks (gradient and output fetched in one run).
    x = _ph(tf, (3, 4))
    y = tf.nn.dropout(x, keep_prob=tf.constant(1.0, tf.float64), seed=1)
    return _weighted(tf, y, rng, (3, 4)), [x], [rng.standard_normal((3, 4))]


def flatten(tf, rng):
    x = _ph(tf, (2, 3, 4))
    return _weighted(tf, tf.layers.flatten(x), rng, (2, 12)), [x], [rng.standard_normal((2, 3, 4))]


def flatten_grad(tf, rng):
    g = _ph(tf, (2, 12))
    like = tf.constant(np.zeros((2, 3, 4)))
    y = tf.get_default_graph().create_op("FlattenGrad", (g, like), None, "FlattenGrad").outputs[0]
    return _weighted(tf, y, rng, (2, 3, 4)), [g], [rng.standard_normal((2, 12))]


CASES = [
    ("Softmax", softmax_last_axis),
    ("Softmax", softmax_middle_axis),
    ("LogSoftmax", log_softmax),
    ("SparseSoftmaxCrossEntropyWithLogits", sparse_xent),
    ("SparseSoftmaxCrossEntropyWithLogits", sparse_xent_rank3),
    ("SoftmaxCrossEntropyWithLogits", dense_xent),
    ("SigmoidCrossEntropyWithLogits", sigmoid_xent),
    ("L2Loss", l2_loss),
    ("Elu", elu),
    ("LeakyRelu", leaky_relu),
    ("BiasAdd", bias_add),
    ("BiasAddGrad", bias_add_grad),
    ("Dropout", dropout),
    ("Flatten", flatten),
    ("FlattenGrad", flatten_grad),
]

