"""Graphs with input pipelines (tf.data iterators, queues) export to a TF-shaped GraphDef, where component
shapes are lists of TensorShapeProto, and import back runnable."""
import numpy as np

import jupyter_flow as tf


def _pipeline_graph():
    graph = tf.Graph()
    with graph.as_default():
        ds = tf.data.Dataset.from_tensor_slices((np.arange(12, dtype=np.float32).reshape(6, 2),
                                                 np.arange(6, dtype=np.int64))).batch(3)
        features, labels = ds.make_one_shot_iterator().get_next()
        queue = tf.FIFOQueue(4, [tf.float32], shapes=[[2]], name="queue")
        queue.enqueue([tf.constant([1.0, 2.0])], name="enqueue")
        tf.identity(features, name="features")
        tf.identity(labels, name="labels")
    return graph


def test_file_writer_writes_the_graph_of_a_dataset_iterator_and_a_queue(tmp_path):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    tf.summary.FileWriter(str(tmp_path), _pipeline_graph()).close()
    accumulator = EventAccumulator(str(tmp_path))
    accumulator.Reload()
    nodes = {node.name: node for node in accumulator.Graph().node}
    shapes = nodes["input_pipeline/IteratorGetNext"].attr["output_shapes"].list.shape
    assert [[d.size for d in s.dim] for s in shapes] == [[-1, 2], [-1]]
    assert [d.size for d in nodes["queue"].attr["shapes"].list.shape[0].dim] == [2]


def test_graph_def_of_a_dataset_iterator_imports_and_runs():
    graph_def = _pipeline_graph().as_graph_def()
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="")
        features = graph.get_tensor_by_name("features:0")
        assert features.shape.as_list() == [None, 2]
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(features), [[0, 1], [2, 3], [4, 5]])
            np.testing.assert_array_equal(sess.run("labels:0"), [3, 4, 5])
