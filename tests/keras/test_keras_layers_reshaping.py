"""tf.keras.layers.ZeroPadding2D: zeros around NHWC images through tf.pad."""
import numpy as np

import jupyter_flow as tf


def test_zero_padding_2d_pads_rows_and_columns_with_zeros():
    x = tf.placeholder(tf.float32, (None, 2, 2, 1))
    y = tf.keras.layers.ZeroPadding2D(((1, 0), (0, 2)))(x)
    assert y.shape.as_list() == [None, 3, 4, 1]
    assert y.op.type == "Pad"
    with tf.Session() as sess:
        out = sess.run(y, {x: np.arange(1, 5, dtype=np.float32).reshape(1, 2, 2, 1)})
    np.testing.assert_array_equal(out[0, :, :, 0], [[0, 0, 0, 0], [1, 2, 0, 0], [3, 4, 0, 0]])
    assert tf.keras.layers.ZeroPadding2D(2).padding == ((2, 2), (2, 2))
