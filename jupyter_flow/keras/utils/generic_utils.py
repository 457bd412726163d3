"""The name lookups Keras configs rely on: one helper resolving a loss/metric identifier (a name or a callable),
and the one registry mapping a config's class_name to the class (layers, models, custom objects), used by
model_from_json / load_model."""
import contextlib

_CUSTOM_OBJECTS = [{}]


def lookup_function(identifier, table, kind):
    """`identifier` itself if callable, else table[identifier]; a ValueError naming the choices otherwise."""
    if callable(identifier):
        return identifier
    if isinstance(identifier, str) and identifier in table:
        return table[identifier]
    raise ValueError(f"Unknown {kind} function: {identifier!r}; use one of {sorted(table)} or a callable")


@contextlib.contextmanager
def custom_object_scope(*scopes):
    """Inside the block, class names in these dicts resolve to the given classes (a custom layer's name)."""
    merged = dict(_CUSTOM_OBJECTS[-1])
    for scope in scopes:
        merged.update(scope)
    _CUSTOM_OBJECTS.append(merged)
    try:
        yield
    finally:
        _CUSTOM_OBJECTS.pop()


CustomObjectScope = custom_object_scope


def get_custom_objects():
    return _CUSTOM_OBJECTS[0]


def _builtin_classes():
    from .. import layers
    from ..engine.base_layer import Layer
    from ..engine.input_layer import InputLayer
    from ..engine.sequential import Sequential
    from ..engine.training import Model
    found = {name: value for name, value in vars(layers).items()
             if isinstance(value, type) and issubclass(value, Layer)}
    # "Functional" is the class name TF 2 Keras writes for a functional model; TF1 wrote "Model".
    found.update(InputLayer=InputLayer, Model=Model, Functional=Model, Sequential=Sequential)
    return found


def class_for(class_name, custom_objects=None):
    """The class a config's class_name means: custom_objects first, then the custom-object scope, then Keras."""
    for table in (custom_objects or {}, _CUSTOM_OBJECTS[-1], _builtin_classes()):
        if class_name in table:
            return table[class_name]
    raise ValueError(f"Unknown layer: {class_name}. A custom layer must be passed to the loading function in "
                     f"custom_objects={{'{class_name}': {class_name}}} (or registered with custom_object_scope).")
