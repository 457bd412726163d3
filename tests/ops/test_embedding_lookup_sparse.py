"""tf.nn.embedding_lookup_sparse and tf.nn.safe_embedding_lookup_sparse: every combiner with and without
weights (values written in from TF 2.21's tf.compat.v1), the rows of examples without ids, and training:
a gradient step changes only the looked-up rows."""
import numpy as np
import pytest

import jupyter_flow as tf

PARAMS = np.arange(12, dtype=np.float32).reshape(4, 3)
IDS = ([[0, 0], [0, 1], [2, 0], [2, 1]], [1, 3, 0, 1], [4, 2])
WEIGHTS = [2.0, 1.0, 0.5, 1.5]

EXPECTED = {  # TF 2.21 tf.compat.v1 values
    ("sum", False): [[12.0, 14.0, 16.0], [0.0, 0.0, 0.0], [3.0, 5.0, 7.0]],
    ("sum", True): [[15.0, 18.0, 21.0], [0.0, 0.0, 0.0], [4.5, 6.5, 8.5]],
    ("mean", False): [[6.0, 7.0, 8.0], [0.0, 0.0, 0.0], [1.5, 2.5, 3.5]],
    ("mean", True): [[5.0, 6.0, 7.0], [0.0, 0.0, 0.0], [2.25, 3.25, 4.25]],
    ("sqrtn", False): [[8.485281, 9.899495, 11.313708], [0.0, 0.0, 0.0], [2.1213202, 3.535534, 4.9497476]],
    ("sqrtn", True): [[6.7082038, 8.049845, 9.391485], [0.0, 0.0, 0.0], [2.8460498, 4.110961, 5.375872]],
}


def ids_sp():
    return tf.SparseTensor(IDS[0], tf.constant(IDS[1], tf.int64), IDS[2])


def weights_sp():
    return tf.SparseTensor(IDS[0], WEIGHTS, IDS[2])


@pytest.mark.parametrize("combiner,weighted", sorted(EXPECTED))
def test_combiners_match_tf1(combiner, weighted):
    out = tf.nn.embedding_lookup_sparse(tf.constant(PARAMS), ids_sp(), weights_sp() if weighted else None,
                                        combiner=combiner)
    assert out.shape.as_list() == [None, 3]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(out), EXPECTED[combiner, weighted], rtol=1e-6)


@pytest.mark.parametrize("combiner", ["sum", "mean", "sqrtn"])
def test_safe_lookup_gives_every_example_a_row(combiner):
    out = tf.nn.safe_embedding_lookup_sparse(tf.constant(PARAMS), ids_sp(), weights_sp(), combiner=combiner)
    assert out.shape.as_list() == [4, 3]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(out), EXPECTED[combiner, True] + [[0.0, 0.0, 0.0]], rtol=1e-6)


def test_safe_lookup_drops_negative_ids_and_uses_default_id():
    ids = tf.SparseTensor([[0, 0], [0, 1], [2, 0], [3, 1]], tf.constant([1, -1, 0, 2], tf.int64), [4, 2])
    params = tf.constant(PARAMS)
    plain = tf.nn.safe_embedding_lookup_sparse(params, ids, None)
    default = tf.nn.safe_embedding_lookup_sparse(params, ids, None, default_id=3)
    with tf.Session() as sess:
        assert sess.run(plain).tolist() == [[3.0, 4.0, 5.0], [0.0, 0.0, 0.0], [0.0, 1.0, 2.0], [6.0, 7.0, 8.0]]
        assert sess.run(default).tolist() == [[3.0, 4.0, 5.0], [9.0, 10.0, 11.0], [0.0, 1.0, 2.0], [6.0, 7.0, 8.0]]


def test_safe_lookup_of_rank_3_ids_keeps_the_leading_dimensions():
    ids = tf.SparseTensor([[0, 0, 0], [0, 1, 0], [1, 1, 1]], tf.constant([1, 2, 3], tf.int64), [2, 2, 2])
    out = tf.nn.safe_embedding_lookup_sparse(tf.constant(PARAMS), ids, None, combiner="sum")
    assert out.shape.as_list() == [2, 2, 3]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(out), [[PARAMS[1], PARAMS[2]], [np.zeros(3), PARAMS[3]]])


def test_a_gradient_step_changes_only_the_looked_up_rows():
    table = tf.Variable(PARAMS)
    out = tf.nn.embedding_lookup_sparse(table, ids_sp(), weights_sp(), combiner="sum")
    loss = tf.reduce_sum(out * tf.constant([[1.0, 0.0, 2.0], [5.0, 5.0, 5.0], [1.0, 1.0, 1.0]]))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        after = sess.run(table)
    # d loss / d row: sum over its uses of weight * the example's loss weights
    expected = PARAMS.copy()
    expected[1] -= 0.1 * (2.0 * np.array([1.0, 0.0, 2.0]) + 1.5 * np.ones(3))
    expected[3] -= 0.1 * (1.0 * np.array([1.0, 0.0, 2.0]))
    expected[0] -= 0.1 * (0.5 * np.ones(3))
    np.testing.assert_allclose(after, expected, rtol=1e-6)
    np.testing.assert_array_equal(after[2], PARAMS[2])


def test_an_unknown_combiner_is_refused():
    with pytest.raises(ValueError, match="combiner"):
        tf.nn.embedding_lookup_sparse(tf.constant(PARAMS), ids_sp(), None, combiner="max")
