"""tf.RunOptions / tf.RunMetadata serialize to TensorFlow's bytes (field numbers as in its
config.proto and step_stats.proto): the expected bytes below were written by TensorFlow 2.21's own
config_pb2 for the same message."""
import jupyter_flow as tf
from jupyter_flow.summary.run_metadata_protos import RunMetadata, RunOptions

TF_RUN_METADATA = bytes.fromhex(
    "0a510a4f0a062f6370753a30123b0a01791005200228023a131a110801120412020802220708081a03637075421079203d204d61744d"
    "756c28782c207729480550016888278001b4101a08080112046d61696e")
TF_RUN_OPTIONS = bytes.fromhex("080310072801")


def test_run_metadata_bytes_are_tensorflows():
    md = tf.RunMetadata()
    d = md.step_stats.dev_stats.add(device="/cpu:0")
    n = d.node_stats.add(node_name="y", all_start_micros=5, op_end_rel_micros=2, all_end_rel_micros=2,
                         timeline_label="y = MatMul(x, w)", thread_id=1, all_start_nanos=5000, all_end_rel_nanos=2100,
                         scheduled_micros=5)
    o = n.output.add(slot=0)
    o.tensor_description.dtype = 1
    o.tensor_description.shape.dim.add(size=2)
    o.tensor_description.allocation_description.requested_bytes = 8
    o.tensor_description.allocation_description.allocator_name = "cpu"
    d.thread_names[1] = "main"
    assert md.SerializeToString() == TF_RUN_METADATA
    back = RunMetadata.FromString(TF_RUN_METADATA)
    assert back.step_stats.dev_stats[0].node_stats[0].output[0].tensor_description.shape.dim[0].size == 2


def test_run_options_as_tf1():
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE, timeout_in_ms=7, output_partition_graphs=True)
    assert options.SerializeToString() == TF_RUN_OPTIONS
    assert (RunOptions.NO_TRACE, RunOptions.SOFTWARE_TRACE, RunOptions.HARDWARE_TRACE, RunOptions.FULL_TRACE) == (0, 1, 2, 3)
    assert tf.RunOptions().trace_level == 0
