"""tf.layers.batch_normalization, tf.nn.moments and tf.nn.batch_normalization against literal
values from TensorFlow 1.x: variable names, update ops, moving averages after N training steps,
outputs in both modes and gradients."""
import numpy as np
import pytest

import jupyter_flow as tf


def batch(step, shape):
    """A deterministic batch (the same formula produced the TF1 reference values)."""
    n = int(np.prod(shape))
    return (np.sin(np.arange(n).reshape(shape) * 0.7 + step) * 3 + 1 + 0.5 * step).astype(np.float32)


# (input shape, layer options, TF1's: variables, last training output[:6], moving mean, moving variance,
#  inference output on batch(5)[:6], gradients of sum(y * batch(7)) w.r.t. X[:4] and the trainables[:4])
REFERENCE = [
    ((6, 4), {}, ["gamma", "beta", "moving_mean", "moving_variance"],
     [1.0602128505706787, 0.5631190538406372, -0.21380305290222168, -1.3141694068908691, -1.3172389268875122,
      -0.8039793968200684],
     [0.05347708612680435, 0.05051808059215546, 0.04479970037937164, 0.039011381566524506],
     [1.0979615449905396, 1.1019530296325684, 1.1046303510665894, 1.1015489101409912],
     [0.5434920191764832, 1.711482048034668, 3.6185312271118164, 5.378829002380371, 6.1452531814575195,
      5.565469741821289],
     [[-0.20877671241760254, 0.1625535488128662, 0.19878733158111572, 0.31602978706359863],
      [8.300576210021973, 10.827286720275879, 14.6013822555542, 14.244356155395508],
      [29.577213287353516, 29.200340270996094, 27.78860855102539, 26.0059814453125]]),
    ((6, 4), dict(momentum=0.5, center=False, epsilon=0.01), ["gamma", "moving_mean", "moving_variance"],
     [1.0593886375427246, 0.5627095103263855, -0.21353888511657715, -1.3116822242736816, -1.3162147998809814,
      -0.8033945560455322],
     [1.7322070598602295, 1.5665082931518555, 1.3695294857025146, 1.2339131832122803],
     [4.204667091369629, 4.6821441650390625, 3.9944190979003906, 3.28316068649292],
     [-0.5401843786239624, 0.1299249529838562, 1.2393745183944702, 2.453836679458618, 2.3202645778656006,
      1.9984679222106934],
     [[-0.20393610000610352, 0.16440200805664062, 0.19969677925109863, 0.3160945177078247],
      [8.28514575958252, 10.816842079162598, 14.59126091003418, 14.231189727783203]]),
    # 4-D: TF1's fused kernel keeps the unbiased (n / (n - 1)) batch variance in moving_variance.
    ((2, 3, 3, 2), dict(momentum=0.8), ["gamma", "beta", "moving_mean", "moving_variance"],
     [1.2796683311462402, 0.5999915599822998, -0.364723801612854, -1.1594467163085938, -1.4102554321289062,
      -1.0002107620239258],
     [0.769458532333374, 0.7707898616790771], [2.8375542163848877, 2.838395595550537],
     [-0.08679444342851639, 0.639241099357605, 1.8282214403152466, 2.917489767074585, 3.3987231254577637,
      3.04125714302063],
     [[-0.21167799830436707, 0.05304061621427536, 0.29370051622390747, 0.3950628936290741],
      [36.5792121887207, 36.6562614440918], [81.00788879394531, 81.10678100585938]]),
    ((6, 4), dict(scale=False), ["beta", "moving_mean", "moving_variance"],
     [1.0602128505706787, 0.5631190538406372, -0.21380305290222168, -1.3141694068908691, -1.3172389268875122,
      -0.8039793968200684],
     [0.05347708612680435, 0.05051808059215546, 0.04479970037937164, 0.039011381566524506],
     [1.0979615449905396, 1.1019530296325684, 1.1046303510665894, 1.1015489101409912],
     [0.5434920191764832, 1.711482048034668, 3.6185312271118164, 5.378829002380371, 6.1452531814575195,
      5.565469741821289],
     [[-0.20877671241760254, 0.1625535488128662, 0.19878733158111572, 0.31602978706359863],
      [29.577213287353516, 29.200340270996094, 27.78860855102539, 26.0059814453125]]),
]


@pytest.mark.parametrize("shape,options,names,train_out,moving_mean,moving_var,infer_out,grads", REFERENCE)
def test_batch_normalization_matches_tf1_after_three_steps(shape, options, names, train_out, moving_mean,
                                                           moving_var, infer_out, grads):
    X = tf.placeholder(tf.float32, (None,) + shape[1:], name="X")
    training = tf.placeholder_with_default(False, shape=(), name="training")
    y = tf.layers.batch_normalization(X, training=training, **options)
    assert [v.name for v in tf.global_variables()] == [f"batch_normalization/{n}:0" for n in names]
    assert [v.name for v in tf.trainable_variables()] == [f"batch_normalization/{n}:0" for n in names
                                                          if n in ("gamma", "beta")]
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert len(update_ops) == 2
    g = tf.gradients(tf.reduce_sum(y * tf.constant(batch(7, shape))), [X] + tf.trainable_variables())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            out = sess.run([y] + update_ops, {X: batch(step, shape), training: True})[0]
        np.testing.assert_allclose(out.reshape(-1)[:6], train_out, rtol=1e-5, atol=1e-6)
        mm, mv = sess.run(["batch_normalization/moving_mean:0", "batch_normalization/moving_variance:0"])
        np.testing.assert_allclose(mm, moving_mean, rtol=1e-5)
        np.testing.assert_allclose(mv, moving_var, rtol=1e-5)
        # Inference (training defaults to False): the moving averages, and running the update ops
        # in this mode leaves them unchanged.
        np.testing.assert_allclose(sess.run(y, {X: batch(5, shape)}).reshape(-1)[:6], infer_out, rtol=1e-5)
        sess.run(update_ops, {X: batch(5, shape)})
        np.testing.assert_allclose(sess.run("batch_normalization/moving_mean:0"), moving_mean, rtol=1e-5)
        values = sess.run(g, {X: batch(1, shape), training: True})
    for got, want in zip(values, grads):
        np.testing.assert_allclose(got.reshape(-1)[:len(want)], want, rtol=2e-4, atol=2e-5)


def test_python_bool_training_false_adds_no_updates_and_uses_moving_averages():
    X = tf.constant(batch(0, (6, 4)))
    y = tf.layers.batch_normalization(X, training=False)
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(y), batch(0, (6, 4)) / np.sqrt(1 + 1e-3), rtol=1e-6)


def test_training_with_updates_in_control_dependencies_moves_the_averages():
    X = tf.placeholder(tf.float32, (None, 4))
    y = tf.layers.batch_normalization(X, training=True, momentum=0.9, name="bn")
    loss = tf.reduce_mean(tf.square(y))
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op, {X: batch(0, (6, 4))})
        np.testing.assert_allclose(sess.run("bn/moving_mean:0"), 0.1 * batch(0, (6, 4)).mean(0), rtol=1e-5)
        np.testing.assert_allclose(sess.run("bn/moving_variance:0"), 0.9 + 0.1 * batch(0, (6, 4)).var(0), rtol=1e-5)


def test_channels_first_axis_and_reuse():
    X = tf.constant(batch(0, (2, 3, 2, 2)))
    y = tf.layers.batch_normalization(X, axis=1, training=True, name="bn")
    y2 = tf.layers.batch_normalization(X, axis=1, training=True, name="bn", reuse=True)
    assert len(tf.global_variables()) == 4 and tf.global_variables()[0].shape.as_list() == [3]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        a, b = sess.run([y, y2])
    x64 = batch(0, (2, 3, 2, 2)).astype(np.float64)
    expected = (x64 - x64.mean((0, 2, 3), keepdims=True)) / np.sqrt(x64.var((0, 2, 3), keepdims=True) + 1e-3)
    np.testing.assert_allclose(a, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(a, b)


def test_bad_inputs_name_the_problem():
    with pytest.raises(TypeError, match="floating-point"):
        tf.layers.batch_normalization(tf.constant([[1, 2]]))
    with pytest.raises(TypeError, match="boolean tensor"):
        tf.layers.batch_normalization(tf.zeros([2, 3]), training=tf.constant(1.0))
    with pytest.raises(ValueError, match="undefined `axis` dimension"):
        tf.layers.batch_normalization(tf.placeholder(tf.float32, (None, None)))
    X = tf.placeholder(tf.float32, (None, 3))
    y = tf.layers.batch_normalization(X, training=True)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError, match="must not be empty"):
            sess.run(y, {X: np.zeros((0, 3), np.float32)})


def test_moments_and_nn_batch_normalization_match_tf1():
    x = tf.constant(batch(0, (6, 4)))
    mean, variance = tf.nn.moments(x, axes=[0])
    assert (mean.name, variance.name) == ("moments/Squeeze:0", "moments/Squeeze_1:0")
    bn = tf.nn.batch_normalization(x, mean, variance, offset=tf.constant([0.1, 0.2, 0.3, 0.4]),
                                   scale=tf.constant([1.0, 2.0, 0.5, 1.5]), variance_epsilon=1e-3)
    assert bn.name == "batchnorm/add_1:0"
    _, v_rows = tf.nn.moments(x, axes=[1], keep_dims=True)
    with tf.Session() as sess:
        m, v, out, vr = sess.run([mean, variance, bn, v_rows])
    np.testing.assert_allclose(m, [1.2848750352859497, 1.4284782409667969, 1.3705614805221558, 1.1383637189865112],
                               rtol=1e-6)
    np.testing.assert_allclose(v, [4.69056510925293, 2.4227359294891357, 3.44724178314209, 6.063335418701172],
                               rtol=1e-5)
    np.testing.assert_allclose(out[0], [-0.03152114152908325, 2.1323494911193848, 0.9962480664253235,
                                        1.893103003501892], rtol=1e-5)
    assert vr.shape == (6, 1)
