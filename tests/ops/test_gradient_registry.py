"""Every registered gradient rule is checked against central finite differences.

The cases live in tests/ops/gradient_cases_*.py (a list CASES of (op_type, builder) each); a
module defining new ops adds its own file. An op whose gradient is registered (OpDef.differentiable
is True) without any case fails test_every_differentiable_op_has_a_gradient_case.
"""
import importlib.util
import pathlib

import numpy as np
import pytest

import jupyter_flow as tf
from jupyter_flow.framework.op_def import OP_DEFS

EPS = 1e-6
RTOL = 1e-5


def _load_cases():
    cases = []
    for path in sorted(pathlib.Path(__file__).parent.glob("gradient_cases_*.py")):
        spec = importlib.util.spec_from_file_location(f"_gradient_cases_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for i, (op_type, builder) in enumerate(module.CASES):
            cases.append(pytest.param(op_type, builder, id=f"{path.stem[len('gradient_cases_'):]}-{op_type}-{i}"))
    return cases


CASES = _load_cases()
COVERED = {c.values[0] for c in CASES}


@pytest.mark.parametrize("op_type", sorted(t for t, d in OP_DEFS.items() if d.differentiable is True))
def test_every_differentiable_op_has_a_gradient_case(op_type):
    assert op_type in COVERED, (f"add a gradient-check case for op {op_type} to a tests/ops/gradient_cases_*.py "
                                f"module (its gradient rule is registered but never checked)")


def test_gradient_cases_name_registered_ops():
    unknown = sorted(COVERED - set(OP_DEFS))
    assert not unknown, f"gradient cases name op types that are not defined: {unknown}"


def _numeric_gradient(sess, loss, xs, values, eps):
    """d loss / d x by central differences, one element at a time."""
    feed = dict(zip(xs, values))
    grads = []
    for x, v in zip(xs, values):
        g = np.zeros_like(v)
        flat, gflat = v.reshape(-1), g.reshape(-1)  # views: writing flat[i] perturbs the fed value
        for i in range(flat.size):
            keep = flat[i]
            flat[i] = keep + eps
            up = sess.run(loss, feed)
            flat[i] = keep - eps
            down = sess.run(loss, feed)
            flat[i] = keep
            gflat[i] = (up - down) / (2 * eps)
        grads.append(g)
    return grads


@pytest.mark.parametrize("op_type,builder", CASES)
def test_gradient_matches_finite_differences(op_type, builder):
    rng = np.random.default_rng(1234)
    with tf.Graph().as_default() as g:
        built = builder(tf, rng)
        y, xs, values = built[:3]
        tolerances = built[3] if len(built) > 3 else {}
        assert op_type in {op.type for op in g.get_operations()}, f"the case builds no {op_type} op"
        assert y.dtype == tf.float64, "cases must compute in float64"
        values = [np.array(v, dtype=np.float64) for v in values]
        with tf.Session() as sess:
            feed = dict(zip(xs, values))
            weights = tf.constant(rng.standard_normal(np.shape(sess.run(y, feed))))
            loss = tf.reduce_sum(y * weights)
            symbolic = tf.gradients(loss, xs)
            assert all(s is not None for s in symbolic), f"no gradient path to some input: {symbolic}"
            analytic = sess.run(symbolic, feed)
            numeric = _numeric_gradient(sess, loss, xs, values, tolerances.get("eps", EPS))
    rtol = tolerances.get("rtol", RTOL)
    for i, (a, n, v) in enumerate(zip(analytic, numeric, values)):
        assert np.shape(a) == v.shape, f"gradient {i} has shape {np.shape(a)}, input has {v.shape}"
        np.testing.assert_allclose(a, n, rtol=rtol, atol=rtol * max(1.0, np.abs(n).max(initial=0.0)),
                                   err_msg=f"gradient of {op_type} w.r.t. input {i}")
