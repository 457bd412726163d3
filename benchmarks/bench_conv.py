"""Issue 19 benchmarks: convolutional networks, forward and backward.

Example:
    python benchmarks/bench_conv.py --impl jupyter_flow,tf1,torch
    python benchmarks/bench_conv.py --workloads conv3x3_64 --repeats 7

cnn_step: one gradient-descent step of a 2-conv-layer CNN on 28x28x1 images, batch 100
(conv 3x3x32 SAME + ReLU, max pool 2, conv 3x3x64 SAME + ReLU, max pool 2, dense 10, sparse
softmax cross-entropy). conv3x3_64: a 3x3 convolution 64 -> 64 channels on 56x56, batch 8,
forward plus both gradients (input and filter). The graph code is written once against a
TF1-style module; PyTorch runs the same weights (OIHW, NCHW) in eager mode with autograd.
"""

from __future__ import annotations

import itertools

import numpy as np

from workload import Prepared, Workload

CNN_BATCH = 100
CNN_STEPS = 5
LEARNING_RATE = 0.05


def _cnn_data():
    rng = np.random.default_rng(19)
    batches = [(rng.random((CNN_BATCH, 28, 28, 1), dtype=np.float32), rng.integers(0, 10, CNN_BATCH))
               for _ in range(4)]
    weights = [rng.normal(0, 0.3, (3, 3, 1, 32)).astype(np.float32), np.zeros(32, np.float32),
               rng.normal(0, 0.06, (3, 3, 32, 64)).astype(np.float32), np.zeros(64, np.float32),
               rng.normal(0, 0.02, (7 * 7 * 64, 10)).astype(np.float32), np.zeros(10, np.float32)]
    return batches, weights


def cnn_graph(impl) -> Prepared:
    tf = impl.tf
    batches, weights = _cnn_data()
    with tf.Graph().as_default():
        X = tf.placeholder(tf.float32, (None, 28, 28, 1), name="X")
        y = tf.placeholder(tf.int64, (None,), name="y")
        w1, b1, w2, b2, w3, b3 = [tf.Variable(w) for w in weights]
        c1 = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(X, w1, [1, 1, 1, 1], "SAME"), b1))
        p1 = tf.nn.max_pool(c1, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        c2 = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(p1, w2, [1, 1, 1, 1], "SAME"), b2))
        p2 = tf.nn.max_pool(c2, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
        logits = tf.matmul(tf.reshape(p2, [-1, 7 * 7 * 64]), w3) + b3
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        training_op = tf.train.GradientDescentOptimizer(LEARNING_RATE).minimize(loss)
        sess = impl.Session()
        sess.run(tf.global_variables_initializer())
        for X_b, y_b in batches[:CNN_STEPS]:
            sess.run(training_op, {X: X_b, y: y_b})
        check = sess.run(loss, {X: batches[0][0], y: batches[0][1]})
    cycle = itertools.cycle(batches)

    def step():
        X_b, y_b = next(cycle)
        sess.run(training_op, {X: X_b, y: y_b})

    return Prepared(step, check=check, close=sess.close)


def cnn_torch(impl) -> Prepared:
    torch = impl.module
    nn = torch.nn
    batches, weights = _cnn_data()
    data = [(torch.from_numpy(X_b.transpose(0, 3, 1, 2).copy()), torch.from_numpy(y_b)) for X_b, y_b in batches]
    conv1, conv2 = nn.Conv2d(1, 32, 3, padding=1), nn.Conv2d(32, 64, 3, padding=1)
    dense = nn.Linear(7 * 7 * 64, 10)
    with torch.no_grad():
        conv1.weight.copy_(torch.from_numpy(weights[0].transpose(3, 2, 0, 1).copy()))
        conv2.weight.copy_(torch.from_numpy(weights[2].transpose(3, 2, 0, 1).copy()))
        # TF flattens NHWC: reorder the dense rows from (h, w, c) to torch's (c, h, w).
        w3 = weights[4].reshape(7, 7, 64, 10).transpose(2, 0, 1, 3).reshape(-1, 10)
        dense.weight.copy_(torch.from_numpy(w3.T.copy()))
        for layer in (conv1, conv2, dense):
            layer.bias.zero_()
    model = nn.Sequential(conv1, nn.ReLU(), nn.MaxPool2d(2), conv2, nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), dense)
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=LEARNING_RATE)

    def train(X_b, y_b):
        optimizer.zero_grad()
        loss_fn(model(X_b), y_b).backward()
        optimizer.step()

    for X_b, y_b in data[:CNN_STEPS]:
        train(X_b, y_b)
    with torch.no_grad():
        check = loss_fn(model(data[0][0]), data[0][1]).item()
    cycle = itertools.cycle(data)
    return Prepared(lambda: train(*next(cycle)), check=check)


def _conv_data():
    rng = np.random.default_rng(56)
    x = rng.standard_normal((8, 56, 56, 64)).astype(np.float32)
    w = (rng.standard_normal((3, 3, 64, 64)) * 0.05).astype(np.float32)
    r = rng.standard_normal((8, 56, 56, 64)).astype(np.float32)
    return x, w, r


def conv_graph(impl) -> Prepared:
    tf = impl.tf
    x0, w0, r0 = _conv_data()
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, x0.shape, name="x")
        w = tf.Variable(w0)
        y = tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")
        dx, dw = tf.gradients(tf.reduce_sum(y * tf.constant(r0)), [x, w])
        sess = impl.Session()
        sess.run(tf.global_variables_initializer())
        # Scalars of each result: the conv work is timed, not copying 6 MB arrays to Python.
        fetches = [tf.reduce_sum(y), tf.reduce_sum(dx), tf.reduce_sum(dw)]
        check = float(sum(sess.run(fetches[1:], {x: x0})))
    return Prepared(lambda: sess.run(fetches, {x: x0}), check=check, close=sess.close)


def conv_torch(impl) -> Prepared:
    torch = impl.module
    x0, w0, r0 = _conv_data()
    x = torch.from_numpy(x0.transpose(0, 3, 1, 2).copy()).requires_grad_(True)
    w = torch.from_numpy(w0.transpose(3, 2, 0, 1).copy()).requires_grad_(True)
    r = torch.from_numpy(r0.transpose(0, 3, 1, 2).copy())

    def step():
        x.grad = w.grad = None
        y = torch.nn.functional.conv2d(x, w, padding=1)
        (y * r).sum().backward()
        return y.sum().item(), x.grad.sum().item(), w.grad.sum().item()

    _, gx, gw = step()
    return Prepared(step, check=gx + gw)


CNN_STEP = Workload(
    key="cnn_step",
    family="conv",
    issue=19,
    part="a",
    title="2-conv-layer CNN training step (28x28x1, batch 100, 3x3x32 + 3x3x64, max pools, dense 10)",
    unit="ms",
    runners={"graph": cnn_graph, "torch": cnn_torch},
)

CONV3X3_64 = Workload(
    key="conv3x3_64",
    family="conv",
    issue=19,
    part="b",
    title="3x3 conv 64->64 on 56x56, batch 8: forward + input and filter gradients",
    unit="ms",
    runners={"graph": conv_graph, "torch": conv_torch},
)

WORKLOADS = [CNN_STEP, CONV3X3_64]

if __name__ == "__main__":
    import run_all

    raise SystemExit(run_all.main(workloads=WORKLOADS))
