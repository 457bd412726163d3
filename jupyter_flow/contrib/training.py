"""tf.contrib.training.HParams: named hyperparameters with types fixed at creation, overridden
from a "name=value,..." string (a command-line flag), a dict or JSON (TF 1.15's semantics).

>>> hparams = tf.contrib.training.HParams(learning_rate=0.1, layers=[64, 32], activation="relu")
>>> hparams.parse("learning_rate=0.3,layers=[128,64]").learning_rate
0.3
"""
import json
import numbers
import re

from .train_op import add_gradients_summaries, create_train_op  # noqa: F401 - tf.contrib.training's too

# name, an optional [index], '=', then one value or a bracketed list; then the end or a comma.
_ASSIGNMENT = re.compile(r"""
    (?P<name>[a-zA-Z][\w.]*)
    (\[\s*(?P<index>\d+)\s*\])?
    \s*=\s*
    ((?P<val>[^,\[]*) | \[(?P<vals>[^\]]*)\])
    ($|,\s*)""", re.VERBOSE)


def _parse_fail(name, var_type, value, values):
    raise ValueError(f"Could not parse hparam '{name}' of type '{var_type.__name__}' with value '{value}' in {values}")


def _reuse_fail(name, values):
    raise ValueError(f"Multiple assignments to variable '{name}' in {values}")


def _bool_parser(name, values):
    def parse(text):
        if text in ("true", "True"):
            return True
        if text in ("false", "False"):
            return False
        try:
            return bool(int(text))
        except ValueError:
            _parse_fail(name, bool, text, values)
    return parse


def parse_values(values, type_map, ignore_unknown=False):
    """{name: value} from "name=value,..." (a list as [a,b], one element as name[i]=v, giving
    {name: {i: v}}); each value parsed with type_map[name]. ValueError for malformed input,
    an unknown name (unless ignore_unknown) or a name assigned twice.

    >>> parse_values("x=5,L=[1,2],arr[1]=3", {"x": int, "L": int, "arr": int})
    {'x': 5, 'L': [1, 2], 'arr': {1: 3}}
    """
    results = {}
    pos = 0
    while pos < len(values):
        m = _ASSIGNMENT.match(values, pos)
        if not m:
            raise ValueError(f"Malformed hyperparameter value: {values[pos:]}")
        pos = m.end()
        name, index, val, vals = m.group("name", "index", "val", "vals")
        if name not in type_map:
            if ignore_unknown:
                continue
            raise ValueError(f"Unknown hyperparameter type for {name}")
        type_ = type_map[name]
        parse = _bool_parser(name, values) if type_ is bool else type_
        if val is not None:
            try:
                parsed = parse(val)
            except ValueError:
                _parse_fail(name, type_, val, values)
            if index is None:
                if name in results:
                    _reuse_fail(name, values)
                results[name] = parsed
            else:
                if name in results and not isinstance(results[name], dict):
                    _reuse_fail(name, values)
                entries = results.setdefault(name, {})
                if int(index) in entries:
                    _reuse_fail(f"{name}[{int(index)}]", values)
                entries[int(index)] = parsed
        elif vals is not None:
            if index is not None:
                raise ValueError("Assignment of a list to a list index.")
            if name in results:
                _reuse_fail(name, values)
            try:
                results[name] = [parse(e) for e in re.split("[ ,]", vals) if e]
            except ValueError:
                _parse_fail(name, type_, vals, values)
        else:
            _parse_fail(name, type_, "", values)
    return results


def _cast_to_type_if_compatible(name, param_type, value):
    """value as param_type, refusing what TF1 refuses: str <-> number, bool <-> non-bool, float -> int."""
    fail = f"Could not cast hparam '{name}' of type '{param_type}' from value {value!r}"
    if type(value) is param_type or issubclass(param_type, type(None)):
        return value
    if issubclass(param_type, (str, bytes)) and not isinstance(value, (str, bytes)):
        raise ValueError(fail)
    if issubclass(param_type, bool) != isinstance(value, bool):
        raise ValueError(fail)
    if issubclass(param_type, numbers.Integral) and not isinstance(value, numbers.Integral):
        raise ValueError(fail)
    if issubclass(param_type, numbers.Number) and not isinstance(value, numbers.Number):
        raise ValueError(fail)
    return param_type(value)


class HParams:
    """Hyperparameters as attributes; each one's type (or element type, for a list) is that of
    its first value, and later values must fit it.

    >>> hparams = HParams(batch_size=32, optimizer="adam")
    >>> hparams.override_from_dict({"batch_size": 64}).values()
    {'batch_size': 64, 'optimizer': 'adam'}
    """

    _HAS_DYNAMIC_ATTRIBUTES = True

    def __init__(self, hparam_def=None, model_structure=None, **kwargs):
        self._hparam_types = {}
        self._model_structure = model_structure
        if hparam_def is not None:
            raise NotImplementedError("HParams(hparam_def=...) reads an HParamDef protocol buffer, which "
                                      "jupyter_flow does not have; pass the values as keyword arguments "
                                      "or use parse_json.")
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    def add_hparam(self, name, value):
        """Add a hyperparameter; ValueError if the name is taken (by another one or a method)."""
        if getattr(self, name, None) is not None:
            raise ValueError(f"Hyperparameter name is reserved: {name}")
        if isinstance(value, (list, tuple)):
            if not value:
                raise ValueError(f"Multi-valued hyperparameters cannot be empty: {name}")
            self._hparam_types[name] = (type(value[0]), True)
        else:
            self._hparam_types[name] = (type(value), False)
        setattr(self, name, value)

    def set_hparam(self, name, value):
        """Set an existing hyperparameter (KeyError if unknown), cast to its type (ValueError
        if it does not fit, or for a list given to a scalar one and the reverse)."""
        param_type, is_list = self._hparam_types[name]
        if isinstance(value, list):
            if not is_list:
                raise ValueError(f"Must not pass a list for single-valued parameter: {name}")
            setattr(self, name, [_cast_to_type_if_compatible(name, param_type, v) for v in value])
        else:
            if is_list:
                raise ValueError(f"Must pass a list for multi-valued parameter: {name}.")
            setattr(self, name, _cast_to_type_if_compatible(name, param_type, value))

    def del_hparam(self, name):
        """Remove a hyperparameter; nothing happens if there is none of that name."""
        if hasattr(self, name):
            delattr(self, name)
            del self._hparam_types[name]

    def parse(self, values):
        """Override from "name=value,name=[v1,v2],..." (see parse_values); returns self."""
        type_map = {name: param_type for name, (param_type, _) in self._hparam_types.items()}
        return self.override_from_dict(parse_values(values, type_map))

    def override_from_dict(self, values_dict):
        """set_hparam for each item; returns self."""
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def set_model_structure(self, model_structure):
        self._model_structure = model_structure

    def get_model_structure(self):
        return self._model_structure

    def to_json(self, indent=None, separators=None, sort_keys=False):
        """The values as a JSON object string (json.dumps's options)."""
        return json.dumps(self.values(), indent=indent, separators=separators, sort_keys=sort_keys)

    def parse_json(self, values_json):
        """Override from a JSON object string; returns self."""
        return self.override_from_dict(json.loads(values_json))

    def values(self):
        """{name: value} of every hyperparameter, in the order they were added."""
        return {name: getattr(self, name) for name in self._hparam_types}

    def get(self, key, default=None):
        """The value of key, or default if there is no such hyperparameter; ValueError if
        default does not fit the hyperparameter's type."""
        if key not in self._hparam_types:
            return default
        if default is not None:
            param_type, is_list = self._hparam_types[key]
            type_str = f"list<{param_type}>" if is_list else str(param_type)
            fail = f"Hparam '{key}' of type '{type_str}' is incompatible with default={default}"
            if is_list != isinstance(default, list):
                raise ValueError(fail)
            try:
                for value in (default if is_list else [default]):
                    _cast_to_type_if_compatible(key, param_type, value)
            except ValueError as e:
                raise ValueError(f"{fail}. {e}") from None
        return getattr(self, key)

    def __contains__(self, key):
        return key in self._hparam_types

    def __str__(self):
        return ",".join(f"{name}={value}" for name, value in self.values().items())

    def __repr__(self):
        return f"{type(self).__name__}({sorted(self.values().items())})"
