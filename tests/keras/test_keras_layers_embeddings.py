"""tf.keras Embedding in TF1 graph mode; names and values from TF 1.x keras."""
import numpy as np

import jupyter_flow as tf


def test_embedding_looks_up_rows_of_its_weight():
    tf.reset_default_graph()
    ids = tf.placeholder(tf.int32, [None, 2], name="ids")
    e = tf.keras.layers.Embedding(4, 3, embeddings_initializer=tf.constant_initializer(np.arange(12.).reshape(4, 3)))
    out = e(ids)
    assert [v.name for v in e.weights] == ["embedding/embeddings:0"] and out.shape.as_list() == [None, 2, 3]
    assert isinstance(tf.keras.layers.Embedding(5, 2).embeddings_initializer, tf.keras.initializers.RandomUniform)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(s.run(out, {ids: [[3, 0], [1, 1]]}),
                                      [[[9., 10., 11.], [0., 1., 2.]], [[3., 4., 5.], [3., 4., 5.]]])
