"""The element-wise math of math_ops_more.py against NumPy/SciPy: rounding as TF1 (halves to even), the
special functions, NaN/inf predicates, and the zero rules of div_no_nan/xlogy/xdivy."""
import numpy as np
import pytest
import scipy.special

import jupyter_flow as tf

X = np.array([-2.5, -1.5, -0.5, 0.2, 0.5, 1.5, 2.5, 3.7], np.float32)
UNIT = np.linspace(-0.9, 0.9, 7)


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def _run(t):
    with tf.Session() as sess:
        return sess.run(t)


@pytest.mark.parametrize("name,reference,values", [
    ("floor", np.floor, X), ("ceil", np.ceil, X), ("round", np.round, X), ("rint", np.rint, X),
    ("tan", np.tan, UNIT), ("asin", np.arcsin, UNIT), ("acos", np.arccos, UNIT), ("atan", np.arctan, X),
    ("sinh", np.sinh, X), ("cosh", np.cosh, X), ("asinh", np.arcsinh, X), ("acosh", np.arccosh, X[X >= 1] + 0.5),
    ("atanh", np.arctanh, UNIT), ("expm1", np.expm1, np.array([1e-10, -1e-5, 0.5, 3.0])),
    ("erf", scipy.special.erf, X), ("erfc", scipy.special.erfc, X), ("lgamma", scipy.special.gammaln, X),
    ("digamma", scipy.special.digamma, X), ("log_sigmoid", lambda v: -np.logaddexp(0, -v), X * 40),
])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_unary_function_matches_numpy(name, reference, values, dtype):
    values = np.asarray(values, dtype)
    out = _run(getattr(tf, name)(values))
    assert out.dtype == dtype
    np.testing.assert_allclose(out, reference(values.astype(np.float64)), rtol=2e-6 if dtype == np.float32 else 1e-12,
                               atol=1e-6 if dtype == np.float32 else 1e-12)


def test_round_takes_halves_to_even_as_tf1():
    np.testing.assert_array_equal(_run(tf.round([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5])), [-2, -2, -0, 0, 2, 2])


def test_nan_and_infinity_predicates():
    v = np.array([np.nan, np.inf, -np.inf, 0.0, 1.0], np.float32)
    nan, inf, finite = _run([tf.is_nan(v), tf.is_inf(v), tf.is_finite(v)])
    np.testing.assert_array_equal(nan, [True, False, False, False, False])
    np.testing.assert_array_equal(inf, [False, True, True, False, False])
    np.testing.assert_array_equal(finite, [False, False, False, True, True])
    assert nan.dtype == np.bool_


def test_atan2_takes_y_first_and_broadcasts():
    y = np.array([[1.0], [-1.0]])
    x = np.array([1.0, -1.0, 0.0])
    np.testing.assert_allclose(_run(tf.atan2(y, x)), np.arctan2(y, x))


def test_zero_rules_of_div_no_nan_xlogy_and_xdivy():
    x = np.array([0.0, 0.0, 2.0, 3.0])
    y = np.array([0.0, np.inf, 0.0, 2.0])
    np.testing.assert_array_equal(_run(tf.div_no_nan(x, y)), [0, 0, 0, 1.5])
    np.testing.assert_allclose(_run(tf.xlogy(x, np.array([0.0, 5.0, 1.0, 2.0]))), [0, 0, 0, 3 * np.log(2)])
    np.testing.assert_array_equal(_run(tf.xdivy(x, np.array([0.0, 5.0, 4.0, 2.0]))), [0, 0, 0.5, 1.5])


def test_rounding_has_no_gradient_as_tf1():
    x = tf.constant(X)
    assert tf.gradients(tf.floor(x), [x]) == [None]


def test_an_integer_input_is_rejected_by_name():
    with pytest.raises(TypeError, match="Floor"):
        tf.floor(tf.constant([1, 2], name="counts"))


def test_tf_math_namespace_names_the_same_functions():
    assert tf.math.floor is tf.floor and tf.math.reduce_logsumexp is tf.reduce_logsumexp
    assert tf.math.log_softmax is tf.nn.log_softmax and tf.math.divide_no_nan is tf.div_no_nan
    assert {"erf", "is_nan", "reduce_sum", "top_k"} <= set(dir(tf.math))
    with pytest.raises(AttributeError, match="tf.math.zeta"):
        tf.math.zeta


def test_reduce_variance_std_and_euclidean_norm_match_numpy():
    x = np.random.RandomState(2).randn(3, 4)
    var, std, norm = _run([tf.math.reduce_variance(x, axis=1), tf.math.reduce_std(x, axis=0, keepdims=True),
                           tf.math.reduce_euclidean_norm(x)])
    np.testing.assert_allclose(var, x.var(axis=1))
    np.testing.assert_allclose(std, x.std(axis=0, keepdims=True))
    np.testing.assert_allclose(norm, np.sqrt((x ** 2).sum()))
