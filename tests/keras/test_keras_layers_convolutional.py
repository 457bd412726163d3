"""tf.keras Conv1D, Conv2DTranspose, SeparableConv2D, the 1-D poolings, UpSampling2D, Cropping2D,
LayerNormalization and SpatialDropout in TF1 graph mode: weight names and shapes, output shapes and values for
fixed weights as TF 1.x keras (tf.compat.v1 with v2 behaviour disabled, legacy keras) gives them."""
import numpy as np
import pytest

import jupyter_flow as tf

L = tf.keras.layers


def _pattern(shape, k):
    n = int(np.prod(shape))
    return (np.sin(np.arange(n) * 0.7 + k) * 0.5).astype(np.float32).reshape(shape)


SEQ = np.cos(np.arange(30) * 0.9).reshape(2, 5, 3).astype(np.float32)
IMG = np.cos(np.arange(48) * 0.7).reshape(1, 4, 4, 3).astype(np.float32)

# output index -> (the slice compared, TF 1.x keras' values there)
EXPECTED = {
    0: ('',
        [[[1.086897, 0.931951], [0.049459, 0.488477], [0.425895, 0.073014]], [[1.251462, 1.482992],
        [-0.421726, -0.316257], [1.113301, 0.977047]]]),
    1: ('',
        [[[1.310218, 0.551306], [0.399046, 0.0], [0.285845, 0.0]], [[1.5863, 1.259961], [1.34819, 0.603911],
        [0.901076, 0.290651]]]),
    2: ('',
        [[[0.283032, 0.335574], [0.119079, -0.86275], [0.461977, 0.535077], [-0.685698, -1.113592],
        [1.046566, 0.469612]], [[-0.269045, -0.085326], [0.91807, -0.132511], [-0.453359,
        -0.024867], [0.170372, -0.831372], [0.414005, 0.519262]]]),
    3: ('',
        [[[1, 0.62161, -0.210796], [0.634693, 0.999859, 0.608351]], [[0.594921, -0.177809, 0.660317],
        [0.998728, 0.581322, -0.161238]]]),
    4: ('',
        [[[0.047964, -0.137574, -0.218999], [0.24354, 0.24157, 0.056784], [-0.170974, -0.269343, -0.163879],
        [0.065606, 0.245442, 0.239532], [-0.218937, -0.131767, 0.055122]], [[-0.143226, -0.218813,
        -0.128807], [0.237425, 0.047898, -0.177877], [-0.269039, -0.156597, 0.074354], [0.249036,
        0.235252, 0.043434], [-0.125811, 0.062217, 0.20316]]]),
    5: ('',
        [[1, 0.999859, 0.999435], [0.998728, 0.997739, 0.660317]]),
    6: ('',
        [[0.058549, 0.092235, 0.056119], [0.092131, 0.053626, -0.025462]]),
    7: ('',
        [[[0.836653, 0.482187, -0.562779], [0.259823, -0.010698, 0.613816], [0.290213, 1.018284, -0.315611],
        [0.956642, -0.033345, -0.273011], [0.050518, 0.492318, 0.451053]], [[0.912708, 0.279268,
        -0.48622], [0.105049, 0.296362, 0.549588], [0.843235, 0.467784, -0.558885], [0.239741,
        0.020308, 0.613123], [0.365264, 1.000785, -0.398102]]]),
    9: ('[0, :2]',
        [[[-0.24023, -1.246449], [0.883398, 0.147638], [-2.506825, 0.853883], [0.65533, -2.71873],
        [0.619588, -0.166109], [-1.028891, 0.26028]], [[0.137346, -0.614429], [-0.551684, 0.652847],
        [-1.535996, -1.330032], [1.853245, -1.745238], [-1.138233, 0.936641], [-0.402225,
        -0.761615]]]),
    10: ('[0, :2, :4]',
        [[[-1.215971, -0.448973], [0.284621, -1.105231], [0.465108, 0.025201], [-1.142931, 0.640096]],
        [[-1.232293, -0.419709], [0.271396, -1.121142], [0.499363, -0.020608], [-1.115438,
        0.644482]]]),
    11: ('[0, :2, :4]',
        [[[-0.805467, 0.694671], [0.104064, -0.799743], [0.68894, -1.010728], [0.331584, 0.67593]],
        [[0.70343, 0.089495], [-0.793793, 0.711992], [-1.014065, 0.347964], [0.662729, -1.017116]]]),
    12: ('',
        [[[[0.495515, 0.42403, 0.153116, -0.18981], [0.494904, 0.420526, 0.148368, -0.19357]], [[0.494904,
        0.420527, 0.14837, -0.193568], [0.495502, 0.424121, 0.153269, -0.189667]]]]),
    13: ('',
        [[[[-0.401795, -0.588818], [0.476056, 0.374404]], [[0.450782, 0.358332], [0.920555, 0.252076]]]]),
    14: ('[0, :3, :3]',
        [[[1, 0.764842, 0.169967], [1, 0.764842, 0.169967], [-0.504846, -0.942222, -0.936457]], [[1,
        0.764842, 0.169967], [1, 0.764842, 0.169967], [-0.504846, -0.942222, -0.936457]],
        [[-0.519289, -0.947722, -0.930426], [-0.519289, -0.947722, -0.930426], [-0.475537, 0.203005,
        0.78607]]]),
    15: ('[0, :2, :4]',
        [[[1, 0.764842, 0.169967], [1, 0.764842, 0.169967], [0.498385, 0.195821, -0.198841], [-0.003231,
        -0.373201, -0.567649]], [[0.620178, 0.336701, -0.105131], [0.620178, 0.336701, -0.105131],
        [0.247612, 0.005829, -0.238696], [-0.124953, -0.325043, -0.37226]]]),
    16: ('',
        [[[[-0.519289, -0.947722, -0.930426], [-0.475537, 0.203005, 0.78607]], [[-0.460679, 0.21944,
        0.796352], [0.998728, 0.731386, 0.120062]], [[0.997739, 0.719816, 0.103353], [-0.561719,
        -0.962606, -0.910764]]]]),
    17: ('',
        [[[[-0.475537, 0.203005, 0.78607], [0.999435, 0.742749, 0.136737]], [[0.998728, 0.731386, 0.120062],
        [-0.547729, -0.957915, -0.917578]]]]),
    18: ('[0, 0]',
        [[-0.434694, 0.299435, 0.548032], [0.023609, -0.549559, -0.568967], [-0.389945, -0.553514,
        -0.77358], [-0.418712, 0.314482, 0.543144]]),
}


def _layers():
    seq_layers = [L.Conv1D(2, 3), L.Conv1D(2, 2, strides=2, padding="same", activation="relu"),
                  L.Conv1D(2, 2, padding="causal"), L.MaxPooling1D(),
                  L.AveragePooling1D(pool_size=3, strides=1, padding="same"), L.GlobalMaxPooling1D(),
                  L.GlobalAveragePooling1D(), L.LayerNormalization(), L.SpatialDropout1D(0.5)]
    img_layers = [L.Conv2DTranspose(2, 3), L.Conv2DTranspose(2, 3, strides=2, padding="same"),
                  L.Conv2DTranspose(2, 2, strides=2, use_bias=False), L.SeparableConv2D(4, 3),
                  L.SeparableConv2D(2, 2, strides=2, padding="same", depth_multiplier=2), L.UpSampling2D(),
                  L.UpSampling2D((2, 3), interpolation="bilinear"), L.Cropping2D(((1, 0), (0, 2))), L.Cropping2D(1),
                  L.LayerNormalization(axis=[1, 2, 3]), L.SpatialDropout2D(0.3)]
    return seq_layers, img_layers


def test_conv_pooling_resize_crop_and_layer_norm_layers_match_tf1_keras():
    s = tf.placeholder(tf.float32, [None, None, 3], name="s")
    img = tf.placeholder(tf.float32, [None, 4, 4, 3], name="img")
    seq_layers, img_layers = _layers()
    outs = [layer(s) for layer in seq_layers] + [layer(img) for layer in img_layers]
    assert [v.name for v in tf.global_variables()] == [
        'conv1d/kernel:0', 'conv1d/bias:0', 'conv1d_1/kernel:0', 'conv1d_1/bias:0', 'conv1d_2/kernel:0',
        'conv1d_2/bias:0', 'layer_normalization/gamma:0', 'layer_normalization/beta:0', 'conv2d_transpose/kernel:0',
        'conv2d_transpose/bias:0', 'conv2d_transpose_1/kernel:0', 'conv2d_transpose_1/bias:0',
        'conv2d_transpose_2/kernel:0', 'separable_conv2d/depthwise_kernel:0', 'separable_conv2d/pointwise_kernel:0',
        'separable_conv2d/bias:0', 'separable_conv2d_1/depthwise_kernel:0', 'separable_conv2d_1/pointwise_kernel:0',
        'separable_conv2d_1/bias:0', 'layer_normalization_1/gamma:0', 'layer_normalization_1/beta:0']
    assert [v.shape.as_list() for v in tf.global_variables()] == [
        [3, 3, 2], [2], [2, 3, 2], [2], [2, 3, 2], [2], [3], [3], [3, 3, 2, 3], [2], [3, 3, 2, 3], [2],
        [2, 2, 2, 3], [3, 3, 3, 1], [1, 1, 3, 4], [4], [2, 2, 3, 2], [1, 1, 6, 2], [2], [4, 4, 3], [4, 4, 3]]
    assert [o.shape.as_list() for o in outs] == [
        [None, None, 2], [None, None, 2], [None, None, 2], [None, None, 3], [None, None, 3], [None, 3], [None, 3],
        [None, None, 3], [None, None, 3], [None, 6, 6, 2], [None, 8, 8, 2], [None, 8, 8, 2], [None, 2, 2, 4],
        [None, 2, 2, 2], [None, 8, 8, 3], [None, 8, 12, 3], [None, 3, 2, 3], [None, 2, 2, 3], [None, 4, 4, 3],
        [None, 4, 4, 3]]
    assert [o.name for o in outs[:7]] == ['conv1d/BiasAdd:0', 'conv1d_1/Relu:0', 'conv1d_2/BiasAdd:0',
                                         'max_pooling1d/Squeeze:0', 'average_pooling1d/Squeeze:0',
                                         'global_max_pooling1d/Max:0', 'global_average_pooling1d/Mean:0']
    assert [o.name for o in outs[14:16]] == ['up_sampling2d/resize/ResizeNearestNeighbor:0',
                                             'up_sampling2d_1/resize/ResizeBilinear:0']
    session = tf.keras.backend.get_session()
    for i, layer in enumerate(seq_layers + img_layers):
        if layer.weights:
            layer.set_weights([_pattern(w.shape.as_list(), i + j) for j, w in enumerate(layer.weights)])
    got = session.run(outs, {s: SEQ, img: IMG})
    np.testing.assert_allclose(got[8], SEQ)     # SpatialDropout: identity outside training
    np.testing.assert_allclose(got[19], IMG)
    for index, (where, want) in EXPECTED.items():
        value = eval("got[index]" + where)  # noqa: S307 - the slices are the literals above
        np.testing.assert_allclose(value, want, atol=2e-6, err_msg=f"output {index} ({outs[index].name})")


def test_shapes_with_unknown_sizes_and_configs():
    img = tf.placeholder(tf.float32, [None, None, None, 2])
    up = L.Conv2DTranspose(3, 3, strides=2)(img)
    assert up.shape.as_list() == [None, None, None, 3]
    nearest = L.UpSampling2D(3)(img)
    crop = L.Cropping2D(((1, 1), (2, 0)))(img)
    v = np.ones((2, 5, 4, 2), np.float32)
    session = tf.keras.backend.get_session()
    session.run(tf.global_variables_initializer())
    assert [a.shape for a in session.run([up, nearest, crop], {img: v})] == [(2, 11, 9, 3), (2, 15, 12, 2),
                                                                          (2, 3, 2, 2)]
    config = L.Conv1D(4, 3, padding="causal").get_config()
    assert (config["kernel_size"], config["padding"], config["strides"]) == ((3,), "causal", (1,))
    assert L.MaxPooling1D().get_config()["pool_size"] == (2,)
    assert L.LayerNormalization().get_config()["epsilon"] == 0.001
    assert L.UpSampling2D().get_config()["interpolation"] == "nearest"
    assert L.SeparableConv2D(2, 3).get_config()["depth_multiplier"] == 1
    with pytest.raises(ValueError, match="padding"):
        L.Conv2DTranspose(2, 3, padding="causal")
    with pytest.raises(NotImplementedError, match="output_padding"):
        L.Conv2DTranspose(2, 3, output_padding=1)
    with pytest.raises(ValueError, match="removes the whole height"):
        L.Cropping2D(2)(tf.placeholder(tf.float32, [None, 4, 4, 1]))


def test_spatial_dropout_drops_whole_channels_while_training():
    x = tf.placeholder(tf.float32, [None, 6, 8])
    y = L.SpatialDropout1D(0.5)(x)
    v = np.ones((16, 6, 8), np.float32)
    out = tf.keras.backend.get_session().run(y, {x: v, tf.keras.backend.learning_phase(): True})
    assert set(np.unique(out)) <= {0.0, 2.0}
    assert (out == out[:, :1, :]).all()          # one draw per example and channel, shared by all steps
    assert 0 < (out == 0).mean() < 1


def test_conv1d_sequence_model_learns_digits_rows():
    datasets = pytest.importorskip("sklearn.datasets")
    digits = datasets.load_digits()
    order = np.random.RandomState(0).permutation(len(digits.target))
    x = (digits.data[order] / 16.0).astype(np.float32).reshape(-1, 8, 8)
    y = digits.target[order]
    tf.set_random_seed(0)
    model = tf.keras.Sequential([L.Conv1D(32, 3, padding="same", activation="relu", input_shape=(8, 8)),
                                 L.MaxPooling1D(), L.SpatialDropout1D(0.1), L.Flatten(),
                                 L.Dense(10, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x[:1500], y[:1500], batch_size=64, epochs=5, verbose=0)
    _, accuracy = model.evaluate(x[1500:], y[1500:], verbose=0)
    assert accuracy > 0.85


def test_separable_conv_layer_norm_upsampling_and_conv2d_transpose_autoencoder_trains():
    images = np.random.RandomState(0).rand(64, 8, 8, 1).astype(np.float32)
    tf.set_random_seed(0)
    model = tf.keras.Sequential([L.SeparableConv2D(4, 3, strides=2, padding="same", activation="relu",
                                                   input_shape=(8, 8, 1)),
                                 L.LayerNormalization(), L.UpSampling2D(), L.Conv2DTranspose(1, 3, padding="same"),
                                 L.Cropping2D(1), L.ZeroPadding2D(1)])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse")
    before = model.evaluate(images, images, verbose=0)
    model.fit(images, images, batch_size=16, epochs=5, verbose=0)
    assert model.evaluate(images, images, verbose=0) < before
