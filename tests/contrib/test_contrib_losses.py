"""tf.contrib.losses (slim.losses): TF1's older argument order over tf.losses, the same values
and the LOSSES collection; hinge_loss returns the element-wise losses (TF1's contrib version)."""
import numpy as np
import pytest

import jupyter_flow as tf

slim = tf.contrib.slim
LOGITS = np.array([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]], np.float32)


def _xent(logits, labels):
    z = logits - logits.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return -logp[np.arange(len(labels)), labels]


def test_cross_entropies_take_logits_first_and_join_the_collection():
    tf.reset_default_graph()
    onehot = np.eye(3, dtype=np.float32)[[0, 1]]
    a = slim.losses.softmax_cross_entropy(LOGITS, onehot)
    b = slim.losses.sparse_softmax_cross_entropy(LOGITS, [0, 1], weights=[1.0, 0.0])
    c = slim.losses.mean_squared_error(tf.constant([1.0, 2.0]), tf.constant([0.0, 4.0]))
    assert a.op.name.startswith("softmax_cross_entropy_loss/")
    assert slim.losses.get_losses() == [a, b, c]
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.constant(0.25))
    total = slim.losses.get_total_loss()
    assert total.op.name == "total_loss"
    with tf.Session() as sess:
        av, bv, cv, tv, rv = sess.run([a, b, c, total, slim.losses.get_total_loss(False, name="no_reg")])
    expected = _xent(LOGITS, [0, 1])
    assert av == pytest.approx(expected.mean(), rel=1e-6)
    assert bv == pytest.approx(expected[0], rel=1e-6)
    assert cv == pytest.approx(2.5)
    assert tv == pytest.approx(av + bv + cv + 0.25, rel=1e-6) and rv == pytest.approx(av + bv + cv, rel=1e-6)
    assert len(slim.losses.get_regularization_losses()) == 1


def test_hinge_loss_is_elementwise_and_not_collected():
    tf.reset_default_graph()
    h = slim.losses.hinge_loss(tf.constant([[0.5, -2.0, 3.0]]), tf.constant([[1, 0, 0]]))
    assert slim.losses.get_losses() == []
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(h), [[0.5, 0.0, 4.0]])
