import pytest

import jupyter_flow as tf


def test_get_variable_creates_under_the_scope_name():
    with tf.variable_scope("relu"):
        threshold = tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
    assert threshold.op.name == "relu/threshold"
    assert threshold.shape == ()


def test_get_variable_existing_without_reuse_raises_tf1_error():
    with tf.variable_scope("relu"):
        tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
    with pytest.raises(ValueError, match="Variable relu/threshold already exists, disallowed. Did you mean to set "
                                         "reuse=True or reuse=tf.AUTO_REUSE in VarScope?"):
        with tf.variable_scope("relu"):
            tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))


def test_reuse_of_missing_variable_raises_tf1_error():
    with pytest.raises(ValueError, match="Variable relu/threshold does not exist, or was not created with "
                                         r"tf.get_variable\(\)"):
        with tf.variable_scope("relu", reuse=True):
            tf.get_variable("threshold")


def test_reuse_true_and_reuse_variables_return_the_same_variable():
    with tf.variable_scope("relu"):
        t = tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
    with tf.variable_scope("relu", reuse=True):
        assert tf.get_variable("threshold") is t
    with tf.variable_scope("relu") as scope:
        scope.reuse_variables()
        assert tf.get_variable("threshold") is t
        with tf.variable_scope("inner"):
            assert tf.get_variable_scope().reuse is True


def test_auto_reuse_creates_then_reuses():
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
        a = tf.get_variable("v", shape=[2])
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
        b = tf.get_variable("v", shape=[2])
    assert a is b


def test_chapter_five_relus_share_the_threshold():
    n_features = 3

    def relu(X):
        threshold = tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
        w_shape = (int(X.get_shape()[1]), 1)
        w = tf.Variable(tf.random_normal(w_shape), name="weights")
        b = tf.Variable(0.0, name="bias")
        z = tf.add(tf.matmul(X, w), b, name="z")
        return tf.maximum(z, threshold, name="max")

    X = tf.placeholder(tf.float32, shape=(None, n_features), name="X")
    relus = []
    for relu_index in range(5):
        with tf.variable_scope("relu", reuse=(relu_index >= 1)):
            relus.append(relu(X))
    output = tf.add_n(relus, name="output")
    names = [op.name for op in tf.get_default_graph().get_operations()]
    assert "relu/threshold" in names
    assert sum(1 for n in names if n.endswith("/threshold")) == 1
    assert [r.op.name for r in relus] == ["relu/max", "relu_1/max", "relu_2/max", "relu_3/max", "relu_4/max"]
    init = tf.global_variables_initializer()
    with tf.Session() as sess:
        init.run()
        out = output.eval(feed_dict={X: [[1.0, 2.0, 3.0]]})
    assert out.shape == (1, 1) and out[0, 0] >= 0


def test_get_variable_shape_mismatch_on_reuse():
    with tf.variable_scope("a"):
        tf.get_variable("v", shape=[2, 3])
    with pytest.raises(ValueError, match="Trying to share variable a/v, but specified shape"):
        with tf.variable_scope("a", reuse=True):
            tf.get_variable("v", shape=[3, 3])


def test_get_variable_needs_a_shape():
    with pytest.raises(ValueError, match="must be fully defined"):
        tf.get_variable("nos")


def test_get_variable_with_a_tensor_initializer_takes_its_value_and_dtype():
    with tf.variable_scope("g"):
        a = tf.get_variable("a", initializer=tf.constant([1, 2]))
        b = tf.get_variable("b", initializer=tf.constant([1.0, 2.0]))
    assert (a.name, a.dtype, a.shape.as_list()) == ("g/a:0", tf.int32, [2])
    assert (b.name, b.dtype) == ("g/b:0", tf.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(a).tolist() == [1, 2]
        assert sess.run(b).tolist() == [1.0, 2.0]


def test_get_variable_with_a_constant_initializer_and_a_shape_raises_tf1_error():
    with pytest.raises(ValueError, match="If initializer is a constant, do not specify shape"):
        tf.get_variable("a", shape=[2], initializer=tf.constant([1.0, 2.0]))


def test_reentering_a_scope_object_opens_a_new_name_scope_as_tf1():
    with tf.variable_scope("v") as vs:
        tf.get_variable("g", [1])
    with tf.variable_scope(vs):
        c = tf.constant(1.0, name="c")
        g2 = tf.get_variable("g2", [1])
    assert (c.name, g2.name) == ("v_1/c:0", "v/g2:0")
    assert vs.original_name_scope == "v/"
    with tf.variable_scope("outer"):
        with tf.variable_scope("inner") as inner:
            pass
    with tf.variable_scope(inner):
        k = tf.constant(0, name="k")
        kk = tf.get_variable("kk", [])
    assert (k.name, kk.name) == ("inner/k:0", "outer/inner/kk:0")


def test_auxiliary_name_scope_false_keeps_the_current_name_scope():
    with tf.name_scope("ns"):
        with tf.variable_scope("vs", auxiliary_name_scope=False) as vs:
            c = tf.constant(1.0, name="c")
            v = tf.get_variable("w", [1])
    assert (c.name, v.name, vs.original_name_scope) == ("ns/c:0", "vs/w:0", "ns/")


@pytest.mark.parametrize("shape", [[-2], [None, 3], [2, -1]])
def test_get_variable_with_a_negative_or_unknown_size_names_the_variable(shape):
    with pytest.raises(ValueError, match=r"Shape of a new variable \(v\) must be fully defined with sizes >= 0"):
        tf.get_variable("v", shape)
