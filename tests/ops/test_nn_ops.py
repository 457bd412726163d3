"""tf.nn ops against NumPy references: values, static shapes, stability for logits of ±1000,
errors, and every gradient rule against central finite differences (gradient_cases_nn.py)."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.framework.op_def import OP_DEFS


def _load_cases():
    path = Path(__file__).with_name("gradient_cases_nn.py")
    spec = importlib.util.spec_from_file_location("gradient_cases_nn", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CASES


CASES = _load_cases()


def np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def np_log_softmax(x, axis=-1):
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield


# ----- gradients -----------------------------------------------------------------------------------


def _numeric_gradient(sess, y, x, feed, eps=1e-6):
    base = feed[x]
    grad = np.zeros_like(base)
    for i in np.ndindex(base.shape):
        plus, minus = base.copy(), base.copy()
        plus[i] += eps
        minus[i] -= eps
        f_plus = np.sum(sess.run(y, {**feed, x: plus}))
        f_minus = np.sum(sess.run(y, {**feed, x: minus}))
        grad[i] = (f_plus - f_minus) / (2 * eps)
    return grad


@pytest.mark.parametrize("op_type,builder", CASES, ids=[f"{t}-{b.__name__}" for t, b in CASES])
def test_gradient_matches_finite_differences(op_type, builder):
    rng = np.random.default_rng(0)
    y, xs, values = builder(tf, rng)
    assert any(op.type == op_type for op in tf.get_default_graph().get_operations())
    grads = tf.gradients(y, xs)
    feed = dict(zip(xs, values))
    with tf.Session() as sess:
        analytic = sess.run(grads, feed)
        for x, g in zip(xs, analytic):
            np.testing.assert_allclose(g, _numeric_gradient(sess, y, x, feed), rtol=1e-6, atol=1e-8)


def test_every_differentiable_nn_op_has_a_gradient_case():
    nn_types = {name for name, d in OP_DEFS.items() if d.grad is not None and d.grad.__module__.rsplit(".", 1)[-1] in ("nn_ops", "nn_layers_ops")}
    assert nn_types == {t for t, _ in CASES}


# ----- softmax -------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_and_log_softmax_match_numpy(dtype, axis):
    x = np.random.default_rng(1).standard_normal((3, 4, 5)).astype(dtype)
    s, ls = run([tf.nn.softmax(tf.constant(x), axis=axis), tf.nn.log_softmax(tf.constant(x), axis=axis)])
    tol = 1e-6 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(s, np_softmax(x.astype(np.float64), axis), rtol=tol, atol=tol)
    np.testing.assert_allclose(ls, np_log_softmax(x.astype(np.float64), axis), rtol=tol, atol=tol)
    assert s.dtype == dtype


def test_softmax_is_stable_for_logits_of_plus_minus_1000():
    x = np.array([[1000.0, -1000.0, 0.0], [1000.0, 1000.0, -1000.0]], np.float32)
    s, ls = run([tf.nn.softmax(tf.constant(x)), tf.nn.log_softmax(tf.constant(x))])
    np.testing.assert_array_equal(s, [[1, 0, 0], [0.5, 0.5, 0]])
    np.testing.assert_allclose(ls, [[0, -2000, -1000], [-np.log(2), -np.log(2), -2000 - np.log(2)]], rtol=1e-6)


def test_softmax_rejects_an_axis_out_of_range():
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        tf.nn.softmax(tf.constant(np.zeros((2, 3))), axis=2)


def test_softmax_keeps_static_shape():
    x = tf.placeholder(tf.float32, (None, 10))
    assert tf.nn.softmax(x).shape.as_list() == [None, 10]


# ----- cross-entropy -------------------------------------------------------------------------------


def test_sparse_xent_matches_numpy_loss_and_gradient():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((6, 4)).astype(np.float32)
    y = np.array([0, 3, 1, 2, 3, 0], np.int32)
    logits = tf.constant(x)
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
    grad = tf.gradients(tf.reduce_mean(loss), [logits])[0]
    got_loss, got_grad = run([loss, grad])
    np.testing.assert_allclose(got_loss, -np_log_softmax(x.astype(np.float64))[np.arange(6), y], rtol=1e-6)
    onehot = np.eye(4)[y]
    np.testing.assert_allclose(got_grad, (np_softmax(x.astype(np.float64)) - onehot) / 6, rtol=1e-5, atol=1e-7)
    assert loss.shape.as_list() == [6] and loss.dtype == tf.float32


def test_sparse_xent_is_stable_for_logits_of_plus_minus_1000():
    x = np.array([[1000.0, -1000.0], [1000.0, -1000.0], [-1000.0, -1000.0]], np.float32)
    loss, back = run(tf.get_default_graph().create_op(
        "SparseSoftmaxCrossEntropyWithLogits", (tf.constant(x), tf.constant([0, 1, 1])), None).outputs)
    np.testing.assert_allclose(loss, [0.0, 2000.0, np.log(2)], rtol=1e-6)
    np.testing.assert_allclose(back, [[0, 0], [1, -1], [0.5, -0.5]], atol=1e-7)
    assert np.all(np.isfinite(loss))


def test_sparse_xent_accepts_int64_labels_and_higher_rank_logits():
    x = np.random.default_rng(3).standard_normal((2, 3, 5))
    y = np.array([[0, 1, 4], [2, 2, 3]], np.int64)
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=x)
    assert loss.shape.as_list() == [2, 3]
    expected = -np.take_along_axis(np_log_softmax(x), y[..., None], -1)[..., 0]
    np.testing.assert_allclose(run(loss), expected, rtol=1e-12)


def test_sparse_xent_requires_named_arguments():
    with pytest.raises(ValueError, match="named arguments"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(tf.constant([1]), tf.constant([[1.0, 2.0]]))


def test_sparse_xent_rejects_labels_of_the_wrong_rank_or_shape():
    logits = tf.placeholder(tf.float32, (None, 10))
    with pytest.raises(ValueError, match="Rank mismatch"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.placeholder(tf.int32, (None, 10)), logits=logits)
    with pytest.raises(ValueError, match="Shape mismatch"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.placeholder(tf.int32, (5,)),
                                                       logits=tf.placeholder(tf.float32, (4, 10)))


def test_sparse_xent_rejects_float_labels_pointing_to_the_dense_version():
    with pytest.raises(TypeError, match="softmax_cross_entropy_with_logits_v2"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.placeholder(tf.float32, (None,)),
                                                       logits=tf.placeholder(tf.float32, (None, 3)))


def test_sparse_xent_reports_a_batch_mismatch_at_run_time():
    labels, logits = tf.placeholder(tf.int32), tf.placeholder(tf.float32)
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"needs labels \[3\], got \[2\]"):
        run(loss, {labels: [0, 1], logits: np.zeros((3, 4))})


def test_sparse_xent_reports_an_out_of_range_label():
    labels = tf.placeholder(tf.int32, (None,))
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=tf.constant(np.zeros((3, 4))))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"label value of 4 which is outside the valid range of \[0, 4\)"):
        run(loss, {labels: [0, 4, 1]})
    with pytest.raises(tf.errors.InvalidArgumentError, match="label value of -1"):
        run(loss, {labels: [0, -1, 1]})


def test_dense_xent_v2_matches_numpy_and_differentiates_labels():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((5, 3))
    z = np_softmax(rng.standard_normal((5, 3)))
    logits, labels = tf.constant(x), tf.constant(z)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    g_logits, g_labels = tf.gradients(tf.reduce_sum(loss), [logits, labels])
    got = run([loss, g_logits, g_labels])
    np.testing.assert_allclose(got[0], -(z * np_log_softmax(x)).sum(-1), rtol=1e-12)
    np.testing.assert_allclose(got[1], np_softmax(x) - z, atol=1e-12)
    np.testing.assert_allclose(got[2], -np_log_softmax(x), rtol=1e-12)


def test_dense_xent_flattens_labels_of_another_rank_to_rows_as_tf1():
    # hunkim lab-06-2 passes labels=[Y_one_hot] (shape [1, N, 7]) with logits [N, 7]; TF 1.x
    # reshapes both to [rows, classes] first. Values from tensorflow.compat.v1 (TF 2.21).
    logits, labels = tf.placeholder(tf.float32, [None, 3]), tf.placeholder(tf.float32, [None, 3])
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=[labels])
    assert loss.shape.as_list() == [None]
    grad = tf.gradients(tf.reduce_sum(loss), logits)[0]
    feed = {logits: [[1., 2., 3.], [0., 0., 1.]], labels: [[0, 0, 1], [1, 0, 0]]}
    with tf.Session() as sess:
        got_loss, got_grad = sess.run([loss, grad], feed)
    np.testing.assert_allclose(got_loss, [0.40760594606399536, 1.5514447689056396], rtol=1e-6)
    np.testing.assert_allclose(got_grad, [[0.09003057, 0.24472848, -0.33475906], [-0.78805846, 0.21194156, 0.57611686]],
                               rtol=1e-6)


def test_dense_xent_v1_stops_the_gradient_into_labels():
    logits, labels = tf.constant(np.zeros((2, 3))), tf.constant(np.eye(3)[:2])
    loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    g_logits, g_labels = tf.gradients(loss, [logits, labels])
    assert g_labels is None and g_logits is not None


def test_dense_xent_casts_float64_one_hot_labels_to_the_logits_dtype_as_tf1():
    # input_data.read_data_sets(one_hot=True) labels are float64; TF1 casts them to the logits' dtype
    logits = tf.constant([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    labels = tf.constant(np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]))
    v1 = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    v2 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    assert v1.dtype == v2.dtype == tf.float32
    for got in run([v1, v2]):
        np.testing.assert_allclose(got, [0.41703, 3.653178], rtol=1e-5)   # TF 1.x values


def test_dense_xent_with_axis_zero_equals_transposed_inputs():
    rng = np.random.default_rng(5)
    x, z = rng.standard_normal((3, 4)), np_softmax(rng.standard_normal((3, 4)), axis=0)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=z, logits=x, axis=0)
    np.testing.assert_allclose(run(loss), -(z * np_log_softmax(x, axis=0)).sum(0), rtol=1e-12)


def test_dense_xent_is_stable_and_handles_zero_labels_on_minus_1000_logits():
    x = np.array([[1000.0, -1000.0, 0.0]], np.float32)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=[[1.0, 0.0, 0.0]], logits=x)
    np.testing.assert_array_equal(run(loss), [0.0])


def test_dense_xent_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="must have the same shape"):
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=np.zeros((2, 4), np.float32),
                                                   logits=np.zeros((2, 3), np.float32))


def test_sigmoid_xent_matches_numpy_and_is_stable_for_large_logits():
    x = np.array([-1000.0, -3.0, 0.0, 2.5, 1000.0, 1000.0, -1000.0], np.float32)
    z = np.array([1.0, 0.0, 1.0, 0.3, 0.0, 1.0, 0.0], np.float32)
    logits = tf.constant(x)
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=z, logits=logits)
    grad = tf.gradients(loss, [logits])[0]
    got_loss, got_grad = run([loss, grad])
    x64, z64 = x.astype(np.float64), z.astype(np.float64)
    expected = np.maximum(x64, 0) - x64 * z64 + np.log1p(np.exp(-np.abs(x64)))
    np.testing.assert_allclose(got_loss, expected, rtol=1e-6)
    np.testing.assert_allclose(got_loss[[0, 4, 5, 6]], [1000, 1000, 0, 0], atol=1e-6)
    np.testing.assert_allclose(got_grad, 0.5 * (1 + np.tanh(x64 / 2)) - z64, rtol=1e-6, atol=1e-7)  # sigmoid - z


def test_sigmoid_xent_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"must have the same shape \(\(2, 3\) vs \(2, 4\)\)"):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=np.zeros((2, 4), np.float32),
                                                logits=np.zeros((2, 3), np.float32))


# ----- in_top_k, l2_loss, activations, bias_add -------------------------------------------------------


def test_in_top_k_counts_ties_as_inside_and_bad_rows_as_false():
    pred = np.array([[0.1, 0.5, 0.4], [0.3, 0.3, 0.3], [0.1, 0.2, 0.7], [0.1, 0.2, 0.7], [np.nan, 0.2, 0.7]],
                    np.float32)
    targets = np.array([2, 0, 1, 5, 2], np.int64)
    k1, k2 = run([tf.nn.in_top_k(pred, targets, 1), tf.nn.in_top_k(pred, targets, 2)])
    np.testing.assert_array_equal(k1, [False, True, False, False, False])
    np.testing.assert_array_equal(k2, [True, True, True, False, False])


def test_in_top_k_checks_ranks_and_target_dtype():
    with pytest.raises(ValueError, match="must have rank 2"):
        tf.nn.in_top_k(np.zeros(3, np.float32), [0], 1)
    with pytest.raises(TypeError, match="int32 or int64"):
        tf.nn.in_top_k(np.zeros((2, 3), np.float32), [0.0, 1.0], 1)


def test_l2_loss_is_half_the_sum_of_squares():
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    out = tf.nn.l2_loss(x)
    assert out.shape.as_list() == []
    assert run(out) == pytest.approx(np.sum(x ** 2) / 2)


def test_elu_and_leaky_relu_match_numpy():
    x = np.array([-3.0, -0.5, 0.0, 0.5, 2.0])
    elu, leaky, leaky_default = run([tf.nn.elu(x), tf.nn.leaky_relu(x, alpha=0.1), tf.nn.leaky_relu(x)])
    np.testing.assert_allclose(elu, np.where(x > 0, x, np.expm1(x)), rtol=1e-12)
    np.testing.assert_allclose(leaky, np.where(x > 0, x, 0.1 * x), rtol=1e-12)
    np.testing.assert_allclose(leaky_default, np.where(x > 0, x, 0.2 * x), rtol=1e-12)


def test_leaky_relu_converts_integers_to_float32():
    out = tf.nn.leaky_relu(tf.constant([-2, 3]))
    assert out.dtype == tf.float32
    np.testing.assert_allclose(run(out), [-0.4, 3.0], rtol=1e-6)


def test_bias_add_adds_along_the_last_axis():
    v, b = np.arange(24.0).reshape(2, 3, 4), np.array([1.0, -1.0, 10.0, 0.5])
    np.testing.assert_array_equal(run(tf.nn.bias_add(v, b)), v + b)


def test_bias_add_rejects_a_bias_of_the_wrong_size():
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 4 and 3"):
        tf.nn.bias_add(tf.placeholder(tf.float32, (None, 4)), tf.zeros([3]))


def test_relu_sigmoid_tanh_stay_in_tf_nn():
    assert tf.nn.relu is not None and tf.nn.sigmoid is tf.sigmoid and tf.nn.tanh is tf.tanh
