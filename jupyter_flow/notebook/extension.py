"""`%load_ext jupyter_flow`: register the magics, open the kernel-wide session, and hook the
cell events; `%unload_ext jupyter_flow` undoes all of it. Loading twice is harmless."""

_MAGICS = "GraphMagics"
_DEBUG_MAGICS = "DebugMagics"  # %flow_debug, %flow_profile (debug_magics.py)
_EVENTS = ("pre_run_cell", "post_run_cell")


def _loaded(ip):
    return ip.magics_manager.registry.get(_MAGICS)


def load_ipython_extension(ip):
    """Register %%graph, %graph_reset, %flow_autoreset, %show_graph, %flowboard and
    %tensorflow_alias (opt-in: `import tensorflow` gives jupyter_flow), and open an
    InteractiveSession on the default graph.

    >>> %load_ext jupyter_flow
    >>> x = tf.constant(3); x.eval()   # 3, no `with tf.Session()` needed
    """
    if _loaded(ip) is not None:
        return
    from .magics import GraphMagics
    magics = GraphMagics(ip)
    ip.register_magics(magics)
    for event in _EVENTS:
        ip.events.register(event, getattr(magics, event))
    from .debug_magics import DebugMagics
    debug = DebugMagics(ip)
    ip.register_magics(debug)
    for event in _EVENTS:
        ip.events.register(event, getattr(debug, event))
    from .flowboard_magic import flowboard_magic
    ip.register_magic_function(flowboard_magic, magic_kind="line", magic_name="flowboard")
    from .tensorflow_alias_magic import tensorflow_alias_magic
    ip.register_magic_function(tensorflow_alias_magic, magic_kind="line", magic_name="tensorflow_alias")
    from .tracebacks import install
    install(ip)  # tracebacks end at the learner's line


def unload_ipython_extension(ip):
    """Close the kernel session and remove the magics and event hooks.

    >>> %unload_ext jupyter_flow
    """
    magics = _loaded(ip)
    if magics is None:
        return
    manager = ip.magics_manager
    for key in (_MAGICS, _DEBUG_MAGICS):
        instance = manager.registry.pop(key, None)
        if instance is None:
            continue
        for event in _EVENTS:
            callback = getattr(instance, event)
            if callback in ip.events.callbacks[event]:
                ip.events.unregister(event, callback)
        for kind, table in manager.magics.items():
            for name, func in list(table.items()):
                if getattr(func, "__self__", None) is instance:
                    del table[name]
        instance.close()
    undo = getattr(ip.InteractiveTB, "_jupyter_flow_undo", None)
    if undo is not None:
        undo()
