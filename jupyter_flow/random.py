"""tf.random: the TF 1.13+ names of the random ops.

>>> samples = tf.random.categorical(logits, num_samples=5)
"""
from .ops.random_ops import random_normal as normal, random_uniform as uniform  # noqa: F401
from .ops.random_ops import set_random_seed, truncated_normal  # noqa: F401
from .ops.random_sampling_ops import categorical, multinomial, random_shuffle as shuffle  # noqa: F401
