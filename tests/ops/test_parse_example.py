"""tf.parse_single_example / tf.parse_example: values, shapes and error messages as TensorFlow gives
them (literals from tensorflow 2.21's compat.v1, whose Example parser is TF 1.15's)."""
import re

import numpy as np
import pytest

import jupyter_flow as tf


def _example(**features):
    """A serialized Example: floats -> float_list, ints -> int64_list, bytes -> bytes_list."""
    feature = {}
    for key, values in features.items():
        if isinstance(values[0], float):
            feature[key] = tf.train.Feature(float_list=tf.train.FloatList(value=values))
        elif isinstance(values[0], int):
            feature[key] = tf.train.Feature(int64_list=tf.train.Int64List(value=values))
        else:
            feature[key] = tf.train.Feature(bytes_list=tf.train.BytesList(value=values))
    return tf.train.Example(features=tf.train.Features(feature=feature)).SerializeToString()


def _run(fetches, feed_dict=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict)


def _fails(message, fetches):
    with pytest.raises(tf.errors.InvalidArgumentError, match=re.escape(message)):
        _run(fetches)


def test_parse_single_example_gives_dense_values_and_a_sparse_varlen_feature():
    features = {"x": tf.FixedLenFeature([2], tf.float32), "y": tf.VarLenFeature(tf.int64),
                "s": tf.FixedLenFeature([2], tf.string), "m": tf.FixedLenFeature([], tf.int64, default_value=7)}
    parsed = tf.parse_single_example(_example(x=[1.5, 2.0], y=[3, -1], s=[b"ab", b""]), features)
    assert isinstance(parsed["y"], tf.SparseTensor)
    assert parsed["y"].indices.shape.as_list() == [None, 1] and parsed["y"].dense_shape.shape.as_list() == [1]
    assert parsed["x"].shape.as_list() == [2] and parsed["m"].shape.as_list() == []
    out = _run(parsed)
    assert out["x"].dtype == np.float32 and out["x"].tolist() == [1.5, 2.0]
    assert out["s"].tolist() == [b"ab", b""] and out["m"] == 7 and out["m"].dtype == np.int64
    assert out["y"].indices.tolist() == [[0], [1]] and out["y"].values.tolist() == [3, -1]
    assert out["y"].dense_shape.tolist() == [2]


def test_parse_example_batches_and_takes_defaults_for_missing_features():
    features = {"x": tf.FixedLenFeature([2], tf.float32), "y": tf.VarLenFeature(tf.float32),
                "m": tf.FixedLenFeature([], tf.int64, default_value=7)}
    records = [_example(x=[1.5, 2.0], y=[1.0, 2.0], m=[4]), _example(x=[0.5, 1.0]), _example(x=[3.0, 4.0], y=[3.0])]
    parsed = tf.parse_example(records, features)
    assert parsed["x"].shape.as_list() == [3, 2] and parsed["m"].shape.as_list() == [3]
    assert parsed["y"].indices.shape.as_list() == [None, 2]
    out = _run(parsed)
    assert out["x"].tolist() == [[1.5, 2.0], [0.5, 1.0], [3.0, 4.0]] and out["m"].tolist() == [4, 7, 7]
    # TF: indices [[0, 0], [0, 1], [2, 0]], values [1., 2., 3.], dense_shape [3, 2]
    assert out["y"].indices.tolist() == [[0, 0], [0, 1], [2, 0]]
    assert out["y"].values.tolist() == [1.0, 2.0, 3.0] and out["y"].dense_shape.tolist() == [3, 2]


def test_serialized_examples_fed_through_a_placeholder():
    records = tf.placeholder(tf.string, [None])
    parsed = tf.parse_example(records, {"x": tf.FixedLenFeature([], tf.int64)})
    assert parsed["x"].shape.as_list() == [None]
    with tf.Session() as sess:
        assert sess.run(parsed["x"], {records: [_example(x=[5]), _example(x=[6])]}).tolist() == [5, 6]
        assert sess.run(parsed["x"], {records: []}).shape == (0,)


def test_multidimensional_shapes_and_defaults_fill_in_row_major_order():
    out = _run(tf.parse_single_example(_example(x=[1, 2, 3, 4, 5, 6]), {"x": tf.FixedLenFeature([2, 3], tf.int64)}))
    assert out["x"].tolist() == [[1, 2, 3], [4, 5, 6]]
    out = _run(tf.parse_single_example(_example(y=[1]), {"x": tf.FixedLenFeature([2, 2], tf.float32,
                                                                                  default_value=[1.0, 2.0, 3.0, 4.0])}))
    assert out["x"].tolist() == [[1.0, 2.0], [3.0, 4.0]]
    out = _run(tf.parse_single_example(_example(y=[1]), {"x": tf.FixedLenFeature([], tf.string, default_value="hi")}))
    assert out["x"] == b"hi"


def test_fixed_len_sequence_feature_pads_to_the_most_rows_with_its_default():
    records = [_example(x=[1.0, 2.0, 3.0, 4.0]), _example(y=[1]), _example(x=[3.0, 5.0])]
    feature = tf.FixedLenSequenceFeature([2], tf.float32, allow_missing=True)
    parsed = tf.parse_example(records, {"x": feature})["x"]
    assert parsed.shape.as_list() == [3, None, 2]
    assert _run(parsed).tolist() == [[[1, 2], [3, 4]], [[0, 0], [0, 0]], [[3, 5], [0, 0]]]
    padded = tf.FixedLenSequenceFeature([2], tf.float32, allow_missing=True, default_value=-1.0)
    assert _run(tf.parse_example(records, {"x": padded})["x"]).tolist() == [[[1, 2], [3, 4]], [[-1, -1], [-1, -1]],
                                                                            [[3, 5], [-1, -1]]]
    single = tf.parse_single_example(records[0], {"x": padded})["x"]
    assert single.shape.as_list() == [None, 2] and _run(single).tolist() == [[1, 2], [3, 4]]
    nothing = _run(tf.parse_example([_example(y=[1])], {"x": tf.FixedLenSequenceFeature([], tf.int64, allow_missing=True)}))
    assert nothing["x"].shape == (1, 0) and nothing["x"].dtype == np.int64


def test_empty_feature_and_empty_record_count_as_missing():
    empty_feature = tf.train.Example(features=tf.train.Features(feature={"x": tf.train.Feature()})).SerializeToString()
    assert _run(tf.parse_single_example(empty_feature, {"x": tf.FixedLenFeature([], tf.float32, default_value=3.0)}))["x"] == 3.0
    out = _run(tf.parse_single_example(b"", {"x": tf.FixedLenFeature([], tf.float32, default_value=3.0),
                                             "v": tf.VarLenFeature(tf.string)}))
    assert out["x"] == 3.0 and out["v"].indices.shape == (0, 1) and out["v"].dense_shape.tolist() == [0]


def test_a_key_given_twice_keeps_the_last_value_and_unpacked_int64s_parse():
    assert _run(tf.parse_single_example(_example(x=[1.0]) + _example(x=[2.0]), {"x": tf.FixedLenFeature([], tf.float32)}))["x"] == 2.0
    unpacked = b"\n\x0f\n\r\n\x01x\x12\x08\x1a\x06\x08\x01\x08\x02\x08\x03"  # int64_list values not packed
    assert _run(tf.parse_single_example(unpacked, {"x": tf.FixedLenFeature([3], tf.int64)}))["x"].tolist() == [1, 2, 3]


def test_missing_required_feature_names_the_feature_and_its_type():
    _fails("Feature: x (data type: float) is required but could not be found.",
           tf.parse_single_example(_example(y=[1]), {"x": tf.FixedLenFeature([], tf.float32)}))
    _fails("Name: <unknown>, Feature: x (data type: float) is required but could not be found.",
           tf.parse_example([_example(x=[1.0]), _example(y=[1])], {"x": tf.FixedLenFeature([], tf.float32)}))
    _fails("Name: b, Feature: x (data type: float) is required but could not be found.",
           tf.parse_example([_example(x=[1.0]), _example(y=[1])], {"x": tf.FixedLenFeature([], tf.float32)},
                            example_names=["a", "b"]))


def test_type_mismatch_names_the_key_and_the_record_index():
    _fails("Key: x.  Data types don't match. Data type: int64 but expected type: float",
           tf.parse_single_example(_example(x=[1]), {"x": tf.FixedLenFeature([], tf.float32)}))
    _fails("Name: <unknown>, Key: x, Index: 1.  Data types don't match. Data type: int64 but expected type: float",
           tf.parse_example([_example(x=[1.0]), _example(x=[1])], {"x": tf.FixedLenFeature([], tf.float32)}))
    _fails("Name: <unknown>, Key: x, Index: 0.  Data types don't match. Data type: string but expected type: int64",
           tf.parse_example([_example(x=[b"a"])], {"x": tf.FixedLenFeature([], tf.int64)}))
    _fails("Key: x.  Data types don't match. Expected type: float, Actual type: int64",
           tf.parse_single_example(_example(x=[1]), {"x": tf.VarLenFeature(tf.float32)}))
    _fails("Name: <unknown>, Key: x, Index: 1.  Data types don't match. Expected type: float, Actual type: int64",
           tf.parse_example([_example(x=[1.0]), _example(x=[1])], {"x": tf.VarLenFeature(tf.float32)}))


def test_wrong_number_of_values_is_an_error_with_tf_messages():
    _fails("Key: x.  Can't parse serialized Example: Some float_list slice was not parsed.",
           tf.parse_single_example(_example(x=[1.0, 2.0]), {"x": tf.FixedLenFeature([3], tf.float32)}))
    _fails("Key: x.  Can't parse serialized Example: Some int64_list slice was not parsed.",
           tf.parse_single_example(_example(x=[1, 2]), {"x": tf.FixedLenFeature([3], tf.int64)}))
    _fails("Name: <unknown>, Key: x, Index: 1.  Number of float values != expected.  Values size: 1 but output shape: [3]",
           tf.parse_example([_example(x=[1.0, 2.0, 3.0]), _example(x=[1.0])], {"x": tf.FixedLenFeature([3], tf.float32)}))
    _fails("Name: <unknown>, Key: x, Index: 0.  Number of bytes values != expected.  Values size: 1 but output shape: [2]",
           tf.parse_example([_example(x=[b"a"])], {"x": tf.FixedLenFeature([2], tf.string)}))
    _fails("Error while parsing feature with key x: number of elements should be divisible by 2, found 3 instead",
           tf.parse_single_example(_example(x=[1.0, 2.0, 3.0]),
                                   {"x": tf.FixedLenSequenceFeature([2], tf.float32, allow_missing=True)}))
    _fails("Name: <unknown>, Key: x, Index: 1.  Number of float values is not a multiple of stride length. Saw 3 values "
           "but output shape is: [?,2]",
           tf.parse_example([_example(x=[1.0, 2.0]), _example(x=[1.0, 2.0, 3.0])],
                            {"x": tf.FixedLenSequenceFeature([2], tf.float32, allow_missing=True)}))


def test_bytes_that_are_not_an_example_are_reported_with_their_value():
    _fails("Could not parse example input, value: '\\n\\x05abc'",
           tf.parse_single_example(b"\n\x05abc", {"x": tf.FixedLenFeature([], tf.float32)}))
    _fails("Could not parse example input, value: '\\xff\\xff'",
           tf.parse_example([_example(x=[1.0]), b"\xff\xff"], {"x": tf.FixedLenFeature([], tf.float32)}))


def test_graph_construction_errors_match_tf():
    record = _example(x=[1.0])
    with pytest.raises(ValueError, match=re.escape("Invalid argument: features cannot be empty.")):
        tf.parse_single_example(record, {})
    with pytest.raises(ValueError, match=re.escape("Unsupported: FixedLenSequenceFeature requires allow_missing to be True.")):
        tf.parse_single_example(record, {"x": tf.FixedLenSequenceFeature([2], tf.float32)})
    with pytest.raises(TypeError, match=re.escape("Value passed to parameter 'dense_defaults' has DataType int32 not in list "
                                                  "of allowed values: float32, int64, string")):
        tf.parse_single_example(record, {"x": tf.FixedLenFeature([], tf.int32)})
    with pytest.raises(TypeError, match="parameter 'sparse_types' has DataType float64"):
        tf.parse_single_example(record, {"x": tf.VarLenFeature(tf.float64)})
    with pytest.raises(ValueError, match="First dimension of shape for feature x unknown. Consider using FixedLenSequenceFeature"):
        tf.parse_single_example(record, {"x": tf.FixedLenFeature([None], tf.float32)})
    with pytest.raises(ValueError, match="Missing shape for feature x"):
        tf.parse_single_example(record, {"x": tf.FixedLenFeature(None, tf.float32)})
    with pytest.raises(ValueError, match="Cannot reshape a tensor with 3 elements to shape"):
        tf.parse_single_example(record, {"x": tf.FixedLenFeature([2], tf.float32, default_value=[1.0, 2.0, 3.0])})
    with pytest.raises(ValueError, match="Input serialized must be a scalar"):
        tf.parse_single_example([record], {"x": tf.FixedLenFeature([], tf.float32)})
    with pytest.raises(ValueError, match="rank 2"):
        tf.parse_example([[record]], {"x": tf.FixedLenFeature([], tf.float32)})


def test_tf_io_names_are_the_same_functions():
    assert tf.io.parse_single_example is tf.parse_single_example and tf.io.parse_example is tf.parse_example
    assert tf.io.FixedLenFeature is tf.FixedLenFeature and tf.io.VarLenFeature is tf.VarLenFeature
    assert tf.io.decode_raw is tf.decode_raw
    assert tf.FixedLenFeature([2], tf.float32) == tf.FixedLenFeature(shape=[2], dtype=tf.float32, default_value=None)


def test_parse_ops_are_not_differentiable():
    from jupyter_flow.framework.op_def import OP_DEFS
    assert OP_DEFS["ParseExample"].differentiable is False and OP_DEFS["DecodeRaw"].differentiable is False
