"""Every TF1 dtype: its DType attributes, feeding and fetching NumPy arrays of it, element-wise math,
reductions and Cast in the engine, checkpoints and summary protos. Expected values were computed
with TensorFlow 2.21's tf.compat.v1 and pasted in."""
import ml_dtypes
import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.summary.proto_dtypes import data_type
from jupyter_flow.summary.tensor_proto import make_tensor_proto

# name, TF's DataType number, NumPy type, is_floating, is_integer, is_unsigned, (min, max) or None
DTYPES = [
    ("int8", 6, np.int8, False, True, False, (-128, 127)),
    ("int16", 5, np.int16, False, True, False, (-32768, 32767)),
    ("uint8", 4, np.uint8, False, True, True, (0, 255)),
    ("uint16", 17, np.uint16, False, True, True, (0, 65535)),
    ("uint32", 22, np.uint32, False, True, True, (0, 4294967295)),
    ("uint64", 23, np.uint64, False, True, True, (0, 18446744073709551615)),
    ("float16", 19, np.float16, True, False, False, (-65504.0, 65504.0)),
    ("bfloat16", 14, ml_dtypes.bfloat16, True, False, False, (-3.3895313892515355e+38, 3.3895313892515355e+38)),
    ("complex64", 8, np.complex64, False, False, False, None),
    ("complex128", 18, np.complex128, False, False, False, None),
    ("float32", 1, np.float32, True, False, False, (-3.4028234663852886e+38, 3.4028234663852886e+38)),
    ("int32", 3, np.int32, False, True, False, (-2147483648, 2147483647)),
    ("bool", 10, np.bool_, False, False, False, None),
]


@pytest.mark.parametrize("name,enum,np_type,floating,integer,unsigned,limits", DTYPES)
def test_dtype_attributes_match_tf1(name, enum, np_type, floating, integer, unsigned, limits):
    dt = getattr(tf, name)
    assert tf.as_dtype(name) is dt and tf.as_dtype(np_type) is dt and tf.as_dtype(np.dtype(np_type)) is dt
    assert dt.as_numpy_dtype is np_type and dt.base_dtype is dt and dt.as_datatype_enum == enum
    assert (dt.is_floating, dt.is_integer, dt.is_unsigned) == (floating, integer, unsigned)
    assert dt.is_complex == name.startswith("complex")
    if limits is None:
        with pytest.raises(TypeError):
            dt.min  # noqa: B018
    else:
        assert (float(dt.min), float(dt.max)) == tuple(float(v) for v in limits)


def test_aliases_and_real_dtype():
    assert tf.as_dtype("half") is tf.float16 is tf.half
    assert tf.complex64.real_dtype is tf.float32 and tf.complex128.real_dtype is tf.float64
    assert tf.float16.size == 2 and tf.complex128.size == 16


ROUND_TRIP = [("int8", [3, -100, 7]), ("int16", [3, -100, 7]), ("uint8", [3, 250, 7]), ("uint16", [3, 250, 7]),
              ("uint32", [3, 250, 7]), ("uint64", [3, 250, 7]), ("float16", [3, -100, 7]), ("bfloat16", [3, -100, 7])]

# TF1's values for x + x, x * x, reduce_sum(x), reduce_max(x), cast(x, float32), x // 2, argmax(x)
TF1_ARITHMETIC = {
    "int8": [[6, 56, 14], [9, 16, 49], -90, 7, [3.0, -100.0, 7.0], [1, -50, 3], 2],
    "uint8": [[6, 244, 14], [9, 36, 49], 4, 250, [3.0, 250.0, 7.0], [1, 125, 3], 1],
    "int16": [[6, -200, 14], [9, 10000, 49], -90, 7, [3.0, -100.0, 7.0], [1, -50, 3], 2],
    "uint16": [[6, 500, 14], [9, 62500, 49], 260, 250, [3.0, 250.0, 7.0], [1, 125, 3], 1],
    "uint32": [[6, 500, 14], [9, 62500, 49], 260, 250, [3.0, 250.0, 7.0], [1, 125, 3], 1],
    "uint64": [[6, 500, 14], [9, 62500, 49], 260, 250, [3.0, 250.0, 7.0], [1, 125, 3], 1],
    "float16": [[6.0, -200.0, 14.0], [9.0, 10000.0, 49.0], -90.0, 7.0, [3.0, -100.0, 7.0], [1.0, -50.0, 3.0], 2],
    "bfloat16": [[6.0, -200.0, 14.0], [9.0, 9984.0, 49.0], -90.0, 7.0, [3.0, -100.0, 7.0], [1.0, -50.0, 3.0], 2],
}


@pytest.mark.parametrize("name,values", ROUND_TRIP)
def test_arithmetic_reductions_and_cast_match_tf1(name, values):
    tf.reset_default_graph()
    dt = getattr(tf, name)
    x = tf.constant(values, dt)
    with tf.Session() as sess:
        out = sess.run([x + x, x * x, tf.reduce_sum(x), tf.reduce_max(x), tf.cast(x, tf.float32),
                        x // tf.constant(2, dt), tf.argmax(x)])
    assert out[0].dtype == dt.as_numpy_dtype and out[2].dtype == dt.as_numpy_dtype
    assert [np.asarray(v).astype(np.float64).tolist() for v in out] == [
        np.asarray(v, np.float64).tolist() for v in TF1_ARITHMETIC[name]]


@pytest.mark.parametrize("name,values", ROUND_TRIP)
def test_feed_and_fetch_numpy_arrays_of_each_dtype(name, values):
    tf.reset_default_graph()
    dt = getattr(tf, name)
    p = tf.placeholder(dt, [None])
    with tf.Session() as sess:
        got = sess.run(tf.identity(p), {p: np.asarray(values, dt.as_numpy_dtype)})
        from_list = sess.run(p + 1, {p: values})
    assert got.dtype == np.dtype(dt.as_numpy_dtype) and got.tolist() == np.asarray(values, dt.as_numpy_dtype).tolist()
    assert from_list.tolist() == (np.asarray(values, dt.as_numpy_dtype) + np.asarray(1, dt.as_numpy_dtype)).tolist()


def test_16_bit_floats_compute_in_float_and_round_as_tf1():
    tf.reset_default_graph()
    h = tf.constant([1.1, 2.7, -3.3], tf.float16)
    b = tf.constant([1.1, 2.7, -3.3], tf.bfloat16)
    with tf.Session() as sess:
        r = sess.run([tf.cast(tf.exp(h), tf.float32), tf.cast(tf.exp(b), tf.float32), tf.reduce_mean(h), tf.reduce_mean(b)])
        cast_bf = sess.run(tf.cast(tf.cast(tf.constant([1.00390625, 3.14159, 1e10, -2.5]), tf.bfloat16), tf.float32))
        cast_f16 = sess.run(tf.cast(tf.cast(tf.constant([1.0009765625, 3.14159, 70000., -2.5]), tf.float16), tf.float32))
    assert r[0].tolist() == [3.00390625, 14.8671875, 0.036865234375]
    assert r[1].tolist() == [3.015625, 14.9375, 0.037109375]
    assert float(r[2]) == 0.166015625 and float(r[3]) == 0.1689453125
    assert cast_bf.tolist() == [1.0, 3.140625, 9999220736.0, -2.5]
    assert cast_f16.tolist() == [1.0009765625, 3.140625, float("inf"), -2.5]


def test_integer_casts_and_wraparound_match_tf1():
    tf.reset_default_graph()
    with tf.Session() as sess:
        assert sess.run(tf.cast(tf.constant([-1, 256, 3]), tf.uint8)).tolist() == [255, 0, 3]
        assert sess.run(tf.cast(tf.constant([1.7, -1.7, 100.2]), tf.int8)).tolist() == [1, -1, 100]
        assert sess.run(tf.constant([1], tf.uint8) - tf.constant([2], tf.uint8)).tolist() == [255]
        assert sess.run(tf.constant([100], tf.int8) + tf.constant([100], tf.int8)).tolist() == [-56]
        assert sess.run(tf.to_bfloat16(tf.constant([1.5]))).dtype == ml_dtypes.bfloat16


def test_complex_math_matches_tf1():
    tf.reset_default_graph()
    c = tf.constant([1 + 2j, 3 - 1j], tf.complex64)
    with tf.Session() as sess:
        sq, total, e, re = sess.run([c * c, tf.reduce_sum(c), tf.exp(c), tf.cast(c, tf.float32)])
    assert sq.tolist() == [(-3 + 4j), (8 - 6j)] and complex(total) == 4 + 1j
    np.testing.assert_allclose(e, [-1.1312044 + 2.4717267j, 10.852262 - 16.901396j], rtol=1e-6)
    assert re.tolist() == [1.0, 3.0]


def test_ops_refuse_dtypes_tf1_does_not_support():
    tf.reset_default_graph()
    with pytest.raises(TypeError, match="Less"):
        tf.less(tf.constant([1j]), tf.constant([2j]))
    with pytest.raises(TypeError, match="Sqrt"):
        tf.sqrt(tf.constant([4], tf.uint8))


@pytest.mark.parametrize("name", ["int8", "int16", "uint8", "uint16", "uint32", "uint64", "float16", "bfloat16",
                                  "complex64", "complex128", "bool"])
def test_checkpoints_keep_every_dtype(tmp_path, name):
    tf.reset_default_graph()
    dt = getattr(tf, name)
    value = np.asarray([[1, 0], [3, 1]]).astype(dt.as_numpy_dtype)
    if name.startswith("complex"):
        value = value + 2j * value
    v = tf.Variable(value, name="v")
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(v.initializer)
        path = saver.save(sess, str(tmp_path / "m.ckpt"))
    with tf.Session() as sess:
        saver.restore(sess, path)
        got = sess.run(v)
    assert got.dtype == value.dtype and got.tolist() == value.tolist()


def test_summary_protos_carry_every_dtype():
    assert data_type("uint32") == 22 and data_type("uint64") == 23 and data_type("bfloat16") == 14
    proto = make_tensor_proto(np.asarray([1.5], ml_dtypes.bfloat16))
    assert proto.dtype == 14 and proto.half_val == [np.asarray(1.5, ml_dtypes.bfloat16).view(np.uint16)]
    wide = make_tensor_proto(np.asarray([7, 8], np.uint64))  # travels as tensor_content
    assert wide.dtype == 23 and np.frombuffer(wide.tensor_content, "<u8").tolist() == [7, 8]
