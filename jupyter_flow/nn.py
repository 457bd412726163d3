"""tf.nn: neural-network ops (activations, softmax, losses, dropout...)."""
from .ops.math_ops import relu, sigmoid, tanh  # noqa: F401
from .ops.nn_layers_ops import bias_add, dropout, elu, leaky_relu  # noqa: F401
from .ops.nn_ops import (in_top_k, l2_loss, log_softmax, sigmoid_cross_entropy_with_logits, softmax,  # noqa: F401
                         softmax_cross_entropy_with_logits, softmax_cross_entropy_with_logits_v2,
                         sparse_softmax_cross_entropy_with_logits)
