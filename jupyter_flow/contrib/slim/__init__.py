"""tf.contrib.slim: TF1's slim namespace, the contrib layers, arg_scope and variable helpers under
one name, plus slim.losses, slim.metrics and slim.learning.

>>> slim = tf.contrib.slim
>>> with slim.arg_scope([slim.conv2d, slim.fully_connected], weights_regularizer=slim.l2_regularizer(1e-4)):
...     net = slim.repeat(images, 2, slim.conv2d, 32, [3, 3], scope="conv1")
...     net = slim.stack(slim.flatten(net), slim.fully_connected, [64, 32], scope="fc")
>>> train_op = slim.learning.create_train_op(slim.losses.get_total_loss(), optimizer)
"""
from .. import losses, metrics  # noqa: F401 - slim.losses is tf.contrib.losses, slim.metrics tf.contrib.metrics
from ..framework.arg_scope import (add_arg_scope, arg_scope, arg_scoped_arguments, current_arg_scope,  # noqa: F401
                                   has_arg_scope)
from ..framework.variables import (add_model_variable, assert_global_step, assign_from_checkpoint,  # noqa: F401
                                   assign_from_checkpoint_fn, create_global_step, get_global_step,
                                   get_local_variables, get_model_variables, get_or_create_global_step,
                                   get_trainable_variables, get_unique_variable, get_variables,
                                   get_variables_by_name, get_variables_by_suffix, get_variables_to_restore,
                                   global_variable, local_variable, model_variable, variable)
from ..layers import (apply_regularization, avg_pool2d, batch_norm, conv2d, conv2d_transpose,  # noqa: F401
                      convolution2d, convolution2d_transpose, dropout, embed_sequence, flatten, fully_connected,
                      l1_l2_regularizer, l1_regularizer, l2_regularizer, layer_norm, max_pool2d, one_hot_encoding,
                      optimize_loss, repeat, separable_conv2d, separable_convolution2d, stack, sum_regularizer,
                      variance_scaling_initializer, xavier_initializer, xavier_initializer_conv2d)
from ..layers import utils  # noqa: F401,E402 - slim.utils.convert_collection_to_dict
from . import evaluation, learning  # noqa: F401,E402
