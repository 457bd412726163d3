"""Masks in tf.keras TF1 graph mode: Embedding(mask_zero=True) and Masking attach a [batch, time] mask that
the recurrent layers after them (through Dropout, TimeDistributed, Bidirectional) use to skip steps; outputs as
TF 1.x keras (tf.compat.v1 with v2 behaviour disabled, legacy keras) gives them for the same weights."""
import numpy as np

import jupyter_flow as tf

L = tf.keras.layers


def _pattern(shape, k):
    n = int(np.prod(shape))
    return (np.sin(np.arange(n) * 0.7 + k) * 0.5).astype(np.float32).reshape(shape)


EXPECTED = [
    [[-0.048357, 0.031411], [-0.118059, -0.04396]],
    [[[1, 0.62161, -0.227202], [0.0, 0.0, 0.0], [0.634693, 0.999859, 0.608351], [-0.243544, -0.91113, -0.889191]],
     [[-0.19433, 0.647596, 0.999435], [0.594921, -0.259817, -0.917931], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]],
    [[[-0.374278], [-0.374278], [-0.422653], [-0.432415]], [[-0.477365], [-0.41345], [-0.41345], [-0.41345]]],
    [[0.234479, 0.113574, 0.812769, 0.629824], [-0.398949, -0.254603, 0.425134, -0.519277]],
    [[1, 0.0, 1, 1], [1, 1, 0.0, 0.0]]
]


def test_embedding_mask_zero_and_masking_propagate_to_recurrent_layers_as_tf1_keras():
    ids = tf.placeholder(tf.int32, [None, None], name="ids")
    x = tf.placeholder(tf.float32, [None, None, 3], name="x")
    emb, lstm = L.Embedding(6, 3, mask_zero=True), L.LSTM(2)
    masking, gru = L.Masking(0.0), L.GRU(2, return_sequences=True)
    drop, td = L.Dropout(0.5), L.TimeDistributed(L.Dense(1))
    bi = L.Bidirectional(L.SimpleRNN(2))
    a = lstm(emb(ids))
    h = masking(x)
    b = td(drop(gru(h)))
    c = bi(h)
    assert getattr(a, "_keras_mask", None) is None and getattr(c, "_keras_mask", None) is None
    session = tf.keras.backend.get_session()
    for i, layer in enumerate([emb, lstm, gru, td, bi]):
        layer.set_weights([_pattern(w.shape.as_list(), i + j) for j, w in enumerate(layer.weights)])
    v = np.cos(np.arange(24) * 0.9).reshape(2, 4, 3).astype(np.float32)
    v[0, 1] = 0
    v[1, 2:] = 0
    got = session.run([a, h, b, c, tf.cast(b._keras_mask, tf.float32)],
                      {ids: np.array([[1, 2, 0, 3], [4, 0, 0, 0]]), x: v})
    for value, want in zip(got, EXPECTED):
        np.testing.assert_allclose(value, want, atol=2e-6)
    assert emb.get_config()["mask_zero"] is True


def test_a_masked_lstm_reads_the_last_real_token_of_post_padded_sequences():
    rng = np.random.RandomState(0)
    lengths = rng.randint(1, 7, size=600)
    tokens = np.zeros((600, 6), np.int32)
    for row, n in enumerate(lengths):
        tokens[row, :n] = rng.randint(1, 5, size=n)
    labels = tokens[np.arange(600), lengths - 1] - 1            # the last real token, 4 classes
    tf.set_random_seed(0)
    model = tf.keras.Sequential([L.Embedding(5, 8, mask_zero=True, input_shape=(None,)), L.LSTM(16),
                                 L.Dense(4, activation="softmax")])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.02), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(tokens[:500], labels[:500], batch_size=50, epochs=8, verbose=0)
    _, accuracy = model.evaluate(tokens[500:], labels[500:], verbose=0)
    assert accuracy > 0.9
    # Masked steps change nothing: three more padding steps give the same predictions.
    longer = np.concatenate([tokens[500:], np.zeros((100, 3), np.int32)], axis=1)
    np.testing.assert_allclose(model.predict(longer), model.predict(tokens[500:]), atol=1e-6)


def test_layers_without_mask_support_drop_the_mask():
    ids = tf.placeholder(tf.int32, [None, 4])
    flat = L.Flatten()(L.Embedding(6, 3, mask_zero=True)(ids))
    assert getattr(flat, "_keras_mask", None) is None
    assert L.Masking(-1.0).get_config()["mask_value"] == -1.0
