"""The fused Apply* update ops on their own: in-place updates that never change values already
handed to Python, and errors that name the variable at fault."""
import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.framework.op_def import OP_DEFS
from jupyter_flow.ops import training_ops


@pytest.fixture(autouse=True)
def fresh_default_graph():
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def test_apply_op_updates_the_variable_and_outputs_its_new_value():
    x = tf.Variable([1.0, 2.0], name="x")
    update = training_ops.apply_gradient_descent(x, 0.5, tf.constant([2.0, -4.0]))
    assert update.op.type == "ApplyGradientDescent" and update.shape == (2,) and update.dtype == tf.float32
    with tf.Session() as sess:
        sess.run(x.initializer)
        np.testing.assert_array_equal(sess.run(update), [0.0, 4.0])
        np.testing.assert_array_equal(sess.run(x), [0.0, 4.0])


def test_values_fetched_before_an_update_keep_their_contents():
    x = tf.Variable([1.0, 2.0, 3.0], name="x")
    accum = tf.Variable(tf.zeros([3]), name="accum")
    update = training_ops.apply_momentum(x, accum, 1.0, tf.constant([1.0, 1.0, 1.0]), 0.5)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        x_before, accum_before = sess.run([x, accum])
        out = sess.run(update)
        sess.run(update)
        np.testing.assert_array_equal(x_before, [1.0, 2.0, 3.0])
        np.testing.assert_array_equal(accum_before, [0.0, 0.0, 0.0])
        np.testing.assert_array_equal(out, [0.0, 1.0, 2.0])
        np.testing.assert_array_equal(sess.run(x), [-1.5, -0.5, 0.5])
        np.testing.assert_array_equal(sess.run(accum), [1.5, 1.5, 1.5])


def test_python_hyperparameters_take_the_variables_dtype():
    x = tf.Variable(np.array([1.0, 2.0]), name="x")  # float64
    update = training_ops.apply_adagrad(x, tf.Variable(np.array([1.0, 1.0]), name="accum"), 0.1,
                                        tf.constant(np.array([1.0, 2.0])))
    lr = update.op.inputs[2]
    assert lr.dtype == tf.float64 and lr.op.type == "Const"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(update), [1.0 - 0.1 / np.sqrt(2.0), 2.0 - 0.2 / np.sqrt(5.0)], rtol=1e-15)


def test_apply_ops_are_not_differentiable_and_update_only_float_variables():
    for op_type in training_ops.APPLY_OP_INPUTS:
        assert OP_DEFS[op_type].differentiable is False
    n = tf.Variable([1, 2], name="n")
    with pytest.raises(TypeError, match="ApplyGradientDescent updates float32 or float64 variables; 'n' is int32"):
        training_ops.apply_gradient_descent(n, 1, tf.constant([1, 1]))


def test_static_errors_name_the_input_and_the_variable():
    x = tf.Variable([1.0, 2.0], name="x")
    with pytest.raises(TypeError, match="ApplyMomentum's input 'accum' must be a variable, not 'Const.*'"):
        training_ops.apply_momentum(x, tf.constant([0.0, 0.0]), 0.1, tf.constant([1.0, 1.0]), 0.9)
    with pytest.raises(ValueError, match="ApplyGradientDescent: alpha must be a scalar, but 'Const.*' has shape"):
        training_ops.apply_gradient_descent(x, tf.constant([0.1, 0.1]), tf.constant([1.0, 1.0]))
    accum = tf.Variable(tf.zeros([3]), name="accum")
    with pytest.raises(ValueError, match="ApplyAdagrad: accum variable 'accum' has shape \\(3,\\) but variable 'x'"):
        training_ops.apply_adagrad(x, accum, 0.1, tf.constant([1.0, 1.0]))


def test_runtime_shape_errors_name_the_variable():
    x = tf.Variable([1.0, 2.0], name="x")
    grad = tf.placeholder(tf.float32, name="grad")  # unknown shape: checked by the kernel
    lr = tf.placeholder(tf.float32, name="lr")
    update = training_ops.apply_gradient_descent(x, lr, grad)
    with tf.Session() as sess:
        sess.run(x.initializer)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"the gradient for variable 'x' is float32\[3\] but the variable is float32\[2\]"):
            sess.run(update, feed_dict={grad: [1.0, 2.0, 3.0], lr: 0.1})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"alpha must be a float32 scalar \(the dtype of 'x'\), got float32\[2\]"):
            sess.run(update, feed_dict={grad: [1.0, 2.0], lr: [0.1, 0.1]})
        np.testing.assert_array_equal(sess.run(x), [1.0, 2.0])  # nothing half-applied


def test_a_slot_whose_shape_changed_at_run_time_is_named():
    x = tf.Variable([1.0, 2.0], name="x")
    accum = tf.Variable(tf.zeros([2]), name="accum", validate_shape=False)
    update = training_ops.apply_momentum(x, accum, 0.1, tf.constant([1.0, 1.0]), 0.9)
    reshape_accum = tf.assign(accum, [0.0, 0.0, 0.0], validate_shape=False)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(reshape_accum)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"accum 'accum' is float32\[3\] but variable 'x' is float32\[2\]"):
            sess.run(update)


def test_uninitialized_variable_is_named():
    x = tf.Variable([1.0, 2.0], name="x")
    update = training_ops.apply_gradient_descent(x, 0.1, tf.constant([1.0, 1.0]))
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value x "):
            sess.run(update)
