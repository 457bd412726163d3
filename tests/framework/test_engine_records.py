"""The op records Graph._flush sends to the engine (engine_records.EngineNode, read by position
in src_cpp/bindings.cc): what they hold, and that a malformed one is refused, not crashed on."""
import gc

import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow import _engine
from jupyter_flow.framework.engine_records import EngineNode


def test_engine_node_holds_flat_edges_of_its_inputs():
    with tf.Graph().as_default():
        a = tf.placeholder(tf.float32, shape=(2,), name="a")
        b = tf.constant(np.ones(2, np.float32), name="b")
        c = tf.add(a, b, name="c")
        with tf.control_dependencies([b.op]):
            d = tf.identity(a, name="d")
    node = c.op._engine_node()
    assert node.inputs == (a.op._id, 0, b.op._id, 0)
    assert node.control_inputs == ()
    assert node.out_dtypes == (tf.float32._enum,)
    assert d.op._engine_node().control_inputs == (b.op._id,)


def test_graph_of_flushed_records_runs():
    with tf.Graph().as_default():
        a = tf.placeholder(tf.float32, shape=(None, 2), name="a")
        z = a
        for _ in range(300):  # more than one add_nodes batch
            z = tf.maximum(z * 0.5 + 1.0, a)
        with tf.Session() as sess:
            out = sess.run(z, {a: [[1.0, 4.0]]})
    np.testing.assert_allclose(out, [[2.0, 4.0]])


def test_add_nodes_refuses_malformed_records():
    engine = _engine.Graph()
    with pytest.raises(TypeError, match="EngineNode"):
        engine.add_nodes([(1, "Const", "c")])
    with pytest.raises(TypeError, match="pairs"):
        engine.add_nodes([EngineNode(1, "Identity", "i", (2,), (), (1,), {}, False)])
    assert len(engine) == 0


def test_flush_leaves_the_garbage_collector_as_it_found_it():
    with tf.Graph().as_default() as g:
        tf.constant(1.0) + 2.0
        assert gc.isenabled()
        g._flush()
        assert gc.isenabled()
        tf.constant(1.0) + 2.0
        gc.disable()
        try:
            g._flush()
            assert not gc.isenabled()
        finally:
            gc.enable()
