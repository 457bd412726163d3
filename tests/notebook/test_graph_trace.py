"""The graph document of a traced run (tf.show_graph(run_metadata=md)): states and times per unit,
scopes summing their ops, the top-10 list, the NaN problem node, and the static view's colours."""
import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.notebook.graph_svg import graph_html, heat_colour
from jupyter_flow.notebook.graph_view import graph_bundle, graph_document

FULL_TRACE = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)


def traced_model(runs=1):
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    with tf.name_scope("layer"):
        w = tf.Variable(tf.ones([4, 3]), name="w")
        h = tf.nn.relu(tf.matmul(x, w, name="mm"), name="act")
    scale = tf.multiply(tf.constant(2.0, name="two"), 3.0, name="scale")  # folded into the cache
    out = tf.reduce_sum(h * scale, name="out")
    tf.reduce_max(w, name="unused")
    mds = []
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(runs + 1):  # the first run fills the fold cache; the others find it cached
            md = tf.RunMetadata()
            sess.run(out, {x: np.ones((8, 4), np.float32)}, options=FULL_TRACE, run_metadata=md)
            mds.append(md)
    return tf.get_default_graph(), mds[1:]


def test_units_carry_state_and_time_and_scopes_sum_their_ops():
    graph, [md] = traced_model()
    doc = graph_document(graph, run_metadata=md)
    units = doc["trace"]["units"]
    assert units["op:out"]["state"] == "computed" and units["op:out"]["calls"] == 1
    assert units["op:x"]["state"] == "input"
    assert units["op:scale"]["state"] == "folded" and units["op:scale"]["calls"] == 0
    assert units["op:unused"]["state"] == "not_needed" and units["op:unused"]["micros"] == 0
    assert units["scope:layer"]["state"] == "computed"
    layer_ops = [n["name"] for n in doc["nodes"] if n["name"].startswith("layer/")]
    assert units["scope:layer"]["micros"] == pytest.approx(sum(units[f"op:{n}"]["micros"] for n in layer_ops))
    computed = [u for k, u in units.items() if k.startswith("op:") and u["state"] == "computed"]
    assert sum(u["share"] for u in computed) == pytest.approx(1.0)
    assert max(u["heat"] for u in computed) == 1.0
    top = doc["trace"]["top"]
    assert [t["micros"] for t in top] == sorted((t["micros"] for t in top), reverse=True)
    assert {t["name"] for t in top} <= {k[3:] for k, u in units.items() if u["state"] == "computed"}
    assert doc["trace"]["runs"] == 1 and doc["version"] == 2


def test_several_runs_add_up():
    graph, mds = traced_model(runs=3)
    units = graph_document(graph, run_metadata=mds)["trace"]["units"]
    assert units["op:layer/mm"]["calls"] == 3


def test_static_view_colours_and_lists_the_slowest_nodes():
    graph, [md] = traced_model()
    bundle = graph_bundle(graph, run_metadata=md)
    html = bundle["text/html"]
    html = html.replace('"', "'")
    assert "data-jf-trace-state='computed'" in html
    folded = html[html.index("data-jf-node='scale'"):]
    assert "data-jf-trace-state='folded'" in folded[:400] and "stroke-dasharray='3 2'" in folded[:folded.index("</g>")]
    assert "<pre class='jupyter-flow-trace-top'>Slowest nodes of 1 traced run" in html
    assert "Slowest nodes of 1 traced run (total " in bundle["text/plain"]
    # The same ramp as labextension/src/trace.ts (checked there with these literals).
    assert [heat_colour(h) for h in (0, 0.25, 0.36, 1, 7)] == ["#fff3e0", "#ec9b7b", "#e88966", "#d84315", "#d84315"]


def test_problem_node_is_in_the_document():
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.log(x, name="logged")
    error = tf.errors.InvalidArgumentError(None, y.op, "'logged' (op Log) produced float32 [2]: 1 NaN\nIts inputs:")
    doc = graph_document(tf.get_default_graph(), highlight=["logged"], problem=(y.op, error))
    assert doc["problem"] == {"node": "logged", "message": "'logged' (op Log) produced float32 [2]: 1 NaN"}
    assert "data-jf-problem='true'" in graph_html(doc).replace('"', "'")


def test_show_graph_refuses_what_is_not_run_metadata():
    with pytest.raises(TypeError, match="run_metadata must be a tf.RunMetadata filled by a traced run"):
        graph_document(tf.get_default_graph(), run_metadata="md")
