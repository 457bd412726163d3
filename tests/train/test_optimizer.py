"""tf.train.Optimizer: slot variables, the global step, compute/apply_gradients, and the errors
TF1 raises."""
import numpy as np
import pytest

import jupyter_flow as tf


# ----- slot variables -------------------------------------------------------------------------

@pytest.mark.parametrize("cls,hyper,slots", [
    (tf.train.GradientDescentOptimizer, dict(learning_rate=0.1), {}),
    (tf.train.MomentumOptimizer, dict(learning_rate=0.1, momentum=0.9), {"momentum": ("x/Momentum", 0.0)}),
    (tf.train.AdagradOptimizer, dict(learning_rate=0.1), {"accumulator": ("x/Adagrad", 0.1)}),
    (tf.train.RMSPropOptimizer, dict(learning_rate=0.1), {"rms": ("x/RMSProp", 1.0),
                                                         "momentum": ("x/RMSProp_1", 0.0)}),
    (tf.train.RMSPropOptimizer, dict(learning_rate=0.1, centered=True),
     {"rms": ("x/RMSProp", 1.0), "mg": ("x/RMSProp_1", 0.0), "momentum": ("x/RMSProp_2", 0.0)}),
    (tf.train.AdamOptimizer, dict(), {"m": ("x/Adam", 0.0), "v": ("x/Adam_1", 0.0)}),
])
def test_slots_are_global_non_trainable_variables_initialized_by_global_variables_initializer(
        quadratic, cls, hyper, slots):
    x, loss = quadratic.build(tf.float32)
    optimizer = cls(**hyper)
    optimizer.minimize(loss)
    assert optimizer.get_slot_names() == sorted(slots)
    global_names = [v.op.name for v in tf.global_variables()]
    for slot_name, (var_name, initial) in slots.items():
        slot = optimizer.get_slot(x, slot_name)
        assert isinstance(slot, tf.Variable)
        assert slot.op.name == var_name and slot.name == var_name + ":0"
        assert var_name in global_names
        assert slot not in tf.trainable_variables()
        assert slot.dtype == tf.float32 and slot.shape == x.shape
    assert tf.trainable_variables() == [x]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert list(sess.run(tf.report_uninitialized_variables())) == []
        for slot_name, (_, initial) in slots.items():
            expected = np.full((2, 3), initial, dtype=np.float32)
            np.testing.assert_array_equal(sess.run(optimizer.get_slot(x, slot_name)), expected)


def test_adam_keeps_beta_powers_as_non_trainable_variables_advanced_each_step(quadratic):
    x, loss = quadratic.build(tf.float32)
    optimizer = tf.train.AdamOptimizer(beta1=0.8, beta2=0.9)
    training_op = optimizer.minimize(loss)
    names = [v.op.name for v in optimizer.variables()]
    assert names == ["beta1_power", "beta2_power", "x/Adam", "x/Adam_1"]
    assert {"beta1_power", "beta2_power"} <= {v.op.name for v in tf.global_variables()}
    assert tf.trainable_variables() == [x]
    b1, b2 = (tf.get_default_graph().get_tensor_by_name(n + ":0") for n in ("beta1_power", "beta2_power"))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run([b1, b2]), [0.8, 0.9], rtol=1e-6)
        for _ in range(3):
            sess.run(training_op)
        np.testing.assert_allclose(sess.run([b1, b2]), [0.8 ** 4, 0.9 ** 4], rtol=1e-6)


def test_slot_names_are_made_unique_and_follow_the_variable_scope():
    with tf.variable_scope("layer"):
        w = tf.get_variable("W", shape=[2], initializer=tf.zeros_initializer())
    loss = tf.reduce_sum(tf.square(w - 1.0))
    first, second = tf.train.MomentumOptimizer(0.1, 0.9), tf.train.MomentumOptimizer(0.1, 0.9)
    op1, op2 = first.minimize(loss), second.minimize(loss)
    assert first.get_slot(w, "momentum").op.name == "layer/W/Momentum"
    assert second.get_slot(w, "momentum").op.name == "layer/W/Momentum_1"
    assert (op1.name, op2.name) == ("Momentum", "Momentum_1")
    with tf.variable_scope("train"):
        adam = tf.train.AdamOptimizer()
        adam.minimize(loss)
    assert adam.get_slot(w, "m").op.name == "train/layer/W/Adam"


def test_slots_of_a_variable_of_changing_shape_follow_its_initial_value():
    x = tf.Variable(tf.zeros([3]), name="x", validate_shape=False)
    optimizer = tf.train.AdagradOptimizer(0.5)
    training_op = optimizer.minimize(tf.reduce_sum(tf.square(x - 1.0)))
    accumulator = optimizer.get_slot(x, "accumulator")
    assert accumulator.shape.ndims is None
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(accumulator), [0.1, 0.1, 0.1], rtol=1e-6)
        sess.run(training_op)
        np.testing.assert_allclose(sess.run(accumulator), [4.1, 4.1, 4.1], rtol=1e-6)
        np.testing.assert_allclose(sess.run(x), 0.5 * 2.0 / np.sqrt(4.1) * np.ones(3), rtol=1e-6)


def test_minimizing_twice_with_one_optimizer_reuses_its_slots(quadratic):
    x, loss = quadratic.build(tf.float32)
    optimizer = tf.train.MomentumOptimizer(0.1, 0.9)
    optimizer.minimize(loss)
    slot = optimizer.get_slot(x, "momentum")
    optimizer.minimize(2.0 * loss)
    assert optimizer.get_slot(x, "momentum") is slot
    assert [v.op.name for v in optimizer.variables()] == ["x/Momentum"]


def test_get_slot_is_none_for_unknown_slots_or_variables(quadratic):
    x, loss = quadratic.build(tf.float32)
    other = tf.Variable(1.0, name="other")
    optimizer = tf.train.MomentumOptimizer(0.1, 0.9)
    optimizer.minimize(loss, var_list=[x])
    assert optimizer.get_slot(x, "nope") is None
    assert optimizer.get_slot(other, "momentum") is None


def test_slots_are_created_outside_the_callers_control_dependencies(quadratic):
    x, loss = quadratic.build(tf.float32)
    gate = tf.no_op(name="gate")
    with tf.control_dependencies([gate]):
        optimizer = tf.train.MomentumOptimizer(0.1, 0.9)
        optimizer.minimize(loss)
    slot = optimizer.get_slot(x, "momentum")
    assert slot.initializer.control_inputs == ()
    assert slot.op.control_inputs == ()


# ----- global step and the returned op --------------------------------------------------------

def test_minimize_increments_global_step_after_the_updates(quadratic):
    x, loss = quadratic.build(tf.float32)
    global_step = tf.train.get_or_create_global_step()
    training_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=global_step)
    assert isinstance(training_op, tf.Operation)
    assert training_op.type == "AssignAdd" and training_op.name == "GradientDescent"
    (updates,) = training_op.control_inputs
    assert updates.name == "GradientDescent/update"
    assert [op.type for op in updates.control_inputs] == ["ApplyGradientDescent"]
    assert training_op in tf.get_collection(tf.GraphKeys.TRAIN_OP)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(7):
            sess.run(training_op)
        assert sess.run(global_step) == 7
        assert tf.train.global_step(sess, global_step) == 7


def test_minimize_without_global_step_returns_a_group_of_the_updates(quadratic):
    x, loss = quadratic.build(tf.float32)
    training_op = tf.train.AdamOptimizer().minimize(loss, name="train")
    assert training_op.type == "NoOp" and training_op.name == "train"
    assert sorted(op.type for op in training_op.control_inputs) == ["ApplyAdam", "Assign", "Assign"]


def test_compute_then_apply_gradients_lets_gradients_be_transformed(quadratic):
    x, loss = quadratic.build(tf.float64)
    optimizer = tf.train.GradientDescentOptimizer(1.0)
    grads_and_vars = optimizer.compute_gradients(loss)
    assert [v for _, v in grads_and_vars] == [x]
    capped = [(tf.minimum(tf.maximum(g, -0.5), 0.5), v) for g, v in grads_and_vars]
    training_op = optimizer.apply_gradients(capped)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        grad_value = sess.run(grads_and_vars[0][0])
        sess.run(training_op)
        np.testing.assert_allclose(grad_value, quadratic.START - quadratic.TARGET)
        step = quadratic.START - sess.run(x)
    np.testing.assert_allclose(step, np.clip(grad_value, -0.5, 0.5))


def test_gate_graph_gradients_give_the_same_update(quadratic):
    x, loss = quadratic.build(tf.float64)
    training_op = tf.train.GradientDescentOptimizer(0.5).minimize(
        loss, gate_gradients=tf.train.Optimizer.GATE_GRAPH)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op)
        np.testing.assert_allclose(sess.run(x), quadratic.START - 0.5 * (quadratic.START - quadratic.TARGET))


# ----- what is (not) updated, and errors ------------------------------------------------------

def test_variables_without_gradient_are_skipped(quadratic):
    x, loss = quadratic.build(tf.float32)
    unused = tf.Variable([1.0, 2.0], name="unused")
    optimizer = tf.train.MomentumOptimizer(0.1, 0.9)
    grads_and_vars = optimizer.compute_gradients(loss)
    assert grads_and_vars[1] == (None, unused)
    training_op = optimizer.minimize(loss)
    assert optimizer.get_slot(unused, "momentum") is None
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op)
        np.testing.assert_array_equal(sess.run(unused), [1.0, 2.0])
        assert not np.allclose(sess.run(x), quadratic.START)


def test_var_list_restricts_the_updated_variables(quadratic):
    x, loss = quadratic.build(tf.float32)
    b = tf.Variable(3.0, name="b")
    training_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss + b * b, var_list=[b])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op)
        np.testing.assert_allclose(sess.run(x), quadratic.START, rtol=1e-7)
        np.testing.assert_allclose(sess.run(b), 3.0 - 0.1 * 6.0, rtol=1e-6)


def test_no_gradient_for_any_variable_raises_tf1_value_error(quadratic):
    x, _ = quadratic.build(tf.float32)
    unrelated = tf.reduce_sum(tf.constant([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"No gradients provided for any variable, check your graph for ops "
                                         r"that do not support gradients, between variables \[.*x:0.*\] and loss"):
        tf.train.GradientDescentOptimizer(0.1).minimize(unrelated)
    with pytest.raises(ValueError, match="No gradients provided for any variable: "):
        tf.train.GradientDescentOptimizer(0.1).apply_gradients([(None, x)])


def test_bad_optimizer_arguments_raise_tf1_errors(quadratic):
    x, loss = quadratic.build(tf.float32)
    with pytest.raises(ValueError, match="No variables to optimize"):
        tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[])
    with pytest.raises(ValueError, match="No variables provided"):
        tf.train.GradientDescentOptimizer(0.1).apply_gradients([])
    with pytest.raises(ValueError, match="gate_gradients must be one of"):
        tf.train.GradientDescentOptimizer(0.1).minimize(loss, gate_gradients=7)
    with pytest.raises(ValueError, match="initial_accumulator_value must be positive"):
        tf.train.AdagradOptimizer(0.1, initial_accumulator_value=0.0)
    with pytest.raises(ValueError, match="Must specify the optimizer name"):
        tf.train.GradientDescentOptimizer(0.1, name="")


def test_integer_loss_is_rejected_naming_its_dtype():
    n = tf.Variable(3, name="n")
    with pytest.raises(ValueError, match="Invalid type .*int32.* for .*expected: .*float32"):
        tf.train.GradientDescentOptimizer(0.1).minimize(n * n)


def test_tensors_in_var_list_are_rejected_with_a_hint(quadratic):
    x, loss = quadratic.build(tf.float32)
    with pytest.raises(TypeError, match="Optimizers update tf.Variable objects, got the tensor 'x/read:0'"):
        tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[x.value()])


def test_gradient_of_wrong_shape_or_dtype_is_rejected_naming_the_variable(quadratic):
    x, _ = quadratic.build(tf.float32)
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(ValueError, match="delta 'zeros:0' has shape \\(3,\\) but variable 'x' has shape \\(2, 3\\)"):
        optimizer.apply_gradients([(tf.zeros([3]), x)])
    with pytest.raises(TypeError, match="delta 'zeros_1:0' has dtype float64 but variable 'x' has dtype float32"):
        optimizer.apply_gradients([(tf.zeros([2, 3], dtype=tf.float64), x)])


def test_running_before_slots_are_initialized_names_the_slot(quadratic):
    x, loss = quadratic.build(tf.float32)
    training_op = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
    with tf.Session() as sess:
        sess.run(x.initializer)
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value x/Momentum"):
            sess.run(training_op)
