"""A small stand-in for the lead's Graph: just the duck-typed interface graph_def.py reads."""

import numpy as np
import pytest


class FakeDType:
    def __init__(self, name):
        self.name = name


class FakeShape:
    def __init__(self, dims):
        self._dims = dims  # None: unknown rank

    def as_list(self):
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)


class FakeTensor:
    def __init__(self, op, value_index, dtype, dims):
        self.op = op
        self.value_index = value_index
        self.dtype = FakeDType(dtype)
        self.shape = FakeShape(dims)


class FakeOperation:
    def __init__(self, name, type, inputs=(), control_inputs=(), outputs=(), attrs=None):
        self.name = name
        self.type = type
        self.inputs = list(inputs)
        self.control_inputs = list(control_inputs)
        self.outputs = [FakeTensor(self, i, dtype, dims) for i, (dtype, dims) in enumerate(outputs)]
        self._attrs = dict(attrs or {})

    def node_def_attrs(self):
        return dict(self._attrs)


class FakeGraph:
    def __init__(self):
        self._operations = []

    def add(self, *args, **kwargs):
        op = FakeOperation(*args, **kwargs)
        self._operations.append(op)
        return op

    def get_operations(self):
        return list(self._operations)


def build_linear_regression_graph():
    """The chapter's graph: X, y, theta, predictions, mse under "loss", an init op with a control input."""
    g = FakeGraph()
    X = g.add("X", "Placeholder", outputs=[("float32", [None, 3])],
              attrs={"dtype": "float32", "shape": [None, 3]})
    y = g.add("y", "Placeholder", outputs=[("float32", [None, 1])],
              attrs={"dtype": "float32", "shape": [None, 1]})
    init_value = g.add("theta/initial_value", "Const", outputs=[("float32", [3, 1])],
                       attrs={"dtype": "float32",
                              "value": np.array([[0.5], [-1.0], [2.0]], np.float32)})
    theta = g.add("theta", "VariableV2", outputs=[("float32_ref", [3, 1])],
                  attrs={"dtype": "float32", "shape": [3, 1], "container": "", "shared_name": ""})
    assign = g.add("theta/Assign", "Assign", inputs=[theta.outputs[0], init_value.outputs[0]],
                   outputs=[("float32_ref", [3, 1])],
                   attrs={"T": "float32", "use_locking": True, "validate_shape": True})
    predictions = g.add("predictions", "MatMul", inputs=[X.outputs[0], theta.outputs[0]],
                        outputs=[("float32", [None, 1])],
                        attrs={"T": "float32", "transpose_a": False, "transpose_b": False})
    error = g.add("loss/sub", "Sub", inputs=[predictions.outputs[0], y.outputs[0]],
                  outputs=[("float32", [None, 1])], attrs={"T": "float32"})
    square = g.add("loss/Square", "Square", inputs=[error.outputs[0]],
                   outputs=[("float32", [None, 1])], attrs={"T": "float32"})
    axes = g.add("loss/Const", "Const", outputs=[("int32", [2])],
                 attrs={"dtype": "int32", "value": np.array([0, 1], np.int32)})
    g.add("loss/mse", "Mean", inputs=[square.outputs[0], axes.outputs[0]], outputs=[("float32", [])],
          attrs={"T": "float32", "Tidx": "int32", "keep_dims": False})
    split = g.add("split", "Split", inputs=[axes.outputs[0], X.outputs[0]],
                  outputs=[("float32", None), ("float32", None)], attrs={"T": "float32", "num_split": 2})
    g.add("second_half", "Identity", inputs=[split.outputs[1]], outputs=[("float32", None)],
          attrs={"T": "float32"})
    g.add("init", "NoOp", control_inputs=[assign])
    return g


@pytest.fixture
def linear_regression_graph():
    return build_linear_regression_graph()


@pytest.fixture
def fake_graph():
    return FakeGraph()
