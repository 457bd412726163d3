import json

import jupyter_flow as tf
from jupyter_flow.notebook.graph_view import MIME_TYPE, graph_bundle, graph_document


def test_document_describes_nodes_scopes_shapes_and_inputs():
    X = tf.placeholder(tf.float32, shape=(None, 3), name="X")
    with tf.name_scope("loss"):
        w = tf.Variable(tf.zeros([3, 1]), name="w")
        mse = tf.reduce_mean(tf.square(tf.matmul(X, w)), name="mse")
    doc = graph_document(highlight=[mse])
    json.dumps(doc)  # a JSON document, as the MIME renderer receives it
    by_name = {n["name"]: n for n in doc["nodes"]}
    assert doc["version"] == 2
    assert by_name["X"]["kind"] == "placeholder"
    assert by_name["X"]["outputs"] == [{"dtype": "float32", "shape": [None, 3]}]
    assert by_name["loss/w"]["kind"] == "variable"
    assert by_name["loss/MatMul"]["inputs"] == ["X:0", "loss/w/read:0"]
    assert doc["highlight"] == ["loss/mse"]


def test_small_variable_values_are_included_when_a_session_holds_them():
    v = tf.Variable([1.0, 2.0], name="v")
    big = tf.Variable(tf.zeros([100, 100]), name="big")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        doc = graph_document(session=sess)
    by_name = {n["name"]: n for n in doc["nodes"]}
    assert by_name["v"]["value"] == {"dtype": "float32", "shape": [2], "data": [1.0, 2.0]}
    assert "value" not in by_name["big"]
    assert big is not None


def test_bundle_carries_the_json_a_static_fallback_and_text():
    tf.constant(1.0, name="c")
    bundle = graph_bundle()
    assert MIME_TYPE in bundle
    assert bundle["text/plain"].startswith("graph: 1 nodes")
    assert "<svg" in bundle["text/html"]
