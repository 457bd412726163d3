"""tf.contrib.layers.conv2d / max_pool2d / avg_pool2d / embed_sequence: TF1's scopes, names, defaults."""
import numpy as np
import pytest

import jupyter_flow as tf

layers = tf.contrib.layers


def test_conv2d_defaults_scope_names_and_shapes():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    c = layers.conv2d(x, 4, 3)                      # SAME, stride 1, ReLU, scope Conv
    c2 = layers.convolution2d(c, 6, [3, 3], stride=2, padding="VALID", scope="c2")
    c3 = layers.conv2d(c2, 5, 1, normalizer_fn=layers.batch_norm, activation_fn=None)
    assert [(v.name, v.shape.as_list()) for v in tf.global_variables()] == [
        ("Conv/weights:0", [3, 3, 3, 4]), ("Conv/biases:0", [4]), ("c2/weights:0", [3, 3, 4, 6]),
        ("c2/biases:0", [6]), ("Conv_1/weights:0", [1, 1, 6, 5]), ("Conv_1/BatchNorm/beta:0", [5]),
        ("Conv_1/BatchNorm/moving_mean:0", [5]), ("Conv_1/BatchNorm/moving_variance:0", [5])]
    assert (c.name, c2.name) == ("Conv/Relu:0", "c2/Relu:0")
    assert [t.shape.as_list() for t in (c, c2, c3)] == [[None, 8, 8, 4], [None, 3, 3, 6], [None, 3, 3, 5]]
    assert len(tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)) == 8
    types = {o.name: o.type for o in tf.get_default_graph().get_operations()}
    assert (types["Conv/Conv2D"], types["Conv/BiasAdd"]) == ("Conv2D", "BiasAdd")


def test_conv2d_takes_arg_scope_defaults():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 8, 8, 3])
    with tf.contrib.framework.arg_scope([layers.conv2d], activation_fn=None, padding="VALID"):
        c = layers.conv2d(x, 2, 3)
    assert c.name == "Conv/BiasAdd:0" and c.shape.as_list() == [None, 6, 6, 2]


def test_conv2d_and_pools_compute_tf_values():
    tf.reset_default_graph()
    x = tf.constant(np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1))
    c = layers.conv2d(x, 1, 2, padding="VALID", weights_initializer=tf.ones_initializer(),
                      biases_initializer=tf.constant_initializer(-30.0))
    mp = layers.max_pool2d(x, 2)                    # stride 2, VALID
    ap = layers.avg_pool2d(x, [3, 3], stride=1, padding="SAME")
    assert (mp.name, ap.name) == ("MaxPool2D/MaxPool:0", "AvgPool2D/AvgPool:0")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        cv, mv, av = sess.run([c, mp, ap])
    np.testing.assert_allclose(cv[0, :, :, 0], [[0, 0, 0], [0, 0, 4], [12, 16, 20]])  # relu(window sum - 30)
    np.testing.assert_array_equal(mv[0, :, :, 0], [[5, 7], [13, 15]])
    np.testing.assert_allclose(av[0, 0, :2, 0], [2.5, 3.0])


def test_embed_sequence_looks_up_rows_of_embed_sequence_embeddings():
    tf.reset_default_graph()
    ids = tf.constant([[1, 2], [0, 1]])
    e = layers.embed_sequence(ids, vocab_size=3, embed_dim=2, initializer=tf.constant_initializer(
        [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]))
    assert [v.name for v in tf.get_collection(tf.GraphKeys.MODEL_VARIABLES)] == ["EmbedSequence/embeddings:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(e), [[[2, 3], [4, 5]], [[0, 1], [2, 3]]])
    with pytest.raises(ValueError, match="^Must specify vocab size and embedding dimension when not reusing. "
                                         "Got vocab_size=None and embed_dim=None$"):
        layers.embed_sequence(ids)
