"""tf.contrib.layers' image and sequence layers: conv2d (convolution2d), max_pool2d,
avg_pool2d and embed_sequence, with TF1's scopes and variable names (Conv/weights, Conv/biases,
MaxPool2D/MaxPool, EmbedSequence/embeddings) and defaults (ReLU, Xavier, 'SAME', stride 1; pools
stride 2, 'VALID'). They take defaults from tf.contrib.framework.arg_scope.

>>> conv1 = tf.contrib.layers.conv2d(images, 32, [5, 5], scope="conv1")
>>> pool1 = tf.contrib.layers.max_pool2d(conv1, [2, 2])
"""
import numbers

from ...framework import dtypes
from ...framework.graph import name_scope
from ...framework.scopes import variable_scope
from ...ops import init_ops
from ...ops.constant_op import convert_to_tensor
from ...ops.conv_ops import conv2d as _nn_conv2d
from ...ops.embedding_ops import embedding_lookup
from ...ops.math_ops import relu
from ...ops.pooling_ops import avg_pool, max_pool
from ..framework.arg_scope import add_arg_scope
from .core import _collect_outputs, _collections_for, _model_variable, biases_normalizer_activation
from .initializers import xavier_initializer
from ...ops.window_args import positive_pair as _pair



def _nhwc_only(data_format, layer):
    if data_format not in (None, "NHWC"):
        raise ValueError(f"tf.contrib.layers.{layer} supports data_format='NHWC' only (TF 1.x's CPU kernels), got "
                         f"{data_format!r}; transpose the inputs with tf.transpose(x, [0, 2, 3, 1]).")


def _padding(padding, layer):
    if not isinstance(padding, str) or padding.upper() not in ("SAME", "VALID"):
        raise ValueError(f"tf.contrib.layers.{layer}: padding must be 'SAME' or 'VALID', got {padding!r}")
    return padding.upper()


@add_arg_scope
def conv2d(inputs, num_outputs, kernel_size, stride=1, padding="SAME", data_format=None, rate=1,
           activation_fn=relu, normalizer_fn=None, normalizer_params=None, weights_initializer=xavier_initializer(),
           weights_regularizer=None, biases_initializer=init_ops.zeros_initializer(), biases_regularizer=None,
           reuse=None, variables_collections=None, outputs_collections=None, trainable=True, scope=None):
    """activation_fn(normalizer_fn(conv) or conv + biases) over NHWC images; variables
    <scope>/weights [kh, kw, in, num_outputs] and <scope>/biases (none with a normalizer, as TF1).

    >>> net = conv2d(images, 64, [3, 3], scope="conv1")                       # Conv/weights by default
    >>> net = conv2d(net, 64, 3, normalizer_fn=batch_norm, normalizer_params={"is_training": training})
    """
    _nhwc_only(data_format, "conv2d")
    x = convert_to_tensor(inputs)
    if x.shape.ndims != 4 or x.shape[3].value is None:
        raise ValueError(f"tf.contrib.layers.conv2d takes NHWC inputs [batch, height, width, channels] with known "
                         f"channels, got {x.shape} ('{x.name}')")
    if not isinstance(num_outputs, numbers.Integral) or num_outputs <= 0:
        raise ValueError(f"num_outputs should be a positive int, got {num_outputs!r}")
    kh, kw = _pair(kernel_size, "kernel_size")
    strides, rates = _pair(stride, "stride"), _pair(rate, "rate")
    if strides != (1, 1) and rates != (1, 1):
        raise ValueError(f"conv2d: stride > 1 not supported in conjunction with rate > 1 (got stride={stride}, "
                         f"rate={rate})")
    pad = _padding(padding, "conv2d")
    dtype = x.dtype.base_dtype
    with variable_scope(scope, default_name="Conv", reuse=reuse) as sc:
        weights = _model_variable("weights", [kh, kw, x.shape[3].value, int(num_outputs)], dtype, weights_initializer,
                                  weights_regularizer, trainable, _collections_for(variables_collections, "weights"))
        outputs = _nn_conv2d(x, weights, strides=[1, *strides, 1], padding=pad, dilations=[1, *rates, 1])
        outputs = biases_normalizer_activation(outputs, int(num_outputs), normalizer_fn, normalizer_params,
                                               biases_initializer, biases_regularizer, activation_fn, trainable,
                                               variables_collections)
    return _collect_outputs(outputs_collections, outputs, sc)


convolution2d = conv2d
conv2d.__name__ = "convolution2d"  # TF1's name for it: slim.repeat/stack without a scope name their calls by it


def _pool2d(pool_fn, layer, default_scope, inputs, kernel_size, stride, padding, data_format, outputs_collections,
            scope):
    _nhwc_only(data_format, layer)
    x = convert_to_tensor(inputs)
    if x.shape.ndims not in (None, 4):
        raise ValueError(f"tf.contrib.layers.{layer} takes NHWC inputs (4-D), got {x.shape} ('{x.name}')")
    kh, kw = _pair(kernel_size, "kernel_size")
    sh, sw = _pair(stride, "stride")
    with name_scope(scope, default_scope, [x]) as sc:
        outputs = pool_fn(x, ksize=[1, kh, kw, 1], strides=[1, sh, sw, 1], padding=_padding(padding, layer))
    return _collect_outputs(outputs_collections, outputs, sc)


@add_arg_scope
def max_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC", outputs_collections=None,
               scope=None):
    """Max pooling with a kernel_size window (an int or [kh, kw]), stride 2 and 'VALID' by default.

    >>> pool1 = max_pool2d(conv1, [2, 2], scope="pool1")
    """
    return _pool2d(max_pool, "max_pool2d", "MaxPool2D", inputs, kernel_size, stride, padding, data_format,
                   outputs_collections, scope)


@add_arg_scope
def avg_pool2d(inputs, kernel_size, stride=2, padding="VALID", data_format="NHWC", outputs_collections=None,
               scope=None):
    """Average pooling with a kernel_size window, stride 2 and 'VALID' by default.

    >>> pool = avg_pool2d(net, [7, 7], stride=1)
    """
    return _pool2d(avg_pool, "avg_pool2d", "AvgPool2D", inputs, kernel_size, stride, padding, data_format,
                   outputs_collections, scope)


def embed_sequence(ids, vocab_size=None, embed_dim=None, unique=False, initializer=None, regularizer=None,
                   trainable=True, scope=None, reuse=None):
    """[batch, steps] ids -> [batch, steps, embed_dim] rows of <scope>/embeddings ([vocab_size,
    embed_dim], in MODEL_VARIABLES).

    >>> embedded = tf.contrib.layers.embed_sequence(word_ids, vocab_size=10000, embed_dim=128)
    """
    if not (reuse or (vocab_size and embed_dim)):
        raise ValueError(f"Must specify vocab size and embedding dimension when not reusing. Got vocab_size="
                         f"{vocab_size} and embed_dim={embed_dim}")
    with variable_scope(scope, default_name="EmbedSequence", reuse=reuse):
        shape = [vocab_size, embed_dim] if vocab_size and embed_dim else None
        embeddings = _model_variable("embeddings", shape, dtypes.float32, initializer, regularizer, trainable,
                                     _collections_for(None, "embeddings"))
        # unique=True only saves work on repeated ids in TF1; the rows looked up are the same.
        return embedding_lookup(embeddings, ids)
