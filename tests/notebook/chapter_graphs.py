"""The chapter's graphs as `application/vnd.jupyter-flow.graph+json` documents, with the
op names, types and static shapes TensorFlow 1.x gives them; shared by the Python tests
and (as JSON fixtures written by `python tests/notebook/chapter_graphs.py`) the
labextension's unit tests.

    doc = five_relus()
    [n["name"] for n in doc["nodes"]][:2]   # ['X', 'relu/threshold']
"""

import json
import pathlib
import sys

FIXTURE_DIR = pathlib.Path(__file__).resolve().parents[2] / "labextension" / "tests" / "fixtures"


class DocumentBuilder:
    """Collects nodes in creation order, the way a Graph would export them."""

    def __init__(self, cell):
        self.nodes = []
        self.cell = cell

    def add(self, name, op, kind="op", inputs=(), control=(), outputs=(("float32", []),), value=None):
        node = {
            "name": name,
            "op": op,
            "kind": kind,
            "inputs": list(inputs),
            "control_inputs": list(control),
            "outputs": [{"dtype": d, "shape": s} for d, s in outputs],
            "cell": self.cell,
        }
        if value is not None:
            node["value"] = value
        self.nodes.append(node)
        return name + ":0"

    def variable(self, name, initial_value, dtype="float32", shape=()):
        """VariableV2 with its Assign and read ops, as tf.Variable builds it."""
        shape = list(shape)
        self.add(name, "VariableV2", "variable", outputs=[(dtype + "_ref", shape)])
        self.add(name + "/Assign", "Assign", inputs=[name + ":0", initial_value], outputs=[(dtype + "_ref", shape)])
        return self.add(name + "/read", "Identity", inputs=[name + ":0"], outputs=[(dtype, shape)])

    def document(self, highlight_cell=None):
        from jupyter_flow.notebook.graph_structure import check_nodes, graph_structure
        highlight = [n["name"] for n in self.nodes if highlight_cell and n["cell"] == highlight_cell]
        structure = graph_structure(check_nodes(self.nodes))
        return {"version": 2, "nodes": self.nodes, "highlight": highlight, "structure": structure}


def x_x_y_plus_y_plus_2():
    """x = tf.Variable(3, name="x"); y = tf.Variable(4, name="y"); f = x*x*y + y + 2"""
    g = DocumentBuilder("cell-1")
    x0 = g.add("x/initial_value", "Const", "constant", outputs=[("int32", [])])
    x = g.variable("x", x0, "int32")
    y0 = g.add("y/initial_value", "Const", "constant", outputs=[("int32", [])])
    y = g.variable("y", y0, "int32")
    mul = g.add("mul", "Mul", inputs=[x, x], outputs=[("int32", [])])
    mul_1 = g.add("mul_1", "Mul", inputs=[mul, y], outputs=[("int32", [])])
    add = g.add("add", "Add", inputs=[mul_1, y], outputs=[("int32", [])])
    two = g.add("add_1/y", "Const", "constant", outputs=[("int32", [])])
    g.add("add_1", "Add", inputs=[add, two], outputs=[("int32", [])])
    g.add("init", "NoOp", control=["x/Assign", "y/Assign"], outputs=[])
    return g.document(highlight_cell="cell-1")


def linear_regression_with_loss_scope(n_features=8):
    """The chapter's gradient-descent linear regression with `with tf.name_scope("loss")`."""
    n = n_features + 1
    g = DocumentBuilder("cell-2")
    X = g.add("X", "Placeholder", "placeholder", outputs=[("float32", [None, n])])
    y = g.add("y", "Placeholder", "placeholder", outputs=[("float32", [None, 1])])
    shape = g.add("random_uniform/shape", "Const", "constant", outputs=[("int32", [2])])
    lo = g.add("random_uniform/min", "Const", "constant")
    hi = g.add("random_uniform/max", "Const", "constant")
    raw = g.add("random_uniform/RandomUniform", "RandomUniform", inputs=[shape], outputs=[("float32", [n, 1])])
    span = g.add("random_uniform/sub", "Sub", inputs=[hi, lo])
    scaled = g.add("random_uniform/mul", "Mul", inputs=[raw, span], outputs=[("float32", [n, 1])])
    init_theta = g.add("random_uniform", "Add", inputs=[scaled, lo], outputs=[("float32", [n, 1])])
    theta = g.variable("theta", init_theta, shape=[n, 1])
    pred = g.add("predictions", "MatMul", inputs=[X, theta], outputs=[("float32", [None, 1])])
    error = g.add("loss/sub", "Sub", inputs=[pred, y], outputs=[("float32", [None, 1])])
    sq = g.add("loss/Square", "Square", inputs=[error], outputs=[("float32", [None, 1])])
    axes = g.add("loss/Const", "Const", "constant", outputs=[("int32", [2])])
    mse = g.add("loss/mse", "Mean", inputs=[sq, axes])
    g.cell = "cell-3"
    gshape = g.add("gradients/Shape", "Const", "constant", outputs=[("int32", [0])])
    ones = g.add("gradients/grad_ys_0", "Const", "constant")
    fill = g.add("gradients/Fill", "Fill", inputs=[gshape, ones])
    tile = g.add("gradients/loss/mse_grad/Tile", "Tile", inputs=[fill, "loss/Square:0"], outputs=[("float32", [None, 1])])
    div = g.add("gradients/loss/mse_grad/truediv", "RealDiv", inputs=[tile, mse], outputs=[("float32", [None, 1])])
    two = g.add("gradients/loss/Square_grad/Const", "Const", "constant")
    m1 = g.add("gradients/loss/Square_grad/Mul", "Mul", inputs=[error, two], outputs=[("float32", [None, 1])])
    dsq = g.add("gradients/loss/Square_grad/Mul_1", "Mul", inputs=[div, m1], outputs=[("float32", [None, 1])])
    dpred = g.add("gradients/loss/sub_grad/Reshape", "Reshape", inputs=[dsq, "loss/Const:0"], outputs=[("float32", [None, 1])])
    dx = g.add("gradients/predictions_grad/MatMul", "MatMul", inputs=[dpred, theta], outputs=[("float32", [None, n])])
    dtheta = g.add("gradients/predictions_grad/MatMul_1", "MatMul", inputs=[X, dpred], outputs=[("float32", [n, 1])])
    del dx
    lr = g.add("GradientDescent/learning_rate", "Const", "constant")
    g.add(
        "GradientDescent/update_theta/ApplyGradientDescent",
        "ApplyGradientDescent",
        inputs=["theta:0", lr, dtheta],
        outputs=[("float32_ref", [n, 1])],
    )
    g.add("GradientDescent", "NoOp", control=["GradientDescent/update_theta/ApplyGradientDescent"], outputs=[])
    g.add("init", "NoOp", control=["theta/Assign"], outputs=[])
    return g.document(highlight_cell="cell-3")


def _relu(g, scope, X, threshold):
    shape = g.add(f"{scope}/random_normal/shape", "Const", "constant", outputs=[("int32", [2])])
    mean = g.add(f"{scope}/random_normal/mean", "Const", "constant")
    std = g.add(f"{scope}/random_normal/stddev", "Const", "constant")
    raw = g.add(f"{scope}/random_normal/RandomStandardNormal", "RandomStandardNormal", inputs=[shape], outputs=[("float32", [3, 1])])
    mul = g.add(f"{scope}/random_normal/mul", "Mul", inputs=[raw, std], outputs=[("float32", [3, 1])])
    init_w = g.add(f"{scope}/random_normal", "Add", inputs=[mul, mean], outputs=[("float32", [3, 1])])
    w = g.variable(f"{scope}/weights", init_w, shape=[3, 1])
    b0 = g.add(f"{scope}/bias/initial_value", "Const", "constant")
    b = g.variable(f"{scope}/bias", b0)
    xw = g.add(f"{scope}/MatMul", "MatMul", inputs=[X, w], outputs=[("float32", [None, 1])])
    z = g.add(f"{scope}/z", "Add", inputs=[xw, b], outputs=[("float32", [None, 1])])
    return g.add(f"{scope}/max", "Maximum", inputs=[z, threshold], outputs=[("float32", [None, 1])])


def five_relus():
    """Figure 9-9: five ReLUs under tf.variable_scope("relu", reuse=i >= 1), sharing relu/threshold."""
    g = DocumentBuilder("cell-4")
    X = g.add("X", "Placeholder", "placeholder", outputs=[("float32", [None, 3])])
    g.add(
        "relu/threshold",
        "VariableV2",
        "variable",
        outputs=[("float32_ref", [])],
        value={"dtype": "float32", "shape": [], "data": 0.0},
    )
    t0 = g.add("relu/threshold/Initializer/Const", "Const", "constant")
    g.add("relu/threshold/Assign", "Assign", inputs=["relu/threshold:0", t0], outputs=[("float32_ref", [])])
    threshold = g.add("relu/threshold/read", "Identity", inputs=["relu/threshold:0"])
    scopes = ["relu"] + [f"relu_{i}" for i in range(1, 5)]
    maxes = [_relu(g, scope, X, threshold) for scope in scopes]
    g.add("output", "AddN", inputs=maxes, outputs=[("float32", [None, 1])])
    assigns = [n["name"] for n in g.nodes if n["op"] == "Assign"]
    g.add("init", "NoOp", control=assigns, outputs=[])
    return g.document(highlight_cell="cell-4")


CHAPTER_GRAPHS = {
    "x_x_y_plus_y_plus_2": x_x_y_plus_y_plus_2,
    "linear_regression_with_loss_scope": linear_regression_with_loss_scope,
    "five_relus": five_relus,
}


def fixture_text(name):
    return json.dumps(CHAPTER_GRAPHS[name](), indent=1) + "\n"


if __name__ == "__main__":
    FIXTURE_DIR.mkdir(parents=True, exist_ok=True)
    for graph_name in CHAPTER_GRAPHS:
        (FIXTURE_DIR / f"{graph_name}.json").write_text(fixture_text(graph_name))
    sys.exit(0)
