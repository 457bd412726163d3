"""Several threads making the first run of freshly built ops: none may see a half-sent graph."""
import threading

import jupyter_flow as tf

THREADS = 4
TRIALS = 60
OPS_PER_THREAD = 150  # a long batch to send keeps the flush window wide enough to hit


def test_concurrent_first_runs_all_see_their_ops():
    failures = []
    for trial in range(TRIALS):
        g = tf.Graph()
        with g.as_default():
            fetches = []
            for k in range(THREADS):
                y = tf.constant(float(k))
                for _ in range(OPS_PER_THREAD):
                    y = y + 1.0
                fetches.append(y)
        sess = tf.Session(graph=g)
        barrier = threading.Barrier(THREADS)
        results = [None] * THREADS

        def first_run(k):
            barrier.wait()
            try:
                results[k] = sess.run(fetches[k])
            except Exception as e:  # noqa: BLE001 - every failure is reported below
                failures.append(f"trial {trial}, thread {k}: {type(e).__name__}: {e}")

        threads = [threading.Thread(target=first_run, args=(k,)) for k in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        sess.close()
        assert not failures, failures[:3]
        assert results == [float(k + OPS_PER_THREAD) for k in range(THREADS)]
