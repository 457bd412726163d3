"""tf.debugging: finding NaN and Inf (TF1's tf.debugging.check_numerics; TF2's enable_check_numerics,
which here checks every float value every run computes, in the engine).

>>> tf.debugging.enable_check_numerics()    # or %flow_debug nan on in a notebook
"""
from .ops.numerics_ops import check_numerics, disable_check_numerics, enable_check_numerics  # noqa: F401
