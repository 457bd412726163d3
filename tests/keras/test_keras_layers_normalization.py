"""tf.keras BatchNormalization in TF1 graph mode; names and values from TF 1.x keras for the same graph."""
import numpy as np

import jupyter_flow as tf

XV = np.array([[1., 2., 3.], [3., 6., 1.]], np.float32)


def test_batch_norm_weights_modes_and_updates_match_tf1_keras():
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    bn = tf.keras.layers.BatchNormalization(momentum=0.9)
    y = bn(x)
    assert [v.name for v in bn.weights] == ["batch_normalization/gamma:0", "batch_normalization/beta:0",
                                            "batch_normalization/moving_mean:0",
                                            "batch_normalization/moving_variance:0"]
    assert [v.name for v in bn.trainable_weights] == ["batch_normalization/gamma:0", "batch_normalization/beta:0"]
    # TF 1.x keras: the updates are the layer's, not UPDATE_OPS'.
    assert len(bn.updates) == 2 and tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    phase = tf.keras.backend.learning_phase()
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_allclose(s.run(y, {x: XV}), [[0.9995, 1.999, 2.9985], [2.9985, 5.997, 0.9995]], rtol=1e-5)
        np.testing.assert_allclose(s.run(y, {x: XV, phase: True}),
                                   [[-0.9995, -0.99988, 0.9995], [0.9995, 0.99988, -0.9995]], rtol=1e-4)
        s.run(bn.updates, {x: XV})   # not training: the moving averages stay
        np.testing.assert_array_equal(s.run(bn.moving_mean), [0., 0., 0.])
        s.run(bn.updates, {x: XV, phase: True})
        gamma, beta, mean, variance = s.run(bn.weights)
    np.testing.assert_allclose(mean, [0.2, 0.4, 0.2], rtol=1e-6)
    np.testing.assert_allclose(variance, [1.0, 1.3, 1.0], rtol=1e-6)   # the batch's biased variance for 2-D inputs


def test_batch_norm_with_training_false_makes_no_updates():
    bn = tf.keras.layers.BatchNormalization()
    bn(tf.placeholder(tf.float32, [None, 4, 4, 2]), training=False)
    assert bn.updates == [] and bn.moving_mean.shape.as_list() == [2]
