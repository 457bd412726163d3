"""tf.train's input producers and batching over queues, and the readers they feed (TF 1.x names,
values and keys)."""
import threading

import numpy as np
import pytest

import jupyter_flow as tf


def _drain(sess, fetch):
    """Run `fetch` until OutOfRangeError, with the graph's queue runners running; stop them cleanly."""
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    out = []
    try:
        while not coord.should_stop():
            out.append(sess.run(fetch))
    except tf.errors.OutOfRangeError:
        pass
    finally:
        coord.request_stop()
        coord.join(threads)
    assert not any(t.is_alive() for t in threads)
    return out


def test_string_input_producer_repeats_its_names_for_num_epochs():
    q = tf.train.string_input_producer(["a", "b", "c"], num_epochs=2, shuffle=False)
    assert q.name == "input_producer"
    names = {op.name for op in tf.get_default_graph().get_operations()}
    assert {"input_producer/limit_epochs/epochs", "input_producer/limit_epochs/CountUpTo",
            "input_producer/input_producer_EnqueueMany", "input_producer/input_producer_Close",
            "input_producer/input_producer_Close_1", "input_producer/fraction_of_32_full"} <= names
    assert [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)] == ["input_producer/fraction_of_32_full:0"]
    assert [qr.name for qr in tf.get_collection(tf.GraphKeys.QUEUE_RUNNERS)] == ["input_producer"]
    x = q.dequeue()
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert _drain(sess, x) == [b"a", b"b", b"c", b"a", b"b", b"c"]


def test_string_input_producer_shuffles_each_epoch():
    q = tf.train.string_input_producer([str(i) for i in range(10)], num_epochs=3, seed=5)
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        got = _drain(sess, q.dequeue())
    epochs = [got[i * 10:(i + 1) * 10] for i in range(3)]
    assert all(sorted(e) == sorted(str(i).encode() for i in range(10)) for e in epochs)
    assert len({tuple(e) for e in epochs}) > 1


def test_string_input_producer_refuses_an_empty_list():
    with pytest.raises(ValueError, match="string_input_producer requires a non-null input tensor"):
        tf.train.string_input_producer([])


def test_range_input_producer_and_batch_with_a_smaller_final_batch():
    r = tf.train.range_input_producer(5, num_epochs=1, shuffle=False)
    b = tf.train.batch([r.dequeue()], batch_size=2, allow_smaller_final_batch=True)
    assert b.name == "batch:0" and b.shape.as_list() == [None]  # TF1 returns a lone tensor for a list of one
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        got = [v.tolist() for v in _drain(sess, b)]
    assert got == [[0, 1], [2, 3], [4]]


def test_batch_without_smaller_final_batch_drops_the_remainder():
    r = tf.train.range_input_producer(5, num_epochs=1, shuffle=False)
    b = tf.train.batch([r.dequeue()], batch_size=2)
    assert b.shape.as_list() == [2]
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        assert [v.tolist() for v in _drain(sess, b)] == [[0, 1], [2, 3]]


def test_slice_input_producer_keeps_rows_together_through_shuffle_batch():
    labels = tf.constant([1, 2, 3])
    features = tf.constant([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])
    label, feature = tf.train.slice_input_producer([labels, features], num_epochs=2, shuffle=False)
    assert label.shape.as_list() == [] and feature.shape.as_list() == [2]
    lb, fb = tf.train.shuffle_batch([label, feature], batch_size=2, capacity=10, min_after_dequeue=1,
                                    allow_smaller_final_batch=True)
    assert lb.name == "shuffle_batch:0" and fb.name == "shuffle_batch:1"
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        batches = _drain(sess, [lb, fb])
    rows = [(int(lv), fv.tolist()) for lbv, fbv in batches for lv, fv in zip(lbv, fbv)]
    assert sorted(rows) == sorted([(k, [float(k)] * 2) for k in (1, 2, 3)] * 2)


def test_shuffle_batch_needs_capacity_above_min_after_dequeue():
    with pytest.raises(ValueError, match="capacity 10 must be bigger than min_after_dequeue 10."):
        tf.train.shuffle_batch([tf.constant(1)], batch_size=2, capacity=10, min_after_dequeue=10)


def test_batch_join_and_dynamic_pad():
    a = tf.train.limit_epochs(tf.constant([1]), num_epochs=2)
    b = tf.train.limit_epochs(tf.constant([2, 2]), num_epochs=2)
    out = tf.train.batch_join([[a], [b]], batch_size=4, dynamic_pad=True, shapes=[[None]])
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        (batch,) = [v.tolist() for v in _drain(sess, out)]
    assert sorted(batch) == [[1, 0], [1, 0], [2, 2], [2, 2]]


def test_readers_give_tf1_keys_and_values(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(b"h1,h2\n1,2\r\n\n3,4")
    b.write_bytes(b"5,6\n7,8\n")
    fq = tf.FIFOQueue(10, [tf.string])
    reader = tf.TextLineReader(skip_header_lines=1)
    k, v = reader.read(fq)
    ks, vs = reader.read_up_to(fq, 3)
    assert (k.name, v.name, ks.shape.as_list()) == ("ReaderReadV2:0", "ReaderReadV2:1", [None])
    with tf.Session() as sess:
        sess.run(fq.enqueue_many([[str(a), str(b)]]))
        sess.run(fq.close())
        assert sess.run([k, v]) == [f"{a}:2".encode(), b"1,2"]
        assert sess.run([k, v]) == [f"{a}:3".encode(), b""]
        assert [x.tolist() for x in sess.run([ks, vs])] == [[f"{a}:4".encode()], [b"3,4"]]  # one file's records
        assert [x.tolist() for x in sess.run([ks, vs])] == [[f"{b}:2".encode()], [b"7,8"]]
        assert sess.run([reader.num_records_produced(), reader.num_work_units_completed()]) == [4, 2]
        with pytest.raises(tf.errors.OutOfRangeError, match="is closed and has insufficient elements"):
            sess.run(k)


def test_fixed_length_tfrecord_and_whole_file_readers(tmp_path):
    fixed, records = tmp_path / "f.bin", tmp_path / "r.tfr"
    fixed.write_bytes(b"HH" + b"abcdefgh" + b"xyzFF")
    with tf.python_io.TFRecordWriter(str(records)) as w:
        w.write(b"one")
        w.write(b"two!")
    assert list(tf.python_io.tf_record_iterator(str(records))) == [b"one", b"two!"]
    fq = tf.FIFOQueue(10, [tf.string])
    k1, v1 = tf.FixedLengthRecordReader(record_bytes=3, header_bytes=2, footer_bytes=2).read(fq)
    k2, v2 = tf.TFRecordReader().read(fq)
    k3, v3 = tf.WholeFileReader().read(fq)
    with tf.Session() as sess:
        sess.run(fq.enqueue_many([[str(fixed), str(records), str(fixed)]]))
        assert sess.run([k1, v1]) == [f"{fixed}:0".encode(), b"abc"]
        assert sess.run([k1, v1]) == [f"{fixed}:1".encode(), b"def"]
        assert sess.run([k2, v2]) == [f"{records}:0".encode(), b"one"]
        assert sess.run([k2, v2]) == [f"{records}:19".encode(), b"two!"]
        assert sess.run([k3, v3]) == [str(fixed).encode(), b"HHabcdefghxyzFF"]


def test_tfrecord_reader_reports_a_corrupted_record(tmp_path):
    path = tmp_path / "bad.tfr"
    with tf.python_io.TFRecordWriter(str(path)) as w:
        w.write(b"payload")
    data = bytearray(path.read_bytes())
    data[13] ^= 0xFF
    path.write_bytes(bytes(data))
    fq = tf.FIFOQueue(2, [tf.string])
    k, v = tf.TFRecordReader().read(fq)
    with tf.Session() as sess:
        sess.run(fq.enqueue(str(path)))
        with pytest.raises(tf.errors.DataLossError, match="corrupted record at 0"):
            sess.run(v)


def test_csv_pipeline_trains_a_linear_model_until_the_input_ends(tmp_path):
    """The classic TF1 loop: file-name queue, TextLineReader, decode_csv, shuffle_batch, queue
    runners and a Coordinator; training ends on OutOfRangeError and every thread stops."""
    rng = np.random.default_rng(0)
    xs = rng.uniform(-1, 1, size=200)
    path = tmp_path / "data.csv"
    path.write_text("x,y\n" + "".join(f"{x:.6f},{3 * x + 1:.6f}\n" for x in xs))
    before = set(threading.enumerate())

    filename_queue = tf.train.string_input_producer([str(path)], num_epochs=40, shuffle=False)
    _, line = tf.TextLineReader(skip_header_lines=1).read(filename_queue)
    x, y = tf.decode_csv(line, record_defaults=[[0.0], [0.0]])
    xb, yb = tf.train.shuffle_batch([x, y], batch_size=20, capacity=100, min_after_dequeue=40, num_threads=2)
    w = tf.Variable(0.0)
    b = tf.Variable(0.0)
    loss = tf.reduce_mean(tf.square(w * xb + b - yb))
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)

    steps = 0
    with tf.Session() as sess:
        sess.run([tf.global_variables_initializer(), tf.local_variables_initializer()])
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess=sess, coord=coord)
        try:
            while not coord.should_stop():
                sess.run(train_op)
                steps += 1
        except tf.errors.OutOfRangeError:
            pass
        finally:
            coord.request_stop()
            coord.join(threads)
        w_val, b_val = sess.run([w, b])
    assert steps == 40 * 200 // 20  # every full batch of every epoch, then OutOfRangeError
    assert abs(w_val - 3.0) < 1e-3 and abs(b_val - 1.0) < 1e-3
    assert set(threading.enumerate()) == before


def test_hands_on_ml_ch12_multithreaded_readers(tmp_path):
    """Hands-On ML ch. 12's program: five readers share a file-name queue and push instances into
    a shared RandomShuffleQueue, run by one QueueRunner; TF 1.x reads the same three rows."""
    path = tmp_path / "my_test.csv"
    path.write_text("x1, x2 , target\n1.,, 0\n4., 5. , 1\n7., 8. , 0\n")

    def read_and_push_instance(filename_queue, instance_queue):
        reader = tf.TextLineReader(skip_header_lines=1)
        _, value = reader.read(filename_queue)
        x1, x2, target = tf.decode_csv(value, record_defaults=[[-1.0], [-1.0], [-1]])
        return instance_queue.enqueue([tf.stack([x1, x2]), target])

    filename_queue = tf.FIFOQueue(capacity=10, dtypes=[tf.string], shapes=[()])
    filename = tf.placeholder(tf.string)
    enqueue_filename = filename_queue.enqueue([filename])
    close_filename_queue = filename_queue.close()
    instance_queue = tf.RandomShuffleQueue(capacity=10, min_after_dequeue=2, dtypes=[tf.float32, tf.int32],
                                           shapes=[[2], []], name="instance_q", shared_name="shared_instance_q")
    minibatch_instances, minibatch_targets = instance_queue.dequeue_up_to(2)
    queue_runner = tf.train.QueueRunner(instance_queue, [read_and_push_instance(filename_queue, instance_queue)
                                                         for _ in range(5)])
    rows = []
    with tf.Session() as sess:
        sess.run(enqueue_filename, feed_dict={filename: str(path)})
        sess.run(close_filename_queue)
        coord = tf.train.Coordinator()
        threads = queue_runner.create_threads(sess, coord=coord, start=True)
        try:
            while True:
                xs, ys = sess.run([minibatch_instances, minibatch_targets])
                rows += [(tuple(x.tolist()), int(y)) for x, y in zip(xs, ys)]
        except tf.errors.OutOfRangeError:
            pass
        coord.request_stop()
        coord.join(threads)
    assert sorted(rows) == [((1.0, -1.0), 0), ((4.0, 5.0), 1), ((7.0, 8.0), 0)]
