"""Issue 16 benchmark: one training step of the deep MLP of tests/test_deep_mlp_digits.py —
64-100-100-100-100-10, each hidden layer dense (He init, no bias) + batch normalization
(training mode, moving averages updated through UPDATE_OPS) + ELU + dropout 0.1, Adam, batch 50.

Example:
    python benchmarks/bench_deep.py --impl jupyter_flow,tf1,torch

The graph code runs unchanged on jupyter_flow and tensorflow.compat.v1; PyTorch uses
nn.BatchNorm1d (momentum 0.1 = TF's 0.9), nn.ELU, nn.Dropout and torch.optim.Adam. Dropout
makes losses differ between libraries, so no check value is compared.
"""

from __future__ import annotations

import itertools

import numpy as np

from workload import Prepared, Workload

BATCH, N_INPUTS, WIDTH, DEPTH, N_OUTPUTS = 50, 64, 100, 4, 10


def _batches():
    rng = np.random.default_rng(16)
    X = rng.random((40 * BATCH, N_INPUTS), dtype=np.float32)
    y = rng.integers(0, N_OUTPUTS, 40 * BATCH).astype(np.int64)
    return [(X[s : s + BATCH], y[s : s + BATCH]) for s in range(0, len(X), BATCH)]


def deep_graph(impl) -> Prepared:
    tf = impl.tf
    batches = _batches()
    with tf.Graph().as_default():
        tf.set_random_seed(0)
        X = tf.placeholder(tf.float32, (None, N_INPUTS), name="X")
        y = tf.placeholder(tf.int64, (None,), name="y")
        training = tf.placeholder_with_default(False, shape=(), name="training")
        h = X
        for i in range(DEPTH):
            h = tf.layers.dense(h, WIDTH, kernel_initializer=tf.variance_scaling_initializer(2.0), use_bias=False,
                                name=f"hidden{i + 1}")
            h = tf.layers.batch_normalization(h, training=training, momentum=0.9, name=f"bn{i + 1}")
            h = tf.layers.dropout(tf.nn.elu(h), 0.1, training=training)
        logits = tf.layers.dense(h, N_OUTPUTS, name="outputs")
        loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits)
        with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
            training_op = tf.train.AdamOptimizer(0.01).minimize(loss)
        sess = impl.Session()
        sess.run(tf.global_variables_initializer())
    cycle = itertools.cycle(batches)

    def step():
        X_batch, y_batch = next(cycle)
        sess.run(training_op, feed_dict={X: X_batch, y: y_batch, training: True})

    return Prepared(step, close=sess.close)


def deep_torch(impl) -> Prepared:
    torch = impl.module
    nn = torch.nn
    torch.manual_seed(0)
    batches = [(torch.from_numpy(X_b), torch.from_numpy(y_b)) for X_b, y_b in _batches()]
    layers, width = [], N_INPUTS
    for _ in range(DEPTH):
        linear = nn.Linear(width, WIDTH, bias=False)
        nn.init.kaiming_normal_(linear.weight)
        layers += [linear, nn.BatchNorm1d(WIDTH, eps=1e-3, momentum=0.1), nn.ELU(), nn.Dropout(0.1)]
        width = WIDTH
    model = nn.Sequential(*layers, nn.Linear(width, N_OUTPUTS))
    model.train()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01, eps=1e-8)

    def train(X_batch, y_batch):
        optimizer.zero_grad()
        loss_fn(model(X_batch), y_batch).backward()
        optimizer.step()

    cycle = itertools.cycle(batches)
    return Prepared(lambda: train(*next(cycle)))


DEEP_MLP_STEP = Workload(
    key="deep_mlp_step",
    family="deep",
    issue=16,
    part="a",
    title="deep MLP 64-4x100-10, batch norm + ELU + dropout + Adam, batch 50",
    unit="ms",
    runners={"graph": deep_graph, "torch": deep_torch},
)

WORKLOADS = [DEEP_MLP_STEP]

if __name__ == "__main__":
    import run_all

    raise SystemExit(run_all.main(workloads=WORKLOADS))
