"""FtrlOptimizer: three steps on a small problem match TF 1.x (values from tf.compat.v1.train.FtrlOptimizer)."""
import numpy as np

import jupyter_flow as tf


def test_ftrl_matches_tf1_after_three_steps():
    w = tf.Variable([1.0, -2.0, 0.5])
    x = tf.constant([0.3, -1.0, 2.0])
    loss = tf.reduce_sum(tf.square(w * x - 1.0))
    opt = tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01, l2_regularization_strength=0.02)
    op = opt.minimize(loss)
    assert [v.name for v in tf.global_variables()] == ["Variable:0", "Variable/Ftrl:0", "Variable/Ftrl_1:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(op)
        np.testing.assert_allclose(sess.run(w), [0.5986145, -1.4937359, 0.16170569], rtol=1e-5)
        np.testing.assert_allclose(sess.run(opt.get_slot(w, "accum")), [0.7938587, 6.6162415, 26.373783], rtol=1e-5)
        np.testing.assert_allclose(sess.run(opt.get_slot(w, "linear")), [-5.367525, 38.491707, -8.3209305], rtol=1e-5)
