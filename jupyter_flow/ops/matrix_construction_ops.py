"""Building and reading structured matrices: tf.eye, tf.diag / diag_part, tf.matrix_diag / matrix_diag_part,
tf.matrix_band_part, tf.trace, tf.linspace, tf.meshgrid.

Each is a composition of existing ops whose values are TF1's exactly: selections (where) instead of
multiplications by 0/1, so -0.0, inf and nan come out as TF1's kernels give them; linspace computes
`start + i * ((stop - start) / (num - 1))` as TF1's LinSpace kernel does.

    >>> tf.eye(2).eval()            # [[1., 0.], [0., 1.]]
    >>> tf.linspace(0.0, 1.0, 5)    # [0., 0.25, 0.5, 0.75, 1.]
"""
import numpy as np

from ..framework import dtypes
from ..framework.graph import name_scope
from .array_ops import where, zeros_like
from .concat_ops import concat, stack
from .constant_op import constant, convert_to_tensor
from .linalg_ops import transpose
from .math_ops import add, cast, equal, greater_equal, less_equal, logical_and, multiply, realdiv, subtract
from .reduction_ops import reduce_sum
from .scatter_ops import gather_nd
from .sequence_ops import range as _range
from .shape_ops import expand_dims, reshape, shape, tile


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name=None):
    """The identity matrix (num_rows x num_columns), optionally repeated over batch_shape.

    >>> tf.eye(3, dtype=tf.int32)
    """
    with name_scope(name or "eye"):
        columns = num_rows if num_columns is None else num_columns
        if all(isinstance(v, (int, np.integer)) for v in (num_rows, columns)):
            value = np.eye(int(num_rows), int(columns), dtype=dtypes.as_dtype(dtype)._np)
            if batch_shape is not None:
                value = np.broadcast_to(value, list(batch_shape) + list(value.shape)).copy()
            return constant(value, name="eye")
        rows = expand_dims(_range(num_rows), 1)
        cols = expand_dims(_range(columns), 0)
        matrix = cast(equal(rows, cols), dtype)
        if batch_shape is None:
            return matrix
        return tile(expand_dims(matrix, 0) if len(batch_shape) == 1 else
                    reshape(matrix, [1] * len(batch_shape) + [num_rows, columns]), list(batch_shape) + [1, 1])


def matrix_diag(diagonal, name=None):
    """Square matrices with `diagonal` (..., n) on their diagonals (..., n, n); zeros elsewhere."""
    with name_scope(name or "MatrixDiag"):
        d = convert_to_tensor(diagonal, name="diagonal")
        n = d.shape[-1].value if d.shape.ndims else None
        if n is None:
            raise ValueError(f"matrix_diag needs the diagonal's last dimension to be known; '{d.name}' has shape "
                             f"{d.shape}")
        rows = tile(expand_dims(d, -1), [1] * d.shape.ndims + [n])  # [..., i, j] = d[..., i]
        return where(constant(np.eye(n, dtype=bool), name="mask"), rows, zeros_like(rows))


def diag(diagonal, name=None):
    """tf.diag: a rank-1 diagonal -> its square matrix (TF1's Diag; higher ranks: tensor diagonals are not
    supported here, use tf.matrix_diag for batches)."""
    d = convert_to_tensor(diagonal, name="diagonal")
    if d.shape.ndims != 1:
        raise ValueError(f"tf.diag here takes a vector (rank 1), got '{d.name}' of shape {d.shape}; "
                         "for a batch of diagonals use tf.matrix_diag")
    return matrix_diag(d, name=name or "Diag")


def matrix_diag_part(input, name=None):  # noqa: A002 - TF1's argument name
    """The main diagonals (..., min(m, n)) of matrices (..., m, n)."""
    with name_scope(name or "MatrixDiagPart"):
        x = convert_to_tensor(input, name="input")
        if x.shape.ndims is None or x.shape[-1].value is None or x.shape[-2].value is None:
            raise ValueError(f"matrix_diag_part needs the matrices' sizes to be known; '{x.name}' has shape {x.shape}")
        k = min(x.shape[-1].value, x.shape[-2].value)
        rank = x.shape.ndims
        moved = _matrices_first(x, rank)
        indices = constant(np.stack([np.arange(k), np.arange(k)], axis=1).astype(np.int32), name="indices")
        taken = gather_nd(moved, indices)  # (k, ...batch)
        return _batch_first(taken, rank - 1)


def _matrices_first(x, rank):
    return x if rank == 2 else transpose(x, [rank - 2, rank - 1] + list(range(rank - 2)))


def _batch_first(t, rank):
    return t if rank == 1 else transpose(t, list(range(1, rank)) + [0])


def diag_part(input, name=None):  # noqa: A002
    """tf.diag_part: the diagonal of a square matrix."""
    x = convert_to_tensor(input, name="input")
    if x.shape.ndims != 2:
        raise ValueError(f"tf.diag_part here takes a matrix (rank 2), got '{x.name}' of shape {x.shape}; "
                         "for a batch use tf.matrix_diag_part")
    return matrix_diag_part(x, name=name or "DiagPart")


def trace(x, name=None):
    """The sums of the main diagonals of matrices (..., m, n)."""
    with name_scope(name or "Trace"):
        return reduce_sum(matrix_diag_part(x), axis=-1)


def matrix_band_part(input, num_lower, num_upper, name=None):  # noqa: A002
    """Keep the band of each matrix: `num_lower` subdiagonals and `num_upper` superdiagonals (negative:
    all of them); zero the rest. band_part(x, -1, 0) is the lower triangle."""
    with name_scope(name or "MatrixBandPart"):
        x = convert_to_tensor(input, name="input")
        m, n = shape(x)[-2], shape(x)[-1]
        rows = expand_dims(_range(m), 1)
        cols = expand_dims(_range(n), 0)
        offset = subtract(cols, rows)  # j - i
        keep = None
        if not (isinstance(num_lower, int) and num_lower < 0):
            keep = greater_equal(offset, -convert_to_tensor(num_lower, dtype=dtypes.int32))
        if not (isinstance(num_upper, int) and num_upper < 0):
            upper = less_equal(offset, convert_to_tensor(num_upper, dtype=dtypes.int32))
            keep = upper if keep is None else logical_and(keep, upper)
        if keep is None:
            return x
        return where(keep, x, zeros_like(x))


def linspace(start, stop, num, name=None):
    """`num` evenly spaced values from start to stop inclusive (TF1's LinSpace)."""
    with name_scope(name or "LinSpace"):
        start = convert_to_tensor(start, name="start")
        if not start.dtype.is_floating:
            raise TypeError(f"linspace's start must be float32 or float64, got {start.dtype.name} ('{start.name}'); "
                            "write 0.0 rather than 0")
        stop = convert_to_tensor(stop, dtype=start.dtype, name="stop")
        if isinstance(num, (int, np.integer)):
            if num < 1:
                raise ValueError(f"linspace needs num > 0, got {num}")
            if num == 1:
                return reshape(start, [1])
        count = convert_to_tensor(num, dtype=dtypes.int32, name="num")
        step = realdiv(subtract(stop, start), cast(count - 1, start.dtype))
        return add(start, multiply(cast(_range(count), start.dtype), step))


lin_space = linspace


def meshgrid(*args, **kwargs):
    """Coordinate grids from 1-D tensors; indexing='ij' gives output i the shape (len0, len1, ...) with
    values of vector i along axis i; 'xy' (the default, as NumPy) swaps the first two axes."""
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        raise TypeError(f"meshgrid got unexpected keyword arguments {sorted(kwargs)}")
    if indexing not in ("xy", "ij"):
        raise ValueError(f"indexing must be 'xy' or 'ij', got {indexing!r}")
    with name_scope(name):
        vectors = [reshape(convert_to_tensor(a), [-1]) for a in args]
        n = len(vectors)
        if n == 0:
            return []
        shapes = [shape(v) for v in vectors]
        outputs = []
        for i, v in enumerate(vectors):
            view = reshape(v, stack([-1 if j == i else 1 for j in range(n)]))
            multiples = [shapes[j] if j != i else [1] for j in range(n)]
            outputs.append(tile(view, concat(multiples, 0)))
        if indexing == "xy" and n > 1:
            perm = [1, 0] + list(range(2, n))
            outputs = [transpose(o, perm) for o in outputs]
        return outputs


__all__ = ["diag", "diag_part", "eye", "lin_space", "linspace", "matrix_band_part", "matrix_diag", "matrix_diag_part",
           "meshgrid", "trace"]
