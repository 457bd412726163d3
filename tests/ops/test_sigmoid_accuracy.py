"""float32 tf.sigmoid runs a vectorised exp (src_cpp/kernels/fast_tanh.h, fast_sigmoid) instead of
libm's expf: pinned here within its stated bound of the float64 value, over a dense sweep of the
floats where the result is not 0 or 1, and at the edges (subnormal results, infinities, NaN)."""
import numpy as np

import jupyter_flow as tf

MAX_ULP = 3  # fast_sigmoid's bound for normal results (measured worst over all floats: 2.6)
SUBNORMAL_STEP = np.float32(2.0 ** -149)


def _sigmoid(x):
    with tf.Graph().as_default():
        with tf.Session() as sess:
            return sess.run(tf.sigmoid(tf.constant(x)))


def _reference(x):
    x64 = x.astype(np.float64)
    with np.errstate(over="ignore"):
        return np.where(x64 >= 0, 1 / (1 + np.exp(-x64)), np.exp(x64) / (1 + np.exp(x64)))


def test_float32_sigmoid_is_within_3_ulp_of_the_float64_value():
    # Every 2053rd float bit pattern between -110 and 20 (beyond, the results are 0/subnormal or 1).
    bits = np.arange(0, 2 ** 32, 2053, dtype=np.uint64).astype(np.uint32)
    x = bits.view(np.float32)
    x = x[np.isfinite(x) & (x > -110) & (x < 20)]
    got = _sigmoid(x).astype(np.float64)
    ref = _reference(x)
    normal = ref >= np.finfo(np.float32).tiny
    ulp = np.spacing(ref[normal].astype(np.float32)).astype(np.float64)
    err = np.abs(got[normal] - ref[normal]) / ulp
    assert err.max() <= MAX_ULP, f"{err.max():.2f} ULP at x = {x[normal][err.argmax()]!r}"
    assert np.all(np.abs(got[~normal] - ref[~normal]) <= SUBNORMAL_STEP)


def test_float32_sigmoid_edges():
    x = np.array([-np.inf, -200, -103.9, -88.5, -1e-30, 0, 1e-30, 17, 89, np.inf, np.nan], np.float32)
    got = _sigmoid(x)
    np.testing.assert_array_equal(got[[0, 1, 5, 8, 9]], np.float32([0, 0, 0.5, 1, 1]))
    assert 0 < got[3] < np.finfo(np.float32).tiny  # a subnormal, not flushed to 0
    assert abs(float(got[3]) - _reference(x[3:4])[0]) <= SUBNORMAL_STEP
    assert got[4] == got[6] == np.float32(0.5)
    assert np.isnan(got[10])
    assert got.dtype == np.float32


def test_float64_sigmoid_is_still_libm_exact():
    x = np.linspace(-40, 40, 1001)
    np.testing.assert_allclose(_sigmoid(x), _reference(x), rtol=1e-15, atol=0)
