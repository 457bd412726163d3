"""tf.train's schedules beyond exponential_decay, against the values TF 1.x's tensorflow.compat.v1
(TF 2.21 in /work/refenv) gives at steps 0, 1, 3, 4, 7, 8, 12 and 20 (float32)."""
import numpy as np
import pytest

import jupyter_flow as tf

STEPS = [0, 1, 3, 4, 7, 8, 12, 20]

# name -> (build(global_step), TF1's values at STEPS)
SCHEDULES = {
    "piecewise_constant": (lambda gs: tf.train.piecewise_constant(gs, [3, 7], [1.0, 0.5, 0.1]),
                           [1.0, 1.0, 1.0, 0.5, 0.5, 0.1, 0.1, 0.1]),
    "polynomial_power_2": (lambda gs: tf.train.polynomial_decay(0.1, gs, 10, end_learning_rate=0.01, power=2.0),
                           [0.1, 0.0829, 0.0541, 0.0424, 0.0181, 0.0136, 0.01, 0.01]),
    "polynomial_defaults": (lambda gs: tf.train.polynomial_decay(0.1, gs, 10),
                            [0.1, 0.09001, 0.07003, 0.06004, 0.03007, 0.02008, 0.0001, 0.0001]),
    "polynomial_cycle": (lambda gs: tf.train.polynomial_decay(0.1, gs, 4, end_learning_rate=0.01, power=0.5,
                                                              cycle=True),
                         [0.1, 0.08794228732585907, 0.055, 0.01, 0.04181980341672897, 0.01, 0.01, 0.01]),
    "natural_exp": (lambda gs: tf.train.natural_exp_decay(0.1, gs, 5, 0.5),
                    [0.1, 0.09048374742269516, 0.07408182322978973, 0.06703200191259384, 0.049658533185720444,
                     0.04493289813399315, 0.03011941909790039, 0.013533529825508595]),
    "natural_exp_staircase": (lambda gs: tf.train.natural_exp_decay(0.1, gs, 5, 0.5, staircase=True),
                              [0.1, 0.1, 0.1, 0.1, 0.060653068125247955, 0.060653068125247955,
                               0.03678794577717781, 0.013533529825508595]),
    "inverse_time": (lambda gs: tf.train.inverse_time_decay(0.1, gs, 5, 0.5),
                     [0.1, 0.09090909361839294, 0.07692307978868484, 0.0714285746216774, 0.05882352963089943,
                      0.055555559694767, 0.04545454680919647, 0.03333333507180214]),
    "inverse_time_staircase": (lambda gs: tf.train.inverse_time_decay(0.1, gs, 5, 0.5, staircase=True),
                               [0.1, 0.1, 0.1, 0.1, 0.06666667014360428, 0.06666667014360428, 0.05,
                                0.03333333507180214]),
    "cosine": (lambda gs: tf.train.cosine_decay(0.1, gs, 10, alpha=0.1),
               [0.1, 0.09779754281044006, 0.08145033568143845, 0.06890576332807541, 0.028549665585160255,
                0.018594233319163322, 0.010000000707805157, 0.010000000707805157]),
    "cosine_restarts_geometric": (lambda gs: tf.train.cosine_decay_restarts(0.1, gs, 3, t_mul=2.0, m_mul=0.5,
                                                                            alpha=0.01),
                                  [0.1, 0.07524999976158142, 0.05050000175833702, 0.04718413203954697,
                                   0.0133749945089221, 0.004315868951380253, 0.022125449031591415,
                                   0.00142166658770293]),
    "cosine_restarts_equal_periods": (lambda gs: tf.train.cosine_decay_restarts(0.1, gs, 3, t_mul=1.0),
                                      [0.1, 0.075, 0.1, 0.075, 0.075, 0.025, 0.1, 0.025]),
    "linear_cosine": (lambda gs: tf.train.linear_cosine_decay(0.1, gs, 10, num_periods=2.0, alpha=0.1, beta=0.01),
                      [0.11100000143051147, 0.06645084917545319, 0.008639322593808174, 0.04681560397148132,
                       0.004819662310183048, 0.003864747704938054, 0.011, 0.011]),
}


@pytest.mark.parametrize("which", sorted(SCHEDULES))
def test_schedule_matches_tf1_values_at_each_step(which):
    build, expected = SCHEDULES[which]
    step = tf.placeholder(tf.int64, [])
    learning_rate = build(step)
    assert learning_rate.dtype == tf.float32 and learning_rate.shape == ()
    with tf.Session() as sess:
        values = [sess.run(learning_rate, {step: s}) for s in STEPS]
    np.testing.assert_allclose(values, expected, rtol=2e-6, atol=1e-9)


def test_schedules_are_named_as_tf1_name_scopes():
    gs = tf.train.get_or_create_global_step()
    assert tf.train.polynomial_decay(0.1, gs, 10).op.name == "PolynomialDecay"
    assert tf.train.polynomial_decay(0.1, gs, 10).op.name == "PolynomialDecay_1"
    assert tf.train.inverse_time_decay(0.1, gs, 5, 0.5).op.name == "InverseTimeDecay"
    assert tf.train.natural_exp_decay(0.1, gs, 5, 0.5).op.name == "ExponentialDecay"
    assert tf.train.cosine_decay_restarts(0.1, gs, 3).op.name == "SGDRDecay"
    assert tf.train.linear_cosine_decay(0.1, gs, 3, name="lr").op.name == "lr"
    assert tf.train.piecewise_constant(gs, [3], [1.0, 0.5]).op.name.startswith("PiecewiseConstant/")


def test_piecewise_constant_follows_the_global_step_variable_during_training():
    x = tf.Variable(1.0, name="x")
    gs = tf.train.get_or_create_global_step()
    lr = tf.train.piecewise_constant(gs, [2], [0.5, 0.25])
    training_op = tf.train.GradientDescentOptimizer(lr).minimize(x, global_step=gs)  # gradient 1
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        rates = []
        for _ in range(4):
            rates.append(sess.run(lr))
            sess.run(training_op)
        assert rates == [0.5, 0.5, 0.5, 0.25]
        assert sess.run(x) == pytest.approx(1.0 - 0.5 * 3 - 0.25)


def test_piecewise_constant_checks_its_lengths_and_dtypes():
    gs = tf.train.get_or_create_global_step()
    with pytest.raises(ValueError, match="1 less than"):
        tf.train.piecewise_constant(gs, [1, 2], [1.0, 0.5])
    with pytest.raises(ValueError, match="same dtype"):
        tf.train.piecewise_constant(gs, [1], [1.0, tf.constant(1, tf.int32)])


@pytest.mark.parametrize("schedule", ["polynomial_decay", "cosine_decay", "inverse_time_decay"])
def test_schedules_need_a_global_step(schedule):
    fn = getattr(tf.train, schedule)
    args = (0.1, None, 10) + ((0.5,) if schedule == "inverse_time_decay" else ())
    with pytest.raises(ValueError, match=f"global_step is required for {schedule}"):
        fn(*args)


def test_float64_learning_rate_makes_a_float64_schedule():
    lr = tf.train.cosine_decay(tf.constant(0.1, tf.float64), 5, 10)
    assert lr.dtype == tf.float64
    with tf.Session() as sess:
        assert sess.run(lr) == pytest.approx(0.1 * 0.5 * (1 + np.cos(np.pi * 0.5)), rel=1e-14)


def test_noisy_linear_cosine_decay_draws_around_linear_cosine_decay():
    step = tf.placeholder(tf.int64, [])
    noisy = tf.train.noisy_linear_cosine_decay(0.1, step, 10, initial_variance=1.0, variance_decay=0.55)
    assert noisy.op.name == "NoisyLinearCosineDecay"
    with tf.Session() as sess:
        draws = np.array([sess.run(noisy, {step: 4}) for _ in range(400)])
    # 0.1 * ((linear 0.6 + N(0, 5^-0.55)) * cosine(0.4 pi...) + 0.001), cosine = 0.5 (1 + cos(0.4 pi))
    cosine = 0.5 * (1 + np.cos(np.pi * 0.4))
    std = 0.1 * cosine * np.sqrt(5.0 ** -0.55)
    assert abs(draws.mean() - 0.1 * (0.6 * cosine + 0.001)) < 4 * std / np.sqrt(400)
    assert 0.8 * std < draws.std() < 1.2 * std
