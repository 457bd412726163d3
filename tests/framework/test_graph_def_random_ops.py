"""Random ops in GraphDefs: ours export in TF1's form (a shape Const input, the standard sample scaled
by Mul/Add under the op's name) and TF-written random nodes import and draw from the same distributions."""
import os

import numpy as np

import jupyter_flow as tf

FIXTURE = os.path.join(os.path.dirname(__file__), "fixtures", "random_graph.pb")


def _structure(graph_def):
    return [(n.name, n.op, list(n.input), sorted(n.attr)) for n in graph_def.node]


def test_random_ops_export_as_tf1_writes_them():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (None, 3), name="x")
        tf.random_uniform([2, 3], -1.0, 1.0, seed=3, name="uniform")
        tf.random_normal(tf.shape(x), seed=4, name="normal")
        tf.random_uniform([6], 0, 5, dtype=tf.int32, seed=6, name="ints")
    random = ["T", "dtype", "seed", "seed2"]
    const = ["dtype", "value"]
    assert _structure(g.as_graph_def()) == [
        ("x", "Placeholder", [], ["dtype", "shape"]),
        ("uniform/shape", "Const", [], const),
        ("uniform/RandomUniform", "RandomUniform", ["uniform/shape"], random),
        ("uniform/min", "Const", [], const),
        ("uniform/max", "Const", [], const),
        ("uniform/sub", "Sub", ["uniform/max", "uniform/min"], ["T"]),
        ("uniform/mul", "Mul", ["uniform/RandomUniform", "uniform/sub"], ["T"]),
        ("uniform", "AddV2", ["uniform/mul", "uniform/min"], ["T"]),
        ("Shape", "Shape", ["x"], ["T", "out_type"]),
        ("normal", "RandomStandardNormal", ["Shape"], random),
        ("ints/shape", "Const", [], const),
        ("ints/min", "Const", [], const),
        ("ints/max", "Const", [], const),
        ("ints", "RandomUniformInt", ["ints/shape", "ints/min", "ints/max"], ["T", "Tout", "seed", "seed2"]),
    ]
    nodes = {n.name: n for n in g.as_graph_def().node}
    assert (nodes["uniform/RandomUniform"].attr["seed2"].i, nodes["uniform/RandomUniform"].attr["T"].type) == (3, 3)
    assert nodes["ints"].attr["Tout"].type == 3  # DT_INT32


def test_our_random_graph_round_trips_with_the_same_draws():
    with tf.Graph().as_default() as g:
        outs = [tf.random_uniform([2, 3], -1, 1, seed=3, name="u"), tf.random_normal([4], seed=1),
                tf.truncated_normal([4], mean=2.0, stddev=0.1, seed=2), tf.random_uniform([3], 0, 9, tf.int64, seed=4)]
        with tf.Session() as sess:
            expected = sess.run(outs)
    with tf.Graph().as_default():
        imported = tf.import_graph_def(g.as_graph_def(), return_elements=[t.name for t in outs], name="")
        with tf.Session() as sess:
            got = sess.run(imported)
    # Same seeds, same samples; the exported graph rounds the standard sample to float32 and scales it in
    # float32 as TF1's does (our kernel scales in double and rounds once): the scaled values agree to
    # 2 ulp, the unscaled ones exactly.
    for want, have in zip(expected, got):
        np.testing.assert_array_max_ulp(have, want, maxulp=2)
    np.testing.assert_array_equal(got[1], expected[1])
    np.testing.assert_array_equal(got[3], expected[3])


def test_tf_written_random_nodes_import_and_draw_from_their_distributions():
    graph_def = tf.GraphDef()
    with open(FIXTURE, "rb") as f:
        graph_def.ParseFromString(f.read())
    with tf.Graph().as_default():
        names = ["uniform:0", "normal:0", "truncated:0", "ints:0", "dropped/SelectV2:0"]
        uniform, normal, truncated, ints, dropped = tf.import_graph_def(graph_def, return_elements=names, name="")
        assert uniform.shape.as_list() == [2, 3] and ints.dtype == tf.int32
        with tf.Session() as sess:
            x = np.ones((2000, 3), np.float32)
            u, n, t, i, d = sess.run([uniform, normal, truncated, ints, dropped], {"x:0": x})
    assert u.shape == (2, 3) and ((u >= -1) & (u < 1)).all()
    assert n.shape == (2000, 3) and abs(n.mean() - 5.0) < 0.05 and abs(n.std() - 0.5) < 0.05
    assert np.abs(t).max() <= 0.2 and abs(t.std() - 0.088) < 0.01  # truncated at two stddevs
    assert ((i >= 0) & (i < 5)).all()
    assert set(np.unique(d)) <= {0.0, 2.0} and 0.4 < (d == 0).mean() < 0.6  # dropout keeps half, scaled by 2


def test_dropout_and_flatten_export_as_tf1_nodes_and_round_trip():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, (None, 2, 3), name="x")
        flat = tf.layers.flatten(x)
        dropped = tf.nn.dropout(flat, keep_prob=0.5, seed=1, name="drop")
        grad, = tf.gradients(tf.reduce_sum(dropped), [flat])  # reads Dropout's mask output
    nodes = {n.name: n for n in g.as_graph_def().node}
    assert (nodes["flatten/Flatten"].op, list(nodes["flatten/Flatten"].input)) == ("Reshape", ["x", "flatten/Flatten/shape"])
    assert [(n, nodes[n].op) for n in ("drop/Shape", "drop/random_uniform", "drop/GreaterEqual", "drop/Mul",
                                       "drop", "drop/mask")] == [
        ("drop/Shape", "Shape"), ("drop/random_uniform", "RandomUniform"), ("drop/GreaterEqual", "GreaterEqual"),
        ("drop/Mul", "Mul"), ("drop", "SelectV2"), ("drop/mask", "SelectV2")]
    assert "drop/mask" in {name.split(":")[0] for n in nodes.values() for name in n.input}
    with tf.Graph().as_default():
        out, back = tf.import_graph_def(g.as_graph_def(), return_elements=["drop:0", grad.name], name="")
        with tf.Session() as sess:
            y, dy = sess.run([out, back], {"x:0": np.ones((500, 2, 3), np.float32)})
    assert y.shape == (500, 6) and set(np.unique(y)) <= {0.0, 2.0} and 0.4 < (y == 0).mean() < 0.6
    assert set(np.unique(dy)) <= {0.0, 2.0}


def test_flatten_of_unknown_feature_size_names_the_input_when_exported():
    g = tf.Graph()
    with g.as_default():
        tf.layers.flatten(tf.placeholder(tf.float32, (None, None, 3), name="images"))
    try:
        g.as_graph_def()
    except ValueError as e:
        assert "'images:0'" in str(e) and "full shape" in str(e)
    else:
        raise AssertionError("expected a ValueError")
