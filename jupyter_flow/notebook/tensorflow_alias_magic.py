"""`%tensorflow_alias on|off [--force]`: the notebook switch for jupyter_flow.install_as_tensorflow,
so an old TF1 notebook's `import tensorflow as tf` runs on jupyter_flow without an edit.

>>> %load_ext jupyter_flow
>>> %tensorflow_alias on
"""
from ..tensorflow_alias import install_as_tensorflow, tensorflow_alias_is_on, uninstall_tensorflow_alias

USAGE = "usage: %tensorflow_alias on [--force] | off | status"


def tensorflow_alias_magic(line):
    """Turn the `import tensorflow` alias on or off (--force shadows an installed TensorFlow).

    >>> %tensorflow_alias on
    >>> import tensorflow as tf   # jupyter_flow
    """
    words = line.split()
    if not words or words[0] not in ("on", "off", "status") or any(w != "--force" for w in words[1:]):
        raise ValueError(USAGE)
    if words[0] == "on":
        on = install_as_tensorflow(force="--force" in words[1:])
        print("import tensorflow now gives jupyter_flow" if on else
              "a real TensorFlow is installed and stays; use %tensorflow_alias on --force to shadow it")
    elif words[0] == "off":
        uninstall_tensorflow_alias()
        print("import tensorflow finds what is installed again")
    else:
        print("on" if tensorflow_alias_is_on() else "off")
