"""tf.gradients builds the same graph names as TF1 where user code can see them."""
import numpy as np

import jupyter_flow as tf


def test_several_contributions_are_summed_by_an_addn_in_the_gradients_scope():
    # TF1 aggregates outside the op's '<op>_grad' scope: the result is 'gradients/AddN'.
    x = tf.constant([1.0, -2.0])
    (g,) = tf.gradients(x * x + 3.0 * x, [x])
    assert g.name == "gradients/AddN:0"
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(g), [5.0, -1.0])


def test_minimize_then_gradients_uses_the_next_gradients_scope():
    w = tf.Variable([1.0, 2.0], name="w")
    loss = tf.reduce_sum(w * w)
    tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    (g,) = tf.gradients(loss, [w])
    assert g.name == "gradients_1/AddN:0"


def test_sign_has_a_zero_gradient_not_none():
    # TF1's Sign gradient is zeros_like(x): a path through tf.sign gives 0, not None.
    x = tf.constant([1.0, -2.0])
    (g,) = tf.gradients(tf.reduce_sum(tf.sign(x)), [x])
    assert g is not None and g.name == "gradients/Sign_grad/zeros_like:0"
    (h,) = tf.gradients(tf.sign(x) * x + x * x, [x])
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(g), [0.0, 0.0])
        np.testing.assert_allclose(sess.run(h), [3.0, -5.0])


def test_gradients_of_an_integer_y_are_none_as_tf1():
    x = tf.constant([1.5, 2.5])
    assert tf.gradients(tf.reduce_sum(tf.cast(x, tf.int32)), [x]) == [None]
    (g,) = tf.gradients([tf.reduce_sum(x), tf.cast(x, tf.int32)], [x])  # only the float y contributes
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(g), [1.0, 1.0])
