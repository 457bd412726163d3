"""Numeric gradient checks of the scatter/gather-nd ops (the registry-wide test picks up CASES)."""
from tests.ops.gradient_cases_shape import ph

INDICES = [[0, 1], [2, 0], [0, 1]]  # a repeated index: its gradients add up


def _gather_nd(tf, rng):
    x = ph(tf, (3, 2, 2))
    return tf.gather_nd(x, INDICES), [x], [rng.uniform(-2, 2, size=(3, 2, 2))]


def _scatter_nd(tf, rng):
    u = ph(tf, (3, 2))
    return tf.scatter_nd(INDICES, u, [3, 2, 2]), [u], [rng.uniform(-2, 2, size=(3, 2))]


def _tensor_scatter(name, indices=INDICES):
    def build(tf, rng):
        x, u = ph(tf, (3, 2, 2)), ph(tf, (len(indices), 2))
        fn = getattr(tf, name)
        return fn(x, indices, u), [x, u], [rng.uniform(-2, 2, size=(3, 2, 2)), rng.uniform(-2, 2, size=(len(indices), 2))]
    return build


CASES = [
    ("GatherNd", _gather_nd),
    ("ScatterNd", _scatter_nd),
    ("TensorScatterAdd", _tensor_scatter("tensor_scatter_nd_add")),
    ("TensorScatterSub", _tensor_scatter("tensor_scatter_nd_sub")),
    # Update with distinct indices: with repeats, which update lands is not defined.
    ("TensorScatterUpdate", _tensor_scatter("tensor_scatter_nd_update", [[0, 1], [2, 0]])),
]
