"""tf.train.CheckpointSaverListener: code run around each checkpoint a training loop saves (e.g.
evaluate or export the model just written). Estimator.train(saving_listeners=[...]) calls them.

>>> class ExportListener(tf.train.CheckpointSaverListener):
...     def after_save(self, session, global_step_value): print("saved", global_step_value)
"""


class CheckpointSaverListener:
    """begin() before the session exists; before_save/after_save(session, global_step_value) around
    every save (after_save returning True asks training to stop); end(session, global_step_value)
    after the last save."""

    def begin(self):
        pass

    def before_save(self, session, global_step_value):
        pass

    def after_save(self, session, global_step_value):
        pass

    def end(self, session, global_step_value):
        pass
