"""Issue 18 benchmark: one training step of a recurrent classifier over MNIST-shaped sequences
(28 time steps of 28 pixels, batch 150): a 150-unit BasicRNNCell or BasicLSTMCell run by
tf.nn.dynamic_rnn, a dense layer on the last state, sparse softmax cross-entropy, Adam.

Example:
    python benchmarks/bench_rnn.py --impl jupyter_flow,tf1,torch

The graph code runs unchanged on jupyter_flow and tensorflow.compat.v1; PyTorch uses nn.RNN /
nn.LSTM (cuDNN-style fused layers on CPU) with torch.optim.Adam, its idiomatic equivalent.
"""

from __future__ import annotations

import itertools

import numpy as np

from workload import Prepared, Workload

STEPS, PIXELS, BATCH, UNITS, CLASSES = 28, 28, 150, 150, 10


def _batches(count: int = 8, seed: int = 42):
    rng = np.random.default_rng(seed)
    return [(rng.random((BATCH, STEPS, PIXELS), dtype=np.float32),
             rng.integers(0, CLASSES, size=BATCH).astype(np.int32)) for _ in range(count)]


def _graph(cell_kind):
    def runner(impl) -> Prepared:
        tf = impl.tf
        batches = _batches()
        with tf.Graph().as_default():
            tf.set_random_seed(42)
            X = tf.placeholder(tf.float32, [None, STEPS, PIXELS], name="X")
            y = tf.placeholder(tf.int32, [None], name="y")
            cell = (tf.nn.rnn_cell.BasicRNNCell(UNITS) if cell_kind == "rnn"
                    else tf.nn.rnn_cell.BasicLSTMCell(UNITS))
            _, state = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)
            last = state if cell_kind == "rnn" else state.h
            logits = tf.layers.dense(last, CLASSES)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
            train = tf.train.AdamOptimizer(1e-3).minimize(loss)
            sess = impl.Session()
            sess.run(tf.global_variables_initializer())
        cycle = itertools.cycle(batches)

        def step():
            xb, yb = next(cycle)
            sess.run(train, {X: xb, y: yb})

        return Prepared(step, close=sess.close)
    return runner


def _torch(cell_kind):
    def runner(impl) -> Prepared:
        torch = impl.module
        torch.manual_seed(42)
        batches = [(torch.from_numpy(xb), torch.from_numpy(yb).long()) for xb, yb in _batches()]
        rnn = (torch.nn.RNN(PIXELS, UNITS, batch_first=True) if cell_kind == "rnn"
               else torch.nn.LSTM(PIXELS, UNITS, batch_first=True))
        dense = torch.nn.Linear(UNITS, CLASSES)
        params = list(rnn.parameters()) + list(dense.parameters())
        opt = torch.optim.Adam(params, lr=1e-3)
        cycle = itertools.cycle(batches)

        def step():
            xb, yb = next(cycle)
            opt.zero_grad()
            _, h = rnn(xb)
            last = h[0] if cell_kind == "lstm" else h
            loss = torch.nn.functional.cross_entropy(dense(last[-1]), yb)
            loss.backward()
            opt.step()

        return Prepared(step)
    return runner


RNN_STEP = Workload(key="rnn_step", family="rnn", issue=18, part="a",
                    title="BasicRNNCell(150) dynamic_rnn training step, 28 steps, batch 150", unit="ms",
                    runners={"graph": _graph("rnn"), "torch": _torch("rnn")})
LSTM_STEP = Workload(key="lstm_step", family="rnn", issue=18, part="b",
                     title="BasicLSTMCell(150) dynamic_rnn training step, 28 steps, batch 150", unit="ms",
                     runners={"graph": _graph("lstm"), "torch": _torch("lstm")})

WORKLOADS = [RNN_STEP, LSTM_STEP]

if __name__ == "__main__":
    import run_all

    raise SystemExit(run_all.main(workloads=WORKLOADS))
