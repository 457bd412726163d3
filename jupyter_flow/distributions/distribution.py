"""What every tf.distributions class shares: a name scope made once at construction (Normal,
Normal_1, ...) under which each method opens its own (Normal/log_prob, Normal/sample, ...), the
static batch shape, and sample shapes given as an int or a list.

>>> dist = tf.distributions.Normal(loc=0.0, scale=1.0)
>>> dist.sample([2, 3]).shape     # (2, 3)
"""
import contextlib
import numbers

import numpy as np

from ..framework.graph import name_scope
from ..framework.tensor_shape import TensorShape
from ..ops.constant_op import convert_to_tensor

FULLY_REPARAMETERIZED = "FULLY_REPARAMETERIZED"
NOT_REPARAMETERIZED = "NOT_REPARAMETERIZED"


def broadcast_static_shape(*shapes):
    """The broadcast of fully known static shapes, else an unknown shape."""
    if not all(s.is_fully_defined() for s in shapes):
        return TensorShape(None)
    return TensorShape(list(np.broadcast_shapes(*(tuple(s.as_list()) for s in shapes))))


def sample_shape_list(sample_shape):
    if isinstance(sample_shape, numbers.Integral):
        return [int(sample_shape)]
    return [int(n) for n in sample_shape]


class Distribution:
    """Base class: subclasses implement _log_prob, _entropy, _mean, _stddev, _sample_n ..."""

    def __init__(self, dtype, parameters, scope, reparameterization_type, validate_args=False,
                 allow_nan_stats=True):
        # scope: the name scope the subclass opened for its parameters ("Normal/", "Normal_1/" ...).
        self._dtype = dtype
        self._parameters = dict(parameters)
        self._reparameterization_type = reparameterization_type
        self._validate_args = validate_args
        self._allow_nan_stats = allow_nan_stats
        self._scope_name = scope
        self._name = scope

    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        return self._dtype

    @property
    def parameters(self):
        return dict(self._parameters)

    @property
    def reparameterization_type(self):
        return self._reparameterization_type

    @property
    def validate_args(self):
        return self._validate_args

    @property
    def allow_nan_stats(self):
        return self._allow_nan_stats

    @property
    def event_shape(self):
        return TensorShape([])

    @contextlib.contextmanager
    def _method_scope(self, method):
        with name_scope(self._scope_name), name_scope(method) as scope:
            yield scope

    def _value(self, value):
        return convert_to_tensor(value, dtype=self._value_dtype())

    def _value_dtype(self):
        return self._dtype

    def sample(self, sample_shape=(), seed=None, name="sample"):
        """Samples of shape sample_shape + batch_shape + event_shape."""
        with self._method_scope(name):
            return self._sample(sample_shape_list(sample_shape), seed)

    def log_prob(self, value, name="log_prob"):
        with self._method_scope(name):
            return self._log_prob(self._value(value))

    def prob(self, value, name="prob"):
        from ..ops.math_ops import exp
        with self._method_scope(name):
            return exp(self._log_prob(self._value(value)))

    def entropy(self, name="entropy"):
        with self._method_scope(name):
            return self._entropy()

    def mean(self, name="mean"):
        with self._method_scope(name):
            return self._mean()

    def mode(self, name="mode"):
        with self._method_scope(name):
            return self._mode()

    def variance(self, name="variance"):
        from ..ops.math_ops import square
        with self._method_scope(name):
            return square(self._stddev())

    def stddev(self, name="stddev"):
        with self._method_scope(name):
            return self._stddev()

    def kl_divergence(self, other, name="kl_divergence"):
        from .kl import kl_divergence
        return kl_divergence(self, other, name=name)

    def __repr__(self):
        return (f"<tf.distributions.{type(self).__name__} '{self.name.rstrip('/')}' batch_shape="
                f"{self.batch_shape} event_shape={self.event_shape} dtype={self.dtype.name}>")
