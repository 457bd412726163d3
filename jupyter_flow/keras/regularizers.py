"""tf.keras.regularizers: L1/L2 weight penalties; a layer adds weight penalties to its `losses`.

>>> tf.keras.layers.Dense(10, kernel_regularizer=tf.keras.regularizers.l2(1e-4))
"""
from ..ops.math_ops import abs as _abs, add, multiply, square  # '*' names ops mul as TF's keras
from ..ops.reduction_ops import reduce_sum


class Regularizer:
    """A callable weight -> scalar penalty tensor."""

    def __call__(self, x):
        return 0.0

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class L1L2(Regularizer):
    """l1 * sum(|x|) + l2 * sum(x**2) (each term only when its factor is nonzero)."""

    def __init__(self, l1=0.0, l2=0.0):
        self.l1, self.l2 = float(l1), float(l2)

    def __call__(self, x):
        terms = []
        if self.l1:
            terms.append(self.l1 * reduce_sum(_abs(x)))
        if self.l2:
            terms.append(self.l2 * reduce_sum(square(x)))
        if not terms:
            return multiply(0.0, reduce_sum(x))
        return terms[0] if len(terms) == 1 else add(terms[0], terms[1])

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


def l1(l=0.01):  # noqa: E741 - Keras' parameter name
    return L1L2(l1=l)


def l2(l=0.01):  # noqa: E741 - Keras' parameter name
    return L1L2(l2=l)


def l1_l2(l1=0.01, l2=0.01):  # noqa: F811 - Keras' parameter names shadow the functions inside only
    return L1L2(l1=l1, l2=l2)


def get(identifier):
    """A regularizer from None, a callable, 'l1'/'l2'/'l1_l2', or a {'class_name', 'config'} dict."""
    if identifier is None or callable(identifier):
        return identifier
    if isinstance(identifier, str) and identifier in ("l1", "l2", "l1_l2"):
        return globals()[identifier]()
    if isinstance(identifier, dict) and identifier.get("class_name") == "L1L2":
        return L1L2(**identifier.get("config", {}))
    raise ValueError(f"Could not interpret regularizer identifier: {identifier!r}; use tf.keras.regularizers.l2(...)")


def serialize(regularizer):
    return None if regularizer is None else {"class_name": type(regularizer).__name__,
                                             "config": regularizer.get_config()}
