"""Numeric gradient check of TopKV2 (the registry-wide test picks up CASES). Values are spread 0.5 apart so
the finite-difference steps never reorder them."""
from tests.ops.gradient_cases_shape import ph


def _top_k(tf, rng):
    x = ph(tf, (2, 3, 5))
    return tf.nn.top_k(x, 3).values, [x], [rng.permutation(30).reshape(2, 3, 5) * 0.5]


CASES = [("TopKV2", _top_k)]
