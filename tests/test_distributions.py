"""tf.distributions Normal / Bernoulli / Categorical: values from TF (tf.compat.v1.distributions, TF 2.21)."""
import numpy as np
import pytest

import jupyter_flow as tf

D = tf.distributions


def _run(*tensors):
    with tf.Session() as sess:
        return sess.run(list(tensors))


def test_normal_statistics_and_densities():
    tf.reset_default_graph()
    n = D.Normal(loc=[0.0, 1.0], scale=[1.0, 2.0])
    assert n.name == "Normal/" and n.dtype == tf.float32 and n.batch_shape.as_list() == [2]
    values = _run(n.log_prob([0.5, 0.5]), n.prob([0.5, 0.5]), n.entropy(), n.mean(), n.stddev(), n.variance(),
                  n.mode())
    expected = [[-1.0439385, -1.6433357], [0.35206532, 0.19333406], [1.4189385, 2.1120858], [0.0, 1.0], [1.0, 2.0],
                [1.0, 4.0], [0.0, 1.0]]
    for got, want in zip(values, expected):
        np.testing.assert_allclose(got, want, rtol=1e-6)
    assert n.log_prob(0.0).name.startswith("Normal/log_prob_1/")


def test_normal_samples_have_sample_then_batch_shape_and_the_right_moments():
    tf.reset_default_graph()
    n = D.Normal(loc=[0.0, 10.0], scale=[1.0, 0.5])
    s = n.sample(20000, seed=3)
    assert s.shape.as_list() == [20000, 2] and s.name.startswith("Normal/sample/")
    (v,) = _run(s)
    np.testing.assert_allclose(v.mean(axis=0), [0.0, 10.0], atol=0.05)
    np.testing.assert_allclose(v.std(axis=0), [1.0, 0.5], rtol=0.05)
    assert D.Normal(0.0, 1.0).sample([2, 3]).shape.as_list() == [2, 3]


def test_normal_log_prob_is_differentiable():
    tf.reset_default_graph()
    mu = tf.Variable(0.0)
    loss = -tf.reduce_sum(D.Normal(mu, 1.0).log_prob([1.0, 2.0]))
    (grad,) = tf.gradients(loss, [mu])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(grad) == pytest.approx(-3.0)


def test_bernoulli_from_probs_and_logits():
    tf.reset_default_graph()
    b = D.Bernoulli(probs=[0.2, 0.7])
    bl = D.Bernoulli(logits=[0.5, -1.0])
    assert b.dtype == tf.int32 and (b.name, bl.name) == ("Bernoulli/", "Bernoulli_1/")
    values = _run(b.log_prob([1, 0]), b.prob([1, 1]), b.entropy(), b.mean(), b.stddev(), b.variance(), b.mode(),
                  b.logits, bl.probs, bl.log_prob([[1], [0]]))
    expected = [[-1.609438, -1.2039728], [0.2, 0.7], [0.50040245, 0.6108643], [0.2, 0.7], [0.4, 0.4582576],
                [0.16, 0.21], [0, 1], [-1.3862944, 0.84729785], [0.62245935, 0.26894142],
                [[-0.474077, -1.3132617], [-0.974077, -0.3132617]]]
    for got, want in zip(values, expected):
        np.testing.assert_allclose(got, want, rtol=1e-5)
    s = b.sample([3], seed=1)
    assert s.shape.as_list() == [3, 2] and s.dtype == tf.int32
    with pytest.raises(ValueError, match="Must pass probs or logits, but not both."):
        D.Bernoulli(logits=[0.0], probs=[0.5])


def test_categorical_from_logits_and_probs():
    tf.reset_default_graph()
    c = D.Categorical(logits=[[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    cp = D.Categorical(probs=[0.2, 0.3, 0.5])
    assert c.batch_shape.as_list() == [2] and c.event_size == 3 and cp.batch_shape.as_list() == []
    values = _run(c.log_prob([2, 1]), c.prob([0, 0]), c.entropy(), c.mode(), c.probs, cp.logits, cp.entropy(),
                  cp.log_prob([0, 2]))
    expected = [[-0.40760595, -1.0986123], [0.09003058, 0.3333333], [0.83239555, 1.0986123], [2, 0],
                [[0.09003057, 0.24472848, 0.66524094], [1 / 3, 1 / 3, 1 / 3]], [-1.609438, -1.2039728, -0.6931472],
                1.0296531, [-1.609438, -0.6931472]]
    for got, want in zip(values, expected):
        np.testing.assert_allclose(got, want, rtol=1e-5)
    s = c.sample(4000, seed=2)
    assert s.shape.as_list() == [4000, 2] and s.dtype == tf.int32
    (v,) = _run(s)
    np.testing.assert_allclose(np.bincount(v[:, 0], minlength=3) / 4000, [0.09003057, 0.24472848, 0.66524094],
                               atol=0.03)


def test_kl_divergence_per_family():
    tf.reset_default_graph()
    k1 = D.kl_divergence(D.Normal([0.0, 1.0], [1.0, 2.0]), D.Normal(0.5, 1.5))
    k2 = D.kl_divergence(D.Bernoulli(probs=[0.2, 0.7]), D.Bernoulli(probs=0.5))
    k3 = D.kl_divergence(D.Categorical(logits=[[1.0, 2.0, 3.0]]), D.Categorical(probs=[[0.2, 0.3, 0.5]]))
    assert k1.name.startswith("KullbackLeibler/kl_normal_normal/")
    for got, want in zip(_run(k1, k2, k3), [[0.18324286, 0.15676236], [0.19274475, 0.08228289], [0.06825939]]):
        np.testing.assert_allclose(got, want, rtol=1e-5)
    with pytest.raises(NotImplementedError, match="No KL"):
        D.kl_divergence(D.Normal(0.0, 1.0), D.Bernoulli(probs=0.5))


def test_contrib_distributions_is_tf_distributions():
    assert tf.contrib.distributions.Normal is tf.distributions.Normal
