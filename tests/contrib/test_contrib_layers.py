"""tf.contrib.layers and arg_scope against literal values from TF1's contrib (tf_slim on
TensorFlow 1.x semantics): names, collections, batch_norm inside fully_connected with in-place
updates, regularizers."""
import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.contrib.framework import arg_scope
from jupyter_flow.contrib.layers import batch_norm, dropout, flatten, fully_connected


def batch(step, shape):
    n = int(np.prod(shape))
    return (np.sin(np.arange(n).reshape(shape) * 0.7 + step) * 3 + 1 + 0.5 * step).astype(np.float32)


def test_fully_connected_with_batch_norm_in_arg_scope_matches_tf1():
    X = tf.placeholder(tf.float32, (None, 4))
    training = tf.placeholder_with_default(False, (), name="training")
    bn_params = {"is_training": training, "decay": 0.9, "updates_collections": None, "scale": True}
    with arg_scope([fully_connected], normalizer_fn=batch_norm, normalizer_params=bn_params):
        h = fully_connected(X, 3, scope="hidden1",
                            weights_initializer=tf.constant_initializer(np.linspace(-1, 1, 12).reshape(4, 3)))
        out = fully_connected(h, 2, activation_fn=None, normalizer_fn=None, scope="outputs",
                              weights_initializer=tf.constant_initializer(np.linspace(-0.5, 0.8, 6).reshape(3, 2)))
    names = ["hidden1/weights:0", "hidden1/BatchNorm/beta:0", "hidden1/BatchNorm/gamma:0",
             "hidden1/BatchNorm/moving_mean:0", "hidden1/BatchNorm/moving_variance:0", "outputs/weights:0",
             "outputs/biases:0"]
    assert [v.name for v in tf.global_variables()] == names
    assert [v.name for v in tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)] == names
    assert (h.name, out.name) == ("hidden1/Relu:0", "outputs/BiasAdd:0")
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []  # updates_collections=None: applied in place
    reg = tf.contrib.layers.l1_l2_regularizer(0.01, 0.02)
    penalty = tf.contrib.layers.apply_regularization(reg, [v for v in tf.trainable_variables() if "weights" in v.name])
    assert penalty.name == "get_regularization_penalty:0"
    assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == [penalty]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            o = sess.run(out, {X: batch(step, (6, 4)), training: True})
        np.testing.assert_allclose(o.reshape(-1), [
            0.0, 0.0, 0.16755221784114838, 1.3672850131988525, 0.0, 0.0, -0.2319483458995819, 0.39448630809783936,
            0.3323867917060852, 0.4942092001438141, -0.11419794708490372, -0.05481501296162605], rtol=1e-5, atol=1e-6)
        # 2-D input: TF1's fused kernel, so moving_variance holds the unbiased batch variance.
        np.testing.assert_allclose(sess.run("hidden1/BatchNorm/moving_mean:0"),
                                   [-0.4405598044395447, -0.12580962479114532, 0.18894058465957642], rtol=1e-5)
        np.testing.assert_allclose(sess.run("hidden1/BatchNorm/moving_variance:0"),
                                   [4.699246406555176, 4.281590461730957, 4.6770548820495605], rtol=1e-5)
        np.testing.assert_allclose(sess.run(out, {X: batch(5, (6, 4))}).reshape(-1), [
            1.0356214046478271, 2.797257423400879, 0.0, 0.0, 0.561865508556366, 1.6811847686767578,
            0.5904179215431213, 0.8746932148933411, 0.16253399848937988, 0.24079111218452454, 1.4067583084106445,
            2.310345411300659], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(sess.run(penalty), 0.14970727, rtol=1e-6)


def test_regularizers_match_tf1():
    w = tf.get_variable("w", [4, 3], initializer=tf.constant_initializer(
        [[1., -2., 3.], [0.5, 0., -1.], [2., 2., 2.], [-1., 1., 0.]]))
    r1 = tf.contrib.layers.l1_regularizer(0.1)(w)
    r2 = tf.contrib.layers.l2_regularizer(0.1)(w)
    r3 = tf.contrib.layers.l1_l2_regularizer(0.1, 0.2)(w)
    assert (r1.name, r2.name, r3.name) == ("l1_regularizer:0", "l2_regularizer:0", "l1_l2_regularizer:0")
    assert tf.contrib.layers.l2_regularizer(0.0)(w) is None
    with pytest.raises(ValueError, match="scale cannot be an integer"):
        tf.contrib.layers.l1_regularizer(1)
    with pytest.raises(ValueError, match="less than 0"):
        tf.contrib.layers.l2_regularizer(-0.1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run([r1, r2, r3]), [1.5500001, 1.4625, 4.475], rtol=1e-6)


def test_flatten_dropout_and_default_scopes():
    x = tf.constant(batch(0, (2, 3, 2)))
    flat = flatten(x)
    assert flat.shape.as_list() == [2, 6] and flat.name.startswith("Flatten/")
    kept = dropout(x, 0.5, is_training=False)
    assert kept.name == "Dropout/Identity:0"
    dropped = dropout(x, 0.5, is_training=tf.placeholder_with_default(True, ()))
    with tf.Session() as sess:
        values = sess.run(dropped)
    assert set(np.unique(np.round(values / batch(0, (2, 3, 2)), 5))) <= {0.0, 2.0}
    h = fully_connected(tf.zeros([2, 4]), 3)
    assert h.name == "fully_connected/Relu:0"
    assert [v.name for v in tf.trainable_variables()][-2:] == ["fully_connected/weights:0", "fully_connected/biases:0"]


def test_arg_scope_nests_and_refuses_undecorated_functions():
    with arg_scope([fully_connected], activation_fn=None, trainable=False):
        with arg_scope([fully_connected], activation_fn=tf.nn.elu) as sc:
            h = fully_connected(tf.zeros([2, 4]), 3, scope="a")
        with arg_scope(sc):
            h2 = fully_connected(tf.zeros([2, 4]), 3, scope="b", activation_fn=tf.nn.relu)
    assert h.op.type == "Elu" and h2.op.type == "Relu"
    assert tf.trainable_variables() == []
    with pytest.raises(ValueError, match="not decorated with @add_arg_scope"):
        with arg_scope([tf.layers.dense], units=3):
            pass


def test_initializers_have_tf1_variances():
    tf.set_random_seed(0)
    he = tf.get_variable("he", [400, 300], initializer=tf.contrib.layers.variance_scaling_initializer())
    xav = tf.get_variable("xav", [400, 300], initializer=tf.contrib.layers.xavier_initializer())
    xav_n = tf.get_variable("xavn", [400, 300], initializer=tf.contrib.layers.xavier_initializer(uniform=False))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        a, b, c = sess.run([he, xav, xav_n])
    # He: truncated normal of stddev sqrt(1.3 * 2 / fan_in) (std after truncation ~ sqrt(2 / fan_in))
    np.testing.assert_allclose(a.std(), np.sqrt(2 / 400), rtol=0.03)
    assert np.abs(a).max() <= 2 * np.sqrt(1.3 * 2 / 400) + 1e-6
    limit = np.sqrt(6 / 700)
    assert np.abs(b).max() <= limit and np.abs(b).max() > 0.99 * limit
    np.testing.assert_allclose(c.std(), np.sqrt(1 / 350), rtol=0.03)


def test_get_variable_regularizer_adds_one_penalty_per_new_variable():
    reg = tf.contrib.layers.l2_regularizer(0.5)
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [2], initializer=tf.constant_initializer([1.0, 2.0]), regularizer=reg)
    with tf.variable_scope("layer", reuse=True):
        tf.get_variable("w", [2], regularizer=reg)
    losses = tf.losses.get_regularization_losses()
    assert len(losses) == 1 and losses[0].name == "layer/w/Regularizer/l2_regularizer:0"
    with tf.Session() as sess:
        sess.run(w.initializer)
        assert np.isclose(sess.run(losses[0]), 0.5 * 5.0 / 2)
