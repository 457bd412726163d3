"""The session-run hook protocol of TF1's MonitoredSession: SessionRunHook, SessionRunArgs,
SessionRunContext, SessionRunValues, and SecondOrStepTimer (when a hook is due)."""
import collections
import time


class SessionRunArgs(collections.namedtuple("SessionRunArgs", ["fetches", "feed_dict", "options"])):
    """What a hook adds to the next run: fetches (any structure), feeds and RunOptions.

    >>> return tf.train.SessionRunArgs(global_step)   # in a hook's before_run
    """

    def __new__(cls, fetches, feed_dict=None, options=None):
        return super().__new__(cls, fetches, feed_dict, options)


class SessionRunValues(collections.namedtuple("SessionRunValues", ["results", "options", "run_metadata"])):
    """The values of a hook's fetches from the run that just ended (results)."""


class SessionRunContext:
    """What the caller asked to run, the session, and a way to stop training (request_stop)."""

    def __init__(self, original_args, session):
        self._original_args = original_args
        self._session = session
        self._stop_requested = False

    @property
    def original_args(self):
        return self._original_args

    @property
    def session(self):
        return self._session

    @property
    def stop_requested(self):
        return self._stop_requested

    def request_stop(self):
        """Make MonitoredSession.should_stop() true after this run."""
        self._stop_requested = True


class SessionRunHook:
    """Called around a MonitoredSession's runs; override what you need.

    >>> class PrintLoss(tf.train.SessionRunHook):
    ...     def before_run(self, run_context): return tf.train.SessionRunArgs(loss)
    """

    def begin(self):
        """Called once before the session is created; the graph may still change here."""

    def after_create_session(self, session, coord):
        """Called once the session is created and the variables initialized or restored."""

    def before_run(self, run_context):
        """Return a SessionRunArgs to add fetches/feeds to the coming run, or None."""
        return None

    def after_run(self, run_context, run_values):
        """Called after each run with the values of this hook's fetches."""

    def end(self, session):
        """Called once at the end of a session that was not ended by an exception."""


class SecondOrStepTimer:
    """Triggers each time every_secs seconds or every_steps steps have passed (exactly one of them).

    >>> timer = tf.train.SecondOrStepTimer(every_steps=100)
    """

    def __init__(self, every_secs=None, every_steps=None):
        if (every_secs is None) == (every_steps is None):
            raise ValueError("exactly one of every_secs and every_steps should be provided.")
        self._every_secs, self._every_steps = every_secs, every_steps
        self.reset()

    def reset(self):
        self._last_time, self._last_step = None, None

    def should_trigger_for_step(self, step):
        if self._last_step is None:
            return True
        if self._last_step == step:
            return False
        if self._every_secs is not None:
            return time.time() >= self._last_time + self._every_secs
        return step >= self._last_step + self._every_steps

    def update_last_triggered_step(self, step):
        """(seconds, steps) since the last trigger (None, None the first time); marks `step`."""
        now = time.time()
        elapsed = (None, None) if self._last_time is None else (now - self._last_time, step - self._last_step)
        self._last_time, self._last_step = now, step
        return elapsed

    def last_triggered_step(self):
        return self._last_step
