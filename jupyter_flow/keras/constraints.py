"""tf.keras.constraints: projections applied to a weight after each optimizer step (max_norm, non_neg,
unit_norm). A layer stores the constraint on the variable (`var.constraint`) for the optimizer to apply.

>>> tf.keras.layers.Dense(10, kernel_constraint=tf.keras.constraints.max_norm(2.0))
"""
from ..ops.clip_ops import clip_by_value
from ..ops.math_ops import cast, greater_equal, multiply, sqrt, square, truediv
from ..ops.reduction_ops import reduce_sum
from . import backend


class Constraint:
    def __call__(self, w):
        return w

    def get_config(self):
        return {}


class MaxNorm(Constraint):
    """Rescale so the norm along `axis` is at most max_value."""

    def __init__(self, max_value=2, axis=0):
        self.max_value, self.axis = max_value, axis

    def __call__(self, w):
        norms = sqrt(reduce_sum(square(w), axis=self.axis, keepdims=True))
        desired = clip_by_value(norms, 0.0, self.max_value)
        return multiply(w, truediv(desired, norms + backend.epsilon()))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Zero the negative entries."""

    def __call__(self, w):
        return multiply(w, cast(greater_equal(w, 0.0), w.dtype))


class UnitNorm(Constraint):
    """Divide by the norm along `axis`."""

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        return truediv(w, backend.epsilon() + sqrt(reduce_sum(square(w), axis=self.axis, keepdims=True)))

    def get_config(self):
        return {"axis": self.axis}


max_norm, non_neg, unit_norm = MaxNorm, NonNeg, UnitNorm
_BY_NAME = {"max_norm": MaxNorm, "maxnorm": MaxNorm, "non_neg": NonNeg, "nonneg": NonNeg, "unit_norm": UnitNorm,
            "unitnorm": UnitNorm, "MaxNorm": MaxNorm, "NonNeg": NonNeg, "UnitNorm": UnitNorm}


def get(identifier):
    if identifier is None or callable(identifier):
        return identifier
    if isinstance(identifier, str) and identifier in _BY_NAME:
        return _BY_NAME[identifier]()
    if isinstance(identifier, dict) and identifier.get("class_name") in _BY_NAME:
        return _BY_NAME[identifier["class_name"]](**identifier.get("config", {}))
    raise ValueError(f"Could not interpret constraint identifier: {identifier!r}")
