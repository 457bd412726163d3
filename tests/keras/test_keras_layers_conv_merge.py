"""tf.keras Conv2D, pooling, merge and activation layers in TF1 graph mode: op and variable names and values
as TF 1.x keras (tf.compat.v1, legacy keras) gives them for the same graph and inputs."""
import numpy as np

import jupyter_flow as tf


def test_conv_pooling_merge_and_activation_layers_match_tf1_keras():
    L = tf.keras.layers
    img = tf.placeholder(tf.float32, [None, 5, 5, 2], name="img")
    c = L.Conv2D(3, 3, activation='relu', kernel_initializer=tf.constant_initializer(0.1),
                 bias_initializer=tf.constant_initializer(0.2))
    h = c(img)
    hs = L.Conv2D(2, (2, 2), strides=2, padding='same', kernel_initializer='ones')(img)
    mp = L.MaxPooling2D()(img)
    ap = L.AveragePooling2D(pool_size=2, strides=1, padding='same')(img)
    g = L.GlobalAveragePooling2D()(img)
    gm = L.GlobalMaxPooling2D()(img)
    a = tf.placeholder(tf.float32, [None, 2], name="a")
    b = tf.placeholder(tf.float32, [None, 2], name="b")
    m = [L.add([a, b]), L.subtract([a, b]), L.multiply([a, b]), L.average([a, b]), L.maximum([a, b]),
         L.concatenate([a, b]), L.LeakyReLU()(a), L.ReLU(max_value=1.0)(a), L.ELU(alpha=0.5)(a), L.Softmax()(a)]
    pr = L.PReLU(alpha_initializer=tf.constant_initializer(0.25))
    p = pr(a)
    v = (np.arange(50, dtype=np.float32).reshape(1, 5, 5, 2) - 20) / 10
    av = np.array([[-1.5, 2.0]], np.float32)
    bv = np.array([[0.5, 3.0]], np.float32)
    names = [t.name for t in [h, hs, mp, ap, g, gm] + m + [p]]
    # TF 1.x names ELU's select op SelectV2; ours is the Select op of tf.where.
    assert names == ['conv2d/Relu:0', 'conv2d_1/BiasAdd:0', 'max_pooling2d/MaxPool:0', 'average_pooling2d/AvgPool:0',
                     'global_average_pooling2d/Mean:0', 'global_max_pooling2d/Max:0', 'add/add:0', 'subtract/sub:0',
                     'multiply/mul:0', 'average/truediv:0', 'maximum/Maximum:0', 'concatenate/concat:0',
                     'leaky_re_lu/LeakyRelu:0', 're_lu/clip_by_value:0', 'elu/Select:0', 'softmax/Softmax:0',
                     'p_re_lu/add:0']
    assert [v.name for v in tf.global_variables()] == ['conv2d/kernel:0', 'conv2d/bias:0', 'conv2d_1/kernel:0', 'conv2d_1/bias:0', 'p_re_lu/alpha:0']
    assert [t.shape.as_list() for t in [h, hs, mp, ap, g, gm, m[5]]] == [[None, 3, 3, 3], [None, 3, 3, 2],
                                                                          [None, 2, 2, 2], [None, 5, 5, 2],
                                                                          [None, 2], [None, 2], [None, 4]]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        got = [s.run(t, {img: v}) for t in [h, hs, mp, g, gm]] + [s.run(ap, {img: v})[0, :, :, 0]]
        got += s.run(m + [p], {a: av, b: bv})
    expected = [[[[[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]],
                  [[0.65, 0.65, 0.65], [1.01, 1.01, 1.01], [1.37, 1.37, 1.37]],
                  [[2.45, 2.45, 2.45], [2.81, 2.81, 2.81], [3.17, 3.17, 3.17]]]],
                [[[[-10.8, -10.8], [-7.6, -7.6], [-2.6, -2.6]], [[5.2, 5.2], [8.4, 8.4], [5.4, 5.4]],
                  [[8.6, 8.6], [10.2, 10.2], [5.7, 5.7]]]],
                [[[[-0.8, -0.7], [-0.4, -0.3]], [[1.2, 1.3], [1.6, 1.7]]]], [[0.4, 0.5]], [[2.8, 2.9]],
                [[-1.4, -1.2, -1.0, -0.8, -0.7], [-0.4, -0.2, 0.0, 0.2, 0.3], [0.6, 0.8, 1.0, 1.2, 1.3],
                 [1.6, 1.8, 2.0, 2.2, 2.3], [2.1, 2.3, 2.5, 2.7, 2.8]],
                [[-1.0, 5.0]], [[-2.0, -1.0]], [[-0.75, 6.0]], [[-0.5, 2.5]], [[0.5, 3.0]], [[-1.5, 2.0, 0.5, 3.0]],
                [[-0.45, 2.0]], [[0.0, 1.0]], [[-0.38843, 2.0]], [[0.02931, 0.97069]], [[-0.375, 2.0]]]
    assert len(got) == len(expected)
    for value, want in zip(got, expected):
        np.testing.assert_allclose(value, want, rtol=1e-5, atol=1e-5)
