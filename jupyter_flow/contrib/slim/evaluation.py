"""slim.evaluation.evaluate_once: restore a checkpoint, run the metrics' update ops num_evals
times, return the final values (TF1's evaluation of a trained slim model, one session).

>>> names_to_values, names_to_updates = slim.metrics.aggregate_metric_map({"accuracy": acc})
>>> values = slim.evaluation.evaluate_once("", checkpoint, logdir, num_evals=1,
...                                         eval_op=list(names_to_updates.values()),
...                                         final_op=names_to_values)
"""
from ...client.session import Session
from ...framework.graph import get_default_graph
from ...ops.state_ops import local_variables_initializer
from ...train.saver import Saver

_USE_DEFAULT = object()


def evaluate_once(master, checkpoint_path, logdir, num_evals=1, initial_op=None, initial_op_feed_dict=None,
                  eval_op=None, eval_op_feed_dict=None, final_op=None, final_op_feed_dict=None,
                  summary_op=_USE_DEFAULT, summary_op_feed_dict=None, variables_to_restore=None,
                  session_config=None, hooks=None):
    """Restores `variables_to_restore` (default: every saveable variable) from `checkpoint_path`,
    initializes the local variables (the metrics' counters), runs `initial_op` once and `eval_op`
    `num_evals` times, and returns the value of `final_op` (None without one). Summaries from
    `summary_op` (default: tf.summary.merge_all()) are written to `logdir` at the checkpoint's step.

    >>> acc = slim.evaluation.evaluate_once("", ckpt, "/tmp/eval", eval_op=update_acc, final_op=acc)
    """
    graph = get_default_graph()
    saver = Saver(variables_to_restore)
    with Session(graph=graph, config=session_config) as sess:
        saver.restore(sess, checkpoint_path)
        sess.run(local_variables_initializer())
        if initial_op is not None:
            sess.run(initial_op, initial_op_feed_dict)
        if eval_op is not None:
            for _ in range(int(num_evals)):
                sess.run(eval_op, eval_op_feed_dict)
        final = sess.run(final_op, final_op_feed_dict) if final_op is not None else None
        _write_summaries(sess, graph, logdir, summary_op, summary_op_feed_dict)
    return final


def _write_summaries(sess, graph, logdir, summary_op, feed_dict):
    if summary_op is _USE_DEFAULT:
        from ... import summary
        summary_op = summary.merge_all()
    if summary_op is None or not logdir:
        return
    from ...summary import FileWriter
    from ...train.training_util import get_global_step
    step = get_global_step(graph)
    writer = FileWriter(logdir, graph)
    writer.add_summary(sess.run(summary_op, feed_dict), sess.run(step) if step is not None else None)
    writer.close()
