"""Adadelta, ProximalGradientDescent, ProximalAdagrad and AdagradDA on the quadratic problem
(conftest.QuadraticProblem), against the values TF compat.v1 (TF 2.21 in /work/refenv) gives
after 2 steps (3 for AdagradDA), slot names included."""
import numpy as np
import pytest

import jupyter_flow as tf

# name -> (make(global_step), steps, TF1's x afterwards, TF1's slots {slot: value}, TF1's slot variable names)
CASES = {
    "adadelta_defaults": (
        lambda gs: tf.train.AdadeltaOptimizer(), 2,
        [[0.3000009059906006, 0.09999909996986389, -0.1999991089105606],
         [-0.9999990463256836, 1.9999990463256836, 0.6999990344047546]],
        {"accum": [[0.04777498170733452, 0.4299750030040741, 0.04777498170733452],
                   [1.5600001811981201, 0.29859375953674316, 0.47190001606941223]]},
        ["x/Adadelta", "x/Adadelta_1"]),
    "adadelta": (
        lambda gs: tf.train.AdadeltaOptimizer(1.0, rho=0.9, epsilon=1e-6), 2,
        [[0.3063996732234955, 0.09359562397003174, -0.19360032677650452],
         [-0.9935945272445679, 1.993596076965332, 0.6935955286026001]],
        {"accum": [[0.09265831112861633, 0.8365730047225952, 0.09265831112861633],
                   [3.0374717712402344, 0.5807693004608154, 0.9182097911834717]],
         "accum_update": [[1.9480755781842163e-06, 1.951124204424559e-06, 1.9480755781842163e-06],
                          [1.9518420231179334e-06, 1.950821570062544e-06, 1.9511930986482184e-06]]},
        ["x/Adadelta", "x/Adadelta_1"]),
    "proximal_gd": (
        lambda gs: tf.train.ProximalGradientDescentOptimizer(0.1), 2,
        [[0.43299999833106995, -0.29899999499320984, -0.06699999421834946],
         [-0.24000003933906555, 1.6675000190734863, 0.28199994564056396]], {}, []),
    "proximal_gd_l1_l2": (
        lambda gs: tf.train.ProximalGradientDescentOptimizer(0.1, l1_regularization_strength=0.5,
                                                             l2_regularization_strength=0.2), 2,
        [[0.3258362114429474, -0.19896192848682404, 0.0],
         [-0.13264130055904388, 1.5109575986862183, 0.1758938431739807]], {}, []),
    "proximal_adagrad": (
        lambda gs: tf.train.ProximalAdagradOptimizer(0.1), 2,
        [[0.45325130224227905, -0.06746451556682587, -0.04674873501062393],
         [-0.8306097388267517, 1.8335424661636353, 0.5323224067687988]],
        {"accumulator": [[0.9607199430465698, 8.514459609985352, 0.9607199430465698],
                         [31.312427520751953, 5.890261650085449, 9.354272842407227]]},
        ["x/ProximalAdagrad"]),
    "proximal_adagrad_l1_l2": (
        lambda gs: tf.train.ProximalAdagradOptimizer(0.1, initial_accumulator_value=0.2,
                                                     l1_regularization_strength=0.3,
                                                     l2_regularization_strength=0.1), 2,
        [[0.37411126494407654, -0.057739078998565674, 0.0],
         [-0.8146339058876038, 1.7895029783248901, 0.5065190196037292]],
        {"accumulator": [[1.1203190088272095, 8.60999870300293, 1.024855613708496],
                         [31.339508056640625, 5.906758785247803, 9.391524314880371]]},
        ["x/ProximalAdagrad"]),
    "adagrad_da": (
        lambda gs: tf.train.AdagradDAOptimizer(0.1, gs), 3,
        [[0.16815926134586334, -0.17220763862133026, 0.15650692582130432],
         [0.1707068383693695, -0.05833626538515091, -0.1677122265100479]],
        {"gradient_accumulator": [[-2.473665952682495, 5.860739707946777, -1.4814345836639404],
                                  [-9.760936737060547, 1.074249505996704, 4.9639573097229]],
         "gradient_squared_accumulator": [[2.16391658782959, 11.582442283630371, 0.8959789276123047],
                                          [32.69498825073242, 3.3910412788391113, 8.760454177856445]]},
        ["x/AdagradDA", "x/AdagradDA_1"]),
    "adagrad_da_l1_l2": (
        lambda gs: tf.train.AdagradDAOptimizer(0.1, gs, l1_regularization_strength=0.3,
                                               l2_regularization_strength=0.1), 3,
        [[0.10696224868297577, -0.14470112323760986, 0.06732966005802155],
         [0.1542370766401291, -0.0120328264310956, -0.13638058304786682]],
        {"gradient_accumulator": [[-2.5640697479248047, 5.897040367126465, -1.5882765054702759],
                                  [-9.781234741210938, 1.1241426467895508, 5.001331806182861]]},
        ["x/AdagradDA", "x/AdagradDA_1"]),
}


@pytest.mark.parametrize("which", sorted(CASES))
def test_optimizer_matches_tf1_after_a_few_steps(which, quadratic):
    make, steps, expected_x, expected_slots, slot_variables = CASES[which]
    x, loss = quadratic.build(tf.float32)
    gs = tf.train.get_or_create_global_step()
    optimizer = make(gs)
    training_op = optimizer.minimize(loss, global_step=gs)
    assert sorted(v.op.name for v in tf.global_variables()) == sorted(["global_step", "x"] + slot_variables)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            sess.run(training_op)
        np.testing.assert_allclose(sess.run(x), expected_x, rtol=2e-5, atol=1e-7)
        for slot, value in expected_slots.items():
            np.testing.assert_allclose(sess.run(optimizer.get_slot(x, slot)), value, rtol=2e-5, atol=1e-12)


def test_adadelta_in_float64_matches_tf1(quadratic):
    x, loss = quadratic.build(tf.float64)
    optimizer = tf.train.AdadeltaOptimizer(1.0, rho=0.9, epsilon=1e-6)
    training_op = optimizer.minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(training_op)
        sess.run(training_op)
        np.testing.assert_allclose(sess.run(x), [[0.3063996716171561, 0.09359561901684357, -0.19360032838284394],
                                                 [-0.9935945124298304, 1.9935960863133069, 0.6935955129259188]],
                                   rtol=1e-12)
    assert optimizer.get_slot_names() == ["accum", "accum_update"]


def test_proximal_optimizers_refuse_negative_strengths():
    with pytest.raises(ValueError, match="l1_regularization_strength -1"):
        tf.train.ProximalGradientDescentOptimizer(0.1, l1_regularization_strength=-1)
    with pytest.raises(ValueError, match="initial_accumulator_value must be positive"):
        tf.train.ProximalAdagradOptimizer(0.1, initial_accumulator_value=0.0)
