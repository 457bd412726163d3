"""keras.initializers.Orthogonal (the recurrent kernels' default): a random matrix with orthonormal rows or
columns, times `gain`.

TF 1.x takes the Q factor of a QR decomposition of a Gaussian matrix; jupyter_flow has no QR kernel, so the
graph takes the polar factor instead (Newton-Schulz: X <- 1.5 X - 0.5 X X^T X, from X = A / ||A||_F), which
is orthogonal and Haar-distributed for a Gaussian A just as the sign-corrected Q is. The samples differ from
TF's (so do our random streams); the distribution is the same.
"""
from ..framework import dtypes
from ..ops.constant_op import convert_to_tensor
from ..ops.control_flow_loop import while_loop
from ..ops.init_ops import Initializer
from ..ops.linalg_ops import matmul, transpose
from ..ops.math_ops import multiply, sqrt, subtract
from ..ops.random_ops import random_normal
from ..ops.reduction_ops import reduce_sum
from ..ops.shape_ops import reshape

# Singular values of A / ||A||_F grow by 1.5x per step until near 1 (then converge quadratically): 60 steps
# bring even 1e-9 to 1, at the price of 60 small matmuls once per variable initialization.
_NEWTON_SCHULZ_STEPS = 60


class Orthogonal(Initializer):
    """gain * an orthogonal matrix of shape [prod(shape[:-1]), shape[-1]] reshaped to `shape` (rank >= 2)."""

    def __init__(self, gain=1.0, seed=None, dtype=dtypes.float32):
        super().__init__(dtype)
        self.gain, self.seed = float(gain), seed

    def __call__(self, shape, dtype=None, partition_info=None):
        dt = self._dtype(dtype)
        shape = [int(d) for d in shape]
        if len(shape) < 2:
            raise ValueError(f"The tensor to initialize must be at least two-dimensional, got shape {shape} "
                             f"(Orthogonal initializer)")
        cols = shape[-1]
        rows = 1
        for d in shape[:-1]:
            rows *= d
        # A tall [max, min] matrix gets orthonormal columns; a wide result is its transpose (as TF).
        tall = [max(rows, cols), min(rows, cols)]
        a = random_normal(tall, dtype=dt, seed=self.seed)
        x = multiply(a, 1.0 / sqrt(reduce_sum(multiply(a, a))))

        def step(i, x):
            xtx = matmul(x, x, transpose_a=True)
            return i + 1, subtract(multiply(1.5, x), multiply(0.5, matmul(x, xtx)))

        _, q = while_loop(lambda i, x: i < _NEWTON_SCHULZ_STEPS, step, (convert_to_tensor(0), x),
                          back_prop=False)
        q.set_shape(tall)
        if rows < cols:
            q = transpose(q)
        return multiply(self.gain, reshape(q, shape))

    def get_config(self):
        return {"gain": self.gain, "seed": self.seed}
