"""tf.losses: TF1's loss functions with weights and reductions, and the loss collections.

>>> loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
>>> total = tf.losses.get_total_loss()   # every added loss + regularization losses
"""
from .collections import (add_loss, get_losses, get_regularization_loss, get_regularization_losses,  # noqa: F401
                          get_total_loss)
from .losses_impl import (Reduction, absolute_difference, compute_weighted_loss, hinge_loss,  # noqa: F401
                          huber_loss, log_loss, mean_squared_error, sigmoid_cross_entropy, softmax_cross_entropy,
                          sparse_softmax_cross_entropy)
from .losses_pairwise import cosine_distance, mean_pairwise_squared_error  # noqa: F401,E402
