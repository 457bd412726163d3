"""tf.nn: neural-network ops (activations, softmax, losses, dropout...)."""
from .ops.math_ops import relu, sigmoid, tanh  # noqa: F401
from .ops.nn_layers_ops import bias_add, dropout, elu, leaky_relu  # noqa: F401
from .ops.nn_ops import (in_top_k, l2_loss, log_softmax, sigmoid_cross_entropy_with_logits, softmax,  # noqa: F401
                         softmax_cross_entropy_with_logits, softmax_cross_entropy_with_logits_v2,
                         sparse_softmax_cross_entropy_with_logits)
from .ops.conv_ops import conv2d, conv2d_backprop_filter, conv2d_backprop_input, conv2d_transpose  # noqa: F401
from .ops.pooling_ops import avg_pool, max_pool  # noqa: F401
from .ops.depthwise_ops import depthwise_conv2d, depthwise_conv2d_native, separable_conv2d  # noqa: F401
from .ops.lrn_ops import local_response_normalization, lrn  # noqa: F401
from .ops.top_k_ops import top_k  # noqa: F401
from .ops.space_depth_ops import depth_to_space, space_to_depth  # noqa: F401
from .ops import rnn_cell  # noqa: F401 - tf.nn.rnn_cell
from .ops.embedding_ops import embedding_lookup, embedding_lookup_sparse, safe_embedding_lookup_sparse  # noqa: F401
from .ops.rnn import bidirectional_dynamic_rnn, dynamic_rnn, static_bidirectional_rnn, static_rnn  # noqa: F401
from .ops.normalization_ops import batch_normalization, l2_normalize, moments  # noqa: F401
from .ops.activation_ops import crelu, selu, softplus, softsign  # noqa: F401
from .ops.candidate_sampling_ops import (compute_accidental_hits, log_uniform_candidate_sampler,  # noqa: F401
                                         uniform_candidate_sampler)
from .ops.sampled_losses import nce_loss, sampled_softmax_loss  # noqa: F401
from .ops.conv1d_ops import atrous_conv2d, conv1d, pool  # noqa: F401
from .ops.nn_composite_ops import (log_poisson_loss, normalize_moments, relu6, relu_layer, silu,  # noqa: F401
                                   sufficient_statistics, swish, weighted_cross_entropy_with_logits, xw_plus_b,
                                   zero_fraction)
from .ops.pooling_ops import avg_pool as avg_pool2d, max_pool as max_pool2d  # noqa: F401,E402 - TF1's aliases
from .ops.nn_more_ops import (avg_pool1d, avg_pool_v2, convolution, fused_batch_norm, max_pool1d,  # noqa: F401,E402
                              max_pool_v2, weighted_moments)
