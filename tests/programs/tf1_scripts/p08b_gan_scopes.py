# ruff: noqa  -- kept as the original authors wrote it (lambdas, late imports)
# GAN written with tf.layers and variable scopes (Hands-On ML / many blog posts of the TF 1.x era):
# generator and discriminator scopes, discriminator reused with reuse=True, var_list from
# tf.get_collection(TRAINABLE_VARIABLES, scope=...), sigmoid_cross_entropy_with_logits losses.
import numpy as np
from sklearn.datasets import make_moons

import jupyter_flow as tf

X_real, _ = make_moons(n_samples=2000, noise=0.05, random_state=0)
X_real = X_real.astype(np.float32)

tf.reset_default_graph()
tf.set_random_seed(1)


def generator(z, reuse=None):
    with tf.variable_scope("GAN/Generator", reuse=reuse):
        h1 = tf.layers.dense(z, 32, activation=tf.nn.leaky_relu)
        h2 = tf.layers.dense(h1, 32, activation=tf.nn.leaky_relu)
        out = tf.layers.dense(h2, 2)
    return out


def discriminator(x, reuse=None):
    with tf.variable_scope("GAN/Discriminator", reuse=reuse):
        h1 = tf.layers.dense(x, 32, activation=tf.nn.leaky_relu)
        h2 = tf.layers.dense(h1, 32, activation=tf.nn.leaky_relu)
        out = tf.layers.dense(h2, 1)
    return out


X = tf.placeholder(tf.float32, [None, 2])
Z = tf.placeholder(tf.float32, [None, 4])

G_sample = generator(Z)
r_logits = discriminator(X)
f_logits = discriminator(G_sample, reuse=True)

disc_loss = tf.reduce_mean(
    tf.nn.sigmoid_cross_entropy_with_logits(logits=r_logits, labels=tf.ones_like(r_logits)) +
    tf.nn.sigmoid_cross_entropy_with_logits(logits=f_logits, labels=tf.zeros_like(f_logits)))
gen_loss = tf.reduce_mean(
    tf.nn.sigmoid_cross_entropy_with_logits(logits=f_logits, labels=tf.ones_like(f_logits)))

gen_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="GAN/Generator")
disc_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope="GAN/Discriminator")

gen_step = tf.train.RMSPropOptimizer(learning_rate=0.001).minimize(gen_loss, var_list=gen_vars)
disc_step = tf.train.RMSPropOptimizer(learning_rate=0.001).minimize(disc_loss, var_list=disc_vars)

assert len(gen_vars) == 6 and len(disc_vars) == 6, (gen_vars, disc_vars)
assert gen_vars[0].name == "GAN/Generator/dense/kernel:0", gen_vars[0].name
assert disc_vars[0].name == "GAN/Discriminator/dense/kernel:0", disc_vars[0].name

sess = tf.Session()
tf.global_variables_initializer().run(session=sess)
batch_size = 128
for i in range(300):
    X_batch = X_real[np.random.randint(0, len(X_real), batch_size)]
    Z_batch = np.random.uniform(-1., 1., size=[batch_size, 4])
    for _ in range(2):
        _, dloss = sess.run([disc_step, disc_loss], feed_dict={X: X_batch, Z: Z_batch})
    _, gloss = sess.run([gen_step, gen_loss], feed_dict={Z: Z_batch})
print("d", dloss, "g", gloss)
samples = sess.run(G_sample, feed_dict={Z: np.random.uniform(-1., 1., size=[500, 4])})
sess.close()
# moons live in x in [-1, 2], y in [-0.5, 1]: the generator should have moved there
assert np.isfinite(dloss) and np.isfinite(gloss)
assert -1.5 < samples[:, 0].mean() < 2.5 and -1.0 < samples[:, 1].mean() < 1.5
