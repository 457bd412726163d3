"""tf.convert_to_tensor of Python lists holding tensors packs them as TF1 does (one Pack per level,
named 'packed'), so `tf.convert_to_tensor([t, 2.0])` and `tf.reshape(x, [batch, -1])` work."""
import numpy as np

import jupyter_flow as tf


def test_a_list_holding_tensors_and_numbers_is_packed():
    tf.reset_default_graph()
    a = tf.constant(1.0)
    v = tf.Variable(3.0)
    t = tf.convert_to_tensor([a, 2.0])
    u = tf.convert_to_tensor([[a, v], [2.0, 4.0]])
    assert (t.name, t.op.type) == ("packed:0", "Pack")
    assert u.op.type == "Pack" and u.shape.as_list() == [2, 2]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got_t, got_u = sess.run([t, u])
    np.testing.assert_array_equal(got_t, np.array([1.0, 2.0], np.float32))  # TF 2.21 compat.v1 gives the same
    np.testing.assert_array_equal(got_u, np.array([[1.0, 3.0], [2.0, 4.0]], np.float32))


def test_a_shape_list_with_a_dynamic_dimension_reshapes():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, shape=(None, 2, 3))
    flat = tf.reshape(x, [tf.shape(x)[0], -1])
    with tf.Session() as sess:
        out = sess.run(flat, {x: np.arange(12, dtype=np.float32).reshape(2, 2, 3)})
    assert out.shape == (2, 6)
