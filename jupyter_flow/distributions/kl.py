"""tf.distributions.kl_divergence for pairs of the same family (Normal, Bernoulli, Categorical).

>>> kl = tf.distributions.kl_divergence(posterior, tf.distributions.Normal(0.0, 1.0))
"""
from ..framework.graph import name_scope
from ..ops.activation_ops import softplus
from ..ops.math_ops import add, log, multiply, negative, square, subtract, truediv
from ..ops.nn_ops import log_softmax, softmax
from ..ops.reduction_ops import reduce_sum


def _kl_normal(a, b):
    ratio = truediv(square(a.scale), square(b.scale))
    diff = square(truediv(subtract(a.loc, b.loc), b.scale))
    return multiply(0.5, subtract(add(ratio, diff), add(1.0, log(ratio))))


def _kl_bernoulli(a, b):
    # p (log p - log q) + (1 - p) (log(1 - p) - log(1 - q)), with log p = -softplus(-logits)
    pa = a.probs
    log_ratio_1 = subtract(softplus(negative(b.logits)), softplus(negative(a.logits)))
    log_ratio_0 = subtract(softplus(b.logits), softplus(a.logits))
    return add(multiply(pa, log_ratio_1), multiply(subtract(1.0, pa), log_ratio_0))


def _kl_categorical(a, b):
    return reduce_sum(multiply(softmax(a.logits), subtract(log_softmax(a.logits), log_softmax(b.logits))), axis=-1)


def kl_divergence(distribution_a, distribution_b, allow_nan_stats=True, name=None):
    """KL(a || b), batch-wise."""
    from .bernoulli import Bernoulli
    from .categorical import Categorical
    from .normal import Normal
    for family, fn in ((Normal, _kl_normal), (Bernoulli, _kl_bernoulli), (Categorical, _kl_categorical)):
        if isinstance(distribution_a, family) and isinstance(distribution_b, family):
            kind = family.__name__.lower()
            with name_scope(name, "KullbackLeibler"), name_scope(f"kl_{kind}_{kind}"):
                return fn(distribution_a, distribution_b)
    raise NotImplementedError(f"No KL(distribution_a || distribution_b) registered for distribution_a type "
                              f"{type(distribution_a).__name__} and distribution_b type "
                              f"{type(distribution_b).__name__}")
