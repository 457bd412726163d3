"""tf.check_numerics and tf.add_check_numerics_ops as TF1 (names, messages, gradient, errors)."""
import numpy as np
import pytest

import jupyter_flow as tf


def test_check_numerics_passes_finite_values_through():
    x = tf.placeholder(tf.float32, [3], name="x")
    y = tf.check_numerics(x * 2.0, "doubled")
    assert y.op.type == "CheckNumerics" and y.op.name == "CheckNumerics" and y.shape.as_list() == [3]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {x: [1, -2, 3]}), [2, -4, 6])


@pytest.mark.parametrize("values, kind", [
    ([1.0, np.nan, 2.0], "NaN"),
    ([1.0, np.inf, 2.0], "Inf"),
    ([-np.inf, np.nan, 0.0], "Inf and NaN"),
])
def test_check_numerics_fails_with_tf1_message(values, kind):
    x = tf.placeholder(tf.float64, [3], name="x")
    y = tf.check_numerics(x, "my tensor", name="check")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(y, {x: values})
    assert str(info.value).startswith(f"my tensor : Tensor had {kind} values")
    assert info.value.op is y.op


def test_check_numerics_refuses_integer_tensors():
    with pytest.raises(TypeError, match="CheckNumerics checks float tensors; 'c:0' is int32"):
        tf.check_numerics(tf.constant([1, 2], name="c"), "ints")


def test_check_numerics_gradient_is_identity_and_checked():
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.check_numerics(x * 3.0, "tripled")
    [g] = tf.gradients(tf.reduce_sum(y), [x])
    checks = [op for op in tf.get_default_graph().get_operations() if op.type == "CheckNumerics"]
    assert [op.get_attr("message") for op in checks] == [
        "tripled", "Not a number (NaN) or infinity (Inf) values detected in gradient. tripled"]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(g, {x: [1, 2]}), [3, 3])


def test_add_check_numerics_ops_checks_every_float_tensor_in_order():
    x = tf.placeholder(tf.float32, [2], name="x")
    n = tf.constant(4, name="n")  # int32: not checked
    y = tf.log(x, name="log")
    z = tf.multiply(y, 2.0, name="z")
    v = tf.Variable([1.0, 2.0], name="v")  # a variable's value (TF1: a *_ref tensor) is not checked
    check = tf.add_check_numerics_ops()
    g = tf.get_default_graph()
    checks = [op for op in g.get_operations() if op.type == "CheckNumerics"]
    messages = [op.get_attr("message") for op in checks]
    assert messages == ["x:0", "log:0", "z/y:0", "z:0", "v/initial_value:0", "v/read:0"]
    assert [op.name for op in checks[:2]] == ["CheckNumerics", "CheckNumerics_1"]
    # Each check waits for the one before it; the group runs the last, hence all.
    assert [c.name for c in checks[1].control_inputs] == ["CheckNumerics"]
    assert check.type == "NoOp" and [c.name for c in check.control_inputs] == [checks[-1].name]
    del n, v
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(check, {x: [1.0, 2.0]})
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"^log:0 : Tensor had NaN values"):
            sess.run([z, check], {x: [1.0, -1.0]})


def test_add_check_numerics_ops_refuses_control_flow_as_tf1():
    x = tf.placeholder(tf.float32, [], name="x")
    tf.while_loop(lambda v: v < 10.0, lambda v: v * 2.0, [x])
    with pytest.raises(ValueError, match="not compatible with TensorFlow control flow operations"):
        tf.add_check_numerics_ops()
