"""RunConfig: where an Estimator keeps its checkpoints and how often it saves them and summaries
(TF1's defaults: a summary every 100 steps, a checkpoint every 600 s, the 5 latest kept)."""

_DEFAULT_CHECKPOINT_SECS = 600


class RunConfig:
    """>>> config = tf.estimator.RunConfig(model_dir="/tmp/dnn", save_checkpoints_steps=500, tf_random_seed=42)
    >>> dnn = tf.estimator.DNNClassifier([300, 100], feature_columns, n_classes=10, config=config)
    """

    def __init__(self, model_dir=None, tf_random_seed=None, save_summary_steps=100, save_checkpoints_steps=None,
                 save_checkpoints_secs=None, session_config=None, keep_checkpoint_max=5,
                 keep_checkpoint_every_n_hours=10000, log_step_count_steps=100, train_distribute=None,
                 device_fn=None, protocol=None, eval_distribute=None, experimental_distribute=None,
                 experimental_max_worker_delay_secs=None, session_creation_timeout_secs=7200):
        if save_checkpoints_steps is not None and save_checkpoints_secs is not None:
            raise ValueError("Can not specify both save_checkpoints_steps and save_checkpoints_secs; pick one.")
        if save_checkpoints_steps is None and save_checkpoints_secs is None:
            save_checkpoints_secs = _DEFAULT_CHECKPOINT_SECS
        for what, value in (("save_summary_steps", save_summary_steps), ("log_step_count_steps", log_step_count_steps),
                            ("keep_checkpoint_max", keep_checkpoint_max)):
            if value is not None and value < 0:
                raise ValueError(f"{what} should be >= 0, given {value}")
        for what, value in (("save_checkpoints_steps", save_checkpoints_steps),
                            ("save_checkpoints_secs", save_checkpoints_secs)):
            if value is not None and value < 0:
                raise ValueError(f"{what} should be >= 0, given {value}")
        if train_distribute is not None or eval_distribute is not None or device_fn is not None:
            raise NotImplementedError("RunConfig: distribution strategies and device_fn are not supported; "
                                      "jupyter_flow trains in this process.")
        self._model_dir = model_dir
        self._tf_random_seed = tf_random_seed
        self._save_summary_steps = save_summary_steps
        self._save_checkpoints_steps = save_checkpoints_steps
        self._save_checkpoints_secs = save_checkpoints_secs
        self._session_config = session_config
        self._keep_checkpoint_max = keep_checkpoint_max
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._log_step_count_steps = log_step_count_steps

    model_dir = property(lambda self: self._model_dir)
    tf_random_seed = property(lambda self: self._tf_random_seed)
    save_summary_steps = property(lambda self: self._save_summary_steps)
    save_checkpoints_steps = property(lambda self: self._save_checkpoints_steps)
    save_checkpoints_secs = property(lambda self: self._save_checkpoints_secs)
    session_config = property(lambda self: self._session_config)
    keep_checkpoint_max = property(lambda self: self._keep_checkpoint_max)
    keep_checkpoint_every_n_hours = property(lambda self: self._keep_checkpoint_every_n_hours)
    log_step_count_steps = property(lambda self: self._log_step_count_steps)
    num_ps_replicas = 0
    num_worker_replicas = 1
    is_chief = True
    task_type = "worker"
    task_id = 0

    def replace(self, **kwargs):
        """A copy with some settings changed (TF1's RunConfig.replace).

        >>> config = config.replace(save_summary_steps=10)
        """
        names = ("model_dir", "tf_random_seed", "save_summary_steps", "save_checkpoints_steps",
                 "save_checkpoints_secs", "session_config", "keep_checkpoint_max", "keep_checkpoint_every_n_hours",
                 "log_step_count_steps")
        unknown = set(kwargs) - set(names)
        if unknown:
            raise ValueError(f"RunConfig.replace: {sorted(unknown)} cannot be replaced; it takes {list(names)}")
        settings = {n: getattr(self, n) for n in names}
        if "save_checkpoints_steps" in kwargs and kwargs["save_checkpoints_steps"] is not None:
            settings["save_checkpoints_secs"] = None
        if "save_checkpoints_secs" in kwargs and kwargs["save_checkpoints_secs"] is not None:
            settings["save_checkpoints_steps"] = None
        settings.update(kwargs)
        return RunConfig(**settings)

    def __repr__(self):
        return (f"RunConfig(model_dir={self._model_dir!r}, tf_random_seed={self._tf_random_seed}, "
                f"save_summary_steps={self._save_summary_steps}, save_checkpoints_steps={self._save_checkpoints_steps}, "
                f"save_checkpoints_secs={self._save_checkpoints_secs}, keep_checkpoint_max={self._keep_checkpoint_max}, "
                f"log_step_count_steps={self._log_step_count_steps})")
