"""tf.train.Example and friends: the bytes TensorFlow writes, and parse_single_example reading them
back. Expected bytes are literals from tensorflow.compat.v1 (map entries sorted: deterministic=True)."""
import jupyter_flow as tf


def _three_features():
    return tf.train.Example(features=tf.train.Features(feature={
        "x": tf.train.Feature(float_list=tf.train.FloatList(value=[1.5, 2.0])),
        "y": tf.train.Feature(int64_list=tf.train.Int64List(value=[3, -1])),
        "s": tf.train.Feature(bytes_list=tf.train.BytesList(value=[b"ab", b""])),
    }))


def test_example_serializes_to_tensorflows_bytes():
    assert _three_features().SerializeToString(deterministic=True) == (
        b"\n8\n\r\n\x01s\x12\x08\n\x06\n\x02ab\n\x00\n\x11\n\x01x\x12\x0c\x12\n\n\x08\x00\x00\xc0?\x00\x00\x00@"
        b"\n\x14\n\x01y\x12\x0f\x1a\r\n\x0b\x03\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01")
    one = tf.train.Example(features=tf.train.Features(feature={"x": tf.train.Feature(float_list=tf.train.FloatList(value=[1.5]))}))
    assert one.SerializeToString() == b"\n\x0f\n\r\n\x01x\x12\x08\x12\x06\n\x04\x00\x00\xc0?"
    assert tf.train.Int64List(value=[2 ** 63 - 1, -2 ** 63]).SerializeToString() == (
        b"\n\x13\xff\xff\xff\xff\xff\xff\xff\xff\x7f\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01")


def test_sequence_example_serializes_to_tensorflows_bytes():
    se = tf.train.SequenceExample(
        context=tf.train.Features(feature={"len": tf.train.Feature(int64_list=tf.train.Int64List(value=[2]))}),
        feature_lists=tf.train.FeatureLists(feature_list={"tok": tf.train.FeatureList(feature=[
            tf.train.Feature(int64_list=tf.train.Int64List(value=[5])),
            tf.train.Feature(int64_list=tf.train.Int64List(value=[7, 8]))])}))
    assert se.SerializeToString(deterministic=True) == (
        b"\n\x0e\n\x0c\n\x03len\x12\x05\x1a\x03\n\x01\x02\x12\x18\n\x16\n\x03tok\x12\x0f\n\x05\x1a\x03\n\x01\x05"
        b"\n\x06\x1a\x04\n\x02\x07\x08")


def test_messages_behave_as_tensorflows():
    assert tf.train.Example.DESCRIPTOR.full_name == "tensorflow.Example"
    ex = tf.train.Example(features=tf.train.Features(feature={"x": tf.train.Feature(float_list=tf.train.FloatList(value=[1.5, 2.0]))}))
    assert str(ex) == ('features {\n  feature {\n    key: "x"\n    value {\n      float_list {\n        value: 1.5\n'
                       '        value: 2\n      }\n    }\n  }\n}\n')
    f = tf.train.Feature(int64_list=tf.train.Int64List(value=[1]))
    f.float_list.value.append(2.0)  # the kind is a oneof: setting another replaces it
    assert f.WhichOneof("kind") == "float_list" and f.SerializeToString() == b"\x12\x06\n\x04\x00\x00\x00@"
    back = tf.train.Example.FromString(_three_features().SerializeToString())
    assert list(back.features.feature["y"].int64_list.value) == [3, -1]


def test_parse_single_example_reads_what_the_messages_write():
    record = _three_features().SerializeToString()
    parsed = tf.parse_single_example(record, {"x": tf.FixedLenFeature([2], tf.float32), "y": tf.FixedLenFeature([2], tf.int64),
                                              "s": tf.VarLenFeature(tf.string)})
    with tf.Session() as sess:
        out = sess.run(parsed)
    assert out["x"].tolist() == [1.5, 2.0] and out["y"].tolist() == [3, -1] and out["s"].values.tolist() == [b"ab", b""]
