import pytest

import jupyter_flow as tf


def test_duplicate_names_get_numbered_suffixes():
    a = tf.constant(1, name="x")
    b = tf.constant(2, name="x")
    c = tf.constant(3, name="x")
    assert [a.op.name, b.op.name, c.op.name] == ["x", "x_1", "x_2"]
    assert a.name == "x:0"


def test_operator_default_names_follow_tf1():
    x = tf.Variable(3, name="x")
    y = tf.Variable(4, name="y")
    f = x * x * y + y + 2
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert names == ["x/initial_value", "x", "x/Assign", "x/read", "y/initial_value", "y", "y/Assign",
                     "y/read", "mul", "mul_1", "add", "add_1/y", "add_1"]
    assert f.op.type == "Add" and f.name == "add_1:0"
    assert f.op.inputs[0].op.name == "add"


def test_name_scope_prefixes_and_is_uniquified():
    with tf.name_scope("loss") as scope:
        error = tf.constant(1.0) - tf.constant(2.0)
        mse = tf.reduce_mean(tf.square(error), name="mse")
    assert scope == "loss/"
    assert error.op.name == "loss/sub"
    assert mse.op.name == "loss/mse"
    with tf.name_scope("loss"):
        again = tf.constant(0, name="c")
    assert again.op.name == "loss_1/c"


def test_relu_series_names_match_the_chapter():
    def relu(X):
        with tf.name_scope("relu"):
            w = tf.Variable(tf.random_normal((int(X.get_shape()[1]), 1)), name="weights")
            b = tf.Variable(0.0, name="bias")
            z = tf.add(tf.matmul(X, w), b, name="z")
            return tf.maximum(z, 0., name="relu")

    X = tf.placeholder(tf.float32, shape=(None, 3), name="X")
    relus = [relu(X) for _ in range(5)]
    output = tf.add_n(relus, name="output")
    assert [r.op.name for r in relus] == ["relu/relu", "relu_1/relu", "relu_2/relu", "relu_3/relu", "relu_4/relu"]
    assert output.op.name == "output"
    assert tf.get_default_graph().get_operation_by_name("relu_2/weights").type == "VariableV2"


def test_lookup_by_name_and_errors():
    g = tf.get_default_graph()
    t = tf.constant(1.0, name="c")
    assert g.get_tensor_by_name("c:0") is t
    assert g.get_operation_by_name("c") is t.op
    with pytest.raises(KeyError, match="'nope'"):
        g.get_operation_by_name("nope")
    with pytest.raises(KeyError, match="only has 1 outputs"):
        g.get_tensor_by_name("c:3")


def test_graph_as_default_and_reset():
    x1 = tf.Variable(1)
    assert x1.graph is tf.get_default_graph()
    graph = tf.Graph()
    with graph.as_default():
        x2 = tf.Variable(2)
    assert x2.graph is graph
    assert x2.graph is not tf.get_default_graph()
    old = tf.get_default_graph()
    tf.reset_default_graph()
    assert tf.get_default_graph() is not old


def test_ops_from_two_graphs_cannot_mix():
    a = tf.constant(1.0)
    with tf.Graph().as_default():
        b = tf.constant(2.0)
    with pytest.raises(ValueError, match="must be from the same graph"):
        a + b


def test_static_shape_mismatch_names_op_and_shapes():
    a = tf.constant([[1.0, 2.0, 3.0]])
    b = tf.constant([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"Dimensions must be equal, but are 3 and 2 for 'add' \(op: 'Add'\) "
                                         r"with input shapes: \[1,3\], \[1,2\]"):
        a + b
    with pytest.raises(ValueError, match=r"'MatMul'.*\[1,3\], \[1,2\]"):
        tf.matmul(a, b)


def test_static_shapes_with_unknown_dimensions():
    X = tf.placeholder(tf.float32, shape=(None, 3))
    w = tf.Variable(tf.zeros([3, 1]))
    z = tf.matmul(X, w) + 1.0
    assert z.get_shape().as_list() == [None, 1]
    assert str(z.shape) == "(?, 1)"
    assert int(X.get_shape()[1]) == 3
    assert X.get_shape()[0].value is None


def test_tensor_in_python_bool_context_is_an_error():
    with pytest.raises(TypeError, match="not allowed"):
        if tf.constant(True):
            pass


def test_control_dependencies_add_control_inputs():
    a = tf.constant(1.0, name="a")
    with tf.control_dependencies([a]):
        b = tf.constant(2.0, name="b")
    assert b.op.control_inputs == (a.op,)


def test_collections():
    v = tf.Variable(1.0, name="v")
    w = tf.Variable(1.0, name="w", trainable=False)
    assert tf.global_variables() == [v, w]
    assert tf.trainable_variables() == [v]
    tf.add_to_collection("mine", v)
    assert tf.get_collection("mine") == [v]


def test_op_names_must_be_strings_of_tf1_name_characters():
    with pytest.raises(TypeError, match="the name of a Const op must be a string, got 3 of type int"):
        tf.constant(1.0, name=3)
    # TF1's rule: [A-Za-z0-9.][A-Za-z0-9_.\-/>]* (so neither a lone surrogate nor a Greek letter)
    with pytest.raises(ValueError, match="is not a valid node name"):
        tf.constant(1.0, name="\ud800")
    with pytest.raises(ValueError, match="'λ_ü' is not a valid node name"):
        tf.constant(1.0, name="λ_ü")


def test_an_integer_attribute_beyond_int64_is_refused_when_the_op_is_made():
    with pytest.raises(ValueError, match=r"attribute 'begin_mask' of op 'strided_slice' \(StridedSlice\) is "
                                         r"1180591620717411303424; integer attributes must fit in 64 bits"):
        tf.strided_slice(tf.zeros([2]), [0], [1], [1], begin_mask=2**70)


def test_an_op_the_engine_refuses_does_not_break_the_rest_of_the_graph():
    # A bad attribute used to fail the whole batch sent to the engine at the next run: every
    # later run then failed with "the graph has no node with id ...".
    g = tf.get_default_graph()
    a = tf.constant(1.0)
    with tf.Session() as sess:
        assert sess.run(a) == 1.0
        b = a + 1
        bad = g.create_op("Identity", (b,), {"junk": {"not": "an attr"}}, "bad").outputs[0]
        c = b * 3
        with pytest.raises(tf.errors.FailedPreconditionError, match="op 'bad' \\(Identity\\) could not be sent "
                                                                    "to the engine: unsupported attribute value"):
            sess.run(bad)
        assert sess.run(c) == 6.0
        assert sess.run(c + 1) == 7.0
