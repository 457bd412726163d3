"""Model.summary(): TF1's table of layers, output shapes and parameter counts."""
import numpy as np


def _row(fields, positions):
    line = ""
    for i, field in enumerate(fields):
        if i > 0:
            line = line[:-1] + " "
        line += str(field)
        line = line[:positions[i]]
        line += " " * (positions[i] - len(line))
    return line


def _shape_text(layer):
    from .functional import _node_outputs
    nodes = getattr(layer, "_inbound_nodes", [])
    texts = set()
    for node in nodes:
        shapes = [tuple(t.shape.as_list()) for t in _node_outputs(node)]
        texts.add(str(shapes[0] if len(shapes) == 1 else shapes))
    # As TF1: a layer applied to inputs of different shapes (or never applied) has no single output shape.
    return texts.pop() if len(texts) == 1 else "multiple"


def _params(layer):
    return int(sum(np.prod(w.shape.as_list()) for w in layer.weights))


def print_summary(model, line_length, positions, print_fn):
    # As TF1: the short table unless some layer has several inputs or is used twice in this model.
    uses = {}
    for layer, node in model._nodes:
        uses[id(layer)] = uses.get(id(layer), 0) + 1
    sequential_like = type(model).__name__ == "Sequential" or not model._nodes or (
        max(uses.values()) <= 1 and all(len(_node_parents(node)) <= 1 for _, node in model._nodes))
    if sequential_like:
        line_length = line_length or 65
        positions = positions or [0.45, 0.85, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #"]
    else:
        line_length = line_length or 98
        positions = positions or [0.33, 0.55, 0.67, 1.0]
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
    if positions[-1] <= 1:
        positions = [int(line_length * p) for p in positions]
    print_fn(f'Model: "{model.name}"')
    print_fn("_" * line_length)
    print_fn(_row(header, positions))
    print_fn("=" * line_length)
    layers = model.layers
    for i, layer in enumerate(layers):
        fields = [f"{layer.name} ({type(layer).__name__})", _shape_text(layer), _params(layer)]
        if not sequential_like:
            fields.append(", ".join(_connections(layer, model)))
        print_fn(_row(fields, positions))
        print_fn(("=" if i == len(layers) - 1 else "_") * line_length)
    trainable = int(sum(np.prod(w.shape.as_list()) for w in model.trainable_weights))
    total = model.count_params()
    print_fn(f"Total params: {total:,}")
    print_fn(f"Trainable params: {trainable:,}")
    print_fn(f"Non-trainable params: {total - trainable:,}")
    print_fn("_" * line_length)


def _node_parents(node):
    from .functional import node_inputs_and_kwargs
    inputs, _ = node_inputs_and_kwargs(node)
    outputs = [id(t) for t in _outputs(node)]
    return [t for t in inputs if hasattr(t, "_keras_history") and id(t) not in outputs]


def _outputs(node):
    from .functional import _node_outputs
    return _node_outputs(node)


def _connections(layer, model):
    """The inputs of this layer's nodes in `model` (its uses in other models are not listed)."""
    names = []
    in_model = [node for owner, node in model._nodes if owner is layer]
    for node in in_model:
        for t in _node_parents(node):
            history = getattr(t, "_keras_history", None)
            if history is not None:
                names.append(f"{history[0].name}[{history[1]}][{history[2]}]")
    return names
