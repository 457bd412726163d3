"""The shared parameterization of the discrete distributions (Bernoulli, Categorical): built from
logits or from probs (exactly one), each derived from the other, outcomes of any dtype."""
from ..framework import dtypes as _dtypes
from ..framework.graph import name_scope
from ..ops.constant_op import convert_to_tensor
from .distribution import NOT_REPARAMETERIZED, Distribution


class LogitsOrProbsDistribution(Distribution):
    """Subclasses give `_probs_from_logits(logits)` and `_logits_from_probs(probs)`."""

    def __init__(self, logits, probs, dtype, validate_args, allow_nan_stats, name):
        if (logits is None) == (probs is None):
            raise ValueError("Must pass probs or logits, but not both.")
        with name_scope(name) as scope:
            if logits is not None:
                self._logits = convert_to_tensor(logits, name="logits")
                self._probs = self._probs_from_logits(self._logits)
            else:
                self._probs = convert_to_tensor(probs, name="probs")
                self._logits = self._logits_from_probs(self._probs)
        self._check_parameters()
        super().__init__(_dtypes.as_dtype(dtype), dict(logits=logits, probs=probs), scope, NOT_REPARAMETERIZED,
                         validate_args, allow_nan_stats)

    def _check_parameters(self):
        pass

    @property
    def logits(self):
        return self._logits

    @property
    def probs(self):
        return self._probs

    def _value_dtype(self):
        # outcomes are converted with their own dtype (ints or floats), then cast where needed
        return None
