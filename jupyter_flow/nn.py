"""tf.nn: neural-network ops."""
from .ops.math_ops import relu, sigmoid, tanh  # noqa: F401
