"""tf.dynamic_partition, tf.dynamic_stitch and tf.invert_permutation as compositions of masks and
scatters (their gradients are those ops' rules).

dynamic_partition's output i is boolean_mask(data, partitions == i). dynamic_stitch writes the
rows of `data` at their `indices` into zeros with tensor_scatter_nd_update, whose updates land in
order, so a repeated index keeps the last row (as TF); like TF's rule, each row's gradient is the
gradient at its index, also for rows overwritten later.

>>> evens, odds = tf.dynamic_partition(x, tf.mod(tf.range(6), 2), 2)
>>> tf.dynamic_stitch([[0, 2], [1]], [a, b])
"""
from ..framework import dtypes
from ..framework.graph import name_scope
from .array_ops import fill
from .boolean_mask_ops import boolean_mask
from .concat_ops import concat
from .constant_op import constant, convert_to_tensor
from .math_ops import add, equal
from .reduction_ops import reduce_max
from .scatter_ops import scatter_nd, tensor_scatter_nd_update
from .sequence_ops import range as range_
from .shape_ops import expand_dims, reshape, shape as shape_of, size


def dynamic_partition(data, partitions, num_partitions, name=None):
    """`num_partitions` tensors: output i holds the slices data[j] with partitions[j] == i, in
    order (partitions' shape is a prefix of data's).

    >>> train, test = tf.dynamic_partition(examples, is_test, 2)
    """
    if not isinstance(num_partitions, int) or num_partitions < 1:
        raise ValueError(f"dynamic_partition: num_partitions must be an int >= 1, got {num_partitions!r}")
    with name_scope(name or "DynamicPartition"):
        data = convert_to_tensor(data, name="data")
        partitions = convert_to_tensor(partitions, name="partitions")
        if not partitions.dtype.is_integer:
            raise TypeError(f"dynamic_partition: partitions must be int32, got {partitions.dtype.name} "
                            f"('{partitions.name}')")
        return [boolean_mask(data, equal(partitions, constant(i, dtype=partitions.dtype)), name=f"partition_{i}")
                for i in range(num_partitions)]


def dynamic_stitch(indices, data, name=None):
    """One tensor with merged[indices[m][i]] = data[m][i] (its first dimension is max index + 1;
    a repeated index keeps the last slice given).

    >>> tf.dynamic_stitch([evens_idx, odds_idx], [evens, odds])   # undoes dynamic_partition
    """
    if len(indices) != len(data) or not indices:
        raise ValueError(f"dynamic_stitch needs as many index tensors as data tensors (at least one), got "
                         f"{len(indices)} and {len(data)}")
    with name_scope(name or "DynamicStitch") as scope:
        idx = [convert_to_tensor(i, dtype=dtypes.int32, name="indices") for i in indices]
        vals = [convert_to_tensor(d, name="data") for d in data]
        dtype = vals[0].dtype
        rows, rest = [], None
        for i, v in zip(idx, vals):
            k = i.shape.ndims
            if k is None or v.shape.ndims is None:
                raise ValueError("dynamic_stitch needs indices and data of known rank")
            if v.dtype is not dtype:
                raise TypeError(f"dynamic_stitch: all data must have one dtype, got {dtype.name} and {v.dtype.name}")
            tail = shape_of(v)[k:]
            rest = tail if rest is None else rest
            rows.append(reshape(v, concat([constant([-1]), tail], 0)))
        flat_idx = concat([reshape(i, [-1]) for i in idx], 0)
        flat_rows = concat(rows, 0)
        # First dimension: max index + 1 (0 with no indices at all: reduce_max of empty is INT_MIN).
        n = add(reduce_max(concat([flat_idx, constant([-1])], 0)), 1)
        zeros = fill(concat([expand_dims(n, 0), rest], 0), constant(0, dtype=dtype))
        return tensor_scatter_nd_update(zeros, expand_dims(flat_idx, 1), flat_rows, name=scope)


def invert_permutation(x, name=None):
    """The inverse permutation y of the int vector x: y[x[i]] = i (x must be a permutation of
    0..n-1; this is not checked).

    >>> tf.invert_permutation([3, 4, 0, 2, 1])   # [2, 4, 3, 0, 1]
    """
    with name_scope(name or "InvertPermutation") as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError(f"invert_permutation needs an int32 or int64 vector, got {x.dtype.name} ('{x.name}')")
        n = size(x, out_type=x.dtype)
        return scatter_nd(expand_dims(x, 1), range_(n, dtype=x.dtype), expand_dims(n, 0), name=scope)
