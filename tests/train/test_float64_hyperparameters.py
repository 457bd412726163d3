"""Python-float hyperparameters on float64 variables: TF1 converts 0.01 to a float32 tensor and casts it to
the variable's dtype, so a float64 model trains with 0.01 rounded through float32. Literal values: three
steps of each optimizer under TF1 (tensorflow.compat.v1), bit for bit."""
import numpy as np
import pytest

import jupyter_flow as tf

TF1_AFTER_THREE_STEPS = [
    ("GradientDescentOptimizer(0.01)", [0.9588344009015977, -1.8765032027047932, 2.8647416029623924]),
    ("MomentumOptimizer(0.01, 0.9)", [0.9227984029508352, -1.7683952088525057, 2.746337609695601]),
    ("AdamOptimizer(0.01)", [0.9700148796898246, -1.9700047771323754, 2.9700043609194187]),
    ("RMSPropOptimizer(0.01)", [0.9618497043917921, -1.936139478964162, 2.9348167002306247]),
    ("AdagradOptimizer(0.1)", [0.7883557817331984, -1.7760415743735838, 2.7756048589499294]),
    ("FtrlOptimizer(0.1)", [0.5970212431104321, -1.6304291060246363, 2.5755858890973]),
    ("AdadeltaOptimizer(0.1)", [0.9998643158625501, -1.9998643126946074, 2.9998643125570172]),
]


@pytest.mark.parametrize("optimizer, expected", TF1_AFTER_THREE_STEPS)
def test_float64_variable_trains_with_tf1s_float32_rounded_hyperparameters(optimizer, expected):
    w = tf.Variable(np.array([1.0, -2.0, 3.0]), name="w")
    loss = tf.reduce_sum(tf.square(w - np.array([0.3, 0.1, 0.7])))
    train = eval("tf.train." + optimizer).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        assert sess.run(w).tolist() == expected


def test_a_numpy_float64_hyperparameter_stays_exact_on_a_float64_variable():
    w = tf.Variable(np.array([1.0]), name="w")
    train = tf.train.GradientDescentOptimizer(np.float64(0.01)).minimize(tf.reduce_sum(w * w))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        assert sess.run(w).tolist() == [1.0 - 0.01 * 2.0]  # TF1: 0.98 exactly as float64 arithmetic gives
