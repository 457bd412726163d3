"""tf.contrib.layers: fully_connected, conv2d, conv2d_transpose, separable_conv2d, batch_norm,
layer_norm, dropout, flatten, the pools, one_hot_encoding, repeat and stack, the regularizers and
the initializers TF1 tutorials used.

>>> from jupyter_flow.contrib.layers import fully_connected, batch_norm
>>> he_init = tf.contrib.layers.variance_scaling_initializer()
"""
from .core import batch_norm, dropout, flatten, fully_connected, one_hot_encoding  # noqa: F401
from .composition import repeat, stack  # noqa: F401
from .conv import avg_pool2d, conv2d, convolution2d, embed_sequence, max_pool2d  # noqa: F401
from .conv_transpose import (conv2d_transpose, convolution2d_transpose, separable_conv2d,  # noqa: F401
                             separable_convolution2d)
from .layer_norm import layer_norm  # noqa: F401
from . import utils  # noqa: F401
from .optimize_loss import OPTIMIZER_CLS_NAMES, OPTIMIZER_SUMMARIES, optimize_loss  # noqa: F401
from .initializers import variance_scaling_initializer, xavier_initializer, xavier_initializer_conv2d  # noqa: F401
from .regularizers import (apply_regularization, l1_l2_regularizer, l1_regularizer, l2_regularizer,  # noqa: F401
                           sum_regularizer)
