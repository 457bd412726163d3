"""tf.nn: neural-network ops (activations, softmax, losses, dropout...)."""
from .ops.math_ops import relu, sigmoid, tanh  # noqa: F401
from .ops.nn_ops import (bias_add, dropout, elu, in_top_k, l2_loss, leaky_relu, log_softmax,  # noqa: F401
                         sigmoid_cross_entropy_with_logits, softmax, softmax_cross_entropy_with_logits,
                         softmax_cross_entropy_with_logits_v2, sparse_softmax_cross_entropy_with_logits)
