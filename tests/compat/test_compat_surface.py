"""The TF1 compat surface programs touch first: tf.compat.v1, the v2-behaviour switches, version
constants, RegisterGradient + gradient_override_map, custom_gradient, make_template and the small
array/assert helpers (values against NumPy; TF 1.x behaviour where noted)."""
import logging

import numpy as np
import pytest

import jupyter_flow as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield


def run(fetches, feed=None):
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        return s.run(fetches, feed)


def test_compat_v1_is_jupyter_flow_and_text_helpers_convert():
    assert tf.compat.v1 is tf
    assert tf.compat.v1.placeholder(tf.float32, [None, 3]).shape.as_list() == [None, 3]
    assert tf.compat.as_bytes("café") == "café".encode() and tf.compat.as_text(b"cat") == "cat"
    assert tf.compat.as_str(b"x") == "x" and tf.compat.as_str_any(3) == "3"
    with pytest.raises(TypeError, match="Expected binary or unicode string, got 3"):
        tf.compat.as_bytes(3)
    x = tf.placeholder(tf.float32, [None, 4])
    assert tf.compat.dimension_value(x.shape[1]) == 4 and tf.dimension_value(x.shape[0]) is None
    assert tf.compat.dimension_at_index(x.shape, 1).value == 4
    assert tf.dimension_at_index(tf.TensorShape(None), 2).value is None


def test_behaviour_switches_keep_graph_mode_and_refuse_eager():
    for switch in (tf.disable_v2_behavior, tf.disable_eager_execution, tf.disable_resource_variables,
                   tf.enable_resource_variables, tf.disable_control_flow_v2, tf.disable_tensor_equality,
                   tf.disable_v2_tensorshape):
        assert switch() is None
    assert tf.executing_eagerly() is False and tf.executing_eagerly_outside_functions() is False
    for switch in (tf.enable_eager_execution, tf.enable_v2_behavior):
        with pytest.raises(NotImplementedError, match="graph-and-session"):
            switch()


def test_version_constants_and_logger():
    assert tf.VERSION == "1.15.0" and tf.VERSION.startswith("1.")
    assert isinstance(tf.GIT_VERSION, str) and isinstance(tf.COMPILER_VERSION, str)
    assert isinstance(tf.GRAPH_DEF_VERSION, int) and tf.GRAPH_DEF_VERSION_MIN_CONSUMER == 0
    assert tf.get_logger() is logging.getLogger("tensorflow")
    tf.set_random_seed(7)
    assert tf.get_seed(3) == (7, 3)


def test_gradient_override_map_reverses_the_gradient_of_identity():
    @tf.RegisterGradient("CompatSurfaceReverse")
    def _reverse(op, grad):
        return -grad  # a bare tensor is accepted, as TF1

    x = tf.constant([1.0, 2.0, 3.0])
    g = tf.get_default_graph()
    with g.gradient_override_map({"Identity": "CompatSurfaceReverse"}):
        reversed_x = tf.identity(x)
        inside = tf.gradients(reversed_x * 3.0, x)[0]  # looked up while the block is still open
    plain = tf.identity(x)  # created after the block: the ordinary gradient
    outside = tf.gradients(tf.reduce_sum(reversed_x * reversed_x), x)[0]
    normal = tf.gradients(tf.reduce_sum(plain * plain), x)[0]
    got = run([inside, outside, normal])
    np.testing.assert_allclose(got[0], [-3.0, -3.0, -3.0])
    np.testing.assert_allclose(got[1], [-2.0, -4.0, -6.0])
    np.testing.assert_allclose(got[2], [2.0, 4.0, 6.0])


def test_nested_override_maps_and_unknown_names():
    @tf.RegisterGradient("CompatSurfaceDouble")
    def _double(op, grad):
        return [grad * 2.0]

    @tf.RegisterGradient("CompatSurfaceZero")
    def _zero(op, grad):
        return [tf.zeros_like(grad)]

    x = tf.constant(1.5)
    g = tf.get_default_graph()
    with g.gradient_override_map({"Identity": "CompatSurfaceDouble", "Square": "CompatSurfaceZero"}):
        with g.gradient_override_map({"Identity": "CompatSurfaceZero"}):
            inner = tf.identity(x)
        outer = tf.identity(x)
        sq = tf.square(x)
    got = run([tf.gradients(inner, x)[0], tf.gradients(outer, x)[0], tf.gradients(sq, x)[0]])
    assert got == [0.0, 2.0, 0.0]
    with g.gradient_override_map({"Identity": "CompatSurfaceNeverRegistered"}):
        y = tf.identity(x)
    with pytest.raises(LookupError, match="CompatSurfaceNeverRegistered"):
        tf.gradients(y, x)
    with pytest.raises(KeyError, match="Registering two gradient with name 'CompatSurfaceDouble'"):
        tf.RegisterGradient("CompatSurfaceDouble")
    with pytest.raises(KeyError, match="built-in gradient"):
        tf.RegisterGradient("Square")


def test_not_differentiable_makes_tf_gradients_skip_the_op():
    tf.NotDifferentiable("CompatSurfaceNoGrad")
    x = tf.constant(2.0)
    with tf.get_default_graph().gradient_override_map({"Identity": "CompatSurfaceNoGrad"}):
        y = tf.identity(x)
    assert tf.gradients(y * 3.0, x) == [None]
    assert tf.NoGradient is tf.NotDifferentiable and tf.no_gradient is tf.NotDifferentiable


def test_custom_gradient_replaces_the_gradient_of_f():
    @tf.custom_gradient
    def clip_gradient(x):
        def grad(dy):
            return tf.clip_by_value(dy, -0.5, 0.5)
        return tf.identity(x), grad

    @tf.custom_gradient
    def log1pexp(x):  # TF's documented example: a numerically stable gradient
        e = tf.exp(x)
        return tf.log(1 + e), lambda dy: dy * (1 - 1 / (1 + e))

    x = tf.constant([1.0, -2.0])
    y = clip_gradient(x) * tf.constant([3.0, 0.25])
    big = tf.constant(100.0)
    got = run([tf.gradients(y, x)[0], tf.gradients(log1pexp(big), big)[0], log1pexp(tf.constant(0.0))])
    np.testing.assert_allclose(got[0], [0.5, 0.25])
    assert got[1] == 1.0  # the naive gradient e / (1 + e) is inf / inf = nan here
    np.testing.assert_allclose(got[2], np.log(2.0), rtol=1e-6)


def test_custom_gradient_with_two_inputs_and_a_variable():
    w = tf.Variable(3.0, name="w")

    @tf.custom_gradient
    def scaled_product(a, b):
        def grad(dy, variables=None):
            assert [v.name for v in variables] == ["w:0"]
            return (dy * 10.0, dy * 20.0), [dy * 30.0]
        return a * b * w, grad

    a, b = tf.constant(2.0), tf.constant(5.0)
    y = scaled_product(a, b)
    assert run(y) == 30.0
    assert run(tf.gradients(y, [a, b, w])) == [10.0, 20.0, 30.0]

    @tf.custom_gradient
    def reads_w(x):
        return x * w, lambda dy: dy
    with pytest.raises(TypeError, match="keyword argument 'variables'"):
        reads_w(a)


def test_make_template_shares_variables_across_calls():
    def scale(x, k):
        w = tf.get_variable("w", [], initializer=tf.constant_initializer(2.0))
        return tf.multiply(x, w, name="mul") * k

    net = tf.make_template("net", scale, k=3.0)
    a = net(tf.constant(1.0))
    b = net(tf.constant(2.0))
    with tf.name_scope("outer"):
        c = net(tf.constant(5.0))
    other = tf.make_template("net", scale, create_scope_now_=True, k=1.0)
    d = other(tf.constant(1.0))
    # Names as TF 1.x gives them: one variable per template, a fresh name scope per call.
    assert [v.name for v in tf.global_variables()] == ["net/w:0", "net_1/w:0"]
    assert (a.name, b.name, c.name, d.name) == ("net/mul_1:0", "net_1/mul_1:0", "outer/net/mul_1:0", "net_1_1/mul_1:0")
    assert net.variable_scope_name == "net/" and [v.name for v in net.trainable_variables] == ["net/w:0"]
    assert run([a, b, c, d]) == [6.0, 12.0, 30.0, 2.0]

    grow = tf.make_template("grow", lambda x: x * tf.Variable(1.0))
    grow(1.0)
    with pytest.raises(ValueError, match="Trainable variable created when calling a template after the first time"):
        grow(1.0)


def test_indexed_slices_densify_and_expose_their_parts():
    s = tf.IndexedSlices(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), tf.constant([0, 2, 0]),
                         tf.constant([3, 2]))
    assert isinstance(s, tf.IndexedSlices) and s.dtype == tf.float32 and s.shape.as_list() == [3, 2]
    np.testing.assert_array_equal(run(tf.convert_to_tensor(s)), [[6.0, 8.0], [0.0, 0.0], [3.0, 4.0]])
    fetched = run(s)
    assert isinstance(fetched, tf.IndexedSlicesValue) and fetched.indices.tolist() == [0, 2, 0]
    assert fetched.dense_shape.tolist() == [3, 2] and fetched.values.shape == (3, 2)
    assert run(tf.IndexedSlices(tf.constant([1.0]), tf.constant([0]))).dense_shape is None
    with pytest.raises(ValueError, match="without dense_shape"):
        tf.convert_to_tensor(tf.IndexedSlices(tf.constant([1.0]), tf.constant([0])))


def test_py_function_gives_arrays_with_numpy():
    x = tf.placeholder(tf.float32, [3])
    y = tf.py_function(lambda a: a.numpy() * 2, [x], tf.float32)
    both = tf.py_function(lambda a, b: [a + b, a * b], [x, x], [tf.float32, tf.float32])
    got = run([y, both], {x: [1.0, 2.0, 3.0]})
    np.testing.assert_array_equal(got[0], [2.0, 4.0, 6.0])
    np.testing.assert_array_equal(got[1][1], [1.0, 4.0, 9.0])


def test_broadcast_to_and_broadcast_shapes():
    x = tf.placeholder(tf.float32, [3])
    out = tf.broadcast_to(x, [2, 3])
    assert out.shape.as_list() == [2, 3]
    weights = np.array([[1.0, 2, 3], [4, 5, 6]], np.float32)
    grad = tf.gradients(tf.reduce_sum(out * weights), x)[0]
    got = run([out, grad, tf.broadcast_to(tf.constant([True, False]), [2, 2])], {x: [1.0, 2.0, 3.0]})
    np.testing.assert_array_equal(got[0], np.broadcast_to([1.0, 2.0, 3.0], (2, 3)))
    np.testing.assert_array_equal(got[1], weights.sum(0))  # summed back over the broadcast axis
    np.testing.assert_array_equal(got[2], [[True, False], [True, False]])
    assert tf.broadcast_static_shape(tf.TensorShape([4, 1]), tf.TensorShape([None, 3])).as_list() == [4, 3]
    with pytest.raises(ValueError, match="Incompatible shapes for broadcasting"):
        tf.broadcast_static_shape(tf.TensorShape([2]), tf.TensorShape([3]))
    p = tf.placeholder(tf.float32, [None, 1, 5])
    dyn = tf.broadcast_dynamic_shape(tf.shape(p), tf.constant([4, 1]))
    np.testing.assert_array_equal(run(dyn, {p: np.zeros((2, 1, 5))}), [2, 4, 5])
    np.testing.assert_array_equal(run(tf.broadcast_dynamic_shape([2, 1], [3])), [2, 3])


def test_ensure_shape_and_identity_n():
    p = tf.placeholder(tf.float32, [None, None])
    e = tf.ensure_shape(p, [None, 3])
    assert e.shape.as_list() == [None, 3]
    np.testing.assert_array_equal(run(e, {p: np.ones((2, 3))}), np.ones((2, 3)))
    with pytest.raises(tf.errors.InvalidArgumentError, match="is not compatible with expected shape"):
        run(e, {p: np.ones((2, 4))})
    with pytest.raises(ValueError, match="not compatible"):
        tf.ensure_shape(tf.zeros([2, 2]), [3, 2])
    a, b = tf.identity_n([tf.constant(1.0), tf.constant([2, 3])])
    assert a.op is b.op and a.op.type == "IdentityN"
    assert run(a) == 1.0 and run(b).tolist() == [2, 3]


def test_dynamic_partition_stitch_and_invert_permutation():
    data = tf.constant([[10.0, 1], [20, 2], [30, 3], [40, 4], [50, 5]])
    parts = tf.dynamic_partition(data, [0, 1, 0, 1, 2], 3)
    idx = tf.dynamic_partition(tf.range(5), [0, 1, 0, 1, 2], 3)
    stitched = tf.dynamic_stitch(idx, parts)
    # A repeated index keeps the slice given last (TF's rule).
    overwrite = tf.dynamic_stitch([[0, 2], [1, 3, 0]], [tf.constant([1.0, 2]), tf.constant([3.0, 4, 5])])
    x = tf.placeholder(tf.float32, [4])
    evens, odds = tf.dynamic_partition(x, [0, 1, 0, 1], 2)
    grad = tf.gradients(tf.reduce_sum(evens * 2.0) + tf.reduce_sum(odds * 3.0), x)[0]
    got = run([parts, stitched, overwrite, tf.invert_permutation([3, 4, 0, 2, 1]), grad], {x: np.zeros(4)})
    np.testing.assert_array_equal(got[0][0], [[10, 1], [30, 3]])
    np.testing.assert_array_equal(got[0][2], [[50, 5]])
    np.testing.assert_array_equal(got[1], run(data))
    np.testing.assert_array_equal(got[2], [5.0, 3.0, 2.0, 4.0])
    np.testing.assert_array_equal(got[3], np.argsort([3, 4, 0, 2, 1]))
    np.testing.assert_array_equal(got[4], [2.0, 3.0, 2.0, 3.0])


def test_variable_collection_helpers_and_initializer_aliases():
    local = tf.get_local_variable("counter", [2], initializer=tf.zeros_initializer())
    assert local in tf.local_variables() and local not in tf.global_variables()
    assert local not in tf.trainable_variables()
    w = tf.Variable(1.0, name="w")
    tf.add_to_collection(tf.GraphKeys.MODEL_VARIABLES, w)
    assert tf.model_variables() == [w]
    ema = tf.train.ExponentialMovingAverage(0.9)
    ema.apply([w])
    assert w in tf.moving_average_variables()
    with tf.Session() as s:
        s.run([tf.initialize_variables([w]), tf.initialize_local_variables(), tf.initialize_all_tables()])
        assert s.run(w) == 1.0 and s.run(local).tolist() == [0.0, 0.0]


def test_extra_asserts():
    x = tf.zeros([2, 3])
    assert tf.assert_rank_in(x, [1, 2]).type == "NoOp"
    with pytest.raises(ValueError, match=r"must have rank in \(1, 3\)"):
        tf.assert_rank_in(x, [1, 3])
    p = tf.placeholder(tf.float32)
    check = tf.assert_rank_in(p, [1, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match="must have rank in"):
        run(check, {p: np.zeros((2, 2))})
    with pytest.raises(TypeError, match='Expected "x" to be integer type'):
        tf.assert_integer(x)
    assert tf.assert_integer(tf.constant(1)).type == "NoOp"
    q = tf.placeholder(tf.float32, [2])
    near = tf.assert_near(q, tf.constant([1.0, 2.0]), message="msg")
    run(near, {q: [1.0, 2.000001]})
    with pytest.raises(tf.errors.InvalidArgumentError, match="x and y not equal to tolerance"):
        run(near, {q: [1.0, 2.5]})
    assert tf.assert_same_float_dtype([x]) == tf.float32 and tf.assert_same_float_dtype() == tf.float32
    with pytest.raises(ValueError, match="must be of the same type"):
        tf.assert_same_float_dtype([x, tf.zeros([1], tf.float64)])
    with pytest.raises(ValueError, match="Expected floating point type"):
        tf.assert_same_float_dtype([tf.constant(1)])


def test_get_static_value_folds_constants_and_known_shapes():
    x = tf.zeros([2, 3])
    np.testing.assert_array_equal(tf.get_static_value(tf.constant([1, 2])), [1, 2])
    np.testing.assert_array_equal(tf.get_static_value(tf.shape(x)), [2, 3])
    assert tf.get_static_value(tf.placeholder(tf.float32)) is None
    assert tf.get_static_value(tf.shape(tf.placeholder(tf.float32, [None, 3]))) is None
    assert tf.get_static_value(np.array(3)) == 3


def test_gradient_override_survives_a_graph_def_round_trip():
    @tf.RegisterGradient("CompatSurfaceRoundTrip")
    def _reverse(op, grad):
        return [-grad]

    x = tf.placeholder(tf.float32, [2], name="x")
    with tf.get_default_graph().gradient_override_map({"Identity": "CompatSurfaceRoundTrip"}):
        tf.identity(x, name="reversed")
    a, b = tf.identity_n([x, tf.constant(3)], name="both")
    tf.ensure_shape(x, [2], name="checked")
    graph_def = tf.get_default_graph().as_graph_def()
    nodes = {n.name: n for n in graph_def.node}
    assert nodes["reversed"].attr["_gradient_op_type"].s == b"CompatSurfaceRoundTrip"  # as TF1 writes it
    assert list(nodes["both"].attr["T"].list.type) == [1, 3]  # DT_FLOAT, DT_INT32: TF can import the node
    with tf.Graph().as_default() as g:
        tf.import_graph_def(graph_def, name="")
        x2 = g.get_tensor_by_name("x:0")
        grad = tf.gradients(tf.reduce_sum(g.get_tensor_by_name("reversed:0")), x2)[0]
        got = run([grad, g.get_tensor_by_name("both:1"), g.get_tensor_by_name("checked:0")], {x2: [1.0, 2.0]})
    np.testing.assert_array_equal(got[0], [-1.0, -1.0])
    assert got[1] == 3 and got[2].tolist() == [1.0, 2.0]
