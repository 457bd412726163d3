"""Element-wise fusion (src_cpp/plan_fusion.cc, kernels/fused_elementwise.*): which steps fuse, and
that fused plans compute bit for bit what unfused plans compute, errors naming the original op."""
import contextlib

import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow import _engine


def plan_for(sess, fetches, feed_dict=None):
    sess.graph._flush()
    return sess._make_runner(fetches, feed_dict).plan


@contextlib.contextmanager
def fusion(on):
    before = _engine.fusion_enabled()
    _engine.set_fusion_enabled(on)
    try:
        yield
    finally:
        _engine.set_fusion_enabled(before)


def run_both_ways(fetches, feed_dict):
    """The fetched values from a plan built with fusion and from one built without."""
    out = []
    for on in (True, False):
        with fusion(on), tf.Session() as sess:
            out.append(sess.run(fetches, feed_dict))
    return out


def test_a_chain_with_python_numbers_fuses_into_one_step_keeping_its_names():
    # The Python numbers' Consts are read only by the group: they become part of the fused step.
    x = tf.placeholder(tf.float32, shape=(None, 3), name="x")
    y = tf.exp(tf.square(x * 2.0 + 1.0, name="sq"), name="ex")
    with fusion(True), tf.Session() as sess:
        plan = plan_for(sess, y, {x: np.zeros((2, 3), np.float32)})
        assert plan.fused_groups() == [["mul/y", "add/y", "mul", "add", "sq", "ex"]]
        assert plan.step_names() == ["mul/y", "add/y", "mul", "add", "sq", "ex"]
    feed = {x: np.array([[0.0, 0.5, -1.0]], np.float32)}
    fused, unfused = run_both_ways(y, feed)
    np.testing.assert_array_equal(fused, unfused)
    np.testing.assert_allclose(fused, [[np.e, np.exp(4.0), np.e]], rtol=1e-6)


def test_a_value_read_by_a_matmul_between_members_splits_the_group():
    # h feeds the matmul, whose result feeds the add: fusing h with the add would need h after
    # the matmul that reads it, so the add starts its own group (here: alone, not fused).
    x = tf.placeholder(tf.float32, shape=(2, 2), name="x")
    h = tf.nn.relu(x * 3.0, name="h")
    out = tf.add(tf.matmul(h, h, name="mm"), h, name="out")
    with fusion(True), tf.Session() as sess:
        plan = plan_for(sess, out, {x: np.eye(2, dtype=np.float32)})
        assert plan.fused_groups() == [["mul/y", "mul", "h"]]
        value = sess.run(out, {x: np.array([[1, -1], [2, 0.5]], np.float32)})
    hv = np.maximum(np.array([[1, -1], [2, 0.5]], np.float32) * 3, 0)
    np.testing.assert_array_equal(value, hv @ hv + hv)


def test_fetched_intermediates_are_outputs_of_the_fused_step():
    x = tf.placeholder(tf.float64, shape=(4,), name="x")
    a = tf.sin(x, name="a")
    b = tf.cos(a, name="b")
    c = tf.add(a, b, name="c")
    feed = {x: np.array([0.1, 0.2, 0.3, 0.4])}
    fused, unfused = run_both_ways([a, c], feed)
    np.testing.assert_array_equal(fused[0], unfused[0])
    np.testing.assert_array_equal(fused[1], unfused[1])
    np.testing.assert_array_equal(fused[0], np.sin(feed[x]))


def test_a_shape_error_inside_a_fused_group_names_the_original_op():
    x = tf.placeholder(tf.float32, name="x")
    y = tf.placeholder(tf.float32, name="y")
    z = tf.exp(tf.add(tf.square(x, name="sq"), y, name="bad_add"), name="ex")
    with fusion(True), tf.Session() as sess:
        assert plan_for(sess, z, {x: 1.0, y: 1.0}).fused_groups() == [["sq", "bad_add", "ex"]]
        with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes") as err:
            sess.run(z, {x: np.ones((2, 3), np.float32), y: np.ones((4,), np.float32)})
    assert err.value.op.name == "bad_add"


def test_broadcasting_that_widens_an_intermediate_still_gives_the_unfused_values():
    # a [3,1] * b [1,4] is [3,4]: no leaf has the group's shape, so the plan runs the original
    # kernels one by one (the fallback) and the values are the same.
    a = tf.placeholder(tf.float32, shape=(3, 1), name="a")
    b = tf.placeholder(tf.float32, shape=(1, 4), name="b")
    z = tf.tanh(a * b + 1.0)
    feed = {a: np.arange(3, dtype=np.float32).reshape(3, 1), b: np.linspace(-1, 1, 4, dtype=np.float32).reshape(1, 4)}
    fused, unfused = run_both_ways(z, feed)
    np.testing.assert_array_equal(fused, unfused)


def test_variables_updated_in_place_are_not_read_across_by_a_group():
    v = tf.Variable([1.0, 2.0], name="v")
    doubled = tf.multiply(v, 2.0, name="doubled")
    with tf.control_dependencies([doubled]):
        update = tf.assign_add(v, [10.0, 10.0], name="update")
    with tf.control_dependencies([update]):
        after = tf.identity(v, name="after")
    total = tf.add(tf.square(doubled, name="sq"), after, name="total")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        # doubled is computed before the in-place update: 4*[1, 4] + [11, 12]
        np.testing.assert_array_equal(sess.run(total), [15.0, 28.0])


# ----- property test: random element-wise graphs, fused against unfused -------------------------

UNARY = [tf.negative, tf.square, tf.abs, tf.nn.relu, tf.tanh, tf.sigmoid, tf.sin, tf.cos,
         lambda t: tf.exp(tf.minimum(t, 5.0)), lambda t: tf.sqrt(tf.abs(t)), lambda t: tf.log(tf.abs(t) + 1.0),
         lambda t: t * 0.5, lambda t: 2.0 - t, lambda t: t / 3.0]
BINARY = [tf.add, tf.subtract, tf.multiply, tf.maximum, tf.minimum, tf.squared_difference,
          lambda a, b: a / (tf.abs(b) + 1.0), lambda a, b: tf.add_n([a, b, a])]


def random_graph(rng, dtype):
    """Leaves of shapes [5, 4] (two), [4], [1, 4] and [] against a [5, 4] group, random unary and
    binary ops over them (values read several times), and three fetches."""
    shapes = [(5, 4), (5, 4), (4,), (1, 4), ()]
    leaves = [tf.placeholder(dtype, shape=s, name=f"leaf{i}") for i, s in enumerate(shapes)]
    feed = {p: rng.standard_normal(s).astype(dtype.as_numpy_dtype) for p, s in zip(leaves, shapes)}
    values = [leaves[0], leaves[1]]
    for _ in range(rng.integers(4, 14)):
        if rng.random() < 0.4:
            values.append(UNARY[rng.integers(len(UNARY))](values[rng.integers(len(values))]))
        else:
            wide = [v for v in values if v.shape.ndims == 2]
            if rng.random() < 0.15:
                values.append(tf.nn.bias_add(wide[rng.integers(len(wide))], leaves[2]))
                continue
            pool = values + leaves[2:]
            a, b = pool[rng.integers(len(pool))], pool[rng.integers(len(pool))]
            op = BINARY[rng.integers(len(BINARY))]
            if op is BINARY[-1] and a.shape != b.shape:
                op = tf.add
            values.append(op(a, b))
    fetches = [values[-1], values[rng.integers(2, len(values))], values[rng.integers(2, len(values))]]
    return fetches, feed


@pytest.mark.parametrize("dtype", [tf.float32, tf.float64])
def test_random_elementwise_graphs_fused_equal_unfused_bit_for_bit(dtype):
    rng = np.random.default_rng(13)
    fused_any = 0
    for case in range(40):
        with tf.Graph().as_default():
            fetches, feed = random_graph(rng, dtype)
            with fusion(True), tf.Session() as sess:
                fused_any += bool(plan_for(sess, fetches, feed).fused_groups())
            fused, unfused = run_both_ways(fetches, feed)
        for f, u in zip(fused, unfused):
            assert f.dtype == u.dtype and f.shape == u.shape, case
            np.testing.assert_array_equal(f, u, err_msg=f"case {case}")
    assert fused_any >= 30  # the graphs do exercise fusion


def test_gradients_of_an_elementwise_loss_are_the_same_fused():
    x = tf.placeholder(tf.float32, shape=(None, 3), name="x")
    w = tf.Variable([[0.5, -1.0, 2.0]], name="w")
    b = tf.Variable([0.1, 0.2, 0.3], name="b")
    h = tf.nn.bias_add(x * w, b)
    loss = tf.reduce_sum(tf.sigmoid(h) * tf.tanh(h) + tf.nn.relu(h) ** 2.0)
    grads = tf.gradients(loss, [x, w, b])
    feed = {x: np.random.default_rng(1).standard_normal((6, 3)).astype(np.float32)}
    out = []
    for on in (True, False):
        with fusion(on), tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            out.append(sess.run(grads, feed))
    for f, u in zip(*out):
        np.testing.assert_array_equal(f, u)


def test_a_constant_also_read_outside_the_group_stays_a_step_of_its_own():
    x = tf.placeholder(tf.float32, shape=(3,), name="x")
    c = tf.constant([1.0, 2.0, 3.0], name="c")
    y = tf.exp(x * c, name="ex")
    with fusion(True), tf.Session() as sess:
        plan = plan_for(sess, [y, c], {x: np.zeros(3, np.float32)})
        assert plan.fused_groups() == [["mul", "ex"]]
    fused, unfused = run_both_ways([y, c], {x: np.ones(3, np.float32)})
    np.testing.assert_array_equal(fused[0], unfused[0])
    np.testing.assert_array_equal(fused[1], [1.0, 2.0, 3.0])
    np.testing.assert_allclose(fused[0], np.exp([1.0, 2.0, 3.0]), rtol=1e-6)


def test_a_scalar_chain_and_its_gradients_fuse_into_one_step():
    # The chapter's my_func shape: scalar variables, Python numbers, and tf.gradients. The gradient
    # starts from a constant (ones_like of a scalar), so nothing splits forward from backward.
    a = tf.Variable(0.2, name="a")
    b = tf.Variable(0.3, name="b")
    z = tf.constant(0.0, name="z0")
    for i in range(5):
        z = a * tf.cos(z + i) + z * tf.sin(b - i)
    grads = tf.gradients(z, [a, b])
    out = []
    for on in (True, False):
        with fusion(on), tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            plan = plan_for(sess, [z, grads])
            groups = plan.fused_groups()
            out.append(sess.run([z, grads]))
        if on:  # one fused step; only the variables' reads are steps of their own
            assert len(groups) == 1
            assert set(plan.step_names()) - set(groups[0]) == {"a", "b", "a/read", "b/read"}
    np.testing.assert_array_equal(out[0][0], out[1][0])
    for f, u in zip(out[0][1], out[1][1]):
        np.testing.assert_array_equal(f, u)


# ----- property test: constants inside random graphs, and their gradients -------------------------

def random_graph_with_constants(rng, dtype):
    """Like random_graph, with Const leaves of every broadcast kind (a [5, 4] array, a row, a
    scalar) read by the group, one of them also fetched now and then."""
    np_dtype = dtype.as_numpy_dtype
    x = tf.placeholder(dtype, shape=(5, 4), name="x")
    consts = [tf.constant(rng.standard_normal(s).astype(np_dtype), name=f"c{i}")
              for i, s in enumerate([(5, 4), (4,), (1, 4), ()])]
    values = [x]
    for _ in range(rng.integers(3, 10)):
        pool = values + consts
        a, b = pool[rng.integers(len(pool))], pool[rng.integers(len(pool))]
        if rng.random() < 0.3:
            values.append(UNARY[rng.integers(len(UNARY))](values[rng.integers(len(values))]))
        else:
            op = BINARY[rng.integers(len(BINARY) - 1)]
            values.append(op(values[rng.integers(len(values))], b if rng.random() < 0.7 else a))
    fetches = [values[-1], values[rng.integers(len(values))]]
    if rng.random() < 0.3:
        fetches.append(consts[rng.integers(len(consts))])
    feed = {x: rng.standard_normal((5, 4)).astype(np_dtype)}
    return fetches, feed, x


@pytest.mark.parametrize("dtype", [tf.float32, tf.float64])
def test_random_graphs_with_constants_fused_equal_unfused_bit_for_bit(dtype):
    rng = np.random.default_rng(7)
    absorbed = 0
    for case in range(30):
        with tf.Graph().as_default():
            fetches, feed, _ = random_graph_with_constants(rng, dtype)
            with fusion(True), tf.Session() as sess:
                plan = plan_for(sess, fetches, feed)
                absorbed += any(n.startswith("c") and "/" not in n for grp in plan.fused_groups() for n in grp)
            fused, unfused = run_both_ways(fetches, feed)
        for f, u in zip(fused, unfused):
            assert f.dtype == u.dtype and f.shape == u.shape, case
            np.testing.assert_array_equal(f, u, err_msg=f"case {case}")
    assert absorbed >= 10  # the graphs do put constants inside fused steps


@pytest.mark.parametrize("reduce", [tf.reduce_mean, tf.reduce_sum])
def test_random_graphs_gradients_fused_equal_unfused_bit_for_bit(reduce):
    rng = np.random.default_rng(11)
    for case in range(15):
        with tf.Graph().as_default():
            fetches, feed, x = random_graph_with_constants(rng, tf.float32)
            loss = reduce(fetches[0])
            grad = tf.gradients(loss, [x])[0]
            if grad is None:
                continue
            fused, unfused = run_both_ways([loss, grad], feed)
        for f, u in zip(fused, unfused):
            np.testing.assert_array_equal(f, u, err_msg=f"case {case}")


@pytest.mark.parametrize("dtype", [tf.float32, tf.float64])
def test_random_scalar_graphs_fused_equal_unfused_bit_for_bit(dtype):
    # A group of one element runs each member's functor on values (no blocks): same bits.
    rng = np.random.default_rng(5)
    for case in range(30):
        with tf.Graph().as_default():
            leaves = [tf.placeholder(dtype, shape=(), name=f"s{i}") for i in range(3)]
            values = list(leaves)
            for _ in range(rng.integers(3, 15)):
                if rng.random() < 0.4:
                    values.append(UNARY[rng.integers(len(UNARY))](values[rng.integers(len(values))]))
                else:
                    a, b = values[rng.integers(len(values))], values[rng.integers(len(values))]
                    values.append(BINARY[rng.integers(len(BINARY))](a, b))
            fetches = [values[-1], values[rng.integers(3, len(values))]]
            grads = [g for g in tf.gradients(values[-1], leaves) if g is not None]
            feed = {p: dtype.as_numpy_dtype(rng.standard_normal()) for p in leaves}
            fused, unfused = run_both_ways(fetches + grads, feed)
        for f, u in zip(fused, unfused):
            np.testing.assert_array_equal(f, u, err_msg=f"case {case}")


@pytest.mark.parametrize("dtype", [tf.float32, tf.float64])
def test_binary_ops_then_scalar_multiplies_fused_equal_unfused_bit_for_bit(dtype):
    # A binary member whose result is multiplied by one or two scalars runs as one pass (the mean
    # and square gradients' chain); the scales are fed scalars, a full-shape constant holding one
    # value, or a [1]-shaped constant, on both sides of the Mul; 5,003 elements cross the kernel's
    # blocks with a remainder, and NaN, infinities and subnormals go through.
    rng = np.random.default_rng(17)
    np_dtype = dtype.as_numpy_dtype
    n = 5003
    special = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, np.finfo(np_dtype).tiny / 4], np_dtype)
    for case in range(24):
        with tf.Graph().as_default():
            a = tf.placeholder(dtype, shape=(n, 1), name="a")
            b = tf.placeholder(dtype, shape=(n, 1), name="b")
            s = tf.placeholder(dtype, shape=(), name="s")
            scales = [s, tf.constant(np.full((n, 1), rng.standard_normal(), np_dtype), name="uniform"),
                      tf.constant(np.array([rng.standard_normal()], np_dtype), name="one")]
            head = BINARY[rng.integers(len(BINARY) - 1)](a, b if rng.random() < 0.8 else s)
            value = head
            for _ in range(rng.integers(1, 4)):
                scale = scales[rng.integers(len(scales))]
                value = value * scale if rng.random() < 0.5 else scale * value
            fetches = [value] if rng.random() < 0.7 else [value, head]
            xa, xb = rng.standard_normal((n, 1)).astype(np_dtype), rng.standard_normal((n, 1)).astype(np_dtype)
            xa[:6, 0] = special
            xb[3:9, 0] = special
            fused, unfused = run_both_ways(fetches, {a: xa, b: xb, s: np_dtype(rng.standard_normal())})
        for f, u in zip(fused, unfused):
            assert f.dtype == u.dtype and f.shape == u.shape, case
            np.testing.assert_array_equal(f, u, err_msg=f"case {case}")
