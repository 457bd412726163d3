"""tf.initializers: initializer classes and the He/LeCun/Glorot shortcuts under TF1's names.

>>> he_init = tf.initializers.he_normal()
>>> hidden1 = tf.layers.dense(X, 300, kernel_initializer=he_init)
"""
from .ops.init_ops import (VarianceScaling, constant_initializer as constant, glorot_normal_initializer,  # noqa: F401
                           glorot_uniform_initializer, he_normal, he_uniform, ones_initializer as ones,
                           random_normal_initializer as random_normal, random_uniform_initializer as random_uniform,
                           truncated_normal_initializer as truncated_normal, zeros_initializer as zeros)

variance_scaling = VarianceScaling
glorot_uniform = glorot_uniform_initializer
glorot_normal = glorot_normal_initializer


def lecun_normal(seed=None):
    """Truncated normal of variance 1 / fan_in (for SELU networks).

    >>> W = tf.get_variable("W", [784, 300], initializer=tf.initializers.lecun_normal())
    """
    return VarianceScaling(1.0, "fan_in", "truncated_normal", seed)


def lecun_uniform(seed=None):
    """Uniform of variance 1 / fan_in.

    >>> W = tf.get_variable("W", [784, 300], initializer=tf.initializers.lecun_uniform())
    """
    return VarianceScaling(1.0, "fan_in", "uniform", seed)
