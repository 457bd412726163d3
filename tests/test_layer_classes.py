"""tf.layers' object forms of the functional layers: TF1's variable names and collections, weights shared by
every call, `training` passed through to batch norm and dropout."""
import numpy as np
import pytest

import jupyter_flow as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def test_layer_objects_make_tf1_variables_once_and_share_them_across_calls():
    x = tf.placeholder(tf.float32, [None, 8, 8, 1])
    conv = tf.layers.Conv2D(4, 3, padding="same", activation=tf.nn.relu)
    bn = tf.layers.BatchNormalization()
    first = tf.layers.MaxPooling2D(2, 2)(bn(conv(x), training=True))
    second = conv(x)
    assert [v.op.name for v in tf.global_variables()] == [
        "conv2d/kernel", "conv2d/bias", "batch_normalization/gamma", "batch_normalization/beta",
        "batch_normalization/moving_mean", "batch_normalization/moving_variance"]
    assert conv.kernel.op.name == "conv2d/kernel" and len(conv.trainable_variables) == 2
    assert len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)) == 2
    images = np.random.RandomState(0).rand(2, 8, 8, 1).astype(np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        a, b = sess.run([conv(x), second], {x: images})
        assert first.shape.as_list() == [None, 4, 4, 4]
    np.testing.assert_array_equal(a, b)


def test_dropout_and_flatten_objects_follow_the_training_flag():
    x = tf.constant(np.ones((4, 2, 5), np.float32))
    training = tf.placeholder_with_default(False, [])
    y = tf.layers.Dropout(0.5, seed=1)(tf.layers.Flatten()(x), training=training)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y), np.ones((4, 10)))
        assert set(np.unique(sess.run(y, {training: True}))) <= {0.0, 2.0}


def test_layer_object_rejects_an_unknown_argument_by_name():
    with pytest.raises(TypeError, match="Conv2D.*kernal_size"):
        tf.layers.Conv2D(4, 3, kernal_size=3)
