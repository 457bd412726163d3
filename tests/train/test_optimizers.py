"""tf.train optimizers: update rules against NumPy references, slot variables, global step,
tensor hyperparameters, and the errors TF1 raises."""
import numpy as np
import pytest

import jupyter_flow as tf

TARGET = np.array([[1.0, -2.0, 0.5], [3.0, 0.25, -1.5]])
START = np.array([[0.3, 0.1, -0.2], [-1.0, 2.0, 0.7]])


# ----- NumPy references of TF1's update rules (grad = x - TARGET, the gradient of the loss below) --

def _numpy_steps(name, n_steps, **hyper):
    x = START.copy()
    m = np.zeros_like(x)
    v = np.zeros_like(x)
    mg = np.zeros_like(x)
    accum = np.full_like(x, hyper.get("initial_accumulator_value", 0.1)) if name == "Adagrad" else np.zeros_like(x)
    ms = np.ones_like(x)
    for t in range(1, n_steps + 1):
        g = x - TARGET
        lr = hyper["learning_rate"]
        if name == "GradientDescent":
            x = x - lr * g
        elif name == "Momentum":
            mu = hyper["momentum"]
            accum = mu * accum + g
            x = x - (lr * g + lr * mu * accum if hyper.get("use_nesterov") else lr * accum)
        elif name == "Adagrad":
            accum = accum + g * g
            x = x - lr * g / np.sqrt(accum)
        elif name == "RMSProp":
            rho, mu, eps = hyper["decay"], hyper["momentum"], hyper["epsilon"]
            ms = rho * ms + (1 - rho) * g * g
            if hyper.get("centered"):
                mg = rho * mg + (1 - rho) * g
                denominator = ms - mg * mg + eps
            else:
                denominator = ms + eps
            m = mu * m + lr * g / np.sqrt(denominator)
            x = x - m
        elif name == "Adam":
            b1, b2, eps = hyper["beta1"], hyper["beta2"], hyper["epsilon"]
            lr_t = lr * np.sqrt(1 - b2 ** t) / (1 - b1 ** t)
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            x = x - lr_t * m / (np.sqrt(v) + eps)
    return x


CASES = [
    ("GradientDescent", tf.train.GradientDescentOptimizer, dict(learning_rate=0.3)),
    ("Momentum", tf.train.MomentumOptimizer, dict(learning_rate=0.1, momentum=0.9)),
    ("Momentum", tf.train.MomentumOptimizer, dict(learning_rate=0.1, momentum=0.9, use_nesterov=True)),
    ("Adagrad", tf.train.AdagradOptimizer, dict(learning_rate=0.4, initial_accumulator_value=0.2)),
    ("RMSProp", tf.train.RMSPropOptimizer, dict(learning_rate=0.05, decay=0.8, momentum=0.3, epsilon=1e-6)),
    ("RMSProp", tf.train.RMSPropOptimizer, dict(learning_rate=0.05, decay=0.8, momentum=0.3, epsilon=1e-6,
                                                centered=True)),
    ("Adam", tf.train.AdamOptimizer, dict(learning_rate=0.1, beta1=0.8, beta2=0.95, epsilon=1e-7)),
]


def _quadratic_loss(dtype):
    x = tf.Variable(START.astype(dtype.as_numpy_dtype), name="x")
    loss = 0.5 * tf.reduce_sum(tf.square(x - TARGET.astype(dtype.as_numpy_dtype)))
    return x, loss


@pytest.mark.parametrize("dtype", [tf.float64, tf.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("name,cls,hyper", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_update_rule_matches_numpy_reference_over_several_steps(name, cls, hyper, dtype):
    x, loss = _quadratic_loss(dtype)
    training_op = cls(**hyper).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(5):
            sess.run(training_op)
        value = sess.run(x)
    assert value.dtype == dtype.as_numpy_dtype
    expected = _numpy_steps(name, 5, **{k: v for k, v in hyper.items()})
    np.testing.assert_allclose(value, expected, rtol=1e-12 if dtype is tf.float64 else 2e-5, atol=1e-6)


@pytest.mark.parametrize("cls,hyper,op_type", [
    (tf.train.GradientDescentOptimizer, dict(learning_rate=0.1), "ApplyGradientDescent"),
    (tf.train.MomentumOptimizer, dict(learning_rate=0.1, momentum=0.9), "ApplyMomentum"),
    (tf.train.AdagradOptimizer, dict(learning_rate=0.1), "ApplyAdagrad"),
    (tf.train.RMSPropOptimizer, dict(learning_rate=0.1), "ApplyRMSProp"),
    (tf.train.RMSPropOptimizer, dict(learning_rate=0.1, centered=True), "ApplyCenteredRMSProp"),
    (tf.train.AdamOptimizer, dict(), "ApplyAdam"),
])
def test_each_variable_is_updated_by_one_fused_op_of_tf1_type(cls, hyper, op_type):
    x, loss = _quadratic_loss(tf.float32)
    b = tf.Variable(0.5, name="b")
    cls(**hyper).minimize(loss + b * b)
    update_ops = [op for op in tf.get_default_graph().get_operations() if op.type.startswith("Apply")]
    assert sorted(op.name.split("/")[1] for op in update_ops) == ["update_b", "update_x"]
    assert {op.type for op in update_ops} == {op_type}


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
def test_slots_are_global_non_trainable_variables_initialized_by_global_variables_initializer(cls, hyper, slots):
    x, loss = _quadratic_loss(tf.float32)
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


def test_adam_keeps_beta_powers_as_non_trainable_variables_advanced_each_step():
    x, loss = _quadratic_loss(tf.float32)
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


def test_minimizing_twice_with_one_optimizer_reuses_its_slots():
    x, loss = _quadratic_loss(tf.float32)
    optimizer = tf.train.MomentumOptimizer(0.1, 0.9)
    optimizer.minimize(loss)
    slot = optimizer.get_slot(x, "momentum")
    optimizer.minimize(2.0 * loss)
    assert optimizer.get_slot(x, "momentum") is slot
    assert [v.op.name for v in optimizer.variables()] == ["x/Momentum"]


def test_get_slot_is_none_for_unknown_slots_or_variables():
    x, loss = _quadratic_loss(tf.float32)
    other = tf.Variable(1.0, name="other")
    optimizer = tf.train.MomentumOptimizer(0.1, 0.9)
    optimizer.minimize(loss, var_list=[x])
    assert optimizer.get_slot(x, "nope") is None
    assert optimizer.get_slot(other, "momentum") is None


def test_slots_are_created_outside_the_callers_control_dependencies():
    x, loss = _quadratic_loss(tf.float32)
    gate = tf.no_op(name="gate")
    with tf.control_dependencies([gate]):
        optimizer = tf.train.MomentumOptimizer(0.1, 0.9)
        optimizer.minimize(loss)
    slot = optimizer.get_slot(x, "momentum")
    assert slot.initializer.control_inputs == ()
    assert slot.op.control_inputs == ()


# ----- global step and the returned op --------------------------------------------------------

def test_minimize_increments_global_step_after_the_updates():
    x, loss = _quadratic_loss(tf.float32)
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


def test_minimize_without_global_step_returns_a_group_of_the_updates():
    x, loss = _quadratic_loss(tf.float32)
    training_op = tf.train.AdamOptimizer().minimize(loss, name="train")
    assert training_op.type == "NoOp" and training_op.name == "train"
    assert sorted(op.type for op in training_op.control_inputs) == ["ApplyAdam", "Assign", "Assign"]


def test_compute_then_apply_gradients_lets_gradients_be_transformed():
    x, loss = _quadratic_loss(tf.float64)
    optimizer = tf.train.GradientDescentOptimizer(1.0)
    grads_and_vars = optimizer.compute_gradients(loss)
    assert [v for _, v in grads_and_vars] == [x]
    capped = [(tf.minimum(tf.maximum(g, -0.5), 0.5), v) for g, v in grads_and_vars]
    training_op = optimizer.apply_gradients(capped)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        grad_value = sess.run(grads_and_vars[0][0])
        sess.run(training_op)
        np.testing.assert_allclose(grad_value, START - TARGET)
        step = START - sess.run(x)
    np.testing.assert_allclose(step, np.clip(grad_value, -0.5, 0.5))


def test_gate_graph_gradients_give_the_same_update():
    x, loss = _quadratic_loss(tf.float64)
    training_op = tf.train.GradientDescentOptimizer(0.5).minimize(
        loss, gate_gradients=tf.train.Optimizer.GATE_GRAPH)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op)
        np.testing.assert_allclose(sess.run(x), START - 0.5 * (START - TARGET))


# ----- hyperparameters as tensors -------------------------------------------------------------

def test_learning_rate_may_be_a_placeholder_fed_each_step():
    x, loss = _quadratic_loss(tf.float32)
    learning_rate = tf.placeholder(tf.float32, shape=[], name="learning_rate")
    training_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op, feed_dict={learning_rate: 0.0})
        np.testing.assert_allclose(sess.run(x), START, rtol=1e-6)
        sess.run(training_op, feed_dict={learning_rate: 0.25})
        np.testing.assert_allclose(sess.run(x), START - 0.25 * (START - TARGET), rtol=1e-6)


def test_hyperparameters_may_be_variables_and_are_cast_to_the_variables_dtype():
    x, loss = _quadratic_loss(tf.float64)
    learning_rate = tf.Variable(0.1, name="lr", trainable=False)  # float32
    momentum = tf.constant(0.5)  # float32
    optimizer = tf.train.MomentumOptimizer(learning_rate, momentum)
    training_op = optimizer.minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op)
        sess.run(learning_rate.assign(0.2))
        sess.run(training_op)
        accum1 = START - TARGET
        x1 = START - np.float64(np.float32(0.1)) * accum1
        accum2 = 0.5 * accum1 + (x1 - TARGET)
        np.testing.assert_allclose(sess.run(x), x1 - np.float64(np.float32(0.2)) * accum2, rtol=1e-12)


def test_learning_rate_may_be_a_callable():
    x, loss = _quadratic_loss(tf.float64)
    training_op = tf.train.GradientDescentOptimizer(lambda: tf.constant(0.5, tf.float64)).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op)
        np.testing.assert_allclose(sess.run(x), START - 0.5 * (START - TARGET))


def test_python_hyperparameters_become_named_constants_of_the_variables_dtype():
    x, loss = _quadratic_loss(tf.float64)
    tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
    g = tf.get_default_graph()
    lr, mu = g.get_tensor_by_name("Momentum/learning_rate:0"), g.get_tensor_by_name("Momentum/momentum:0")
    assert lr.dtype == tf.float64 and mu.dtype == tf.float64
    assert not [op for op in g.get_operations() if op.type == "Cast"]


@pytest.mark.parametrize("learning_rate", [np.float32(0.5), np.array(0.5), 1], ids=["np.float32", "0-d array", "int"])
def test_numpy_and_integer_learning_rates_are_accepted(learning_rate):
    x, loss = _quadratic_loss(tf.float64)
    training_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op)
        np.testing.assert_allclose(sess.run(x), START - float(learning_rate) * (START - TARGET))


def test_non_scalar_learning_rate_is_rejected_naming_it():
    x, loss = _quadratic_loss(tf.float32)
    with pytest.raises(ValueError, match="GradientDescentOptimizer's learning_rate must be a scalar, "
                                         "but 'Const:0' has shape \\(2,\\)"):
        tf.train.GradientDescentOptimizer(tf.constant([0.1, 0.2])).minimize(loss)


def test_non_numeric_learning_rate_is_rejected():
    with pytest.raises(TypeError, match="learning_rate must be a Python number"):
        tf.train.GradientDescentOptimizer("fast")


# ----- what is (not) updated, and errors ------------------------------------------------------

def test_variables_without_gradient_are_skipped():
    x, loss = _quadratic_loss(tf.float32)
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
        assert not np.allclose(sess.run(x), START)


def test_var_list_restricts_the_updated_variables():
    x, loss = _quadratic_loss(tf.float32)
    b = tf.Variable(3.0, name="b")
    training_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss + b * b, var_list=[b])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op)
        np.testing.assert_allclose(sess.run(x), START, rtol=1e-7)
        np.testing.assert_allclose(sess.run(b), 3.0 - 0.1 * 6.0, rtol=1e-6)


def test_no_gradient_for_any_variable_raises_tf1_value_error():
    x, _ = _quadratic_loss(tf.float32)
    unrelated = tf.reduce_sum(tf.constant([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"No gradients provided for any variable, check your graph for ops "
                                         r"that do not support gradients, between variables \[.*x:0.*\] and loss"):
        tf.train.GradientDescentOptimizer(0.1).minimize(unrelated)
    with pytest.raises(ValueError, match="No gradients provided for any variable: "):
        tf.train.GradientDescentOptimizer(0.1).apply_gradients([(None, x)])


def test_bad_optimizer_arguments_raise_tf1_errors():
    x, loss = _quadratic_loss(tf.float32)
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


def test_tensors_in_var_list_are_rejected_with_a_hint():
    x, loss = _quadratic_loss(tf.float32)
    with pytest.raises(TypeError, match="Optimizers update tf.Variable objects, got the tensor 'x/read:0'"):
        tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[x.value()])


def test_gradient_of_wrong_shape_or_dtype_is_rejected_naming_the_variable():
    x, _ = _quadratic_loss(tf.float32)
    optimizer = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(ValueError, match="delta 'zeros:0' has shape \\(3,\\) but variable 'x' has shape \\(2, 3\\)"):
        optimizer.apply_gradients([(tf.zeros([3]), x)])
    with pytest.raises(TypeError, match="delta 'zeros_1:0' has dtype float64 but variable 'x' has dtype float32"):
        optimizer.apply_gradients([(tf.zeros([2, 3], dtype=tf.float64), x)])


def test_running_before_slots_are_initialized_names_the_slot():
    x, loss = _quadratic_loss(tf.float32)
    training_op = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
    with tf.Session() as sess:
        sess.run(x.initializer)
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value x/Momentum"):
            sess.run(training_op)
