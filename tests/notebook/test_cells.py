"""CellTracker on plain graphs (no IPython): re-runs replace nodes, re-link consumers, keep or
drop variable values, and undo failed runs."""
import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.notebook.cells import CellRef, CellTracker


@pytest.fixture
def tracker():
    tf.reset_default_graph()
    return CellTracker(tf.get_default_graph())


@pytest.fixture
def sess(tracker):
    s = tf.Session(graph=tracker.graph)
    yield s
    s.close()


def run_cell(tracker, key, body, fresh=False, namespace=None):
    """Run `body` as the cell `key`: commit if it returns, roll back (and re-raise) if it raises."""
    run = tracker.begin(CellRef(key), fresh=fresh, namespace=namespace)
    try:
        out = body()
    except Exception:
        tracker.rollback(run)
        raise
    tracker.commit(run)
    return out


def names(graph):
    return sorted(op.name for op in graph.get_operations())


def model_cell(x_value=3.0, w_init=2.0):
    def body():
        x = tf.constant(x_value, name="x")
        with tf.name_scope("loss"):
            w = tf.Variable(w_init, name="w")
            mse = tf.square(x - w, name="mse")
        return x, w, mse
    return body


def test_rerun_keeps_node_names_and_graph_size(tracker):
    run_cell(tracker, "A", model_cell())
    before = names(tracker.graph)
    x, w, mse = run_cell(tracker, "A", model_cell())
    assert names(tracker.graph) == before
    assert (x.name, w.op.name, mse.name) == ("x:0", "loss/w", "loss/mse:0")


def test_rerun_of_one_cell_keeps_suffixed_names_of_others(tracker):
    a = run_cell(tracker, "A", lambda: tf.constant(1.0, name="x"))
    b = run_cell(tracker, "B", lambda: tf.constant(2.0, name="x"))
    assert (a.name, b.name) == ("x:0", "x_1:0")
    b = run_cell(tracker, "B", lambda: tf.constant(2.0, name="x"))
    a = run_cell(tracker, "A", lambda: tf.constant(1.0, name="x"))
    assert (a.name, b.name) == ("x:0", "x_1:0")
    assert len(tracker.graph.get_operations()) == 2


def test_rerun_gives_same_scope_names_when_another_cell_uses_the_scope(tracker):
    def loss_cell():
        with tf.name_scope("loss"):
            return tf.constant(1.0, name="mse")
    first = run_cell(tracker, "A", loss_cell)
    other = run_cell(tracker, "B", loss_cell)
    again = run_cell(tracker, "A", loss_cell)
    assert (first.name, other.name, again.name) == ("loss/mse:0", "loss_1/mse:0", "loss/mse:0")


def test_rerun_gives_same_variable_scope_default_names(tracker):
    def relu_cell():
        with tf.variable_scope(None, default_name="relu"):
            return tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
    first = run_cell(tracker, "A", relu_cell)
    again = run_cell(tracker, "A", relu_cell)
    assert first.op.name == again.op.name == "relu/threshold"
    assert tracker.graph._variable_store == {"relu/threshold": again}


def test_later_cell_gives_new_value_after_edited_cell_reruns(tracker, sess):
    run_cell(tracker, "A", lambda: tf.constant(3.0, name="x"))
    y = run_cell(tracker, "B", lambda: tf.multiply(tf.get_default_graph().get_tensor_by_name("x:0"), 2.0,
                                                   name="y"))
    assert sess.run(y) == 6.0
    run_cell(tracker, "A", lambda: tf.constant(5.0, name="x"))
    assert sess.run(y) == 10.0
    assert tracker.graph._stale_ops == {}


def test_control_inputs_are_relinked(tracker, sess):
    x, w, _ = run_cell(tracker, "A", model_cell())
    init = run_cell(tracker, "B", tf.global_variables_initializer)
    _, w, _ = run_cell(tracker, "A", model_cell(w_init=7.0))
    assert [c.name for c in init.control_inputs] == ["loss/w/Assign"]
    sess.run(init)
    assert sess.run(w) == 7.0


def test_consumer_of_changed_shape_is_stale_and_running_it_names_the_cell(tracker, sess):
    run_cell(tracker, "A", lambda: tf.constant(3.0, name="x"))
    y = run_cell(tracker, "B", lambda: tf.square(tf.get_default_graph().get_tensor_by_name("x:0"), name="y"))
    run_cell(tracker, "A", lambda: tf.constant([1.0, 2.0], name="x"))
    with pytest.raises(tf.errors.FailedPreconditionError) as e:
        sess.run(y)
    message = str(e.value)
    assert "'y'" in message and "cell A was re-run" in message and "Re-run cell B" in message
    assert "(2,)" in message
    assert e.value.op is y.op


def test_consumer_whose_output_shape_is_unchanged_is_relinked(tracker, sess):
    run_cell(tracker, "A", lambda: tf.constant([1.0, 2.0], name="x"))
    total = run_cell(tracker, "B", lambda: tf.reduce_sum(tf.get_default_graph().get_tensor_by_name("x:0"),
                                                         name="total"))
    run_cell(tracker, "A", lambda: tf.constant([1.0, 2.0, 3.0], name="x"))
    assert sess.run(total) == 6.0


def test_stale_consumer_is_relinked_when_a_rerun_makes_it_compatible_again(tracker, sess):
    run_cell(tracker, "A", lambda: tf.constant(3.0, name="x"))
    y = run_cell(tracker, "B", lambda: tf.square(tf.get_default_graph().get_tensor_by_name("x:0"), name="y"))
    run_cell(tracker, "A", lambda: tf.constant([1.0, 2.0], name="x"))
    assert y.op._id in tracker.graph._stale_ops
    run_cell(tracker, "A", lambda: tf.constant(4.0, name="x"))
    assert tracker.graph._stale_ops == {}
    assert sess.run(y) == 16.0


def test_consumer_of_a_node_no_longer_made_is_stale(tracker, sess):
    run_cell(tracker, "A", lambda: tf.constant(3.0, name="x"))
    y = run_cell(tracker, "B", lambda: tf.square(tf.get_default_graph().get_tensor_by_name("x:0"), name="y"))
    run_cell(tracker, "A", lambda: tf.constant(3.0, name="renamed"))
    with pytest.raises(tf.errors.FailedPreconditionError, match="input 'x:0' no longer exists"):
        sess.run(y)


def test_stale_op_outside_the_plan_does_not_block_other_runs(tracker, sess):
    run_cell(tracker, "A", lambda: tf.constant(3.0, name="x"))
    run_cell(tracker, "B", lambda: tf.square(tf.get_default_graph().get_tensor_by_name("x:0"), name="y"))
    z = run_cell(tracker, "C", lambda: tf.constant(1.0, name="z") + 1.0)
    run_cell(tracker, "A", lambda: tf.constant([1.0, 2.0], name="x"))
    assert sess.run(z) == 2.0


def test_rerunning_the_stale_cell_clears_it(tracker, sess):
    run_cell(tracker, "A", lambda: tf.constant(3.0, name="x"))
    square_x = lambda: tf.square(tf.get_default_graph().get_tensor_by_name("x:0"), name="y")  # noqa: E731
    run_cell(tracker, "B", square_x)
    run_cell(tracker, "A", lambda: tf.constant([1.0, 2.0], name="x"))
    y = run_cell(tracker, "B", square_x)
    assert tracker.graph._stale_ops == {}
    np.testing.assert_allclose(sess.run(y), [1.0, 4.0])


def test_unchanged_variable_keeps_its_trained_value(tracker, sess):
    _, w, _ = run_cell(tracker, "A", model_cell())
    sess.run(w.initializer)
    sess.run(w.assign(42.0))
    _, w, mse = run_cell(tracker, "A", model_cell())
    assert sess.run(w) == 42.0
    assert sess.run(mse) == (3.0 - 42.0) ** 2


def test_changed_variable_definition_is_uninitialized(tracker, sess):
    _, w, _ = run_cell(tracker, "A", model_cell())
    sess.run(w.initializer)
    _, w, _ = run_cell(tracker, "A", model_cell(w_init=5.0))
    with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value loss/w"):
        sess.run(w)
    sess.run(w.initializer)
    assert sess.run(w) == 5.0


def test_fresh_drops_values_of_the_cells_variables(tracker, sess):
    _, w, _ = run_cell(tracker, "A", model_cell())
    sess.run(w.initializer)
    run_cell(tracker, "A", model_cell(), fresh=True)
    assert sess._read_variable("loss/w") is None


def test_cell_may_initialize_its_changed_variable_while_it_runs(tracker, sess):
    _, w, _ = run_cell(tracker, "A", model_cell())
    sess.run(w.initializer)

    def body():
        _, w, _ = model_cell(w_init=9.0)()
        sess.run(w.initializer)
        return w
    w = run_cell(tracker, "A", body)
    assert sess.run(w) == 9.0


def test_value_of_a_variable_no_longer_made_is_freed(tracker, sess):
    _, w, _ = run_cell(tracker, "A", model_cell())
    sess.run(w.initializer)
    run_cell(tracker, "A", lambda: tf.constant(1.0, name="x"))
    assert sess._read_variable("loss/w") is None
    assert tf.global_variables() == []


def test_rerun_replaces_the_cells_variables_in_collections(tracker):
    run_cell(tracker, "A", model_cell())
    _, w, _ = run_cell(tracker, "A", model_cell())
    assert tf.global_variables() == [w]
    assert tf.trainable_variables() == [w]


def test_failed_rerun_restores_the_previous_nodes(tracker, sess):
    x, w, mse = run_cell(tracker, "A", model_cell())
    y = run_cell(tracker, "B", lambda: tf.multiply(mse, 2.0, name="y"))
    sess.run(w.initializer)
    before = names(tracker.graph)
    namespace = {"x": x, "w": w, "mse": mse}

    def failing():
        namespace["x"] = tf.constant(10.0, name="x")
        namespace["half"] = tf.constant(0.5, name="half")
        raise RuntimeError("typo in the cell")
    with pytest.raises(RuntimeError):
        run_cell(tracker, "A", failing, namespace=namespace)
    assert names(tracker.graph) == before
    assert namespace == {"x": x, "w": w, "mse": mse}
    assert sess.run(y) == 2.0
    x2, _, _ = run_cell(tracker, "A", model_cell(x_value=4.0))
    assert x2.name == "x:0"
    assert sess.run(y) == 8.0


def test_failed_first_run_leaves_no_nodes(tracker):
    def failing():
        with tf.name_scope("half"):
            tf.Variable(1.0, name="built")
        raise RuntimeError("boom")
    with pytest.raises(RuntimeError):
        run_cell(tracker, "A", failing)
    assert tracker.graph.get_operations() == []
    assert tf.global_variables() == []
    assert run_cell(tracker, "A", lambda: tf.constant(1.0, name="half")).name == "half:0"


def test_failed_run_gives_back_values_it_dropped(tracker, sess):
    _, w, _ = run_cell(tracker, "A", model_cell())
    sess.run(w.assign(3.5))

    def failing():
        model_cell()()
        raise RuntimeError("boom")
    with pytest.raises(RuntimeError):
        run_cell(tracker, "A", failing, fresh=True)
    assert sess.run(w) == 3.5


def test_fetching_a_removed_tensor_says_which_cell_replaced_it(tracker, sess):
    old_x = run_cell(tracker, "A", lambda: tf.constant(1.0, name="x"))
    run_cell(tracker, "A", lambda: tf.constant(2.0, name="x"))
    with pytest.raises(tf.errors.FailedPreconditionError, match="'x:0' was removed from the graph when cell A"):
        sess.run(old_x)


def test_building_on_a_removed_tensor_is_refused(tracker):
    old_x = run_cell(tracker, "A", lambda: tf.constant(1.0, name="x"))
    run_cell(tracker, "A", lambda: tf.constant(2.0, name="x"))
    with pytest.raises(ValueError, match="Tensor 'x:0' was removed from the graph"):
        old_x * 2.0


def test_training_ops_of_another_cell_follow_the_rebuilt_model(tracker, sess):
    x, w, mse = run_cell(tracker, "A", model_cell(x_value=3.0, w_init=0.0))

    def train_cell():
        grad, = tf.gradients(mse, [w])
        return tf.assign(w, w - 0.25 * grad, name="train"), tf.global_variables_initializer()
    train, init = run_cell(tracker, "B", train_cell)
    sess.run(init)
    for _ in range(20):
        sess.run(train)
    trained = sess.run(w)
    assert abs(trained - 3.0) < 1e-3
    x, w, mse = run_cell(tracker, "A", model_cell(x_value=-1.0, w_init=0.0))  # same variable: value kept
    assert sess.run(w) == trained
    for _ in range(20):
        sess.run(train)
    assert abs(sess.run(w) + 1.0) < 1e-3


def test_random_initializer_under_a_graph_seed_counts_as_unchanged(tracker, sess):
    tf.set_random_seed(42)

    def dense_cell():
        return tf.get_variable("kernel", shape=(3, 2))  # glorot_uniform, op seed derived from the graph seed
    kernel = run_cell(tracker, "A", dense_cell)
    sess.run(kernel.initializer)
    sess.run(kernel.assign(np.full((3, 2), 7.0, np.float32)))
    kernel = run_cell(tracker, "A", dense_cell)
    np.testing.assert_array_equal(sess.run(kernel), np.full((3, 2), 7.0))


def test_changed_random_initializer_counts_as_changed(tracker, sess):
    w = run_cell(tracker, "A", lambda: tf.Variable(tf.random_uniform((2,), -1.0, 1.0, seed=1), name="w"))
    sess.run(w.initializer)
    w = run_cell(tracker, "A", lambda: tf.Variable(tf.random_uniform((2,), -2.0, 2.0, seed=1), name="w"))
    assert sess._read_variable("w") is None
