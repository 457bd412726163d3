"""Fuzzing import_meta_graph: a graph using many op families, exported once, then mutated the
ways a doctored or damaged file can be (dtype and shape lies in stored arrays, attributes of
the wrong kind, missing or extra inputs, cycles, duplicate or empty names, wrong output specs).

Run as a script: `python meta_graph_mutations.py SEED COUNT` imports and runs every mutant in
its own forked child and prints one JSON line {"crashes": [...], "outcomes": {...}}. A child
that dies by a signal (segfault, abort, hang past the alarm) is a crash; any Python exception
is a refusal, which is what a bad file must get.
"""
import copy
import json
import os
import random
import signal
import sys

import numpy as np


def build_graph(tf):
    X = tf.placeholder(tf.float32, shape=(None, 3), name="X")
    y = tf.placeholder(tf.int32, shape=(None,), name="y")
    W = tf.Variable(tf.random_uniform([3, 4], -1.0, 1.0, seed=1), name="W")
    b = tf.Variable(tf.zeros([4]), name="b")
    logits = tf.nn.bias_add(tf.matmul(X, W), b, name="logits")
    hidden = tf.nn.relu(logits, name="hidden")
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=hidden), name="loss")
    tf.train.GradientDescentOptimizer(0.1).minimize(loss, name="train")
    t = tf.transpose(hidden, [1, 0], name="t")
    tf.concat([t, t], axis=0, name="cat")
    tf.gather(t, [0, 2], name="gathered")
    tf.one_hot(y, 4, name="onehot")
    tf.argmax(hidden, 1, name="argmax")
    tf.tile(X, [2, 1], name="tiled")
    tf.reshape(X, [-1], name="flat")
    tf.split(t, 2, axis=0, name="halves")
    tf.cast(X > 0, tf.float64, name="positive")
    tf.fill([2, 3], 1.5, name="filled")
    tf.range(0, 10, 2, name="evens")
    tf.random_normal([2, 2], seed=3, name="noise")
    tf.random_uniform(tf.shape(X), minval=tf.constant(-1.0), maxval=1.0, seed=4, name="noise_like_x")
    tf.transpose(X, tf.placeholder_with_default([1, 0], [2]), name="transposed_at_run_time")
    tf.strided_slice(X, [0, 1], [2, 3], [1, 1], name="sliced") if hasattr(tf, "strided_slice") else X[0:2, 1:3]
    tf.reduce_sum(X, axis=1, keepdims=True, name="row_sums")
    tf.squeeze(tf.expand_dims(X, 0), [0], name="squeezed")
    tf.stack([X, X], axis=1, name="stacked")
    tf.constant(["a", "b"], name="words")
    tf.constant(np.arange(6, dtype=np.int64).reshape(2, 3), name="ints")
    tf.where(X > 0, X, -X, name="absolute")
    tf.summary.scalar("loss_summary", loss)
    return {"X": np.random.RandomState(0).randn(5, 3).astype(np.float32),
            "y": np.array([0, 1, 2, 3, 0], np.int32)}


ODD_VALUES = [None, True, 0, -1, 7, 2 ** 40, 0.5, "x", "", {"dtype": "bool"}, {"dtype": "string"},
              {"dtype": "int64"}, {"shape": [-5]}, {"shape": None}, {"shape": [2, 2]}, {"list": [1, 2]},
              {"list": ["a"]}, {"tuple": []}, {"tuple": [0.5, None]}, {"float": "nan"}, {"bytes": "AAA="},
              {"strings": {"shape": [1], "base64": ["YQ=="]}}, [1, 2], {"dict": {}}]
DTYPES = [np.float32, np.float64, np.int32, np.int64, np.bool_]


def mutate(mg, rng):
    """One mutant of `mg` (a deep copy): a few random edits of the kinds listed above."""
    mg = copy.deepcopy(mg)
    nodes = mg.graph_def["node"]
    for _ in range(rng.choice([1, 1, 2, 3])):
        node = rng.choice(nodes)
        kind = rng.randrange(12)
        if kind == 0 and mg.tensors:  # a stored array with another dtype and/or shape
            key = rng.choice(sorted(mg.tensors))
            old = mg.tensors[key]
            shape = old.shape if rng.random() < 0.5 else tuple(rng.choice([0, 1, 3, 7]) for _ in range(rng.randrange(3)))
            mg.tensors[key] = np.zeros(shape, rng.choice(DTYPES))
        elif kind == 1 and node["attr"]:  # an attribute of another kind
            node["attr"][rng.choice(sorted(node["attr"]))] = copy.deepcopy(rng.choice(ODD_VALUES))
        elif kind == 2 and node["attr"]:
            del node["attr"][rng.choice(sorted(node["attr"]))]
        elif kind == 3 and node["input"]:
            del node["input"][rng.randrange(len(node["input"]))]
        elif kind == 4:  # an extra input, perhaps from later in the file (a cycle)
            other = rng.choice(nodes)
            node["input"].insert(rng.randrange(len(node["input"]) + 1), f"{other['name']}:{rng.randrange(2)}")
        elif kind == 5 and node["input"]:
            i = rng.randrange(len(node["input"]))
            name = node["input"][i].lstrip("^").rpartition(":")[0] or node["input"][i].lstrip("^")
            node["input"][i] = rng.choice([f"{name}:{rng.choice([1, 5, -1])}", f"{node['name']}:0",
                                           "nowhere:0", "^" + node["name"], f"{name}:x"])
        elif kind == 6:
            node["name"] = rng.choice(["", rng.choice(nodes)["name"], "a:b", "^x"])
        elif kind == 7:
            node["op"] = rng.choice(OP_TYPES)
        elif kind == 8 and node["output"]:
            spec = rng.choice(node["output"])
            if rng.random() < 0.5:
                spec["dtype"] = rng.choice(["float32", "float64", "int32", "bool", "string", "complex64"])
            else:
                spec["shape"] = rng.choice([None, [], [3], [-2], [2, 2], [None, 9]])
        elif kind == 9:
            node["output"] = node["output"][:-1] if node["output"] and rng.random() < 0.5 else \
                node["output"] + [{"dtype": "float32", "shape": []}]
        elif kind == 10 and node["attr"]:  # a number attribute nudged
            key = rng.choice(sorted(node["attr"]))
            v = node["attr"][key]
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                node["attr"][key] = rng.choice([-1, 0, 3, 10 ** 6])
            else:
                node["attr"][key] = rng.choice([-v - 1, v + 7, v * 1000, -(2 ** 62)])
        elif kind == 11:  # swap two nodes (inputs now come after their consumer)
            i, j = rng.randrange(len(nodes)), rng.randrange(len(nodes))
            nodes[i], nodes[j] = nodes[j], nodes[i]
    return mg


OP_TYPES = []


def exercise(tf, mg, feeds):
    """Import `mg` into a fresh graph and run everything in it; returns how it ended."""
    tf.reset_default_graph()
    try:
        tf.train.import_meta_graph(mg)
    except Exception as e:  # noqa: BLE001 - refusal is the expected outcome
        return "refused:" + type(e).__name__
    graph = tf.get_default_graph()
    feed = {}
    for name, value in feeds.items():
        try:
            t = graph.get_tensor_by_name(name + ":0")
            if t.op.type == "Placeholder":
                feed[t] = value
        except Exception:  # noqa: BLE001
            pass
    ran = 0
    with tf.Session() as sess:
        for op in graph.get_operations():
            for fetch in list(op.outputs) or [op]:
                try:
                    sess.run(fetch, feed_dict=feed)
                    ran += 1
                except Exception:  # noqa: BLE001
                    pass
    return "imported"


def run_children(seed, count, timeout=20):
    import jupyter_flow as tf
    from jupyter_flow.framework.op_def import OP_DEFS
    OP_TYPES.extend(sorted(OP_DEFS))
    feeds = build_graph(tf)
    mg = tf.train.export_meta_graph()
    rng = random.Random(seed)
    mutants = [mutate(mg, rng) for _ in range(count)]
    crashes, outcomes = [], {}
    for i, mutant in enumerate(mutants):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            signal.alarm(timeout)
            try:
                outcome = exercise(tf, mutant, feeds)
            except BaseException as e:  # noqa: BLE001
                outcome = "escaped:" + type(e).__name__ + ":" + str(e)[:200]
            os.write(write, outcome.encode()[:500])
            os._exit(0)
        os.close(write)
        with os.fdopen(read, "rb") as f:
            outcome = f.read().decode()
        _, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status) or os.WEXITSTATUS(status) != 0 or outcome.startswith("escaped"):
            crashes.append({"mutant": i, "status": status, "outcome": outcome,
                            "diff": describe_diff(mg, mutant)})
        outcomes[outcome.split(":")[0] + ":" + outcome.split(":")[1] if ":" in outcome else outcome] = \
            outcomes.get(outcome, 0) + 1
    return {"crashes": crashes, "outcomes": outcomes}


def describe_diff(mg, mutant):
    out = []
    for a, b in zip(mg.graph_def["node"], mutant.graph_def["node"]):
        if a != b:
            out.append({"was": a, "now": b})
    for k in mutant.tensors:
        if k not in mg.tensors or mutant.tensors[k].dtype != mg.tensors[k].dtype \
                or mutant.tensors[k].shape != mg.tensors[k].shape:
            out.append({"tensor": k, "now": [str(mutant.tensors[k].dtype), list(mutant.tensors[k].shape)]})
    return json.loads(json.dumps(out, default=str))[:4]


if __name__ == "__main__":
    print(json.dumps(run_children(int(sys.argv[1]), int(sys.argv[2]))))
