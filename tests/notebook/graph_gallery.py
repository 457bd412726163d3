"""Real graphs built by jupyter_flow itself, as the course builds them, for the graph-view tests
(Python structure and static SVG) and, written as JSON by `python tests/notebook/graph_gallery.py
DIR`, for the labextension's unit tests and the layout benchmark.

Each builder returns a GalleryGraph: the graph, the placeholders, and the tensors the model
computes (loss, outputs, metrics) — the ends of the data path the view must keep in the main area.

    g = mlp()
    g.graph.get_operation_by_name("dnn/hidden1/MatMul")
"""
import json
import pathlib
import sys
from dataclasses import dataclass, field

import numpy as np

import jupyter_flow as tf


@dataclass
class GalleryGraph:
    graph: object
    placeholders: list
    computed: list  # op names of loss, outputs, metrics
    layers: list = field(default_factory=list)  # scope paths of layers drawn once


def linear_regression():
    """The chapter's gradient-descent linear regression with a loss scope and an optimizer."""
    g = tf.Graph()
    with g.as_default():
        X = tf.placeholder(tf.float32, shape=(None, 9), name="X")
        y = tf.placeholder(tf.float32, shape=(None, 1), name="y")
        theta = tf.Variable(tf.random_uniform([9, 1], -1.0, 1.0, seed=42), name="theta")
        y_pred = tf.matmul(X, theta, name="predictions")
        with tf.name_scope("loss"):
            error = y_pred - y
            mse = tf.reduce_mean(tf.square(error), name="mse")
        optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)
        optimizer.minimize(mse)
        tf.global_variables_initializer()
        tf.train.Saver()
    return GalleryGraph(g, ["X", "y"], ["loss/mse"])


def five_relus():
    """Figure 9-9's five ReLUs sharing one threshold variable."""
    g = tf.Graph()
    with g.as_default():
        def relu(X):
            with tf.variable_scope("relu", reuse=tf.AUTO_REUSE):
                threshold = tf.get_variable("threshold", shape=(), initializer=tf.constant_initializer(0.0))
                w = tf.Variable(tf.random_normal((3, 1)), name="weights")
                b = tf.Variable(0.0, name="bias")
                z = tf.add(tf.matmul(X, w), b, name="z")
                return tf.maximum(z, threshold, name="max")

        X = tf.placeholder(tf.float32, shape=(None, 3), name="X")
        relus = [relu(X) for _ in range(5)]
        tf.add_n(relus, name="output")
        tf.global_variables_initializer()
    return GalleryGraph(g, ["X"], ["output"])


def _mlp(optimizer):
    g = tf.Graph()
    with g.as_default():
        X = tf.placeholder(tf.float32, shape=(None, 28 * 28), name="X")
        y = tf.placeholder(tf.int32, shape=(None,), name="y")
        with tf.name_scope("dnn"):
            hidden1 = tf.layers.dense(X, 300, name="hidden1", activation=tf.nn.relu)
            hidden2 = tf.layers.dense(hidden1, 100, name="hidden2", activation=tf.nn.relu)
            logits = tf.layers.dense(hidden2, 10, name="outputs")
        with tf.name_scope("loss"):
            xentropy = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
            tf.reduce_mean(xentropy, name="loss")
        with tf.name_scope("train"):
            optimizer().minimize(g.get_tensor_by_name("loss/loss:0"))
        with tf.name_scope("eval"):
            correct = tf.nn.in_top_k(logits, y, 1)
            tf.reduce_mean(tf.cast(correct, tf.float32), name="accuracy")
        tf.global_variables_initializer()
        tf.train.Saver()
    return GalleryGraph(g, ["X", "y"], ["loss/loss", "eval/accuracy", logits.op.name],
                        layers=["dnn/hidden1", "dnn/hidden2", "dnn/outputs"])


def mlp():
    """The next chapter's MLP: three tf.layers.dense under name scope dnn, loss/train/eval scopes."""
    return _mlp(lambda: tf.train.GradientDescentOptimizer(0.01))


def mlp_adam():
    """The same MLP trained with Adam (slots, beta powers: several hundred ops)."""
    return _mlp(lambda: tf.train.AdamOptimizer(0.001))


def stacked_autoencoder():
    """A stacked autoencoder with tied weights (the decoder uses the encoder's transposes)."""
    g = tf.Graph()
    with g.as_default():
        n_inputs, n_hidden1, n_hidden2 = 28 * 28, 300, 150
        init = tf.variance_scaling_initializer() if hasattr(tf, "variance_scaling_initializer") else None
        X = tf.placeholder(tf.float32, shape=[None, n_inputs], name="X")

        def weights(shape, name):
            if init is not None:
                return tf.Variable(init(shape), dtype=tf.float32, name=name)
            return tf.Variable(tf.truncated_normal(shape, stddev=0.05), name=name)

        weights1 = weights([n_inputs, n_hidden1], "weights1")
        weights2 = weights([n_hidden1, n_hidden2], "weights2")
        weights3 = tf.transpose(weights2, name="weights3")  # tied weights
        weights4 = tf.transpose(weights1, name="weights4")  # tied weights
        biases1 = tf.Variable(tf.zeros(n_hidden1), name="biases1")
        biases2 = tf.Variable(tf.zeros(n_hidden2), name="biases2")
        biases3 = tf.Variable(tf.zeros(n_hidden1), name="biases3")
        biases4 = tf.Variable(tf.zeros(n_inputs), name="biases4")
        hidden1 = tf.nn.elu(tf.matmul(X, weights1) + biases1)
        hidden2 = tf.nn.elu(tf.matmul(hidden1, weights2) + biases2)
        hidden3 = tf.nn.elu(tf.matmul(hidden2, weights3) + biases3)
        outputs = tf.add(tf.matmul(hidden3, weights4), biases4, name="outputs")
        reconstruction_loss = tf.reduce_mean(tf.square(outputs - X), name="reconstruction_loss")
        tf.train.AdamOptimizer(0.01).minimize(reconstruction_loss)
        tf.global_variables_initializer()
    return GalleryGraph(g, ["X"], ["reconstruction_loss", "outputs"])


def my_func_gradients():
    """The chapter's my_func (100 steps of cos/sin) with tf.gradients: about 2,000 ops."""
    g = tf.Graph()
    with g.as_default():
        a = tf.Variable(0.2, name="a")
        b = tf.Variable(0.3, name="b")

        def my_func(a, b):
            z = tf.constant(0.0)
            for i in range(100):
                z = a * tf.cos(z + i) + z * tf.sin(b - i)
            return z

        z = tf.identity(my_func(a, b), name="z")
        tf.gradients(z, [a, b])
        tf.global_variables_initializer()
    return GalleryGraph(g, [], ["z"])


GALLERY = {
    "linear_regression": linear_regression,
    "five_relus": five_relus,
    "mlp": mlp,
    "mlp_adam": mlp_adam,
    "stacked_autoencoder": stacked_autoencoder,
    "my_func_gradients": my_func_gradients,
}


def gallery_document(name):
    from jupyter_flow.notebook.graph_view import graph_document
    return graph_document(GALLERY[name]().graph)


def traced_mlp_document():
    """The MLP's document coloured by one traced training step (graph_trace.py's "trace" field),
    with a NaN found in its loss marked as the problem."""
    from jupyter_flow.notebook.graph_view import graph_document
    g = mlp().graph
    with g.as_default(), tf.Session(graph=g) as sess:
        sess.run(tf.global_variables_initializer())
        rng = np.random.default_rng(0)
        feed = {"X:0": rng.random((20, 784), dtype=np.float32), "y:0": rng.integers(0, 10, 20).astype(np.int32)}
        md = tf.RunMetadata()
        sess.run(g.get_operation_by_name("train/GradientDescent"), feed,
                 options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=md)
    error = tf.errors.InvalidArgumentError(None, None, "'loss/loss' (op Mean) produced float32 []: 1 NaN")
    return graph_document(g, run_metadata=md, problem=(g.get_operation_by_name("loss/loss"), error))


def write_fixtures(directory):
    """One JSON document per gallery graph, plus what the Python structure makes of its
    collapsed top level (`<name>.top.json`) so the front end's tests can check they agree."""
    from jupyter_flow.notebook.graph_structure import collapsed_top_level
    directory = pathlib.Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name in GALLERY:
        doc = gallery_document(name)
        (directory / f"{name}.json").write_text(json.dumps(doc) + "\n")
        top = collapsed_top_level(doc)
        summary = {
            "main": sorted(u.id for u in top.main),
            "auxiliary": sorted(u.id for u in top.auxiliary),
            "edges": sorted(f"{e.source} {'~>' if e.control else '->'} {e.target}" for e in top.edges),
        }
        (directory / f"{name}.top.json").write_text(json.dumps(summary, indent=1) + "\n")
    (directory / "mlp_traced.json").write_text(json.dumps(traced_mlp_document()) + "\n")


if __name__ == "__main__":
    np.seterr(all="ignore")
    write_fixtures(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent / "gallery_out")
