"""tf.train.MonitoredTrainingSession and what it is made of: Scaffold (the init/saver/summary
pieces of a graph), ChiefSessionCreator (initialize, or restore the newest checkpoint of
checkpoint_dir), and MonitoredSession (a session whose runs go through SessionRunHooks, with
should_stop()). TF1's training loop:

    with tf.train.MonitoredTrainingSession(checkpoint_dir=d, hooks=[tf.train.StopAtStepHook(100)]) as sess:
        while not sess.should_stop(): sess.run(training_op)
"""
from ..client.session import Session
from ..framework import errors
from ..framework.graph import GraphKeys, get_default_graph
from ..ops.state_ops import global_variables_initializer, local_variables_initializer
from ..ops.summary_ops import merge_all
from . import basic_session_run_hooks as hooks_lib
from .checkpoint_state import latest_checkpoint
from .coordinator import Coordinator
from .queue_runner import start_queue_runners
from .session_run_hook import SessionRunContext, SessionRunValues

USE_DEFAULT = object()


def default_saver():
    """The graph's Saver (SAVERS collection), or a new Saver of all variables. Unlike TF1 it is not
    added to SAVERS: our meta-graph export cannot carry Saver objects and would warn at each save."""
    from .saver import Saver
    g = get_default_graph()
    savers = g.get_collection(GraphKeys.SAVERS)
    if len(savers) > 1:
        raise RuntimeError(f"More than one item in collection {GraphKeys.SAVERS}. Please indicate which one to use "
                           f"by passing it to the constructor.")
    if savers:
        return savers[0]
    return Saver(sharded=True, allow_empty=True)


class Scaffold:
    """The pieces a monitored session needs: init_op (default: initialize the global variables),
    local_init_op, init_fn, summary_op (default: all summaries), saver (default: the graph's).

    >>> scaffold = tf.train.Scaffold(init_fn=lambda scaffold, sess: pretrained_saver.restore(sess, path))
    """

    def __init__(self, init_op=None, init_feed_dict=None, init_fn=None, ready_op=None,
                 ready_for_local_init_op=None, local_init_op=None, summary_op=None, saver=None,
                 copy_from_scaffold=None):
        if copy_from_scaffold is not None:
            if not isinstance(copy_from_scaffold, Scaffold):
                raise TypeError("copy_from_scaffold is not a Scaffold instance.")
            c = copy_from_scaffold
            init_op = init_op or c.init_op
            init_feed_dict = init_feed_dict or c.init_feed_dict
            init_fn = init_fn or c._user_init_fn
            local_init_op = local_init_op or c.local_init_op
            summary_op = summary_op or c.summary_op
            saver = saver or c.saver
        self._init_op, self._init_feed_dict, self._user_init_fn = init_op, init_feed_dict, init_fn
        self._ready_op, self._ready_for_local_init_op = ready_op, ready_for_local_init_op
        self._local_init_op, self._summary_op, self._saver = local_init_op, summary_op, saver
        self._finalized = False

    def finalize(self):
        """Fill in the defaults (once)."""
        if self._finalized:
            return self
        if self._init_op is None:
            self._init_op = global_variables_initializer()
        if self._local_init_op is None:
            self._local_init_op = local_variables_initializer()
        if self._summary_op is None:
            self._summary_op = merge_all()
        if self._saver is None:
            self._saver = default_saver()
        self._finalized = True
        return self

    init_op = property(lambda self: self._init_op)
    init_feed_dict = property(lambda self: self._init_feed_dict)
    init_fn = property(lambda self: (lambda sess: self._user_init_fn(self, sess)) if self._user_init_fn else None)
    ready_op = property(lambda self: self._ready_op)
    ready_for_local_init_op = property(lambda self: self._ready_for_local_init_op)
    local_init_op = property(lambda self: self._local_init_op)
    summary_op = property(lambda self: self._summary_op)
    saver = property(lambda self: self._saver)


class ChiefSessionCreator:
    """Creates the session: restores checkpoint_filename_with_path, or the newest checkpoint of
    checkpoint_dir, else runs the scaffold's init_op and init_fn; then its local_init_op.

    >>> sess = tf.train.MonitoredSession(tf.train.ChiefSessionCreator(checkpoint_dir="/tmp/model"))
    """

    def __init__(self, scaffold=None, master="", config=None, checkpoint_dir=None,
                 checkpoint_filename_with_path=None):
        self._scaffold = scaffold or Scaffold()
        self._master, self._config = master, config
        self._checkpoint_dir, self._checkpoint_path = checkpoint_dir, checkpoint_filename_with_path

    def create_session(self):
        scaffold = self._scaffold.finalize()
        sess = Session(self._master, config=self._config)
        checkpoint = self._checkpoint_path
        if checkpoint is None and self._checkpoint_dir:
            checkpoint = latest_checkpoint(self._checkpoint_dir)
        if checkpoint is not None:
            scaffold.saver.restore(sess, checkpoint)
        else:
            sess.run(scaffold.init_op, feed_dict=scaffold.init_feed_dict)
            if scaffold.init_fn is not None:
                scaffold.init_fn(sess)
        if scaffold.local_init_op is not None:
            sess.run(scaffold.local_init_op)
        return sess


class MonitoredSession:
    """A session whose run() calls every hook's before_run/after_run, that remembers whether a
    hook requested a stop (should_stop) and calls the hooks' end() when closed normally.
    Used as a context manager, it swallows the OutOfRangeError that ends an input pipeline.

    >>> with tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(last_step=10)]) as sess:
    ...     while not sess.should_stop(): sess.run(training_op)
    """

    def __init__(self, session_creator=None, hooks=None, stop_grace_period_secs=120):
        self._hooks = list(hooks or [])
        for hook in self._hooks:
            hook.begin()
        self._session_creator = session_creator or ChiefSessionCreator()
        self._stop_grace_period_secs = stop_grace_period_secs
        self._sess = self._session_creator.create_session()
        # As TF1's coordinated session: the graph's queue runners start under a coordinator that
        # suppresses nothing (a runner's error reaches close()), and stop when the session closes.
        self._coord = Coordinator(clean_stop_exception_types=[])
        if self._sess.graph.get_collection(GraphKeys.QUEUE_RUNNERS):
            start_queue_runners(sess=self._sess, coord=self._coord)
        for hook in self._hooks:
            hook.after_create_session(self._sess, self._coord)
        self._stop_requested = False
        self._closed = False

    @property
    def graph(self):
        return self._sess.graph

    def should_stop(self):
        return self._stop_requested or self._closed or self._coord.should_stop()

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Run `fetches` together with what every hook asks for; returns the caller's values."""
        if self._closed:
            raise RuntimeError("Run called even after should_stop requested.")
        from .session_run_hook import SessionRunArgs
        context = SessionRunContext(SessionRunArgs(fetches, feed_dict, options), self._sess)
        all_fetches, all_feeds = {"caller": fetches}, dict(feed_dict or {})
        for i, hook in enumerate(self._hooks):
            args = hook.before_run(context)
            if args is None:
                continue
            all_fetches[i] = args.fetches
            for key, value in (args.feed_dict or {}).items():
                if key in all_feeds and all_feeds[key] is not value:
                    raise RuntimeError(f"Same tensor is fed by two hooks (or a hook and the caller): {key}")
                all_feeds[key] = value
        results = self._sess.run(all_fetches, feed_dict=all_feeds or None, options=options,
                                 run_metadata=run_metadata)
        for i, hook in enumerate(self._hooks):
            hook.after_run(context, SessionRunValues(results.get(i), options, run_metadata))
        self._stop_requested = self._stop_requested or context.stop_requested
        return results["caller"]

    def run_step_fn(self, step_fn):
        """step_fn(step_context) with step_context.session, run_with_hooks and request_stop."""
        return step_fn(_StepContext(self))

    def close(self):
        self._close(ended_normally=True)

    def _close(self, ended_normally):
        if self._closed:
            return
        try:
            if ended_normally:
                for hook in self._hooks:
                    hook.end(self._sess)
        finally:
            self._closed = True
            try:
                self._coord.request_stop()  # the queue runners' cancel ops unblock their enqueues
                self._coord.join(stop_grace_period_secs=self._stop_grace_period_secs, ignore_live_threads=True)
            finally:
                self._sess.close()

    def __enter__(self):
        return self

    def __exit__(self, exception_type, exception_value, traceback):
        ended_normally = exception_type in (None, errors.OutOfRangeError, StopIteration)
        self._close(ended_normally)
        # the end of the input is the normal end of training
        return exception_type in (errors.OutOfRangeError, StopIteration)


class SingularMonitoredSession(MonitoredSession):
    """A MonitoredSession on one machine, with raw_session() (TF1's name).

    >>> with tf.train.SingularMonitoredSession(hooks=hooks, checkpoint_dir=d) as sess: ...
    """

    def __init__(self, hooks=None, scaffold=None, master="", config=None, checkpoint_dir=None,
                 stop_grace_period_secs=120, checkpoint_filename_with_path=None):
        creator = ChiefSessionCreator(scaffold=scaffold, master=master, config=config, checkpoint_dir=checkpoint_dir,
                                      checkpoint_filename_with_path=checkpoint_filename_with_path)
        super().__init__(creator, hooks, stop_grace_period_secs)

    def raw_session(self):
        return self._sess


class _StepContext:
    def __init__(self, monitored):
        self._monitored = monitored

    @property
    def session(self):
        return self._monitored._sess

    def run_with_hooks(self, *args, **kwargs):
        return self._monitored.run(*args, **kwargs)

    def request_stop(self):
        self._monitored._stop_requested = True


def MonitoredTrainingSession(master="", is_chief=True, checkpoint_dir=None, scaffold=None, hooks=None,  # noqa: N802
                             chief_only_hooks=None, save_checkpoint_secs=USE_DEFAULT, save_summaries_steps=USE_DEFAULT,
                             save_summaries_secs=USE_DEFAULT, config=None, stop_grace_period_secs=120,
                             log_step_count_steps=100, max_wait_secs=7200, save_checkpoint_steps=USE_DEFAULT,
                             summary_dir=None):
    """A MonitoredSession that restores checkpoint_dir's newest checkpoint (or initializes) and,
    with a checkpoint_dir, counts steps, writes summaries every 100 steps and saves a checkpoint
    every 600 s (and at the end), as TF1.

    >>> with tf.train.MonitoredTrainingSession(checkpoint_dir="/tmp/model", hooks=hooks) as sess:
    ...     while not sess.should_stop(): sess.run(training_op)
    """
    if not is_chief:
        raise NotImplementedError("MonitoredTrainingSession(is_chief=False) needs a distributed master, which "
                                  "jupyter_flow has not; run the chief only.")
    if save_summaries_steps is USE_DEFAULT and save_summaries_secs is USE_DEFAULT:
        save_summaries_steps, save_summaries_secs = 100, None
    else:
        save_summaries_steps = None if save_summaries_steps is USE_DEFAULT else save_summaries_steps
        save_summaries_secs = None if save_summaries_secs is USE_DEFAULT else save_summaries_secs
    if save_checkpoint_secs is USE_DEFAULT and save_checkpoint_steps is USE_DEFAULT:
        save_checkpoint_secs, save_checkpoint_steps = 600, None
    else:
        save_checkpoint_secs = None if save_checkpoint_secs is USE_DEFAULT else save_checkpoint_secs
        save_checkpoint_steps = None if save_checkpoint_steps is USE_DEFAULT else save_checkpoint_steps
    scaffold = scaffold or Scaffold()
    all_hooks = list(chief_only_hooks or [])
    summary_dir = summary_dir or checkpoint_dir
    if summary_dir:
        if log_step_count_steps and log_step_count_steps > 0:
            all_hooks.append(hooks_lib.StepCounterHook(every_n_steps=log_step_count_steps, output_dir=summary_dir))
        if save_summaries_steps or save_summaries_secs:
            all_hooks.append(hooks_lib.SummarySaverHook(scaffold=scaffold, save_steps=save_summaries_steps or None,
                                                        save_secs=save_summaries_secs or None,
                                                        output_dir=summary_dir))
    if checkpoint_dir and (save_checkpoint_secs or save_checkpoint_steps):
        all_hooks.append(hooks_lib.CheckpointSaverHook(checkpoint_dir, save_secs=save_checkpoint_secs or None,
                                                       save_steps=save_checkpoint_steps or None, scaffold=scaffold))
    creator = ChiefSessionCreator(scaffold=scaffold, master=master, config=config, checkpoint_dir=checkpoint_dir)
    return MonitoredSession(creator, all_hooks + list(hooks or []), stop_grace_period_secs)
