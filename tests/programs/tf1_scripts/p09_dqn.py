# ruff: noqa  -- kept as the original authors wrote it (lambdas, late imports)
# DQN on a toy chain environment, in the style of the TF 1.x DQN blog posts / hunkim's lab 7:
# online and target networks in two variable scopes, target copy via tf.assign ops, Huber loss
# with tf.losses.huber_loss, experience replay, epsilon-greedy.
import random
from collections import deque

import numpy as np

import jupyter_flow as tf


class ChainEnv(object):
    """States 0..n-1, actions 0 (left) / 1 (right); reward 1 at the right end."""
    def __init__(self, n=6):
        self.n = n

    def reset(self):
        self.s = 0
        return self._obs()

    def _obs(self):
        o = np.zeros(self.n, dtype=np.float32)
        o[self.s] = 1.0
        return o

    def step(self, a):
        self.s = min(self.s + 1, self.n - 1) if a == 1 else max(self.s - 1, 0)
        done = self.s == self.n - 1
        return self._obs(), (1.0 if done else 0.0), done


class DQN:
    def __init__(self, session, input_size, output_size, name="main"):
        self.session = session
        self.input_size = input_size
        self.output_size = output_size
        self.net_name = name
        self._build_network()

    def _build_network(self, h_size=16, l_rate=0.01):
        with tf.variable_scope(self.net_name):
            self._X = tf.placeholder(tf.float32, [None, self.input_size], name="input_x")
            W1 = tf.get_variable("W1", shape=[self.input_size, h_size],
                                 initializer=tf.contrib.layers.xavier_initializer())
            layer1 = tf.nn.tanh(tf.matmul(self._X, W1))
            W2 = tf.get_variable("W2", shape=[h_size, self.output_size],
                                 initializer=tf.contrib.layers.xavier_initializer())
            self._Qpred = tf.matmul(layer1, W2)
        self._Y = tf.placeholder(shape=[None, self.output_size], dtype=tf.float32)
        self._loss = tf.losses.huber_loss(self._Y, self._Qpred)
        self._train = tf.train.AdamOptimizer(learning_rate=l_rate).minimize(self._loss)

    def predict(self, state):
        x = np.reshape(state, [1, self.input_size])
        return self.session.run(self._Qpred, feed_dict={self._X: x})

    def update(self, x_stack, y_stack):
        return self.session.run([self._loss, self._train],
                                feed_dict={self._X: x_stack, self._Y: y_stack})


def get_copy_var_ops(*, dest_scope_name, src_scope_name):
    op_holder = []
    src_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope=src_scope_name)
    dest_vars = tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, scope=dest_scope_name)
    for src_var, dest_var in zip(src_vars, dest_vars):
        op_holder.append(dest_var.assign(src_var.value()))
    return op_holder


def replay_train(mainDQN, targetDQN, train_batch, dis=0.9):
    x_stack = np.empty(0).reshape(0, mainDQN.input_size)
    y_stack = np.empty(0).reshape(0, mainDQN.output_size)
    for state, action, reward, next_state, done in train_batch:
        Q = mainDQN.predict(state)
        if done:
            Q[0, action] = reward
        else:
            Q[0, action] = reward + dis * np.max(targetDQN.predict(next_state))
        y_stack = np.vstack([y_stack, Q])
        x_stack = np.vstack([x_stack, state])
    return mainDQN.update(x_stack, y_stack)


def main():
    random.seed(0)
    tf.set_random_seed(0)
    np.random.seed(0)
    env = ChainEnv()
    input_size, output_size = env.n, 2
    replay_buffer = deque(maxlen=5000)
    with tf.Session() as sess:
        mainDQN = DQN(sess, input_size, output_size, name="main")
        targetDQN = DQN(sess, input_size, output_size, name="target")
        tf.global_variables_initializer().run()
        copy_ops = get_copy_var_ops(dest_scope_name="target", src_scope_name="main")
        sess.run(copy_ops)
        w_main, w_target = sess.run([tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, "main")[0],
                                     tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, "target")[0]])
        assert np.array_equal(w_main, w_target)
        for episode in range(150):
            e = 1. / ((episode / 10) + 1)
            state = env.reset()
            for t in range(30):
                if np.random.rand(1) < e:
                    action = np.random.randint(2)
                else:
                    action = int(np.argmax(mainDQN.predict(state)))
                next_state, reward, done = env.step(action)
                replay_buffer.append((state, action, reward, next_state, done))
                state = next_state
                if done:
                    break
            if episode % 2 == 1:
                for _ in range(10):
                    minibatch = random.sample(replay_buffer, min(10, len(replay_buffer)))
                    loss, _ = replay_train(mainDQN, targetDQN, minibatch)
                sess.run(copy_ops)
        greedy = [int(np.argmax(mainDQN.predict(np.eye(env.n, dtype=np.float32)[s])))
                  for s in range(env.n - 1)]
        print("loss", loss, "greedy", greedy)
        assert sum(greedy) >= env.n - 2, greedy


main()
