"""tf.contrib.training.HParams: TF 1.15's parsing, type rules and error messages."""
import json

import pytest

import jupyter_flow as tf

HParams = tf.contrib.training.HParams


def test_values_are_attributes_and_parse_overrides_them_by_type():
    hp = HParams(learning_rate=0.1, num_hidden=100, activation="relu", layers=[64, 32], use_bn=False)
    assert (hp.learning_rate, hp.num_hidden, hp.activation, hp.layers) == (0.1, 100, "relu", [64, 32])
    assert hp.parse("learning_rate=0.3,num_hidden=7, activation=tanh,layers=[128 64],use_bn=true") is hp
    assert hp.values() == {"learning_rate": 0.3, "num_hidden": 7, "activation": "tanh", "layers": [128, 64],
                           "use_bn": True}
    hp.parse("use_bn=0,learning_rate=2")  # an int parses as a float hparam; bools also take 0/1
    assert (hp.use_bn, hp.learning_rate) == (False, 2.0) and isinstance(hp.learning_rate, float)


def test_parse_errors_name_the_hparam():
    hp = HParams(num_hidden=100, layers=[64, 32])
    with pytest.raises(ValueError, match="^Unknown hyperparameter type for depth$"):
        hp.parse("depth=3")
    with pytest.raises(ValueError, match="^Could not parse hparam 'num_hidden' of type 'int' with value '1.5' in "
                                         "num_hidden=1.5$"):
        hp.parse("num_hidden=1.5")
    with pytest.raises(ValueError, match="^Multiple assignments to variable 'num_hidden' in num_hidden=1,num_hidden=2$"):
        hp.parse("num_hidden=1,num_hidden=2")
    with pytest.raises(ValueError, match="^Malformed hyperparameter value: 3=x$"):
        hp.parse("3=x")
    with pytest.raises(ValueError, match="^Must not pass a list for single-valued parameter: num_hidden$"):
        hp.parse("num_hidden=[1,2]")
    with pytest.raises(ValueError, match=r"^Must pass a list for multi-valued parameter: layers\.$"):
        hp.parse("layers=5")


def test_parse_values_returns_scalars_lists_and_indexed_entries():
    parse_values = tf.contrib.training.parse_values
    assert parse_values("x=5,L=[1,2],arr[1]=3", {"x": int, "L": int, "arr": int}) == {"x": 5, "L": [1, 2],
                                                                                     "arr": {1: 3}}
    assert parse_values("x=5,y=2", {"x": int}, ignore_unknown=True) == {"x": 5}
    with pytest.raises(ValueError, match="^Assignment of a list to a list index.$"):
        parse_values("arr[1]=[1,2]", {"arr": int})


def test_set_hparam_casts_and_refuses_what_tf1_refuses():
    hp = HParams(rate=0.5, steps=10, name="net", flag=True)
    hp.set_hparam("rate", 1)
    assert hp.rate == 1.0 and isinstance(hp.rate, float)
    with pytest.raises(ValueError, match="^Could not cast hparam 'steps' of type '<class 'int'>' from value 2.5$"):
        hp.set_hparam("steps", 2.5)
    with pytest.raises(ValueError, match="from value 3"):
        hp.set_hparam("name", 3)
    with pytest.raises(ValueError, match="from value 1"):
        hp.set_hparam("flag", 1)
    with pytest.raises(KeyError):
        hp.set_hparam("missing", 1)
    with pytest.raises(KeyError):
        hp.override_from_dict({"missing": 1})


def test_add_del_get_contains():
    hp = HParams(a=1)
    hp.add_hparam("b", [1.0, 2.0])
    with pytest.raises(ValueError, match="^Hyperparameter name is reserved: b$"):
        hp.add_hparam("b", 3)
    with pytest.raises(ValueError, match="^Hyperparameter name is reserved: parse$"):
        hp.add_hparam("parse", 3)
    with pytest.raises(ValueError, match="^Multi-valued hyperparameters cannot be empty: c$"):
        hp.add_hparam("c", [])
    assert "b" in hp and "c" not in hp
    assert (hp.get("a"), hp.get("zz", 7)) == (1, 7)
    with pytest.raises(ValueError, match="^Hparam 'a' of type '<class 'int'>' is incompatible with default=x"):
        hp.get("a", "x")
    hp.del_hparam("a")
    hp.del_hparam("never_there")
    assert hp.values() == {"b": [1.0, 2.0]}


def test_json_round_trip_and_str_repr():
    hp = HParams(learning_rate=0.1, layers=[64, 32], activation="relu")
    assert hp.to_json() == '{"learning_rate": 0.1, "layers": [64, 32], "activation": "relu"}'
    assert hp.to_json(sort_keys=True) == '{"activation": "relu", "layers": [64, 32], "learning_rate": 0.1}'
    hp.parse_json(json.dumps({"learning_rate": 0.5, "layers": [8]}))
    assert (hp.learning_rate, hp.layers) == (0.5, [8])
    assert str(hp) == "learning_rate=0.5,layers=[8],activation=relu"
    assert repr(hp) == "HParams([('activation', 'relu'), ('layers', [8]), ('learning_rate', 0.5)])"
