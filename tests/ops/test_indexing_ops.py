"""t[...] (StridedSlice), tf.strided_slice, tf.slice, tf.gather, tf.unsorted_segment_sum: values
against NumPy, static shapes, dtypes, names and errors."""
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jupyter_flow as tf
from array_op_support import ALL_DTYPES, graph, sample, sess  # noqa: F401 (fixtures)

X = np.arange(2 * 3 * 4, dtype=np.float64).reshape(2, 3, 4)


class _Spec:
    """x[...] written once, applied to NumPy arrays and tensors alike."""

    def __getitem__(self, key):
        return key


S = _Spec()

# ----- t[...] ------------------------------------------------------------------------------------------

SPECS = [S[0], S[-1], S[1, 2], S[1, 2, 3], S[:], S[::-1], S[:, 1:], S[:, ::2, 1:3], S[..., 0], S[..., ::-2],
         S[0, ..., 1], S[:, None], S[None, ..., None], S[1, None, -1, 1:], S[-5:100], S[:, -1:-4:-1, ::-3],
         S[1:1], S[:, 3:0:-1], S[..., None], S[...], S[0, 1:2, None, ..., 2]]


@pytest.mark.parametrize("spec", SPECS, ids=[repr(s) for s in SPECS])
def test_getitem_matches_numpy(sess, spec):
    y = tf.constant(X)[spec]
    expected = X[spec]
    assert y.shape.as_list() == list(expected.shape)
    np.testing.assert_array_equal(sess.run(y), expected)


@pytest.mark.parametrize("spec", SPECS, ids=[repr(s) for s in SPECS])
def test_getitem_of_unknown_dims_matches_numpy(sess, spec):
    x = tf.placeholder(tf.float64, (None, 3, None))
    y = x[spec]
    expected = X[spec]
    assert y.shape.is_compatible_with(expected.shape)
    np.testing.assert_array_equal(sess.run(y, {x: X}), expected)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_getitem_keeps_every_dtype(sess, dtype):
    x = sample((3, 4), dtype)
    out = sess.run(tf.constant(x)[::-1, 1::2])
    assert out.dtype == x.dtype
    np.testing.assert_array_equal(out, x[::-1, 1::2])


def test_getitem_builds_tf1_nodes():
    y = tf.zeros([3, 4])[1:, 2]
    assert (y.op.type, y.op.name) == ("StridedSlice", "strided_slice")
    assert [t.op.name for t in y.op.inputs[1:]] == ["strided_slice/stack", "strided_slice/stack_1",
                                                     "strided_slice/stack_2"]
    assert y.op.get_attr("begin_mask") == 0 and y.op.get_attr("end_mask") == 1
    assert y.op.get_attr("shrink_axis_mask") == 2
    assert tf.zeros([2])[0].op.name == "strided_slice_1"


def test_getitem_with_tensor_indices(sess):
    x = tf.placeholder(tf.float64, (None, None, 4))
    i = tf.placeholder(tf.int32, ())
    y = x[i, 1:tf.shape(x)[1]]
    assert y.shape.as_list() == [None, 4]
    np.testing.assert_array_equal(sess.run(y, {x: X, i: 1}), X[1, 1:])
    np.testing.assert_array_equal(sess.run(x[:, :, i], {x: X, i: -1}), X[:, :, -1])


def test_getitem_of_a_variable(sess):
    v = tf.Variable(X)
    sess.run(v.initializer)
    np.testing.assert_array_equal(sess.run(v[1, :, 2]), X[1, :, 2])


def test_newaxis_is_none():
    assert tf.newaxis is None


def test_getitem_index_out_of_range_raises_value_error():
    with pytest.raises(ValueError, match=re.escape("slice index 2 of dimension 0 out of bounds. for "
                                                   "'strided_slice' (op: 'StridedSlice') with input shapes: "
                                                   "[2,3,4], [1], [1], [1].")):
        tf.constant(X)[2]
    with pytest.raises(ValueError, match="Index out of range using input dim 3"):
        tf.constant(X)[0, 0, 0, 0]


def test_getitem_index_out_of_range_at_run_time_raises_invalid_argument(sess):
    x = tf.placeholder(tf.float64, (None,))
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(
            "slice index -4 of dimension 0 out of bounds.")) as e:
        sess.run(x[-4], {x: np.zeros(3)})
    assert e.value.op.name == "strided_slice"


def test_getitem_rejects_what_basic_slicing_does_not_support():
    x = tf.zeros([3])
    for bad in ([0, 1], 1.5, True, tf.constant([0, 1]), tf.constant(1.0)):
        with pytest.raises(TypeError, match=re.escape("Only integers, slices (`:`), ellipsis (`...`)")):
            x[bad]
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        x[::0]
    with pytest.raises(ValueError, match="Multiple ellipses in slice spec not allowed"):
        tf.zeros([2, 2])[..., ...]


@st.composite
def slicing_problems(draw):
    """A shape and a basic-indexing spec for it (ints in range, any slices, ..., newaxis)."""
    shape = draw(st.lists(st.integers(0, 5), min_size=0, max_size=4))
    spec, dim, ellipsis_used = [], 0, False
    for _ in range(draw(st.integers(0, len(shape) + 2))):
        kinds = ["slice", "newaxis"] + (["index"] if dim < len(shape) and shape[dim] > 0 else [])
        kinds += [] if ellipsis_used else ["ellipsis"]
        if dim >= len(shape):
            kinds = [k for k in kinds if k in ("newaxis", "ellipsis")]
        kind = draw(st.sampled_from(kinds))
        if kind == "index":
            spec.append(draw(st.integers(-shape[dim], shape[dim] - 1)))
            dim += 1
        elif kind == "slice":
            bound = st.one_of(st.none(), st.integers(-7, 7))
            step = st.one_of(st.none(), st.integers(-3, 3).filter(lambda s: s != 0))
            spec.append(slice(draw(bound), draw(bound), draw(step)))
            dim += 1
        elif kind == "newaxis":
            spec.append(None)
        else:
            spec.append(Ellipsis)
            ellipsis_used = True
            dim = len(shape)  # the dims left are covered; what follows indexes from the end
            break
    return shape, tuple(spec)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slicing_problems())
def test_getitem_property_matches_numpy(problem):
    shape, spec = problem
    x = sample(shape)
    expected = x[spec]
    with tf.Graph().as_default(), tf.Session() as s:
        static = tf.constant(x)[spec]
        p = tf.placeholder(tf.float64, [None] * len(shape))
        dynamic = p[spec]
        out_static, out_dynamic = s.run([static, dynamic], {p: x})
    assert static.shape.as_list() == list(expected.shape)
    assert dynamic.shape.ndims == expected.ndim
    np.testing.assert_array_equal(out_static, expected)
    np.testing.assert_array_equal(out_dynamic, expected)


def test_strided_slice_function_with_masks(sess):
    y = tf.strided_slice(X, [0, 1], [0, 3], [1, 1], begin_mask=1, end_mask=1, shrink_axis_mask=0)
    np.testing.assert_array_equal(sess.run(y), X[:, 1:3])
    z = tf.strided_slice(X, [1], [2], shrink_axis_mask=1, name="row")
    assert z.op.name == "row"
    np.testing.assert_array_equal(sess.run(z), X[1])


# ----- tf.slice -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("begin,size", [([0, 0, 0], [2, 3, 4]), ([1, 1, 0], [1, -1, 2]), ([0, 2, 3], [-1, 1, 1]),
                                        ([1, 0, 0], [0, 3, 4])])
def test_slice_matches_numpy(sess, begin, size):
    y = tf.slice(X, begin, size)
    index = tuple(slice(b, None if s == -1 else b + s) for b, s in zip(begin, size))
    assert y.op.type == "Slice" and y.op.name == "Slice" and y.shape.as_list() == list(X[index].shape)
    np.testing.assert_array_equal(sess.run(y), X[index])


def test_slice_with_unknown_dims(sess):
    x = tf.placeholder(tf.float64, (None, 3, None))
    y = tf.slice(x, [1, 1, 0], [-1, -1, 2])
    assert y.shape.as_list() == [None, 2, 2]
    np.testing.assert_array_equal(sess.run(y, {x: X}), X[1:, 1:, :2])


def test_slice_out_of_range_raises():
    with pytest.raises(ValueError, match=re.escape("Expected size[1] in [0, 2], but got 3")):
        tf.slice(X, [0, 1, 0], [1, 3, 1])
    with pytest.raises(ValueError, match=re.escape("Expected begin[0] in [0, 2], but got 3")):
        tf.slice(X, [3, 0, 0], [1, 1, 1])
    with pytest.raises(ValueError, match="Expected begin argument to be a vector of length 3 but got length 2"):
        tf.slice(X, [0, 0], [1, 1])


def test_slice_out_of_range_at_run_time_raises_invalid_argument(sess):
    x = tf.placeholder(tf.float64, (None,))
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape("Expected size[0] in [0, 1], but got 2")):
        sess.run(tf.slice(x, [2], [2]), {x: np.zeros(3)})


# ----- gather, unsorted_segment_sum -----------------------------------------------------------------------


@pytest.mark.parametrize("indices,axis", [([1, 0, 1], 0), ([[2, 0], [1, 1]], 1), ([3, 0], -1), (1, 0),
                                          (np.array([2, 2], dtype=np.int64), 1), ([], 0)])
def test_gather_matches_numpy(sess, indices, axis):
    y = tf.gather(X, indices, axis=axis)
    expected = np.take(X, np.asarray(indices, dtype=np.int64), axis=axis)
    assert y.op.type == "GatherV2" and y.op.name == "GatherV2" and y.shape.as_list() == list(expected.shape)
    np.testing.assert_array_equal(sess.run(y), expected)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_gather_keeps_every_dtype(sess, dtype):
    x = sample((4, 2), dtype)
    np.testing.assert_array_equal(sess.run(tf.gather(tf.constant(x), [3, 0, 3])), x[[3, 0, 3]])


def test_gather_static_shape_with_unknown_dims():
    params = tf.placeholder(tf.float32, (None, 5))
    indices = tf.placeholder(tf.int32, (None, 2))
    assert tf.gather(params, indices).shape.as_list() == [None, 2, 5]
    assert tf.gather(params, indices, axis=1).shape.as_list() == [None, None, 2]


def test_gather_index_out_of_range_raises_invalid_argument(sess):
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape("indices[1] = 5 is not in [0, 2)")):
        sess.run(tf.gather(X, [0, 5]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape("indices[1,0] = -1 is not in [0, 3)")):
        sess.run(tf.gather(X, [[0], [-1]], axis=1))


def test_gather_rejects_float_indices_and_bad_axis():
    with pytest.raises(TypeError, match="not in the list of allowed values: int32, int64"):
        tf.gather(X, [0.5])
    with pytest.raises(ValueError, match=re.escape("expected axis in the range [-3, 3), but got 3")):
        tf.gather(X, [0], axis=3)


def test_unsorted_segment_sum_matches_numpy(sess):
    data = sample((5, 2))
    ids = [0, 3, 0, 1, 3]
    expected = np.zeros((4, 2))
    np.add.at(expected, ids, data)
    y = tf.unsorted_segment_sum(data, ids, 4)
    assert y.shape.as_list() == [4, 2] and y.op.type == "UnsortedSegmentSum"
    np.testing.assert_array_equal(sess.run(y), expected)


def test_unsorted_segment_sum_with_matrix_ids_and_runtime_count(sess):
    data = sample((2, 2, 3))
    n = tf.placeholder(tf.int32, ())
    y = tf.unsorted_segment_sum(data, [[1, 0], [1, 1]], n)
    assert y.shape.as_list() == [None, 3]
    expected = np.stack([data[0, 1], data[0, 0] + data[1, 0] + data[1, 1]])
    np.testing.assert_array_equal(sess.run(y, {n: 2}), expected)


def test_unsorted_segment_sum_errors(sess):
    with pytest.raises(ValueError, match=re.escape("data.shape = [2,3] does not start with segment_ids.shape = [3]")):
        tf.unsorted_segment_sum(tf.zeros([2, 3]), [0, 1, 0], 2)
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape("segment_ids[1] = 2 is out of range [0, 2)")):
        sess.run(tf.unsorted_segment_sum(tf.zeros([2, 3]), [0, 2], 2))


def test_unsorted_segment_sum_with_a_huge_segment_count_is_resource_exhausted(sess):
    n = tf.placeholder(tf.int64, ())
    y = tf.unsorted_segment_sum(tf.ones([3]), [0, 0, 0], n)
    with pytest.raises(tf.errors.ResourceExhaustedError, match=r"shape \[4611686018427387904\].*overflows 64 bits"):
        sess.run(y, {n: 2**62})
    with pytest.raises(tf.errors.ResourceExhaustedError, match=r"OOM when allocating a float32 tensor of shape "
                                                              r"\[1099511627776\].*use a smaller shape"):
        sess.run(y, {n: 2**40})  # 4 TiB: refused before allocating, never left to the OOM killer
