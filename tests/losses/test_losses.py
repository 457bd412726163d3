"""tf.losses against literal values from TensorFlow 1.x (tensorflow.compat.v1): names, values,
reductions, weights, gradients and the loss collections."""
import numpy as np
import pytest

import jupyter_flow as tf

Y = np.array([[0., 1., 1.], [1., 0., 1.]], np.float32)
P = np.array([[0.1, 0.8, 0.6], [0.7, 0.3, 0.9]], np.float32)
LOGITS = np.array([[1.5, -0.3, 2.2], [-1.1, 0.4, 0.9]], np.float32)
W_ROWS = np.array([[1.0], [0.0]], np.float32)
W_FULL = np.array([[2.0, 0.0, 1.0], [0.5, 0.0, 0.0]], np.float32)
R = tf.losses.Reduction


def _run(t):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(t)


@pytest.mark.parametrize("build,name,expected", [
    (lambda: tf.losses.absolute_difference(Y, P), "absolute_difference/value:0", 0.23333333432674408),
    (lambda: tf.losses.absolute_difference(Y, P, weights=W_ROWS), "absolute_difference/value:0", 0.2333333045244217),
    (lambda: tf.losses.mean_squared_error(Y, P, weights=W_FULL), "mean_squared_error/value:0", 0.07499999552965164),
    (lambda: tf.losses.mean_squared_error(Y, P, weights=W_FULL, reduction=R.SUM), "mean_squared_error/Sum:0",
     0.22499997913837433),
    (lambda: tf.losses.mean_squared_error(Y, P, weights=W_FULL, reduction=R.MEAN), "mean_squared_error/value:0",
     0.06428571045398712),
    (lambda: tf.losses.mean_squared_error(Y, P, weights=W_FULL, reduction=R.SUM_OVER_BATCH_SIZE),
     "mean_squared_error/value:0", 0.03749999776482582),
    (lambda: tf.losses.log_loss(Y, P), "log_loss/value:0", 0.2763398587703705),
    (lambda: tf.losses.huber_loss(Y, LOGITS, delta=0.5), "huber_loss/value:0", 0.4391666650772095),
    (lambda: tf.losses.hinge_loss(Y, LOGITS), "hinge_loss/value:0", 1.2333332300186157),
    (lambda: tf.losses.sigmoid_cross_entropy(Y, LOGITS, label_smoothing=0.1), "sigmoid_cross_entropy_loss/value:0",
     0.8820593357086182),
    (lambda: tf.losses.softmax_cross_entropy(Y, LOGITS, weights=np.array([1.0, 3.0], np.float32),
                                             label_smoothing=0.2), "softmax_cross_entropy_loss/value:0",
     5.6659746170043945),
    (lambda: tf.losses.sparse_softmax_cross_entropy(np.array([2, 0], np.int32), LOGITS,
                                                    weights=np.array([0.5, 2.0], np.float32)),
     "sparse_softmax_cross_entropy_loss/value:0", 2.669102668762207),
    (lambda: tf.losses.mean_squared_error(Y, P, weights=0.0), "mean_squared_error/value:0", 0.0),
])
def test_loss_matches_tf1_name_and_value(build, name, expected):
    loss = build()
    assert loss.name == name
    assert loss.dtype == tf.float32 and loss.shape.ndims == 0
    np.testing.assert_allclose(_run(loss), expected, rtol=2e-6)
    assert tf.get_collection(tf.GraphKeys.LOSSES) == [loss]


def test_reduction_none_keeps_weighted_elements():
    loss = tf.losses.mean_squared_error(Y, P, weights=W_FULL, reduction=R.NONE)
    assert loss.name == "mean_squared_error/Mul:0"
    np.testing.assert_allclose(_run(loss), [[0.020000001415610313, 0.0, 0.15999998152256012],
                                            [0.04500000178813934, 0.0, 0.0]], rtol=2e-6)


def test_gradients_match_tf1():
    x = tf.constant(LOGITS)
    huber = tf.losses.huber_loss(Y, x, delta=0.5, loss_collection=None)
    # One-hot labels: for labels that do not sum to one TF1's kernel gives softmax - labels, not the
    # derivative; ours gives the derivative (tests/ops/gradient_cases_nn.py, dense_xent).
    onehot = np.array([[0., 1., 0.], [1., 0., 0.]], np.float32)
    soft = tf.losses.softmax_cross_entropy(onehot, x, weights=np.array([1.0, 3.0], np.float32), label_smoothing=0.2,
                                           loss_collection=None)
    g_huber, g_soft = _run([tf.gradients(huber, x)[0], tf.gradients(soft, x)[0]])
    np.testing.assert_allclose(g_huber, [[0.0833333358168602, -0.0833333358168602, 0.0833333358168602],
                                         [-0.0833333358168602, 0.06666667014360428, -0.016666673123836517]],
                               rtol=1e-5)
    np.testing.assert_allclose(g_soft, [[0.12394627928733826, -0.40733519196510315, 0.2833889126777649],
                                        [-1.1834566593170166, 0.4223111867904663, 0.7611455917358398]], rtol=1e-5)
    assert tf.get_collection(tf.GraphKeys.LOSSES) == []


def test_loss_collection_add_and_total():
    tf.losses.add_loss(tf.constant(2.0))
    tf.losses.add_loss(tf.constant(3.0))
    tf.losses.add_loss(tf.constant(100.0), loss_collection="elsewhere")
    total = tf.losses.get_total_loss()
    assert total.name == "total_loss:0"
    assert _run(total) == 5.0
    assert len(tf.losses.get_losses()) == 2 and len(tf.losses.get_losses(loss_collection="elsewhere")) == 1


def test_total_loss_adds_regularization_losses_from_dense():
    X = tf.constant(np.ones((2, 3), np.float32))
    tf.layers.dense(X, 2, kernel_initializer=tf.ones_initializer(),
                    kernel_regularizer=tf.contrib.layers.l2_regularizer(0.1), name="hidden")
    base = tf.losses.absolute_difference(tf.zeros([2]), tf.ones([2]))
    reg = tf.losses.get_regularization_losses()
    assert len(reg) == 1 and reg[0].name.startswith("hidden/kernel/Regularizer/")
    total = tf.losses.get_total_loss()
    reg_sum = tf.losses.get_regularization_loss()
    assert reg_sum.name == "total_regularization_loss:0"
    # l2: 0.1 * sum(w^2) / 2 over six ones = 0.3
    np.testing.assert_allclose(_run([total, reg_sum]), [1.3, 0.3], rtol=1e-6)
    assert _run(tf.losses.get_total_loss(add_regularization_losses=False)) == 1.0


def test_regularization_loss_is_zero_without_regularizers():
    assert _run(tf.losses.get_regularization_loss()) == 0.0


def test_bad_reduction_and_weights_name_the_problem():
    with pytest.raises(ValueError, match="Invalid Reduction Key"):
        tf.losses.mean_squared_error(Y, P, reduction="average")
    with pytest.raises(ValueError, match="weights can not be broadcast"):
        tf.losses.mean_squared_error(Y, P, weights=np.ones((3, 2), np.float32))
    with pytest.raises(ValueError, match="incompatible"):
        tf.losses.mean_squared_error(Y, P[:, :2])
    with pytest.raises(ValueError, match="get_total_loss found no losses"):
        tf.losses.get_total_loss()


def test_loss_in_float64_stays_float64():
    loss = tf.losses.mean_squared_error(Y.astype(np.float64), P.astype(np.float64))
    assert loss.dtype == tf.float64
    np.testing.assert_allclose(_run(loss), np.mean((Y - P) ** 2), rtol=1e-6)
