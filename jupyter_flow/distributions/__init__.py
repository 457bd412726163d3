"""tf.distributions (also tf.contrib.distributions): Normal, Bernoulli and Categorical built
from existing ops, so their log_prob / entropy are differentiable.

>>> dist = tf.distributions.Normal(loc=mu, scale=sigma)
>>> loss = -tf.reduce_mean(dist.log_prob(x))
"""
from .bernoulli import Bernoulli  # noqa: F401
from .categorical import Categorical  # noqa: F401
from .distribution import FULLY_REPARAMETERIZED, NOT_REPARAMETERIZED, Distribution  # noqa: F401
from .kl import kl_divergence  # noqa: F401
from .normal import Normal  # noqa: F401
