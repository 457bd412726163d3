"""tf.keras core layers in TF1 graph mode; expected names, shapes and values from TF 1.x keras."""
import numpy as np
import pytest

import jupyter_flow as tf

V = np.arange(6, dtype=np.float32).reshape(1, 2, 3) + 1


def test_flatten_reshape_activation_lambda_and_rank3_dense():
    x = tf.placeholder(tf.float32, [None, 2, 3], name="x")
    f = tf.keras.layers.Flatten()(x)
    r = tf.keras.layers.Reshape((3, -1))(x)
    a = tf.keras.layers.Activation("tanh")(x)
    lam = tf.keras.layers.Lambda(lambda t, k: t * k, arguments={"k": 2.0})(x)
    d3 = tf.keras.layers.Dense(2, kernel_initializer=tf.constant_initializer(0.5))(x)
    assert f.shape.as_list() == [None, 6] and r.shape.as_list() == [None, 3, 2] and d3.shape.as_list() == [None, 2, 2]
    assert (r.name, a.name, lam.name, d3.name) == ("reshape/Reshape:0", "activation/Tanh:0", "lambda/mul:0",
                                                   "dense/BiasAdd:0")
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        fv, rv, av, lv, dv = s.run([f, r, a, lam, d3], {x: V})
    np.testing.assert_array_equal(fv, [[1., 2., 3., 4., 5., 6.]])
    np.testing.assert_array_equal(rv, [[[1., 2.], [3., 4.], [5., 6.]]])
    np.testing.assert_allclose(av, np.tanh(V), rtol=1e-6)
    np.testing.assert_array_equal(lv, 2 * V)
    np.testing.assert_allclose(dv, [[[3., 3.], [7.5, 7.5]]])


def test_dropout_drops_only_in_the_learning_phase_or_when_training_is_passed():
    x = tf.placeholder(tf.float32, [None, 2, 3], name="x")
    off_by_default = tf.keras.layers.Dropout(0.5)(x)
    forced = tf.keras.layers.Dropout(0.5)(x, training=True)
    never = tf.keras.layers.Dropout(0.5)(x, training=False)
    big = np.ones((200, 2, 3), np.float32)
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(off_by_default, {x: V}), V)
        np.testing.assert_array_equal(s.run(never, {x: V, tf.keras.backend.learning_phase(): True}), V)
        for out, feed in ((forced, {x: big}), (off_by_default, {x: big, tf.keras.backend.learning_phase(): True})):
            values = s.run(out, feed)
            assert set(np.unique(values)) <= {0.0, 2.0}       # kept values scaled by 1 / (1 - rate)
            assert 0.35 < (values == 0).mean() < 0.65


def test_activation_names_and_unknown_ones():
    x = tf.constant([[-1.0, 0.5]])
    for name in ("relu", "softmax", "sigmoid", "tanh", "elu", "selu", "softplus", "softsign", "linear"):
        assert tf.keras.activations.get(name) is getattr(tf.keras.activations, name)
        tf.keras.layers.Activation(name)(x)
    with pytest.raises(ValueError, match="Unknown activation"):
        tf.keras.activations.get("nope")
    with tf.Session() as s:
        np.testing.assert_allclose(s.run(tf.keras.activations.hard_sigmoid(x)), [[0.3, 0.6]], rtol=1e-6)
        np.testing.assert_allclose(s.run(tf.keras.activations.elu(x, alpha=2.0)), [[2 * (np.exp(-1) - 1), 0.5]],
                                   rtol=1e-6)


def test_initializer_and_regularizer_identifiers():
    init = tf.keras.initializers.get("he_normal")
    assert isinstance(init, tf.keras.initializers.VarianceScaling) and init.scale == 2.0
    assert isinstance(tf.keras.initializers.get("glorot_uniform"), tf.keras.initializers.GlorotUniform)
    with pytest.raises(ValueError, match="initializer"):
        tf.keras.initializers.get("nope")
    w = tf.constant([[1.0, -2.0]])
    with tf.Session() as s:
        assert s.run(tf.keras.regularizers.l1(0.5)(w)) == pytest.approx(1.5)
        assert s.run(tf.keras.regularizers.l1_l2(0.5, 0.1)(w)) == pytest.approx(2.0)
        np.testing.assert_allclose(s.run(tf.keras.constraints.non_neg()(w)), [[1.0, 0.0]])
        np.testing.assert_allclose(s.run(tf.keras.constraints.max_norm(1.0, axis=1)(w)),
                                   [[1 / np.sqrt(5), -2 / np.sqrt(5)]], rtol=1e-5)


def test_permute_and_repeat_vector():
    x = tf.placeholder(tf.float32, [None, 2, 3], name="x")
    p = tf.keras.layers.Permute((2, 1))(x)
    v = tf.placeholder(tf.float32, [None, 2], name="v")
    r = tf.keras.layers.RepeatVector(3)(v)
    assert p.shape.as_list() == [None, 3, 2] and r.shape.as_list() == [None, 3, 2]
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(p, {x: V}), V.transpose(0, 2, 1))
        np.testing.assert_array_equal(s.run(r, {v: [[1., 2.]]}), [[[1., 2.]] * 3])
    with pytest.raises(ValueError, match="consecutive"):
        tf.keras.layers.Permute((0, 1))
