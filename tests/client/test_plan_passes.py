"""The plan passes (src_cpp/plan_passes.h), seen through the plan's step lists: pruning to the
fetches, feeds cutting the graph, producers before consumers, and the constant-folding partition."""
import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.framework.op_def import OP_DEFS


def plan_for(sess, fetches, feed_dict=None):
    sess.graph._flush()  # what Session.run does before planning
    return sess._make_runner(fetches, feed_dict).plan


def test_plan_runs_only_what_the_fetch_needs_in_dependency_order():
    x = tf.placeholder(tf.float32, name="x")
    a = tf.square(x, name="a")
    b = tf.negative(a, name="b")
    tf.exp(x, name="unused")
    with tf.Session() as sess:
        plan = plan_for(sess, b, {x: 2.0})
    assert plan.step_names() == ["a", "b"]  # the fed placeholder and the unrelated op are pruned
    assert plan.folded_step_names() == []


def test_feeding_an_intermediate_cuts_off_its_producers():
    x = tf.placeholder(tf.float32, name="x")
    a = tf.square(x, name="a")
    b = tf.negative(a, name="b")
    with tf.Session() as sess:
        plan = plan_for(sess, b, {a: 3.0})
        assert plan.step_names() == ["b"]
        assert sess.run(b, {a: 3.0}) == -3.0


def test_constant_subgraphs_fold_and_lone_constants_stay_in_the_run():
    c = tf.constant(2.0, name="c")
    folded = tf.square(c, name="folded")
    lone = tf.constant(5.0, name="lone")
    x = tf.placeholder(tf.float32, name="x")
    y = tf.add(tf.multiply(x, folded, name="scaled"), lone, name="y")
    with tf.Session() as sess:
        plan = plan_for(sess, y, {x: 1.0})
        assert plan.folded_step_names() == ["c", "folded"]
        assert plan.step_names() == ["lone", "scaled", "y"]
        assert sess.run(y, {x: 1.0}) == 9.0


def test_random_ops_never_fold_and_every_op_with_a_seed_is_stateful():
    r = tf.random_normal([3], seed=1, name="r")
    d = tf.nn.dropout(tf.ones([3]), keep_prob=0.5, seed=2)
    u = tf.random_uniform([2], seed=3)
    t = tf.truncated_normal([2], seed=4)
    with tf.Session() as sess:
        plan = plan_for(sess, [tf.square(r, name="r2"), d, u, t])
    assert "r" in plan.step_names() and "r2" in plan.step_names()
    seeded = [op for op in tf.get_default_graph().get_operations() if "seed" in op.node_def["attr"]]
    assert len(seeded) == 4
    assert all(OP_DEFS[op.type].stateful for op in seeded)  # why the folding rule needs no seed check


def test_a_gradient_step_over_known_shapes_neither_computes_the_loss_nor_its_square():
    # tf.gradients starts from ones_like(mse), a constant when mse's shape is known (TF1's
    # optimize=True), and the gradient of reduce_mean over a known shape reads no input (TF1's
    # static path): the training op runs neither 'mse' nor the Square, and the broadcast 1/m
    # gradient is folded once.
    X = tf.constant(np.arange(12, dtype=np.float32).reshape(6, 2), name="X")
    y = tf.constant(np.ones((6, 1), np.float32), name="y")
    theta = tf.Variable(np.zeros((2, 1), np.float32), name="theta")
    error = tf.subtract(tf.matmul(X, theta, name="predictions"), y, name="error")
    mse = tf.reduce_mean(tf.square(error, name="sq"), name="mse")
    grad = tf.gradients(mse, [theta])[0]
    train = tf.assign(theta, theta - 0.01 * grad)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        plan = plan_for(sess, train)
        assert "mse" not in plan.step_names() and "sq" not in plan.step_names()
        assert "gradients/mse_grad/ReductionGrad" in plan.folded_step_names()
        sess.run(train)
        expected = -0.01 * (2 / 6) * np.arange(12, dtype=np.float32).reshape(6, 2).T @ -np.ones((6, 1))
        np.testing.assert_allclose(sess.run(theta), expected, rtol=1e-6)


def test_a_constant_transposed_operand_is_transposed_once_and_matches_the_explicit_transpose():
    # X^T @ v with a constant X (the gradient of X @ theta) reads one folded transposed copy of X,
    # shared by both products, and gives the bits of tf.matmul(tf.transpose(X), v).
    data = np.random.RandomState(0).standard_normal((300, 9)).astype(np.float32)
    X = tf.constant(data, name="X")
    v = tf.placeholder(tf.float32, (300, None), name="v")
    t1 = tf.matmul(X, v, transpose_a=True, name="t1")
    t2 = tf.matmul(X, v * 2.0, transpose_a=True, name="t2")
    explicit = tf.matmul(tf.transpose(X), v, name="explicit")
    feed = {v: np.random.RandomState(1).standard_normal((300, 1)).astype(np.float32)}
    with tf.Session() as sess:
        plan = plan_for(sess, [t1, t2], feed)
        assert [n for n in plan.folded_step_names() if "transposed_a" in n] == ["t1/transposed_a"]
        a, b, c = sess.run([t1, t2, explicit], feed)
        np.testing.assert_array_equal(a, c)
        np.testing.assert_allclose(b, 2 * (data.T @ feed[v]), rtol=1e-4)
        wide = {v: np.ones((300, 3), np.float32)}
        np.testing.assert_allclose(sess.run(t1, wide), data.T @ np.ones((300, 3), np.float32), rtol=1e-4)


def test_a_variable_or_fed_transposed_operand_is_not_pretransposed():
    w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2), name="w")
    x = tf.placeholder(tf.float32, (3, 2), name="x")
    v = tf.constant(np.ones((3, 1), np.float32), name="v")
    pw = tf.matmul(w, v, transpose_a=True, name="pw")
    px = tf.matmul(x, v, transpose_a=True, name="px")
    feed = {x: np.arange(6, dtype=np.float32).reshape(3, 2)}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        plan = plan_for(sess, [pw, px], feed)
        assert not [n for n in plan.folded_step_names() if "transposed_a" in n]
        a, b = sess.run([pw, px], feed)
    np.testing.assert_array_equal(a, [[6.0], [9.0]])
    np.testing.assert_array_equal(b, [[6.0], [9.0]])


def _constant_and_fed_products(data, vector):
    """X @ v with X a constant (pretransposed when narrow) and with X fed (never), in one session."""
    with tf.Graph().as_default():
        X = tf.constant(data, name="X")
        x = tf.placeholder(data.dtype, data.shape, name="x")
        v = tf.placeholder(data.dtype, vector.shape, name="v")
        p = tf.matmul(X, v, name="p")
        q = tf.matmul(x, v, name="q")
        with tf.Session() as sess:
            plan = plan_for(sess, p, {v: vector})
            folded = plan.folded_step_names()
            return folded, *sess.run([p, q], {x: data, v: vector})


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("cols", [1, 2, 7, 8, 9, 16, 17, 31, 32, 33])
def test_a_constant_narrow_matrix_times_a_vector_reads_a_transposed_copy(dtype, cols):
    # Linear regression's X @ theta: the MatMul reads X transposed once (folded), for BLAS's
    # long-row gemv; the values agree with NumPy's float64 product within float rounding.
    rng = np.random.RandomState(cols)
    for rows in (1, 3, 20640 + 1):
        data = rng.standard_normal((rows, cols)).astype(dtype)
        vector = rng.standard_normal((cols, 1)).astype(dtype)
        folded, constant, fed = _constant_and_fed_products(data, vector)
        assert "p/transposed_narrow_a" in folded
        expected = data.astype(np.float64) @ vector.astype(np.float64)
        tolerance = {np.float32: 1e-5, np.float64: 1e-13}[dtype] * np.sqrt(cols) * 8
        np.testing.assert_allclose(constant, expected, rtol=0, atol=tolerance)
        np.testing.assert_allclose(fed, expected, rtol=0, atol=tolerance)
        assert constant.dtype == dtype and constant.shape == (rows, 1)


def test_a_constant_narrow_matrix_times_a_matrix_is_the_fed_product_bit_for_bit():
    # The transposed copy is only for a vector b: with b of 3 columns the GEMM runs as without it.
    data = np.random.RandomState(5).standard_normal((1001, 9)).astype(np.float32)
    wide = np.random.RandomState(6).standard_normal((9, 3)).astype(np.float32)
    _, constant, fed = _constant_and_fed_products(data, wide)
    np.testing.assert_array_equal(constant, fed)


def test_the_prediction_of_the_hand_and_the_autodiff_epochs_agree_bit_for_bit():
    # Both batch-GD epochs compute X @ theta from a constant X; the autodiff one also multiplies
    # X^T @ g (its own transposed copy): the predictions are the same gemv over the same copy.
    data = np.random.RandomState(8).standard_normal((20640, 9)).astype(np.float32)
    theta = np.random.RandomState(9).standard_normal((9, 1)).astype(np.float32)
    values = []
    for autodiff in (False, True):
        with tf.Graph().as_default():
            X = tf.constant(data, name="X")
            t = tf.Variable(theta, name="theta")
            p = tf.matmul(X, t, name="predictions")
            mse = tf.reduce_mean(tf.square(p), name="mse")
            g = tf.gradients(mse, [t])[0] if autodiff else 2 / 20640 * tf.matmul(tf.transpose(X), p)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                values.append(sess.run([p, g]))
    np.testing.assert_array_equal(values[0][0], values[1][0])
    np.testing.assert_allclose(values[0][1], values[1][1], rtol=1e-5)


def test_a_size_error_of_a_narrow_constant_product_names_the_shapes_as_given():
    X = tf.constant(np.ones((4, 3), np.float32), name="X")
    v = tf.placeholder(tf.float32, None, name="v")
    p = tf.matmul(X, v, name="p")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"In\[0\]: \[4,3\], In\[1\]: \[5,1\]"):
            sess.run(p, {v: np.ones((5, 1), np.float32)})
        np.testing.assert_array_equal(sess.run(p, {v: np.ones((3, 1), np.float32)}), np.full((4, 1), 3.0))


def test_a_size_error_of_a_pretransposed_product_names_the_shapes_as_given():
    X = tf.constant(np.ones((4, 3), np.float32), name="X")
    v = tf.placeholder(tf.float32, None, name="v")
    p = tf.matmul(X, v, transpose_a=True, name="p")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"In\[0\]: \[4,3\], In\[1\]: \[5,1\]"):
            sess.run(p, {v: np.ones((5, 1), np.float32)})
